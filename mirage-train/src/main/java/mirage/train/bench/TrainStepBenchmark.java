package mirage.train.bench;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import java.util.Locale;
import java.util.SplittableRandom;
import mirage.train.AdamW;
import mirage.train.Autograd;
import mirage.train.Gpt;
import mirage.train.TorchEngine;

/**
 * Training steps per second of a fixed transformer in mirage/DJL, for comparison with the same model in
 * PyTorch for Python ({@code bench/python/train_step_torch.py}, identical architecture, optimizer,
 * batch and sequence), through the same code path as {@link mirage.train.TrainingLoop} (forward, loss,
 * backward, global-norm clipping, AdamW). Not a test: a figure for the notes; {@code bench/train_step.sh}
 * alternates both sides.
 *
 * <p>Usage: {@code java -cp ... mirage.train.bench.TrainStepBenchmark [--width 128] [--layers 5]
 * [--heads 4] [--batch 64] [--seq 13] [--vocab 16] [--threads 1] [--warmup 20] [--steps 200]}; or
 * {@code ./mirage train arithmetic --bench-step ...} (hidden option). Prints one line per thread count:
 * parameters, steps/s, ms/step.
 */
public final class TrainStepBenchmark {

    /** What the benchmark measured. */
    public record Figure(long params, int threads, int steps, double seconds) {
        public double stepsPerSecond() {
            return steps / seconds;
        }

        @Override
        public String toString() {
            return String.format(Locale.ROOT, "mirage/DJL  params=%d threads=%d steps=%d  %.2f steps/s  %.1f ms/step",
                    params, threads, steps, stepsPerSecond(), 1000 * seconds / steps);
        }
    }

    private TrainStepBenchmark() {
    }

    public static Figure measure(int width, int layers, int heads, int batch, int seq, int vocab, int threads,
            int warmup, int steps) {
        TorchEngine.setThreads(threads);
        try (NDManager root = TorchEngine.newManager();
                Gpt model = new Gpt(new Gpt.Config(width, layers, heads, vocab, seq), root, 1)) {
            AdamW opt = new AdamW(model.parameters(), 0.9f, 0.95f, 1e-8f, 0.01f);
            SplittableRandom rng = new SplittableRandom(7);
            long t0 = 0;
            for (int i = 0; i < warmup + steps; i++) {
                if (i == warmup) {
                    t0 = System.nanoTime();
                }
                long[] tok = new long[batch * seq];
                long[] tgt = new long[batch * seq];
                for (int j = 0; j < tok.length; j++) {
                    tok[j] = rng.nextInt(vocab);
                    tgt[j] = rng.nextInt(vocab);
                }
                step(root, model, opt, tok, tgt, batch, seq);
            }
            double secs = (System.nanoTime() - t0) / 1e9;
            return new Figure(model.parameters().count(), threads, steps, secs);
        }
    }

    /**
     * One training step on a batch of token ids and targets ({@code batch x seq} each): forward, cross-entropy,
     * backward, global-norm clipping at 1, AdamW at learning rate 1e-3, in a per-step sub-manager. Returns the loss.
     */
    public static float step(NDManager root, Gpt model, AdamW opt, long[] tok, long[] tgt, int batch, int seq) {
        try (NDManager sm = root.newSubManager()) {
            NDArray tokens = sm.create(tok, new Shape(batch, seq));
            NDArray targets = sm.create(tgt, new Shape(batch, seq));
            NDArray w = sm.ones(new Shape(batch, seq));
            NDArray loss;
            try (Autograd g = Autograd.record()) {
                loss = Gpt.loss(model.forward(tokens), targets, w, (long) batch * seq);
                g.backward(loss);
            }
            float l = loss.getFloat();
            float scale = AdamW.clipScale(AdamW.gradientNorm(model.parameters()), 1.0);
            opt.step(model.parameters(), 1e-3f, scale);
            return l;
        }
    }

    public static void main(String[] args) {
        int width = 128, layers = 5, heads = 4, batch = 64, seq = 13, vocab = 16, warmup = 20, steps = 200;
        String threads = "1,2";
        for (int i = 0; i + 1 < args.length; i += 2) {
            String v = args[i + 1];
            switch (args[i]) {
                case "--width" -> width = Integer.parseInt(v);
                case "--layers" -> layers = Integer.parseInt(v);
                case "--heads" -> heads = Integer.parseInt(v);
                case "--batch" -> batch = Integer.parseInt(v);
                case "--seq" -> seq = Integer.parseInt(v);
                case "--vocab" -> vocab = Integer.parseInt(v);
                case "--threads" -> threads = v;
                case "--warmup" -> warmup = Integer.parseInt(v);
                case "--steps" -> steps = Integer.parseInt(v);
                default -> throw new IllegalArgumentException("unknown option " + args[i]);
            }
        }
        System.out.println("engine: " + TorchEngine.describe());
        for (String t : threads.split(",")) {
            System.out.println(measure(width, layers, heads, batch, seq, vocab, Integer.parseInt(t.trim()), warmup, steps));
        }
    }
}

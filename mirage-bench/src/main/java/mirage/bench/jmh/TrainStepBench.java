package mirage.bench.jmh;

import ai.djl.ndarray.NDManager;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import mirage.train.AdamW;
import mirage.train.Gpt;
import mirage.train.bench.TrainStepBenchmark;
import mirage.train.TorchEngine;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * One training step of the fixed ~1M-parameter transformer of mirage's arithmetic family (width 128,
 * 5 layers, 4 heads, vocabulary 16, sequence 13, batch 64: the model of
 * {@code mirage.train.bench.TrainStepBenchmark} and {@code bench/python/train_step_torch.py}): forward,
 * loss, backward, global-norm clipping, AdamW, on DJL's PyTorch engine offline with 1 intra-op thread.
 * The batch is fixed (seeded) so that only the step is timed. ops/s = steps/s.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(value = 1, jvmArgsAppend = {"-Dai.djl.offline=true", "-Dai.djl.pytorch.num_threads=1"})
public class TrainStepBench {
    static final int WIDTH = 128;
    static final int LAYERS = 5;
    static final int HEADS = 4;
    static final int VOCAB = 16;
    static final int SEQ = 13;
    static final int BATCH = 64;

    private NDManager root;
    private Gpt model;
    private AdamW opt;
    private long[] tok;
    private long[] tgt;

    @Setup
    public void setup() {
        TorchEngine.setThreads(1);
        root = TorchEngine.newManager();
        model = new Gpt(new Gpt.Config(WIDTH, LAYERS, HEADS, VOCAB, SEQ), root, 1);
        opt = new AdamW(model.parameters(), 0.9f, 0.95f, 1e-8f, 0.01f);
        SplittableRandom rng = new SplittableRandom(7);
        tok = new long[BATCH * SEQ];
        tgt = new long[BATCH * SEQ];
        for (int j = 0; j < tok.length; j++) {
            tok[j] = rng.nextInt(VOCAB);
            tgt[j] = rng.nextInt(VOCAB);
        }
    }

    @TearDown
    public void tearDown() {
        model.close();
        root.close();
    }

    @Benchmark
    public float step() {
        return TrainStepBenchmark.step(root, model, opt, tok, tgt, BATCH, SEQ);
    }
}

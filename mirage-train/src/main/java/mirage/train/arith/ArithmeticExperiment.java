package mirage.train.arith;

import ai.djl.ndarray.NDManager;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import mirage.core.data.Model;
import mirage.core.data.Sample;
import mirage.core.data.Scale;
import mirage.io.AtomicFile;
import mirage.io.csv.CsvWriter;
import mirage.io.samples.SampleJsonlWriter;
import mirage.train.FamilyRun;
import mirage.train.Gpt;
import mirage.train.LrSchedule;
import mirage.train.ModelScheduler;
import mirage.train.Progress;
import mirage.core.util.Seeds;
import mirage.train.TorchEngine;
import mirage.train.TrainingLoop;

/**
 * The paper's arithmetic experiment on a family trained here: every model of {@link Settings#sizes}
 * is trained on the same stream of {@link ArithmeticData} batches for the same number of steps, then
 * evaluated on the same held-out test sets (one per target length); the per-sample records of all
 * models go to {@code samples.jsonl}, one row per model to {@code models.csv}. Model by model, with
 * checkpoints and resume ({@link FamilyRun}, {@link TrainingLoop}).
 *
 * <p>Recipe, the same for every size apart from the learning rate: AdamW (beta1 0.9, beta2 0.98, eps
 * 1e-8, weight decay 0.01 on matrices), global gradient-norm clip 1.0, batch {@code batchSize}, peak
 * learning rate {@link Settings#fixedLr} for every size when given, else by width
 * ({@link ModelSpec#peakLearningRate()}), times {@link Settings#lrScale}, linear warm-up over 5% of the
 * steps then cosine decay to 10% of the peak.
 */
public final class ArithmeticExperiment {
    public static final float BETA1 = 0.9f;
    public static final float BETA2 = 0.98f;
    public static final float EPS = 1e-8f;
    public static final float WEIGHT_DECAY = 0.01f;
    public static final double CLIP_NORM = 1.0;
    public static final double WARMUP_FRACTION = 0.05;
    public static final double LR_FLOOR = 0.1;
    /** Steps whose mean training loss is the model's {@code final_loss}. */
    public static final int FINAL_LOSS_STEPS = 100;
    /** Version of the data and recipe definition; part of run.json so old runs are not resumed by new code. */
    public static final String RECIPE_VERSION = "arith-1";

    /**
     * @param task the task
     * @param family the family name written in outputs
     * @param sizes the models, in the order they are trained
     * @param steps optimizer steps per model
     * @param batchSize problems per step
     * @param testItems test problems per target length (fewer where fewer held-out problems exist)
     * @param seed root seed of data, split, test sets and initial weights
     * @param checkpointEvery steps between in-model checkpoints
     * @param evalBatch problems per evaluation batch
     * @param threads intra-op threads (0: by model size, {@link TorchEngine#threadsFor})
     * @param lrScale factor on every model's peak learning rate
     * @param fixedLr the peak learning rate of every size (before {@code lrScale}); NaN: by width,
     *     {@link ModelSpec#peakLearningRate()}
     * @param padded operands zero-padded to the task's width in prompts ({@link Problem})
     */
    public record Settings(ArithmeticTask task, String family, List<ModelSpec> sizes, long steps, int batchSize,
            int testItems, long seed, long checkpointEvery, int evalBatch, int threads, double lrScale, double fixedLr,
            boolean padded) {
        public Settings {
            sizes = List.copyOf(sizes);
            if (sizes.isEmpty()) {
                throw new IllegalArgumentException("no model sizes");
            }
            if (steps < 1 || batchSize < 1 || testItems < 1 || evalBatch < 1 || threads < 0) {
                throw new IllegalArgumentException("steps, batch size, test items and eval batch must be positive");
            }
            if (!(lrScale > 0) || lrScale > 100) {
                throw new IllegalArgumentException("--lr-scale must be in (0, 100], got " + lrScale);
            }
            if (!Double.isNaN(fixedLr) && !(fixedLr > 0 && fixedLr <= 0.1)) {
                throw new IllegalArgumentException("--lr must be in (0, 0.1], got " + fixedLr);
            }
            java.util.Set<String> names = new java.util.HashSet<>();
            for (ModelSpec m : sizes) {
                if (!names.add(m.name())) {
                    throw new IllegalArgumentException("--sizes lists " + m.spec() + " twice");
                }
            }
        }

        public int threadsFor(ModelSpec m) {
            return threads > 0 ? threads : TorchEngine.threadsFor(m.config(task).params());
        }

        public double peakLr(ModelSpec m) {
            return (Double.isNaN(fixedLr) ? m.peakLearningRate() : fixedLr) * lrScale;
        }

        public long warmup() {
            return Math.round(steps * WARMUP_FRACTION);
        }

        /** Everything that determines the results (run.json). */
        public Map<String, Object> definition() {
            Map<String, Object> d = new LinkedHashMap<>();
            d.put("experiment", "arithmetic");
            d.put("recipe_version", RECIPE_VERSION);
            d.put("task", task.taskName());
            d.put("format", padded ? "padded" : "plain");
            d.put("family", family);
            List<Map<String, Object>> ms = new ArrayList<>();
            for (ModelSpec m : sizes) {
                Map<String, Object> e = new LinkedHashMap<>();
                e.put("name", m.name());
                e.put("width", m.width());
                e.put("layers", m.layers());
                e.put("heads", m.heads());
                e.put("peak_lr", peakLr(m));
                e.put("threads", threadsFor(m));
                ms.add(e);
            }
            d.put("models", ms);
            if (!Double.isNaN(fixedLr)) {
                d.put("lr_rule", "the same peak for every size"); // absent: by width (runs of earlier versions resume)
            }
            d.put("steps", steps);
            d.put("batch_size", batchSize);
            d.put("test_items", testItems);
            d.put("seed", seed);
            d.put("holdout", ArithmeticData.HOLDOUT);
            d.put("optimizer", Map.of("beta1", BETA1, "beta2", BETA2, "eps", EPS, "weight_decay", WEIGHT_DECAY,
                    "clip_norm", CLIP_NORM, "warmup", warmup(), "lr_floor", LR_FLOOR));
            d.put("eval_batch", evalBatch);
            return d;
        }
    }

    /** One trained and evaluated model (a row of models.csv plus timings). */
    public record ModelResult(String name, ModelSpec spec, long params, long nonEmbeddingParams, long tokens, double flops,
            long steps, double peakLr, double finalLoss, int threads, double trainSeconds, double evalSeconds,
            boolean fromEarlierRun) {

        Map<String, Object> toMap() {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("name", name);
            m.put("spec", spec.spec());
            m.put("params", params);
            m.put("non_embedding_params", nonEmbeddingParams);
            m.put("tokens", tokens);
            m.put("flops", flops);
            m.put("steps", steps);
            m.put("peak_lr", peakLr);
            m.put("final_loss", finalLoss);
            m.put("threads", threads);
            m.put("train_seconds", trainSeconds);
            m.put("eval_seconds", evalSeconds);
            return m;
        }

        static ModelResult fromMap(Map<String, Object> m, ModelSpec spec) {
            return new ModelResult((String) m.get("name"), spec, num(m, "params").longValue(),
                    num(m, "non_embedding_params").longValue(), num(m, "tokens").longValue(), num(m, "flops").doubleValue(),
                    num(m, "steps").longValue(), num(m, "peak_lr").doubleValue(), num(m, "final_loss").doubleValue(),
                    num(m, "threads").intValue(), num(m, "train_seconds").doubleValue(),
                    num(m, "eval_seconds").doubleValue(), true);
        }

        private static Number num(Map<String, Object> m, String k) {
            return (Number) m.get(k);
        }
    }

    /**
     * What a run produced.
     *
     * @param models one result per model, in training order
     * @param testItems test items per target length (index 0 = length 1)
     */
    public record Outcome(List<ModelResult> models, int[] testItems, Path samples, Path modelsCsv) {
    }

    private ArithmeticExperiment() {
    }

    /**
     * Trains and evaluates the family into {@code out}.
     *
     * @param parallel models trained at the same time ({@link ModelScheduler}); results do not depend on it
     * @param hook called after every training step of every model (tests simulate kills with it); may be null
     */
    public static Outcome run(Settings s, Path out, boolean resume, int parallel, Progress progress, PrintWriter log,
            TrainingLoop.Listener hook) throws IOException {
        TorchEngine.get();
        FamilyRun run = FamilyRun.open(out, s.definition(), resume);
        if (run.resumed()) {
            log.println("resuming the run in " + out);
        }
        ArithmeticData data = new ArithmeticData(s.task(), s.seed(), s.padded());
        ArithmeticTask task = s.task();
        List<Problem> test = new ArrayList<>();
        int[] counts = new int[task.maxTargetLength()];
        for (int len = 1; len <= task.maxTargetLength(); len++) {
            List<Problem> t = data.testSet(len, s.testItems());
            counts[len - 1] = t.size();
            test.addAll(t);
        }
        log.println("test items per target length 1.." + task.maxTargetLength() + ": " + java.util.Arrays.toString(counts)
                + (java.util.Arrays.stream(counts).anyMatch(c -> c < s.testItems())
                        ? " (fewer than " + s.testItems() + " where fewer held-out problems of that length exist)" : ""));
        log.flush();
        List<ModelScheduler.Job<ModelResult>> jobs = new ArrayList<>();
        Progress shown = parallel > 1 ? progress.forConcurrentTasks("training " + s.sizes().size() + " models",
                s.steps() * s.sizes().size(), "steps") : progress;
        for (int i = 0; i < s.sizes().size(); i++) {
            ModelSpec spec = s.sizes().get(i);
            String name = spec.name();
            int index = i;
            Map<String, Object> done = run.finished(name);
            jobs.add(new ModelScheduler.Job<>() {
                @Override
                public int threads() {
                    return s.threadsFor(spec);
                }

                @Override
                public double cost() {
                    return done != null ? 0 : spec.config(s.task()).flopsPerToken();
                }

                @Override
                public ModelResult run() throws IOException {
                    if (done != null) {
                        log.printf(Locale.ROOT, "[%d/%d] %s: finished in an earlier run%n", index + 1, s.sizes().size(), name);
                        log.flush();
                        return ModelResult.fromMap(done, spec);
                    }
                    ModelResult r = trainAndEvaluate(s, data, test, spec, run, shown, log, hook, index);
                    run.finish(name, r.toMap());
                    return r;
                }
            });
        }
        List<ModelResult> results;
        try {
            results = ModelScheduler.run(jobs, parallel);
        } finally {
            shown.finish();
        }
        Path samples = out.resolve("samples.jsonl");
        List<String> names = s.sizes().stream().map(ModelSpec::name).toList();
        boolean partsPresent = names.stream().allMatch(n -> Files.exists(run.samples(n)));
        if (partsPresent) {
            run.mergeSamples(names, samples);
            for (String n : names) {
                Files.deleteIfExists(run.samples(n));
            }
        } else if (!Files.exists(samples)) {
            throw new IOException("per-model samples are missing from " + out.resolve("work")
                    + " and there is no samples.jsonl; rerun without --resume");
        }
        Path csv = out.resolve("models.csv");
        writeModelsCsv(csv, s, results);
        return new Outcome(results, counts, samples, csv);
    }

    private static ModelResult trainAndEvaluate(Settings s, ArithmeticData data, List<Problem> test, ModelSpec spec,
            FamilyRun run, Progress progress, PrintWriter log, TrainingLoop.Listener hook, int index) throws IOException {
        String name = spec.name();
        int threads = s.threadsFor(spec);
        Gpt.Config cfg = spec.config(s.task());
        String tag = String.format(Locale.ROOT, "[%d/%d] %s", index + 1, s.sizes().size(), name);
        log.printf(Locale.ROOT, "%s: %,d parameters (%,d non-embedding), width %d, %d layers, %d heads, peak lr %.2e, %d thread%s%n",
                tag, cfg.params(), cfg.nonEmbeddingParams(), spec.width(), spec.layers(), spec.heads(),
                s.peakLr(spec), threads, threads == 1 ? "" : "s");
        log.flush();
        try (NDManager root = TorchEngine.newManager();
                Gpt model = new Gpt(cfg, root, Seeds.derive(s.seed(), "init/" + name, 0))) {
            long tokens;
            double finalLoss;
            double trainSeconds;
            FamilyRun.Trained earlier = run.loadTrained(name, model.parameters(), "tokens");
            if (earlier != null) {
                tokens = earlier.units();
                finalLoss = earlier.finalLoss();
                trainSeconds = earlier.trainSeconds();
                log.println(tag + ": trained in an earlier run; evaluating");
            } else {
                Map<String, Object> fp = new LinkedHashMap<>(s.definition());
                fp.put("model", name);
                TrainingLoop.Settings ts = new TrainingLoop.Settings(name + " train", s.steps(),
                        new LrSchedule(s.peakLr(spec), s.warmup(), s.steps(), LR_FLOOR), BETA1, BETA2, EPS,
                        WEIGHT_DECAY, CLIP_NORM, s.checkpointEvery(), run.checkpoint(name), fp);
                TrainingLoop.Result tr = TrainingLoop.run(new ArithmeticTrainable(model, data, s.batchSize()), ts, root,
                        progress, hook);
                tokens = tr.units();
                finalLoss = tr.finalLoss(FINAL_LOSS_STEPS);
                trainSeconds = tr.trainSeconds();
                run.writeTrained(name, model.parameters(), s.steps(), "tokens", new FamilyRun.Trained(tokens, finalLoss, trainSeconds),
                        Map.of("config", Map.of("width", spec.width(), "layers", spec.layers(), "heads", spec.heads(),
                                "vocab", cfg.vocab(), "context", cfg.context())));
                if (tr.resumedFrom() > 0) {
                    log.printf(Locale.ROOT, "%s: resumed at step %d%n", tag, tr.resumedFrom());
                }
            }
            double flops = cfg.flopsPerToken() * tokens;
            long e0 = System.nanoTime();
            List<ArithmeticEvaluator.Answer> answers;
            try (Progress.Task t = progress.start(name + " eval", test.size(), "items", 0)) {
                answers = ArithmeticEvaluator.evaluate(model, root, test, s.evalBatch(), t);
            }
            double evalSeconds = (System.nanoTime() - e0) / 1e9;
            Model m = new Model(s.family(), name, new Scale(cfg.params(), cfg.nonEmbeddingParams(), tokens, flops, s.steps()));
            AtomicFile.writeText(run.samples(name), w -> {
                SampleJsonlWriter sw = new SampleJsonlWriter(w);
                for (ArithmeticEvaluator.Answer a : answers) {
                    sw.write(sample(m, s.task(), a));
                }
                sw.flush();
            });
            long exact = answers.stream().filter(ArithmeticEvaluator.Answer::exact).count();
            log.printf(Locale.ROOT, "%s: trained %.1f s (%.1f steps/s), final loss %.4f; evaluated %d items in %.1f s, exact match %.4f%n",
                    tag, trainSeconds, s.steps() / trainSeconds, finalLoss, answers.size(), evalSeconds,
                    (double) exact / answers.size());
            log.flush();
            return new ModelResult(name, spec, cfg.params(), cfg.nonEmbeddingParams(), tokens, flops, s.steps(),
                    s.peakLr(spec), finalLoss, threads, trainSeconds, evalSeconds, false);
        }
    }

    /** The per-sample record of one answer. */
    static Sample sample(Model m, ArithmeticTask task, ArithmeticEvaluator.Answer a) {
        Problem p = a.problem();
        return Sample.builder(m, task.taskName(), p.id())
                .prompt(p.prompt())
                .target(p.answer())
                .output(a.output())
                .targetTokens(CharVocab.split(p.answer()))
                .outputTokens(CharVocab.split(a.output()))
                .targetLogProbs(a.targetLogProbs())
                .label("target_length", Integer.toString(p.targetLength()))
                .build();
    }

    /** models.csv: one row per model (columns in docs/FORMATS.md). */
    static void writeModelsCsv(Path csv, Settings s, List<ModelResult> results) throws IOException {
        AtomicFile.writeText(csv, w -> {
            CsvWriter c = new CsvWriter(w);
            c.row("family", "model", "task", "params", "non_embedding_params", "tokens", "flops", "steps", "batch_size",
                    "width", "layers", "heads", "peak_lr", "final_loss", "threads");
            for (ModelResult r : results) {
                c.row(s.family(), r.name(), s.task().taskName(), CsvWriter.number(r.params()),
                        CsvWriter.number(r.nonEmbeddingParams()), CsvWriter.number(r.tokens()), CsvWriter.number(r.flops()),
                        CsvWriter.number(r.steps()), CsvWriter.number(s.batchSize()), CsvWriter.number(r.spec().width()),
                        CsvWriter.number(r.spec().layers()), CsvWriter.number(r.spec().heads()), CsvWriter.number(r.peakLr()),
                        CsvWriter.number(r.finalLoss()), CsvWriter.number(r.threads()));
            }
        });
    }
}

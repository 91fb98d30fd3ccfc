package mirage.train.vision;

import ai.djl.ndarray.NDManager;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import mirage.core.data.Choice;
import mirage.core.data.Model;
import mirage.core.data.Sample;
import mirage.core.data.Scale;
import mirage.core.metric.Metric;
import mirage.core.metric.Metrics;
import mirage.core.metric.Scorer;
import mirage.io.AtomicFile;
import mirage.io.csv.CsvWriter;
import mirage.io.csv.LongCsv;
import mirage.io.samples.SampleJsonlReader;
import mirage.io.samples.SampleJsonlWriter;
import mirage.io.provenance.Provenance;
import mirage.train.FamilyRun;
import mirage.train.LrSchedule;
import mirage.train.ModelScheduler;
import mirage.train.Progress;
import mirage.core.util.Seeds;
import mirage.train.TorchEngine;
import mirage.train.TrainingLoop;

/**
 * Trains a vision model family ({@code mirage train vision}) and writes its outputs: the paper's
 * Section 5 experiments (emergence induced by the metric alone) on MNIST-like data.
 *
 * <p>Output directory:
 * <ul>
 *   <li>{@code samples.jsonl}: per-sample records of every model on every test item (docs/FORMATS.md);</li>
 *   <li>{@code models.csv}: one row per model (size, budget, final training loss, time);</li>
 *   <li>{@code scores.csv}: the experiment's metrics per model, long CSV as {@code mirage score} writes;</li>
 *   <li>{@code provenance.json}: configuration, seeds, inputs (with SHA-256), environment;</li>
 *   <li>{@code run.json} and {@code work/}: the shared resume bookkeeping of {@link FamilyRun}
 *       (per model: {@code NAME.ckpt} while it trains, every {@code checkpointEvery} steps;
 *       {@code NAME.weights} once trained; {@code NAME.json} once finished).</li>
 * </ul>
 * {@code --resume} skips finished models and continues an unfinished one from its last checkpoint; the
 * results equal those of an uninterrupted run with the same options (same thread counts).
 */
public final class VisionExperiment {
    private static final ObjectMapper JSON = new ObjectMapper();
    /** Version of the recipe (models, data order, loss); part of run.json so old runs are not resumed by new code. */
    static final int RECIPE_VERSION = 1;
    static final double LR_FLOOR = 0.1;
    static final float BETA1 = 0.9f;
    static final float BETA2 = 0.999f;
    static final float EPS = 1e-8f;
    static final int FINAL_LOSS_STEPS = 50;
    /**
     * Intra-op threads when none are given: one, for every vision model. Measured on this 2-core machine:
     * a second thread made the largest CNN (w = 40) 1.7x faster when the machine was idle but made
     * the 1.6M-parameter autoencoder no faster idle (45 vs 50 steps/s at batch 64), and on two threads
     * it ran at 8.9 steps/s while other processes kept the load average near 8 (a CNN of w = 7 fell from
     * 75 to 8 steps/s likewise). {@code TorchEngine.threadsFor}'s size rule would give that model 2.
     */
    static final int AUTO_THREADS = 1;

    /** Fractions of the data set's baseline error that make the default reconstruction thresholds. */
    public static final List<Double> THRESHOLD_FRACTIONS = List.of(0.02, 0.05, 0.1, 0.2, 0.5);

    /** The two experiments. */
    public enum Kind {
        CNN("cnn"), AUTOENCODER("autoencoder");

        public final String key;

        Kind(String key) {
            this.key = key;
        }
    }

    /**
     * Everything that determines a run's results.
     *
     * @param kind the experiment
     * @param widths CNN widths w or autoencoder hidden sizes h, increasing
     * @param steps optimizer steps per model (identical for every model)
     * @param batch images per step
     * @param lr peak learning rate (AdamW, linear warm-up, cosine decay to 10% of the peak)
     * @param warmup warm-up steps
     * @param seed root seed (data order, initial weights, training subset)
     * @param threads intra-op threads (0: {@link #AUTO_THREADS})
     * @param checkpointEvery steps between in-model checkpoints (0: only finished models)
     * @param subsetK the K of {@code subset_accuracy@K} reported (CNN)
     * @param thresholds the c of {@code reconstruction@c} reported (autoencoder); null: the default rule
     */
    public record Config(Kind kind, List<Integer> widths, long steps, int batch, double lr, long warmup, long seed,
                         int threads, long checkpointEvery, List<Integer> subsetK, List<Double> thresholds) {
        public Config {
            widths = List.copyOf(widths);
            subsetK = List.copyOf(subsetK);
            thresholds = thresholds == null ? null : List.copyOf(thresholds);
            if (widths.isEmpty()) {
                throw new IllegalArgumentException("no widths given");
            }
            for (int i = 0; i < widths.size(); i++) {
                if (widths.get(i) < 1) {
                    throw new IllegalArgumentException("widths must be at least 1, got " + widths.get(i));
                }
                if (i > 0 && widths.get(i) <= widths.get(i - 1)) {
                    throw new IllegalArgumentException("widths must be strictly increasing, got " + widths.get(i - 1)
                            + " then " + widths.get(i));
                }
            }
            if (steps < 1 || batch < 1 || !(lr > 0) || warmup < 0 || warmup > steps || threads < 0 || checkpointEvery < 0) {
                throw new IllegalArgumentException("bad training settings: steps " + steps + ", batch " + batch + ", lr "
                        + lr + ", warmup " + warmup + ", threads " + threads + ", checkpoint every " + checkpointEvery);
            }
            for (int k : subsetK) {
                if (k < 1) {
                    throw new IllegalArgumentException("subset sizes K must be at least 1, got " + k);
                }
            }
            if (thresholds != null) {
                for (double c : thresholds) {
                    if (!(c > 0) || Double.isInfinite(c)) {
                        throw new IllegalArgumentException("reconstruction thresholds must be positive, got " + c);
                    }
                }
            }
        }
    }

    /** One trained model, as recorded in {@code models.csv} and {@code work/NAME.json}. */
    public record ModelResult(String model, int width, long params, double flops, long steps, int batchSize,
                              long trainImages, double peakLr, double finalLoss, double trainSeconds, int threads,
                              long resumedFrom, boolean fromEarlier) {
        ModelResult fromEarlierRun() {
            return new ModelResult(model, width, params, flops, steps, batchSize, trainImages, peakLr, finalLoss,
                    trainSeconds, threads, resumedFrom, true);
        }
    }

    /** What a run produced. */
    public record Outcome(String family, String task, List<ModelResult> models, List<Metric> metrics,
                          List<Scorer.Result> scores, double baselineError, List<Double> thresholds, long samples) {
        /** The value of a metric for a model, NaN when absent. */
        public double value(String model, String metric) {
            for (Scorer.Result r : scores) {
                if (r.cell().model().name().equals(model) && r.metric().name().equals(metric)) {
                    return r.value().value();
                }
            }
            return Double.NaN;
        }
    }

    private VisionExperiment() {
    }

    /** Model family name: {@code cnn-DATASET} or {@code ae-DATASET}. */
    public static String family(Kind kind, String dataset) {
        return (kind == Kind.CNN ? "cnn-" : "ae-") + dataset;
    }

    /** Task name: the data set's name for the CNN, {@code DATASET-reconstruction} for the autoencoder. */
    public static String task(Kind kind, String dataset) {
        return kind == Kind.CNN ? dataset : dataset + "-reconstruction";
    }

    /**
     * The baseline error of a data set: the mean over test images of the per-image squared error
     * {@code (1/D) sum_d (x_d - m_d)^2} of predicting the mean training image m (what a reconstruction
     * that ignores its input achieves).
     */
    public static double baselineError(VisionData.Dataset data) {
        int px = data.pixelsPerImage();
        float[] mean = meanImage(data);
        VisionData.Split te = data.test();
        double sum = 0;
        for (int i = 0; i < te.count(); i++) {
            double e = 0;
            for (int d = 0; d < px; d++) {
                double diff = te.pixels()[i * px + d] - mean[d];
                e += diff * diff;
            }
            sum += e / px;
        }
        return sum / te.count();
    }

    /** The mean training image (per-pixel mean over the training images, summed in double precision). */
    public static float[] meanImage(VisionData.Dataset data) {
        int px = data.pixelsPerImage();
        double[] sum = new double[px];
        VisionData.Split tr = data.train();
        for (int i = 0; i < tr.count(); i++) {
            for (int d = 0; d < px; d++) {
                sum[d] += tr.pixels()[i * px + d];
            }
        }
        float[] mean = new float[px];
        for (int d = 0; d < px; d++) {
            mean[d] = (float) (sum[d] / tr.count());
        }
        return mean;
    }

    /**
     * The default thresholds: {@link #THRESHOLD_FRACTIONS} times the {@link #baselineError}, each rounded
     * to 3 significant digits (so metric names stay readable). Fixed before any model was trained.
     */
    public static List<Double> defaultThresholds(double baseline) {
        List<Double> out = new ArrayList<>();
        for (double f : THRESHOLD_FRACTIONS) {
            out.add(round3(f * baseline));
        }
        return out;
    }

    static double round3(double v) {
        return new java.math.BigDecimal(v).round(new java.math.MathContext(3)).doubleValue();
    }

    /** The metrics the experiment reports, in order. */
    public static List<Metric> metrics(Config cfg, List<Double> thresholds) {
        List<String> names = new ArrayList<>();
        if (cfg.kind() == Kind.CNN) {
            names.addAll(List.of("accuracy", "target_logprob", "choice_prob", "brier_score", "multiple_choice_grade"));
            for (int k : cfg.subsetK()) {
                names.add("subset_accuracy@" + k);
            }
        } else {
            names.add("mse");
            for (double c : thresholds) {
                names.add("reconstruction@" + c);
            }
        }
        return Metrics.parseList(String.join(",", names));
    }

    /**
     * Trains the family (or resumes it) and writes every output into {@code out}.
     *
     * @param parallel models trained at the same time ({@link ModelScheduler}: single-thread models on
     *     their own Java threads); the results do not depend on it
     * @param listener called after every training step (tests simulate a kill with it); may be null
     * @param log one line per model; never null
     * @param prov filled with configuration, seeds, inputs and notes and written as {@code provenance.json};
     *     may be null (nothing written)
     */
    public static Outcome run(Config cfg, VisionData.Dataset data, Path out, boolean resume, int parallel,
                              Progress progress, TrainingLoop.Listener listener, PrintWriter log, Provenance prov)
            throws IOException {
        TorchEngine.get();
        String family = family(cfg.kind(), data.name());
        String task = task(cfg.kind(), data.name());
        double baseline = baselineError(data);
        List<Double> thresholds = cfg.thresholds() != null ? cfg.thresholds() : defaultThresholds(baseline);
        List<Metric> metrics = metrics(cfg, thresholds);
        FamilyRun run = FamilyRun.open(out, definition(cfg, data), resume);
        if (run.resumed()) {
            log.println("resuming the run in " + out);
        }
        List<String> names = new ArrayList<>();
        List<ModelScheduler.Job<ModelResult>> jobs = new ArrayList<>();
        Progress shown = parallel > 1 ? progress.forConcurrentTasks("training " + cfg.widths().size() + " models",
                cfg.steps() * cfg.widths().size(), "steps") : progress;
        for (int i = 0; i < cfg.widths().size(); i++) {
            int width = cfg.widths().get(i);
            String name = modelName(cfg.kind(), width);
            names.add(name);
            String tag = String.format(Locale.ROOT, "[%d/%d] %s", i + 1, cfg.widths().size(), name);
            Map<String, Object> done = run.finished(name);
            jobs.add(new ModelScheduler.Job<>() {
                @Override
                public int threads() {
                    return cfg.threads() > 0 ? cfg.threads() : AUTO_THREADS;
                }

                @Override
                public ModelResult run() throws IOException {
                    if (done != null) {
                        log.println(tag + ": finished in an earlier run");
                        log.flush();
                        return JSON.convertValue(done, ModelResult.class).fromEarlierRun();
                    }
                    ModelResult r = trainAndEvaluate(cfg, data, width, family, task, run, shown, listener, log, tag, threads());
                    run.finish(name, JSON.convertValue(r, new TypeReference<LinkedHashMap<String, Object>>() { }));
                    return r;
                }
            });
        }
        List<ModelResult> results = ModelScheduler.run(jobs, parallel);
        shown.finish();
        Path samples = out.resolve("samples.jsonl");
        if (names.stream().allMatch(n -> Files.exists(run.samples(n)))) {
            run.mergeSamples(names, samples);
            for (String n : names) {
                Files.deleteIfExists(run.samples(n));
            }
        } else if (!Files.exists(samples)) {
            throw new IOException("per-model samples are missing from " + out.resolve("work")
                    + " and there is no samples.jsonl; rerun without --resume");
        }
        // score what was written (this also checks that it reads back)
        Scorer scorer = new Scorer(metrics);
        try (SampleJsonlReader r = SampleJsonlReader.open(samples)) {
            for (Sample s = r.next(); s != null; s = r.next()) {
                scorer.accept(s);
            }
        }
        List<Scorer.Result> scores = scorer.results();
        AtomicFile.writeText(out.resolve("scores.csv"), w -> LongCsv.write(w, scores.stream()
                .filter(x -> x.value().n() > 0).map(Scorer.Result::toMeasurement).toList()));
        writeModelsCsv(out.resolve("models.csv"), cfg, family, task, results);
        if (prov != null) {
            definition(cfg, data).forEach(prov::config);
            prov.config("lr_schedule", "linear warm-up, cosine decay to " + LR_FLOOR + " of the peak; AdamW b1 "
                    + BETA1 + " b2 " + BETA2 + " eps " + EPS + ", no weight decay, no clipping");
            prov.config("checkpoint_every", cfg.checkpointEvery()).config("jobs", parallel).config("data_format", data.format())
                    .config("image_rows", data.rows()).config("image_cols", data.cols()).config("classes", data.classes())
                    .config("metrics", metrics.stream().map(Metric::name).toList());
            if (cfg.kind() == Kind.CNN) {
                prov.config("subset_k", cfg.subsetK());
            } else {
                prov.config("thresholds", thresholds).config("threshold_rule", cfg.thresholds() == null
                        ? "fractions " + THRESHOLD_FRACTIONS + " of the baseline error, 3 significant digits" : "given");
            }
            prov.note("baseline_error", baseline);
            prov.seed("seed", cfg.seed());
            for (Path p : data.inputs()) {
                prov.input(p);
            }
            Map<String, Object> timings = new LinkedHashMap<>();
            for (ModelResult r : results) {
                Map<String, Object> t = new LinkedHashMap<>();
                t.put("train_seconds", r.trainSeconds());
                t.put("steps_per_second", r.steps() / r.trainSeconds());
                t.put("threads", r.threads());
                t.put("resumed_from_step", r.resumedFrom());
                t.put("from_earlier_run", r.fromEarlier());
                timings.put(r.model(), t);
            }
            prov.note("timings", timings);
            prov.note("engine", TorchEngine.describe());
            prov.output("samples.jsonl").output("models.csv").output("scores.csv");
            prov.write(out.resolve("provenance.json"));
        }
        return new Outcome(family, task, results, metrics, scores, baseline, thresholds, scorer.samples());
    }

    static String modelName(Kind kind, int width) {
        return (kind == Kind.CNN ? "cnn-w" : "ae-h") + width;
    }

    private static ModelResult trainAndEvaluate(Config cfg, VisionData.Dataset data, int width, String family, String task,
                                                FamilyRun run, Progress progress, TrainingLoop.Listener listener,
                                                PrintWriter log, String tag, int threads) throws IOException {
        String name = modelName(cfg.kind(), width);
        long initSeed = Seeds.derive(cfg.seed(), "vision-init/" + name, 0);
        try (NDManager root = TorchEngine.newManager();
                VisionModel model = cfg.kind() == Kind.CNN
                        ? new VisionModel.LeNet(width, data.rows(), data.cols(), data.classes(), root, initSeed)
                        : new VisionModel.Autoencoder(width, data.pixelsPerImage(), meanImage(data), root, initSeed)) {
            long params = model.parameters().count();
            long units;
            double finalLoss;
            double trainSeconds;
            long resumedFrom = 0;
            FamilyRun.Trained earlier = run.loadTrained(name, model.parameters(), "train_images");
            if (earlier != null) {
                units = earlier.units();
                finalLoss = earlier.finalLoss();
                trainSeconds = earlier.trainSeconds();
                log.println(tag + ": trained in an earlier run; evaluating");
            } else {
                Map<String, Object> fp = new LinkedHashMap<>(definition(cfg, data));
                fp.put("model", name);
                fp.put("model_threads", threads);
                TrainingLoop.Settings s = new TrainingLoop.Settings(name, cfg.steps(),
                        new LrSchedule(cfg.lr(), cfg.warmup(), cfg.steps(), LR_FLOOR), BETA1, BETA2, EPS, 0f, 0,
                        cfg.checkpointEvery(), run.checkpoint(name), fp);
                TrainingLoop.Result tr = TrainingLoop.run(new VisionTrainable(model, data, cfg.batch(), cfg.seed()), s, root,
                        progress, listener);
                units = tr.units();
                finalLoss = tr.finalLoss(FINAL_LOSS_STEPS);
                trainSeconds = tr.trainSeconds();
                resumedFrom = tr.resumedFrom();
                run.writeTrained(name, model.parameters(), cfg.steps(), "train_images",
                        new FamilyRun.Trained(units, finalLoss, trainSeconds), Map.of("width", width));
            }
            float[] eval = VisionTrainable.evaluate(model, data.test(), data.rows(), data.cols(), root);
            double flops = model.trainFlopsPerImage() * units;
            Model m = new Model(family, name, new Scale(params, Double.NaN, Double.NaN, flops, cfg.steps()));
            writeSamples(run.samples(name), m, task, data, eval, cfg.kind());
            log.printf(Locale.ROOT, "%s: %,d parameters, %d steps in %.1f s (%.1f steps/s, %d thread%s), final training loss %.4f%s%n",
                    tag, params, cfg.steps(), trainSeconds, cfg.steps() / trainSeconds, threads, threads == 1 ? "" : "s",
                    finalLoss, resumedFrom > 0 ? " (resumed at step " + resumedFrom + ")" : "");
            log.flush();
            return new ModelResult(name, width, params, flops, cfg.steps(), cfg.batch(), units, cfg.lr(), finalLoss,
                    trainSeconds, threads, resumedFrom, false);
        }
    }

    private static void writeSamples(Path file, Model m, String task, VisionData.Dataset data, float[] eval, Kind kind)
            throws IOException {
        VisionData.Split te = data.test();
        int c = data.classes();
        List<String> classNames = new ArrayList<>();
        for (int k = 0; k < c; k++) {
            classNames.add(Integer.toString(k));
        }
        AtomicFile.writeText(file, w -> {
            for (int i = 0; i < te.count(); i++) {
                Sample.Builder b = Sample.builder(m, task, te.ids()[i]);
                if (kind == Kind.CNN) {
                    List<Choice> choices = new ArrayList<>(c);
                    int best = 0;
                    for (int k = 0; k < c; k++) {
                        choices.add(new Choice(classNames.get(k), shortest(eval[i * c + k])));
                        if (eval[i * c + k] > eval[i * c + best]) {
                            best = k;
                        }
                    }
                    int label = te.labels()[i];
                    b.choices(choices, label).target(classNames.get(label)).output(classNames.get(best))
                            .targetTokens(List.of(classNames.get(label))).targetLogProbs(shortest(eval[i * c + label]));
                } else {
                    b.error(shortest(eval[i]));
                }
                w.write(SampleJsonlWriter.toLine(b.build()));
                w.write('\n');
            }
        });
    }

    /** A float as the double with the shortest decimal form that reads back as the same float. */
    static double shortest(float f) {
        return Double.parseDouble(Float.toString(f));
    }

    /** models.csv: one row per model (columns in docs/FORMATS.md). */
    static void writeModelsCsv(Path file, Config cfg, String family, String task, List<ModelResult> results) throws IOException {
        AtomicFile.writeText(file, w -> {
            CsvWriter c = new CsvWriter(w);
            c.row("family", "model", "task", "experiment", "width", "params", "flops", "steps", "batch_size",
                    "train_images", "peak_lr", "final_loss", "threads", "train_seconds");
            for (ModelResult r : results) {
                c.row(family, r.model(), task, cfg.kind().key, Integer.toString(r.width()), CsvWriter.number(r.params()),
                        CsvWriter.number(r.flops()), CsvWriter.number(r.steps()), Integer.toString(r.batchSize()),
                        CsvWriter.number(r.trainImages()), CsvWriter.number(r.peakLr()), CsvWriter.number(r.finalLoss()),
                        Integer.toString(r.threads()), String.format(Locale.ROOT, "%.2f", r.trainSeconds()));
            }
        });
    }

    /** What determines the results (run.json): the configuration and the identity of the data. */
    static Map<String, Object> definition(Config cfg, VisionData.Dataset data) {
        Map<String, Object> m = new TreeMap<>();
        m.put("recipe_version", RECIPE_VERSION);
        m.put("experiment", cfg.kind().key);
        m.put("widths", cfg.widths());
        m.put("steps", cfg.steps());
        m.put("batch_size", cfg.batch());
        m.put("lr", cfg.lr());
        m.put("warmup", cfg.warmup());
        m.put("seed", cfg.seed());
        m.put("threads", cfg.threads());
        m.put("dataset", data.name());
        m.put("train_items", data.train().count());
        m.put("test_items", data.test().count());
        m.put("data_hash", Integer.toHexString(Arrays.hashCode(data.train().pixels()) * 31
                + Arrays.hashCode(data.test().pixels()) * 17 + Arrays.hashCode(data.train().labels())));
        return m;
    }
}

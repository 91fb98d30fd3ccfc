package mirage.cli;

import java.io.IOException;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.Callable;
import mirage.core.data.Sample;
import mirage.core.metric.Metrics;
import mirage.core.metric.Scorer;
import mirage.io.provenance.Provenance;
import mirage.io.samples.SampleJsonlReader;
import mirage.train.TorchEngine;
import mirage.train.TrainingLoop;
import mirage.train.arith.ArithmeticData;
import mirage.train.arith.ArithmeticExperiment;
import mirage.train.arith.ArithmeticFamily;
import mirage.train.arith.ArithmeticTask;
import mirage.train.arith.ModelSpec;
import mirage.train.bench.TrainStepBenchmark;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/** {@code mirage train arithmetic}: the paper's arithmetic experiment on a transformer family trained here. */
@Command(name = "arithmetic", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"The paper's arithmetic experiment on a transformer family trained here.",
            "Decoder-only transformers learn n-digit addition (n = 1..4) or "
                + "multiplication (n = 1..2) from identical data streams with an identical budget; each is then "
                + "evaluated on held-out problems per target length (answers of 1..5 digits): greedy outputs "
                + "(exact match, token edit distance) and teacher-forced log-probabilities of the answer.",
            "Writes OUT/samples.jsonl (label target_length), OUT/models.csv and OUT/provenance.json; "
                + "OUT/work holds checkpoints and weights. Interrupted? Rerun the same command with --resume.",
            ""})
public final class TrainArithmeticCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Option(names = "--task", defaultValue = "add", paramLabel = "add|mul",
            description = "add: n-digit addition, n = 1..4; mul: n-digit multiplication, n = 1..2 (default: ${DEFAULT-VALUE})")
    String task;

    @Option(names = "--family", paramLabel = "small|full",
            description = "preset family: small (the demo's: 6 models, 7.1K..227K parameters, the width grows at 2 layers "
                    + "and 4 heads, peak learning rate 2e-3, 6,000 steps, 5,000 test items per length) or full (8 models, "
                    + "3.8K..2.2M parameters, width and depth grow together, 10,000 steps, 10,000 test items); default small "
                    + "unless --sizes is given")
    String family;

    @Option(names = "--sizes", paramLabel = "WxL,...",
            description = "the models as WIDTHxLAYERS[xHEADS], e.g. 16x1,32x2,64x3 (instead of --family)")
    String sizes;

    @Option(names = "--steps", paramLabel = "N", description = "optimizer steps per model (default: the family's)")
    Long steps;

    @Option(names = "--tokens", paramLabel = "N", description = "training tokens per model instead of --steps (steps until the shared data stream has supplied N tokens)")
    Long tokens;

    @Option(names = "--test-items", paramLabel = "N",
            description = "held-out test problems per target length (default: the family's; up to 1000000)")
    Integer testItems;

    @Option(names = "--batch-size", defaultValue = "64", paramLabel = "N", description = "problems per training step (default: ${DEFAULT-VALUE})")
    int batchSize;

    @Option(names = "--format", defaultValue = "plain", paramLabel = "plain|padded",
            description = "prompt format: plain 54+9993= or padded 0054+9993= (operands zero-padded to the task's width; "
                    + "the answer is never padded) (default: ${DEFAULT-VALUE})")
    String format;

    @Option(names = "--lr", paramLabel = "X",
            description = "peak learning rate of every model (default: the family's; small: 2e-3 for every size; full and "
                    + "--sizes: by width, 1e-3*sqrt(128/width), at most 3e-3)")
    Double lr;

    @Option(names = "--lr-scale", defaultValue = "1", paramLabel = "X",
            description = "factor on every model's peak learning rate (default: ${DEFAULT-VALUE})")
    double lrScale;

    @Option(names = "--eval-batch", defaultValue = "1024", paramLabel = "N", description = "problems per evaluation batch (default: ${DEFAULT-VALUE})")
    int evalBatch;

    @Mixin
    TrainOptions common;

    @Option(names = "--bench-step", hidden = true,
            description = "benchmark: training steps/s of a fixed 1M-parameter transformer (width 128, 5 layers, batch 64, sequence 13) and exit")
    boolean benchStep;

    @Option(names = "--bench-threads", hidden = true, defaultValue = "1,2")
    String benchThreads;

    @Option(names = "--bench-steps", hidden = true, defaultValue = "200")
    int benchSteps;

    @Override
    public Integer call() throws IOException {
        CommandLine cl = spec.commandLine();
        PrintWriter o = cl.getOut();
        if (benchStep) {
            o.println("engine: " + TorchEngine.describe());
            for (String t : benchThreads.split(",")) {
                o.println(TrainStepBenchmark.measure(128, 5, 4, 64, 13, 16, Integer.parseInt(t.trim()), 20, benchSteps));
                o.flush();
            }
            return 0;
        }
        ArithmeticExperiment.Settings settings = settings(cl);
        Path out = common.out != null ? common.out : Path.of("mirage-out", "train-arithmetic");
        OutputPaths.folder(cl, "--out", out);
        Provenance prov = new Provenance("train arithmetic", cl.getParseResult().originalArgs());
        settings.definition().forEach(prov::config);
        prov.config("out", out.toString()).config("resume", common.resume).config("checkpoint_every", common.checkpointEvery)
                .config("jobs", common.jobs());
        prov.seed("seed", settings.seed());
        prov.note("load_average_start", loadAverage());
        o.printf(Locale.ROOT, "mirage train arithmetic: %s, %d models, %d steps of %d problems each, %d test items per target length, seed %d%n",
                settings.task().taskName(), settings.sizes().size(), settings.steps(), settings.batchSize(), settings.testItems(),
                settings.seed());
        o.flush();
        PrintStream err = System.err;
        ArithmeticExperiment.Outcome outcome = ArithmeticExperiment.run(settings, out, common.resume, common.jobs(),
                common.progress(err), o, (TrainingLoop.Listener) null);
        prov.note("engine", TorchEngine.describe());
        prov.note("test_items_per_target_length", outcome.testItems());
        Map<String, Object> timings = new LinkedHashMap<>();
        for (ArithmeticExperiment.ModelResult r : outcome.models()) {
            Map<String, Object> t = new LinkedHashMap<>();
            t.put("train_seconds", r.trainSeconds());
            t.put("steps_per_second", r.steps() / r.trainSeconds());
            t.put("eval_seconds", r.evalSeconds());
            t.put("threads", r.threads());
            t.put("from_earlier_run", r.fromEarlierRun());
            timings.put(r.name(), t);
        }
        prov.note("timings", timings);
        prov.note("load_average_end", loadAverage());
        prov.output("samples.jsonl").output("models.csv");
        prov.write(out.resolve("provenance.json"));
        printSummary(o, outcome, settings);
        o.println("wrote " + out.resolve("samples.jsonl") + ", models.csv and provenance.json");
        o.flush();
        return 0;
    }

    ArithmeticExperiment.Settings settings(CommandLine cl) {
        common.validate(cl);
        ArithmeticTask t;
        try {
            t = ArithmeticTask.parse(task);
        } catch (IllegalArgumentException e) {
            throw new CommandLine.ParameterException(cl, "--task: " + e.getMessage());
        }
        if (family != null && sizes != null) {
            throw new CommandLine.ParameterException(cl, "--family and --sizes cannot be combined; give one");
        }
        if (steps != null && tokens != null) {
            throw new CommandLine.ParameterException(cl, "--steps and --tokens cannot be combined; give one");
        }
        ArithmeticFamily preset;
        try {
            preset = ArithmeticFamily.parse(family == null ? "small" : family);
        } catch (IllegalArgumentException e) {
            throw new CommandLine.ParameterException(cl, "--family: " + e.getMessage());
        }
        List<ModelSpec> specs;
        String familyName;
        if (sizes != null) {
            try {
                specs = ModelSpec.parseList(sizes);
            } catch (IllegalArgumentException e) {
                throw new CommandLine.ParameterException(cl, e.getMessage());
            }
            familyName = "mirage-" + t.taskName();
        } else {
            specs = preset.sizes();
            familyName = "mirage-" + t.taskName() + "-" + preset.option();
        }
        if (batchSize < 1 || batchSize > 65536) {
            throw new CommandLine.ParameterException(cl, "--batch-size must be in 1..65536, got " + batchSize);
        }
        if (evalBatch < 1 || evalBatch > 65536) {
            throw new CommandLine.ParameterException(cl, "--eval-batch must be in 1..65536, got " + evalBatch);
        }
        int items = testItems != null ? testItems : preset.testItems();
        if (items < 1 || items > 1_000_000) {
            throw new CommandLine.ParameterException(cl, "--test-items must be in 1..1000000, got " + items);
        }
        long n;
        if (tokens != null) {
            if (tokens < 1) {
                throw new CommandLine.ParameterException(cl, "--tokens must be positive, got " + tokens);
            }
            n = new ArithmeticData(t, common.seed, padded(cl)).stepsForTokens(tokens, batchSize);
        } else {
            n = steps != null ? steps : preset.steps();
            if (n < 1 || n > 100_000_000L) {
                throw new CommandLine.ParameterException(cl, "--steps must be in 1..100000000, got " + n);
            }
        }
        double fixedLr = lr != null ? lr : sizes != null ? Double.NaN : preset.peakLr();
        try {
            return new ArithmeticExperiment.Settings(t, familyName, specs, n, batchSize, items, common.seed,
                    common.checkpointEvery, evalBatch, common.threads, lrScale, fixedLr, padded(cl));
        } catch (IllegalArgumentException e) {
            throw new CommandLine.ParameterException(cl, e.getMessage());
        }
    }

    private boolean padded(CommandLine cl) {
        return switch (format.toLowerCase(Locale.ROOT)) {
            case "plain" -> false;
            case "padded" -> true;
            default -> throw new CommandLine.ParameterException(cl, "--format must be plain or padded, got '" + format + "'");
        };
    }

    /** Exact match, token edit distance and mean per-token log-probability by model and target length. */
    static void printSummary(PrintWriter o, ArithmeticExperiment.Outcome outcome, ArithmeticExperiment.Settings s)
            throws IOException {
        Scorer scorer = new Scorer(Metrics.parseList("exact_match,token_edit_distance,target_logprob"));
        try (SampleJsonlReader r = SampleJsonlReader.open(outcome.samples())) {
            for (Sample smp = r.next(); smp != null; smp = r.next()) {
                scorer.accept(smp);
            }
        }
        Map<String, Map<String, Map<Integer, Double>>> v = new TreeMap<>(); // metric -> model -> length -> value
        for (Scorer.Result res : scorer.results()) {
            int len = Integer.parseInt(res.cell().labels().get("target_length"));
            v.computeIfAbsent(res.metric().name(), k -> new TreeMap<>())
                    .computeIfAbsent(res.cell().model().name(), k -> new TreeMap<>()).put(len, res.value().value());
        }
        int maxL = s.task().maxTargetLength();
        for (String metric : List.of("exact_match", "token_edit_distance", "target_logprob")) {
            o.println();
            o.printf(Locale.ROOT, "%-12s %10s", metric, "params");
            for (int l = 1; l <= maxL; l++) {
                o.printf(Locale.ROOT, " %9s", "L=" + l);
            }
            o.println();
            for (ArithmeticExperiment.ModelResult m : outcome.models()) {
                o.printf(Locale.ROOT, "%-12s %10d", m.name(), m.params());
                Map<Integer, Double> row = v.getOrDefault(metric, Map.of()).getOrDefault(m.name(), Map.of());
                for (int l = 1; l <= maxL; l++) {
                    Double x = row.get(l);
                    o.printf(Locale.ROOT, " %9s", x == null ? "-" : String.format(Locale.ROOT, "%.4f", x));
                }
                o.println();
            }
        }
        o.printf(Locale.ROOT, "%ntest items per target length: %s%n", java.util.Arrays.toString(outcome.testItems()));
        List<String> times = new ArrayList<>();
        for (ArithmeticExperiment.ModelResult m : outcome.models()) {
            times.add(String.format(Locale.ROOT, "%s %.0f s + %.0f s%s", m.name(), m.trainSeconds(), m.evalSeconds(),
                    m.fromEarlierRun() ? " (earlier run)" : ""));
        }
        o.println("training + evaluation time: " + String.join(", ", times));
    }

    static String loadAverage() {
        try {
            return Files.readString(Path.of("/proc/loadavg")).trim();
        } catch (IOException | RuntimeException e) {
            return "unknown";
        }
    }
}

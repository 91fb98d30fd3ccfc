package mirage.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.Callable;
import mirage.core.InputException;
import mirage.core.analysis.Series;
import mirage.core.analysis.SeriesCollector;
import mirage.core.data.Measurement;
import mirage.core.data.Sample;
import mirage.core.data.ScaleAxis;
import mirage.core.fit.Backtest;
import mirage.core.metric.Metric;
import mirage.core.metric.Metrics;
import mirage.core.metric.Scorer;
import mirage.io.AtomicFile;
import mirage.io.csv.BacktestCsv;
import mirage.analysis.MetaAnalysis;
import mirage.analysis.VerdictAnalysis;
import mirage.io.results.SkipLog;
import picocli.CommandLine.Mixin;
import mirage.io.provenance.Provenance;
import mirage.io.samples.SampleJsonlReader;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/** {@code mirage predict}: the prediction backtest of every route on the user's own families. */
@Command(name = "predict", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Backtests predictions: fits on all but the N largest models of each family, predicts the "
                + "held-out ones.",
            "Every route that applies: sigmoid in log-scale of the metric itself; power law of a smooth "
                + "metric; the paper's route: power law of the smooth partner, then the composition p^L, L(1-p), "
                + "p^K or a fitted link; with intervals, the observed value and the error.",
            "Input: every format mirage analyze reads (long or wide CSV, long JSONL, BIG-bench scores, "
                + "lm-evaluation-harness results and samples, mirage per-sample JSONL), with the same options "
                + "(--format, --map, --scales, --axis, --strict)."})
public final class PredictCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Parameters(arity = "1..*", paramLabel = "INPUT", description = "result files or directories (.gz allowed), any format of mirage analyze")
    List<Path> inputs;

    @Mixin
    InputOptions input;

    @Option(names = "--holdout", paramLabel = "N", defaultValue = "1", description = "hold out the N largest models of each family (default: ${DEFAULT-VALUE})")
    int holdout;

    @Option(names = "--task", split = ",", paramLabel = "t1,t2", description = "only these tasks (default: all)")
    List<String> tasks;

    @Option(names = "--metric", split = ",", paramLabel = "m1,m2", description = "only these metrics, as written in the input (default: all)")
    List<String> onlyMetrics;

    @Option(names = "--resamples", defaultValue = "200", description = "parametric-bootstrap resamples for the intervals; 0 = delta method (default: ${DEFAULT-VALUE})")
    int resamples;

    @Option(names = "--confidence", defaultValue = "0.95", description = "interval level (default: ${DEFAULT-VALUE})")
    double confidence;

    @Option(names = "--length", paramLabel = "L", description = "target length in tokens for series without a target_length label")
    Double length;

    @Option(names = "--seed", defaultValue = "0", description = "seed of the resampling (default: ${DEFAULT-VALUE})")
    long seed;

    @Option(names = "--out", paramLabel = "FILE", description = "also write every row to FILE (backtest.csv columns, docs/FORMATS.md) and its provenance to FILE without .csv + .provenance.json")
    Path out;

    @Override
    public Integer call() throws IOException {
        CommandLine cl = spec.commandLine();
        if (holdout < 1) {
            throw new CommandLine.ParameterException(cl, "--holdout must be at least 1, got " + holdout);
        }
        if (resamples < 0 || resamples == 1) {
            throw new CommandLine.ParameterException(cl, "--resamples must be 0 (delta method) or at least 2, got " + resamples);
        }
        if (!(confidence > 0 && confidence < 1)) {
            throw new CommandLine.ParameterException(cl, "--confidence must be strictly between 0 and 1, got " + confidence);
        }
        if (length != null && !(length > 0)) {
            throw new CommandLine.ParameterException(cl, "--length must be positive, got " + length);
        }
        Path provFile = null;
        if (out != null) {
            provFile = out.resolveSibling(out.getFileName().toString().replaceFirst("\\.csv$", "") + ".provenance.json");
            OutputPaths.file(cl, "--out", out);
            OutputPaths.file(cl, "--out", provFile);
            OutputPaths.notAnInput("--out", List.of(out, provFile), input.files(inputs));
        }
        ScaleAxis ax = input.axis();
        List<Metric> scoreWith = input.scoring();
        PrintWriter err = cl.getErr();
        Provenance prov = new Provenance("predict", cl.getParseResult().originalArgs());
        List<Series> series = readSeries(input, inputs, prov, err);
        series = series.stream()
                .filter(s -> tasks == null || tasks.contains(s.key().task()))
                .filter(s -> onlyMetrics == null || onlyMetrics.contains(s.key().metric()))
                .toList();
        if (series.isEmpty()) {
            throw new InputException("no scaling curve to backtest" + (tasks != null || onlyMetrics != null
                    ? " after the --task/--metric filters" : "") + " (every curve needs models with a positive " + ax.key() + ")");
        }
        Backtest bt = Backtest.create().withHoldout(holdout).withResamples(resamples).withConfidence(confidence).withSeed(seed)
                .withLength(length == null ? Double.NaN : length);
        Backtest.Report report = bt.run(series);
        PrintWriter o = cl.getOut();
        print(o, report, ax);
        if (out != null) {
            AtomicFile.writeText(out, w -> BacktestCsv.write(w, report));
            input.config(prov, inputs);
            prov.config("holdout", holdout).config("tasks", tasks).config("metric_filter", onlyMetrics)
                    .config("metrics", scoreWith.stream().map(Metric::name).toList()).config("axis", ax.key())
                    .config("resamples", resamples).config("confidence", confidence).config("length", length)
                    .seed("seed", seed).output(out.getFileName().toString())
                    .note("rows", report.rows().size()).note("notes", report.notes());
            prov.write(provFile);
            o.println("wrote " + report.rows().size() + " rows to " + out + " (provenance: " + provFile.getFileName() + ")");
        }
        o.flush();
        return 0;
    }

    /**
     * The input step, shared with {@code mirage analyze}: every input through the reader layer (any format,
     * {@code --format/--map/--scales/--axis/--strict}), then the meta-analysis' grouping (a second value of a
     * model on a curve is skipped, the first kept). Rows that cannot be used are counted on stderr by kind
     * (with {@code --strict} the first stops the command, exit 2).
     */
    static List<Series> readSeries(InputOptions input, List<Path> inputs, Provenance prov, PrintWriter err) throws IOException {
        int threads = Runtime.getRuntime().availableProcessors();
        java.util.concurrent.ExecutorService pool = java.util.concurrent.Executors.newFixedThreadPool(threads, r -> {
            Thread t = new Thread(r, "mirage-predict");
            t.setDaemon(true);
            return t;
        });
        try {
            SkipLog log = new SkipLog(input.strict, InputOptions.nullWriter());
            InputOptions.Read read = input.read(inputs, log, pool, threads, null, prov, err);
            MetaAnalysis a = MetaAnalysis.run(read.table(), log, pool, threads);
            for (String n : log.notes()) {
                err.println("note: " + n);
            }
            if (log.count() > 0) {
                StringBuilder sb = new StringBuilder();
                log.countsByKind().forEach((k, c) -> sb.append(sb.length() == 0 ? "" : "; ").append(c).append(" ").append(k));
                err.println("skipped " + log.count() + " rows: " + sb);
                log.firstByKind().forEach((k, e) -> err.println("  e.g. " + e.message()));
            }
            err.flush();
            List<Series> out = new ArrayList<>(a.seriesCount());
            for (int i = 0; i < a.seriesCount(); i++) {
                out.add(VerdictAnalysis.toSeries(a.series(i)));
            }
            return out;
        } finally {
            pool.shutdownNow();
        }
    }

    static void print(PrintWriter o, Backtest.Report rep, ScaleAxis axis) {
        o.printf(Locale.ROOT, "backtest: fit on all but the %d largest model%s of each family, predict the held-out one%s%n",
                rep.holdout(), rep.holdout() == 1 ? "" : "s", rep.holdout() == 1 ? "" : "s");
        o.printf(Locale.ROOT, "intervals: %.0f%%, %s; \"within\" = the prediction's interval overlaps the observed value's%n",
                100 * rep.confidence(), rep.resamples() >= 2
                        ? "parametric bootstrap of the training points (" + rep.resamples() + " resamples, seed " + rep.seed()
                        + "), delta method where no point has a known uncertainty"
                        : "delta method");
        String group = null;
        String metric = null;
        Map<String, String> details = new LinkedHashMap<>();
        List<String> notFitted = new ArrayList<>();
        for (Backtest.Row r : rep.rows()) {
            String g = r.key().family() + " / " + r.key().task() + (r.key().labels().isEmpty() ? "" : "  (" + r.key().labelText() + ")");
            if (!g.equals(group) || !r.key().metric().equals(metric)) {
                flushDetails(o, details);
                if (!g.equals(group)) {
                    o.println();
                    o.println("== " + g);
                    group = g;
                }
                metric = r.key().metric();
                o.println(metric);
                o.printf(Locale.ROOT, "  %-13s %-28s %10s  %-28s %-28s %9s  %s%n", "route", "model", axis.key(), "observed [interval]",
                        "predicted [interval]", "error", "within");
            }
            details.putIfAbsent(r.route(), r.detail());
            if (r.ok()) {
                o.printf(Locale.ROOT, "  %-13s %-28s %10.3g  %-28s %-28s %+9.4f  %s%n", r.route(), clip(r.model(), 28), r.scale(),
                        valueWith(r.observed(), r.observedInterval().lower(), r.observedInterval().upper(), r.observedInterval().method()),
                        valueWith(r.predicted(), r.interval().lower(), r.interval().upper(), ""), r.error(), r.within() ? "yes" : "no");
            } else {
                o.printf(Locale.ROOT, "  %-13s %-28s %10.3g  %-28s %s%n", r.route(), clip(r.model(), 28), r.scale(),
                        valueWith(r.observed(), r.observedInterval().lower(), r.observedInterval().upper(), r.observedInterval().method()),
                        "-- " + r.status());
                notFitted.add(r.status());
            }
        }
        flushDetails(o, details);
        o.println();
        o.println("summary by metric and route (predictions with a fit; errors in the metric's units):");
        o.printf(Locale.ROOT, "  %-24s %-13s %11s %14s %14s %8s %10s%n", "metric", "route", "predictions", "mean |error|", "mean |rel err|",
                "within", "not fitted");
        for (Backtest.RouteSummary s : rep.summary()) {
            o.printf(Locale.ROOT, "  %-24s %-13s %11d %14s %14s %8s %10d%n", clip(s.metric(), 24), s.route(), s.predictions(),
                    num(s.meanAbsoluteError()),
                    Double.isNaN(s.meanAbsoluteRelativeError()) ? "-" : String.format(Locale.ROOT, "%.1f%%", 100 * s.meanAbsoluteRelativeError()),
                    s.predictions() == 0 ? "-" : s.within() + "/" + s.predictions(), s.failed());
        }
        Set<String> reasons = new TreeSet<>(notFitted);
        if (!reasons.isEmpty()) {
            o.println("not fitted: " + String.join("; ", reasons));
        }
        for (String n : rep.notes()) {
            o.println("note: " + n);
        }
    }

    private static void flushDetails(PrintWriter o, Map<String, String> details) {
        details.forEach((route, d) -> {
            if (!d.isEmpty()) {
                o.printf(Locale.ROOT, "    %s: %s%n", route, d);
            }
        });
        details.clear();
    }

    private static String valueWith(double v, double lo, double hi, String method) {
        if (method.equals("none") || (lo == v && hi == v)) {
            return num(v);
        }
        return num(v) + " [" + num(lo) + ", " + num(hi) + "]";
    }

    private static String num(double v) {
        if (Double.isNaN(v)) {
            return "-";
        }
        if (Double.isInfinite(v)) {
            return v > 0 ? "inf" : "-inf";
        }
        double a = Math.abs(v);
        if (a != 0 && (a < 1e-3 || a >= 1e5)) {
            return String.format(Locale.ROOT, "%.3e", v);
        }
        return String.format(Locale.ROOT, "%.4f", v);
    }

    private static String clip(String s, int n) {
        return s.length() <= n ? s : s.substring(0, n - 1) + "~";
    }
}

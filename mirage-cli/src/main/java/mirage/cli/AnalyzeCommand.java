package mirage.cli;

import java.io.BufferedWriter;
import java.io.IOException;
import java.io.OutputStreamWriter;
import java.io.PrintWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import mirage.core.InputException;
import mirage.core.data.ScaleAxis;
import mirage.core.metric.Metric;
import mirage.core.verdict.VerdictRule;
import mirage.core.fit.Backtest;
import mirage.io.AtomicFile;
import mirage.io.OutputFolder;
import mirage.io.csv.BacktestCsv;
import mirage.io.csv.VerdictsCsv;
import mirage.analysis.VerdictAnalysis;
import mirage.io.results.ItemTables;
import mirage.report.Report;
import java.util.TreeMap;
import picocli.CommandLine.Mixin;
import mirage.analysis.AnalysisWriter;
import mirage.analysis.LengthAnalysis;
import mirage.analysis.MetaAnalysis;
import mirage.analysis.PointTable;
import mirage.analysis.SeriesAnnotator;
import mirage.io.provenance.Provenance;
import mirage.io.results.ColumnMap;
import mirage.io.results.ReadContext;
import mirage.io.results.ResultFormat;
import mirage.io.results.SkipLog;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/**
 * {@code mirage analyze}: reads results of model families in any supported format and runs the paper's
 * meta-analysis over every (family, task, metric, labels) series: emergence scores, and per metric the
 * share of series above the emergence threshold ("is emergence a property of tasks or of metrics?"); the
 * verdict on every discontinuous metric with a smooth partner on the same outputs; the prediction backtest
 * of those triplets; and the report. Outputs (docs/FORMATS.md, "Analysis outputs"): series.csv,
 * emergence.csv, by_metric.csv, verdicts.csv, backtest.csv, skipped.csv, provenance.json, report.html and
 * figures/.
 */
@Command(name = "analyze", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Tells real jumps from artifacts in results you have: emergence scores, verdicts, backtests and "
                + "the report.",
            "Reads results of model families (long or wide CSV, long JSONL, BIG-bench scores, "
                + "lm-evaluation-harness results and samples, mirage per-sample JSONL; files or directories) and "
                + "computes the emergence score of every (family, task, metric, labels) series, the verdict on "
                + "every discontinuous metric with a smooth partner on the same outputs, and the prediction "
                + "backtest of those. --family, --task and --metric analyse part of the data.",
            "Writes DIR/series.csv, emergence.csv, by_metric.csv, verdicts.csv, backtest.csv, lengths.csv, "
                + "skipped.csv, provenance.json and the report (report.html, figures/), and prints the answer: "
                + "one sentence per judged family and task.",
            "Rows that cannot be used are listed in skipped.csv with file, line, field and reason; --strict "
                + "stops at the first."})
public final class AnalyzeCommand implements Callable<Integer> {
    /** Parametric-bootstrap resamples of the backtest's intervals in analyze (mirage predict defaults to 200). */
    static final int BACKTEST_RESAMPLES = 100;
    /** Answers printed on the console (the rest are in verdicts.csv and the report). */
    static final int CONSOLE_ANSWERS = 12;

    /** Every name analyze writes in its folder: a run replaces or removes all of them, together ({@link OutputFolder}). */
    static final List<String> OUTPUTS = List.of("series.csv", "emergence.csv", "by_metric.csv", "verdicts.csv", "backtest.csv",
            "lengths.csv", "skipped.csv", "provenance.json", Report.PAGE, Report.PROVENANCE, Report.FIGURES);

    @Spec
    CommandSpec spec;

    @Parameters(arity = "1..*", paramLabel = "INPUT", description = "result files or directories (.gz allowed)")
    List<Path> inputs;

    @Mixin
    InputOptions input;

    @Mixin
    EngineOptions engine;

    @Mixin
    SeriesFilterOptions select;

    @Option(names = "--threshold", defaultValue = "10", paramLabel = "T",
            description = "a series is emergent when its emergence score exceeds T (default: ${DEFAULT-VALUE}; "
                    + "a straight line through n scales scores n-1)")
    double threshold;

    @Option(names = "--max-verdicts", defaultValue = "" + VerdictAnalysis.DEFAULT_MAX_TRIPLETS, paramLabel = "N",
            description = "judge at most N triplets (discontinuous metric, smooth partner, family/task/labels): those of "
                    + "D looks most emergent on evidence (rising beyond noise, by the lower bound of the emergence score); the others count in Benjamini-Hochberg with p = 1 (default: ${DEFAULT-VALUE})")
    int maxVerdicts;

    @Option(names = "--holdout", defaultValue = "1", paramLabel = "N",
            description = "backtest the triplets with a verdict: fit on all but the N largest models, predict them "
                    + "(backtest.csv); 0 = no backtest (default: ${DEFAULT-VALUE})")
    int holdout;

    @Option(names = "--seed", defaultValue = "0", paramLabel = "S", description = "root seed of the verdict's and the backtest's resampling (default: ${DEFAULT-VALUE})")
    long seed;

    @Option(names = "--threads", paramLabel = "N", description = "threads (default: available processors)")
    Integer threads;

    @Option(names = "--no-report", description = "do not write the report (report.html, figures/)")
    boolean noReport;

    @Option(names = "--report-max-series", defaultValue = "100000", paramLabel = "N",
            description = "write the report only when there are at most N series (the report reads series.csv into memory; "
                    + "run 'mirage report DIR' with a larger heap for more) (default: ${DEFAULT-VALUE})")
    int reportMaxSeries;

    @Option(names = "--out", defaultValue = "mirage-analysis", paramLabel = "DIR", description = "output directory (default: ${DEFAULT-VALUE})")
    Path out;

    @Override
    public Integer call() throws Exception {
        long t0 = System.nanoTime();
        PrintWriter err = spec.commandLine().getErr();
        PrintWriter o = spec.commandLine().getOut();
        ResultFormat.parse(input.format);
        ScaleAxis ax = input.axis();
        if (!Double.isFinite(threshold)) {
            throw new InputException("--threshold must be a finite number, got " + threshold);
        }
        int nThreads = threads == null ? Runtime.getRuntime().availableProcessors() : threads;
        if (nThreads < 1) {
            throw new InputException("--threads must be at least 1, got " + nThreads);
        }
        if (maxVerdicts < 0) {
            throw new InputException("--max-verdicts must be at least 0, got " + maxVerdicts);
        }
        if (holdout < 0) {
            throw new InputException("--holdout must be at least 0, got " + holdout);
        }
        List<Metric> scoring = input.scoring();
        ColumnMap.parse(input.maps);
        engine.validate();
        for (Path in : inputs) {
            if (engine.isLocal() && !Files.exists(in)) {
                throw new InputException(in.toString(), 0, null, "no such file or directory");
            }
        }
        OutputPaths.folder(spec.commandLine(), "--out", out);
        // the files read (the Spark engine reads paths the local reader does not list, such as Parquet folders)
        List<Path> inputFiles = engine.isLocal() ? input.files(inputs) : inputs.stream().filter(Files::exists).toList();
        OutputPaths.notAnInput("--out", OUTPUTS.stream().map(out::resolve).toList(), inputFiles);
        for (Path f : inputFiles) {
            if (Files.isDirectory(out) && f.toAbsolutePath().normalize().startsWith(out.resolve(Report.FIGURES).toAbsolutePath().normalize())) {
                throw new InputException(f.toString(), 0, null, "is in " + out.resolve(Report.FIGURES) + ", which this run replaces; "
                        + "choose another --out");
            }
        }
        Provenance prov = new Provenance("analyze", spec.commandLine().getParseResult().originalArgs());
        input.config(prov, inputs);
        engine.config(prov);
        mirage.io.results.SeriesFilter filter = select.filter();
        if (!filter.all()) {
            prov.config("families", filter.families()).config("tasks", filter.tasks()).config("metric_filter", filter.metrics());
        }
        prov.config("threshold", threshold).config("threads", nThreads).config("max_verdicts", maxVerdicts)
                .config("holdout", holdout).config("report", !noReport).config("out", out.toString()).seed("seed", seed);

        OutputFolder folder = OutputFolder.begin(out, OUTPUTS); // DIR's lock, held until the end of the run
        boolean committed = false;
        ExecutorService pool = Executors.newFixedThreadPool(nThreads, r -> {
            Thread t = new Thread(r, "mirage-analyze");
            t.setDaemon(true);
            return t;
        });
        try (Writer skippedOut = new BufferedWriter(new OutputStreamWriter(Files.newOutputStream(folder.stage("skipped.csv")),
                StandardCharsets.UTF_8), 1 << 16)) {
            SkipLog log = new SkipLog(strict(), skippedOut);
            ItemTables items = new ItemTables(ax, scoring, ItemTables.DEFAULT_BUDGET, input.allSteps);
            InputOptions.Read read = engine.read(input, inputs, spec.positionalParameters().get(0).stringValues(), log, pool,
                    nThreads, items, prov, err, filter);
            PointTable table = read.table();
            ReadContext ctx = read.context();
            OutputFolder.crashPoint("read");
            long t1 = System.nanoTime();
            MetaAnalysis a = MetaAnalysis.run(table, log, pool, nThreads);
            if (a.points() - a.duplicates() == 0) {
                throw new InputException(read.filtered() > 0 ? "nothing left to analyse after " + filter.describe() + ": all "
                        + read.filtered() + " values are of other families, tasks or metrics" : input.nothingToAnalyse(read, log));
            }
            a.flag(threshold, seed, pool, nThreads);
            List<String> diagnostics = a.diagnostics();
            long t2 = System.nanoTime();
            // series.csv does not depend on the verdicts: write it while they are judged (its rows are formatted
            // on the pool; the verdicts and backtests have threads of their own), so idle cores take its work
            ExecutorService seriesWriter = Executors.newSingleThreadExecutor(r -> {
                Thread t = new Thread(r, "mirage-series-csv");
                t.setDaemon(true);
                return t;
            });
            java.util.concurrent.Future<?> seriesDone;
            try {
                seriesDone = seriesWriter.submit(() -> {
                    AnalysisWriter.writeSeries(folder.stage("series.csv"), a, pool, nThreads);
                    return null;
                });
            } finally {
                seriesWriter.shutdown();
            }

            // the verdict on every triplet with a smooth partner, judged together
            VerdictRule rule = VerdictRule.create().withSeed(seed).withThreads(nThreads);
            prov.config("verdict", rule.config().asMap()).config("emergence_flag", mirage.analysis.EmergenceFlag.settings(threshold));
            VerdictAnalysis.Result verdicts = VerdictAnalysis.run(a, items, rule, maxVerdicts);
            long t3 = System.nanoTime();
            Backtest.Report backtest = null;
            if (holdout > 0 && !verdicts.series().isEmpty()) {
                backtest = Backtest.create().withHoldout(holdout).withResamples(BACKTEST_RESAMPLES).withSeed(seed).withThreads(nThreads)
                        .run(verdicts.series());
            }
            long t4 = System.nanoTime();

            List<SeriesAnnotator> annotators = new ArrayList<>();
            annotators.add(VerdictAnalysis.columns(verdicts));
            AnalysisWriter.writeEmergence(folder.stage("emergence.csv"), a, annotators, pool, nThreads);
            AnalysisWriter.writeByMetric(folder.stage("by_metric.csv"), a, threshold);
            List<mirage.core.verdict.Verdict> vlist = verdicts.verdicts();
            AtomicFile.writeText(folder.stage("verdicts.csv"), w -> VerdictsCsv.write(w, vlist));
            Backtest.Report bt = backtest;
            if (holdout > 0) {
                AtomicFile.writeText(folder.stage("backtest.csv"), w -> BacktestCsv.write(w, bt == null
                        ? new Backtest.Report(List.of(), holdout, 0.95, 0, seed, List.of()) : bt));
            }
            awaitSeries(seriesDone);
            LengthAnalysis lengths = LengthAnalysis.of(a);
            if (!lengths.isEmpty()) {
                AtomicFile.writeText(folder.stage("lengths.csv"), lengths::write);
            }
            skippedOut.flush();
            long t5 = System.nanoTime();

            // notes: what was assumed, inferred or found odd
            List<String> notes = new ArrayList<>(log.notes());
            if (read.filtered() > 0) {
                notes.add(read.filtered() + " values of other families, tasks or metrics left out (" + filter.describe() + ")");
            }
            if (!ctx.paramsFromNames().isEmpty()) {
                notes.add("params of " + ctx.paramsFromNames().size() + " models taken from their names (nominal): "
                        + abbreviate(ctx.paramsFromNames().keySet(), 8));
            }
            if (!ctx.missingFromScales().isEmpty()) {
                notes.add(ctx.missingFromScales().size() + " models are not in the scales table " + input.scales + ": "
                        + abbreviate(ctx.missingFromScales(), 8));
            }
            if (!a.unknownMetrics().isEmpty()) {
                notes.add(InputOptions.unknownMetricsNote(a.unknownMetrics()));
            }
            String familyNote = InputOptions.familyNote(ctx);
            if (familyNote != null) {
                notes.add(familyNote);
            }
            notes.addAll(diagnostics);
            if (items.overflow()) {
                notes.add("per-item statistics exceeded their budget of " + items.budget() + " values: the verdict used "
                        + "per-point uncertainty instead of paired item bootstraps");
            }
            if (verdicts.candidates() > verdicts.judged()) {
                notes.add(verdicts.candidates() + " triplets have a smooth partner; the " + verdicts.judged() + " of highest "
                        + "evidence rank were judged (--max-verdicts), the other " + (verdicts.candidates() - verdicts.judged())
                        + " have no verdict and count in Benjamini-Hochberg with p = 1");
            }
            for (String n : notes) {
                err.println("note: " + n);
            }
            if (log.count() > 0) {
                StringBuilder sb = new StringBuilder();
                log.countsByKind().forEach((k, c) -> sb.append(sb.length() == 0 ? "" : "; ").append(c).append(" ").append(k));
                err.println("skipped " + log.count() + " rows (listed in " + out.resolve("skipped.csv") + "): " + sb);
                log.firstByKind().forEach((k, e) -> err.println("  e.g. " + e.message()));
            }
            String timing = String.format(Locale.ROOT, "read %.2f s, analyse %.2f s, verdicts %.2f s, backtest %.2f s, write %.2f s",
                    (t1 - t0) / 1e9, (t2 - t1) / 1e9, (t3 - t2) / 1e9, (t4 - t3) / 1e9, (t5 - t4) / 1e9);

            int emergent = a.emergentCount(threshold);
            Map<String, Integer> verdictCounts = new TreeMap<>();
            for (mirage.core.verdict.Verdict v : vlist) {
                verdictCounts.merge(v.verdict().key(), 1, Integer::sum);
            }
            prov.note("files_read", read.files()).note("formats", read.detected()).note("points", a.points() - a.duplicates())
                    .note("series", a.seriesCount()).note("duplicates_skipped", a.duplicates())
                    .note("rows_skipped", log.count()).note("rows_skipped_by_kind", log.countsByKind())
                    .note("emergent_series", emergent).note("notes", notes)
                    .note("params_from_names", ctx.paramsFromNames())
                    .note("verdict_triplets_found", verdicts.candidates()).note("verdict_triplets_judged", verdicts.judged())
                    .note("verdict_triplets_with_items", verdicts.withItems()).note("verdicts", verdictCounts)
                    .note("multiple_comparisons", verdicts.report().multipleComparisons())
                    .note("verdict_notes", verdicts.report().notes())
                    .note("backtest_rows", backtest == null ? 0 : backtest.rows().size());
            List<String> outputs = new ArrayList<>(List.of("series.csv", "emergence.csv", "by_metric.csv", "verdicts.csv"));
            if (holdout > 0) {
                outputs.add("backtest.csv");
            }
            if (!lengths.isEmpty()) {
                outputs.add("lengths.csv");
            }
            outputs.add("skipped.csv");
            for (String f : outputs) {
                prov.output(f);
            }
            skippedOut.close();
            // Parquet copies of the outputs (Spark engine, --parquet-out): from the staged files, before they are committed
            engine.finish(folder.staging(), prov, err);
            Report.Result report = null;
            long t6 = System.nanoTime();
            boolean writeReport = !noReport && a.seriesCount() <= reportMaxSeries;
            if (!noReport && !writeReport) {
                String n = "report not written: " + a.seriesCount() + " series exceed --report-max-series " + reportMaxSeries
                        + " (run 'mirage report " + out + "' with a larger heap)";
                notes.add(n);
                err.println("note: " + n);
                prov.note("notes", notes);
            }
            if (writeReport) {
                prov.output(Report.PAGE).output(Report.FIGURES);
            }
            // the new outputs replace the old ones together (an old report goes with the old results)
            prov.note("timing", timing).write(folder.stage("provenance.json"));
            folder.commit(OUTPUTS);
            committed = true;
            OutputFolder.crashPoint("committed");
            if (writeReport) {
                report = new Report(Report.Options.defaults().withArguments(List.of(out.toString()))).write(out);
            }
            long t7 = System.nanoTime();
            timing += String.format(Locale.ROOT, ", report %.2f s", (t7 - t6) / 1e9);
            prov.note("timing", timing);
            if (writeReport) {
                prov.write(out.resolve("provenance.json"));
            }
            err.println("time: " + timing + " (" + nThreads + " threads)");

            o.println("analysed " + (a.points() - a.duplicates()) + " values in " + a.seriesCount() + " series from " + read.files()
                    + " file" + (read.files() == 1 ? "" : "s") + " (axis " + ax.key() + "); wrote " + out);
            // the one summariser (mirage.report.summary.Summary): the report's own opening, or, without a report, read from
            // the small files just written
            (report != null ? report.summary() : mirage.report.summary.Summary.of(
                    mirage.report.data.AnalysisInputs.load(out, mirage.io.results.SeriesFilter.ALL, false))).print(o, CONSOLE_ANSWERS);
            if (report != null) {
                o.println("report: " + report.page().toAbsolutePath().normalize());
            }
            o.flush();
            err.flush();
            return 0;
        } finally {
            engine.close();
            pool.shutdownNow();
            pool.awaitTermination(5, TimeUnit.SECONDS);
            if (!committed) {
                folder.abandon();
            }
            folder.close();
        }
    }

    /** Waits for series.csv, rethrowing what went wrong writing it. */
    private static void awaitSeries(java.util.concurrent.Future<?> f) throws IOException {
        try {
            f.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted", e);
        } catch (java.util.concurrent.ExecutionException e) {
            Throwable c = e.getCause();
            if (c instanceof IOException io) {
                throw io;
            }
            if (c instanceof RuntimeException r) {
                throw r;
            }
            if (c instanceof Error err) {
                throw err;
            }
            throw new IOException(c);
        }
    }

    private boolean strict() {
        return input.strict;
    }

    private static String abbreviate(java.util.Collection<String> items, int max) {
        List<String> l = new ArrayList<>(items);
        return l.size() <= max ? String.join(", ", l) : String.join(", ", l.subList(0, max)) + ", ... (" + l.size() + ")";
    }

}

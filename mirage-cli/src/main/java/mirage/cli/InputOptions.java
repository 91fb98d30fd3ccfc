package mirage.cli;

import java.io.BufferedWriter;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.Writer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import mirage.core.InputException;
import mirage.core.data.ScaleAxis;
import mirage.core.metric.Metric;
import mirage.core.metric.Metrics;
import mirage.io.InputFiles;
import mirage.analysis.PointTable;
import mirage.io.provenance.Provenance;
import mirage.io.results.ColumnMap;
import mirage.io.results.ItemTables;
import mirage.io.results.ReadContext;
import mirage.io.results.ResultFormat;
import mirage.io.results.ResultReaders;
import mirage.io.results.ScalesTable;
import mirage.io.results.SkipLog;
import picocli.CommandLine.Option;

/**
 * The input options shared by {@code mirage analyze} and {@code mirage predict} (a picocli mixin), and the
 * reading step they share: every input through the reader layer ({@code mirage.io.results}) into a
 * {@link PointTable}.
 */
public final class InputOptions {

    @Option(names = "--format", defaultValue = "auto", paramLabel = "FMT",
            description = "auto (detect per file), long, wide, bigbench, lmeval-results, lmeval-samples, samples (default: ${DEFAULT-VALUE})")
    String format;

    @Option(names = "--map", paramLabel = "ENTRIES|FILE",
            description = "column roles, e.g. 'model=Model;params=Model Size (B)*1e9;columns={task}_{shots}_{metric}', "
                    + "or a map FILE with one entry per line (docs/FORMATS.md, \"Column maps\"); repeatable")
    List<String> maps = new ArrayList<>();

    @Option(names = "--scales", paramLabel = "FILE",
            description = "CSV of model scales (and families) joined on the model name; its columns via scales.ROLE map entries")
    Path scales;

    @Option(names = "--axis", defaultValue = "params", paramLabel = "AXIS",
            description = "scale axis: params, non_embedding_params, tokens, flops, step (default: ${DEFAULT-VALUE})")
    String axis;

    @Option(names = "--all-steps",
            description = "keep every checkpoint (each step its own curves); by default an axis other than step uses each "
                    + "model's last checkpoint, and says so")
    boolean allSteps;

    @Option(names = "--min-step", paramLabel = "N",
            description = "leave out checkpoints before training step N (e.g. a learning-rate warm-up, when nothing has "
                    + "been learned yet; with --axis step or --all-steps)")
    Double minStep;

    @Option(names = "--metrics", paramLabel = "a,b,...",
            description = "metrics to score per-sample inputs with (default: every metric that needs no parameter)")
    String metrics;

    @Option(names = "--strict", description = "stop at the first row that cannot be used (exit 2)")
    boolean strict;

    @Option(names = "--no-name-scales", description = "do not take a model's size from its name when nothing else gives it")
    boolean noNameScales;

    /** What reading gave. */
    /** @param filtered values left out by the --family/--task/--metric filter */
    record Read(PointTable table, ReadContext context, ScaleAxis axis, ResultFormat format, ColumnMap map,
                List<Metric> scoring, Map<String, String> detected, int files, long filtered) {
    }

    ScaleAxis axis() {
        return ScaleAxis.parse(axis);
    }

    List<Metric> scoring() {
        return metrics == null ? Metrics.defaults() : Metrics.parseList(metrics);
    }

    /** Every file the inputs name (directories expanded) and the --scales table: what outputs must not replace. */
    List<Path> files(List<Path> inputs) throws IOException {
        List<Path> out = new ArrayList<>();
        for (Path in : inputs) {
            if (!Files.exists(in)) {
                throw new InputException(in.toString(), 0, null, "no such file or directory");
            }
            out.addAll(ResultReaders.expand(in));
        }
        if (scales != null) {
            out.add(scales);
        }
        return out;
    }

    /** Records the options in a provenance's configuration. */
    void config(Provenance prov, List<Path> inputs) {
        prov.config("inputs", inputs.stream().map(Path::toString).toList()).config("format", format)
                .config("map", maps).config("scales", scales == null ? null : scales.toString())
                .config("axis", axis).config("all_steps", allSteps).config("min_step", minStep).config("strict", strict).config("name_scales", !noNameScales)
                .config("metrics", scoring().stream().map(Metric::name).toList());
    }

    /**
     * Reads every input (files or directories) into a point table, reporting each detection on {@code err}
     * and each input file with its SHA-256 to {@code prov} (may be null).
     *
     * @param items where per-sample readers keep per-item statistics (null: not kept)
     */
    Read read(List<Path> inputs, SkipLog log, ExecutorService pool, int threads, ItemTables items, Provenance prov,
              PrintWriter err) throws IOException {
        return read(inputs, log, pool, threads, items, prov, err, null);
    }

    /**
     * As {@link #read(List, SkipLog, ExecutorService, int, ItemTables, Provenance, PrintWriter)}, keeping only the series
     * the filter keeps (null: all); the values left out are counted in {@link Read#filtered()}.
     */
    Read read(List<Path> inputs, SkipLog log, ExecutorService pool, int threads, ItemTables items, Provenance prov,
              PrintWriter err, mirage.io.results.SeriesFilter filter) throws IOException {
        ResultFormat fmt = ResultFormat.parse(format);
        ScaleAxis ax = axis();
        List<Metric> scoring = scoring();
        ColumnMap map = ColumnMap.parse(maps);
        for (Path in : inputs) {
            if (!Files.exists(in)) {
                throw new InputException(in.toString(), 0, null, "no such file or directory");
            }
        }
        ScalesTable scalesTable = null;
        if (scales != null) {
            if (!Files.isRegularFile(scales)) {
                throw new InputException(scales.toString(), 0, null, "no such file");
            }
            try (InputFiles.Opened in = InputFiles.open(scales)) {
                scalesTable = ScalesTable.read(in, scales.toString(), map, log);
                if (prov != null) {
                    prov.input(scales, Files.size(scales), in.sha256());
                }
            }
            log.note(scales + ": scales of " + scalesTable.size() + " models (" + String.join(", ", scalesTable.columnsUsed()) + ")");
        }
        if (minStep != null && !(minStep > 0 && minStep < Double.POSITIVE_INFINITY)) {
            throw new InputException("--min-step must be a positive number of training steps, got " + minStep);
        }
        PointTable table = new PointTable(ax, log).withMetrics(map.metrics())
                .withCheckpoints(allSteps ? PointTable.Checkpoints.ALL : PointTable.Checkpoints.LAST)
                .withMinStep(minStep == null ? Double.NaN : minStep);
        mirage.io.results.FilteringSink filtering = filter == null || filter.all() ? null : new mirage.io.results.FilteringSink(table, filter);
        ReadContext ctx = new ReadContext(map, filtering == null ? table : filtering, log, pool, threads, scoring, scalesTable,
                !noNameScales).withItems(items);
        Map<String, String> detected = new LinkedHashMap<>();
        int files = 0;
        for (Path in : inputs) {
            boolean dir = Files.isDirectory(in);
            for (Path f : ResultReaders.expand(in)) {
                ResultReaders.FileRead r = ResultReaders.read(f, fmt, dir, ctx);
                if (prov != null) {
                    prov.input(f, r.bytes(), r.sha256());
                }
                if (r.detection() != null) {
                    files++;
                    detected.put(f.toString(), r.detection().format().key());
                    err.println("read " + f + ": " + r.detection().format().description()
                            + (fmt == ResultFormat.AUTO ? " (detected: " + r.detection().reason() + ")" : ""));
                }
            }
        }
        return new Read(table, ctx, ax, fmt, map, scoring, detected, files, filtering == null ? 0 : filtering.dropped());
    }

    /**
     * The one-line error of an analysis with nothing to analyse: what is missing and how to give it (exit 2).
     *
     * @param values values left to analyse (0 makes this an error)
     */
    String nothingToAnalyse(Read read, SkipLog log) {
        PointTable t = read.table();
        String axisKey = read.axis().key();
        if (read.files() == 0) {
            return "nothing to analyse: no input file is in a format mirage reads" + (read.format() == ResultFormat.AUTO ? ""
                    : " as --format " + format + " (leave --format out to detect each file's format)");
        }
        if (t.withoutScale() > 0) {
            List<String> models = new ArrayList<>(t.modelsWithoutScale());
            String seen = models.size() <= 6 ? String.join(", ", models)
                    : String.join(", ", models.subList(0, 6)) + ", ... (" + models.size() + (models.size() >= 1000 ? "+" : "") + ")";
            return "nothing to analyse: none of the " + t.withoutScale() + " values has a model with " + axisKey
                    + " (models seen: " + seen + "); give the models' sizes with --scales FILE, a CSV with columns "
                    + "model," + axisKey + " (and family), e.g. the models.csv of 'mirage train arithmetic'"
                    + (axisKey.equals("params") ? "" : ", or choose another --axis");
        }
        return "nothing to analyse: " + read.files() + " file" + (read.files() == 1 ? "" : "s") + " read ("
                + String.join(", ", new java.util.TreeSet<>(read.detected().values())) + ") gave no values"
                + (log.count() > 0 ? " (" + log.count() + " rows skipped, listed on stderr)" : "")
                + "; check --format" + (read.format() == ResultFormat.AUTO ? " (detected per file)" : " " + format)
                + " and the column roles (--map)";
    }

    /**
     * When the input gave no family and the model names carry no size (so each model is a family of its own with
     * one point per curve): what happened and how to fix it; null otherwise.
     */
    static String familyNote(ReadContext ctx) {
        java.util.Set<String> derived = ctx.familiesFromNames();
        List<String> own = new ArrayList<>();
        for (String m : derived) {
            String base = m.substring(m.lastIndexOf('/') + 1);
            if (mirage.io.results.ModelNames.family(m).equals(base)) {
                own.add(m);
            }
        }
        if (own.size() < 2 || own.size() * 2 < derived.size()) {
            return null;
        }
        return "the input has no family column, and " + own.size() + " of the " + derived.size() + " model names carry no "
                + "size to group them by (e.g. " + String.join(", ", own.subList(0, Math.min(3, own.size())))
                + "), so each of these models is a family of its own, with one point per curve. Give the family: a "
                + "'family' column (or --map 'family=COLUMN'), or --scales FILE with columns model,family,params";
    }

    /**
     * The note on metric names mirage does not know: the direction assumed for each (lower-is-better when the name
     * says distance, error, loss, perplexity, ...), suggestions, and how to declare one.
     */
    static String unknownMetricsNote(List<String> unknown) {
        StringBuilder sb = new StringBuilder("metrics mirage does not know (assumed discontinuous, not linear; direction "
                + "from the name): ");
        int shown = 0;
        for (String m : unknown) {
            if (shown++ == 12) {
                sb.append("; ... (").append(unknown.size()).append(" in all)");
                break;
            }
            if (shown > 1) {
                sb.append("; ");
            }
            sb.append(m).append(mirage.core.metric.MetricCatalog.lowerIsBetterByName(m) ? " (lower is better: its name says so)"
                    : " (higher is better)");
            List<String> s = mirage.core.metric.MetricCatalog.suggest(m);
            if (!s.isEmpty()) {
                sb.append(", did you mean ").append(String.join(" or ", s)).append('?');
            }
        }
        String first = unknown.get(0);
        return sb.append(". Declare what a metric is with --map 'metric:").append(first).append(" = NAME' (a metric mirage knows) or ")
                .append("--map 'metric:").append(first).append(" = higher_is_better=false, continuous=true, partner=token_prob'").toString();
    }

    /** A skip log writing to nothing (for commands without a skipped.csv). */
    static Writer nullWriter() {
        return new BufferedWriter(Writer.nullWriter());
    }
}

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

    @Option(names = "--metrics", paramLabel = "a,b,...",
            description = "metrics to score per-sample inputs with (default: every metric that needs no parameter)")
    String metrics;

    @Option(names = "--strict", description = "stop at the first row that cannot be used (exit 2)")
    boolean strict;

    @Option(names = "--no-name-scales", description = "do not take a model's size from its name when nothing else gives it")
    boolean noNameScales;

    /** What reading gave. */
    record Read(PointTable table, ReadContext context, ScaleAxis axis, ResultFormat format, ColumnMap map,
                List<Metric> scoring, Map<String, String> detected, int files) {
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
                .config("axis", axis).config("strict", strict).config("name_scales", !noNameScales)
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
        PointTable table = new PointTable(ax, log);
        ReadContext ctx = new ReadContext(map, table, log, pool, threads, scoring, scalesTable, !noNameScales).withItems(items);
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
        return new Read(table, ctx, ax, fmt, map, scoring, detected, files);
    }

    /** A skip log writing to nothing (for commands without a skipped.csv). */
    static Writer nullWriter() {
        return new BufferedWriter(Writer.nullWriter());
    }
}

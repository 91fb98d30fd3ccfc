package mirage.report;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.stream.Stream;
import mirage.core.InputException;
import mirage.io.AtomicFile;
import mirage.io.csv.CsvWriter;
import mirage.io.provenance.Provenance;
import mirage.io.results.SeriesFilter;
import mirage.report.data.AnalysisInputs;
import mirage.report.page.Page;
import mirage.report.plot.Figure;
import mirage.report.summary.Summary;

/**
 * Writes {@code DIR/report.html} (one self-contained page: inline style, script and data; no network
 * access; a Content-Security-Policy that allows only the page's own script), {@code DIR/figures/}
 * (every figure as SVG and PNG, plus {@code figures.csv} listing them with captions) and
 * {@code DIR/report.provenance.json}, from the analysis files in DIR ({@link AnalysisInputs}).
 *
 * <p>The page ({@link Page}) is built section by section ({@code mirage.report.page}); it opens with the summariser's
 * answer ({@link Summary}). Every group of curves is embedded as numbers and drawn on demand (at most
 * {@link Options#maxPanels()}, the strongest evidence first); {@link Options#maxFigures()} of them are also written to
 * {@code figures/}, and tables hold at most {@link Options#maxTableRows()} rows each; the page says what is capped.
 */
public final class Report {

    /**
     * @param maxPanels groups of scaling curves embedded in the page (findable and drawable there), strongest evidence first
     * @param panelPageSize groups per page of the panel browser
     * @param maxFigures groups written to {@code figures/} as files
     * @param maxLengthFigures accuracy-vs-target-length figures
     * @param maxTableRows rows per table
     * @param figures whether to write {@code figures/} at all
     * @param pngDpi resolution of the PNG files (figures are sized in CSS pixels, 96 per inch)
     * @param arguments the command line, for the provenance record
     * @param filter the families, tasks and metrics to report on ({@code --family/--task/--metric})
     */
    public record Options(int maxPanels, int panelPageSize, int maxFigures, int maxLengthFigures, int maxTableRows,
                          boolean figures, double pngDpi, List<String> arguments, SeriesFilter filter) {
        /** Groups on the page by default: all of them, up to this many. */
        public static final int DEFAULT_MAX_PANELS = 100_000;

        public static Options defaults() {
            return new Options(DEFAULT_MAX_PANELS, 10, 40, 12, 20000, true, 300, List.of(), SeriesFilter.ALL);
        }

        public Options {
            if (maxPanels < 0 || panelPageSize < 1 || maxFigures < 0 || maxLengthFigures < 0 || maxTableRows < 0) {
                throw new IllegalArgumentException("report limits must be non-negative (page size at least 1)");
            }
            if (!(pngDpi >= 24 && pngDpi <= 1200)) {
                throw new IllegalArgumentException("PNG resolution must be between 24 and 1200 dpi, got " + pngDpi);
            }
            arguments = List.copyOf(arguments);
            filter = filter == null ? SeriesFilter.ALL : filter;
        }

        public Options withPngDpi(double dpi) {
            return new Options(maxPanels, panelPageSize, maxFigures, maxLengthFigures, maxTableRows, figures, dpi, arguments, filter);
        }

        public Options withMaxPanels(int n) {
            return new Options(n, panelPageSize, maxFigures, maxLengthFigures, maxTableRows, figures, pngDpi, arguments, filter);
        }

        public Options withMaxFigures(int n) {
            return new Options(maxPanels, panelPageSize, n, maxLengthFigures, maxTableRows, figures, pngDpi, arguments, filter);
        }

        public Options withMaxTableRows(int n) {
            return new Options(maxPanels, panelPageSize, maxFigures, maxLengthFigures, n, figures, pngDpi, arguments, filter);
        }

        public Options withFigures(boolean f) {
            return new Options(maxPanels, panelPageSize, maxFigures, maxLengthFigures, maxTableRows, f, pngDpi, arguments, filter);
        }

        public Options withArguments(List<String> args) {
            return new Options(maxPanels, panelPageSize, maxFigures, maxLengthFigures, maxTableRows, figures, pngDpi, args, filter);
        }

        public Options withFilter(SeriesFilter f) {
            return new Options(maxPanels, panelPageSize, maxFigures, maxLengthFigures, maxTableRows, figures, pngDpi, arguments, f);
        }
    }

    /**
     * What was written.
     *
     * @param page the report page
     * @param groups (family, task, labels) groups in the data
     * @param groupsShown groups embedded in the page
     * @param figures figure files written (SVG and PNG counted once)
     * @param summary what the data show: the answers, then the findings (the summariser's, as the page opens with)
     * @param notes what is missing or capped
     */
    public record Result(Path page, int groups, int groupsShown, int figures, Summary summary, List<String> notes) {
    }

    public static final String PAGE = "report.html";
    public static final String FIGURES = "figures";
    public static final String PROVENANCE = "report.provenance.json";

    private final Options options;

    public Report(Options options) {
        this.options = options;
    }

    /** Reads DIR and writes the report into it. */
    public Result write(Path dir) throws IOException {
        Instant started = Instant.now();
        // a folder a killed analyze left between two sets of outputs would be a mixture: refused
        mirage.io.OutputFolder.checkComplete(dir);
        AnalysisInputs in = AnalysisInputs.load(dir, options.filter(), true);
        if (in.isEmpty()) {
            throw new InputException(dir.toString(), 0, null, "nothing to report: no " + AnalysisInputs.SERIES + ", "
                    + AnalysisInputs.EMERGENCE + ", " + AnalysisInputs.SIMULATION + " or other analysis file in this folder"
                    + " (run 'mirage analyze --out DIR' or 'mirage simulate --out DIR' first)");
        }
        Page page = new Page(in, options).build();
        int figures = 0;
        if (options.figures()) {
            figures = writeFigures(dir, page.figures(), options.pngDpi() / 96);
        } else {
            page.notes().add("Figure files were not written (--no-figures).");
        }
        Provenance prov = new Provenance("report", options.arguments());
        prov.config("max_panels", options.maxPanels()).config("panel_page_size", options.panelPageSize())
                .config("max_figures", options.maxFigures()).config("max_length_figures", options.maxLengthFigures())
                .config("max_table_rows", options.maxTableRows()).config("figures", options.figures())
                .config("png_dpi", options.pngDpi());
        if (!options.filter().all()) {
            prov.config("families", options.filter().families()).config("tasks", options.filter().tasks())
                    .config("metrics", options.filter().metrics());
        }
        for (Path p : in.filesRead()) {
            prov.input(p);
        }
        prov.output(PAGE);
        if (options.figures()) {
            prov.output(FIGURES + "/");
        }
        prov.note("groups", page.groups()).note("groups_shown", page.shownGroups()).note("figures", figures);
        String html = page.html(prov.toMap(), started);
        AtomicFile.writeString(dir.resolve(PAGE), html);
        prov.note("page_bytes", html.getBytes(StandardCharsets.UTF_8).length);
        prov.write(dir.resolve(PROVENANCE));
        readable(dir.resolve(PAGE));
        readable(dir.resolve(PROVENANCE));
        readable(dir.resolve(FIGURES));
        return new Result(dir.resolve(PAGE), page.groups(), page.shownGroups(), figures, page.summary(), page.notes());
    }

    /** Writes every figure to a fresh folder and swaps it in for {@code figures/} (which mirage owns). */
    private static int writeFigures(Path dir, List<Figure> figs, double pngScale) throws IOException {
        // what killed reports left: their figure folders in the making and the old ones not yet deleted
        try (java.nio.file.DirectoryStream<Path> old = Files.newDirectoryStream(dir, ".figures-*")) {
            for (Path p : old) {
                deleteTree(p);
            }
        }
        Path tmp = Files.createTempDirectory(dir, ".figures-");
        try {
            StringBuilder index = new StringBuilder();
            CsvWriter w = new CsvWriter(new java.io.Writer() {
                @Override
                public void write(char[] cbuf, int off, int len) {
                    index.append(cbuf, off, len);
                }

                @Override
                public void flush() {
                }

                @Override
                public void close() {
                }
            });
            w.row("svg", "png", "caption");
            System.setProperty("java.awt.headless", "true");
            for (Figure f : figs) {
                Files.writeString(tmp.resolve(f.id() + ".svg"), f.svg("f", false), StandardCharsets.UTF_8);
                Files.write(tmp.resolve(f.id() + ".png"), f.png(pngScale));
                w.row(f.id() + ".svg", f.id() + ".png", f.caption());
            }
            Files.writeString(tmp.resolve("figures.csv"), index.toString(), StandardCharsets.UTF_8);
            Path target = dir.resolve(FIGURES);
            Path old = null;
            if (Files.exists(target)) {
                old = dir.resolve(".figures-old-" + System.nanoTime());
                Files.move(target, old);
            }
            Files.move(tmp, target);
            tmp = null;
            mirage.io.OutputFolder.crashPoint("report:figures");
            if (old != null) {
                deleteTree(old);
            }
        } finally {
            if (tmp != null) {
                deleteTree(tmp);
            }
        }
        return figs.size();
    }

    /**
     * Makes an output readable by others (files 644, folders 755) where POSIX permissions exist: temporary
     * files, which AtomicFile renames into place, are created 600, and a report is meant to be shared.
     */
    static void readable(Path p) throws IOException {
        if (!Files.exists(p) || !Files.getFileStore(p).supportsFileAttributeView("posix")) {
            return;
        }
        try (Stream<Path> s = Files.walk(p)) {
            for (Path q : (Iterable<Path>) s::iterator) {
                Files.setPosixFilePermissions(q, java.nio.file.attribute.PosixFilePermissions.fromString(
                        Files.isDirectory(q) ? "rwxr-xr-x" : "rw-r--r--"));
            }
        }
    }

    private static void deleteTree(Path p) throws IOException {
        if (!Files.exists(p)) {
            return;
        }
        try (Stream<Path> s = Files.walk(p)) {
            for (Path q : (Iterable<Path>) s.sorted(Comparator.reverseOrder())::iterator) {
                Files.deleteIfExists(q);
            }
        }
    }

    /** A file name part from untrusted text: lower-case [a-z0-9-], at most 50 characters. */
    public static String slug(String s) {
        String t = s.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9]+", "-").replaceAll("^-+|-+$", "");
        if (t.length() > 50) {
            t = t.substring(0, 50).replaceAll("-+$", "");
        }
        return t.isEmpty() ? "x" : t;
    }
}

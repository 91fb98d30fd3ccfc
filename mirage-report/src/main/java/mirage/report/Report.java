package mirage.report;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;
import mirage.core.InputException;
import mirage.io.AtomicFile;
import mirage.io.csv.CsvWriter;
import mirage.io.provenance.Provenance;
import mirage.report.data.AnalysisInputs;
import mirage.report.data.CsvTable;
import mirage.report.data.Curve;
import mirage.report.data.PanelGroup;
import mirage.report.data.SimulationRun;
import mirage.report.html.Html;
import mirage.report.plot.Axis;
import mirage.report.plot.Figure;
import mirage.report.plot.Plot;

/**
 * Writes {@code DIR/report.html} (one self-contained page: inline style, script and data; no network
 * access; a Content-Security-Policy that allows only the page's own script), {@code DIR/figures/}
 * (every figure as SVG and PNG, plus {@code figures.csv} listing them with captions) and
 * {@code DIR/report.provenance.json}, from the analysis files in DIR ({@link AnalysisInputs}).
 *
 * <p>Large inputs are capped, and the page says so: at most {@link Options#maxPanels()} (family, task,
 * labels) groups are embedded (the highest emergence scores first), {@link Options#maxFigures()} of them
 * are written to {@code figures/}, and tables hold at most {@link Options#maxTableRows()} rows each.
 */
public final class Report {

    /**
     * @param maxPanels groups of scaling curves embedded in the page
     * @param panelPageSize groups per page of the panel browser
     * @param maxFigures groups written to {@code figures/} as files
     * @param maxLengthFigures accuracy-vs-target-length figures
     * @param maxTableRows rows per table
     * @param figures whether to write {@code figures/} at all
     * @param pngDpi resolution of the PNG files (figures are sized in CSS pixels, 96 per inch)
     * @param arguments the command line, for the provenance record
     */
    public record Options(int maxPanels, int panelPageSize, int maxFigures, int maxLengthFigures, int maxTableRows,
                          boolean figures, double pngDpi, List<String> arguments, List<String> leadSummary) {
        public static Options defaults() {
            return new Options(150, 10, 40, 12, 20000, true, 300, List.of(), List.of());
        }

        public Options {
            if (maxPanels < 0 || panelPageSize < 1 || maxFigures < 0 || maxLengthFigures < 0 || maxTableRows < 0) {
                throw new IllegalArgumentException("report limits must be non-negative (page size at least 1)");
            }
            if (!(pngDpi >= 24 && pngDpi <= 1200)) {
                throw new IllegalArgumentException("PNG resolution must be between 24 and 1200 dpi, got " + pngDpi);
            }
            arguments = List.copyOf(arguments);
            leadSummary = List.copyOf(leadSummary);
        }

        public Options withPngDpi(double dpi) {
            return new Options(maxPanels, panelPageSize, maxFigures, maxLengthFigures, maxTableRows, figures, dpi, arguments, leadSummary);
        }

        public Options withMaxPanels(int n) {
            return new Options(n, panelPageSize, maxFigures, maxLengthFigures, maxTableRows, figures, pngDpi, arguments, leadSummary);
        }

        public Options withMaxFigures(int n) {
            return new Options(maxPanels, panelPageSize, n, maxLengthFigures, maxTableRows, figures, pngDpi, arguments, leadSummary);
        }

        public Options withMaxTableRows(int n) {
            return new Options(maxPanels, panelPageSize, maxFigures, maxLengthFigures, n, figures, pngDpi, arguments, leadSummary);
        }

        public Options withFigures(boolean f) {
            return new Options(maxPanels, panelPageSize, maxFigures, maxLengthFigures, maxTableRows, f, pngDpi, arguments, leadSummary);
        }

        /**
         * Lines the summary ("What the data show") starts with, after the mathematical model's line when there is
         * one (e.g. the demo's findings); the report's own lines follow, five lines in all.
         */
        public Options withLeadSummary(List<String> lines) {
            return new Options(maxPanels, panelPageSize, maxFigures, maxLengthFigures, maxTableRows, figures, pngDpi, arguments, lines);
        }

        public Options withArguments(List<String> args) {
            return new Options(maxPanels, panelPageSize, maxFigures, maxLengthFigures, maxTableRows, figures, pngDpi, args, leadSummary);
        }
    }

    /**
     * What was written.
     *
     * @param page the report page
     * @param groups (family, task, labels) groups in the data
     * @param groupsShown groups embedded in the page
     * @param figures figure files written (SVG and PNG counted once)
     * @param summary up to five lines saying what the data show
     * @param notes what is missing or capped
     */
    public record Result(Path page, int groups, int groupsShown, int figures, List<String> summary, List<String> notes) {
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
        AnalysisInputs in = AnalysisInputs.load(dir);
        if (in.isEmpty()) {
            throw new InputException(dir.toString(), 0, null, "nothing to report: no " + AnalysisInputs.SERIES + ", "
                    + AnalysisInputs.EMERGENCE + ", " + AnalysisInputs.SIMULATION + " or other analysis file in this folder"
                    + " (run 'mirage analyze --out DIR' or 'mirage simulate --out DIR' first)");
        }
        Page page = new Page(in, options);
        page.build();
        int figures = 0;
        if (options.figures()) {
            figures = writeFigures(dir, page.figures, options.pngDpi() / 96);
        } else {
            page.notes.add("Figure files were not written (--no-figures).");
        }
        Provenance prov = new Provenance("report", options.arguments());
        prov.config("max_panels", options.maxPanels()).config("panel_page_size", options.panelPageSize())
                .config("max_figures", options.maxFigures()).config("max_length_figures", options.maxLengthFigures())
                .config("max_table_rows", options.maxTableRows()).config("figures", options.figures())
                .config("png_dpi", options.pngDpi());
        for (Path p : in.filesRead()) {
            prov.input(p);
        }
        prov.output(PAGE);
        if (options.figures()) {
            prov.output(FIGURES + "/");
        }
        prov.note("groups", page.groups.size()).note("groups_shown", page.shownGroups).note("figures", figures);
        String html = page.html(prov.toMap(), started);
        AtomicFile.writeString(dir.resolve(PAGE), html);
        prov.write(dir.resolve(PROVENANCE));
        readable(dir.resolve(PAGE));
        readable(dir.resolve(PROVENANCE));
        readable(dir.resolve(FIGURES));
        return new Result(dir.resolve(PAGE), page.groups.size(), page.shownGroups, figures, page.summary, page.notes);
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

    static String resource(String name) {
        try (InputStream s = Report.class.getResourceAsStream(name)) {
            if (s == null) {
                throw new IllegalStateException("missing resource " + name);
            }
            return new String(s.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A file name part from untrusted text: lower-case [a-z0-9-], at most 50 characters. */
    static String slug(String s) {
        String t = s.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9]+", "-").replaceAll("^-+|-+$", "");
        if (t.length() > 50) {
            t = t.substring(0, 50).replaceAll("-+$", "");
        }
        return t.isEmpty() ? "x" : t;
    }

    // =====================================================================================================

    /** The page under construction. */
    static final class Page {
        final AnalysisInputs in;
        final Options o;
        final List<PanelGroup> groups;
        final List<Figure> figures = new ArrayList<>();
        final List<String> notes = new ArrayList<>();
        final List<String> summary = new ArrayList<>();
        final StringBuilder body = new StringBuilder(1 << 16);
        final Map<String, Object> data = new LinkedHashMap<>();
        final Map<String, Object> tables = new LinkedHashMap<>();
        final List<String[]> toc = new ArrayList<>();
        int shownGroups;
        int svgSeq;

        Page(AnalysisInputs in, Options o) {
            this.in = in;
            this.o = o;
            this.groups = in.groups();
            notes.addAll(in.notes());
        }

        void build() {
            data.put("panelPageSize", o.panelPageSize());
            data.put("tables", tables);
            model();
            panels();
            lengths();
            emergence();
            byMetric();
            verdicts();
            predictions();
            skipped();
            summarise();
        }

        private void section(String id, String title) {
            toc.add(new String[] {id, title});
            body.append("<section id=\"").append(id).append("\"><h2>").append(Html.text(title)).append("</h2>\n");
        }

        private void endSection() {
            body.append("</section>\n");
        }

        private void p(String cls, String text) {
            body.append("<p").append(cls == null ? "" : " class=\"" + cls + "\"").append('>').append(Html.text(text)).append("</p>\n");
        }

        private void staticFigure(Figure f, String caption) {
            figures.add(f);
            body.append("<figure class=\"static\" id=\"fig-").append(f.id()).append("\">")
                    .append(f.svg("s" + (svgSeq++), true))
                    .append("<figcaption>").append(Html.text(caption)).append(" <span class=\"file\">(figures/")
                    .append(f.id()).append(".svg, .png)</span></figcaption></figure>\n");
        }

        private void tableHost(String key) {
            body.append("<div class=\"table-host\" id=\"table-").append(key).append("\"></div>")
                    .append("<p class=\"nojs\">This table needs JavaScript; the CSV file holds the same rows.</p>\n");
        }

        // ------------------------------------------------------------ the mathematical model
        private void model() {
            List<SimulationRun> runs = in.simulations();
            if (runs.isEmpty()) {
                return;
            }
            section("model", "The mathematical model (the paper's Figure 2)");
            SimulationRun base = runs.get(0);
            p(null, "Per-token cross-entropy falls as a power law in parameters, so the probability p of each token being right"
                    + " rises smoothly. Exact match over L = " + base.length() + " tokens (\u2248 p^L) and the multiple-choice grade"
                    + " turn that into sharp, \u201cemergent\u201d-looking curves; token edit distance (\u2248 L(1\u2212p)) and the"
                    + " Brier score stay smooth on the same outputs (Schaeffer, Miranda, Koyejo 2023, Section 2).");
            if (base.model() == null) {
                notes.add(AnalysisInputs.SIMULATION + ": alpha and c unknown; the closed-form curves are drawn only at the sizes of the file.");
            }
            staticFigure(new Figure("fig2-math-model", "The paper's mathematical model: cross-entropy (N/c)^alpha, alpha = "
                    + Charts.fmt(base.alpha()) + ", c = " + Charts.fmt(base.c()) + "; L = " + base.length() + " tokens, "
                    + base.choices() + " choices. Line: closed form; dots: the sizes of simulation.csv; open markers: simulated"
                    + " test sets (bars \u00b11.96 SE).", Charts.figure2(runs), 2),
                    "Figure 2 of the paper, recomputed. Left column: what a nonlinear or discontinuous metric shows; right column: a"
                    + " smooth metric on the same model. Open markers: estimates from simulated test sets with \u00b11.96 standard errors.");
            if (runs.stream().anyMatch(SimulationRun::simulated)) {
                staticFigure(new Figure("fig2-resolution", "Resolution: exact match of simulated test sets against the closed form"
                        + " on a log scale, with each test set's floor 1/n; token edit distance on the same outputs.",
                        Charts.resolution(runs), 2),
                        "Resolution. With n test items an accuracy below 1/n usually reads 0 (open triangles on the bottom edge), so a"
                        + " small test set turns smooth improvement into a jump; a large one shows the closed form's steady rise."
                        + " Token edit distance on the same outputs is smooth at every n.");
                List<String> cols = List.of("run", "params", "p_token", "accuracy", "items", "sim_accuracy", "floor_1_over_n",
                        "reads_zero", "token_edit_distance", "sim_token_edit_distance");
                List<List<String>> rows = new ArrayList<>();
                for (SimulationRun r : runs) {
                    for (SimulationRun.Row row : r.rows()) {
                        rows.add(List.of(r.name().isEmpty() ? "." : r.name(), CsvWriter.number(row.params()),
                                CsvWriter.number(row.pToken()), CsvWriter.number(row.accuracy()),
                                r.simulated() ? Integer.toString(row.items()) : "", CsvWriter.number(row.simAccuracy()),
                                CsvWriter.number(row.resolution()), r.simulated() ? Boolean.toString(row.simAccuracy() == 0) : "",
                                CsvWriter.number(row.tokenEditDistance()), CsvWriter.number(row.simTokenEditDistance())));
                    }
                }
                tables.put("simulation", tableJson(cols, rows, rows.size(), -1, false));
                body.append("<h3>Simulated test sets</h3>");
                tableHost("simulation");
            }
            endSection();
        }

        // ------------------------------------------------------------ scaling panels
        private void panels() {
            if (groups.isEmpty()) {
                data.put("groups", List.of());
                return;
            }
            section("panels", "Scaling curves: every metric on the same outputs");
            p(null, "One card per (family, task, labels): left, the discontinuous or nonlinear metric with the highest emergence score;"
                    + " right, its smooth partner on the same outputs. Each panel's menu switches to any metric of the group;"
                    + " \u21c4 flips between a metric and its partner; \u201clog y\u201d shows small values (an open triangle on the"
                    + " bottom edge is a value the log axis cannot show, e.g. 0). Dashed grey: chance level; dashed light grey:"
                    + " the resolution floor 1/n of a proportion measured on n items.");
            shownGroups = Math.min(groups.size(), o.maxPanels());
            if (shownGroups < groups.size()) {
                String cap = "Showing the " + shownGroups + " groups with the highest emergence scores of " + groups.size()
                        + " (--max-panels); every curve is in series.csv and every emergence score in the table below.";
                p("cap", cap);
                notes.add(cap);
            }
            body.append("<div class=\"panel-controls\"><input type=\"search\" id=\"panel-filter\" placeholder=\"filter by family, task,"
                    + " labels or metric (words, all must match)\" aria-label=\"filter panels\"><span id=\"panel-count\"></span>"
                    + "<span class=\"pager\" id=\"panel-pager-top\"></span></div>\n"
                    + "<div id=\"panel-list\"></div><div class=\"pager\" id=\"panel-pager\"></div>\n"
                    + "<p class=\"print-only\">Printed: the current page of panels only.</p>"
                    + "<p class=\"nojs\">The panels are drawn by the page's script; the figures folder holds them as SVG and PNG.</p>\n");
            List<Object> gs = new ArrayList<>();
            int figureCount = 0;
            for (int i = 0; i < shownGroups; i++) {
                PanelGroup g = groups.get(i);
                Axis x = Charts.groupAxis(g);
                Curve left = g.left();
                Curve right = g.partner(left);
                Map<String, Object> gj = new LinkedHashMap<>();
                gj.put("id", "g" + i);
                gj.put("family", Html.clean(g.family()));
                gj.put("task", Html.clean(g.task()));
                gj.put("labels", Html.clean(g.labels()));
                gj.put("axis", g.axis());
                gj.put("axisTitle", Charts.axisTitle(g.axis()));
                gj.put("score", finiteOrInf(g.headlineScore()));
                gj.put("left", left.metric());
                gj.put("right", right == null ? null : right.metric());
                List<Object> ms = new ArrayList<>();
                for (Curve c : g.curves()) {
                    Map<String, Object> m = new LinkedHashMap<>();
                    m.put("name", c.metric());
                    m.put("smooth", c.info().smooth());
                    m.put("nature", PanelGroup.nature(c.info()));
                    m.put("es", finiteOrInf(c.emergence()));
                    m.put("status", c.status());
                    m.put("flip", flip(g, c));
                    m.put("intervals", Charts.intervalNote(c));
                    m.put("plot", Charts.scaling(c, x, false).toJson());
                    m.put("plotLog", Charts.logable(c) ? Charts.scaling(c, x, true).toJson() : null);
                    ms.add(m);
                }
                gj.put("metrics", ms);
                if (figureCount < o.maxFigures()) {
                    List<Plot> plots = new ArrayList<>();
                    plots.add(Charts.scaling(left, x, false));
                    if (right != null) {
                        plots.add(Charts.scaling(right, x, false));
                    }
                    String id = String.format(Locale.ROOT, "panel-%03d-%s", i + 1, slug(g.family() + "-" + g.task() + "-" + g.labels()));
                    figures.add(new Figure(id, g.family() + " / " + g.task() + (g.labels().isEmpty() ? "" : " [" + g.labels() + "]")
                            + ": " + left.metric() + (right == null ? "" : " and its partner " + right.metric())
                            + " on the same outputs against " + Charts.axisTitle(g.axis()) + "; " + Charts.intervalNote(left) + ".",
                            plots, 2));
                    gj.put("figure", id);
                    figureCount++;
                }
                gs.add(gj);
            }
            if (figureCount < shownGroups) {
                notes.add("figures/ holds the first " + figureCount + " of the " + shownGroups + " groups shown (--max-figures).");
            }
            data.put("groups", gs);
            endSection();
        }

        /** The metric the ⇄ button goes to from c: a discontinuous metric's partner; for a smooth metric, the discontinuous metric it partners (else the group's left metric). */
        private static String flip(PanelGroup g, Curve c) {
            if (!c.info().smooth()) {
                Curve p = g.partner(c);
                return p == null ? null : p.metric();
            }
            for (Curve d : g.curves()) {
                if (d != c && !d.info().smooth() && g.partner(d) == c) {
                    return d.metric();
                }
            }
            Curve l = g.left();
            if (l != c) {
                return l.metric();
            }
            Curve p = g.partner(c);
            return p == null ? null : p.metric();
        }

        // ------------------------------------------------------------ accuracy vs target length
        private void lengths() {
            List<Charts.LengthGroup> lgs = Charts.lengthGroups(groups);
            if (lgs.isEmpty()) {
                return;
            }
            section("length", "Accuracy against target length");
            p(null, "The paper's Section 3 predictions on the same outputs: relative to length 1, accuracy (exact match) falls about"
                    + " geometrically with the target length (a straight line on the log axis) and token edit distance about linearly."
                    + " One line per model, light = small, dark = large.");
            int shown = Math.min(lgs.size(), o.maxLengthFigures());
            if (shown < lgs.size()) {
                String cap = "Showing " + shown + " of " + lgs.size() + " groups with a target_length label.";
                p("cap", cap);
                notes.add(cap);
            }
            for (int i = 0; i < shown; i++) {
                Charts.LengthGroup lg = lgs.get(i);
                String[] pair = Charts.lengthMetrics(lg);
                String leftMetric = pair[0];
                String rightMetric = pair[1];
                List<Plot> plots = new ArrayList<>();
                plots.add(Charts.length(lg, leftMetric));
                if (rightMetric != null) {
                    plots.add(Charts.length(lg, rightMetric));
                }
                String title = lg.family() + " / " + lg.task() + (lg.labels().isEmpty() ? "" : " [" + lg.labels() + "]");
                body.append("<h3>").append(Html.text(title)).append("</h3>");
                staticFigure(new Figure(String.format(Locale.ROOT, "length-%03d-%s", i + 1, slug(lg.family() + "-" + lg.task() + "-"
                        + lg.labels())), title + ": " + leftMetric + (rightMetric == null ? "" : " and " + rightMetric)
                        + " against target length, one line per model.", plots, 2),
                        leftMetric + (rightMetric == null ? "" : " and " + rightMetric) + " against target length, one line per model"
                        + " (the discontinuous metric that changes most with length, and its smooth partner).");
            }
            endSection();
        }

        // ------------------------------------------------------------ tables
        private void emergence() {
            CsvTable t = in.emergence();
            if (t == null) {
                return;
            }
            section("emergence", "Emergence scores");
            p(null, "One row per scaling curve (emergence.csv): the emergence score of Schaeffer et al. (2023), Section 4, oriented so"
                    + " that a positive score means improvement with scale (docs/ANALYSIS.md). Click a column to sort; type to filter;"
                    + " \u201cshow\u201d opens the curve's panel.");
            int sortCol = t.header().indexOf("emergence_score");
            tables.put("emergence", tableJson(t, sortCol, true));
            capNote(t, "emergence.csv");
            tableHost("emergence");
            endSection();
        }

        private void byMetric() {
            CsvTable t = in.emergence();
            CsvTable b = in.byMetric();
            if (t == null && b == null) {
                return;
            }
            section("by-metric", "By metric: which metrics make emergence?");
            p(null, "The paper's Figure 5 question: are high emergence scores a property of tasks and model families, or of a few"
                    + " metrics? Scores concentrated in discontinuous or nonlinear metrics (red), while smooth metrics (blue) on the same"
                    + " outputs score low, point to the metric.");
            if (t != null && t.has("emergence_score") && t.has("metric")) {
                List<Charts.MetricScores> ms = Charts.metricScores(t);
                int cap = 60;
                List<Charts.MetricScores> drawn = ms.size() > cap ? ms.subList(0, cap) : ms;
                if (drawn.stream().anyMatch(m -> m.scores().length > 0)) {
                    Plot plot = Charts.byMetric(drawn);
                    staticFigure(new Figure("by-metric", "Emergence scores by metric (emergence.csv), highest median first.",
                            List.of(plot), 1, 640, 70 + 19.0 * drawn.size()), "Emergence scores by metric, highest median first"
                            + (ms.size() > cap ? " (the " + cap + " highest of " + ms.size() + " metrics)" : "") + ".");
                }
                List<String> cols = List.of("metric", "smooth", "series", "scored", "median", "q75", "max", "step");
                List<List<String>> rows = new ArrayList<>();
                for (Charts.MetricScores m : ms) {
                    double[] s = m.scores();
                    rows.add(List.of(m.metric(), Boolean.toString(m.smooth()), Integer.toString(m.series()), Integer.toString(s.length),
                            CsvWriter.number(m.quantile(0.5)), CsvWriter.number(m.quantile(0.75)),
                            s.length == 0 ? "" : CsvWriter.number(s[s.length - 1]), Integer.toString(m.steps())));
                }
                body.append("<h3>Summary computed from emergence.csv</h3>");
                tables.put("metric-summary", tableJson(cols, rows, rows.size(), 4, true));
                tableHost("metric-summary");
            }
            if (b != null) {
                body.append("<h3>by_metric.csv</h3>");
                tables.put("by-metric", tableJson(b, -1, false));
                capNote(b, "by_metric.csv");
                tableHost("by-metric");
            }
            endSection();
        }

        private void verdicts() {
            CsvTable t = in.verdicts();
            if (t == null) {
                return;
            }
            section("verdicts", "Verdicts");
            p(null, "verdicts.csv: for each scaling curve, whether its jump survives a smooth metric on the same outputs, vanishes (a"
                    + " mirage), or cannot be resolved with the data at hand, with the evidence. The rule is in docs/ANALYSIS.md.");
            if (t.has("verdict")) {
                Map<String, Integer> counts = new TreeMap<>();
                for (int i = 0; i < t.size(); i++) {
                    counts.merge(t.get(i, "verdict"), 1, Integer::sum);
                }
                StringBuilder sb = new StringBuilder("Counts: ");
                counts.forEach((k, v) -> sb.append(k.isEmpty() ? "(none)" : k).append(' ').append(v).append("; "));
                p(null, sb.substring(0, sb.length() - 2) + ".");
            }
            tables.put("verdicts", tableJson(t, -1, false));
            capNote(t, "verdicts.csv");
            tableHost("verdicts");
            endSection();
        }

        private void predictions() {
            CsvTable t = in.predictions();
            if (t == null) {
                return;
            }
            section("predictions", "Prediction backtests");
            p(null, "backtest.csv: values of held-out (larger) models predicted from smaller ones by each route, against what was observed.");
            Charts.PredictionColumns pc = Charts.PredictionColumns.of(t);
            if (pc != null && t.size() > 0) {
                staticFigure(new Figure("predictions", "Prediction backtests: predicted against observed values; dashed: perfect"
                        + " prediction.", List.of(Charts.predictions(t, pc)), 1, 420, 340),
                        "Predicted (" + pc.predicted() + ") against observed (" + pc.observed() + "); dashed: perfect prediction.");
            } else {
                p(null, "No predicted/observed columns found for a plot; the table shows every column.");
            }
            tables.put("predictions", tableJson(t, -1, false));
            capNote(t, "backtest.csv");
            tableHost("predictions");
            endSection();
        }

        private void skipped() {
            CsvTable t = in.skipped();
            if (t == null) {
                return;
            }
            section("skipped", "Skipped input");
            p(null, "skipped.csv: what the analysis could not use, with the reason (" + t.size() + " rows).");
            tables.put("skipped", tableJson(t, -1, false));
            capNote(t, "skipped.csv");
            tableHost("skipped");
            endSection();
        }

        private void capNote(CsvTable t, String name) {
            if (t.size() > o.maxTableRows()) {
                String cap = name + ": the table holds " + o.maxTableRows() + " of " + t.size() + " rows (--max-table-rows)"
                        + (name.equals("emergence.csv") ? ", the highest emergence scores" : ", the first in the file") + ".";
                p("cap", cap);
                notes.add(cap);
            }
        }

        private Map<String, Object> tableJson(CsvTable t, int sortCol, boolean desc) {
            List<Integer> order = new ArrayList<>();
            for (int i = 0; i < t.size(); i++) {
                order.add(i);
            }
            if (sortCol >= 0) {
                String col = t.header().get(sortCol);
                double[] key = new double[t.size()];
                for (int i = 0; i < t.size(); i++) {
                    double v;
                    try {
                        v = CsvTable.parseNumber(t.get(i, col));
                    } catch (NumberFormatException e) {
                        v = Double.NaN;
                    }
                    key[i] = Double.isNaN(v) ? Double.NEGATIVE_INFINITY : v;
                }
                order.sort((a, b) -> Double.compare(key[b], key[a]));
            }
            List<List<String>> rows = new ArrayList<>();
            for (int i = 0; i < Math.min(order.size(), o.maxTableRows()); i++) {
                String[] r = t.row(order.get(i));
                List<String> row = new ArrayList<>(r.length);
                for (String f : r) {
                    row.add(Html.clean(f));
                }
                rows.add(row);
            }
            return tableJson(t.header(), rows, t.size(), sortCol, desc);
        }

        private static Map<String, Object> tableJson(List<String> cols, List<List<String>> rows, int total, int sortCol, boolean desc) {
            List<String> kinds = new ArrayList<>();
            for (int c = 0; c < cols.size(); c++) {
                boolean any = false;
                boolean num = true;
                for (List<String> r : rows) {
                    String f = c < r.size() ? r.get(c) : "";
                    if (f.isBlank()) {
                        continue;
                    }
                    any = true;
                    try {
                        CsvTable.parseNumber(f);
                    } catch (NumberFormatException e) {
                        num = false;
                        break;
                    }
                }
                kinds.add(any && num ? "num" : "text");
            }
            Map<String, Object> m = new LinkedHashMap<>();
            List<String> cleanCols = new ArrayList<>();
            for (String c : cols) {
                cleanCols.add(Html.clean(c));
            }
            m.put("columns", cleanCols);
            m.put("kinds", kinds);
            m.put("rows", rows);
            m.put("total", total);
            m.put("sort", sortCol);
            m.put("desc", desc);
            return m;
        }

        // ------------------------------------------------------------ summary
        private void summarise() {
            long curves = groups.stream().mapToLong(g -> g.curves().size()).sum();
            if (!groups.isEmpty()) {
                long families = groups.stream().map(PanelGroup::family).distinct().count();
                long tasks = groups.stream().map(g -> g.family() + "\u0000" + g.task()).distinct().count();
                long metrics = groups.stream().flatMap(g -> g.curves().stream()).map(Curve::metric).distinct().count();
                summary.add(curves + " scaling curves: " + metrics + (metrics == 1 ? " metric" : " metrics") + " on " + tasks
                        + " (family, task) " + (tasks == 1 ? "pair" : "pairs") + " of " + families
                        + (families == 1 ? " family" : " families") + ", in " + groups.size() + (groups.size() == 1 ? " group" : " groups")
                        + (in.seriesFromSimulation() ? " (from the simulated test sets)" : "") + ".");
                // the curve with the highest score: among discontinuous/nonlinear metrics when any has a score
                PanelGroup topGroup = null;
                Curve top = null;
                for (boolean roughOnly : new boolean[] {true, false}) {
                    for (PanelGroup g : groups) {
                        for (Curve c : g.curves()) {
                            if ((!roughOnly || !c.info().smooth()) && !Double.isNaN(c.emergence())
                                    && (top == null || c.emergence() > top.emergence())) {
                                top = c;
                                topGroup = g;
                            }
                        }
                    }
                    if (top != null) {
                        break;
                    }
                }
                if (top != null) {
                    Curve partner = top.info().smooth() ? null : topGroup.partner(top);
                    summary.add("Highest emergence score" + (top.info().smooth() ? " (all metrics are smooth)" : " of a discontinuous/nonlinear metric")
                            + ": " + top.metric() + " on " + topGroup.family() + " / " + topGroup.task()
                            + (topGroup.labels().isEmpty() ? "" : " [" + topGroup.labels() + "]") + " = " + Charts.fmt(top.emergence())
                            + (partner == null ? "" : "; " + partner.metric() + " on the same outputs: "
                            + (Double.isNaN(partner.emergence()) ? "no score" : Charts.fmt(partner.emergence()))) + ".");
                }
            }
            if (in.emergence() != null && in.emergence().has("emergence_score")) {
                List<Double> rough = new ArrayList<>();
                List<Double> smooth = new ArrayList<>();
                for (Charts.MetricScores m : Charts.metricScores(in.emergence())) {
                    for (double v : m.scores()) {
                        (m.smooth() ? smooth : rough).add(v);
                    }
                }
                if (!rough.isEmpty() || !smooth.isEmpty()) {
                    summary.add("Median emergence score: " + (rough.isEmpty() ? "no curves" : median(rough) + " over " + rough.size()
                            + " curves") + " of discontinuous/nonlinear metrics, " + (smooth.isEmpty() ? "no curves" : median(smooth)
                            + " over " + smooth.size() + " curves") + " of smooth metrics.");
                }
            }
            CsvTable v = in.verdicts();
            if (v != null && v.has("verdict")) {
                Map<String, Integer> counts = new TreeMap<>();
                for (int i = 0; i < v.size(); i++) {
                    counts.merge(v.get(i, "verdict").isEmpty() ? "(none)" : v.get(i, "verdict"), 1, Integer::sum);
                }
                StringBuilder sb = new StringBuilder("Verdicts: ");
                counts.forEach((k, n) -> sb.append(n).append(' ').append(k).append(", "));
                summary.add(sb.substring(0, sb.length() - 2) + ".");
            }
            List<SimulationRun> runs = in.simulations();
            if (!runs.isEmpty()) {
                SimulationRun b = runs.get(0);
                SimulationRun.Row lo = b.rows().get(0);
                SimulationRun.Row hi = b.rows().get(b.rows().size() - 1);
                summary.add("Mathematical model: from N = " + Charts.fmt(lo.params()) + " to " + Charts.fmt(hi.params())
                        + " the per-token probability rises smoothly " + Charts.fmt(lo.pToken()) + " \u2192 " + Charts.fmt(hi.pToken())
                        + ", exact match p^" + b.length() + " " + Charts.fmt(lo.accuracy()) + " \u2192 " + Charts.fmt(hi.accuracy())
                        + ", token edit distance " + Charts.fmt(lo.tokenEditDistance()) + " \u2192 " + Charts.fmt(hi.tokenEditDistance()) + ".");
                StringBuilder sb = new StringBuilder();
                for (SimulationRun r : runs) {
                    if (!r.simulated()) {
                        continue;
                    }
                    long zeros = r.rows().stream().filter(x -> x.simAccuracy() == 0).count();
                    sb.append(sb.length() == 0 ? "Simulated test sets: " : "; ").append(String.format(Locale.ROOT, "%,d", r.items()))
                            .append(" items read exact match 0 at ").append(zeros).append(" of ").append(r.rows().size())
                            .append(" sizes (floor 1/n = ").append(Charts.fmt(1.0 / r.items())).append(')');
                }
                if (sb.length() > 0) {
                    summary.add(sb + ".");
                }
            }
            CsvTable pr = in.predictions();
            if (pr != null && summary.size() < 5) {
                Charts.PredictionColumns pc = Charts.PredictionColumns.of(pr);
                if (pc != null) {
                    List<Double> err = new ArrayList<>();
                    for (int i = 0; i < pr.size(); i++) {
                        double e = Math.abs(pr.number(i, pc.predicted()) - pr.number(i, pc.observed()));
                        if (Double.isFinite(e)) {
                            err.add(e);
                        }
                    }
                    summary.add("Prediction backtests: " + pr.size() + " rows, median |predicted \u2212 observed| = " + median(err) + ".");
                }
            }
            if (!o.leadSummary().isEmpty()) {
                List<String> lead = new ArrayList<>();
                summary.stream().filter(l -> l.startsWith("Mathematical model")).forEach(lead::add);
                lead.addAll(o.leadSummary());
                summary.stream().filter(l -> !lead.contains(l)).forEach(lead::add);
                summary.clear();
                summary.addAll(lead);
            }
            while (summary.size() > 5) {
                summary.remove(summary.size() - 1);
            }
        }

        private static String median(List<Double> v) {
            if (v.isEmpty()) {
                return "none";
            }
            double[] a = v.stream().mapToDouble(Double::doubleValue).sorted().toArray();
            int n = a.length;
            double m = n % 2 == 1 ? a[n / 2] : (a[n / 2 - 1] + a[n / 2]) / 2;
            return Charts.fmt(m);
        }

        private static Object finiteOrInf(double v) {
            if (Double.isNaN(v)) {
                return null;
            }
            return Double.isInfinite(v) ? (v > 0 ? "inf" : "-inf") : (Object) v;
        }

        // ------------------------------------------------------------ provenance and the page
        private void provenanceSection(Map<String, Object> own) {
            section("provenance", "Provenance");
            JsonNode p = in.provenance();
            if (p != null) {
                body.append("<h3>The analysis (provenance.json)</h3>");
                provenance(p);
            }
            for (SimulationRun r : in.simulations()) {
                Path f = in.dir().resolve(r.name()).resolve(AnalysisInputs.PROVENANCE);
                if (!r.name().isEmpty() && Files.isRegularFile(f)) {
                    try {
                        JsonNode n = new ObjectMapper().readTree(f.toFile());
                        body.append("<h3>").append(Html.text(r.name() + "/provenance.json")).append("</h3>");
                        provenance(n);
                    } catch (IOException e) {
                        p("notes", r.name() + "/provenance.json could not be read: " + e.getMessage());
                    }
                }
            }
            body.append("<h3>This report (report.provenance.json)</h3>");
            provenance(new ObjectMapper().valueToTree(own));
            endSection();
        }

        private void provenance(JsonNode n) {
            body.append("<dl class=\"kv\">");
            for (Map.Entry<String, JsonNode> e : n.properties()) {
                body.append("<dt>").append(Html.text(e.getKey())).append("</dt><dd>");
                value(e.getValue());
                body.append("</dd>");
            }
            body.append("</dl>");
            try {
                String raw = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT).writeValueAsString(n);
                body.append("<details><summary>raw JSON</summary><pre>").append(Html.text(raw)).append("</pre></details>\n");
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }

        private void value(JsonNode v) {
            if (v.isObject()) {
                if (v.isEmpty()) {
                    body.append("\u2014");
                    return;
                }
                body.append("<dl class=\"kv\">");
                for (Map.Entry<String, JsonNode> e : v.properties()) {
                    body.append("<dt>").append(Html.text(e.getKey())).append("</dt><dd>");
                    value(e.getValue());
                    body.append("</dd>");
                }
                body.append("</dl>");
            } else if (v.isArray()) {
                if (v.isEmpty()) {
                    body.append("\u2014");
                    return;
                }
                boolean scalars = true;
                for (JsonNode x : v) {
                    scalars &= x.isValueNode();
                }
                if (scalars) {
                    List<String> parts = new ArrayList<>();
                    for (JsonNode x : v) {
                        parts.add(x.asText());
                    }
                    body.append(Html.text(String.join(" ", parts)));
                } else {
                    body.append("<ol>");
                    for (JsonNode x : v) {
                        body.append("<li>");
                        value(x);
                        body.append("</li>");
                    }
                    body.append("</ol>");
                }
            } else {
                body.append(Html.text(v.isNull() ? "null" : v.asText()));
            }
        }

        String html(Map<String, Object> ownProvenance, Instant started) {
            provenanceSection(ownProvenance);
            String js = resource("report.js");
            String css = resource("report.css");
            String hash;
            try {
                hash = Base64.getEncoder().encodeToString(MessageDigest.getInstance("SHA-256").digest(js.getBytes(StandardCharsets.UTF_8)));
            } catch (NoSuchAlgorithmException e) {
                throw new IllegalStateException(e);
            }
            String name = in.dir().toAbsolutePath().normalize().getFileName() == null ? in.dir().toString()
                    : in.dir().toAbsolutePath().normalize().getFileName().toString();
            StringBuilder sb = new StringBuilder(body.length() + js.length() + css.length() + 4096);
            sb.append("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n")
                    .append("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n")
                    .append("<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; script-src 'sha256-")
                    .append(hash).append("'; style-src 'unsafe-inline'; img-src data:; base-uri 'none'; form-action 'none'\">\n")
                    .append("<meta name=\"generator\" content=\"mirage ").append(Html.attr(Provenance.version())).append("\">\n")
                    .append("<title>mirage report: ").append(Html.text(name)).append("</title>\n<style>\n").append(css)
                    .append("</style>\n</head>\n<body>\n<header class=\"top\"><h1>mirage report: ").append(Html.text(name))
                    .append("</h1><div class=\"meta\">").append(Html.text(in.dir().toAbsolutePath().normalize().toString()))
                    .append(" \u00b7 written ").append(Html.text(started.truncatedTo(ChronoUnit.SECONDS).toString()))
                    .append(" by mirage ").append(Html.text(Provenance.version())).append(" (git ")
                    .append(Html.text(shortCommit(ownProvenance))).append(")</div></header>\n<main>\n<nav class=\"toc\">");
            sb.append("<a href=\"#summary\">Summary</a>");
            for (String[] t : toc) {
                sb.append("<a href=\"#").append(t[0]).append("\">").append(Html.text(t[1].replaceAll(":.*|\\s*\\(.*", ""))).append("</a>");
            }
            sb.append("</nav>\n<section id=\"summary\"><div class=\"summary\"><strong>What the data show</strong><ul>");
            for (String s : summary) {
                sb.append("<li>").append(Html.text(s)).append("</li>");
            }
            if (summary.isEmpty()) {
                sb.append("<li>Nothing to summarise.</li>");
            }
            sb.append("</ul></div>");
            if (!notes.isEmpty()) {
                sb.append("<div class=\"notes\"><strong>Notes on the input</strong><ul>");
                for (String n : notes) {
                    sb.append("<li>").append(Html.text(n)).append("</li>");
                }
                sb.append("</ul></div>");
            }
            sb.append("<noscript><p class=\"nojs\">JavaScript is off: the static figures show, the interactive panels and tables do"
                    + " not; the CSV files and figures/ hold everything.</p></noscript></section>\n");
            sb.append(body);
            sb.append("</main>\n<script type=\"application/json\" id=\"mirage-data\">").append(Html.scriptJson(data))
                    .append("</script>\n<script>").append(js).append("</script>\n</body>\n</html>\n");
            return sb.toString();
        }

        private static String shortCommit(Map<String, Object> prov) {
            Object tool = prov.get("tool");
            if (tool instanceof Map<?, ?> m && m.get("git_commit") != null) {
                String c = String.valueOf(m.get("git_commit"));
                return c.length() > 12 ? c.substring(0, 12) : c;
            }
            return "unknown";
        }
    }
}

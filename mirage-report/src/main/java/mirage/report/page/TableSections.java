package mirage.report.page;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import mirage.io.csv.AnalysisSchema;
import mirage.io.csv.AnalysisSchema.Backtest;
import mirage.io.csv.AnalysisSchema.Emergence;
import mirage.io.csv.AnalysisSchema.Verdicts;
import mirage.io.csv.CsvWriter;
import mirage.report.Charts;
import mirage.report.data.AnalysisInputs;
import mirage.report.data.CsvTable;
import mirage.report.plot.Figure;
import mirage.report.plot.Plot;
import mirage.report.summary.Answers;

/**
 * The tables of the page: emergence scores, by metric, verdicts, prediction backtests, skipped input. Rows are in
 * evidence order (curves: flagged emergent, then the score's lower bound, then the score; verdicts: conclusive first);
 * a row of a curve links to it. Each table scrolls in its own box.
 */
final class TableSections {
    private TableSections() {
    }

    /** A link per row to the curve of (family, task, labels) with the row's metric; null where the page has no such group. */
    private static List<Object> links(Page page, CsvTable t, String family, String task, String metric, boolean emergenceLabels) {
        List<Object> out = new ArrayList<>(t.size());
        for (int i = 0; i < t.size(); i++) {
            String labels = emergenceLabels ? AnalysisInputs.emergenceLabels(t, i) : t.get(i, AnalysisSchema.Verdicts.LABELS);
            int g = page.in.groupOf(t.get(i, family), t.get(i, task), labels);
            out.add(g >= 0 && g < page.shownGroups ? List.of(g, t.get(i, metric)) : null);
        }
        return out;
    }

    private static void capNote(Page page, CsvTable t, String name, String which) {
        if (t.size() > page.options.maxTableRows()) {
            page.cap(name + ": the table holds " + page.options.maxTableRows() + " of " + t.size() + " rows (--max-table-rows), " + which + ".");
        }
    }

    private static double num(CsvTable t, int i, String col) {
        try {
            return CsvTable.parseNumber(t.get(i, col));
        } catch (NumberFormatException e) {
            return Double.NaN;
        }
    }

    private static double key(double v) {
        return Double.isNaN(v) ? Double.NEGATIVE_INFINITY : v;
    }

    private static int flag(String s) {
        return switch (s.trim()) {
            case "true" -> 2;
            case "unknown" -> 1;
            default -> 0;
        };
    }

    static void emergence(Page page) {
        CsvTable t = page.in.emergence();
        if (t == null) {
            return;
        }
        page.section("emergence", "Emergence scores");
        page.p(null, "One row per scaling curve (emergence.csv), strongest evidence first: flagged emergent on evidence (4+ sizes, a"
                + " late rise beyond noise, the score's lower 95% bound above the threshold), then by that lower bound, then by the"
                + " emergence score of Schaeffer et al. (2023), Section 4, oriented so that a positive score means improvement with"
                + " scale (docs/ANALYSIS.md). Click a column to sort; type to filter; \u201cshow\u201d opens the curve.");
        List<Integer> order = new ArrayList<>();
        for (int i = 0; i < t.size(); i++) {
            order.add(i);
        }
        order.sort(Comparator.<Integer>comparingInt(i -> -flag(t.get(i, Emergence.EMERGENT)))
                .thenComparing(i -> -key(num(t, i, Emergence.ES_LOWER)))
                .thenComparing(i -> -key(num(t, i, Emergence.EMERGENCE_SCORE))));
        List<String> cols = TableJson.leadFirst(t, List.of(Emergence.FAMILY, Emergence.TASK, Emergence.METRIC, Emergence.SHOTS,
                Emergence.LABELS, Emergence.EMERGENT, Emergence.EMERGENCE_SCORE, Emergence.ES_LOWER, Emergence.ES_UPPER,
                Emergence.SHAPE, Verdicts.VERDICT, Verdicts.PARTNER, Emergence.N_MODELS, Emergence.MIN_SCALE, Emergence.MAX_SCALE));
        cols.removeIf(c -> c.startsWith(AnalysisSchema.LABEL_PREFIX)); // the labels column shows them; the CSV has both
        page.tables.put("emergence", TableJson.of(t, cols, order, page.options.maxTableRows(),
                links(page, t, Emergence.FAMILY, Emergence.TASK, Emergence.METRIC, true)));
        capNote(page, t, "emergence.csv", "the strongest evidence first");
        page.tableHost("emergence");
        page.endSection();
    }

    static void byMetric(Page page) {
        CsvTable t = page.in.emergence();
        CsvTable b = page.in.byMetric();
        if (t == null && b == null) {
            return;
        }
        page.section("by-metric", "By metric: which metrics make emergence?");
        page.p(null, "The paper's Figure 5 question: are high emergence scores a property of tasks and model families, or of a few"
                + " metrics? Scores concentrated in discontinuous or nonlinear metrics (red), while smooth metrics (blue) on the same"
                + " outputs score low, point to the metric.");
        if (t != null && t.has(Emergence.EMERGENCE_SCORE) && t.has(Emergence.METRIC)) {
            List<Charts.MetricScores> ms = Charts.metricScores(t);
            int cap = 60;
            List<Charts.MetricScores> drawn = ms.size() > cap ? ms.subList(0, cap) : ms;
            if (drawn.stream().anyMatch(m -> m.scores().length > 0)) {
                Plot plot = Charts.byMetric(drawn);
                page.staticFigure(new Figure("by-metric", "Emergence scores by metric (emergence.csv), highest median first.",
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
            page.body.append("<h3>Summary computed from emergence.csv</h3>");
            page.tables.put("metric-summary", TableJson.of(cols, rows, rows.size()));
            page.tableHost("metric-summary");
        }
        if (b != null) {
            page.body.append("<h3>by_metric.csv</h3>");
            page.tables.put("by-metric", TableJson.of(b, page.options.maxTableRows()));
            capNote(page, b, "by_metric.csv", "the first in the file");
            page.tableHost("by-metric");
        }
        page.endSection();
    }

    static void verdicts(Page page) {
        CsvTable t = page.in.verdicts();
        if (t == null) {
            return;
        }
        page.section("verdicts", "Verdicts");
        page.p(null, "verdicts.csv: for each discontinuous metric with a smooth partner on the same outputs, whether its jump survives"
                + " the continuous metric (emergent), vanishes (a mirage), shows no sharp rise (smooth), or cannot be resolved with"
                + " the data at hand (unresolved), conclusive verdicts first. The verdict and its explanation come first; \u201cevidence\u201d"
                + " opens every column of the row. The rule is in docs/ANALYSIS.md.");
        if (t.has(Verdicts.VERDICT)) {
            Map<String, Integer> counts = new TreeMap<>(Comparator.comparingInt(Answers::verdictRank).thenComparing(s -> s));
            for (int i = 0; i < t.size(); i++) {
                counts.merge(t.get(i, Verdicts.VERDICT).isEmpty() ? "(none)" : t.get(i, Verdicts.VERDICT), 1, Integer::sum);
            }
            StringBuilder sb = new StringBuilder("Counts: ");
            counts.forEach((k, v) -> sb.append(k).append(' ').append(v).append("; "));
            page.p(null, sb.substring(0, sb.length() - 2) + ".");
        }
        List<String> cols = TableJson.leadFirst(t, List.of(Verdicts.VERDICT, Verdicts.EXPLANATION, Verdicts.FAMILY, Verdicts.TASK,
                Verdicts.LABELS, Verdicts.METRIC, Verdicts.PARTNER, Verdicts.REASON));
        Map<String, Object> spec = TableJson.of(t, cols, Answers.ranked(t), page.options.maxTableRows(),
                links(page, t, Verdicts.FAMILY, Verdicts.TASK, Verdicts.METRIC, false));
        spec.put("layout", "verdicts");
        page.tables.put("verdicts", spec);
        capNote(page, t, "verdicts.csv", "conclusive verdicts first");
        page.tableHost("verdicts");
        page.endSection();
    }

    static void predictions(Page page) {
        CsvTable t = page.in.predictions();
        if (t == null) {
            return;
        }
        page.section("predictions", "Prediction backtests");
        page.p(null, "backtest.csv: values of held-out (larger) models predicted from smaller ones by each route, against what was"
                + " observed: one panel per metric (each on its own scale), one colour per route.");
        Charts.PredictionColumns pc = Charts.PredictionColumns.of(t);
        List<Plot> plots = pc == null ? List.of() : Charts.predictionsByMetric(t, pc, 6);
        if (!plots.isEmpty()) {
            page.staticFigure(new Figure("predictions", "Prediction backtests: predicted against observed values, one panel per metric,"
                    + " colour by route; dashed: perfect prediction.", plots, Math.min(2, plots.size())),
                    "Predicted (" + pc.predicted() + ") against observed (" + pc.observed() + "), one panel per metric"
                    + (Charts.metricsWithPredictions(t, pc) > plots.size() ? " (the " + plots.size() + " metrics with the most predictions of "
                    + Charts.metricsWithPredictions(t, pc) + ")" : "") + ", colour by route; dashed: perfect prediction.");
        } else {
            page.p(null, "No predictions to plot; the table shows every column.");
        }
        List<String> cols = TableJson.leadFirst(t, List.of(Backtest.FAMILY, Backtest.TASK, Backtest.LABELS, Backtest.METRIC,
                Backtest.ROUTE, Backtest.MODEL, Backtest.OBSERVED, Backtest.PREDICTED, Backtest.LOWER, Backtest.UPPER, Backtest.WITHIN));
        List<Integer> order = new ArrayList<>();
        for (int i = 0; i < t.size(); i++) {
            order.add(i);
        }
        page.tables.put("predictions", TableJson.of(t, cols, order, page.options.maxTableRows(),
                t.has(Backtest.FAMILY) && t.has(Backtest.TASK) ? links(page, t, Backtest.FAMILY, Backtest.TASK, Backtest.METRIC, false) : null));
        capNote(page, t, "backtest.csv", "the first in the file");
        page.tableHost("predictions");
        page.endSection();
    }

    static void skipped(Page page) {
        CsvTable t = page.in.skipped();
        if (t == null) {
            return;
        }
        page.section("skipped", "Skipped input");
        page.p(null, "skipped.csv: what the analysis could not use, with the reason (" + t.size() + " rows).");
        page.tables.put("skipped", TableJson.of(t, page.options.maxTableRows()));
        capNote(page, t, "skipped.csv", "the first in the file");
        page.tableHost("skipped");
        page.endSection();
    }
}

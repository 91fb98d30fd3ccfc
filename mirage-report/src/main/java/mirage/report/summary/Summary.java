package mirage.report.summary;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import mirage.core.stats.Quantiles;
import mirage.io.csv.AnalysisSchema;
import mirage.report.data.AnalysisInputs;
import mirage.report.data.CsvTable;
import mirage.report.data.Curve;
import mirage.report.data.PanelGroup;
import mirage.report.data.SimulationRun;

/**
 * What the analysis in a folder found, in words: the one summariser of mirage. The report opens with it, and the
 * console summaries of {@code mirage analyze}, {@code mirage report} and {@code mirage demo} print it. It reads the
 * analysis through {@link AnalysisInputs} (the columns of {@link AnalysisSchema}).
 *
 * <p>First the answers ({@link Answers}): one plain sentence per judged (family, task), conclusive verdicts first.
 * Then the findings, each one line: the mathematical model and its simulated test sets (when the folder has a
 * simulation), the curves in the data, the emergence flag on evidence (by_metric.csv), the verdict counts with the
 * multiple-comparisons rule (provenance.json), the prediction backtests (backtest.csv) and the fits against the target
 * length (lengths.csv).
 */
public final class Summary {
    private final List<Answers.Answer> answers;
    private final List<String> findings;

    private Summary(List<Answers.Answer> answers, List<String> findings) {
        this.answers = List.copyOf(answers);
        this.findings = List.copyOf(findings);
    }

    public List<Answers.Answer> answers() {
        return answers;
    }

    public List<String> findings() {
        return findings;
    }

    /** Every line: the answers' sentences, then the findings. */
    public List<String> lines() {
        List<String> out = new ArrayList<>();
        answers.forEach(a -> out.add(a.sentence()));
        out.addAll(findings);
        return out;
    }

    /** Prints the summary for a terminal: at most {@code maxAnswers} answers (the rest are counted), then the findings. */
    public void print(PrintWriter o, int maxAnswers) {
        if (!answers.isEmpty()) {
            o.println("The answer, per judged family and task (strongest evidence first; every curve in verdicts.csv):");
            for (int i = 0; i < Math.min(maxAnswers, answers.size()); i++) {
                o.println("  " + answers.get(i).sentence());
            }
            if (answers.size() > maxAnswers) {
                o.println("  ... and " + (answers.size() - maxAnswers) + " more (family, task) pairs in verdicts.csv and the report");
            }
        }
        if (!findings.isEmpty()) {
            o.println(answers.isEmpty() ? "What the data show:" : "Also:");
            for (String f : findings) {
                o.println("  - " + f);
            }
        }
    }

    /** The summary of what {@code in} holds. */
    public static Summary of(AnalysisInputs in) {
        List<String> f = new ArrayList<>();
        simulations(in.simulations(), f);
        curves(in, f);
        flags(in, f);
        verdicts(in, f);
        backtest(in.predictions(), f);
        lengths(in.lengths(), f);
        return new Summary(Answers.of(in.verdicts()), f);
    }

    // ------------------------------------------------------------------ findings

    static void simulations(List<SimulationRun> runs, List<String> out) {
        if (runs.isEmpty()) {
            return;
        }
        SimulationRun b = runs.get(0);
        SimulationRun.Row lo = b.rows().get(0);
        SimulationRun.Row hi = b.rows().get(b.rows().size() - 1);
        out.add("Mathematical model: from N = " + fmt(lo.params()) + " to " + fmt(hi.params())
                + " the per-token probability rises smoothly " + fmt(lo.pToken()) + " \u2192 " + fmt(hi.pToken())
                + ", exact match p^" + b.length() + " " + fmt(lo.accuracy()) + " \u2192 " + fmt(hi.accuracy())
                + ", token edit distance " + fmt(lo.tokenEditDistance()) + " \u2192 " + fmt(hi.tokenEditDistance()) + ".");
        StringBuilder sb = new StringBuilder();
        for (SimulationRun r : runs) {
            if (!r.simulated()) {
                continue;
            }
            long zeros = r.rows().stream().filter(x -> x.simAccuracy() == 0).count();
            sb.append(sb.length() == 0 ? "Simulated test sets of the same model: " : "; ").append(String.format(Locale.ROOT, "%,d", r.items()))
                    .append(" items read exact match 0 at ").append(zeros).append(" of ").append(r.rows().size())
                    .append(" sizes (floor 1/n = ").append(fmt(1.0 / r.items())).append(')');
        }
        if (sb.length() > 0) {
            out.add(sb + ": too few items hide small rates.");
        }
    }

    static void curves(AnalysisInputs in, List<String> out) {
        List<PanelGroup> groups = in.groups();
        if (groups.isEmpty()) {
            return;
        }
        long curves = groups.stream().mapToLong(g -> g.curves().size()).sum();
        long families = groups.stream().map(PanelGroup::family).distinct().count();
        long tasks = groups.stream().map(g -> g.family() + "\u0000" + g.task()).distinct().count();
        long metrics = groups.stream().flatMap(g -> g.curves().stream()).map(Curve::metric).distinct().count();
        out.add(curves + " scaling curves: " + metrics + (metrics == 1 ? " metric" : " metrics") + " on " + tasks
                + " (family, task) " + (tasks == 1 ? "pair" : "pairs") + " of " + families + (families == 1 ? " family" : " families")
                + ", in " + groups.size() + (groups.size() == 1 ? " group" : " groups") + " of curves on the same outputs"
                + (in.seriesFromSimulation() ? " (from the simulated test sets)" : "") + ".");
    }

    /** The emergence flag on evidence, from by_metric.csv. */
    static void flags(AnalysisInputs in, List<String> out) {
        CsvTable b = in.byMetric();
        if (b == null || !b.has(AnalysisSchema.ByMetric.EMERGENT_SERIES)) {
            return;
        }
        long emergent = 0;
        long above = 0;
        long few = 0;
        double threshold = Double.NaN;
        Map<String, Long> byMetric = new LinkedHashMap<>();
        for (int i = 0; i < b.size(); i++) {
            long e = (long) zero(b.number(i, AnalysisSchema.ByMetric.EMERGENT_SERIES));
            emergent += e;
            above += (long) zero(b.number(i, AnalysisSchema.ByMetric.SCORE_ABOVE_THRESHOLD));
            few += (long) zero(b.number(i, AnalysisSchema.ByMetric.TOO_FEW_SIZES));
            if (Double.isNaN(threshold)) {
                threshold = b.number(i, AnalysisSchema.ByMetric.THRESHOLD);
            }
            if (e > 0) {
                byMetric.put(b.get(i, AnalysisSchema.ByMetric.METRIC), e);
            }
        }
        String t = fmt(threshold);
        StringBuilder sb = new StringBuilder("Emergent on evidence (4+ sizes, a late rise beyond noise, the score's lower 95% bound above ")
                .append(t).append("): ").append(emergent).append(" series");
        if (!byMetric.isEmpty()) {
            StringBuilder m = new StringBuilder();
            byMetric.entrySet().stream().sorted(Map.Entry.<String, Long>comparingByValue().reversed()).limit(6)
                    .forEach(e -> m.append(m.length() == 0 ? "" : ", ").append(e.getKey()).append(' ').append(e.getValue()));
            sb.append(" (").append(m).append(byMetric.size() > 6 ? ", ..." : "").append(')');
        }
        if (above > emergent) {
            sb.append("; ").append(above - emergent).append(" more score above ").append(t).append(" on the score alone but are not flagged");
            String why = notFlagged(in.emergence(), threshold);
            sb.append(why.isEmpty() ? " (emergence.csv: shape, emergent, es_lower say why)" : " (" + why + ")");
        }
        if (few > 0) {
            sb.append("; ").append(few).append(" series have fewer than 4 sizes");
        }
        out.add(sb.append('.').toString());
    }

    /**
     * Why curves whose score alone exceeds the threshold are not flagged, counted from emergence.csv (empty when it was
     * not read): fewer than 4 sizes, a shape other than rising, noise unknown, the score's lower bound not above the
     * threshold, else an early rise (the flag's rules: docs/ANALYSIS.md).
     */
    static String notFlagged(CsvTable e, double threshold) {
        if (e == null || !e.has(AnalysisSchema.Emergence.EMERGENT)) {
            return "";
        }
        Map<String, Integer> why = new TreeMap<>();
        for (int i = 0; i < e.size(); i++) {
            double es = e.number(i, AnalysisSchema.Emergence.EMERGENCE_SCORE);
            String flag = e.get(i, AnalysisSchema.Emergence.EMERGENT).trim();
            if (!(es > threshold) || flag.equals("true")) {
                continue;
            }
            String shape = e.get(i, AnalysisSchema.Emergence.SHAPE).trim();
            String reason = e.number(i, AnalysisSchema.Emergence.N_SCALES) < 4 ? "fewer than 4 sizes"
                    : !shape.isEmpty() && !shape.equals("rising") ? shape.replace('_', ' ')
                    : flag.equals("unknown") ? "noise unknown"
                    : !(e.number(i, AnalysisSchema.Emergence.ES_LOWER) > threshold) ? "score's lower bound not above " + fmt(threshold)
                    : "early rise";
            why.merge(reason, 1, Integer::sum);
        }
        StringBuilder sb = new StringBuilder();
        why.forEach((k, v) -> sb.append(sb.length() == 0 ? "" : ", ").append(v).append(' ').append(k));
        return sb.toString();
    }

    private static double zero(double v) {
        return Double.isNaN(v) ? 0 : v;
    }

    static void verdicts(AnalysisInputs in, List<String> out) {
        CsvTable v = in.verdicts();
        if (v == null || !v.has(AnalysisSchema.Verdicts.VERDICT)) {
            return;
        }
        Map<String, Integer> counts = new TreeMap<>(Comparator.comparingInt(Answers::verdictRank).thenComparing(s -> s));
        for (int i = 0; i < v.size(); i++) {
            String k = v.get(i, AnalysisSchema.Verdicts.VERDICT);
            counts.merge(k.isEmpty() ? "(none)" : k, 1, Integer::sum);
        }
        StringBuilder sb = new StringBuilder("Verdicts");
        JsonNode notes = in.provenance() == null ? null : in.provenance().path("notes");
        long found = notes == null ? -1 : notes.path("verdict_triplets_found").asLong(-1);
        sb.append(" on ").append(v.size());
        if (in.filter().all() && found > v.size()) {
            sb.append(" of ").append(found);
        }
        sb.append(v.size() == 1 && found <= 1 ? " triplet" : " triplets").append(" (discontinuous metric, smooth partner on the same"
                + " outputs, family/task/labels").append(in.filter().all() && found > v.size() ? "; the others are beyond --max-verdicts" : "")
                .append("): ");
        if (counts.isEmpty()) {
            sb.append("none");
        }
        boolean first = true;
        for (Map.Entry<String, Integer> e : counts.entrySet()) {
            sb.append(first ? "" : ", ").append(e.getValue()).append(' ').append(e.getKey());
            first = false;
        }
        long withItems = notes == null ? 0 : notes.path("verdict_triplets_with_items").asLong(0);
        if (withItems > 0) {
            sb.append(" (").append(withItems).append(" with paired item bootstraps)");
        }
        String mc = notes == null ? "" : notes.path("multiple_comparisons").asText("");
        out.add(sb.append('.').append(mc.isEmpty() ? "" : " " + capital(mc) + (mc.endsWith(".") ? "" : ".")).toString());
    }

    private static String capital(String s) {
        return s.isEmpty() ? s : Character.toUpperCase(s.charAt(0)) + s.substring(1);
    }

    static void backtest(CsvTable t, List<String> out) {
        if (t == null || t.size() == 0 || !t.has(AnalysisSchema.Backtest.PREDICTED)) {
            return;
        }
        int fitted = 0;
        int within = 0;
        Map<String, List<Double>> err = new TreeMap<>();
        for (int i = 0; i < t.size(); i++) {
            double p = t.number(i, AnalysisSchema.Backtest.PREDICTED);
            double o = t.number(i, AnalysisSchema.Backtest.OBSERVED);
            if (!Double.isFinite(p)) {
                continue;
            }
            fitted++;
            if ("true".equalsIgnoreCase(t.get(i, AnalysisSchema.Backtest.WITHIN).trim())) {
                within++;
            }
            if (Double.isFinite(o)) {
                err.computeIfAbsent(t.get(i, AnalysisSchema.Backtest.ROUTE), k -> new ArrayList<>()).add(Math.abs(p - o));
            }
        }
        StringBuilder sb = new StringBuilder("Prediction backtests (held-out larger models predicted from smaller ones): ")
                .append(t.size()).append(" predictions, ").append(fitted).append(" fitted, ").append(within)
                .append(" within the observed value's interval");
        if (!err.isEmpty()) {
            sb.append("; median |predicted \u2212 observed| by route: ");
            boolean first = true;
            for (Map.Entry<String, List<Double>> e : err.entrySet()) {
                sb.append(first ? "" : ", ").append(e.getKey().isEmpty() ? "(none)" : e.getKey()).append(' ')
                        .append(fmt(median(e.getValue())));
                first = false;
            }
        }
        out.add(sb.append('.').toString());
    }

    static void lengths(CsvTable t, List<String> out) {
        if (t == null || t.size() == 0) {
            return;
        }
        // per metric, how many models' values AIC says fall geometrically (p^L), linearly, or either (|dAIC| < 2)
        Map<String, int[]> counts = new LinkedHashMap<>();
        for (int i = 0; i < t.size(); i++) {
            int[] c = counts.computeIfAbsent(t.get(i, AnalysisSchema.Lengths.METRIC), k -> new int[3]);
            switch (t.get(i, AnalysisSchema.Lengths.BETTER)) {
                case "geometric" -> c[0]++;
                case "linear" -> c[1]++;
                default -> c[2]++;
            }
        }
        List<String> preferred = new ArrayList<>(List.of("exact_match", "token_edit_distance"));
        counts.keySet().stream().filter(m -> !preferred.contains(m)).forEach(preferred::add);
        StringBuilder sb = new StringBuilder();
        int shown = 0;
        for (String m : preferred) {
            if (!counts.containsKey(m) || shown == 4) {
                continue;
            }
            int[] c = counts.get(m);
            sb.append(shown == 0 ? "" : ", ").append(m).append(' ').append(c[0]).append(" / ").append(c[1]).append(" / ").append(c[2]);
            shown++;
        }
        out.add("Against target length (lengths.csv; models whose values AIC finds geometric (p^L, by the binomial likelihood "
                + "of the item counts) / linear / either; the paper: exact match ~ p^L, edit distance ~ L(1-p)): " + sb
                + (counts.size() > shown ? " (and " + (counts.size() - shown) + " more metrics in lengths.csv)" : "") + ".");
    }

    private static double median(List<Double> v) {
        double[] a = v.stream().mapToDouble(Double::doubleValue).toArray();
        return a.length == 0 ? Double.NaN : Quantiles.of(a, 0.5);
    }

    /** A number for sentences: integers as such below 1e6, 4 significant digits, {@code 2e11} for large and small ones. */
    public static String fmt(double v) {
        if (Double.isNaN(v)) {
            return "NaN";
        }
        if (Double.isInfinite(v)) {
            return v > 0 ? "inf" : "-inf";
        }
        if (v == Math.rint(v) && Math.abs(v) < 1e6) {
            return Long.toString((long) v);
        }
        double a = Math.abs(v);
        if (a >= 1e-3 && a < 1e6) {
            return String.format(Locale.ROOT, "%.4g", v).replaceAll("(\\.\\d*?)0+$", "$1").replaceAll("\\.$", "");
        }
        String[] parts = String.format(Locale.ROOT, "%.3e", v).split("e");
        String mant = parts[0].contains(".") ? parts[0].replaceAll("0+$", "").replaceAll("\\.$", "") : parts[0];
        return mant + "e" + Integer.parseInt(parts[1]);
    }
}

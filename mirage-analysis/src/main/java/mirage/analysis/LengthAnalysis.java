package mirage.analysis;

import java.io.IOException;
import java.io.Writer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import mirage.core.analysis.LengthConfounds;
import mirage.core.analysis.LengthFitter;
import mirage.core.analysis.LengthScaling;
import mirage.core.analysis.PerTokenAccuracy;
import mirage.core.metric.MetricInfo;
import mirage.core.stats.Quantiles;
import mirage.io.csv.CsvWriter;

/**
 * The paper's second prediction on an analysed data set: for every model, how each metric changes with the
 * target length (label {@value #LABEL}, as {@code mirage train arithmetic}, {@code mirage eval} and
 * {@code FamilySimulator} write it). Series that differ only in {@value #LABEL} are joined; each model with finite
 * values at {@value #MIN_LENGTHS} or more lengths gets a {@link LengthScaling} from {@link LengthFitter}: proportions
 * (exact match, accuracy; percentages divided by 100) as {@code p^L} by the binomial likelihood weighted by the item
 * counts, zeros kept (least squares of y without counts), other metrics as a line and as {@code C r^L}, the two
 * shapes compared by AIC under the same likelihood. For an exact-match row, the same model's token edit distance
 * and {@code token_prob} at the same lengths give the measured per-token accuracy ({@link PerTokenAccuracy}) to set
 * beside p. Known confounds of the task ({@link LengthConfounds}) go in the row's note. Written as
 * {@code lengths.csv} (docs/FORMATS.md) and summarised on the console.
 */
public final class LengthAnalysis {
    /** The label that carries the target length. */
    public static final String LABEL = "target_length";
    /** Fewest lengths with a finite value for a fit. */
    public static final int MIN_LENGTHS = LengthFitter.MIN_POINTS;

    /** The columns of {@code lengths.csv}, in order. */
    public static final List<String> COLUMNS = mirage.io.csv.AnalysisSchema.Lengths.COLUMNS;

    /**
     * One model's fit.
     *
     * @param items items summed over the lengths, NaN when a count is unknown
     * @param tokenAccuracy for an exact-match row: {@code 1 - sum n TED / sum n L} over the lengths where the same
     *     model has a token edit distance (NaN otherwise)
     * @param tokenProb for an exact-match row: {@code token_prob} pooled with weights {@code n L} (NaN otherwise)
     * @param notes confounds of the task, assumptions and failures
     */
    public record Row(String family, String task, String labels, String metric, String model, double scale, double items,
                      LengthScaling fit, double tokenAccuracy, double tokenProb, List<String> notes) {
        public Row {
            notes = List.copyOf(notes);
        }

        /** The notes joined by {@code " | "} (the {@code note} column; empty when none). */
        public String note() {
            return String.join(" | ", notes);
        }

        /** {@code p - tokenAccuracy} (NaN unless the fit is {@code p^L} and the accuracy known). */
        public double pMinusTokenAccuracy() {
            return fit.perTokenProbability() ? fit.geometric().factor() - tokenAccuracy : Double.NaN;
        }

        /** {@code p - tokenProb}. */
        public double pMinusTokenProb() {
            return fit.perTokenProbability() ? fit.geometric().factor() - tokenProb : Double.NaN;
        }

        /** Whether p's interval contains the measured per-token accuracy; null when either is unknown. */
        public Boolean tokenAccuracyInInterval() {
            LengthScaling.Geometric g = fit.geometric();
            if (!fit.perTokenProbability() || Double.isNaN(tokenAccuracy) || Double.isNaN(g.lower())) {
                return null;
            }
            return g.lower() <= tokenAccuracy && tokenAccuracy <= g.upper();
        }
    }

    private record Point(double value, double n, double se) {
    }

    private final List<Row> rows;
    private final int skipped;

    private LengthAnalysis(List<Row> rows, int skipped) {
        this.rows = rows;
        this.skipped = skipped;
    }

    public List<Row> rows() {
        return rows;
    }

    /** Models with a {@value #LABEL} series but fewer than {@value #MIN_LENGTHS} lengths with a finite value (not fitted). */
    public int skippedModels() {
        return skipped;
    }

    public boolean isEmpty() {
        return rows.isEmpty();
    }

    /** One (family, task, other labels, metric) group: its models' points by length. */
    private static final class Group {
        final Map<String, String> labels;
        final MetricInfo info;
        final Map<String, TreeMap<Double, Point>> byModel = new LinkedHashMap<>();
        final Map<String, Double> scales = new LinkedHashMap<>();

        Group(Map<String, String> labels, MetricInfo info) {
            this.labels = labels;
            this.info = info;
        }
    }

    /** Collects the series with a numeric {@value #LABEL} label and fits every model with at least 3 lengths. */
    public static LengthAnalysis of(MetaAnalysis a) {
        return of(a, LengthFitter.create());
    }

    /** As {@link #of(MetaAnalysis)} with the given fitter. */
    public static LengthAnalysis of(MetaAnalysis a, LengthFitter fitter) {
        Map<List<String>, Group> groups = new TreeMap<>(LengthAnalysis::compare);
        for (int i = 0; i < a.seriesCount(); i++) {
            SeriesView s = a.series(i);
            String l = s.label(LABEL);
            if (l == null) {
                continue;
            }
            double length;
            try {
                length = Double.parseDouble(l.trim());
            } catch (NumberFormatException e) {
                continue;
            }
            if (!Double.isFinite(length)) {
                continue;
            }
            Map<String, String> other = new TreeMap<>(s.labels());
            other.remove(LABEL);
            List<String> key = List.of(s.family(), s.task(), labelText(other), s.metric());
            Group g = groups.computeIfAbsent(key, k -> new Group(other, s.metricInfo()));
            for (int j = 0; j < s.size(); j++) {
                g.byModel.computeIfAbsent(s.model(j), m -> new TreeMap<>()).put(length, new Point(s.value(j), s.n(j), s.stderr(j)));
                g.scales.putIfAbsent(s.model(j), s.scale(j));
            }
        }
        // (family, task, labels, canonical metric) -> group, for the per-token partners of exact match
        Map<List<String>, Group> byCanonical = new LinkedHashMap<>();
        groups.forEach((k, g) -> byCanonical.putIfAbsent(List.of(k.get(0), k.get(1), k.get(2), g.info.canonical()), g));
        List<Row> rows = new ArrayList<>();
        int skipped = 0;
        for (Map.Entry<List<String>, Group> e : groups.entrySet()) {
            List<String> key = e.getKey();
            Group g = e.getValue();
            List<String> models = new ArrayList<>(g.byModel.keySet());
            models.sort((x, y) -> Double.compare(g.scales.get(x), g.scales.get(y)));
            String confound = LengthConfounds.note(key.get(1), g.labels);
            for (String model : models) {
                TreeMap<Double, Point> pts = new TreeMap<>();
                g.byModel.get(model).forEach((len, p) -> {
                    if (Double.isFinite(p.value())) {
                        pts.put(len, p);
                    }
                });
                if (pts.size() < MIN_LENGTHS) {
                    skipped++;
                    continue;
                }
                Row r = fit(fitter, key, g, model, pts, confound, byCanonical);
                rows.add(r);
            }
        }
        return new LengthAnalysis(rows, skipped);
    }

    private static Row fit(LengthFitter fitter, List<String> key, Group g, String model, TreeMap<Double, Point> pts,
                           String confound, Map<List<String>, Group> byCanonical) {
        int m = pts.size();
        double[] len = new double[m];
        double[] y = new double[m];
        double[] n = new double[m];
        double[] se = new double[m];
        double unit = g.info.proportion() && g.info.scale() > 0 && Double.isFinite(g.info.scale()) ? g.info.scale() : 1;
        int i = 0;
        for (Map.Entry<Double, Point> e : pts.entrySet()) {
            len[i] = e.getKey();
            y[i] = e.getValue().value() / unit;
            n[i] = e.getValue().n();
            se[i] = e.getValue().se() / unit;
            i++;
        }
        List<String> notes = new ArrayList<>();
        if (!confound.isEmpty()) {
            notes.add(confound);
        }
        boolean proportion = g.info.proportion();
        if (proportion && Arrays.stream(y).anyMatch(v -> v < 0 || v > 1)) {
            proportion = false;
            notes.add("values outside [0, 1]: fitted as a non-proportion");
        }
        LengthScaling fit = fitter.fit(len, y, n, se, proportion);
        notes.addAll(fit.notes());
        double items = Arrays.stream(n).allMatch(c -> c > 0 && Double.isFinite(c)) ? Arrays.stream(n).sum() : Double.NaN;
        double tokenAccuracy = Double.NaN;
        double tokenProb = Double.NaN;
        if (g.info.canonical().equals("exact_match") && fit.perTokenProbability()) {
            Group ted = byCanonical.get(List.of(key.get(0), key.get(1), key.get(2), "token_edit_distance"));
            Group tp = byCanonical.get(List.of(key.get(0), key.get(1), key.get(2), "token_prob"));
            tokenAccuracy = perToken(ted, model, pts, true, notes, "token_edit_distance");
            tokenProb = perToken(tp, model, pts, false, notes, "token_prob");
        }
        return new Row(key.get(0), key.get(1), key.get(2), key.get(3), model, g.scales.get(model), items, fit, tokenAccuracy,
                tokenProb, notes);
    }

    /**
     * The partner metric of the same model pooled over the exact-match lengths it also has: {@code 1 - TED/L} (edit)
     * or the per-token value (else), weights {@code n L} with n the partner's count, else exact match's, else 1.
     */
    private static double perToken(Group partner, String model, TreeMap<Double, Point> em, boolean edit, List<String> notes,
                                   String name) {
        if (partner == null || partner.byModel.get(model) == null) {
            return Double.NaN;
        }
        TreeMap<Double, Point> other = partner.byModel.get(model);
        List<Double> common = new ArrayList<>();
        for (Double l : em.keySet()) {
            Point p = other.get(l);
            if (p != null && Double.isFinite(p.value())) {
                common.add(l);
            }
        }
        if (common.isEmpty()) {
            return Double.NaN;
        }
        double[] len = new double[common.size()];
        double[] v = new double[common.size()];
        double[] n = new double[common.size()];
        boolean guessed = false;
        for (int i = 0; i < len.length; i++) {
            double l = common.get(i);
            Point p = other.get(l);
            len[i] = l;
            v[i] = p.value();
            double c = p.n() > 0 && Double.isFinite(p.n()) ? p.n() : em.get(l).n();
            if (!(c > 0 && Double.isFinite(c))) {
                c = 1;
                guessed = true;
            }
            n[i] = c;
        }
        if (common.size() < em.size()) {
            StringBuilder sb = new StringBuilder();
            common.forEach(l -> sb.append(sb.length() == 0 ? "" : " ").append(lengthText(l)));
            notes.add(name + " pooled over L = " + sb + " only");
        }
        if (guessed) {
            notes.add(name + ": item counts unknown, lengths weighted by L alone");
        }
        return edit ? PerTokenAccuracy.fromEditDistance(len, v, n) : PerTokenAccuracy.pooled(len, v, n);
    }

    private static String labelText(Map<String, String> labels) {
        StringBuilder text = new StringBuilder();
        labels.forEach((k, v) -> text.append(text.length() == 0 ? "" : ";").append(k).append('=').append(v));
        return text.toString();
    }

    private static int compare(List<String> x, List<String> y) {
        for (int i = 0; i < x.size(); i++) {
            int c = x.get(i).compareTo(y.get(i));
            if (c != 0) {
                return c;
            }
        }
        return 0;
    }

    /** Writes {@code lengths.csv}. */
    public void write(Writer out) throws IOException {
        CsvWriter w = new CsvWriter(out);
        w.row(COLUMNS);
        for (Row r : rows) {
            LengthScaling f = r.fit();
            LengthScaling.Geometric g = f.geometric();
            LengthScaling.Linear l = f.linear();
            List<String> c = new ArrayList<>(COLUMNS.size());
            c.add(r.family());
            c.add(r.task());
            c.add(r.labels());
            c.add(r.metric());
            c.add(r.model());
            c.add(CsvWriter.number(r.scale()));
            c.add(lengthsText(f.lengths()));
            c.add(f.likelihood().key());
            c.add(CsvWriter.number(r.items()));
            c.add(g.form());
            c.add(CsvWriter.number(g.factor()));
            c.add(CsvWriter.number(g.lower()));
            c.add(CsvWriter.number(g.upper()));
            c.add(g.interval());
            c.add(CsvWriter.number(g.scale()));
            stats(c, g.stats());
            c.add(CsvWriter.number(l.intercept()));
            c.add(CsvWriter.number(l.slope()));
            c.add(CsvWriter.number(l.lower()));
            c.add(CsvWriter.number(l.upper()));
            c.add(l.interval());
            stats(c, l.stats());
            c.add(CsvWriter.number(f.deltaAic()));
            c.add(f.better());
            c.add(CsvWriter.number(r.tokenAccuracy()));
            c.add(CsvWriter.number(r.pMinusTokenAccuracy()));
            Boolean in = r.tokenAccuracyInInterval();
            c.add(in == null ? "" : in.toString());
            c.add(CsvWriter.number(r.tokenProb()));
            c.add(CsvWriter.number(r.pMinusTokenProb()));
            c.add(r.note());
            w.row(c);
        }
    }

    private static void stats(List<String> c, LengthScaling.Stats s) {
        c.add(CsvWriter.number(s.logLikelihood()));
        c.add(CsvWriter.number(s.aic()));
        c.add(CsvWriter.number(s.deviance()));
        c.add(CsvWriter.number(s.gofP()));
    }

    private static String lengthsText(double[] len) {
        StringBuilder sb = new StringBuilder();
        for (double d : len) {
            sb.append(sb.length() == 0 ? "" : " ").append(lengthText(d));
        }
        return sb.toString();
    }

    private static String lengthText(double d) {
        return d == Math.rint(d) ? Long.toString((long) d) : Double.toString(d);
    }

    /** The metrics the console summary shows, in this order. */
    static final List<String> SHOWN = List.of("exact_match", "accuracy", "token_edit_distance", "char_edit_distance",
            "target_logprob", "target_prob", "token_prob");

    /**
     * Console lines: per (family, task, labels, metric) of {@link #SHOWN} (at most {@code max} such lines), the models,
     * lengths and likelihood; for {@code p^L} the range and median of p, how many fits the deviance test rejects at
     * 5%, and how often the measured per-token accuracy {@code 1 - TED/L} lies in p's interval; for other metrics
     * the line's slopes; and how many models AIC gives to each shape. Each group's notes not yet printed follow on
     * lines starting {@code "  note: "} (at most 3 per group).
     */
    public List<String> summary(int max) {
        Map<List<String>, List<Row>> byGroup = new LinkedHashMap<>();
        for (Row r : rows) {
            byGroup.computeIfAbsent(List.of(r.family(), r.task(), r.labels(), r.metric()), k -> new ArrayList<>()).add(r);
        }
        List<List<String>> keys = new ArrayList<>(byGroup.keySet());
        keys.removeIf(k -> !SHOWN.contains(k.get(3)));
        keys.sort((x, y) -> {
            for (int i = 0; i < 3; i++) {
                int c = x.get(i).compareTo(y.get(i));
                if (c != 0) {
                    return c;
                }
            }
            return Integer.compare(SHOWN.indexOf(x.get(3)), SHOWN.indexOf(y.get(3)));
        });
        List<String> out = new ArrayList<>();
        Set<String> printed = new LinkedHashSet<>();
        int shown = 0;
        for (List<String> k : keys) {
            if (shown == max) {
                out.add("... (" + (keys.size() - max) + " more in lengths.csv)");
                break;
            }
            shown++;
            List<Row> rs = byGroup.get(k);
            double[] len = rs.stream().flatMapToDouble(r -> Arrays.stream(r.fit().lengths())).toArray();
            Set<String> liks = new LinkedHashSet<>();
            rs.forEach(r -> liks.add(r.fit().likelihood().key()));
            StringBuilder sb = new StringBuilder(String.format(Locale.ROOT, "%s / %s%s / %s: %d models, L = %s..%s, %s",
                    k.get(0), k.get(1), k.get(2).isEmpty() ? "" : " (" + k.get(2) + ")", k.get(3), rs.size(),
                    lengthText(Arrays.stream(len).min().orElse(Double.NaN)), lengthText(Arrays.stream(len).max().orElse(Double.NaN)),
                    String.join("/", liks)));
            boolean power = rs.stream().allMatch(r -> r.fit().perTokenProbability());
            String geoName = power ? "p^L" : "C*r^L";
            if (power) {
                double[] p = rs.stream().mapToDouble(r -> r.fit().geometric().factor()).filter(Double::isFinite).toArray();
                long tested = rs.stream().filter(r -> !Double.isNaN(r.fit().geometric().stats().gofP())).count();
                long rejected = rs.stream().filter(r -> r.fit().geometric().stats().gofP() < 0.05).count();
                sb.append("; p^L: p ").append(range(p));
                if (tested > 0) {
                    sb.append(", deviance test rejects p^L (p < 0.05) for ").append(rejected).append(" of ").append(tested);
                }
            } else {
                double[] b = rs.stream().mapToDouble(r -> r.fit().linear().slope()).filter(Double::isFinite).toArray();
                sb.append("; line: slope ").append(range(b));
            }
            long geo = rs.stream().filter(r -> r.fit().better().equals("geometric")).count();
            long lin = rs.stream().filter(r -> r.fit().better().equals("linear")).count();
            long either = rs.stream().filter(r -> r.fit().better().equals("either")).count();
            sb.append("; AIC prefers ").append(geoName).append(" for ").append(geo).append(", the line for ").append(lin)
                    .append(", either (|dAIC| < 2) for ").append(either);
            List<Row> compared = rs.stream().filter(r -> r.tokenAccuracyInInterval() != null).toList();
            if (!compared.isEmpty()) {
                long inside = compared.stream().filter(Row::tokenAccuracyInInterval).count();
                double[] d = compared.stream().mapToDouble(Row::pMinusTokenAccuracy).toArray();
                sb.append(String.format(Locale.ROOT, "; measured 1 - TED/L inside p's interval for %d of %d (median p - (1 - TED/L) %+.3f)",
                        inside, compared.size(), Quantiles.of(d, 0.5)));
            }
            out.add(sb.toString());
            Set<String> notes = new LinkedHashSet<>();
            for (Row r : rs) {
                notes.addAll(r.notes());
            }
            notes.removeAll(printed);
            printed.addAll(notes);
            int n = 0;
            for (String note : notes) {
                if (n++ == 3) {
                    out.add("  note: ... (" + (notes.size() - 3) + " more in lengths.csv)");
                    break;
                }
                out.add("  note: " + note);
            }
        }
        if (skipped > 0) {
            out.add(skipped + " model series with fewer than " + MIN_LENGTHS + " lengths were not fitted");
        }
        return out;
    }

    private static String range(double[] v) {
        if (v.length == 0) {
            return "-";
        }
        double lo = Arrays.stream(v).min().getAsDouble();
        double hi = Arrays.stream(v).max().getAsDouble();
        return String.format(Locale.ROOT, "%.3g..%.3g (median %.3g)", lo, hi, Quantiles.of(v, 0.5));
    }
}

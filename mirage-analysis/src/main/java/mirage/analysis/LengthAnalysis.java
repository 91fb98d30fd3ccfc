package mirage.analysis;

import java.io.IOException;
import java.io.Writer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import mirage.core.analysis.LengthScaling;
import mirage.core.stats.Quantiles;
import mirage.io.csv.CsvWriter;

/**
 * The paper's second prediction on an analysed data set: for every model, how each metric changes with the
 * target length (label {@value #LABEL}, as {@code mirage train arithmetic} writes it). Series that differ
 * only in {@value #LABEL} are joined; each model with values at 3 or more lengths gets a
 * {@link LengthScaling} (geometric and linear fits). Written as {@code lengths.csv} (docs/FORMATS.md) and
 * summarised on the console: exact match should fall ~geometrically (p^L) and token edit distance grow
 * ~linearly (L(1-p)).
 */
public final class LengthAnalysis {
    /** The label that carries the target length. */
    public static final String LABEL = "target_length";
    /** Fewest lengths for a fit with an R^2. */
    public static final int MIN_LENGTHS = 3;

    /** The columns of {@code lengths.csv}, in order. */
    public static final List<String> COLUMNS = mirage.io.csv.AnalysisSchema.Lengths.COLUMNS;

    /** One model's fit. */
    public record Row(String family, String task, String labels, String metric, String model, double scale, LengthScaling fit) {
    }

    private final List<Row> rows;

    private LengthAnalysis(List<Row> rows) {
        this.rows = rows;
    }

    public List<Row> rows() {
        return rows;
    }

    public boolean isEmpty() {
        return rows.isEmpty();
    }

    /** Collects the series with a numeric {@value #LABEL} label and fits every model with at least 3 lengths. */
    public static LengthAnalysis of(MetaAnalysis a) {
        // (family, task, other labels, metric) -> model -> (length -> value); scale per model
        Map<List<String>, Map<String, TreeMap<Double, Double>>> groups = new TreeMap<>(LengthAnalysis::compare);
        Map<List<String>, Map<String, Double>> scales = new LinkedHashMap<>();
        for (int i = 0; i < a.seriesCount(); i++) {
            SeriesView s = a.series(i);
            String l = s.label(LABEL);
            if (l == null) {
                continue;
            }
            Map<String, String> labels = s.labels();
            double length;
            try {
                length = Double.parseDouble(l.trim());
            } catch (NumberFormatException e) {
                continue;
            }
            if (!Double.isFinite(length)) {
                continue;
            }
            Map<String, String> other = new TreeMap<>(labels);
            other.remove(LABEL);
            StringBuilder text = new StringBuilder();
            other.forEach((k, v) -> text.append(text.length() == 0 ? "" : ";").append(k).append('=').append(v));
            List<String> key = List.of(s.family(), s.task(), text.toString(), s.metric());
            Map<String, TreeMap<Double, Double>> byModel = groups.computeIfAbsent(key, k -> new LinkedHashMap<>());
            Map<String, Double> sc = scales.computeIfAbsent(key, k -> new LinkedHashMap<>());
            for (int j = 0; j < s.size(); j++) {
                byModel.computeIfAbsent(s.model(j), m -> new TreeMap<>()).put(length, s.value(j));
                sc.putIfAbsent(s.model(j), s.scale(j));
            }
        }
        List<Row> rows = new ArrayList<>();
        groups.forEach((key, byModel) -> {
            List<Map.Entry<String, TreeMap<Double, Double>>> models = new ArrayList<>(byModel.entrySet());
            models.sort((x, y) -> Double.compare(scales.get(key).get(x.getKey()), scales.get(key).get(y.getKey())));
            for (Map.Entry<String, TreeMap<Double, Double>> m : models) {
                if (m.getValue().size() < MIN_LENGTHS) {
                    continue;
                }
                double[] len = m.getValue().keySet().stream().mapToDouble(Double::doubleValue).toArray();
                double[] val = m.getValue().values().stream().mapToDouble(Double::doubleValue).toArray();
                rows.add(new Row(key.get(0), key.get(1), key.get(2), key.get(3), m.getKey(), scales.get(key).get(m.getKey()),
                        LengthScaling.fit(len, val)));
            }
        });
        return new LengthAnalysis(rows);
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
            double[] len = f.lengths();
            List<String> c = new ArrayList<>(COLUMNS.size());
            c.add(r.family());
            c.add(r.task());
            c.add(r.labels());
            c.add(r.metric());
            c.add(r.model());
            c.add(CsvWriter.number(r.scale()));
            c.add(lengthsText(len));
            c.add(Integer.toString(f.geometric().points()));
            c.add(CsvWriter.number(f.geometric().points() >= 2 ? f.geometric().factor() : Double.NaN));
            c.add(CsvWriter.number(f.geometric().r2()));
            c.add(Integer.toString(f.linear().points()));
            c.add(CsvWriter.number(f.linear().intercept()));
            c.add(CsvWriter.number(f.linear().slope()));
            c.add(CsvWriter.number(f.linear().r2()));
            c.add(f.better());
            w.row(c);
        }
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

    /** The metrics the console summary shows first, in this order (others follow, up to the line budget). */
    static final List<String> SHOWN = List.of("exact_match", "accuracy", "token_edit_distance", "char_edit_distance",
            "target_logprob", "target_prob");

    /**
     * Console lines: per (family, task, labels, metric) the median R^2 of both fits over the models and the range
     * of the per-token factor, for the metrics of {@link #SHOWN} (at most {@code max} lines).
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
        for (List<String> k : keys) {
            if (out.size() == max) {
                out.add("... (" + (keys.size() - max) + " more in lengths.csv)");
                break;
            }
            List<Row> rs = byGroup.get(k);
            double[] geo = rs.stream().mapToDouble(r -> r.fit().geometric().r2()).filter(Double::isFinite).toArray();
            double[] lin = rs.stream().mapToDouble(r -> r.fit().linear().r2()).filter(Double::isFinite).toArray();
            double[] len = rs.stream().flatMapToDouble(r -> Arrays.stream(r.fit().lengths())).toArray();
            long geoBetter = rs.stream().filter(r -> r.fit().better().equals("geometric")).count();
            long linBetter = rs.stream().filter(r -> r.fit().better().equals("linear")).count();
            out.add(String.format(Locale.ROOT, "%s / %s%s / %s: %d models, L = %s..%s; R^2 of ln y ~ L (geometric) median %s, "
                    + "of y ~ L (linear) median %s; better fit: geometric for %d, linear for %d",
                    k.get(0), k.get(1), k.get(2).isEmpty() ? "" : " (" + k.get(2) + ")", k.get(3), rs.size(),
                    lengthText(Arrays.stream(len).min().orElse(Double.NaN)), lengthText(Arrays.stream(len).max().orElse(Double.NaN)),
                    median(geo), median(lin), geoBetter, linBetter));
        }
        return out;
    }

    private static String median(double[] v) {
        return v.length == 0 ? "-" : String.format(Locale.ROOT, "%.3f", Quantiles.of(v, 0.5));
    }
}

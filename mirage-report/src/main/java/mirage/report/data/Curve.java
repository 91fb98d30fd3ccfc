package mirage.report.data;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import mirage.core.metric.MetricCatalog;
import mirage.core.metric.MetricInfo;

/**
 * One scaling curve read from {@code series.csv}: the points of one metric for the models of one
 * family on one task under one set of labels, against one scale axis, sorted by scale.
 *
 * @param info what is known of the metric (from the emergence table when it says, else
 *     {@link MetricCatalog#lookup})
 * @param emergence the curve's emergence score (NaN when none is known)
 * @param status the emergence status ({@code OK, FLAT, STEP, TOO_FEW_POINTS}; empty when unknown)
 * @param evidence the emergence flag's evidence from emergence.csv ({@link Evidence#NONE} when unknown)
 */
public record Curve(String family, String task, String labels, String axis, String metric, List<Point> points,
                    MetricInfo info, double emergence, String status, Evidence evidence) {

    /**
     * What emergence.csv says of the curve beyond its score: the flag on evidence and the score's lower bound, by
     * which curves are ranked ({@link #rank()}), the shape, and whether the score was taken on the log of the metric.
     *
     * @param emergent {@code true}, {@code false}, {@code unknown}, or empty when not known
     * @param esLower lower end of the score's 95% interval (NaN when unknown)
     * @param shape the curve's shape (empty when unknown)
     * @param logScale the metric is judged on its log (perplexities): drawn on a log axis
     */
    public record Evidence(String emergent, double esLower, String shape, boolean logScale) {
        public static final Evidence NONE = new Evidence("", Double.NaN, "", false);

        public Evidence {
            emergent = emergent == null ? "" : emergent;
            shape = shape == null ? "" : shape;
        }

        /** 2 flagged emergent, 1 unknown (noise not known), 0 not flagged or not known. */
        public int flagRank() {
            return switch (emergent) {
                case "true" -> 2;
                case "unknown" -> 1;
                default -> 0;
            };
        }
    }

    /** Ranks curves by evidence: flagged first, then the score's lower bound, then the score (highest first). */
    public static final java.util.Comparator<Curve> BY_EVIDENCE = (a, b) -> {
        int c = Integer.compare(b.evidence().flagRank(), a.evidence().flagRank());
        if (c != 0) {
            return c;
        }
        c = Double.compare(key(b.evidence().esLower()), key(a.evidence().esLower()));
        return c != 0 ? c : Double.compare(key(b.emergence()), key(a.emergence()));
    };

    private static double key(double v) {
        return Double.isNaN(v) ? Double.NEGATIVE_INFINITY : v;
    }

    /** Whether the curve is best read on a log vertical axis (perplexities: emergence.csv's es_scale is ln, or the name says so). */
    public boolean logByDefault() {
        if (evidence.logScale()) {
            return true;
        }
        String m = metric.toLowerCase(java.util.Locale.ROOT);
        return m.contains("perplexity") || m.equals("ppl") || m.endsWith("_ppl") || m.startsWith("ppl_");
    }

    /** One model's value. NaN marks unknown numbers. */
    public record Point(String model, double scale, double value, double n, double stderr, double lower, double upper,
                        double chance) {
    }

    public Curve {
        List<Point> sorted = new ArrayList<>(points);
        sorted.sort(Comparator.comparingDouble(Point::scale).thenComparing(Point::model));
        points = List.copyOf(sorted);
        status = status == null ? "" : status;
        evidence = evidence == null ? Evidence.NONE : evidence;
    }

    public static MetricInfo defaultInfo(String metric) {
        return MetricCatalog.lookup(metric);
    }

    /** The chance level: the mean of the points' finite chance values (NaN when none). */
    public double chance() {
        double s = 0;
        int k = 0;
        for (Point p : points) {
            if (Double.isFinite(p.chance())) {
                s += p.chance();
                k++;
            }
        }
        return k == 0 ? Double.NaN : s / k;
    }

    /** Whether the metric's values are shares of 0/1 outcomes, so 1/n is the resolution floor. */
    public boolean proportion() {
        return info.proportion();
    }

    /** Whether any point has an interval (lower and upper) or a standard error. */
    public boolean hasIntervals() {
        for (Point p : points) {
            if ((Double.isFinite(p.lower()) && Double.isFinite(p.upper())) || Double.isFinite(p.stderr())) {
                return true;
            }
        }
        return false;
    }
}

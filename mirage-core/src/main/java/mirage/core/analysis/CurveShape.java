package mirage.core.analysis;

import java.util.Locale;

/**
 * The shape of a scaling curve, judged against the noise of its points: what a researcher checks before
 * calling a curve emergent (docs/ANALYSIS.md, "Curve shapes"). Points are sorted by scale with one value per
 * distinct scale; {@code se} is each point's standard error (NaN when unknown: the noise tests are then not
 * made and the curve is judged on its values). Values are oriented by the metric's direction, so "rise"
 * always means improvement. In order of precedence:
 * <ol>
 *   <li>{@link Kind#TOO_FEW_SIZES}: fewer than {@code minSizes} scales;</li>
 *   <li>{@link Kind#FLAT}: the change between the best and the worst point is less than {@code noiseZ}
 *       standard errors of their difference (or zero);</li>
 *   <li>{@link Kind#AT_CHANCE}: a chance level above the metric's minimum is known and no point is
 *       {@code noiseZ} standard errors above it, or the best point is within 5% of the chance-to-ceiling
 *       range of it;</li>
 *   <li>{@link Kind#FALLING}: the best point comes before the worst one (the emergence score is negative) and the
 *       curve did not first rise to that best (a rise then a fall is non-monotone): it gets worse with scale;</li>
 *   <li>{@link Kind#NON_MONOTONE}: a smaller model beats a larger one by at least {@code reversal} of the
 *       curve's range and by {@code noiseZ} standard errors of the difference (the latter only when both
 *       standard errors are known);</li>
 *   <li>{@link Kind#SATURATING}: a ceiling is known and the smallest model is already at least half-way
 *       from the floor (chance level, else the minimum) to it: whatever the rise, it is an approach to the
 *       ceiling, not the appearance of an absent ability;</li>
 *   <li>{@link Kind#RISING}: otherwise.</li>
 * </ol>
 *
 * @param kind the shape
 * @param changeZ the best-minus-worst change in standard errors of the difference (NaN when unknown)
 * @param detail one phrase for people, e.g. {@code "the 1.3e9 model is worse than the 3.5e8 one by 0.21 (4.2 se)"}
 */
public record CurveShape(Kind kind, double changeZ, String detail) {

    /** The shapes, with their names as written in files. */
    public enum Kind {
        TOO_FEW_SIZES("too_few_sizes"), FLAT("flat"), AT_CHANCE("at_chance"), FALLING("falling"),
        NON_MONOTONE("non_monotone"), SATURATING("saturating"), RISING("rising");

        private final String key;

        Kind(String key) {
            this.key = key;
        }

        public String key() {
            return key;
        }
    }

    /** Thresholds of the classification (documented defaults in {@link #defaults()}). */
    public record Rules(int minSizes, double noiseZ, double reversal, double saturation, double chanceMargin) {
        public Rules {
            if (minSizes < 3) {
                throw new IllegalArgumentException("minSizes must be at least 3, got " + minSizes);
            }
        }
    }

    /** 4 sizes, 3 standard errors, reversals of 15% of the range, saturation from half-way, chance margin 5%. */
    public static Rules defaults() {
        return new Rules(4, 3.0, 0.15, 0.5, 0.05);
    }

    /**
     * @param x distinct scales, ascending (only used in the text)
     * @param y values, same order
     * @param se standard errors (NaN entries: unknown)
     * @param higherIsBetter the metric's direction
     * @param floor the floor of the metric in its own units: chance level, else its minimum (NaN when unknown)
     * @param chance whether {@code floor} is a chance level above the metric's minimum
     * @param ceiling the metric's best possible value (NaN when unbounded)
     */
    public static CurveShape classify(double[] x, double[] y, double[] se, boolean higherIsBetter, double floor,
                                      boolean chance, double ceiling, Rules r) {
        int k = y.length;
        if (k < r.minSizes()) {
            return new CurveShape(Kind.TOO_FEW_SIZES, Double.NaN, k + " sizes (at least " + r.minSizes() + " are needed)");
        }
        double sg = higherIsBetter ? 1 : -1;
        double[] u = new double[k];
        int best = 0;
        int worst = 0;
        for (int i = 0; i < k; i++) {
            u[i] = sg * y[i];
            if (u[i] > u[best]) {
                best = i;
            }
            if (u[i] < u[worst]) {
                worst = i;
            }
        }
        double range = u[best] - u[worst];
        double z = range / hypot(se[best], se[worst]);
        if (range == 0 || z < r.noiseZ()) {
            return new CurveShape(Kind.FLAT, range == 0 ? 0 : z, range == 0 ? "the same value at every size"
                    : String.format(Locale.ROOT, "best and worst points differ by %s, %s standard errors", fmt(range), fmt(z)));
        }
        double f = sg * floor;
        double c = sg * ceiling;
        if (chance && !Double.isNaN(f)) {
            double maxZ = Double.NEGATIVE_INFINITY;
            for (int i = 0; i < k; i++) {
                maxZ = Math.max(maxZ, (u[i] - f) / se(se[i]));
            }
            boolean tiny = !Double.isNaN(c) && c != f && (u[best] - f) / (c - f) < r.chanceMargin();
            if (maxZ < r.noiseZ() || tiny) {
                return new CurveShape(Kind.AT_CHANCE, z, String.format(Locale.ROOT,
                        "no size is clearly above chance (%s): the best is %s", fmt(floor), fmt(sg * u[best])));
            }
        }
        if (best < worst) {
            // worse at the end than at its best: falling, unless it first rose to that best (then it turned back)
            double rise = u[best] - u[0];
            double h = hypot(se[best], se[0]);
            boolean rose = rise >= r.reversal() * range && (Double.isNaN(h) || rise / h >= r.noiseZ());
            if (!rose) {
                return new CurveShape(Kind.FALLING, z, String.format(Locale.ROOT, "gets worse with scale: best %s at %s, worst %s at %s",
                        fmt(y[best]), fmt(x[best]), fmt(y[worst]), fmt(x[worst])));
            }
        }
        double rev = 0;
        int ri = -1;
        int rj = -1;
        for (int j = 1; j < k; j++) {
            for (int i = 0; i < j; i++) {
                double d = u[i] - u[j];
                double h = hypot(se[i], se[j]);
                if (d > rev && d >= r.reversal() * range && (Double.isNaN(h) || d / h >= r.noiseZ())) {
                    rev = d;
                    ri = i;
                    rj = j;
                }
            }
        }
        if (ri >= 0) {
            return new CurveShape(Kind.NON_MONOTONE, z, String.format(Locale.ROOT,
                    "the model at %s is worse than the one at %s by %s (%s of the range, %s standard errors)",
                    fmt(x[rj]), fmt(x[ri]), fmt(rev), pct(rev / range), fmt(rev / hypot(se[ri], se[rj]))));
        }
        double base = Double.isNaN(f) ? u[worst] : f;
        if (!Double.isNaN(c) && c > base && (u[0] - base) >= r.saturation() * (c - base)) {
            return new CurveShape(Kind.SATURATING, z, String.format(Locale.ROOT,
                    "the smallest model is already %s of the way from %s to the ceiling %s", pct((u[0] - base) / (c - base)),
                    fmt(sg * base), fmt(ceiling)));
        }
        return new CurveShape(Kind.RISING, z, String.format(Locale.ROOT, "rises by %s (%s standard errors)", fmt(range), fmt(z)));
    }

    private static double se(double s) {
        return s > 0 ? s : Double.NaN;
    }

    /** sqrt(a^2 + b^2) of two standard errors; NaN when either is unknown. */
    private static double hypot(double a, double b) {
        if (Double.isNaN(a) || Double.isNaN(b)) {
            return Double.NaN;
        }
        return Math.hypot(a, b);
    }

    static String fmt(double v) {
        return mirage.core.util.Text.num(v);
    }

    static String pct(double v) {
        return mirage.core.util.Text.percent(v, 0);
    }
}

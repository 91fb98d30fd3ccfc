package mirage.core.stats;

/**
 * The percentile interval of a statistic from its sorted bootstrap replicates (or per-point draws), made to contain
 * the statistic itself: {@code [min(q(a/2), estimate), max(q(1-a/2), estimate)]} with {@code a = 1 - confidence} and
 * {@code q} the linear-interpolation quantile ({@link Quantiles#sorted}).
 *
 * <p>Why the hull: a percentile interval need not contain its estimate when the estimate sits on a point that the
 * resamples almost never reach. The emergence score, and so eta, is infinite when most of a curve's steps are exactly
 * zero (ties of a few items: 5 of 7 right at five sizes), while almost every item resample breaks the ties and gives
 * a finite value; the plain percentile interval then reads {@code eta inf [-0.92, 1.28]}. Widening to the estimate
 * keeps the interval honest (it can only get wider, so no test is made easier) and is said in the method text
 * ({@link #WIDENED}). Used by the verdict (eta, the partner's eta and excess) and by the emergence flag (the score's
 * interval: a score of inf from zeros that the draws lift off zero). Empty or NaN-only input, or fewer than 10 replicates: NaN ends (no interval).
 */
public final class PercentileInterval {
    /** Appended to the interval's method when it was widened to contain the estimate. */
    public static final String WIDENED = "; widened to contain the estimate";

    private PercentileInterval() {
    }

    /**
     * @param estimate the statistic on the data (NaN: the quantiles alone)
     * @param sorted its finite replicates, ascending
     * @param confidence the interval's coverage, e.g. 0.95
     * @return {lower, upper, 1 when widened to the estimate else 0}
     */
    public static double[] of(double estimate, double[] sorted, double confidence) {
        if (sorted.length < 10) {
            return new double[] {Double.NaN, Double.NaN, 0};
        }
        double a = 1 - confidence;
        double lo = Quantiles.sorted(sorted, a / 2);
        double hi = Quantiles.sorted(sorted, 1 - a / 2);
        if (Double.isNaN(estimate) || (estimate >= lo && estimate <= hi)) {
            return new double[] {lo, hi, 0};
        }
        return new double[] {Math.min(lo, estimate), Math.max(hi, estimate), 1};
    }
}

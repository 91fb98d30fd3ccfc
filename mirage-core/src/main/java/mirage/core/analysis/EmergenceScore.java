package mirage.core.analysis;

import java.util.Arrays;

/**
 * The emergence score of a scaling curve, BIG-bench's "breakthroughness" as used by Schaeffer et al.
 * (2023), Section 4: for points sorted by increasing scale {@code x_1 < ... < x_n},
 * <pre>
 *   ES = sign(argmax_i y_i - argmin_i y_i) * (max_i y_i - min_i y_i) / sqrt(median_i (y_i - y_{i-1})^2)
 * </pre>
 * A large positive score means most of the change happens in few steps, upwards with scale.
 *
 * <p>mirage's choices where the paper is silent (all documented in docs/ANALYSIS.md):
 * <ul>
 *   <li><b>orientation</b>: the formula is applied to {@code y} for higher-is-better metrics and to
 *       {@code -y} for lower-is-better ones, so a positive score always means improvement with scale;
 *       for higher-is-better metrics this is exactly the published formula;</li>
 *   <li><b>NaN values</b> are dropped and counted ({@link Result#dropped()});</li>
 *   <li><b>ties in scale</b>: points at the same scale are replaced by the mean of their values;</li>
 *   <li><b>fewer than 3 distinct scales</b>: no score (NaN, {@link Status#TOO_FEW_POINTS}); with two
 *       points the formula is always +-1 and says nothing;</li>
 *   <li><b>flat series</b> (max = min): 0, {@link Status#FLAT};</li>
 *   <li><b>zero median step with a non-zero range</b> (a pure step, e.g. 0, 0, 0, 1): +-Infinity,
 *       {@link Status#STEP};</li>
 *   <li>argmax/argmin take the first index on ties; the median of an even number of squared steps is
 *       the mean of the two middle ones (numpy.median).</li>
 * </ul>
 */
public final class EmergenceScore {
    private EmergenceScore() {
    }

    /** How the score came about. */
    public enum Status { OK, FLAT, STEP, TOO_FEW_POINTS }

    /**
     * @param value the score (NaN when there is none)
     * @param status how it came about
     * @param points number of distinct scales used
     * @param dropped number of points dropped for NaN values
     */
    public record Result(double value, Status status, int points, int dropped) {
    }

    /** Score of a series, oriented by its metric's direction. */
    public static Result of(Series s, boolean higherIsBetter) {
        return of(s.scales(), s.values(), higherIsBetter);
    }

    /**
     * Whether x is in ascending order under {@link Double#compare} with no NaN in x or y (then sorting by
     * {@code Double.compare(x)}, a stable sort, leaves the points where they are).
     */
    private static boolean sortedWithoutNaN(double[] x, double[] y) {
        for (int i = 0; i < x.length; i++) {
            if (Double.isNaN(x[i]) || Double.isNaN(y[i])) {
                return false;
            }
            if (i > 0 && Double.compare(x[i - 1], x[i]) > 0) {
                return false;
            }
        }
        return true;
    }

    /**
     * @param x scales (any order; sorted here)
     * @param y values, same length
     * @param higherIsBetter whether larger values are better (otherwise {@code -y} is scored)
     */
    public static Result of(double[] x, double[] y, boolean higherIsBetter) {
        if (x.length != y.length) {
            throw new IllegalArgumentException("x and y differ in length: " + x.length + " vs " + y.length);
        }
        int dropped = 0;
        double[] ys;
        int n = 0;
        if (sortedWithoutNaN(x, y)) {
            // the common case (callers pass curves sorted by scale): the stable sort below would keep this
            // order, so the same ties are merged in the same order without sorting
            ys = new double[x.length];
            for (int i = 0; i < x.length; ) {
                int j = i;
                double sum = 0;
                while (j < x.length && x[j] == x[i]) {
                    sum += higherIsBetter ? y[j] : -y[j];
                    j++;
                }
                ys[n++] = sum / (j - i);
                i = j;
            }
        } else {
            double[][] pts = new double[x.length][];
            int m = 0;
            for (int i = 0; i < x.length; i++) {
                if (Double.isNaN(y[i]) || Double.isNaN(x[i])) {
                    dropped++;
                    continue;
                }
                pts[m++] = new double[] {x[i], higherIsBetter ? y[i] : -y[i]};
            }
            pts = Arrays.copyOf(pts, m);
            Arrays.sort(pts, (a, b) -> Double.compare(a[0], b[0]));
            // merge ties in scale by their mean
            ys = new double[m];
            for (int i = 0; i < m; ) {
                int j = i;
                double sum = 0;
                while (j < m && pts[j][0] == pts[i][0]) {
                    sum += pts[j][1];
                    j++;
                }
                ys[n++] = sum / (j - i);
                i = j;
            }
        }
        if (n < 3) {
            return new Result(Double.NaN, Status.TOO_FEW_POINTS, n, dropped);
        }
        int argmax = 0;
        int argmin = 0;
        for (int i = 1; i < n; i++) {
            if (ys[i] > ys[argmax]) {
                argmax = i;
            }
            if (ys[i] < ys[argmin]) {
                argmin = i;
            }
        }
        double range = ys[argmax] - ys[argmin];
        if (range == 0) {
            return new Result(0.0, Status.FLAT, n, dropped);
        }
        double[] sq = new double[n - 1];
        for (int i = 1; i < n; i++) {
            double d = ys[i] - ys[i - 1];
            sq[i - 1] = d * d;
        }
        Arrays.sort(sq);
        int k = sq.length;
        double median = k % 2 == 1 ? sq[k / 2] : (sq[k / 2 - 1] + sq[k / 2]) / 2;
        double sign = Math.signum((double) (argmax - argmin));
        if (median == 0) {
            return new Result(sign * Double.POSITIVE_INFINITY, Status.STEP, n, dropped);
        }
        return new Result(sign * range / Math.sqrt(median), Status.OK, n, dropped);
    }

    /**
     * The score's value for values already sorted by distinct scale (no NaN, no ties in scale), as
     * {@link #of(double[], double[], boolean)} computes it after sorting and merging; NaN for fewer than 3
     * values. Allocation-free for the permutation null of the verdict ({@code work} holds at least
     * {@code y.length - 1} doubles).
     */
    public static double ofSorted(double[] y, boolean higherIsBetter, double[] work) {
        int n = y.length;
        if (n < 3) {
            return Double.NaN;
        }
        double sgn = higherIsBetter ? 1 : -1;
        int argmax = 0;
        int argmin = 0;
        double max = sgn * y[0];
        double min = max;
        for (int i = 1; i < n; i++) {
            double v = sgn * y[i];
            if (v > max) {
                max = v;
                argmax = i;
            }
            if (v < min) {
                min = v;
                argmin = i;
            }
        }
        double range = max - min;
        if (range == 0) {
            return 0.0;
        }
        int k = n - 1;
        for (int i = 1; i < n; i++) {
            double d = sgn * y[i] - sgn * y[i - 1];
            double sq = d * d;
            int j = i - 1;
            while (j > 0 && work[j - 1] > sq) {
                work[j] = work[j - 1];
                j--;
            }
            work[j] = sq;
        }
        double median = k % 2 == 1 ? work[k / 2] : (work[k / 2 - 1] + work[k / 2]) / 2;
        double sign = Math.signum((double) (argmax - argmin));
        if (median == 0) {
            return sign * Double.POSITIVE_INFINITY;
        }
        return sign * range / Math.sqrt(median);
    }
}

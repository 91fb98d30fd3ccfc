package mirage.core.analysis;

import java.util.Arrays;
import org.hipparchus.stat.regression.SimpleRegression;

/**
 * How one model's metric changes with the target length L: the paper's second prediction. If every token
 * is right with probability p independently, exact match falls geometrically, {@code E[acc] = p^L}, while
 * token edit distance grows linearly, {@code E[dist] ~ L (1 - p)} (Schaeffer, Miranda and Koyejo 2023, Section 3,
 * Figure 3). Both shapes are fitted to the values of one model at several lengths by ordinary least squares
 * ({@link SimpleRegression} of Hipparchus):
 * <ul>
 * <li><b>geometric</b>: {@code ln y = a + L ln r}, over the points with {@code y > 0}; {@code r = exp(slope)} is
 * the per-token factor (the per-token probability p when y is an accuracy), R^2 in log space;</li>
 * <li><b>linear</b>: {@code y = a + b L}, over all points; R^2 of y.</li>
 * </ul>
 * R^2 is {@code 1 - SSE/SST}; it is NaN when the fit has fewer than 3 points or the values do not vary (SST = 0).
 * Non-finite values and lengths are left out; a value {@code y <= 0} is left out of the geometric fit only
 * (log undefined; the count used is given), so a curve whose longer targets read 0 is fitted on its non-zero part.
 *
 * @param lengths the target lengths used (sorted, distinct)
 * @param geometric the geometric fit
 * @param linear the linear fit
 */
public record LengthScaling(double[] lengths, Fit geometric, Fit linear) {

    /**
     * One least-squares line.
     *
     * @param points points used
     * @param intercept a
     * @param slope b (for the geometric fit: ln r)
     * @param r2 coefficient of determination, NaN with fewer than 3 points or no variation
     */
    public record Fit(int points, double intercept, double slope, double r2) {
        static final Fit NONE = new Fit(0, Double.NaN, Double.NaN, Double.NaN);

        /** exp(slope): the per-token factor of a geometric fit. */
        public double factor() {
            return Math.exp(slope);
        }
    }

    public LengthScaling {
        lengths = lengths.clone();
    }

    @Override
    public double[] lengths() {
        return lengths.clone();
    }

    /**
     * Fits both shapes.
     *
     * @param length target length of each value
     * @param value the metric's value at that length (one value per length)
     * @throws IllegalArgumentException when the arrays differ in length or a length repeats
     */
    public static LengthScaling fit(double[] length, double[] value) {
        if (length.length != value.length) {
            throw new IllegalArgumentException("lengths and values differ in size: " + length.length + " vs " + value.length);
        }
        SimpleRegression geo = new SimpleRegression();
        SimpleRegression lin = new SimpleRegression();
        double[] used = Arrays.stream(length).filter(Double::isFinite).sorted().toArray();
        for (int i = 1; i < used.length; i++) {
            if (used[i] == used[i - 1]) {
                throw new IllegalArgumentException("target length " + used[i] + " appears twice");
            }
        }
        int nGeo = 0;
        int nLin = 0;
        for (int i = 0; i < length.length; i++) {
            if (!Double.isFinite(length[i]) || !Double.isFinite(value[i])) {
                continue;
            }
            lin.addData(length[i], value[i]);
            nLin++;
            if (value[i] > 0) {
                geo.addData(length[i], Math.log(value[i]));
                nGeo++;
            }
        }
        return new LengthScaling(used, fit(geo, nGeo), fit(lin, nLin));
    }

    private static Fit fit(SimpleRegression r, int n) {
        if (n < 2) {
            return new Fit(n, Double.NaN, Double.NaN, Double.NaN);
        }
        double sst = r.getTotalSumSquares();
        double r2 = n < 3 || !(sst > 0) ? Double.NaN : 1 - r.getSumSquaredErrors() / sst;
        return new Fit(n, r.getIntercept(), r.getSlope(), r2);
    }

    /**
     * The shape that fits better by R^2 ("geometric", "linear"), or "" when either R^2 is undefined.
     * The two R^2 are on different scales (log and linear), so this is a description, not a test.
     */
    public String better() {
        if (Double.isNaN(geometric.r2()) || Double.isNaN(linear.r2())) {
            return "";
        }
        return geometric.r2() >= linear.r2() ? "geometric" : "linear";
    }
}

package mirage.core.verdict;

import org.hipparchus.distribution.continuous.NormalDistribution;

/**
 * One-sided p-values of "a statistic is above (or below) a threshold" from its bootstrap replicates, by the
 * normal approximation {@code z = (estimate - threshold) / sd(replicates)}: unlike the share of replicates on
 * the wrong side (at least {@code 1/(B+1)}), it can get small enough for Benjamini-Hochberg over many tests
 * without millions of resamples. When every replicate is the same (sd 0, e.g. zeros that stay zeros in every
 * item resample) the p-value is 0 or 1 by the estimate's side.
 */
final class OneSided {
    private static final NormalDistribution N01 = new NormalDistribution(0, 1);

    private OneSided() {
    }

    /**
     * @param estimate the statistic on the data
     * @param replicates its finite replicates (sorted or not)
     * @param threshold the threshold
     * @return {p(statistic &gt; threshold is false), p(statistic &lt; threshold is false)}: the p-value of the
     *     null "at most the threshold" and of the null "at least the threshold"; NaN when not computable
     */
    static double[] pValues(double estimate, double[] replicates, double threshold) {
        if (Double.isNaN(estimate) || replicates.length < 10) {
            return new double[] {Double.NaN, Double.NaN};
        }
        double mean = 0;
        for (double r : replicates) {
            mean += r;
        }
        mean /= replicates.length;
        double ss = 0;
        for (double r : replicates) {
            ss += (r - mean) * (r - mean);
        }
        double sd = Math.sqrt(ss / (replicates.length - 1));
        if (!(sd > 0)) {
            if (estimate > threshold) {
                return new double[] {0, 1};
            }
            if (estimate < threshold) {
                return new double[] {1, 0};
            }
            return new double[] {1, 1};
        }
        double z = (estimate - threshold) / sd;
        return new double[] {N01.cumulativeProbability(-z), N01.cumulativeProbability(z)};
    }
}

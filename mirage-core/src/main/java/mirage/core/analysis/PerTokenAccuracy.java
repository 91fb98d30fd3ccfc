package mirage.core.analysis;

/**
 * The per-token accuracy measured on a model's outputs, pooled over target lengths, to set beside the p of a
 * {@code p^L} fit of exact match on the same outputs (the paper's second prediction: if every token is right with
 * probability p independently, exact match is {@code p^L} and token edit distance {@code L (1 - p)}; Schaeffer,
 * Miranda and Koyejo 2023, Section 3).
 *
 * <p>{@link #fromEditDistance}: {@code 1 - sum_L n_L d_L / sum_L n_L L}, with {@code d_L} the mean token edit
 * distance of the {@code n_L} items of length L: the share of target tokens not edited, each token weighing the same
 * (weights {@code n_L L} on the per-length values {@code 1 - d_L/L}). Insertions make d unbounded, so the value can be
 * negative. {@link #pooled}: {@code sum_L n_L L v_L / sum_L n_L L} for a per-token value v (e.g. {@code token_prob},
 * the geometric-mean per-token probability of the target). Both NaN when the arrays are empty or no weight is
 * positive; lengths must be positive and counts positive or the result is NaN.
 */
public final class PerTokenAccuracy {
    private PerTokenAccuracy() {
    }

    /**
     * @param length target lengths (tokens)
     * @param editDistance mean token edit distance at each length
     * @param n items at each length (use 1 everywhere when unknown)
     */
    public static double fromEditDistance(double[] length, double[] editDistance, double[] n) {
        check(length, editDistance, n);
        double num = 0;
        double den = 0;
        for (int i = 0; i < length.length; i++) {
            if (!(length[i] > 0 && n[i] > 0) || !Double.isFinite(editDistance[i])) {
                return Double.NaN;
            }
            num += n[i] * editDistance[i];
            den += n[i] * length[i];
        }
        return den > 0 ? 1 - num / den : Double.NaN;
    }

    /**
     * @param length target lengths (tokens)
     * @param perToken the per-token value at each length
     * @param n items at each length (use 1 everywhere when unknown)
     */
    public static double pooled(double[] length, double[] perToken, double[] n) {
        check(length, perToken, n);
        double num = 0;
        double den = 0;
        for (int i = 0; i < length.length; i++) {
            if (!(length[i] > 0 && n[i] > 0) || !Double.isFinite(perToken[i])) {
                return Double.NaN;
            }
            num += n[i] * length[i] * perToken[i];
            den += n[i] * length[i];
        }
        return den > 0 ? num / den : Double.NaN;
    }

    private static void check(double[] a, double[] b, double[] c) {
        if (a.length != b.length || a.length != c.length) {
            throw new IllegalArgumentException("lengths, values and counts differ in size: " + a.length + ", " + b.length + ", " + c.length);
        }
    }
}

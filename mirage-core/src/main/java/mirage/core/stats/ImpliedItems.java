package mirage.core.stats;

import java.util.Arrays;
import mirage.core.metric.MetricInfo;
import mirage.core.metric.MetricValue;

/**
 * Item counts implied by the standard errors of proportions, for aggregates that give a rate and its standard error
 * but not the number of items (lm-evaluation-harness results: {@code acc} and {@code acc_stderr}).
 *
 * <p>lm-evaluation-harness reports the standard error of a mean of 0/1 scores as the sample standard deviation over
 * {@code sqrt(n)}, so {@code se^2 = p(1-p)/(n-1)} and {@code n = p(1-p)/se^2 + 1}. A rate of exactly 0 or 1 has
 * {@code se = 0} and says nothing of n: such a point, taken alone, looks exact, and a curve of zeros that rises at its
 * last size gets an infinite emergence score whose interval is infinite too (real case: Pythia v0's arithmetic by
 * first operand, about 50 problems per cell, {@code 0, 0, 0, 0, 0, 0, 0.08}). This class gives such boundary points
 * the median count implied by the other points of the same series, so that they carry their resolution uncertainty
 * (the Jeffreys posterior of {@link PointUncertainty}) like points whose count is known.
 *
 * <p>Only points of a proportion metric with no count ({@code n = 0}), no positive standard error and a value at 0 or
 * the metric's scale are completed; nothing is completed when no point of the series implies a count (then they stay
 * without uncertainty, as before). Reference: the formula of lm-evaluation-harness 0.4 {@code mean_stderr} (sample
 * standard deviation with ddof 1 over sqrt(n)).
 */
public final class ImpliedItems {
    private ImpliedItems() {
    }

    /** {@code p(1-p)/se^2 + 1} for a rate strictly between 0 and 1 and a positive finite standard error (both in units of 1); NaN otherwise. */
    public static double fromStderr(double p, double se) {
        if (!(p > 0 && p < 1) || !(se > 0) || !Double.isFinite(se)) {
            return Double.NaN;
        }
        return p * (1 - p) / (se * se) + 1;
    }

    /**
     * The median count implied by the points of one series that have a standard error but no count; NaN when none.
     *
     * @param values the points' values (in the metric's units)
     * @param n their item counts (0: unknown)
     * @param stderr their standard errors (in the metric's units; NaN or 0: none)
     */
    public static double median(MetricInfo info, double[] values, double[] n, double[] stderr) {
        if (!info.proportion()) {
            return Double.NaN;
        }
        double[] implied = new double[values.length];
        int m = 0;
        for (int i = 0; i < values.length; i++) {
            if (!(n[i] >= 1)) {
                double v = fromStderr(values[i] / info.scale(), stderr[i] / info.scale());
                if (!Double.isNaN(v)) {
                    implied[m++] = v;
                }
            }
        }
        if (m == 0) {
            return Double.NaN;
        }
        double[] a = Arrays.copyOf(implied, m);
        Arrays.sort(a);
        return Math.rint(Quantiles.sorted(a, 0.5));
    }

    /** Whether a point is one this class completes: a proportion's 0 or full value with neither a count nor a positive standard error. */
    public static boolean completes(MetricInfo info, double value, double n, double stderr) {
        if (!info.proportion() || n >= 1 || (stderr > 0 && Double.isFinite(stderr))) {
            return false;
        }
        double unit = value / info.scale();
        return Math.abs(unit) <= 1e-12 || Math.abs(unit - 1) <= 1e-12;
    }

    /** The values of one series with the boundary points completed by {@link #median} (the same array when none is). */
    public static MetricValue[] complete(MetricInfo info, MetricValue[] values) {
        int k = values.length;
        double[] v = new double[k];
        double[] n = new double[k];
        double[] se = new double[k];
        for (int i = 0; i < k; i++) {
            v[i] = values[i].value();
            n[i] = values[i].n();
            se[i] = values[i].stderr();
        }
        double med = median(info, v, n, se);
        if (Double.isNaN(med) || med < 1) {
            return values;
        }
        MetricValue[] out = values.clone();
        for (int i = 0; i < k; i++) {
            MetricValue x = values[i];
            if (completes(info, x.value(), x.n(), x.stderr())) {
                out[i] = new MetricValue(x.value(), (long) med, x.skipped(), x.stderr(), x.lower(), x.upper(), x.chance());
            }
        }
        return out;
    }
}

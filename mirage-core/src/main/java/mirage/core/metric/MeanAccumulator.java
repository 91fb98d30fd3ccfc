package mirage.core.metric;

import java.util.function.ToDoubleFunction;
import mirage.core.data.Sample;

/**
 * Mean of a per-sample score with its standard error, for every metric defined item by item.
 *
 * <p>Formula: {@code value = (1/n) sum_i x_i}, {@code stderr = s / sqrt(n)} with the sample standard
 * deviation {@code s} (denominator n-1). Finite scores are accumulated with Welford's update and
 * combined with the pairwise formula of Chan, Golub and LeVeque (1979), "Updating formulae and a
 * pairwise algorithm for computing sample variances", so chunked accumulation equals whole accumulation
 * up to rounding (checked by {@code MetricContractTest}).
 *
 * <p>NaN, infinities and empty input: a score of NaN means "cannot score this sample" and counts as
 * skipped. Infinite scores are valid (a target log-probability of -Infinity, an infinite error) and
 * are counted apart, so they cannot poison the running mean: when any is present the value is that
 * infinity (NaN if both +Infinity and -Infinity occur) and the standard error is NaN. With no scored
 * sample the value is NaN and n = 0; with n &lt; 2 the standard error is NaN. The chance level, when the
 * metric has one per sample, is the mean over the scored samples that have one.
 */
public final class MeanAccumulator implements MetricAccumulator {
    private static final long serialVersionUID = 1L;
    /** Not serialized (a function with its workspace): null in a deserialized accumulator, which cannot accept samples. */
    private final transient ToDoubleFunction<Sample> score;
    private final transient ToDoubleFunction<Sample> chance;
    private long finite;
    private double mean;
    private double m2;
    private long positiveInfinite;
    private long negativeInfinite;
    private long skipped;
    private double chanceSum;
    private long chanceN;

    /**
     * @param score per-sample score, NaN when the sample cannot be scored
     * @param chance per-sample chance level, NaN when none (may be null)
     */
    public MeanAccumulator(ToDoubleFunction<Sample> score, ToDoubleFunction<Sample> chance) {
        this.score = score;
        this.chance = chance;
    }

    @Override
    public void accept(Sample sample) {
        if (score == null) {
            throw new IllegalStateException("a deserialized accumulator can be combined and read, not fed samples");
        }
        double x = score.applyAsDouble(sample);
        if (Double.isNaN(x)) {
            skipped++;
            return;
        }
        add(x);
        if (chance != null) {
            double c = chance.applyAsDouble(sample);
            if (!Double.isNaN(c)) {
                chanceSum += c;
                chanceN++;
            }
        }
    }

    /** Adds one already computed score (NaN is counted as skipped). */
    public void add(double x) {
        if (Double.isNaN(x)) {
            skipped++;
        } else if (x == Double.POSITIVE_INFINITY) {
            positiveInfinite++;
        } else if (x == Double.NEGATIVE_INFINITY) {
            negativeInfinite++;
        } else {
            finite++;
            double d = x - mean;
            mean += d / finite;
            m2 += d * (x - mean);
        }
    }

    /** Counts samples that could not be scored. */
    public void skip(long count) {
        skipped += count;
    }

    @Override
    public void combine(MetricAccumulator other) {
        MeanAccumulator o = (MeanAccumulator) other;
        skipped += o.skipped;
        chanceSum += o.chanceSum;
        chanceN += o.chanceN;
        positiveInfinite += o.positiveInfinite;
        negativeInfinite += o.negativeInfinite;
        if (o.finite == 0) {
            return;
        }
        if (finite == 0) {
            finite = o.finite;
            mean = o.mean;
            m2 = o.m2;
            return;
        }
        long total = finite + o.finite;
        double d = o.mean - mean;
        mean += d * o.finite / total;
        m2 += o.m2 + d * d * ((double) finite * o.finite / total);
        finite = total;
    }

    @Override
    public MetricValue result() {
        long n = finite + positiveInfinite + negativeInfinite;
        double value;
        double se;
        if (n == 0) {
            value = Double.NaN;
            se = Double.NaN;
        } else if (positiveInfinite > 0 || negativeInfinite > 0) {
            value = positiveInfinite > 0 && negativeInfinite > 0 ? Double.NaN
                    : positiveInfinite > 0 ? Double.POSITIVE_INFINITY : Double.NEGATIVE_INFINITY;
            se = Double.NaN;
        } else {
            value = mean;
            se = n < 2 ? Double.NaN : Math.sqrt(Math.max(m2, 0) / (n - 1) / n);
        }
        double c = chanceN == 0 ? Double.NaN : chanceSum / chanceN;
        return new MetricValue(value, n, skipped, se, Double.NaN, Double.NaN, c);
    }
}

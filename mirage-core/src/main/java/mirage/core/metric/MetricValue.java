package mirage.core.metric;

/**
 * The value of one metric over the samples of one (model, task, labels) cell.
 *
 * @param value the metric's value; NaN when no sample could be scored
 * @param n number of units scored (items; groups for subset metrics)
 * @param skipped number of samples that could not be scored (missing fields, incomplete groups, ...)
 * @param stderr standard error of {@code value} (sample standard deviation over units / sqrt(n));
 *     NaN when unknown or n &lt; 2
 * @param lower lower end of an interval for {@code value}, NaN when none was computed
 * @param upper upper end of that interval, NaN when none was computed
 * @param chance the value a model guessing uniformly at random would get in expectation (e.g. the mean
 *     of 1/#choices for multiple-choice grade), NaN when the metric has no chance level
 */
public record MetricValue(double value, long n, long skipped, double stderr, double lower, double upper,
                          double chance) implements java.io.Serializable {

    public MetricValue {
        if (n < 0 || skipped < 0) {
            throw new IllegalArgumentException("counts must be non-negative");
        }
    }

    /** A value with only its number of units known. */
    public static MetricValue of(double value, long n) {
        return new MetricValue(value, n, 0, Double.NaN, Double.NaN, Double.NaN, Double.NaN);
    }

    public static MetricValue of(double value, long n, double stderr) {
        return new MetricValue(value, n, 0, stderr, Double.NaN, Double.NaN, Double.NaN);
    }

    public MetricValue withInterval(double lo, double hi) {
        return new MetricValue(value, n, skipped, stderr, lo, hi, chance);
    }

    public MetricValue withSkipped(long s) {
        return new MetricValue(value, n, s, stderr, lower, upper, chance);
    }

    public MetricValue withChance(double c) {
        return new MetricValue(value, n, skipped, stderr, lower, upper, c);
    }

    public boolean hasInterval() {
        return !Double.isNaN(lower) && !Double.isNaN(upper);
    }
}

package mirage.core.stats;

import java.util.Locale;
import mirage.core.metric.Metric;
import mirage.core.metric.MetricInfo;
import mirage.core.metric.MetricValue;
import org.hipparchus.distribution.continuous.BetaDistribution;

/**
 * Confidence intervals for a binomial proportion: {@code k} successes out of {@code n} trials (items).
 * None of them collapses to zero width at 0% or 100%, unlike the Wald interval
 * {@code p +- z sqrt(p(1-p)/n)} that lm-evaluation-harness reports as a standard error.
 *
 * <ul>
 *   <li><b>Wilson</b> (score) interval, Wilson (1927):
 *       {@code (p + z^2/2n +- z sqrt(p(1-p)/n + z^2/4n^2)) / (1 + z^2/n)}, z the {@code 1-alpha/2} normal
 *       quantile. At k = 0 it is {@code [0, z^2/(n+z^2)]}.</li>
 *   <li><b>Clopper-Pearson</b> ("exact"), Clopper and Pearson (1934): {@code [B(alpha/2; k, n-k+1),
 *       B(1-alpha/2; k+1, n-k)]} with B the Beta quantile; lower end 0 at k = 0, upper end 1 at k = n.
 *       Guarantees at least nominal coverage, so it is conservative (wider).</li>
 *   <li><b>Jeffreys</b>, the equal-tailed posterior interval under the Jeffreys prior Beta(1/2, 1/2):
 *       {@code [B(alpha/2; k+1/2, n-k+1/2), B(1-alpha/2; k+1/2, n-k+1/2)]}, with the modification of
 *       Brown, Cai and DasGupta (2001, Statistical Science 16:101-133, Section 4.1.2): lower end 0 at
 *       k = 0 and upper end 1 at k = n. (statsmodels 0.15 {@code proportion_confint(method="jeffreys")}
 *       does not apply this modification; the other end is identical.)</li>
 * </ul>
 *
 * <p><b>mirage's default is Wilson</b> ({@link #DEFAULT}): Brown, Cai and DasGupta (2001) recommend
 * Wilson or Jeffreys over Wald and find Clopper-Pearson needlessly wide; Wilson is closed form (no
 * special function, so it is exact to rounding for any n, including the 10^5..10^6 items of
 * resolution studies), it is what users of lm-evaluation-harness ask for, and its upper end at zero
 * successes, {@code z^2/(n+z^2)} (~3.84/n at 95%), is the number the resolution rule uses
 * ({@link Resolution}).
 *
 * <p>Successes may be fractional (a multiple-choice grade with ties gives 1/t per item); the formulas
 * are used as written with real {@code k}. NaN input is rejected with an exception, never passed on.
 * Beta quantiles come from Hipparchus ({@link BetaDistribution}, inverse-CDF accuracy 1e-15).
 */
public final class ProportionInterval {
    private ProportionInterval() {
    }

    /** The interval methods. */
    public enum Method {
        WILSON("wilson"),
        CLOPPER_PEARSON("clopper-pearson"),
        JEFFREYS("jeffreys");

        private final String key;

        Method(String key) {
            this.key = key;
        }

        /** Name used on the command line and in files. */
        public String key() {
            return key;
        }

        /** Parses {@code wilson}, {@code clopper-pearson} (or {@code cp}, {@code exact}, {@code beta}), {@code jeffreys}. */
        public static Method parse(String text) {
            String t = text.trim().toLowerCase(Locale.ROOT).replace('_', '-');
            return switch (t) {
                case "wilson" -> WILSON;
                case "clopper-pearson", "cp", "exact", "beta" -> CLOPPER_PEARSON;
                case "jeffreys" -> JEFFREYS;
                default -> throw new IllegalArgumentException("unknown interval method '" + text
                        + "'; expected wilson, clopper-pearson or jeffreys");
            };
        }
    }

    /** mirage's default method (see the class comment for why). */
    public static final Method DEFAULT = Method.WILSON;

    private static final double BETA_ACCURACY = 1e-15;

    /** Wilson interval (the default). */
    public static Interval of(double successes, long n, double confidence) {
        return of(successes, n, confidence, DEFAULT);
    }

    /**
     * @param successes number of successes k, 0 &lt;= k &lt;= n (may be fractional)
     * @param n number of trials, at least 1
     * @param confidence two-sided coverage, e.g. 0.95
     */
    public static Interval of(double successes, long n, double confidence, Method method) {
        Interval.checkConfidence(confidence);
        if (n < 1) {
            throw new NotEnoughDataException("a proportion interval (items)", (int) Math.max(n, Integer.MIN_VALUE), 1);
        }
        if (!(successes >= 0) || successes > n) {
            throw new IllegalArgumentException("successes must be between 0 and n = " + n + ", got " + successes);
        }
        double alpha = 1 - confidence;
        double k = successes;
        return switch (method) {
            case WILSON -> wilson(k, n, alpha);
            case CLOPPER_PEARSON -> new Interval(
                    k == 0 ? 0.0 : beta(k, n - k + 1, alpha / 2),
                    k == n ? 1.0 : beta(k + 1, n - k, 1 - alpha / 2), confidence, method.key());
            case JEFFREYS -> new Interval(
                    k == 0 ? 0.0 : beta(k + 0.5, n - k + 0.5, alpha / 2),
                    k == n ? 1.0 : beta(k + 0.5, n - k + 0.5, 1 - alpha / 2), confidence, method.key());
        };
    }

    private static Interval wilson(double k, long n, double alpha) {
        double z = NormalQuantile.of(1 - alpha / 2);
        double p = k / n;
        double z2 = z * z;
        double denom = 1 + z2 / n;
        double center = (p + z2 / (2.0 * n)) / denom;
        double half = z * Math.sqrt(p * (1 - p) / n + z2 / (4.0 * n * (double) n)) / denom;
        double lo = Math.max(0, center - half);
        double hi = Math.min(1, center + half);
        if (k == 0) {
            lo = 0; // exact zero (rounding could leave 1e-17)
        }
        if (k == n) {
            hi = 1;
        }
        return new Interval(lo, hi, 1 - alpha, Method.WILSON.key());
    }

    private static double beta(double a, double b, double q) {
        return new BetaDistribution(a, b, BETA_ACCURACY).inverseCumulativeProbability(q);
    }

    /**
     * Interval for a measured value of a proportion metric: {@code k = value * n}.
     *
     * @throws NotAProportionException when the metric's values are not proportions
     * @throws NotEnoughDataException when the value has no item count
     */
    public static Interval forMetric(Metric metric, MetricValue value, double confidence, Method method) {
        if (!metric.proportion()) {
            throw new NotAProportionException(metric.name());
        }
        return forValue(metric.name(), value, 1.0, confidence, method);
    }

    /**
     * Interval for a value of an external metric, in its own units (a percentage metric with
     * {@code scale() == 100} gets an interval in percent).
     *
     * @throws NotAProportionException when the metric's values are not proportions
     */
    public static Interval forMetric(MetricInfo info, MetricValue value, double confidence, Method method) {
        if (!info.proportion()) {
            throw new NotAProportionException(info.name());
        }
        Interval unit = forValue(info.name(), value, info.scale(), confidence, method);
        return info.scale() == 1 ? unit
                : new Interval(unit.lower() * info.scale(), unit.upper() * info.scale(), confidence, unit.method());
    }

    private static Interval forValue(String name, MetricValue value, double scale, double confidence, Method method) {
        double v = value.value() / scale;
        if (Double.isNaN(v)) {
            throw new IllegalArgumentException("metric '" + name + "' has no value (NaN): no interval");
        }
        if (value.n() < 1) {
            throw new NotEnoughDataException("an interval for '" + name + "' (its item count n)", (int) value.n(), 1);
        }
        if (v < -1e-12 || v > 1 + 1e-12) {
            throw new IllegalArgumentException("metric '" + name + "' value " + value.value()
                    + " is not a proportion in [0, " + scale + "]");
        }
        double k = Math.min(value.n(), Math.max(0, v * value.n()));
        // snap rounding noise (0.3 * 10 = 2.9999999999999996) to the count it stands for
        double r = Math.rint(k);
        if (Math.abs(k - r) < 1e-9 * Math.max(1, value.n())) {
            k = r;
        }
        return of(k, value.n(), confidence, method);
    }
}

package mirage.core.stats;

import java.util.Locale;
import mirage.core.metric.MetricInfo;
import mirage.core.metric.MetricValue;
import org.hipparchus.random.RandomDataGenerator;

/**
 * The sampling uncertainty of one measured point, for parametric resampling when per-item scores are not
 * at hand (aggregates such as lm-evaluation-harness results):
 * <ul>
 *   <li>a proportion with a known item count n: the Jeffreys posterior {@code Beta(k + 1/2, n - k + 1/2)}
 *       of the rate (k = value x n), so a zero count still carries its resolution uncertainty (a plain
 *       resample of a 0/n point is always 0); its interval is Wilson;</li>
 *   <li>otherwise a known standard error: {@code Normal(value, stderr)}, interval
 *       {@code value +- z stderr};</li>
 *   <li>otherwise nothing is known: the point is held fixed and {@link #known()} is false (callers say
 *       so).</li>
 * </ul>
 */
public final class PointUncertainty {
    private final double value;
    private final double scale;
    private final long n;
    private final double k;
    private final double se;
    private final Kind kind;

    /** Which model of uncertainty applies. */
    public enum Kind { BINOMIAL, NORMAL, NONE }

    private PointUncertainty(double value, double scale, long n, double k, double se, Kind kind) {
        this.value = value;
        this.scale = scale;
        this.n = n;
        this.k = k;
        this.se = se;
        this.kind = kind;
    }

    /** The uncertainty of a value of a metric described by {@code info}. */
    public static PointUncertainty of(MetricInfo info, MetricValue v) {
        if (Double.isNaN(v.value())) {
            throw new IllegalArgumentException("point of '" + info.name() + "' has no value (NaN)");
        }
        double unit = v.value() / info.scale();
        if (info.proportion() && v.n() >= 1 && unit >= -1e-12 && unit <= 1 + 1e-12) {
            double kk = Math.max(0, Math.min(v.n(), unit * v.n()));
            return new PointUncertainty(v.value(), info.scale(), v.n(), kk, v.stderr(), Kind.BINOMIAL);
        }
        if (v.stderr() > 0 && Double.isFinite(v.stderr())) {
            return new PointUncertainty(v.value(), info.scale(), v.n(), Double.NaN, v.stderr(), Kind.NORMAL);
        }
        return new PointUncertainty(v.value(), info.scale(), v.n(), Double.NaN, Double.NaN, Kind.NONE);
    }

    /**
     * The standard error {@link #standardError()} gives, without making an object (for the per-series work of the
     * meta-analysis over millions of points): for a proportion with n items {@code scale sqrt(q(1-q)/n)}, {@code q}
     * the Jeffreys mean, else the given one when positive; NaN when unknown.
     */
    public static double standardError(MetricInfo info, double value, double n, double stderr) {
        double unit = value / info.scale();
        if (info.proportion() && n >= 1 && unit >= -1e-12 && unit <= 1 + 1e-12) {
            double k = Math.max(0, Math.min(n, unit * n));
            double q = (k + 0.5) / (n + 1.0);
            return info.scale() * Math.sqrt(q * (1 - q) / n);
        }
        return stderr > 0 && Double.isFinite(stderr) ? stderr : Double.NaN;
    }

    public Kind kind() {
        return kind;
    }

    public boolean known() {
        return kind != Kind.NONE;
    }

    public double value() {
        return value;
    }

    /** Items behind the value (0 when unknown). */
    public long n() {
        return n;
    }

    /** A standard error: the given one, or for a proportion without one sqrt(q(1-q)/n) with q the Jeffreys mean. */
    public double standardError() {
        if (kind == Kind.NORMAL) {
            return se;
        }
        if (kind == Kind.BINOMIAL) {
            double q = (k + 0.5) / (n + 1.0);
            return scale * Math.sqrt(q * (1 - q) / n);
        }
        return Double.NaN;
    }

    /** One draw of the true value (the value itself when nothing is known). */
    public double draw(RandomDataGenerator rng) {
        return switch (kind) {
            case BINOMIAL -> scale * rng.nextBeta(k + 0.5, n - k + 0.5);
            case NORMAL -> value + se * rng.nextNormal(0, 1);
            case NONE -> value;
        };
    }

    /** The point's own interval; degenerate [value, value] when nothing is known. */
    public Interval interval(double confidence) {
        return switch (kind) {
            case BINOMIAL -> {
                Interval iv = ProportionInterval.of(k, n, confidence);
                yield new Interval(iv.lower() * scale, iv.upper() * scale, confidence, iv.method());
            }
            case NORMAL -> {
                double z = NormalQuantile.of(1 - (1 - confidence) / 2);
                yield new Interval(value - z * se, value + z * se, confidence, "normal");
            }
            case NONE -> new Interval(value, value, confidence, "none");
        };
    }

    @Override
    public String toString() {
        return String.format(Locale.ROOT, "%s(%.4g, n=%d, se=%.3g)", kind, value, n, se);
    }
}

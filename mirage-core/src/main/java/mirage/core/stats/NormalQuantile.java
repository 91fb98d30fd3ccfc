package mirage.core.stats;

import org.hipparchus.distribution.continuous.NormalDistribution;

/**
 * The standard normal quantile {@code Phi^-1(p)} (Hipparchus {@link NormalDistribution#inverseCumulativeProbability},
 * erfInv-based, accurate to about 1e-15), remembering the last few arguments: interval code asks for the same
 * {@code 1 - alpha/2} millions of times (one Wilson interval per point of {@code series.csv}), and building a
 * {@link NormalDistribution} each time cost more than the interval. The value returned is the one Hipparchus
 * returns for the same argument (bit for bit); NaN or out-of-range arguments are passed to Hipparchus unchanged.
 * Thread-safe.
 */
public final class NormalQuantile {
    private NormalQuantile() {
    }

    private static final class Entry {
        final long key;
        final double value;

        Entry(long key, double value) {
            this.key = key;
            this.value = value;
        }
    }

    private static final int SLOTS = 8;
    private static final java.util.concurrent.atomic.AtomicReferenceArray<Entry> CACHE =
            new java.util.concurrent.atomic.AtomicReferenceArray<>(SLOTS);

    /** {@code Phi^-1(p)} of the standard normal. */
    public static double of(double p) {
        long key = Double.doubleToRawLongBits(p);
        int slot = (int) (Long.hashCode(key * 0x9E3779B97F4A7C15L) & (SLOTS - 1));
        Entry e = CACHE.get(slot);
        if (e != null && e.key == key) {
            return e.value;
        }
        double v = new NormalDistribution(0, 1).inverseCumulativeProbability(p);
        CACHE.set(slot, new Entry(key, v));
        return v;
    }
}

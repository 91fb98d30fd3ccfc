package mirage.core.metric;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import mirage.core.data.Sample;

/**
 * Subset accuracy (the paper's Section 5, "K of K"): the share of item groups in which every item is
 * answered right. An item is right as for {@code accuracy} (argmax choice, else exact match).
 *
 * <p>Two ways to form groups:
 * <ul>
 *   <li>{@code subset_accuracy}: the samples' {@code group} field; every group counts, whatever its
 *       size; a sample without a group is skipped;</li>
 *   <li>{@code subset_accuracy@K}: the items are ordered by {@link #itemHash(String)} (ties by item id)
 *       and cut into consecutive groups of K; the last group, if incomplete, is not scored and its items
 *       are counted as skipped. The order depends only on the item ids, so every model that answers the
 *       same items gets the same groups (a paired comparison), and the order in which samples arrive
 *       does not matter.</li>
 * </ul>
 * A group containing an item that cannot be scored (no choices with log-probabilities and no
 * target/output) is not scored, and all its samples are counted as skipped: an unknown answer must not
 * make a group "all right". (In {@code @K} mode such items still take their place in the order, so they
 * do not shift the other groups.)
 *
 * <p>Formula: {@code value = (#groups all right) / (#groups scored)}, {@code n} = groups scored,
 * {@code stderr} that of a mean of 0/1 group outcomes ({@link MeanAccumulator}); NaN with no group.
 * With K = 1 it equals {@code accuracy}. Reference: Schaeffer, Miranda and Koyejo (2023), Section 5
 * and Appendix B.
 */
final class SubsetAccumulator implements MetricAccumulator {
    private static final long serialVersionUID = 1L;
    /** Seed of the grouping hash; fixed and documented so groups are reproducible across runs and tools. */
    static final long GROUP_SEED = 0x6d69726167650001L; // "mirage" + 1

    private static final byte RIGHT = 1;
    private static final byte WRONG = 0;
    private static final byte UNKNOWN = -1;

    private final int k; // 0 = use the group field
    /** group -> {scorable samples, wrong samples, unscorable samples}. */
    private final Map<String, long[]> groups = new HashMap<>();
    private final List<Item> items = new ArrayList<>();
    private long skipped;

    private record Item(long hash, String id, byte state) implements java.io.Serializable {
    }

    private SubsetAccumulator(int k) {
        this.k = k;
    }

    static SubsetAccumulator byGroupField() {
        return new SubsetAccumulator(0);
    }

    static SubsetAccumulator byHash(int k) {
        if (k < 1) {
            throw new IllegalArgumentException("subset size K must be >= 1, got " + k);
        }
        return new SubsetAccumulator(k);
    }

    @Override
    public void accept(Sample s) {
        accept(s.itemId(), s.group(), state(s));
    }

    /** A sample's outcome: right, wrong, or unknown (cannot be graded). */
    static byte state(Sample s) {
        double c = Scoring.correct(s);
        return Double.isNaN(c) ? UNKNOWN : (c == 1.0 ? RIGHT : WRONG);
    }

    /** Adds a sample given by its item id, group (may be null) and {@link #state}. */
    void accept(String itemId, String group, byte state) {
        if (k == 0) {
            if (group == null) {
                skipped++;
                return;
            }
            long[] g = groups.computeIfAbsent(group, x -> new long[3]);
            if (state == UNKNOWN) {
                g[2]++;
            } else {
                g[0]++;
                if (state == WRONG) {
                    g[1]++;
                }
            }
        } else {
            items.add(new Item(itemHash(itemId), itemId, state));
        }
    }

    @Override
    public void combine(MetricAccumulator other) {
        SubsetAccumulator o = (SubsetAccumulator) other;
        skipped += o.skipped;
        items.addAll(o.items);
        o.groups.forEach((name, v) -> {
            long[] g = groups.computeIfAbsent(name, x -> new long[3]);
            for (int i = 0; i < 3; i++) {
                g[i] += v[i];
            }
        });
    }

    @Override
    public MetricValue result() {
        MeanAccumulator mean = new MeanAccumulator(x -> Double.NaN, null);
        long[] notScored = new long[1];
        forEachGroup((id, right) -> mean.add(right ? 1.0 : 0.0), n -> notScored[0] += n);
        return mean.result().withSkipped(skipped + notScored[0]);
    }

    /** Receives each scored group. */
    interface GroupSink {
        void group(String id, boolean allRight);
    }

    /**
     * The groups as this metric forms them, in a deterministic order: each scored group with its outcome
     * (group ids: the {@code group} field, or the K item ids joined by U+001F), and the number of samples
     * in groups that cannot be scored (an ungradable item, an incomplete last group). The bootstrap's
     * units ({@link MetricUnits}) come from here, so they are exactly the metric's groups.
     */
    void forEachGroup(GroupSink sink, java.util.function.LongConsumer notScored) {
        if (k == 0) {
            for (Map.Entry<String, long[]> e : new java.util.TreeMap<>(groups).entrySet()) {
                long[] g = e.getValue();
                if (g[2] > 0) {
                    notScored.accept(g[0] + g[2]);
                } else {
                    sink.group(e.getKey(), g[1] == 0);
                }
            }
            return;
        }
        List<Item> sorted = new ArrayList<>(items);
        sorted.sort(Comparator.comparingLong(Item::hash).thenComparing(Item::id).thenComparingInt(Item::state));
        int full = sorted.size() / k * k;
        for (int i = 0; i < full; i += k) {
            boolean all = true;
            boolean known = true;
            StringBuilder id = new StringBuilder();
            for (int j = i; j < i + k; j++) {
                byte st = sorted.get(j).state();
                known &= st != UNKNOWN;
                all &= st == RIGHT;
                if (j > i) {
                    id.append('\u001f');
                }
                id.append(sorted.get(j).id());
            }
            if (known) {
                sink.group(id.toString(), all);
            } else {
                notScored.accept(k);
            }
        }
        notScored.accept(sorted.size() - full);
    }

    /** Samples skipped on arrival (no group field). */
    long skippedOnArrival() {
        return skipped;
    }

    /**
     * The grouping order: the SplitMix64 finaliser (Steele, Lea and Flood 2014) applied to
     * (FNV-1a 64 of the id's UTF-8 bytes) XOR {@link #GROUP_SEED}, compared as signed longs.
     */
    static long itemHash(String id) {
        long h = 0xcbf29ce484222325L;
        for (byte b : id.getBytes(StandardCharsets.UTF_8)) {
            h ^= (b & 0xff);
            h *= 0x100000001b3L;
        }
        long z = h ^ GROUP_SEED;
        z = (z ^ (z >>> 30)) * 0xbf58476d1ce4e5b9L;
        z = (z ^ (z >>> 27)) * 0x94d049bb133111ebL;
        return z ^ (z >>> 31);
    }
}

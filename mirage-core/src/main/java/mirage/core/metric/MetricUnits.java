package mirage.core.metric;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import mirage.core.data.Sample;

/**
 * The units a metric averages over, as additive per-unit statistics: what a bootstrap over items
 * resamples. Lives in the metric package because it must form units exactly as the metric does.
 *
 * <ul>
 *   <li>metrics defined item by item (everything scored through {@link MetricKind#score}): one unit
 *       per item, statistics {@code (score, 1)}, or {@code (0, 0)} when the sample cannot be scored;
 *       the value is {@code sum(score) / sum(count)} (the mean, as {@link MeanAccumulator});</li>
 *   <li>{@code bleu} (corpus BLEU): one unit per item, statistics = the item's BLEU sufficient
 *       statistics (matches and totals for n = 1..4, candidate and reference lengths) and a count; the
 *       value is corpus BLEU of the summed statistics, exactly what {@link BleuAccumulator} computes on
 *       the resampled multiset of items;</li>
 *   <li>{@code subset_accuracy}: one unit per group (the samples' {@code group} field, or the K-item
 *       groups of {@code subset_accuracy@K} formed by {@link SubsetAccumulator}'s hash order), statistics
 *       {@code (all right, 1)}; resampling whole groups, never items inside a group.</li>
 * </ul>
 * Units are matched across models by id (item id; group id; for {@code @K} the ids of the group's
 * items joined), so a family's models that answered the same items are resampled jointly (paired).
 * A unit a model lacks gets zero statistics for that model (it does not count for it).
 */
public final class MetricUnits {
    private MetricUnits() {
    }

    /** Turns summed statistics of one model into the metric's value. */
    @FunctionalInterface
    public interface Finisher {
        /**
         * @param sums the summed statistics, {@code dim} values from {@code offset}
         * @param offset where this model's statistics start
         * @return the metric's value, NaN when no unit counts
         */
        double value(double[] sums, int offset);
    }

    /**
     * Per-unit statistics of a family's models for one metric.
     *
     * @param metric the metric
     * @param models model names, in the order of the statistics
     * @param unitIds unit ids, in the order of the statistics
     * @param dim statistics per (unit, model)
     * @param data unit-major: {@code data[(u * models + j) * dim + d]}
     * @param finisher value from summed statistics
     * @param skipped per model, samples that could not be scored
     */
    public record Table(Metric metric, List<String> models, List<String> unitIds, int dim, double[] data,
                        Finisher finisher, long[] skipped) {
        public int units() {
            return unitIds.size();
        }
    }

    private static final int BLEU_DIM = 2 * Bleu.MAX_ORDER + 3; // matches, totals, cand, ref, count

    /**
     * @param metric the metric
     * @param samplesByModel each model's samples of one (task, labels) cell, in model order
     * @throws IllegalArgumentException when the metric cannot be decomposed into units
     */
    public static Table of(Metric metric, Map<String, List<Sample>> samplesByModel) {
        Builder b = new Builder(metric);
        for (Map.Entry<String, List<Sample>> e : samplesByModel.entrySet()) {
            b.model(e.getKey());
            for (Sample s : e.getValue()) {
                b.accept(e.getKey(), s);
            }
        }
        return b.table();
    }

    /**
     * Builds a {@link Table} from samples given one at a time, in any order of models (streaming readers).
     * Fed model by model it gives exactly {@link #of}; otherwise units are ordered by first appearance in
     * the input (a bootstrap's draws depend on that order, so the result is still fixed by the input).
     * Memory: a unit id and {@code dim} doubles per (unit, model); subset metrics keep the metric's own
     * per-item state until {@link #table()}.
     */
    public static final class Builder {
        private final Metric metric;
        private final MetricKind kind;
        private final int dim;
        private final Finisher fin;
        private final Map<String, Integer> models = new LinkedHashMap<>();
        private final Map<String, Integer> units = new LinkedHashMap<>();
        private final List<double[]> perModel = new ArrayList<>();
        private final List<long[]> skipped = new ArrayList<>();
        private final List<SubsetAccumulator> subsets = new ArrayList<>();
        private final Contributor contributor;

        /** A builder; {@link #accept} throws IllegalArgumentException when the metric has no per-unit decomposition. */
        public Builder(Metric metric) {
            this.metric = metric;
            this.kind = metric.kind();
            this.dim = dim(metric);
            this.fin = finisher(metric);
            this.contributor = new Contributor(metric);
        }

        public Metric metric() {
            return metric;
        }

        /** Registers a model (its column), also when it has no sample. */
        public int model(String name) {
            Integer j = models.get(name);
            if (j == null) {
                j = models.size();
                models.put(name, j);
                perModel.add(new double[0]);
                skipped.add(new long[1]);
                subsets.add(kind == MetricKind.SUBSET_ACCURACY ? (SubsetAccumulator) metric.accumulator() : null);
            }
            return j;
        }

        /**
         * Adds one sample of a model.
         *
         * @return doubles newly allocated for it (0, or {@code dim} for a new (unit, model) slot): for memory budgets
         */
        public int accept(String model, Sample s) {
            return add(model, contributor.of(s));
        }

        /**
         * Adds what one sample of a model contributes ({@link Contributor#of}, possibly computed on another
         * machine): fed the contributions of the samples in the same order, the table and the returned counts
         * are those of {@link #accept}.
         *
         * @return doubles newly allocated for it, as {@link #accept}
         */
        public int add(String model, Contribution c) {
            int j = model(model);
            if (kind == MetricKind.SUBSET_ACCURACY) {
                subsets.get(j).accept(c.itemId(), c.group(), c.state());
                return 2;
            }
            double[] x = c.stats();
            if (x == null) {
                skipped.get(j)[0]++;
                return 0;
            }
            if (x.length != (kind == MetricKind.BLEU ? dim : 1)) {
                throw new IllegalArgumentException("a contribution of " + x.length + " statistics to a table of " + metric.name());
            }
            int before = perModel.get(j).length;
            int off = slot(j, c.itemId());
            double[] v = perModel.get(j);
            if (kind == MetricKind.BLEU) {
                for (int d = 0; d < dim; d++) {
                    v[off + d] += x[d];
                }
            } else {
                v[off] += x[0];
                v[off + 1] += 1;
            }
            return v.length - before;
        }

        /** Offset of (unit, model j) in model j's array, growing it as needed. */
        private int slot(int j, String id) {
            Integer u = units.get(id);
            if (u == null) {
                u = units.size();
                units.put(id, u);
            }
            double[] v = perModel.get(j);
            int need = (u + 1) * dim;
            if (v.length < need) {
                v = java.util.Arrays.copyOf(v, Math.max(need, Math.min(Integer.MAX_VALUE - 8, v.length + (v.length >> 1))));
                perModel.set(j, v);
            }
            return u * dim;
        }

        /** The table of everything accepted so far. */
        public Table table() {
            int m = models.size();
            long[] sk = new long[m];
            for (int j = 0; j < m; j++) {
                sk[j] = skipped.get(j)[0];
            }
            if (kind == MetricKind.SUBSET_ACCURACY) {
                Map<String, double[][]> groups = new LinkedHashMap<>();
                for (int j = 0; j < m; j++) {
                    final int model = j;
                    SubsetAccumulator acc = subsets.get(j);
                    long[] notScored = {acc.skippedOnArrival()};
                    acc.forEachGroup((id, right) -> {
                        double[] v = MetricUnits.slot(groups, id, m, dim, model);
                        v[0] += right ? 1 : 0;
                        v[1] += 1;
                    }, n -> notScored[0] += n);
                    sk[j] += notScored[0];
                }
                List<String> ids = new ArrayList<>(groups.keySet());
                double[] data = new double[ids.size() * m * dim];
                int u = 0;
                for (double[][] pm : groups.values()) {
                    for (int j = 0; j < m; j++) {
                        if (pm[j] != null) {
                            System.arraycopy(pm[j], 0, data, (u * m + j) * dim, dim);
                        }
                    }
                    u++;
                }
                return new Table(metric, List.copyOf(models.keySet()), List.copyOf(ids), dim, data, fin, sk);
            }
            int n = units.size();
            double[] data = new double[n * m * dim];
            for (int j = 0; j < m; j++) {
                double[] v = perModel.get(j);
                int have = Math.min(n, v.length / dim);
                for (int u = 0; u < have; u++) {
                    System.arraycopy(v, u * dim, data, (u * m + j) * dim, dim);
                }
            }
            return new Table(metric, List.copyOf(models.keySet()), List.copyOf(units.keySet()), dim, data, fin, sk);
        }
    }

    /** Statistics per (unit, model) in a table of {@code metric}. */
    public static int dim(Metric metric) {
        return metric.kind() == MetricKind.BLEU ? BLEU_DIM : 2;
    }

    /** How a table of {@code metric} turns summed statistics into the metric's value. */
    public static Finisher finisher(Metric metric) {
        return metric.kind() == MetricKind.BLEU ? MetricUnits::bleu : MetricUnits::mean;
    }

    /**
     * What one sample adds to the table of one metric ({@link Contributor#of}): for subset accuracy the item
     * id, the group and the item's outcome ({@code state}: 1 right, 0 wrong, -1 cannot be graded); for the
     * other metrics the item id and its statistics (the score; for BLEU the n-gram matches and totals for
     * n = 1..4, the candidate and reference lengths and a count of 1), {@code stats} null when the sample
     * cannot be scored. Small and serializable: the Spark engine computes contributions where the samples are
     * read and builds tables where they are grouped.
     */
    public record Contribution(String itemId, String group, double[] stats, byte state) implements java.io.Serializable {
    }

    /** Computes samples' {@link Contribution}s to tables of one metric (with a workspace of its own; not thread-safe). */
    public static final class Contributor {
        private final Metric metric;
        private final MetricKind kind;
        private final Bleu bleu;

        public Contributor(Metric metric) {
            this.metric = metric;
            this.kind = metric.kind();
            this.bleu = kind == MetricKind.BLEU ? new Bleu() : null;
        }

        /**
         * @throws IllegalArgumentException when the metric has no per-item or per-unit decomposition
         */
        public Contribution of(Sample s) {
            if (kind == MetricKind.SUBSET_ACCURACY) {
                return new Contribution(s.itemId(), s.group(), null, SubsetAccumulator.state(s));
            }
            if (kind == MetricKind.BLEU) {
                List<String> t = Scoring.tokens(s.targetTokens(), s.target());
                List<String> o = Scoring.tokens(s.outputTokens(), s.output());
                if (t == null || o == null) {
                    return new Contribution(s.itemId(), null, null, (byte) 0);
                }
                Bleu.Stats st = new Bleu.Stats();
                bleu.add(st, o, t);
                double[] v = new double[BLEU_DIM];
                for (int i = 0; i < Bleu.MAX_ORDER; i++) {
                    v[i] = st.matches[i];
                    v[Bleu.MAX_ORDER + i] = st.totals[i];
                }
                v[2 * Bleu.MAX_ORDER] = st.candidateLength;
                v[2 * Bleu.MAX_ORDER + 1] = st.referenceLength;
                v[2 * Bleu.MAX_ORDER + 2] = 1;
                return new Contribution(s.itemId(), null, v, (byte) 0);
            }
            double x;
            try {
                x = kind.score(s, metric.parameter());
            } catch (UnsupportedOperationException e) {
                throw new IllegalArgumentException("metric '" + metric.name()
                        + "' has no per-item or per-unit decomposition, so it cannot be bootstrapped over items", e);
            }
            return new Contribution(s.itemId(), null, Double.isNaN(x) ? null : new double[] {x}, (byte) 0);
        }
    }

    private static double[] slot(Map<String, double[][]> units, String id, int m, int dim, int j) {
        double[][] perModel = units.computeIfAbsent(id, x -> new double[m][]);
        if (perModel[j] == null) {
            perModel[j] = new double[dim];
        }
        return perModel[j];
    }

    static double mean(double[] sums, int off) {
        return sums[off + 1] == 0 ? Double.NaN : sums[off] / sums[off + 1];
    }

    static double bleu(double[] sums, int off) {
        if (sums[off + BLEU_DIM - 1] == 0) {
            return Double.NaN;
        }
        Bleu.Stats st = new Bleu.Stats();
        for (int i = 0; i < Bleu.MAX_ORDER; i++) {
            st.matches[i] = Math.round(sums[off + i]);
            st.totals[i] = Math.round(sums[off + Bleu.MAX_ORDER + i]);
        }
        st.candidateLength = Math.round(sums[off + 2 * Bleu.MAX_ORDER]);
        st.referenceLength = Math.round(sums[off + 2 * Bleu.MAX_ORDER + 1]);
        return st.bleu();
    }
}

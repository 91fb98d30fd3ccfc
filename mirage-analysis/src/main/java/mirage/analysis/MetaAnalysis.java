package mirage.analysis;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Future;
import mirage.core.analysis.EmergenceScore;
import mirage.core.data.ScaleAxis;
import mirage.core.metric.Metric;
import mirage.core.metric.MetricCatalog;
import mirage.core.metric.MetricInfo;
import mirage.core.metric.Metrics;
import mirage.core.metric.UnknownMetricException;
import mirage.io.csv.CsvNumbers;
import mirage.io.results.Problems;
import mirage.io.util.IntSort;

/**
 * The meta-analysis over every series of a {@link PointTable}: groups the points by series, rejects a
 * second value of the same model on the same series (reported with both places; the first in input order
 * is kept), sorts each curve by scale, and computes its {@link EmergenceScore} oriented by the metric's
 * direction ({@link MetricCatalog}). Series are ordered by family, task, metric and labels (as strings),
 * which fixes the {@code series_id} of the output files; nothing depends on the thread count.
 *
 * <p>Work is split over series in blocks on the given pool; memory is a few arrays of one int or double
 * per point and per series.
 */
public final class MetaAnalysis {
    /** Default emergence threshold of {@code by_metric.csv} (docs/FORMATS.md). */
    public static final double DEFAULT_THRESHOLD = 10;

    private final PointTable t;
    private final int seriesCount;
    private final int[] perm;
    private final int[] off;
    private final int[] kept;
    private final double[] es;
    private final byte[] status;
    private final double[] minX;
    private final double[] maxX;
    private final double[] minY;
    private final double[] maxY;
    private final double[] minN;
    private final int[] nScales;
    private final int[] order;
    private final int[] rankOfSeries;
    private final int[] stringRank;
    private final Map<Integer, MetricInfo> metricInfo = new HashMap<>();
    private final List<Dup> dups = new ArrayList<>();
    private volatile EmergenceFlag flags;

    /** A value not kept: a second value of a model on a curve ({@code conflict}: at another scale). */
    private record Dup(int point, int first, int series, boolean conflict) {
    }

    private MetaAnalysis(PointTable t) {
        this.t = t;
        seriesCount = t.seriesCount();
        long np = t.size();
        if (np > Integer.MAX_VALUE - 8) {
            throw new IllegalArgumentException("too many points for one analysis: " + np);
        }
        perm = new int[(int) np];
        off = new int[seriesCount + 1];
        kept = new int[seriesCount];
        es = new double[seriesCount];
        status = new byte[seriesCount];
        minX = new double[seriesCount];
        maxX = new double[seriesCount];
        minY = new double[seriesCount];
        maxY = new double[seriesCount];
        minN = new double[seriesCount];
        nScales = new int[seriesCount];
        order = new int[seriesCount];
        rankOfSeries = new int[seriesCount];
        stringRank = new int[t.stringCount()];
    }

    /**
     * Runs the analysis.
     *
     * @param pool threads for the per-series work (null: the calling thread)
     */
    public static MetaAnalysis run(PointTable t, Problems problems, ExecutorService pool, int threads) {
        MetaAnalysis a = new MetaAnalysis(t);
        a.group();
        a.ranks();
        a.perSeries(pool, threads);
        a.reportDuplicates(problems);
        a.sortSeries();
        return a;
    }

    /** Counting sort of points by series, keeping input order within a series. */
    private void group() {
        long np = t.size();
        java.util.BitSet earlier = t.leftOutCheckpoints(); // points of checkpoints before a model's last: not analysed
        for (long i = 0; i < np; i++) {
            if (!earlier.get((int) i)) {
                off[t.series.get(i) + 1]++;
            }
        }
        for (int s = 0; s < seriesCount; s++) {
            off[s + 1] += off[s];
        }
        int[] fill = Arrays.copyOf(off, seriesCount);
        for (long i = 0; i < np; i++) {
            if (!earlier.get((int) i)) {
                perm[fill[t.series.get(i)]++] = (int) i;
            }
        }
    }

    /** Rank of every string in string order, for deterministic orders that do not depend on ids. */
    private void ranks() {
        int ns = t.stringCount();
        int[] ids = new int[ns];
        for (int i = 0; i < ns; i++) {
            ids[i] = i;
        }
        IntSort.sort(ids, 0, ns, (a, b) -> t.string(a).compareTo(t.string(b)));
        for (int r = 0; r < ns; r++) {
            stringRank[ids[r]] = r;
        }
        for (int s = 0; s < seriesCount; s++) {
            metricInfo.computeIfAbsent(t.seriesMetric(s), m -> {
                MetricInfo declared = t.declaredMetric(t.string(m));
                return declared != null ? declared : MetricCatalog.lookup(t.string(m));
            });
        }
    }

    private void perSeries(ExecutorService pool, int threads) {
        int block = Math.max(256, seriesCount / Math.max(1, threads * 16));
        List<Callable<List<Dup>>> tasks = new ArrayList<>();
        for (int from = 0; from < seriesCount; from += block) {
            int f = from;
            int to = Math.min(seriesCount, from + block);
            tasks.add(() -> {
                List<Dup> d = new ArrayList<>();
                for (int s = f; s < to; s++) {
                    one(s, d);
                }
                return d;
            });
        }
        try {
            if (pool == null || threads <= 1 || tasks.size() == 1) {
                for (Callable<List<Dup>> c : tasks) {
                    dups.addAll(c.call());
                }
            } else {
                for (Future<List<Dup>> f : pool.invokeAll(tasks)) {
                    dups.addAll(f.get());
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        } catch (ExecutionException e) {
            if (e.getCause() instanceof RuntimeException r) {
                throw r;
            }
            throw new IllegalStateException(e.getCause());
        } catch (RuntimeException e) {
            throw e;
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private void one(int s, List<Dup> dupOut) {
        int from = off[s];
        int k = off[s + 1] - from;
        // the points' fields in local arrays (the blocked columns are slower to reach from comparators)
        int[] pt = new int[k];
        int[] mod = new int[k];
        double[] xs0 = new double[k];
        for (int i = 0; i < k; i++) {
            int p = perm[from + i];
            pt[i] = p;
            mod[i] = t.model.get(p);
            xs0[i] = t.x.get(p);
        }
        int[] ord = new int[k];
        for (int i = 0; i < k; i++) {
            ord[i] = i;
        }
        // duplicates: same model twice (same model and step when the axis is the step: the series is then
        // one model's checkpoints); the first in input order stays (the sort is stable)
        boolean byStep = t.axis() == mirage.core.data.ScaleAxis.STEP;
        if (k <= SMALL) {
            // a stable insertion sort inline: the same order as IntSort's (stable) sort, without a comparator call
            for (int i = 1; i < k; i++) {
                int v = ord[i];
                int j = i - 1;
                while (j >= 0 && byModel(mod, xs0, byStep, ord[j], v) > 0) {
                    ord[j + 1] = ord[j];
                    j--;
                }
                ord[j + 1] = v;
            }
        } else {
            IntSort.sort(ord, 0, k, (a, b) -> byModel(mod, xs0, byStep, a, b));
        }
        int[] keptIdx = new int[k];
        int nk = 0;
        int nd = 0;
        int[] dupIdx = null;
        java.util.Set<Integer> conflicted = null;
        for (int i = 0; i < k; i++) {
            int q = ord[i];
            if (nk > 0 && mod[keptIdx[nk - 1]] == mod[q] && (!byStep || xs0[keptIdx[nk - 1]] == xs0[q])) {
                if (dupIdx == null) {
                    dupIdx = new int[k];
                }
                dupIdx[nd++] = q;
                boolean conflict = xs0[q] != xs0[keptIdx[nk - 1]];
                dupOut.add(new Dup(pt[q], pt[keptIdx[nk - 1]], s, conflict));
                if (conflict) {
                    if (conflicted == null) {
                        conflicted = new java.util.HashSet<>();
                    }
                    conflicted.add(keptIdx[nk - 1]);
                }
                continue;
            }
            keptIdx[nk++] = q;
        }
        // a model at two scales on one curve is a conflict, not a duplicate: neither place is believed, the model
        // leaves the curve (its first value too) and every value is reported with the other's scale and place
        if (conflicted != null) {
            int w = 0;
            for (int i = 0; i < nk; i++) {
                int q = keptIdx[i];
                if (conflicted.contains(q)) {
                    dupIdx[nd++] = q;
                } else {
                    keptIdx[w++] = q;
                }
            }
            nk = w;
        }
        if (nk <= SMALL) {
            for (int i = 1; i < nk; i++) {
                int v = keptIdx[i];
                int j = i - 1;
                while (j >= 0 && byScale(xs0, mod, stringRank, keptIdx[j], v) > 0) {
                    keptIdx[j + 1] = keptIdx[j];
                    j--;
                }
                keptIdx[j + 1] = v;
            }
        } else {
            IntSort.sort(keptIdx, 0, nk, (a, b) -> byScale(xs0, mod, stringRank, a, b));
        }
        kept[s] = nk;
        double[] xs = new double[nk];
        double[] ys = new double[nk];
        double lo = Double.POSITIVE_INFINITY;
        double hi = Double.NEGATIVE_INFINITY;
        double mn = Double.NaN;
        for (int i = 0; i < nk; i++) {
            int p = pt[keptIdx[i]];
            perm[from + i] = p;
            xs[i] = xs0[keptIdx[i]];
            ys[i] = t.y.get(p);
            lo = Math.min(lo, ys[i]);
            hi = Math.max(hi, ys[i]);
            double nv = t.n.get(p);
            if (!Double.isNaN(nv) && (Double.isNaN(mn) || nv < mn)) {
                mn = nv;
            }
        }
        for (int i = 0; i < nd; i++) {
            perm[from + nk + i] = pt[dupIdx[i]];
        }
        minX[s] = nk > 0 ? xs[0] : Double.NaN;
        maxX[s] = nk > 0 ? xs[nk - 1] : Double.NaN;
        minY[s] = nk > 0 ? lo : Double.NaN;
        maxY[s] = nk > 0 ? hi : Double.NaN;
        minN[s] = mn;
        MetricInfo info = metricInfo.get(t.seriesMetric(s));
        if (EmergenceFlag.logScale(info)) {
            // perplexities are analysed on their log, the cross-entropy (docs/ANALYSIS.md)
            for (int i = 0; i < nk; i++) {
                ys[i] = ys[i] > 0 ? Math.log(ys[i]) : Double.NaN;
            }
        }
        EmergenceScore.Result r = EmergenceScore.of(xs, ys, info.higherIsBetter());
        es[s] = r.value();
        nScales[s] = r.points();
        status[s] = (byte) r.status().ordinal();
    }

    /** Curves up to this many points are sorted inline. */
    private static final int SMALL = 24;

    /** Order of points for finding duplicates: model, then (by step) scale. */
    private static int byModel(int[] mod, double[] xs, boolean byStep, int a, int b) {
        int c = Integer.compare(mod[a], mod[b]);
        return c != 0 || !byStep ? c : Double.compare(xs[a], xs[b]);
    }

    /** Order of a curve's points: scale, then model name. */
    private static int byScale(double[] xs, int[] mod, int[] stringRank, int a, int b) {
        int c = Double.compare(xs[a], xs[b]);
        return c != 0 ? c : Integer.compare(stringRank[mod[a]], stringRank[mod[b]]);
    }

    private void reportDuplicates(Problems problems) {
        java.util.Set<Integer> conflictReported = new java.util.HashSet<>();
        for (Dup d : dups) {
            int s = d.series();
            long l1 = t.loc(d.first());
            long l2 = t.loc(d.point());
            double v1 = t.y.get(d.first());
            double v2 = t.y.get(d.point());
            String lab = labelText(t.labelSet(t.seriesLabels(s)), null);
            String where1 = t.file((int) (l1 >>> 40)) + ":" + (l1 & ((1L << 40) - 1));
            if (d.conflict()) {
                String ax = t.axis().key();
                String series = t.string(t.seriesFamily(s)) + " / " + t.string(t.seriesTask(s)) + " / "
                        + t.string(t.seriesMetric(s)) + (lab.isEmpty() ? "" : " [" + lab + "]");
                problems.skip(t.file((int) (l2 >>> 40)), l2 & ((1L << 40) - 1), ax,
                        "conflict: model '" + t.string(t.model.get(d.point())) + "' has two " + ax + " on series " + series
                                + ": " + CsvNumbers.format(t.x.get(d.first())) + " (value " + CsvNumbers.format(v1) + " at " + where1
                                + ") and " + CsvNumbers.format(t.x.get(d.point())) + " (value " + CsvNumbers.format(v2)
                                + " here); neither is kept: give each size its own model name, or fix the scale");
                if (conflictReported.add(d.first())) {
                    problems.skip(t.file((int) (l1 >>> 40)), l1 & ((1L << 40) - 1), ax, "conflict: model '"
                            + t.string(t.model.get(d.first())) + "' has two " + ax + " on series " + series + ": this value "
                            + CsvNumbers.format(v1) + " at " + CsvNumbers.format(t.x.get(d.first())) + " is not kept (see "
                            + t.file((int) (l2 >>> 40)) + ":" + (l2 & ((1L << 40) - 1)) + ")");
                }
                continue;
            }
            problems.skip(t.file((int) (l2 >>> 40)), l2 & ((1L << 40) - 1), "value",
                    "duplicate: model '" + t.string(t.model.get(d.point())) + "'" + (t.axis() == mirage.core.data.ScaleAxis.STEP
                            ? " at step " + CsvNumbers.format(t.x.get(d.point())) : "") + " already has a value on series "
                            + t.string(t.seriesFamily(s)) + " / " + t.string(t.seriesTask(s)) + " / "
                            + t.string(t.seriesMetric(s)) + (lab.isEmpty() ? "" : " [" + lab + "]")
                            + " (" + CsvNumbers.format(v1) + " at " + where1 + "); this value "
                            + CsvNumbers.format(v2) + (v1 == v2 ? " (the same)" : "") + (problems.strict() ? "" : " is skipped"));
        }
    }

    /** Output order: family, task, metric, labels as strings. */
    private void sortSeries() {
        int nl = t.labelSetCount();
        int[] labIds = new int[nl];
        String[] labText = new String[nl];
        for (int i = 0; i < nl; i++) {
            labIds[i] = i;
            labText[i] = labelText(t.labelSet(i), null);
        }
        IntSort.sort(labIds, 0, nl, (a, b) -> labText[a].compareTo(labText[b]));
        int[] labRank = new int[nl];
        for (int r = 0; r < nl; r++) {
            labRank[labIds[r]] = r;
        }
        int bs = 32 - Integer.numberOfLeadingZeros(Math.max(1, t.stringCount()));
        int bl = 32 - Integer.numberOfLeadingZeros(Math.max(1, nl));
        int bi = 32 - Integer.numberOfLeadingZeros(Math.max(1, seriesCount));
        if (3 * bs + bl + bi <= 63) {
            // one primitive sort of packed keys: family, task, metric, labels ranks, then the series id
            long[] keys = new long[seriesCount];
            for (int s = 0; s < seriesCount; s++) {
                long k = stringRank[t.seriesFamily(s)];
                k = (k << bs) | stringRank[t.seriesTask(s)];
                k = (k << bs) | stringRank[t.seriesMetric(s)];
                k = (k << bl) | labRank[t.seriesLabels(s)];
                keys[s] = (k << bi) | s;
            }
            Arrays.sort(keys);
            long idMask = (1L << bi) - 1;
            for (int r = 0; r < seriesCount; r++) {
                order[r] = (int) (keys[r] & idMask);
                rankOfSeries[order[r]] = r;
            }
            return;
        }
        for (int s = 0; s < seriesCount; s++) {
            order[s] = s;
        }
        IntSort.sort(order, 0, seriesCount, (a, b) -> {
            int c = Integer.compare(stringRank[t.seriesFamily(a)], stringRank[t.seriesFamily(b)]);
            if (c == 0) {
                c = Integer.compare(stringRank[t.seriesTask(a)], stringRank[t.seriesTask(b)]);
            }
            if (c == 0) {
                c = Integer.compare(stringRank[t.seriesMetric(a)], stringRank[t.seriesMetric(b)]);
            }
            if (c == 0) {
                c = Integer.compare(labRank[t.seriesLabels(a)], labRank[t.seriesLabels(b)]);
            }
            return c;
        });
        for (int r = 0; r < seriesCount; r++) {
            rankOfSeries[order[r]] = r;
        }
    }

    /** Labels as {@code k=v;k=v} (sorted), leaving out {@code except} (may be null). */
    static String labelText(String[] kv, String except) {
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < kv.length; i += 2) {
            if (kv[i].equals(except)) {
                continue;
            }
            if (sb.length() > 0) {
                sb.append(';');
            }
            sb.append(kv[i]).append('=').append(kv[i + 1]);
        }
        return sb.toString();
    }

    // ---------------------------------------------------------------- results

    public int seriesCount() {
        return seriesCount;
    }

    /** Points analysed (earlier checkpoints left out, see {@link PointTable#leftOutCheckpoints}). */
    public long points() {
        return t.size() - t.leftOutCheckpoints().cardinality();
    }

    /** Values not kept: duplicates and both sides of conflicts (a model at two scales on one curve). */
    public int duplicates() {
        int n = dups.size();
        java.util.Set<Integer> firsts = new java.util.HashSet<>();
        for (Dup d : dups) {
            if (d.conflict() && firsts.add(d.first())) {
                n++;
            }
        }
        return n;
    }

    public ScaleAxis axis() {
        return t.axis();
    }

    /** The series in output order; position = the {@code series_id} of the output files. */
    public SeriesView series(int position) {
        return new SeriesView(this, order[position], position);
    }

    /** The series of (family, task, metric, labels), or null: e.g. a partner series on the same outputs. */
    public SeriesView find(String family, String task, String metric, Map<String, String> labels) {
        int f = t.findString(family);
        int k = t.findString(task);
        int m = t.findString(metric);
        int l = t.findLabels(new TreeMap<>(labels));
        if (f < 0 || k < 0 || m < 0 || l < 0) {
            return null;
        }
        int s = t.findSeries(f, k, m, l);
        return s < 0 ? null : new SeriesView(this, s, rankOfSeries[s]);
    }

    /** Every metric of the input with how many series use it. */
    public Map<String, Integer> metrics() {
        Map<String, Integer> out = new TreeMap<>();
        for (int s = 0; s < seriesCount; s++) {
            out.merge(t.string(t.seriesMetric(s)), 1, Integer::sum);
        }
        return out;
    }

    /** Metric names whose properties were assumed (not known to mirage). */
    public List<String> unknownMetrics() {
        List<String> out = new ArrayList<>();
        metricInfo.forEach((id, info) -> {
            if (!info.known()) {
                out.add(t.string(id));
            }
        });
        out.sort(null);
        return out;
    }

    /**
     * One row of {@code by_metric.csv}.
     *
     * @param series the metric's series
     * @param scored those with at least 4 sizes (the only ones the flag can judge)
     * @param tooFewSizes those with fewer: reported apart, out of the shares
     * @param emergent those flagged emergent
     * @param scoreAbove those whose emergence score alone exceeds the threshold (the flag before evidence)
     */
    public record MetricRow(String metric, int series, int scored, int tooFewSizes, int emergent, int scoreAbove,
                            double shareOfEmergent, double emergentRate, MetricInfo info) {
    }

    /**
     * Computes the emergence flag on evidence ({@link EmergenceFlag}); {@link #byMetric}, {@link #emergentCount} and the
     * series' {@code emergent} read it.
     */
    public EmergenceFlag flag(double threshold, long seed, ExecutorService pool, int threads) {
        flags = EmergenceFlag.compute(this, threshold, seed, pool, threads);
        return flags;
    }

    /** The flag, computed by {@link #flag} (null before). */
    public EmergenceFlag flags() {
        return flags;
    }

    private EmergenceFlag flagsAt(double threshold) {
        EmergenceFlag f = flags;
        if (f == null || f.threshold() != threshold) {
            f = flag(threshold, 0, null, 1);
        }
        return f;
    }

    /**
     * Per metric: its series, those with at least 4 sizes (scored), those with fewer (apart: they cannot show a jump
     * and are out of the shares), those flagged emergent ({@link EmergenceFlag}), those whose score alone exceeds the
     * threshold, the share of all flagged series that use the metric and the share of the metric's scored series that
     * are flagged. Sorted by flagged series (most first), then metric name.
     */
    public List<MetricRow> byMetric(double threshold) {
        EmergenceFlag f = flagsAt(threshold);
        Map<Integer, int[]> counts = new HashMap<>();
        int total = 0;
        for (int s = 0; s < seriesCount; s++) {
            int[] c = counts.computeIfAbsent(t.seriesMetric(s), m -> new int[4]);
            c[0]++;
            if (f.shape(rankOfSeries[s]) == mirage.core.analysis.CurveShape.Kind.TOO_FEW_SIZES) {
                c[1]++;
            }
            if (f.emergent(rankOfSeries[s])) {
                c[2]++;
                total++;
            }
            if (es[s] > threshold && nScales[s] >= 4) {
                c[3]++;
            }
        }
        List<MetricRow> out = new ArrayList<>();
        int tot = total;
        counts.forEach((m, c) -> {
            int scored = c[0] - c[1];
            out.add(new MetricRow(t.string(m), c[0], scored, c[1], c[2], c[3], tot == 0 ? Double.NaN : (double) c[2] / tot,
                    scored == 0 ? Double.NaN : (double) c[2] / scored, metricInfo.get(m)));
        });
        out.sort((a, b) -> a.emergent() != b.emergent() ? Integer.compare(b.emergent(), a.emergent()) : a.metric().compareTo(b.metric()));
        return out;
    }

    /** Number of series flagged emergent at the threshold. */
    public int emergentCount(double threshold) {
        EmergenceFlag f = flagsAt(threshold);
        int c = 0;
        for (int p = 0; p < seriesCount; p++) {
            if (f.emergent(p)) {
                c++;
            }
        }
        return c;
    }

    // ---------------------------------------------------------------- diagnostics

    /**
     * Facts about the data worth a note, each with an example: values outside the documented range of
     * their metric (e.g. BLEU written 0-100), a shot-count label that disagrees with {@code shots}, label
     * columns that look like model attributes (constant for each model, different between models of a
     * family) when they leave most series with fewer than 3 points.
     */
    public List<String> diagnostics() {
        List<String> out = new ArrayList<>();
        rangeNotes(out);
        shotsNotes(out);
        attributeNotes(out);
        return out;
    }

    private void rangeNotes(List<String> out) {
        Map<Integer, double[]> range = new HashMap<>();
        for (int m : metricInfo.keySet()) {
            MetricInfo info = metricInfo.get(m);
            double[] r = null;
            try {
                Metric met = Metrics.parse(t.string(m));
                if (info.scale() == 1) {
                    r = new double[] {met.min(), met.max()};
                }
            } catch (UnknownMetricException e) {
                if (info.known() && info.proportion() && info.scale() == 1) {
                    r = new double[] {0, 1};
                }
            }
            if (r != null) {
                range.put(m, r);
            }
        }
        Map<Integer, int[]> bad = new LinkedHashMap<>();
        for (int pos = 0; pos < seriesCount; pos++) {
            int s = order[pos];
            double[] r = range.get(t.seriesMetric(s));
            if (r != null && kept[s] > 0 && (minY[s] < r[0] || maxY[s] > r[1])) {
                int[] c = bad.computeIfAbsent(t.seriesMetric(s), k -> new int[] {0, s});
                c[0]++;
            }
        }
        bad.forEach((m, c) -> {
            double[] r = range.get(m);
            int s = c[1];
            out.add("metric '" + t.string(m) + "': " + c[0] + " series have values outside its range ["
                    + CsvNumbers.format(r[0]) + ", " + CsvNumbers.format(r[1]) + "], e.g. " + t.string(t.seriesFamily(s))
                    + " / " + t.string(t.seriesTask(s)) + " from " + CsvNumbers.format(minY[s]) + " to "
                    + CsvNumbers.format(maxY[s]) + (r[1] == 1 && maxY[s] > 1 && maxY[s] <= 100
                    ? " (percentages? BIG-bench and sacreBLEU write 0-100)" : "")
                    + "; values are kept as written (the emergence score does not depend on the unit)");
        });
    }

    private static boolean isShotKey(String k) {
        String l = k.toLowerCase(java.util.Locale.ROOT);
        return !l.equals("shots") && (l.contains("fewshot") || l.contains("few_shot") || l.equals("n_shot")
                || l.equals("num_shots") || l.endsWith("_shots"));
    }

    private void shotsNotes(List<String> out) {
        Map<String, long[]> disagree = new TreeMap<>(); // key -> {points, series, example series}
        for (int s = 0; s < seriesCount; s++) {
            String[] kv = t.labelSet(t.seriesLabels(s));
            String shots = null;
            for (int i = 0; i < kv.length; i += 2) {
                if (kv[i].equals("shots")) {
                    shots = kv[i + 1];
                }
            }
            if (shots == null) {
                continue;
            }
            for (int i = 0; i < kv.length; i += 2) {
                if (isShotKey(kv[i]) && !normalize(kv[i + 1]).equals(normalize(shots))) {
                    final int ser = s;
                    long[] c = disagree.computeIfAbsent(kv[i] + "\u0000" + shots + "\u0000" + kv[i + 1],
                            k -> new long[] {0, 0, ser});
                    c[0] += off[s + 1] - off[s];
                    c[1]++;
                }
            }
        }
        disagree.forEach((k, c) -> {
            String[] p = k.split("\u0000", -1);
            int s = (int) c[2];
            long l = t.loc(perm[off[s]]);
            out.add(c[0] + " values (" + c[1] + " series) say shots=" + p[1] + " but " + p[0] + "=" + p[2]
                    + ", e.g. " + t.file((int) (l >>> 40)) + ":" + (l & ((1L << 40) - 1))
                    + "; both are kept as labels, so these values form series of their own");
        });
    }

    private static String normalize(String v) {
        try {
            double d = Double.parseDouble(v.strip());
            return d == Math.rint(d) ? Long.toString((long) d) : v;
        } catch (NumberFormatException e) {
            return v;
        }
    }

    private void attributeNotes(List<String> out) {
        int small = 0;
        for (int s = 0; s < seriesCount; s++) {
            if (kept[s] < 3) {
                small++;
            }
        }
        if (seriesCount == 0 || small * 2 < seriesCount) {
            return;
        }
        // A label whose every value belongs to one model of the family (a file name, a size) gives each
        // model its own series.
        Map<String, Map<Integer, Map<String, Integer>>> owner = new TreeMap<>(); // key -> family -> value -> model or -1
        for (int s = 0; s < seriesCount; s++) {
            String[] kv = t.labelSet(t.seriesLabels(s));
            if (kv.length == 0) {
                continue;
            }
            int fam = t.seriesFamily(s);
            for (int i = off[s]; i < off[s] + kept[s]; i++) {
                int mod = t.model.get(perm[i]);
                for (int j = 0; j < kv.length; j += 2) {
                    if (kv[j].equals("step") || kv[j].equals("model")) {
                        continue;
                    }
                    owner.computeIfAbsent(kv[j], x -> new HashMap<>()).computeIfAbsent(fam, x -> new HashMap<>())
                            .merge(kv[j + 1], mod, (a, b) -> a.equals(b) ? a : -1);
                }
            }
        }
        List<String> flagged = new ArrayList<>();
        owner.forEach((key, fams) -> {
            int identified = 0;
            for (Map<String, Integer> values : fams.values()) {
                if (values.size() >= 2 && values.values().stream().allMatch(m -> m >= 0)
                        && new java.util.HashSet<>(values.values()).size() >= 2) {
                    identified++;
                }
            }
            if (identified > 0 && identified * 2 >= fams.size()) {
                flagged.add(key);
            }
        });
        for (String key : flagged) {
            out.add("label '" + key + "' has a value of its own for each model of a family, so it gives each model "
                    + "its own series: if it describes the model rather than the measurement, drop it: --map 'drop="
                    + key + "'");
        }
        out.add(small + " of " + seriesCount + " series have fewer than 3 scales and get no emergence score");
    }

    // ---------------------------------------------------------------- access for SeriesView

    PointTable table() {
        return t;
    }

    int from(int s) {
        return off[s];
    }

    int kept(int s) {
        return kept[s];
    }

    int point(int index) {
        return perm[index];
    }

    double es(int s) {
        return es[s];
    }

    EmergenceScore.Status status(int s) {
        return EmergenceScore.Status.values()[status[s]];
    }

    double minX(int s) {
        return minX[s];
    }

    double maxX(int s) {
        return maxX[s];
    }

    double minY(int s) {
        return minY[s];
    }

    double maxY(int s) {
        return maxY[s];
    }

    double minN(int s) {
        return minN[s];
    }

    int nScales(int s) {
        return nScales[s];
    }

    MetricInfo info(int s) {
        return metricInfo.get(t.seriesMetric(s));
    }
}

package mirage.analysis;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import mirage.core.data.Measurement;
import mirage.core.data.Scale;
import mirage.core.data.ScaleAxis;
import mirage.core.metric.MetricValue;
import mirage.io.csv.CsvNumbers;
import mirage.io.results.MeasurementSink;
import mirage.io.results.Problems;
import mirage.io.results.RowBatch;
import mirage.io.util.BlockedDoubles;
import mirage.io.util.BlockedInts;
import mirage.io.util.CodedDoubles;
import mirage.io.util.CompactLongs;
import mirage.io.util.IntTupleIndex;

/**
 * Every measurement read, as points of scaling curves, in columns of primitives (about 40 bytes a point;
 * no object per point): series id, model, scale on the chosen axis, value, n, stderr (and chance,
 * interval when known), and where the point came from (file and line). A series is one (family, task,
 * metric, labels); when the axis is not {@code step}, a model's checkpoints are by default reduced to its last
 * one ({@link Checkpoints#LAST}; {@link #leftOutCheckpoints}) or, with {@link Checkpoints#ALL}, labelled
 * {@code step} (each checkpoint its own curve); on the step axis the labels include {@code model} (each model's
 * checkpoints its own curve).
 *
 * <p>A measurement whose model has no positive, finite scale on the axis is reported to {@link Problems}
 * and left out. Not thread-safe: readers deliver measurements from one thread at a time.
 */
public final class PointTable implements MeasurementSink {
    private final ScaleAxis axis;
    private final Problems problems;

    private final Map<String, Integer> stringIds = new HashMap<>();
    private final List<String> strings = new ArrayList<>();
    private final Map<String, Integer> labelIds = new HashMap<>();
    private final List<String[]> labelSets = new ArrayList<>();
    private final IntTupleIndex seriesIndex = new IntTupleIndex(4, 1 << 16);
    private final IntTupleIndex plusIndex = new IntTupleIndex(3, 64);
    private int[] plusResult = new int[64];
    private final Map<String, Integer> fileIds = new HashMap<>();
    private final List<String> files = new ArrayList<>();

    final BlockedInts series = new BlockedInts();
    final BlockedInts model = new BlockedInts();
    // scales and item counts repeat a few values: two bytes a point while there are at most 65,536 distinct ones
    final CodedDoubles x = new CodedDoubles(0);
    final BlockedDoubles y = new BlockedDoubles(0);
    final CodedDoubles n = new CodedDoubles(Double.NaN);
    final BlockedDoubles stderr = new BlockedDoubles(Double.NaN);
    final BlockedDoubles chance = new BlockedDoubles(Double.NaN);
    final BlockedDoubles lower = new BlockedDoubles(Double.NaN);
    final BlockedDoubles upper = new BlockedDoubles(Double.NaN);
    /** Line of each point (four bytes while lines fit in an int); the file of each point by runs. */
    private final CompactLongs line = new CompactLongs();
    private int[] runFile = new int[4];
    private long[] runStart = new long[4];
    private int runs;
    private long noScale;
    private final int stepKey;
    private final int modelKey;

    /** What an axis other than {@code step} does with a model's checkpoints. */
    public enum Checkpoints {
        /** Each model's last checkpoint (its largest step over the whole input) only; the default. */
        LAST,
        /** Every checkpoint, each step its own curves (the label {@code step}). */
        ALL
    }

    private Checkpoints checkpoints = Checkpoints.LAST;
    /** The step of each point, kept with {@link Checkpoints#LAST} on an axis other than step (NaN: none). */
    final CodedDoubles steps = new CodedDoubles(Double.NaN);
    private double[] lastStep = new double[0];
    private java.util.BitSet earlier;

    public PointTable(ScaleAxis axis, Problems problems) {
        this.axis = axis;
        this.problems = problems;
        stepKey = intern("step");
        modelKey = intern("model");
    }

    public ScaleAxis axis() {
        return axis;
    }

    /** Number of points. */
    public long size() {
        return series.size();
    }

    /** Number of series. */
    public int seriesCount() {
        return seriesIndex.size();
    }

    private final java.util.TreeSet<String> unscaled = new java.util.TreeSet<>();

    private Map<String, mirage.core.metric.MetricInfo> declaredMetrics = Map.of();

    private double minStep = Double.NaN;

    /**
     * Leaves out the points of checkpoints before {@code step} (training steps; NaN: none), e.g. those of a learning-rate
     * warm-up, when every model starts from its random initialization and nothing has been learned yet. Points without
     * a step are kept. Said once as a note.
     */
    public PointTable withMinStep(double step) {
        this.minStep = step;
        return this;
    }

    /** How an axis other than {@code step} treats checkpoints ({@link Checkpoints#LAST} unless set). */
    public PointTable withCheckpoints(Checkpoints c) {
        this.checkpoints = c;
        return this;
    }

    public Checkpoints checkpoints() {
        return checkpoints;
    }

    /**
     * The points of checkpoints that are not analysed, each kind reported once as a note: with {@link Checkpoints#LAST}
     * on an axis other than step, a model's points at a step before its last one; with {@link #withMinStep}, points
     * before that step (on any axis). Empty otherwise.
     */
    public java.util.BitSet leftOutCheckpoints() {
        if (earlier != null) {
            return earlier;
        }
        earlier = new java.util.BitSet();
        boolean last = axis != ScaleAxis.STEP && checkpoints == Checkpoints.LAST && lastStep.length > 0;
        if (!last && Double.isNaN(minStep)) {
            return earlier;
        }
        long np = size();
        java.util.Set<Integer> models = new java.util.HashSet<>();
        long early = 0;
        for (long i = 0; i < np; i++) {
            double st = axis == ScaleAxis.STEP ? x.get(i) : steps.get(i);
            int m = model.get(i);
            if (!Double.isNaN(minStep) && !Double.isNaN(st) && st < minStep) {
                earlier.set((int) i); // before --min-step
                early++;
                continue;
            }
            if (last && !Double.isNaN(st) && m < lastStep.length && st < lastStep[m]) {
                earlier.set((int) i);
                models.add(m);
            }
        }
        if (early > 0) {
            problems.note("--min-step " + mirage.io.csv.CsvNumbers.format(minStep) + ": the " + early + " values of checkpoints "
                    + "before that step are left out");
        }
        if (last && !models.isEmpty()) {
            problems.note("checkpoints: " + models.size() + " model" + (models.size() == 1 ? " has" : "s have")
                    + " values at several training steps; on the " + axis.key() + " axis each model's last checkpoint (its "
                    + "largest step) is analysed and the " + (earlier.cardinality() - early) + " values of earlier checkpoints "
                    + "are left out (--all-steps keeps every checkpoint, each step its own curves; --axis step follows training)");
        }
        return earlier;
    }

    /** Metric properties declared by the user ({@code --map metric:NAME = ...}), used instead of mirage's catalogue. */
    public PointTable withMetrics(Map<String, mirage.core.metric.MetricInfo> declared) {
        this.declaredMetrics = Map.copyOf(declared);
        return this;
    }

    /** The declared properties of a metric name, or null. */
    public mirage.core.metric.MetricInfo declaredMetric(String name) {
        return declaredMetrics.get(name);
    }

    /** Models whose measurements were left out for want of a scale on the axis (at most 1,000 names). */
    public java.util.SortedSet<String> modelsWithoutScale() {
        return java.util.Collections.unmodifiableSortedSet(unscaled);
    }

    /** Measurements left out because the model had no scale on the axis. */
    public long withoutScale() {
        return noScale;
    }

    int intern(String s) {
        Integer id = stringIds.get(s);
        if (id == null) {
            id = strings.size();
            strings.add(s);
            stringIds.put(s, id);
        }
        return id;
    }

    String string(int id) {
        return strings.get(id);
    }

    int stringCount() {
        return strings.size();
    }

    int fileId(String f) {
        Integer id = fileIds.get(f);
        if (id == null) {
            id = files.size();
            files.add(f);
            fileIds.put(f, id);
        }
        return id;
    }

    String file(int id) {
        return files.get(id);
    }

    static long loc(int file, long line) {
        return ((long) file << 40) | Math.min(line, (1L << 40) - 1);
    }

    /** Where point i came from: file id << 40 | line (as {@link #loc(int, long)}). */
    long loc(long i) {
        int lo = 0;
        int hi = runs - 1;
        while (lo < hi) {
            int mid = (lo + hi + 1) >>> 1;
            if (runStart[mid] <= i) {
                lo = mid;
            } else {
                hi = mid - 1;
            }
        }
        return ((long) runFile[lo] << 40) | line.get(i);
    }

    /** Interns a label set given as sorted key/value pairs. */
    int labels(String[] kv) {
        if (kv.length == 0) {
            return labels0();
        }
        StringBuilder key = new StringBuilder();
        for (String s : kv) {
            key.append(s).append('\u0001');
        }
        String k = key.toString();
        Integer id = labelIds.get(k);
        if (id == null) {
            id = labelSets.size();
            labelSets.add(kv.clone());
            labelIds.put(k, id);
        }
        return id;
    }

    private int empty = -1;

    private int labels0() {
        if (empty < 0) {
            empty = labelSets.size();
            labelSets.add(new String[0]);
            labelIds.put("", empty);
        }
        return empty;
    }

    String[] labelSet(int id) {
        return labelSets.get(id);
    }

    int labelSetCount() {
        return labelSets.size();
    }

    private int labels(Map<String, String> m) {
        String[] kv = new String[m.size() * 2];
        int i = 0;
        for (Map.Entry<String, String> e : m.entrySet()) {
            kv[i++] = e.getKey();
            kv[i++] = e.getValue();
        }
        return labels(kv);
    }

    /** The label set {@code base} with key = value added (replacing the key's value when present). */
    int plus(int base, int keyId, int valueId) {
        int id = plusIndex.intern(base, keyId, valueId);
        if (id < plusResult.length && plusResult[id] != 0) {
            return plusResult[id] - 1;
        }
        String[] kv = labelSets.get(base);
        String key = strings.get(keyId);
        List<String> out = new ArrayList<>(kv.length + 2);
        boolean added = false;
        for (int i = 0; i < kv.length; i += 2) {
            int c = kv[i].compareTo(key);
            if (c == 0) {
                continue;
            }
            if (c > 0 && !added) {
                out.add(key);
                out.add(strings.get(valueId));
                added = true;
            }
            out.add(kv[i]);
            out.add(kv[i + 1]);
        }
        if (!added) {
            out.add(key);
            out.add(strings.get(valueId));
        }
        int result = labels(out.toArray(String[]::new));
        if (id >= plusResult.length) {
            plusResult = Arrays.copyOf(plusResult, Math.max(id + 1, plusResult.length * 2));
        }
        plusResult[id] = result + 1;
        return result;
    }

    int seriesFamily(int s) {
        return seriesIndex.get(s, 0);
    }

    int seriesTask(int s) {
        return seriesIndex.get(s, 1);
    }

    int seriesMetric(int s) {
        return seriesIndex.get(s, 2);
    }

    int seriesLabels(int s) {
        return seriesIndex.get(s, 3);
    }

    /** The series id of (family, task, metric, labels) string/label ids, or -1. */
    int findSeries(int family, int task, int metric, int labels) {
        return seriesIndex.find(family, task, metric, labels);
    }

    /** The id of a string if it was seen, else -1. */
    int findString(String s) {
        Integer id = stringIds.get(s);
        return id == null ? -1 : id;
    }

    /** The id of a label set if it was seen, else -1. */
    int findLabels(Map<String, String> m) {
        StringBuilder key = new StringBuilder();
        m.forEach((k, v) -> key.append(k).append('\u0001').append(v).append('\u0001'));
        Integer id = labelIds.get(key.toString());
        return id == null ? -1 : id;
    }

    private double axisValue(double params, double nonEmb, double tokens, double flops, double step) {
        return switch (axis) {
            case PARAMS -> params;
            case NON_EMBEDDING_PARAMS -> nonEmb;
            case TOKENS -> tokens;
            case FLOPS -> flops;
            case STEP -> step;
        };
    }

    private boolean placeable(double v) {
        return v > 0 && v < Double.POSITIVE_INFINITY;
    }

    private void missingScale(String file, long line, String modelName, double v) {
        noScale++;
        if (unscaled.size() < 1000) {
            unscaled.add(modelName);
        }
        problems.skip(file, line, axis.key(), "model '" + modelName + "' has no " + (Double.isNaN(v) ? "" : "positive ")
                + axis.key() + (Double.isNaN(v) ? "" : " (got " + CsvNumbers.format(v) + ")"));
    }

    @Override
    public void accept(Measurement m, String file, long line) {
        Scale sc = m.model().scale();
        double xv = axisValue(sc.params(), sc.nonEmbeddingParams(), sc.tokens(), sc.flops(), sc.step());
        if (!placeable(xv)) {
            missingScale(file, line, m.model().name(), xv);
            return;
        }
        int fam = intern(m.model().family());
        int mod = intern(m.model().name());
        int lab = labels(m.labels());
        lab = withStepOrModel(lab, sc.step(), mod);
        int s = seriesIndex.intern(fam, intern(m.task()), intern(m.metric()), lab);
        MetricValue v = m.value();
        append(s, mod, xv, v.value(), v.n() > 0 ? v.n() : Double.NaN, v.stderr(), v.chance(), v.lower(), v.upper(),
                loc(fileId(file), line));
    }

    private double lastStepSeen = Double.NaN;
    private int lastStepId = -1;
    private double pendingStep = Double.NaN;

    private int withStepOrModel(int lab, double step, int mod) {
        if (axis == ScaleAxis.STEP) {
            return plus(lab, modelKey, mod);
        }
        if (Double.isNaN(step)) {
            return lab;
        }
        if (checkpoints == Checkpoints.LAST) {
            // no label: the step is kept per point and the earlier checkpoints are left out (leftOutCheckpoints)
            if (mod >= lastStep.length) {
                int n = lastStep.length;
                lastStep = Arrays.copyOf(lastStep, Math.max(mod + 1, 2 * n + 16));
                Arrays.fill(lastStep, n, lastStep.length, Double.NaN);
            }
            if (Double.isNaN(lastStep[mod]) || step > lastStep[mod]) {
                lastStep[mod] = step;
            }
            pendingStep = step;
            earlier = null;
            return lab;
        }
        if (Double.compare(step, lastStepSeen) != 0 || lastStepId < 0) {
            lastStepSeen = step;
            lastStepId = intern(CsvNumbers.format(step));
        }
        return plus(lab, stepKey, lastStepId);
    }

    private void append(int s, int mod, double xv, double yv, double nv, double se, double ch, double lo, double hi,
                        long where) {
        long i = series.size();
        if (!Double.isNaN(pendingStep)) {
            steps.set(i, pendingStep);
            pendingStep = Double.NaN;
        }
        series.add(s);
        model.add(mod);
        x.add(xv);
        y.add(yv);
        n.set(i, nv);
        if (!Double.isNaN(se)) {
            stderr.set(i, se);
        }
        if (!Double.isNaN(ch)) {
            chance.set(i, ch);
        }
        if (!Double.isNaN(lo)) {
            lower.set(i, lo);
        }
        if (!Double.isNaN(hi)) {
            upper.set(i, hi);
        }
        int file = (int) (where >>> 40);
        if (runs == 0 || runFile[runs - 1] != file) {
            if (runs == runFile.length) {
                runFile = Arrays.copyOf(runFile, runs * 2);
                runStart = Arrays.copyOf(runStart, runs * 2);
            }
            runFile[runs] = file;
            runStart[runs] = i;
            runs++;
        }
        line.add(where & ((1L << 40) - 1));
    }

    @Override
    public void accept(RowBatch b) {
        int file = fileId(b.file());
        List<String> bs = b.strings();
        int[] remap = new int[bs.size()];
        Arrays.fill(remap, -1);
        int[] labRemap = new int[Math.max(1, b.labelSetCount())];
        Arrays.fill(labRemap, -1);
        int emptyLabels = labels0();
        for (int i = 0; i < b.size(); i++) {
            double xv = axisValue(b.params(i), b.nonEmbeddingParams(i), b.tokens(i), b.flops(i), b.step(i));
            int mid = b.modelId(i);
            if (!placeable(xv)) {
                missingScale(b.file(), b.line(i), bs.get(mid), xv);
                continue;
            }
            int fam = g(remap, b.familyId(i), bs);
            int mod = g(remap, mid, bs);
            int task = g(remap, b.taskId(i), bs);
            int met = g(remap, b.metricId(i), bs);
            int ls = b.labelsId(i);
            int lab;
            if (ls < 0) {
                lab = emptyLabels;
            } else {
                lab = labRemap[ls];
                if (lab < 0) {
                    lab = labels(b.labelSet(ls));
                    labRemap[ls] = lab;
                }
            }
            lab = withStepOrModel(lab, b.step(i), mod);
            key[0] = fam;
            key[1] = task;
            key[2] = met;
            key[3] = lab;
            int s;
            if (seriesIndex.matches(lastSeries + 1, key, 0)) {
                s = lastSeries + 1;
            } else if (seriesIndex.matches(lastSeries, key, 0)) {
                s = lastSeries;
            } else {
                s = seriesIndex.intern(key, 0);
            }
            lastSeries = s;
            append(s, mod, xv, b.value(i), b.n(i), b.stderr(i), Double.NaN, Double.NaN, Double.NaN, loc(file, b.line(i)));
        }
    }

    private final int[] key = new int[4];
    private int lastSeries = -2;

    private int g(int[] remap, int local, List<String> bs) {
        int id = remap[local];
        if (id < 0) {
            id = intern(bs.get(local));
            remap[local] = id;
        }
        return id;
    }
}

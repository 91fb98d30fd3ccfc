package mirage.io.results;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import mirage.core.data.Sample;
import mirage.core.data.ScaleAxis;
import mirage.core.fit.Partners;
import mirage.core.metric.Metric;
import mirage.core.metric.MetricUnits;
import mirage.io.csv.CsvNumbers;

/**
 * Per-item statistics of per-sample inputs (mirage per-sample JSONL, lm-evaluation-harness samples), kept
 * for the paired bootstraps of the verdict: per (family, task, labels) and metric, one
 * {@link MetricUnits.Table} over the family's models. Only the metrics that can take part in a verdict are
 * kept (a discontinuous metric with a declared smooth partner among the scored metrics, and those
 * partners). Series keys follow {@code PointTable}: a known {@code step} is a label unless the axis is the
 * step, when the model is a label and a point is named {@code model@step} ({@link #pointModel}).
 *
 * <p>Checkpoints follow {@code PointTable}'s choice: with each model's last checkpoint (its default, {@code
 * stepLabels} false) a sample's step is not a label; its column is named {@code model} + {@link #STEP_MARK} + step,
 * and {@link #tables} keeps each model's latest step under the model's name, so the verdict's paired bootstrap
 * resamples the same checkpoints as the curve it judges. With every checkpoint its own curve ({@code --all-steps})
 * the step is a label, as on the curves.
 *
 * <p>Memory is bounded: past {@code budget} stored statistics (doubles, with a unit id counted as 8) no
 * more samples are kept, the cells already started are dropped too (a partial table would resample a
 * biased subset), and {@link #overflow()} says so; the verdict then uses per-point uncertainty. Not
 * thread-safe: readers deliver samples from one thread.
 */
public final class ItemTables {
    /** Default budget: 16 million statistics (about 200 MB at most with ids). */
    public static final long DEFAULT_BUDGET = 16_000_000L;

    /** Separates a model's name from its checkpoint in a column name (while each model's last checkpoint is chosen). */
    public static final char STEP_MARK = '\u0001';

    private final ScaleAxis axis;
    private final boolean stepLabels;
    private final List<Metric> metrics;
    private final long budget;
    private final Map<String, Map<String, MetricUnits.Builder>> cells = new LinkedHashMap<>();
    private final Set<String> unsupported = new LinkedHashSet<>();
    private final Map<String, Map<String, MetricUnits.Table>> built = new LinkedHashMap<>();
    private long stored;
    private boolean overflow;

    /** Tables of each model's last checkpoint (PointTable's default). */
    public ItemTables(ScaleAxis axis, List<Metric> scored, long budget) {
        this(axis, scored, budget, false);
    }

    /**
     * @param stepLabels true: every checkpoint its own curve, the step a label (PointTable's {@code Checkpoints.ALL},
     *     {@code --all-steps}); false: each model's last checkpoint ({@code Checkpoints.LAST})
     */
    public ItemTables(ScaleAxis axis, List<Metric> scored, long budget, boolean stepLabels) {
        this.axis = axis;
        this.stepLabels = stepLabels;
        this.budget = budget;
        List<String> names = scored.stream().map(Metric::name).toList();
        Set<String> keep = new LinkedHashSet<>();
        for (Partners.Pair p : Partners.pairs(names, false)) {
            keep.add(p.metric());
            keep.add(p.partner());
        }
        List<Metric> out = new ArrayList<>();
        for (Metric m : scored) {
            if (keep.contains(m.name())) {
                out.add(m);
            }
        }
        this.metrics = List.copyOf(out);
    }

    /** The metrics whose per-item statistics are kept. */
    public List<Metric> metrics() {
        return metrics;
    }

    /** The name of a sample's point on its series: the model, or {@code model@step} when the axis is the step. */
    public static String pointModel(ScaleAxis axis, String model, double scale) {
        return axis == ScaleAxis.STEP ? model + "@" + CsvNumbers.format(scale) : model;
    }

    /** The labels of a sample's series (as {@code PointTable} forms them), sorted. */
    private static Map<String, String> seriesLabels(ScaleAxis axis, Sample s, boolean stepLabels) {
        Map<String, String> l = new TreeMap<>(s.labels());
        double step = s.model().scale().step();
        if (axis == ScaleAxis.STEP) {
            l.put("model", s.model().name());
        } else if (stepLabels && !Double.isNaN(step)) {
            l.put("step", CsvNumbers.format(step));
        }
        return l;
    }

    static String key(String family, String task, Map<String, String> sortedLabels) {
        return family + '\u0000' + task + '\u0000' + sortedLabels;
    }

    /** A sample's scale on the axis (its place on its curve); a sample whose value is not positive and finite has no table. */
    public static double axisValue(ScaleAxis axis, Sample s) {
        return switch (axis) {
            case PARAMS -> s.model().scale().params();
            case NON_EMBEDDING_PARAMS -> s.model().scale().nonEmbeddingParams();
            case TOKENS -> s.model().scale().tokens();
            case FLOPS -> s.model().scale().flops();
            case STEP -> s.model().scale().step();
        };
    }

    /** The key of the (family, task, labels) cell whose tables a sample goes to (for {@link #install}). */
    public static String cellKey(ScaleAxis axis, Sample s, boolean stepLabels) {
        return key(s.model().family(), s.task(), seriesLabels(axis, s, stepLabels));
    }

    /**
     * The column of a sample in its cell's tables: its point's name ({@link #pointModel}), followed by {@link #STEP_MARK}
     * and its step when each model's last checkpoint is chosen later ({@link #tables}).
     */
    public static String column(ScaleAxis axis, Sample s, double x, boolean stepLabels) {
        String p = pointModel(axis, s.model().name(), x);
        double step = s.model().scale().step();
        return axis != ScaleAxis.STEP && !stepLabels && !Double.isNaN(step) ? p + STEP_MARK + Double.toString(step) : p;
    }

    /** Statistics a sample counts against the budget besides its tables' growth (its item id, roughly). */
    public static final int PER_SAMPLE = 8;

    /** Keeps a sample's per-item statistics (its family and scale already completed). */
    public void accept(Sample s) {
        if (overflow || metrics.isEmpty()) {
            return;
        }
        double x = axisValue(axis, s);
        if (!(x > 0 && x < Double.POSITIVE_INFINITY)) {
            return; // not placed on a curve (reported by the point table)
        }
        String k = cellKey(axis, s, stepLabels);
        Map<String, MetricUnits.Builder> cell = cells.computeIfAbsent(k, z -> new HashMap<>());
        String model = column(axis, s, x, stepLabels);
        for (Metric m : metrics) {
            if (unsupported.contains(m.name())) {
                continue;
            }
            MetricUnits.Builder b = cell.computeIfAbsent(m.name(), z -> new MetricUnits.Builder(m));
            try {
                stored += b.accept(model, s);
            } catch (IllegalArgumentException e) {
                unsupported.add(m.name());
                for (Map<String, MetricUnits.Builder> c : cells.values()) {
                    c.remove(m.name());
                }
            }
        }
        stored += PER_SAMPLE;
        if (stored > budget) {
            overflow = true;
            cells.clear();
        }
    }

    /**
     * Tables built elsewhere from the same samples in the same order (the Spark engine builds them with
     * {@link MetricUnits.Builder#add} where it groups the samples' contributions): installs the tables of one
     * cell ({@link #cellKey}) and counts their statistics, {@code stored} being what {@link #accept} would have
     * counted for them (the builders' growth plus {@link #PER_SAMPLE} per sample). Past the budget no table
     * is kept, as with {@link #accept}.
     */
    public void install(String cellKey, Map<String, MetricUnits.Table> tables, long stored) {
        count(stored);
        if (!overflow) {
            built.computeIfAbsent(cellKey, k -> new LinkedHashMap<>()).putAll(tables);
        }
    }

    /** Counts statistics against the budget without a table (samples of cells built elsewhere, see {@link #install}). */
    public void count(long stored) {
        if (overflow) {
            return;
        }
        this.stored += stored;
        if (this.stored > budget) {
            overflow = true;
            cells.clear();
            built.clear();
        }
    }

    /** Marks metrics as having no per-unit decomposition (found where the tables were built). */
    public void unsupported(java.util.Collection<String> names) {
        unsupported.addAll(names);
        for (Map<String, MetricUnits.Table> c : built.values()) {
            names.forEach(c::remove);
        }
    }

    /** Whether the budget was exceeded (then no table is kept). */
    public boolean overflow() {
        return overflow;
    }

    /** Statistics stored (approximate, for the budget). */
    public long stored() {
        return stored;
    }

    public long budget() {
        return budget;
    }

    /** Metrics that have no per-unit decomposition (no table). */
    public Set<String> unsupported() {
        return unsupported;
    }

    /** The tables of one (family, task, labels), by metric name; empty when none was kept. */
    public Map<String, MetricUnits.Table> tables(String family, String task, Map<String, String> labels) {
        String k = key(family, task, new TreeMap<>(labels));
        Map<String, MetricUnits.Table> done = built.get(k);
        if (done != null) {
            Map<String, MetricUnits.Table> out = new LinkedHashMap<>();
            for (Metric m : metrics) {
                MetricUnits.Table t = done.get(m.name());
                if (t != null && !unsupported.contains(m.name())) {
                    out.put(m.name(), lastCheckpoints(t));
                }
            }
            return out;
        }
        Map<String, MetricUnits.Builder> cell = cells.get(k);
        if (cell == null) {
            return Map.of();
        }
        Map<String, MetricUnits.Table> out = new LinkedHashMap<>();
        for (Metric m : metrics) {
            MetricUnits.Builder b = cell.get(m.name());
            if (b != null) {
                out.put(m.name(), lastCheckpoints(b.table()));
            }
        }
        return out;
    }

    /**
     * A table whose columns carry checkpoints ({@link #column}) reduced to each model's latest checkpoint, named by the
     * model; units with no statistic in any kept column are dropped (items only earlier checkpoints saw). A table
     * without checkpoints is returned as it is.
     */
    static MetricUnits.Table lastCheckpoints(MetricUnits.Table t) {
        List<String> names = t.models();
        if (names.stream().noneMatch(n -> n.indexOf(STEP_MARK) >= 0)) {
            return t;
        }
        Map<String, Integer> best = new LinkedHashMap<>();
        Map<String, Double> bestStep = new HashMap<>();
        for (int j = 0; j < names.size(); j++) {
            String n = names.get(j);
            int at = n.lastIndexOf(STEP_MARK);
            String model = at < 0 ? n : n.substring(0, at);
            double step = at < 0 ? Double.NEGATIVE_INFINITY : Double.parseDouble(n.substring(at + 1));
            Double seen = bestStep.get(model);
            if (seen == null || step > seen) {
                best.put(model, j);
                bestStep.put(model, step);
            }
        }
        int[] cols = best.values().stream().mapToInt(Integer::intValue).toArray();
        int all = names.size();
        int m = cols.length;
        int dim = t.dim();
        double[] src = t.data();
        List<String> ids = new ArrayList<>();
        List<Integer> keep = new ArrayList<>();
        for (int u = 0; u < t.units(); u++) {
            boolean any = false;
            for (int c = 0; c < m && !any; c++) {
                for (int d = 0; d < dim && !any; d++) {
                    any = src[(u * all + cols[c]) * dim + d] != 0;
                }
            }
            if (any) {
                keep.add(u);
                ids.add(t.unitIds().get(u));
            }
        }
        double[] data = new double[keep.size() * m * dim];
        for (int i = 0; i < keep.size(); i++) {
            int u = keep.get(i);
            for (int c = 0; c < m; c++) {
                System.arraycopy(src, (u * all + cols[c]) * dim, data, (i * m + c) * dim, dim);
            }
        }
        long[] skipped = new long[m];
        for (int c = 0; c < m; c++) {
            skipped[c] = t.skipped()[cols[c]];
        }
        return new MetricUnits.Table(t.metric(), List.copyOf(best.keySet()), List.copyOf(ids), dim, data, t.finisher(), skipped);
    }

    /** Whether any table was kept. */
    public boolean isEmpty() {
        return cells.isEmpty() && built.isEmpty();
    }
}

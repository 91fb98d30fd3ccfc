package mirage.core.metric;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import mirage.core.data.Measurement;
import mirage.core.data.Model;
import mirage.core.data.Sample;

/**
 * Scores per-sample records under a list of metrics, per cell (model, task, labels). Memory grows with
 * the number of cells and metrics, not with the number of samples (except {@code subset_accuracy@K},
 * which keeps one entry per item of a cell). Not thread-safe; scorers of disjoint chunks can be
 * {@link #combine combined}.
 */
public final class Scorer {
    private final List<Metric> metrics;
    private final Map<Cell, MetricAccumulator[]> cells = new HashMap<>();
    private long samples;
    /** The cell of the previous sample (samples of a cell usually come together): saves a lookup. */
    private Sample lastSample;
    private MetricAccumulator[] lastCell;

    /** A (model, task, labels) cell. */
    public record Cell(Model model, String task, Map<String, String> labels) implements java.io.Serializable {
    }

    public Scorer(List<Metric> metrics) {
        if (metrics.isEmpty()) {
            throw new IllegalArgumentException("no metrics to score");
        }
        this.metrics = List.copyOf(metrics);
    }

    public List<Metric> metrics() {
        return metrics;
    }

    public void accept(Sample s) {
        samples++;
        MetricAccumulator[] acc;
        Sample last = lastSample;
        if (last != null && last.model().equals(s.model()) && last.task().equals(s.task())
                && last.labels().equals(s.labels())) {
            acc = lastCell;
        } else {
            acc = cells.computeIfAbsent(new Cell(s.model(), s.task(), s.labels()), c -> fresh());
            lastSample = s;
            lastCell = acc;
        }
        for (MetricAccumulator a : acc) {
            a.accept(s);
        }
    }

    public void combine(Scorer other) {
        samples += other.samples;
        other.cells.forEach((cell, acc) -> {
            MetricAccumulator[] mine = cells.computeIfAbsent(cell, c -> fresh());
            for (int i = 0; i < mine.length; i++) {
                mine[i].combine(acc[i]);
            }
        });
    }

    /**
     * Adds one cell's accumulators (one per metric, in this scorer's metric order), as {@link #combine(Scorer)}
     * does for each cell of another scorer: for partial scorers taken apart with {@link #forEachCell} and
     * shipped elsewhere (the Spark engine merges them by cell). The accumulators are not copied: do not feed
     * them afterwards. The samples behind them are counted with {@link #countSamples}.
     */
    public void combine(Cell cell, MetricAccumulator[] acc) {
        if (acc.length != metrics.size()) {
            throw new IllegalArgumentException("expected " + metrics.size() + " accumulators, got " + acc.length);
        }
        MetricAccumulator[] mine = cells.get(cell);
        if (mine == null) {
            cells.put(cell, acc.clone());
            return;
        }
        for (int i = 0; i < mine.length; i++) {
            mine[i].combine(acc[i]);
        }
    }

    /** Counts samples scored elsewhere whose cells are added with {@link #combine(Cell, MetricAccumulator[])}. */
    public void countSamples(long n) {
        samples += n;
    }

    /** Each cell with its accumulators (live: one per metric, in metric order), in no particular order. */
    public void forEachCell(java.util.function.BiConsumer<Cell, MetricAccumulator[]> f) {
        cells.forEach(f);
    }

    private MetricAccumulator[] fresh() {
        MetricAccumulator[] acc = new MetricAccumulator[metrics.size()];
        for (int i = 0; i < acc.length; i++) {
            acc[i] = metrics.get(i).accumulator();
        }
        return acc;
    }

    /** Number of samples seen. */
    public long samples() {
        return samples;
    }

    /** One result per cell and metric, including those with nothing scored (n = 0), sorted. */
    public List<Result> results() {
        List<Result> out = new ArrayList<>();
        cells.forEach((cell, acc) -> {
            for (int i = 0; i < acc.length; i++) {
                out.add(new Result(cell, metrics.get(i), acc[i].result()));
            }
        });
        out.sort(Comparator.comparing((Result r) -> r.cell().model().family())
                .thenComparing(r -> r.cell().task())
                .thenComparing(r -> r.cell().labels().toString())
                .thenComparingDouble(r -> r.cell().model().scale().params())
                .thenComparing(r -> r.cell().model().name())
                .thenComparingInt(r -> metrics.indexOf(r.metric())));
        return out;
    }

    /** The value of one metric in one cell. */
    public record Result(Cell cell, Metric metric, MetricValue value) {
        public Measurement toMeasurement() {
            return new Measurement(cell.model(), cell.task(), metric.name(), cell.labels(), value);
        }
    }
}

package mirage.io.results;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import mirage.core.data.Measurement;

/**
 * Passes on the measurements of the series a {@link SeriesFilter} keeps and counts the others ({@link #dropped()}): the
 * {@code --family/--task/--metric} filters of {@code mirage analyze}, applied as the readers read. Whole batches pass
 * unchanged when every row is kept. Like the sinks it wraps, it is called from one thread at a time.
 */
public final class FilteringSink implements MeasurementSink {
    private final MeasurementSink to;
    private final SeriesFilter filter;
    private final Map<String, Boolean> families = new HashMap<>();
    private final Map<String, Boolean> tasks = new HashMap<>();
    private final Map<String, Boolean> metrics = new HashMap<>();
    private long dropped;

    public FilteringSink(MeasurementSink to, SeriesFilter filter) {
        this.to = to;
        this.filter = filter;
    }

    private boolean keeps(String family, String task, String metric) {
        return families.computeIfAbsent(family, filter::family) && tasks.computeIfAbsent(task, filter::task)
                && metrics.computeIfAbsent(metric, filter::metric);
    }

    @Override
    public void accept(Measurement m, String file, long line) {
        if (keeps(m.model().family(), m.task(), m.metric())) {
            to.accept(m, file, line);
        } else {
            dropped++;
        }
    }

    @Override
    public void accept(RowBatch b) {
        List<String> s = b.strings();
        boolean all = true;
        for (int i = 0; i < b.size() && all; i++) {
            all = keeps(s.get(b.familyId(i)), s.get(b.taskId(i)), s.get(b.metricId(i)));
        }
        if (all) {
            to.accept(b);
            return;
        }
        for (int i = 0; i < b.size(); i++) {
            if (keeps(s.get(b.familyId(i)), s.get(b.taskId(i)), s.get(b.metricId(i)))) {
                to.accept(b.measurement(i), b.file(), b.line(i));
            } else {
                dropped++;
            }
        }
    }

    /** Values left out because the filter does not keep their series. */
    public long dropped() {
        return dropped;
    }
}

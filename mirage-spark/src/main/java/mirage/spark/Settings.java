package mirage.spark;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.Serializable;
import java.util.List;
import mirage.core.data.ScaleAxis;
import mirage.core.metric.Metric;
import mirage.core.metric.Metrics;
import mirage.io.results.ColumnMap;
import mirage.io.results.MeasurementSink;
import mirage.io.results.Problems;
import mirage.io.results.ReadContext;
import mirage.io.results.ScalesTable;
import org.apache.hadoop.conf.Configuration;

/**
 * What every task needs to read and score as the local engine does, shipped to the executors: the metrics, the
 * column map, the scales table (its bytes; parsed once per executor JVM), whether names give sizes, the axis,
 * the metrics of the item tables, and the Hadoop configuration of the driver (file systems, credentials).
 */
final class Settings implements Serializable {
    private static final long serialVersionUID = 1L;

    final List<String> metrics;
    final List<String> maps;
    final byte[] scales;
    final String scalesName;
    final boolean nameScales;
    final String axis;
    final List<String> itemMetrics;
    final String format;
    private byte[] hadoop;

    private transient Configuration conf;
    private transient List<Metric> metricList;
    private transient List<Metric> itemMetricList;
    private transient ColumnMap map;
    private transient ScalesTable scalesTable;

    Settings(List<String> metrics, List<String> maps, byte[] scales, String scalesName, boolean nameScales, String axis,
             List<String> itemMetrics, String format, Configuration conf) throws IOException {
        this.metrics = List.copyOf(metrics);
        this.maps = List.copyOf(maps);
        this.scales = scales;
        this.scalesName = scalesName;
        this.nameScales = nameScales;
        this.axis = axis;
        this.itemMetrics = List.copyOf(itemMetrics);
        this.format = format;
        ByteArrayOutputStream b = new ByteArrayOutputStream();
        try (DataOutputStream out = new DataOutputStream(b)) {
            conf.write(out);
        }
        this.hadoop = b.toByteArray();
        this.conf = conf;
    }

    synchronized Configuration conf() {
        if (conf == null) {
            Configuration c = new Configuration(false);
            try (DataInputStream in = new DataInputStream(new ByteArrayInputStream(hadoop))) {
                c.readFields(in);
            } catch (IOException e) {
                throw new IllegalStateException("cannot read the shipped Hadoop configuration", e);
            }
            conf = c;
        }
        return conf;
    }

    synchronized List<Metric> metrics() {
        if (metricList == null) {
            metricList = metrics.stream().map(Metrics::parse).toList();
        }
        return metricList;
    }

    synchronized List<Metric> itemMetricList() {
        if (itemMetricList == null) {
            itemMetricList = itemMetrics.stream().map(Metrics::parse).toList();
        }
        return itemMetricList;
    }

    ScaleAxis axis() {
        return ScaleAxis.parse(axis);
    }

    synchronized ColumnMap map() {
        if (map == null) {
            map = ColumnMap.parse(maps);
        }
        return map;
    }

    /** A reading context as the driver's: same map, metrics, scales table and name rule; one thread. */
    synchronized ReadContext context(Problems problems, MeasurementSink sink) throws IOException {
        if (scales != null && scalesTable == null) {
            scalesTable = ScalesTable.read(new ByteArrayInputStream(scales), scalesName, map(), Quiet.INSTANCE);
        }
        return new ReadContext(map(), sink, problems, null, 1, metrics(), scalesTable, nameScales);
    }

    /** Problems that go nowhere (the scales table's were reported by the driver). */
    static final class Quiet implements Problems {
        static final Quiet INSTANCE = new Quiet();

        @Override
        public void skip(String file, long line, String field, String reason) {
        }

        @Override
        public void note(String message) {
        }

        @Override
        public boolean strict() {
            return false;
        }
    }
}

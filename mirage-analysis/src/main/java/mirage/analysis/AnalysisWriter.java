package mirage.analysis;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Future;
import mirage.core.metric.MetricInfo;
import mirage.core.metric.MetricValue;
import mirage.core.stats.Interval;
import mirage.core.stats.PointUncertainty;
import mirage.core.stats.Resolution;
import mirage.io.AtomicFile;
import mirage.io.csv.AnalysisSchema;

/**
 * Writes the analysis outputs of {@code mirage analyze} (columns fixed in docs/FORMATS.md, "Analysis
 * outputs"; readers look columns up by name): {@code series.csv} (every point), {@code emergence.csv}
 * (one row per series, plus the columns of any {@link SeriesAnnotator}), {@code by_metric.csv}. Rows are
 * formatted in parallel in blocks and written in order, atomically ({@link AtomicFile}).
 */
public final class AnalysisWriter {
    private AnalysisWriter() {
    }

    public static final List<String> SERIES_COLUMNS = AnalysisSchema.Series.COLUMNS;

    public static final List<String> EMERGENCE_COLUMNS = AnalysisSchema.Emergence.COLUMNS;

    public static final List<String> BY_METRIC_COLUMNS = AnalysisSchema.ByMetric.COLUMNS;


    /** UTF-8 CSV fields of the table's strings and label texts, encoded once. */
    private static final class Encoded {
        final byte[][] strings;
        final byte[][] labels;
        final byte[][] otherLabels;
        /** The label keys of the table, sorted: one column each ({@link AnalysisSchema#labelColumns}). */
        final List<String> labelKeys;
        /** Per label set: its fields of the label columns, each with its leading comma. */
        final byte[][] labelFields;

        Encoded(MetaAnalysis a) {
            PointTable t = a.table();
            strings = new byte[t.stringCount()][];
            for (int i = 0; i < strings.length; i++) {
                strings[i] = ByteOut.field(t.string(i));
            }
            labels = new byte[t.labelSetCount()][];
            otherLabels = new byte[t.labelSetCount()][];
            java.util.TreeSet<String> keys = new java.util.TreeSet<>();
            for (int i = 0; i < labels.length; i++) {
                labels[i] = ByteOut.field(MetaAnalysis.labelText(t.labelSet(i), null));
                otherLabels[i] = ByteOut.field(MetaAnalysis.labelText(t.labelSet(i), "shots"));
                String[] kv = t.labelSet(i);
                for (int k = 0; k < kv.length; k += 2) {
                    keys.add(kv[k]);
                }
            }
            labelKeys = List.copyOf(keys);
            labelFields = new byte[labels.length][];
            for (int i = 0; i < labels.length; i++) {
                String[] kv = t.labelSet(i);
                java.util.Map<String, String> m = new java.util.HashMap<>();
                for (int k = 0; k < kv.length; k += 2) {
                    m.put(kv[k], kv[k + 1]);
                }
                ByteOut o = new ByteOut(16 * (labelKeys.size() + 1));
                for (String f : AnalysisSchema.labelFields(labelKeys, m)) {
                    o.write(',');
                    if (!f.isEmpty()) {
                        o.write(ByteOut.field(f));
                    }
                }
                labelFields[i] = o.toBytes();
            }
        }

        List<String> header(List<String> fixed) {
            List<String> h = new ArrayList<>(fixed);
            h.addAll(AnalysisSchema.labelColumns(labelKeys));
            return h;
        }
    }

    /** series.csv: one row per point of every series, series in output order, points by scale. */
    public static void writeSeries(Path file, MetaAnalysis a, ExecutorService pool, int threads) throws IOException {
        Encoded enc = new Encoded(a);
        byte[] axis = ByteOut.field(a.axis().key());
        PointTable t = a.table();
        write(file, enc.header(SERIES_COLUMNS), a.seriesCount(), 4096, pool, threads, (from, to) -> {
            ByteOut o = new ByteOut((to - from) * 640);
            // the resolution floor (1/n in the metric's unit) repeats along a series: its text is kept
            ByteOut floorText = new ByteOut(32);
            double floorOf = Double.NaN;
            byte[] floorBytes = null;
            for (int pos = from; pos < to; pos++) {
                SeriesView s = a.series(pos);
                MetricInfo info = s.metricInfo();
                ByteOut prefix = new ByteOut(128);
                prefix.write(enc.strings[s.familyId()]).write(',').write(enc.strings[s.taskId()]).write(',')
                        .write(enc.strings[s.metricId()]).write(',').write(enc.labels[s.labelsId()]).write(',').write(axis).write(',');
                byte[] pre = prefix.toBytes();
                int size = s.size();
                for (int i = 0; i < size; i++) {
                    int p = s.pointIndex(i);
                    double y = t.y.get(p);
                    double n = t.n.get(p);
                    double se = t.stderr.get(p);
                    double lo = t.lower.get(p);
                    double hi = t.upper.get(p);
                    long count = Double.isNaN(n) || n < 1 ? 0 : (long) n;
                    boolean binomial = info.proportion() && count >= 1 && y / info.scale() >= -1e-12 && y / info.scale() <= 1 + 1e-12;
                    if (Double.isNaN(lo) || Double.isNaN(hi)) {
                        // Wilson for a proportion with an item count; value +- z se otherwise; empty when neither
                        if (binomial || (se > 0 && Double.isFinite(se))) {
                            Interval iv = PointUncertainty.of(info, new MetricValue(y, count, 0, se, Double.NaN, Double.NaN,
                                    Double.NaN)).interval(0.95);
                            lo = iv.lower();
                            hi = iv.upper();
                        }
                    }
                    o.write(pre).write(enc.strings[t.model.get(p)]).write(',').number(t.x.get(p)).write(',').number(y)
                            .write(',').number(n).write(',').number(se).write(',').number(lo).write(',').number(hi)
                            .write(',').number(t.chance.get(p)).write(',').number(pos).write(',');
                    if (binomial) {
                        Resolution r = Resolution.of(Math.max(0, Math.min(1, y / info.scale())), count);
                        double floor = r.floor() * info.scale();
                        if (floorBytes == null || Double.doubleToRawLongBits(floor) != Double.doubleToRawLongBits(floorOf)) {
                            floorOf = floor;
                            floorBytes = floorText.reset().number(floor).toBytes();
                        }
                        o.write(floorBytes).write(',').ascii(r.status().name());
                    } else if (info.proportion()) {
                        o.write(','); // a proportion without an item count: resolution unknown
                    } else {
                        o.write(',').ascii(Resolution.Status.NOT_A_PROPORTION.name());
                    }
                    o.write(enc.labelFields[s.labelsId()]).write('\n');
                }
            }
            return o;
        });
    }

    /** emergence.csv: one row per series, then the annotators' columns. */
    public static void writeEmergence(Path file, MetaAnalysis a, List<SeriesAnnotator> annotators, ExecutorService pool,
                                      int threads) throws IOException {
        List<String> header = new ArrayList<>(EMERGENCE_COLUMNS);
        for (SeriesAnnotator an : annotators) {
            header.addAll(an.columns());
        }
        Encoded enc = new Encoded(a);
        header = enc.header(header);
        String axis = a.axis().key();
        int[] widths = new int[annotators.size()];
        for (int i = 0; i < widths.length; i++) {
            widths[i] = annotators.get(i).columns().size();
        }
        write(file, header, a.seriesCount(), 16384, pool, threads, (from, to) -> {
            ByteOut o = new ByteOut((to - from) * 160);
            for (int pos = from; pos < to; pos++) {
                SeriesView s = a.series(pos);
                MetricInfo info = s.metricInfo();
                String shots = s.shots();
                o.write(enc.strings[s.familyId()]).write(',').write(enc.strings[s.taskId()]).write(',')
                        .write(enc.strings[s.metricId()]).write(',');
                if (shots != null) {
                    o.write(ByteOut.field(shots));
                }
                o.write(',').write(enc.otherLabels[s.labelsId()]).write(',').number(s.size())
                        .write(',').number(s.minScale()).write(',').number(s.maxScale())
                        .write(',').number(s.emergenceScore()).write(',').number(s.esLower()).write(',').number(s.esUpper())
                        .write(',').ascii(s.shape() == null ? "" : s.shape().key()).write(',').ascii(s.emergentText())
                        .write(',').ascii(EmergenceFlag.logScale(info) ? "ln" : "value").write(',').ascii(s.status().name())
                        .write(',').bool(info.higherIsBetter()).write(',').bool(info.continuous()).write(',').bool(info.linear())
                        .write(',').ascii(axis).write(',').number(s.distinctScales())
                        .write(',').number(s.minValue()).write(',').number(s.maxValue()).write(',').number(s.minN())
                        .write(',').bool(info.known()).write(',').number(pos);
                for (int ai = 0; ai < annotators.size(); ai++) {
                    SeriesAnnotator an = annotators.get(ai);
                    List<String> v = an.values(s);
                    if (v.size() != widths[ai]) {
                        throw new IllegalStateException("annotator " + an + " gave " + v.size() + " values for "
                                + widths[ai] + " columns");
                    }
                    for (String x : v) {
                        o.write(',');
                        if (x != null && !x.isEmpty()) {
                            o.write(ByteOut.field(x));
                        }
                    }
                }
                o.write(enc.labelFields[s.labelsId()]).write('\n');
            }
            return o;
        });
    }

    /** by_metric.csv: per metric, series and emergent series at the threshold. */
    public static void writeByMetric(Path file, MetaAnalysis a, double threshold) throws IOException {
        List<MetaAnalysis.MetricRow> rows = a.byMetric(threshold);
        write(file, BY_METRIC_COLUMNS, rows.size(), 1 << 20, null, 1, (from, to) -> {
            ByteOut o = new ByteOut(128 * (to - from));
            for (int i = from; i < to; i++) {
                MetaAnalysis.MetricRow r = rows.get(i);
                o.write(ByteOut.field(r.metric())).write(',').number(r.series()).write(',').number(r.scored())
                        .write(',').number(r.tooFewSizes()).write(',').number(r.emergent()).write(',').number(r.scoreAbove())
                        .write(',').number(r.shareOfEmergent())
                        .write(',').number(r.emergentRate()).write(',').number(threshold)
                        .write(',').bool(r.info().higherIsBetter()).write(',').bool(r.info().continuous())
                        .write(',').bool(r.info().linear()).write(',').bool(r.info().known()).write('\n');
            }
            return o;
        });
    }

    /** A CSV field as {@link mirage.io.csv.CsvWriter} writes it (quoted when it has , " CR or LF). */
    static void field(StringBuilder sb, String f) {
        boolean quote = false;
        for (int i = 0; i < f.length(); i++) {
            char c = f.charAt(i);
            if (c == ',' || c == '"' || c == '\n' || c == '\r') {
                quote = true;
                break;
            }
        }
        if (!quote) {
            sb.append(f);
            return;
        }
        sb.append('"');
        for (int i = 0; i < f.length(); i++) {
            char c = f.charAt(i);
            if (c == '"') {
                sb.append('"');
            }
            sb.append(c);
        }
        sb.append('"');
    }

    /** Formats rows [from, to) as bytes (written from the buffer as is, without a copy). */
    @FunctionalInterface
    interface Block {
        ByteOut format(int from, int to);
    }

    /** Writes a header then rows 0..count-1, formatted in blocks (in parallel when a pool is given), in order. */
    private static void write(Path file, List<String> header, int count, int block, ExecutorService pool, int threads,
                              Block rows) throws IOException {
        AtomicFile.write(file, raw -> {
            OutputStream out = new java.io.BufferedOutputStream(raw, 1 << 16);
            StringBuilder h = new StringBuilder();
            for (int i = 0; i < header.size(); i++) {
                if (i > 0) {
                    h.append(',');
                }
                field(h, header.get(i));
            }
            h.append('\n');
            out.write(h.toString().getBytes(StandardCharsets.UTF_8));
            ArrayDeque<Future<ByteOut>> window = new ArrayDeque<>();
            try {
                for (int from = 0; from < count; from += block) {
                    int f = from;
                    int to = Math.min(count, from + block);
                    if (pool == null || threads <= 1) {
                        rows.format(f, to).writeTo(out);
                        continue;
                    }
                    window.add(pool.submit(() -> rows.format(f, to)));
                    while (window.size() > threads * 2) {
                        take(window.poll()).writeTo(out);
                    }
                }
                while (!window.isEmpty()) {
                    take(window.poll()).writeTo(out);
                }
            } finally {
                for (Future<ByteOut> fu : window) {
                    fu.cancel(true);
                }
            }
            out.flush();
        });
    }

    private static ByteOut take(Future<ByteOut> f) throws IOException {
        try {
            return f.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted", e);
        } catch (ExecutionException e) {
            if (e.getCause() instanceof RuntimeException r) {
                throw r;
            }
            throw new IOException(e.getCause());
        }
    }
}

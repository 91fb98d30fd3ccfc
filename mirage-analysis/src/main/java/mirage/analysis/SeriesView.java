package mirage.analysis;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import mirage.core.analysis.EmergenceScore;
import mirage.core.data.ScaleAxis;
import mirage.core.metric.MetricInfo;

/**
 * One scaling curve of a {@link MetaAnalysis}: its key, its points sorted by scale (duplicates removed)
 * and its emergence score. A light view over the analysis arrays; cheap to create, safe to read from
 * several threads.
 */
public final class SeriesView {
    private final MetaAnalysis a;
    private final PointTable t;
    private final int s;
    private final int position;

    SeriesView(MetaAnalysis a, int s, int position) {
        this.a = a;
        this.t = a.table();
        this.s = s;
        this.position = position;
    }

    int familyId() {
        return t.seriesFamily(s);
    }

    int taskId() {
        return t.seriesTask(s);
    }

    int metricId() {
        return t.seriesMetric(s);
    }

    int labelsId() {
        return t.seriesLabels(s);
    }

    int modelId(int i) {
        return t.model.get(p(i));
    }

    /** Row index in the point table of point i (no bounds check: for the writers). */
    int pointIndex(int i) {
        return a.point(a.from(s) + i);
    }

    /** The series' position in the output files ({@code series_id}). */
    public int id() {
        return position;
    }

    public String family() {
        return t.string(t.seriesFamily(s));
    }

    public String task() {
        return t.string(t.seriesTask(s));
    }

    public String metric() {
        return t.string(t.seriesMetric(s));
    }

    /** All labels, sorted by key (shots included). */
    public Map<String, String> labels() {
        String[] kv = t.labelSet(t.seriesLabels(s));
        Map<String, String> m = new LinkedHashMap<>();
        for (int i = 0; i < kv.length; i += 2) {
            m.put(kv[i], kv[i + 1]);
        }
        return Collections.unmodifiableMap(m);
    }

    /** The value of label {@code key}, or null (no map built: for scans over every series). */
    public String label(String key) {
        String[] kv = t.labelSet(t.seriesLabels(s));
        for (int i = 0; i < kv.length; i += 2) {
            if (kv[i].equals(key)) {
                return kv[i + 1];
            }
        }
        return null;
    }

    /** The {@code shots} label, or null. */
    public String shots() {
        String[] kv = t.labelSet(t.seriesLabels(s));
        for (int i = 0; i < kv.length; i += 2) {
            if (kv[i].equals("shots")) {
                return kv[i + 1];
            }
        }
        return null;
    }

    /** Labels as {@code k=v;k=v}, all of them. */
    public String labelText() {
        return MetaAnalysis.labelText(t.labelSet(t.seriesLabels(s)), null);
    }

    /** Labels as {@code k=v;k=v} without shots. */
    public String otherLabelText() {
        return MetaAnalysis.labelText(t.labelSet(t.seriesLabels(s)), "shots");
    }

    public ScaleAxis axis() {
        return t.axis();
    }

    /** Number of points (models) after duplicates were removed. */
    public int size() {
        return a.kept(s);
    }

    private int p(int i) {
        if (i < 0 || i >= a.kept(s)) {
            throw new IndexOutOfBoundsException(i);
        }
        return a.point(a.from(s) + i);
    }

    public String model(int i) {
        return t.string(t.model.get(p(i)));
    }

    public double scale(int i) {
        return t.x.get(p(i));
    }

    public double value(int i) {
        return t.y.get(p(i));
    }

    /** Units scored (items), NaN when unknown. */
    public double n(int i) {
        return t.n.get(p(i));
    }

    public double stderr(int i) {
        return t.stderr.get(p(i));
    }

    public double lower(int i) {
        return t.lower.get(p(i));
    }

    public double upper(int i) {
        return t.upper.get(p(i));
    }

    public double chance(int i) {
        return t.chance.get(p(i));
    }

    /** The input file and line of point i. */
    public String source(int i) {
        long l = t.loc(p(i));
        return t.file((int) (l >>> 40)) + ":" + (l & ((1L << 40) - 1));
    }

    public double[] scales() {
        double[] out = new double[size()];
        for (int i = 0; i < out.length; i++) {
            out[i] = scale(i);
        }
        return out;
    }

    public double[] values() {
        double[] out = new double[size()];
        for (int i = 0; i < out.length; i++) {
            out[i] = value(i);
        }
        return out;
    }

    public double emergenceScore() {
        return a.es(s);
    }

    public EmergenceScore.Status status() {
        return a.status(s);
    }

    /** The flag's evidence, once {@link MetaAnalysis#flag} ran (null before). */
    private EmergenceFlag flags() {
        return a.flags();
    }

    /** The curve's shape judged against its noise (null before the flag was computed). */
    public mirage.core.analysis.CurveShape.Kind shape() {
        EmergenceFlag f = flags();
        return f == null ? null : f.shape(position);
    }

    /** Lower end of the emergence score's 95% interval (NaN when not computed). */
    public double esLower() {
        EmergenceFlag f = flags();
        return f == null ? Double.NaN : f.lower(position);
    }

    public double esUpper() {
        EmergenceFlag f = flags();
        return f == null ? Double.NaN : f.upper(position);
    }

    /** {@code true}, {@code false}, or {@code unknown} (a candidate whose points' noise is unknown), as written in emergence.csv. */
    public String emergentText() {
        EmergenceFlag f = flags();
        return f != null && f.unknown(position) ? "unknown" : Boolean.toString(emergent());
    }

    /** Flagged emergent on evidence ({@link EmergenceFlag}). */
    public boolean emergent() {
        EmergenceFlag f = flags();
        return f != null && f.emergent(position);
    }

    /** Distinct scales used by the score. */
    public int distinctScales() {
        return a.nScales(s);
    }

    public double minScale() {
        return a.minX(s);
    }

    public double maxScale() {
        return a.maxX(s);
    }

    public double minValue() {
        return a.minY(s);
    }

    public double maxValue() {
        return a.maxY(s);
    }

    /** Smallest n over the points, NaN when none is known. */
    public double minN() {
        return a.minN(s);
    }

    /** What mirage knows of the metric (assumed properties when {@code !known()}). */
    public MetricInfo metricInfo() {
        return a.info(s);
    }

    /** The series of the same family, task and labels under another metric (a partner), or null. */
    public SeriesView partner(String otherMetric) {
        return a.find(family(), task(), otherMetric, labels());
    }

    @Override
    public String toString() {
        return family() + " / " + task() + " / " + metric() + (labelText().isEmpty() ? "" : " [" + labelText() + "]");
    }
}

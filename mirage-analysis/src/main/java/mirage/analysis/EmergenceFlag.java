package mirage.analysis;

import java.util.Arrays;
import java.util.SplittableRandom;
import java.util.concurrent.ExecutorService;
import mirage.core.analysis.CurveShape;
import mirage.core.analysis.EmergenceScore;
import mirage.core.metric.MetricInfo;
import mirage.core.metric.TaskChance;
import mirage.core.stats.ImpliedItems;
import mirage.core.stats.PercentileInterval;
import mirage.core.stats.PointUncertainty;
import mirage.core.util.Seeds;

/**
 * The emergence flag of the meta-analysis, on evidence (docs/ANALYSIS.md, "The emergence flag"): a series is flagged
 * emergent when it has at least 4 sizes, its shape ({@link CurveShape}, judged against the points' own noise) is a
 * rise from the floor (not flat within noise, at chance, falling, non-monotone or saturating), the rise is late (its
 * largest improvement is not its first step, and its first step is less than a quarter of its largest: a curve that
 * improves most at the small end and then levels off is concave, the opposite of an ability appearing), and the lower
 * end of its emergence score's 95% interval exceeds the threshold. The interval comes from {@value #DRAWS} draws of every
 * point from a normal with its standard error (the binomial one from the Jeffreys mean when an item count is known;
 * points with neither keep their value), seeded from the series' key; it is computed only for the series whose score
 * exceeds the threshold (the others cannot be flagged), so the cost follows the candidates, not the series. When no
 * point's noise is known (aggregates without item counts or standard errors) a candidate is not flagged but marked
 * {@code unknown}: a score alone cannot tell a jump from noise or from resolution. The score keeps its
 * published formula on the metric's analysis scale: perplexities on their log, the cross-entropy. Series are ranked by
 * the interval's lower end.
 */
public final class EmergenceFlag {
    /** Draws of the points for the score's interval. */
    public static final int DRAWS = 200;

    /** A late rise's first step is less than this share of its largest. */
    public static final double EARLY_RISE = 0.25;

    /** Every setting of the flag, for provenance. */
    public static java.util.Map<String, Object> settings(double threshold) {
        java.util.Map<String, Object> m = new java.util.LinkedHashMap<>();
        m.put("threshold", threshold);
        m.put("min_sizes", CurveShape.defaults().minSizes());
        m.put("noise_z", CurveShape.defaults().noiseZ());
        m.put("reversal", CurveShape.defaults().reversal());
        m.put("saturation", CurveShape.defaults().saturation());
        m.put("chance_margin", CurveShape.defaults().chanceMargin());
        m.put("early_rise", EARLY_RISE);
        m.put("draws", DRAWS);
        m.put("interval", "95% percentile of per-point normal draws");
        return m;
    }

    private final double threshold;
    private final byte[] shape;
    private final double[] lo;
    private final double[] hi;
    private final boolean[] flagged;
    private final boolean[] early;
    private final boolean[] unknown;

    private EmergenceFlag(int n, double threshold) {
        this.threshold = threshold;
        shape = new byte[n];
        lo = new double[n];
        hi = new double[n];
        flagged = new boolean[n];
        early = new boolean[n];
        unknown = new boolean[n];
        Arrays.fill(lo, Double.NaN);
        Arrays.fill(hi, Double.NaN);
    }

    public double threshold() {
        return threshold;
    }

    /** The shape of the series at a position of the analysis. */
    public CurveShape.Kind shape(int position) {
        return CurveShape.Kind.values()[shape[position]];
    }

    /** Lower end of the emergence score's 95% interval (NaN when not computed: not a candidate, or no noise known). */
    public double lower(int position) {
        return lo[position];
    }

    public double upper(int position) {
        return hi[position];
    }

    public boolean emergent(int position) {
        return flagged[position];
    }

    /**
     * Whether the series would be a candidate (4+ sizes, a late rise, score above the threshold) but nothing is known
     * of its points' noise (no item counts, no standard errors): the flag cannot be decided and is not set.
     */
    public boolean unknown(int position) {
        return unknown[position];
    }

    /** Whether the series improves early: its largest step is its first, or its first is a quarter of the largest or more. */
    public boolean earlyRise(int position) {
        return early[position];
    }

    /** Whether a metric is analysed on the log of its values (perplexities: the cross-entropy). */
    public static boolean logScale(MetricInfo info) {
        return info.canonical().contains("perplexity");
    }

    /** Computes the flag of every series of the analysis. */
    public static EmergenceFlag compute(MetaAnalysis a, double threshold, long seed, ExecutorService pool, int threads) {
        int n = a.seriesCount();
        EmergenceFlag f = new EmergenceFlag(n, threshold);
        int block = Math.max(256, n / Math.max(1, threads * 16));
        int blocks = (n + block - 1) / block;
        mirage.core.util.Parallel.forEachIndex(blocks, pool == null ? 1 : threads, "mirage-flag", b -> {
            for (int p = b * block, to = Math.min(n, p + block); p < to; p++) {
                f.one(a.series(p), seed);
            }
        });
        return f;
    }

    /** The floor of a series in its metric's units: chance from its points, else a known task's, else 0 for shares. */
    static double floor(SeriesView s, MetricInfo info, boolean[] isChance) {
        double sum = 0;
        int c = 0;
        for (int i = 0; i < s.size(); i++) {
            double ch = s.chance(i);
            if (!Double.isNaN(ch)) {
                sum += ch;
                c++;
            }
        }
        double ch = c > 0 ? sum / c : TaskChance.of(s.task(), s.metric());
        if (!Double.isNaN(ch) && ch > 0) {
            isChance[0] = true;
            return ch * info.scale();
        }
        isChance[0] = false;
        return info.proportion() && info.higherIsBetter() ? 0 : Double.NaN;
    }

    /**
     * The item count a series' standard errors imply for its boundary rates without a count or a standard error
     * ({@link ImpliedItems}); NaN when no point needs it (most series: nothing is allocated for them).
     */
    private static double impliedItems(SeriesView s, MetricInfo info) {
        int k = s.size();
        boolean needed = false;
        for (int j = 0; j < k && !needed; j++) {
            needed = ImpliedItems.completes(info, s.value(j), s.n(j), s.stderr(j));
        }
        if (!needed) {
            return Double.NaN;
        }
        double[] v = new double[k];
        double[] n = new double[k];
        double[] se = new double[k];
        for (int j = 0; j < k; j++) {
            v[j] = s.value(j);
            n[j] = s.n(j);
            se[j] = s.stderr(j);
        }
        return ImpliedItems.median(info, v, n, se);
    }

    private void one(SeriesView s, long seed) {
        int pos = s.id();
        MetricInfo info = s.metricInfo();
        boolean log = logScale(info);
        int k = s.size();
        // merge points at equal scales (means; standard errors of the mean), as the emergence score does
        double[] x = new double[k];
        double[] y = new double[k];
        double[] se = new double[k];
        double implied = impliedItems(s, info);
        int m = 0;
        for (int i = 0; i < k; ) {
            int j = i;
            double sy = 0;
            double sv = 0;
            while (j < k && s.scale(j) == s.scale(i)) {
                double v = s.value(j);
                double nj = !Double.isNaN(implied) && ImpliedItems.completes(info, v, s.n(j), s.stderr(j)) ? implied : s.n(j);
                double e = PointUncertainty.standardError(info, v, nj, s.stderr(j));
                if (log) {
                    e = v > 0 ? e / v : Double.NaN;
                    v = v > 0 ? Math.log(v) : Double.NaN;
                }
                sy += v;
                sv += e * e;
                j++;
            }
            x[m] = s.scale(i);
            y[m] = sy / (j - i);
            se[m] = Math.sqrt(sv) / (j - i);
            m++;
            i = j;
        }
        x = Arrays.copyOf(x, m);
        y = Arrays.copyOf(y, m);
        se = Arrays.copyOf(se, m);
        for (double v : y) {
            if (Double.isNaN(v)) {
                shape[pos] = (byte) CurveShape.Kind.TOO_FEW_SIZES.ordinal();
                return;
            }
        }
        boolean[] isChance = new boolean[1];
        double floor = log ? Double.NaN : floor(s, info, isChance);
        double ceiling = !log && info.proportion() && info.higherIsBetter() ? info.scale() : Double.NaN;
        CurveShape cs = CurveShape.classify(x, y, se, info.higherIsBetter(), floor, isChance[0], ceiling, CurveShape.defaults());
        shape[pos] = (byte) cs.kind().ordinal();
        double es = s.emergenceScore();
        double sg = info.higherIsBetter() ? 1 : -1;
        int largest = 1;
        for (int i = 2; i < m; i++) {
            if (sg * (y[i] - y[i - 1]) > sg * (y[largest] - y[largest - 1])) {
                largest = i;
            }
        }
        // a late rise starts flat: the first step is small next to the largest one (an ability absent, then present);
        // a curve whose first steps are large is concave, improving most at the small end
        early[pos] = m >= 2 && (largest == 1 || sg * (y[1] - y[0]) >= EARLY_RISE * sg * (y[largest] - y[largest - 1]));
        if (cs.kind() != CurveShape.Kind.RISING || !(es > threshold) || early[pos]) {
            return;
        }
        int known = 0;
        for (double e : se) {
            known += e > 0 ? 1 : 0;
        }
        if (known == 0) {
            unknown[pos] = true; // nothing known of the noise: the flag cannot be decided (said in the output)
            return;
        }
        SplittableRandom r = new SplittableRandom(Seeds.forKey(seed, "emergence-flag", s.family(), s.task(), s.metric(),
                s.labelText()));
        double[] draws = new double[DRAWS];
        double[] yy = new double[m];
        double[] work = new double[m];
        boolean higher = info.higherIsBetter();
        for (int b = 0; b < DRAWS; b++) {
            for (int i = 0; i < m; i++) {
                yy[i] = se[i] > 0 ? y[i] + se[i] * r.nextGaussian() : y[i];
            }
            draws[b] = EmergenceScore.ofSorted(yy, higher, work);
        }
        Arrays.sort(draws);
        // the percentile interval, widened to the score where the draws lift zeros that make it infinite (PercentileInterval)
        double[] ci = PercentileInterval.of(es, draws, 0.95);
        lo[pos] = ci[0];
        hi[pos] = ci[1];
        flagged[pos] = lo[pos] > threshold;
    }
}

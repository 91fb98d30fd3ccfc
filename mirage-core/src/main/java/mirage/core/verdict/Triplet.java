package mirage.core.verdict;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import mirage.core.analysis.Series;
import mirage.core.analysis.SeriesKey;
import mirage.core.fit.Routes;
import mirage.core.metric.MetricCatalog;
import mirage.core.metric.MetricInfo;
import mirage.core.metric.MetricUnits;
import mirage.core.metric.MetricValue;
import mirage.core.sim.MathModel;
import mirage.core.stats.Bootstrap;
import mirage.core.stats.ImpliedItems;
import mirage.core.stats.PairedUnits;
import mirage.core.stats.PointUncertainty;
import org.hipparchus.random.RandomDataGenerator;

/**
 * One triplet's data: D and its partner S at the models where both were measured, sorted by scale, with
 * their per-item tables when the input had per-sample records, and the resampling both kinds of evidence
 * share ({@link #replicates}): a paired bootstrap over items when the metric's table is given, otherwise
 * draws of each point from its own uncertainty (Jeffreys posterior of a count, normal with a standard error).
 * Points at the same scale are merged by their mean, as the emergence score merges them.
 */
final class Triplet {
    final Series dSeries;
    final Series sSeries;
    final boolean declared;
    final MetricInfo dInfo;
    final MetricInfo sInfo;
    final boolean hib;
    final Map<String, MetricUnits.Table> items;
    /** Models with both metrics, by scale. */
    final String[] models;
    final MetricValue[] dv;
    final MetricValue[] sv;
    /** Distinct scale of each model, as an index into {@link #x}. */
    final int[] group;
    /** Distinct scales, ascending. */
    final double[] x;
    /** D and S merged per distinct scale. */
    final double[] d;
    final double[] s;
    /** Standard errors per distinct scale (NaN when unknown). */
    final double[] dSe;
    final double[] sSe;
    final int k;
    final long minItems;

    Triplet(Series dSeries, Series sSeries, boolean declared, Map<String, MetricUnits.Table> items) {
        this.dSeries = dSeries;
        this.sSeries = sSeries;
        this.declared = declared;
        this.items = items;
        this.dInfo = MetricCatalog.lookup(dSeries.key().metric());
        this.sInfo = MetricCatalog.lookup(sSeries.key().metric());
        this.hib = dInfo.higherIsBetter();
        Map<String, Series.Point> sBy = new HashMap<>();
        for (Series.Point p : sSeries.points()) {
            sBy.put(p.model(), p);
        }
        List<Series.Point[]> pairs = new ArrayList<>();
        for (Series.Point p : dSeries.points()) {
            Series.Point o = sBy.get(p.model());
            if (o != null && Double.isFinite(p.y()) && Double.isFinite(o.y()) && p.scale() > 0) {
                pairs.add(new Series.Point[] {p, o});
            }
        }
        pairs.sort(Comparator.comparingDouble((Series.Point[] pr) -> pr[0].scale()).thenComparing(pr -> pr[0].model()));
        int n = pairs.size();
        models = new String[n];
        dv = new MetricValue[n];
        sv = new MetricValue[n];
        group = new int[n];
        double[] xs = new double[n];
        long mi = Long.MAX_VALUE;
        int g = -1;
        for (int i = 0; i < n; i++) {
            Series.Point[] pr = pairs.get(i);
            models[i] = pr[0].model();
            dv[i] = pr[0].value();
            sv[i] = pr[1].value();
            if (i == 0 || pr[0].scale() != xs[g]) {
                xs[++g] = pr[0].scale();
            }
            group[i] = g;
        }
        // boundary rates of aggregates (0 or 1 with a standard error of 0 and no count) get the count the series' other
        // standard errors imply, so that they carry their resolution uncertainty (ImpliedItems)
        MetricValue[] dc = ImpliedItems.complete(dInfo, dv);
        MetricValue[] sc = ImpliedItems.complete(sInfo, sv);
        for (int i = 0; i < n; i++) {
            dv[i] = dc[i];
            sv[i] = sc[i];
            mi = Math.min(mi, dv[i].n());
        }
        k = g + 1;
        x = Arrays.copyOf(xs, k);
        minItems = n == 0 ? 0 : mi;
        double[] dm = new double[n];
        double[] sm = new double[n];
        double[] dse = new double[n];
        double[] sse = new double[n];
        for (int i = 0; i < n; i++) {
            dm[i] = dv[i].value();
            sm[i] = sv[i].value();
            dse[i] = PointUncertainty.of(dInfo, dv[i]).standardError();
            sse[i] = PointUncertainty.of(sInfo, sv[i]).standardError();
        }
        d = merge(dm);
        s = merge(sm);
        dSe = mergeSe(dse);
        sSe = mergeSe(sse);
    }

    SeriesKey key() {
        return dSeries.key();
    }

    String dName() {
        return dSeries.key().metric();
    }

    String sName() {
        return sSeries.key().metric();
    }

    /** The target length in tokens (label {@code target_length}), NaN when unknown. */
    double length() {
        return Routes.length(dSeries.key().labels());
    }

    /** D's chance level in its own units (mean over its points), NaN when none. */
    double chance() {
        double sum = 0;
        int c = 0;
        for (MetricValue v : dv) {
            if (!Double.isNaN(v.chance())) {
                sum += v.chance();
                c++;
            }
        }
        return c == 0 ? Double.NaN : sum / c * dInfo.scale();
    }

    /** D's floor: its chance level, else 0 for a bounded higher-is-better metric (NaN when unknown). */
    double floor() {
        double c = chance();
        if (!Double.isNaN(c)) {
            return c;
        }
        return hib ? 0 : Double.NaN;
    }

    /** D's ceiling: the top of a proportion's range (NaN when unbounded or lower-is-better). */
    double ceiling() {
        return dInfo.proportion() && hib ? dInfo.scale() : Double.NaN;
    }

    /** Per-model values merged per distinct scale by their mean. */
    double[] merge(double[] perModel) {
        double[] sum = new double[k];
        int[] cnt = new int[k];
        for (int i = 0; i < perModel.length; i++) {
            sum[group[i]] += perModel[i];
            cnt[group[i]]++;
        }
        for (int g = 0; g < k; g++) {
            sum[g] /= cnt[g];
        }
        return sum;
    }

    private double[] mergeSe(double[] se) {
        double[] sum = new double[k];
        int[] cnt = new int[k];
        for (int i = 0; i < se.length; i++) {
            sum[group[i]] += se[i] * se[i];
            cnt[group[i]]++;
        }
        for (int g = 0; g < k; g++) {
            sum[g] = Math.sqrt(sum[g]) / cnt[g];
        }
        return sum;
    }

    /** Resampled statistics and how they were made. */
    record Draws(double[][] replicates, String method) {
        /** Column j of the replicates without NaN, sorted. */
        double[] sorted(int j) {
            if (replicates == null) {
                return new double[0];
            }
            return Arrays.stream(replicates).filter(r -> r != null && !Double.isNaN(r[j])).mapToDouble(r -> r[j]).sorted().toArray();
        }
    }

    /**
     * Resamples one metric of the triplet (D or S) and computes {@code stat} of each replicate's merged
     * values: a paired bootstrap over items when the metric's per-item table covers every model, else draws
     * of each point from its uncertainty. Null replicates when nothing about the points' uncertainty is known.
     */
    Draws replicates(boolean ofD, int count, long seed, int threads, Function<double[], double[]> stat) {
        String metric = ofD ? dName() : sName();
        MetricInfo info = ofD ? dInfo : sInfo;
        MetricValue[] vals = ofD ? dv : sv;
        MetricUnits.Table table = items.get(metric);
        PairedUnits pu = table == null ? null : select(table, models);
        if (pu != null) {
            Bootstrap.Result br = Bootstrap.create().withResamples(count).withSeed(seed).withThreads(threads)
                    .run(pu, v -> stat.apply(merge(v)));
            return new Draws(br.replicates(), "paired items (" + pu.units() + " units, " + count + " resamples)");
        }
        PointUncertainty[] u = new PointUncertainty[vals.length];
        int known = 0;
        for (int i = 0; i < vals.length; i++) {
            u[i] = PointUncertainty.of(info, vals[i]);
            known += u[i].known() ? 1 : 0;
        }
        if (known == 0) {
            return new Draws(null, "none: no uncertainty known for " + metric + "'s points");
        }
        double[][] reps = new double[count][];
        double[] y = new double[vals.length];
        for (int b = 0; b < count; b++) {
            RandomDataGenerator rng = new RandomDataGenerator(MathModel.streamSeed(seed, b));
            for (int i = 0; i < y.length; i++) {
                y[i] = u[i].draw(rng);
            }
            reps[b] = stat.apply(merge(y));
        }
        return new Draws(reps, "per point (" + count + " draws: Jeffreys posterior for counts, normal with the standard error"
                + (known < vals.length ? "; " + (vals.length - known) + " points fixed" : "") + ")");
    }

    /** The per-unit statistics of the given models (in that order), or null when a model is missing. */
    static PairedUnits select(MetricUnits.Table t, String[] models) {
        int[] col = new int[models.length];
        for (int j = 0; j < models.length; j++) {
            col[j] = t.models().indexOf(models[j]);
            if (col[j] < 0) {
                return null;
            }
        }
        int m = t.models().size();
        int dim = t.dim();
        int n = t.units();
        double[] data = new double[n * models.length * dim];
        for (int u = 0; u < n; u++) {
            for (int j = 0; j < models.length; j++) {
                System.arraycopy(t.data(), (u * m + col[j]) * dim, data, (u * models.length + j) * dim, dim);
            }
        }
        return PairedUnits.of(models.length, n, dim, data, t.finisher(), List.of(models));
    }

    /**
     * S's and D's statistics side by side (S's models first) on the same units, or null when the units differ
     * (e.g. D is a subset metric over groups) or a model is missing.
     */
    static PairedUnits joint(MetricUnits.Table s, MetricUnits.Table d, String[] models) {
        if (!s.unitIds().equals(d.unitIds())) {
            return null;
        }
        PairedUnits ps = select(s, models);
        PairedUnits pd = select(d, models);
        if (ps == null || pd == null) {
            return null;
        }
        int m = models.length;
        int n = s.units();
        int ds = s.dim();
        int dd = d.dim();
        int dim = Math.max(ds, dd);
        double[] data = new double[n * 2 * m * dim];
        for (int u = 0; u < n; u++) {
            for (int j = 0; j < m; j++) {
                System.arraycopy(s.data(), (u * s.models().size() + s.models().indexOf(models[j])) * ds, data,
                        (u * 2 * m + j) * dim, ds);
                System.arraycopy(d.data(), (u * d.models().size() + d.models().indexOf(models[j])) * dd, data,
                        (u * 2 * m + m + j) * dim, dd);
            }
        }
        MetricUnits.Finisher fs = s.finisher();
        MetricUnits.Finisher fd = d.finisher();
        List<String> names = new ArrayList<>();
        for (String mm : models) {
            names.add("S:" + mm);
        }
        for (String mm : models) {
            names.add("D:" + mm);
        }
        return PairedUnits.of(2 * m, n, dim, data, (sums, off) -> off / dim < m ? fs.value(sums, off) : fd.value(sums, off), names);
    }
}

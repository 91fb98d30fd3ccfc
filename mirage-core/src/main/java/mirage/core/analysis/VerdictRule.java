package mirage.core.analysis;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.SplittableRandom;
import mirage.core.fit.ComposedRoute;
import mirage.core.fit.ErrorForm;
import mirage.core.fit.FitResult;
import mirage.core.fit.Link;
import mirage.core.fit.PowerLawFit;
import mirage.core.fit.Routes;
import mirage.core.metric.MetricCatalog;
import mirage.core.metric.MetricInfo;
import mirage.core.metric.MetricUnits;
import mirage.core.metric.MetricValue;
import mirage.core.sim.MathModel;
import mirage.core.stats.Bootstrap;
import mirage.core.stats.Interval;
import mirage.core.stats.MultipleTesting;
import mirage.core.stats.PairedUnits;
import mirage.core.stats.PointUncertainty;
import mirage.core.stats.Quantiles;
import mirage.core.stats.SampleSize;
import org.hipparchus.distribution.continuous.ChiSquaredDistribution;
import org.hipparchus.random.RandomDataGenerator;

/**
 * The verdict rule: for each (family, task, labels) and each discontinuous metric D with a smooth
 * partner S measured on the same outputs, decides {@code emergent}, {@code mirage}, {@code smooth} or
 * {@code unresolved}, with its evidence ({@link Verdict}). The rule, its thresholds and why are in
 * docs/ANALYSIS.md ("The verdict"); in short, on the k sizes where both metrics were measured:
 * <ol>
 *   <li>k &lt; 4: unresolved (add sizes).</li>
 *   <li>D's sharpness: {@code eta = ES/(k-1)} with a 95% interval (paired item bootstrap when per-item
 *       scores are given, else per-point parametric draws); the permutation p-value of ES, adjusted by
 *       Benjamini-Hochberg over every triplet judged together. D is sharp when {@code eta_lower >= 3} and
 *       {@code q <= 0.05}; smooth when {@code eta_upper < 3}; otherwise unresolved.</li>
 *   <li>S's shape: a power law with irreducible term fitted to S's error form; S jumps when the largest
 *       misfit is at least 10% of S's range and the lack of fit is significant (p &lt; 0.01); S is too
 *       noisy to tell when its median standard error exceeds 5% of its range.</li>
 *   <li>emergent: D sharp and S jumps. mirage: D sharp, S smooth, the composed prediction explains every
 *       point of D (its interval overlaps D's, both at 1 - 0.05/k, or it is within 5% of D's range), and
 *       the test set resolves
 *       that prediction at some size where D looks absent (near its floor, before its largest step).
 *       Anything else: unresolved, with the items or sizes that would decide it.</li>
 * </ol>
 * Immutable builder; seeded, so a verdict is reproducible.
 */
public final class VerdictRule {
    private final double sharpness;
    private final double fdr;
    private final double jumpMisfit;
    private final double lofAlpha;
    private final double noiseLimit;
    private final double tolerance;
    private final double nearFloor;
    private final double power;
    private final int resamples;
    private final int fitResamples;
    private final int permutations;
    private final double confidence;
    private final long seed;
    private final boolean undeclaredPartners;
    private final int threads;

    /** Fewest sizes with both metrics: S's power law has 3 parameters, plus one degree of freedom. */
    public static final int MIN_SIZES = 4;

    /**
     * Items per size beyond which a prediction counts as unresolvable by any test set (ten million): where
     * the smooth route predicts a rate that small, a measured zero agrees with it and there is nothing for
     * more items to confirm.
     */
    public static final long MAX_ITEMS = 10_000_000L;

    private VerdictRule(double sharpness, double fdr, double jumpMisfit, double lofAlpha, double noiseLimit,
                        double tolerance, double nearFloor, double power, int resamples, int fitResamples,
                        int permutations, double confidence, long seed, boolean undeclaredPartners, int threads) {
        this.sharpness = sharpness;
        this.fdr = fdr;
        this.jumpMisfit = jumpMisfit;
        this.lofAlpha = lofAlpha;
        this.noiseLimit = noiseLimit;
        this.tolerance = tolerance;
        this.nearFloor = nearFloor;
        this.power = power;
        this.resamples = resamples;
        this.fitResamples = fitResamples;
        this.permutations = permutations;
        this.confidence = confidence;
        this.seed = seed;
        this.undeclaredPartners = undeclaredPartners;
        this.threads = threads;
    }

    /** The documented thresholds; 1,000 resamples for eta, 200 for the composed route; seed 0. */
    public static VerdictRule create() {
        return new VerdictRule(3.0, 0.05, 0.10, 0.01, 0.05, 0.05, 0.10, 0.8, 1000, 200, 20_000, 0.95, 0,
                false, Runtime.getRuntime().availableProcessors());
    }

    private VerdictRule copy(double sharp, double fdrLevel, int res, int fitRes, long s, boolean undeclared, int th) {
        return new VerdictRule(sharp, fdrLevel, jumpMisfit, lofAlpha, noiseLimit, tolerance, nearFloor, power, res, fitRes,
                permutations, confidence, s, undeclared, th);
    }

    /** The eta threshold (default 3). */
    public VerdictRule withSharpness(double tau) {
        if (!(tau > 1)) {
            throw new IllegalArgumentException("sharpness threshold must exceed 1 (equal steps), got " + tau);
        }
        return copy(tau, fdr, resamples, fitResamples, seed, undeclaredPartners, threads);
    }

    /** The false discovery rate for Benjamini-Hochberg (default 0.05). */
    public VerdictRule withFdr(double q) {
        if (!(q > 0 && q < 1)) {
            throw new IllegalArgumentException("FDR level must be in (0, 1), got " + q);
        }
        return copy(sharpness, q, resamples, fitResamples, seed, undeclaredPartners, threads);
    }

    /** Resamples for eta's interval and for the composed route's intervals. */
    public VerdictRule withResamples(int eta, int route) {
        if (eta < 2 || route < 2) {
            throw new IllegalArgumentException("resamples must be at least 2, got " + eta + ", " + route);
        }
        return copy(sharpness, fdr, eta, route, seed, undeclaredPartners, threads);
    }

    public VerdictRule withSeed(long s) {
        return copy(sharpness, fdr, resamples, fitResamples, s, undeclaredPartners, threads);
    }

    /** Also judge D against a smooth metric of the same task and conditions that is not a declared partner. */
    public VerdictRule withUndeclaredPartners(boolean allow) {
        return copy(sharpness, fdr, resamples, fitResamples, seed, allow, threads);
    }

    public VerdictRule withThreads(int t) {
        if (t < 1) {
            throw new IllegalArgumentException("threads must be at least 1, got " + t);
        }
        return copy(sharpness, fdr, resamples, fitResamples, seed, undeclaredPartners, t);
    }

    /**
     * The series of one (family, task, labels) for all metrics, with per-item data where available.
     *
     * @param series the curves (same family, task and labels)
     * @param items per metric name, the per-unit statistics of the family's models
     *     ({@link MetricUnits#of}); may be empty
     * @param targets the discontinuous metrics to judge (null: every one of the series)
     */
    public record Group(List<Series> series, Map<String, MetricUnits.Table> items, java.util.Set<String> targets) {
        public Group {
            series = List.copyOf(series);
            items = items == null ? Map.of() : Map.copyOf(items);
            targets = targets == null ? null : java.util.Set.copyOf(targets);
        }

        /** All discontinuous metrics of the series are judged. */
        public Group(List<Series> series, Map<String, MetricUnits.Table> items) {
            this(series, items, null);
        }

        public static Group of(List<Series> series) {
            return new Group(series, Map.of());
        }
    }

    /**
     * @param verdicts one per triplet
     * @param notes discontinuous metrics without a partner, and other things a reader should know
     * @param triplets triplets judged together
     * @param multipleComparisons how false discoveries were controlled, in words
     */
    public record Report(List<Verdict> verdicts, List<String> notes, int triplets, String multipleComparisons) {
    }

    /** Judges one group (Benjamini-Hochberg over its own triplets). */
    public Report assess(Group group) {
        return assess(List.of(group));
    }

    /** Judges every triplet of every group, controlling false discoveries across all of them. */
    public Report assess(List<Group> groups) {
        return assess(groups, 0);
    }

    /**
     * Judges every triplet of every group, controlling false discoveries across all of them and
     * {@code alsoTested} more triplets of the same analysis that the caller did not judge (e.g. beyond a
     * cap): those count in Benjamini-Hochberg with p = 1, which keeps the control valid (conservative) for
     * the triplets judged here.
     */
    public Report assess(List<Group> groups, int alsoTested) {
        if (alsoTested < 0) {
            throw new IllegalArgumentException("alsoTested must be non-negative, got " + alsoTested);
        }
        List<Triplet> triplets = new ArrayList<>();
        List<String> notes = new ArrayList<>();
        for (Group g : groups) {
            collect(g, triplets, notes);
        }
        int inner = triplets.size() > 1 ? 1 : threads;
        forEach(triplets, t -> t.measureD(inner));
        double[] p = new double[triplets.size() + alsoTested];
        Arrays.fill(p, 1.0);
        for (int i = 0; i < triplets.size(); i++) {
            p[i] = triplets.get(i).permutationP;
        }
        double[] q = MultipleTesting.benjaminiHochberg(p);
        int tested = 0;
        for (double v : p) {
            if (!Double.isNaN(v)) {
                tested++;
            }
        }
        List<Triplet> sharp = new ArrayList<>();
        for (int i = 0; i < triplets.size(); i++) {
            Triplet t = triplets.get(i);
            t.q = q[i];
            t.tested = tested;
            if (t.dSharp()) {
                sharp.add(t);
            }
        }
        // does the smooth partner jump too? the same statistic, where D is sharp; BH over those tests
        forEach(sharp, t -> t.measureS(inner));
        double[] ps = new double[sharp.size()];
        for (int i = 0; i < ps.length; i++) {
            ps[i] = sharp.get(i).sP;
        }
        double[] qs = MultipleTesting.benjaminiHochberg(ps);
        int sTested = 0;
        for (int i = 0; i < ps.length; i++) {
            sharp.get(i).sQ = qs[i];
            sTested += Double.isNaN(ps[i]) ? 0 : 1;
        }
        Verdict[] out = new Verdict[triplets.size()];
        forEach(triplets, t -> out[t.index] = t.decide(inner));
        String mc = String.format(Locale.ROOT, "permutation null for the emergence score of each triplet; "
                + "Benjamini-Hochberg over %d triplets at FDR %.3g", tested, fdr)
                + (alsoTested > 0 ? String.format(Locale.ROOT, " (%d of them not judged, counted with p = 1)", alsoTested) : "")
                + (sTested > 0 ? String.format(Locale.ROOT, "; the smooth partners of the %d sharp metrics tested the same way, "
                + "Benjamini-Hochberg over those %d tests", sTested, sTested) : "");
        return new Report(List.of(out), List.copyOf(notes), tested, mc);
    }

    /** Runs a job per triplet, in parallel when there are several threads (results do not depend on it). */
    private void forEach(List<Triplet> ts, java.util.function.Consumer<Triplet> job) {
        mirage.core.util.Parallel.forEachIndex(ts.size(), threads, "mirage-verdict", i -> job.accept(ts.get(i)));
    }

    private void collect(Group g, List<Triplet> triplets, List<String> notes) {
        Map<String, Series> byMetric = new LinkedHashMap<>();
        for (Series s : g.series()) {
            byMetric.put(s.key().metric(), s);
        }
        for (Series d : g.series()) {
            MetricInfo info = MetricCatalog.lookup(d.key().metric());
            if (info.smooth() || (g.targets() != null && !g.targets().contains(d.key().metric()))) {
                continue;
            }
            String where = d.key().family() + " / " + d.key().task()
                    + (d.key().labels().isEmpty() ? "" : " (" + d.key().labelText() + ")") + " / " + d.key().metric();
            if (!info.known()) {
                notes.add(where + ": unknown metric, assumed discontinuous and higher-is-better");
            }
            String partner = Routes.declaredPartner(d.key().metric(), byMetric.keySet());
            boolean declared = partner != null;
            if (partner == null && undeclaredPartners) {
                partner = Routes.undeclaredSmooth(d.key().metric(), byMetric.keySet());
            }
            if (partner == null) {
                notes.add(where + ": no smooth partner measured on the same outputs"
                        + (info.partners().isEmpty() ? "" : " (one of " + String.join(", ", info.partners()) + ")")
                        + ": no verdict");
                continue;
            }
            Triplet t = new Triplet(d, byMetric.get(partner), declared, g.items());
            t.index = triplets.size();
            triplets.add(t);
        }
    }

    private long seedFor(SeriesKey key, int purpose) {
        return MathModel.streamSeed(seed ^ key.toString().hashCode(), purpose);
    }

    /** The evidence of one triplet, computed in stages. */
    private final class Triplet {
        final Series dSeries;
        final Series sSeries;
        final boolean declared;
        final Map<String, MetricUnits.Table> items;
        final MetricInfo dInfo;
        final MetricInfo sInfo;
        final boolean hib;
        // aligned points, sorted by scale
        final String[] models;
        final double[] x;
        final double[] d;
        final double[] s;
        final MetricValue[] dv;
        final MetricValue[] sv;
        final int k;
        final long minItems;
        // D's evidence
        double es = Double.NaN;
        double eta = Double.NaN;
        double etaLo = Double.NaN;
        double etaHi = Double.NaN;
        String etaMethod = "";
        double permutationP = Double.NaN;
        double q = Double.NaN;
        int tested;
        int index;
        int inner = 1;
        // S's evidence (stage 3, where D is sharp)
        ErrorForm sForm;
        int sDomain = -1;
        boolean sLog;
        double sEta = Double.NaN;
        double sEtaLo = Double.NaN;
        double sEtaHi = Double.NaN;
        String sMethod = "";
        double sP = Double.NaN;
        double sQ = Double.NaN;

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
                if (o != null && Double.isFinite(p.y()) && Double.isFinite(o.y())) {
                    pairs.add(new Series.Point[] {p, o});
                }
            }
            int n = pairs.size();
            models = new String[n];
            x = new double[n];
            d = new double[n];
            s = new double[n];
            dv = new MetricValue[n];
            sv = new MetricValue[n];
            long mi = Long.MAX_VALUE;
            for (int i = 0; i < n; i++) {
                Series.Point[] pr = pairs.get(i);
                models[i] = pr[0].model();
                x[i] = pr[0].scale();
                d[i] = pr[0].y();
                s[i] = pr[1].y();
                dv[i] = pr[0].value();
                sv[i] = pr[1].value();
                mi = Math.min(mi, pr[0].value().n());
            }
            minItems = n == 0 ? 0 : mi;
            k = (int) Arrays.stream(x).distinct().count();
        }

        SeriesKey key() {
            return dSeries.key();
        }

        double etaOf(double[] values) {
            EmergenceScore.Result r = EmergenceScore.of(x, values, hib);
            return r.points() < 2 ? Double.NaN : r.value() / (r.points() - 1);
        }

        /** Stage 1: ES, eta and its interval, permutation p. */
        void measureD(int inner) {
            if (k < 3) {
                return;
            }
            EmergenceScore.Result r = EmergenceScore.of(x, d, hib);
            es = r.value();
            eta = es / (r.points() - 1);
            Sharpness sh = sharpness(dSeries.key().metric(), dInfo, dv, d, v -> v, hib, 1, inner);
            etaLo = sh.lo;
            etaHi = sh.hi;
            etaMethod = sh.method;
            permutationP = permutationP(d, v -> v, hib, 3);
        }

        /** Whether D passed stage 2 (sharp and significant). */
        boolean dSharp() {
            if (k < MIN_SIZES || Double.isNaN(eta)) {
                return false;
            }
            double lo = Double.isNaN(etaLo) ? eta : etaLo;
            return lo >= sharpness && q <= fdr;
        }

        /**
         * Stage 3, where D is sharp: S's error form e, taken in log when every e is positive (a power law in
         * e is then a straight line, whose steps on a log-spaced grid are equal: eta 1), judged by the same
         * statistic as D: eta, its interval and the permutation p.
         */
        void measureS(int inner) {
            String sName = sSeries.key().metric();
            sForm = ErrorForm.forMetric(sName, length());
            double[] e = new double[s.length];
            boolean positive = true;
            for (int i = 0; i < s.length; i++) {
                e[i] = sForm.toError(s[i]);
                if (!Double.isFinite(e[i])) {
                    sDomain = i;
                    return;
                }
                positive &= e[i] > 0;
            }
            sLog = positive;
            ErrorForm f = sForm;
            boolean lg = positive;
            java.util.function.DoubleUnaryOperator z = v -> {
                double ee = f.toError(v);
                return lg ? (ee > 0 ? Math.log(ee) : Double.NaN) : ee;
            };
            double[] zs = new double[s.length];
            for (int i = 0; i < s.length; i++) {
                zs[i] = z.applyAsDouble(s[i]);
            }
            EmergenceScore.Result r = EmergenceScore.of(x, zs, false);
            if (r.points() < 3) {
                return;
            }
            sEta = r.value() / (r.points() - 1);
            Sharpness sh = sharpness(sName, sInfo, sv, s, z, false, 6, inner);
            sEtaLo = sh.lo;
            sEtaHi = sh.hi;
            sMethod = sh.method;
            sP = permutationP(s, z, false, 8);
        }

        /** eta of a transformed series over the triplet's scales (NaN when undefined). */
        double etaOfZ(double[] values, java.util.function.DoubleUnaryOperator z, boolean higher) {
            double[] zs = new double[values.length];
            for (int i = 0; i < zs.length; i++) {
                zs[i] = z.applyAsDouble(values[i]);
                if (Double.isNaN(zs[i])) {
                    return Double.NaN;
                }
            }
            EmergenceScore.Result r = EmergenceScore.of(x, zs, higher);
            return r.points() < 2 ? Double.NaN : r.value() / (r.points() - 1);
        }

        /** eta's interval for one metric's points (paired items when its table is given, else per point draws). */
        private Sharpness sharpness(String metric, MetricInfo info, MetricValue[] vals, double[] ys,
                                    java.util.function.DoubleUnaryOperator z, boolean higher, int purpose, int inner) {
            double[] reps = null;
            String method;
            MetricUnits.Table table = items.get(metric);
            PairedUnits pu = table == null ? null : select(table, models);
            if (pu != null) {
                method = "paired items (" + pu.units() + " units, " + resamples + " resamples, percentile)";
                Bootstrap.Result br = Bootstrap.create().withResamples(resamples).withSeed(seedFor(key(), purpose))
                        .withThreads(inner).run(pu, v -> new double[] {etaOfZ(v, z, higher)});
                reps = new double[resamples];
                for (int b = 0; b < resamples; b++) {
                    reps[b] = br.replicates()[b][0];
                }
            } else {
                PointUncertainty[] u = new PointUncertainty[ys.length];
                int known = 0;
                for (int i = 0; i < ys.length; i++) {
                    u[i] = PointUncertainty.of(info, vals[i]);
                    known += u[i].known() ? 1 : 0;
                }
                if (known == 0) {
                    method = "none: no uncertainty known for " + metric + "'s points";
                } else {
                    method = "per point (" + resamples + " draws: Jeffreys posterior for counts, normal with the standard error otherwise"
                            + (known < ys.length ? "; " + (ys.length - known) + " points fixed" : "") + ")";
                    reps = new double[resamples];
                    long base = seedFor(key(), purpose + 1);
                    double[] y = new double[ys.length];
                    for (int b = 0; b < resamples; b++) {
                        RandomDataGenerator rng = new RandomDataGenerator(MathModel.streamSeed(base, b));
                        for (int i = 0; i < y.length; i++) {
                            y[i] = u[i].draw(rng);
                        }
                        reps[b] = etaOfZ(y, z, higher);
                    }
                }
            }
            double lo = Double.NaN;
            double hi = Double.NaN;
            if (reps != null) {
                double[] ok = Arrays.stream(reps).filter(v -> !Double.isNaN(v)).sorted().toArray();
                if (ok.length >= 2) {
                    double a = 1 - confidence;
                    lo = Quantiles.sorted(ok, a / 2);
                    hi = Quantiles.sorted(ok, 1 - a / 2);
                }
            }
            return new Sharpness(lo, hi, method);
        }

        /** Share of orders of the (scale-merged, transformed) values whose ES is at least the observed one. */
        private double permutationP(double[] ys, java.util.function.DoubleUnaryOperator z, boolean higher, int purpose) {
            double[] zs = new double[ys.length];
            for (int i = 0; i < zs.length; i++) {
                zs[i] = z.applyAsDouble(ys[i]);
            }
            double[][] merged = merge(x, zs);
            double[] uy = merged[1];
            int m = uy.length;
            if (m < 3) {
                return Double.NaN;
            }
            double[] work = new double[m];
            double obs = EmergenceScore.ofSorted(uy, higher, work);
            double obsRise = netRise(uy, higher);
            long count = 0;
            long total = 0;
            double[] perm = new double[m];
            if (m <= 8) {
                int[] idx = new int[m];
                for (int i = 0; i < m; i++) {
                    idx[i] = i;
                }
                // Heap's algorithm over all m! orders
                int[] c = new int[m];
                for (int i = 0; i < m; i++) {
                    perm[i] = uy[idx[i]];
                }
                total++;
                count += atLeast(perm, obs, obsRise, higher, work) ? 1 : 0;
                int i = 0;
                while (i < m) {
                    if (c[i] < i) {
                        int j = i % 2 == 0 ? 0 : c[i];
                        double tmp = perm[j];
                        perm[j] = perm[i];
                        perm[i] = tmp;
                        total++;
                        count += atLeast(perm, obs, obsRise, higher, work) ? 1 : 0;
                        c[i]++;
                        i = 0;
                    } else {
                        c[i] = 0;
                        i++;
                    }
                }
            } else {
                SplittableRandom r = new SplittableRandom(seedFor(key(), purpose));
                System.arraycopy(uy, 0, perm, 0, m);
                total = permutations + 1L;
                count = 1; // the observed order
                for (int b = 0; b < permutations; b++) {
                    for (int zz = m - 1; zz > 0; zz--) {
                        int j = r.nextInt(zz + 1);
                        double tmp = perm[zz];
                        perm[zz] = perm[j];
                        perm[j] = tmp;
                    }
                    count += atLeast(perm, obs, obsRise, higher, work) ? 1 : 0;
                }
            }
            return (double) count / total;
        }

        /**
         * Whether an order is at least as extreme as the observed one: a larger ES, or an equal ES (typically
         * +inf for step-like curves) with at least the same net rise.
         */
        private boolean atLeast(double[] perm, double obs, double obsRise, boolean higher, double[] work) {
            double e = EmergenceScore.ofSorted(perm, higher, work);
            return e > obs || (e == obs && netRise(perm, higher) >= obsRise);
        }

        /** Net improvement from first to last point over the total variation (1 for a monotone rise). */
        private double netRise(double[] y, boolean higher) {
            double tv = 0;
            for (int i = 1; i < y.length; i++) {
                tv += Math.abs(y[i] - y[i - 1]);
            }
            double net = (higher ? 1 : -1) * (y[y.length - 1] - y[0]);
            return tv == 0 ? 0 : net / tv;
        }

        Verdict verdict(Verdict.Kind kind, String explanation, Evidence ev, long itemsNeeded, String sizesNeeded) {
            SeriesKey kk = key();
            return new Verdict(kk.family(), kk.task(), kk.labels(), kk.metric(), sSeries.key().metric(), declared, kind, k,
                    x.length == 0 ? Double.NaN : x[0], x.length == 0 ? Double.NaN : x[x.length - 1], minItems, es, eta, etaLo,
                    etaHi, etaMethod, permutationP, q, tested, sEta, sEtaLo, sEtaHi, sP, sQ, ev.misfit, ev.lofP, ev.noise, ev.form, ev.link,
                    ev.discrepancy, ev.explains, ev.confirmable, itemsNeeded, sizesNeeded, explanation);
        }

        /** Stages 2-4 and the decision. */
        Verdict decide(int inner) {
            this.inner = inner;
            Evidence ev = new Evidence();
            String dName = dSeries.key().metric();
            String sName = sSeries.key().metric();
            if (k < MIN_SIZES) {
                return verdict(Verdict.Kind.UNRESOLVED, String.format(Locale.ROOT,
                        "%d sizes with both %s and %s; the rule needs at least %d: add models", k, dName, sName, MIN_SIZES),
                        ev, 0, "at least " + MIN_SIZES + " sizes with both metrics (have " + k + ")");
            }
            double dMin = Arrays.stream(d).min().orElseThrow();
            double dMax = Arrays.stream(d).max().orElseThrow();
            if (dMax == dMin) {
                long need = flatItems(ev);
                return verdict(Verdict.Kind.UNRESOLVED, String.format(Locale.ROOT,
                        "%s is %s at every size: no transition to judge%s", dName, fmt(dMin),
                        need > 0 ? "; about " + need + " items per size would resolve the smooth route's prediction at the largest size" : ""),
                        ev, need, "");
            }
            boolean noInterval = Double.isNaN(etaLo);
            double lo = noInterval ? eta : etaLo;
            double hi = noInterval ? eta : etaHi;
            if (hi < sharpness) {
                return verdict(Verdict.Kind.SMOOTH, String.format(Locale.ROOT,
                        "no sharp transition under %s: eta = %s [%s, %s] < %s (change spread over the steps)",
                        dName, fmt(eta), fmt(lo), fmt(hi), fmt(sharpness)), ev, 0, "");
            }
            boolean significant = q <= fdr;
            if (!(lo >= sharpness) || !significant) {
                return unresolvedSharpness(ev, lo, hi, significant);
            }
            // D is sharp: does S jump too? (measureS ran: the same statistic on S's error form in log)
            ErrorForm form = sForm != null ? sForm : ErrorForm.forMetric(sName, length());
            ev.form = form.describe(sName);
            if (sDomain >= 0) {
                return verdict(Verdict.Kind.UNRESOLVED, String.format(Locale.ROOT,
                        "%s = %s at %s is outside the domain of %s: cannot judge its shape", sName, fmt(s[sDomain]),
                        fmt(x[sDomain]), ev.form), ev, 0, "");
            }
            // the power law with an irreducible term: evidence, and the route's first step
            double[] e = new double[s.length];
            double[] se = new double[s.length];
            boolean seKnown = true;
            for (int i = 0; i < s.length; i++) {
                e[i] = form.toError(s[i]);
                PointUncertainty pu = PointUncertainty.of(sInfo, sv[i]);
                se[i] = form.errorSe(s[i], pu.standardError());
                if (!(se[i] > 0) || !Double.isFinite(se[i])) {
                    seKnown = false;
                }
            }
            FitResult sFit = null;
            String fitError = "";
            try {
                sFit = PowerLawFit.create().fit(x, e, seKnown ? se : null);
            } catch (RuntimeException ex) {
                fitError = oneLine(ex);
            }
            double eMin = Arrays.stream(e).min().orElseThrow();
            double eMax = Arrays.stream(e).max().orElseThrow();
            double eRange = eMax - eMin;
            if (sFit != null) {
                double maxRes = 0;
                double chi2 = 0;
                for (int i = 0; i < e.length; i++) {
                    double r = e[i] - sFit.predict(x[i]);
                    maxRes = Math.max(maxRes, Math.abs(r));
                    if (seKnown) {
                        chi2 += (r / se[i]) * (r / se[i]);
                    }
                }
                ev.misfit = eRange > 0 ? maxRes / eRange : 0;
                int dof = e.length - sFit.theta().length;
                ev.lofP = seKnown && dof >= 1 ? 1 - new ChiSquaredDistribution(dof).cumulativeProbability(chi2) : Double.NaN;
            }
            if (seKnown && eRange > 0) {
                double[] ss = se.clone();
                Arrays.sort(ss);
                ev.noise = (ss.length % 2 == 1 ? ss[ss.length / 2] : (ss[ss.length / 2 - 1] + ss[ss.length / 2]) / 2) / eRange;
            }
            boolean sNoInterval = Double.isNaN(sEtaLo);
            double sLo = sNoInterval ? sEta : sEtaLo;
            double sHi = sNoInterval ? sEta : sEtaHi;
            String zName = (sLog ? "ln e" : "e") + ", " + ev.form;
            if (Double.isNaN(sEta)) {
                return verdict(Verdict.Kind.UNRESOLVED, String.format(Locale.ROOT,
                        "%s is sharp (eta = %s) but the shape of %s cannot be judged (%s)", dName, fmt(eta), sName, zName),
                        ev, 0, "");
            }
            if (sLo >= sharpness && sQ <= fdr) {
                return verdict(Verdict.Kind.EMERGENT, String.format(Locale.ROOT,
                        "%s jumps too: eta = %s [%s, %s] >= %s on %s (q = %.2g), as sharp as %s (eta = %s), so the sharp "
                        + "rise is not made by the metric%s", sName, fmt(sEta), fmt(sLo), fmt(sHi), fmt(sharpness), zName, sQ,
                        dName, fmt(eta), Double.isNaN(ev.misfit) ? ""
                                : String.format(Locale.ROOT, "; its smooth power law misses by %s of its range", pct(ev.misfit))),
                        ev, 0, "");
            }
            if (!(sHi < sharpness)) {
                long need = scaleItems(minSItems(), sNoInterval || sHi - sLo <= 0 ? 2
                        : (sHi - sLo) / (2 * Math.max(1e-9, Math.abs(sEta - sharpness))));
                String why = sLo >= sharpness
                        ? String.format(Locale.ROOT, "not significant against the permutation null (p = %.3g, q = %.3g)", sP, sQ)
                        : String.format(Locale.ROOT, "its interval [%s, %s] straddles %s", fmt(sLo), fmt(sHi), fmt(sharpness));
                return verdict(Verdict.Kind.UNRESOLVED, String.format(Locale.ROOT,
                        "%s is sharp (eta = %s) but whether %s jumps too cannot be told: eta = %s on %s, %s%s", dName,
                        fmt(eta), sName, fmt(sEta), zName, why,
                        need > 0 ? "; about " + need + " items per size would narrow it" : ""), ev, need, "");
            }
            if (sFit == null) {
                return verdict(Verdict.Kind.UNRESOLVED, dName + " is sharp and " + sName + " smooth (eta = " + fmt(sEta)
                        + "), but the smooth power law of " + sName + " could not be fitted: " + fitError, ev, 0, "");
            }
            boolean notPowerLaw = ev.misfit >= jumpMisfit && (!seKnown || ev.lofP < lofAlpha);
            // S is smooth: does the composed route explain D, where it matters?
            Composition c = compose(form, sFit, ev);
            if (c == null) {
                return verdict(Verdict.Kind.UNRESOLVED, dName + " is sharp and " + sName + " smooth, but the composed route "
                        + "could not be fitted: " + ev.composeError, ev, 0, "");
            }
            if (!c.explains) {
                int w = c.worst;
                String why = notPowerLaw
                        ? String.format(Locale.ROOT, ": %s changes smoothly (eta = %s) but is not a power law with an "
                        + "irreducible term (misfit %s of its range%s), so the composed route cannot be trusted to tell",
                        sName, fmt(sEta), pct(ev.misfit), seKnown ? String.format(Locale.ROOT, ", lack of fit p = %.2g", ev.lofP) : "")
                        : String.format(Locale.ROOT, ": %s moves beyond what %s implies (dependent errors, or an ability %s "
                        + "misses)", dName, sName, sName);
                return verdict(Verdict.Kind.UNRESOLVED, String.format(Locale.ROOT,
                        "%s is sharp (eta = %s) and %s smooth (eta = %s), but the composed route (%s) does not explain %s at %s "
                        + "(observed %s, route %s [%s, %s])%s", dName, fmt(eta), sName, fmt(sEta), ev.link, dName, fmt(x[w]),
                        fmt(d[w]), fmt(c.pred[w]), fmt(c.lo[w]), fmt(c.hi[w]), why), ev, 0, "");
            }
            Resolution res = resolution(c);
            ev.confirmable = res.confirmable;
            if (!res.confirmable) {
                return verdict(Verdict.Kind.UNRESOLVED, String.format(Locale.ROOT,
                        "%s is sharp (eta = %s), %s smooth and the composed route (%s) is consistent, but where %s looks "
                        + "absent the route predicts %s at %s, below what %d items can see: about %d items per size would "
                        + "tell a small smooth rise from a true zero", dName, fmt(eta), sName, ev.link, dName,
                        fmt(c.pred[res.cheapest]), fmt(x[res.cheapest]), itemsAt(res.cheapest), res.itemsNeeded),
                        ev, res.itemsNeeded, "");
            }
            String seen = res.witness >= 0
                    ? String.format(Locale.ROOT, "and the test set sees its small values above the floor at %s", fmt(x[res.witness]))
                    : "where " + dName + " reads its floor the route predicts it there too";
            return verdict(Verdict.Kind.MIRAGE, String.format(Locale.ROOT,
                    "sharp under %s (eta = %s, q = %.2g) but %s is smooth (eta = %s [%s, %s] on its error in log; power-law "
                    + "misfit %s of its range) and the composed route %s explains every point (largest gap %s of the range); "
                    + "%s: the jump is made by the metric", dName, fmt(eta), q, sName, fmt(sEta), fmt(sLo), fmt(sHi),
                    pct(ev.misfit), ev.link, pct(ev.discrepancy), seen), ev, 0, "");
        }

        private Verdict unresolvedSharpness(Evidence ev, double lo, double hi, boolean significant) {
            String dName = dSeries.key().metric();
            int[] step = largestStep();
            String between = String.format(Locale.ROOT, "between %s and %s (where %s goes from %s to %s)", fmt(x[step[0]]),
                    fmt(x[step[1]]), dName, fmt(d[step[0]]), fmt(d[step[1]]));
            long[] zeros = zeroResolution(ev);
            String zeroText = zeros == null ? "" : String.format(Locale.ROOT,
                    "; %d of its points read %s with as few as %d items (below resolution): about %d items per size would "
                    + "see the smooth route's %s at %s", zeros[2], fmt(floor()), minItems, zeros[0], fmt(Double.longBitsToDouble(zeros[3])),
                    fmt(x[(int) zeros[1]]));
            if (!significant) {
                double minP = k <= 8 ? 1.0 / factorial(k) : 1.0 / (permutations + 1);
                String why = String.format(Locale.ROOT, "its emergence score is not significant against the permutation null "
                        + "(p = %.3g, q = %.3g after Benjamini-Hochberg over %d triplets)", permutationP, q, tested);
                if (minP * tested > fdr) {
                    why += String.format(Locale.ROOT, "; with %d sizes p cannot go below 1/%d! = %.3g", k, k, minP);
                }
                return verdict(Verdict.Kind.UNRESOLVED, dName + " may look sharp (eta = " + fmt(eta) + ") but " + why
                        + zeroText + "; more sizes " + between + " would also help", ev, zeros == null ? 0 : zeros[0],
                        "more sizes " + between);
            }
            double half = Math.abs(eta - sharpness);
            double width = hi - lo;
            double factor = half > 0 && Double.isFinite(width) ? width / (2 * half) : 2;
            long need = zeros != null ? zeros[0] : scaleItems(minItems, factor);
            return verdict(Verdict.Kind.UNRESOLVED, String.format(Locale.ROOT,
                    "%s's sharpness is not resolved: eta = %s with interval [%s, %s] around the threshold %s%s; sizes %s "
                    + "would show whether the change is gradual", dName, fmt(eta), fmt(lo), fmt(hi), fmt(sharpness),
                    zeros != null ? zeroText : need > 0 ? "; about " + need + " items per size would narrow it" : "", between),
                    ev, need, "sizes " + between);
        }

        /**
         * When some of D's points are counts of 0 (at the floor, below resolution): {items per size to see
         * the smooth route's prediction at the cheapest of them, its index, how many such points, the
         * prediction as double bits}; null when no point reads 0 or no prediction can be made.
         */
        private long[] zeroResolution(Evidence ev) {
            double f = floor();
            int zeroCount = 0;
            for (int i = 0; i < d.length; i++) {
                if (d[i] == f && PointUncertainty.of(dInfo, dv[i]).kind() == PointUncertainty.Kind.BINOMIAL) {
                    zeroCount++;
                }
            }
            if (zeroCount == 0 || !dInfo.proportion()) {
                return null;
            }
            double[] pred;
            try {
                String sName = sSeries.key().metric();
                ErrorForm form = ErrorForm.forMetric(sName, length());
                Link link = Routes.link(dSeries.key().metric(), sName, form, length(), chance());
                ComposedRoute.Fit fit = ComposedRoute.create().fit(x, s, null, form, link, d);
                pred = new double[x.length];
                for (int i = 0; i < x.length; i++) {
                    pred[i] = fit.target(x[i]);
                }
            } catch (RuntimeException ex) {
                return null;
            }
            long best = Long.MAX_VALUE;
            int at = -1;
            for (int i = 0; i < d.length; i++) {
                if (d[i] != f) {
                    continue;
                }
                double rate = pred[i] / dInfo.scale();
                double fl = f / dInfo.scale();
                if (!(rate > 0 && rate < 1) || (hib ? rate <= fl : rate >= fl)) {
                    continue;
                }
                long need = SampleSize.toDistinguish(rate, fl, 0.05, power).items();
                if (need > dv[i].n() && need <= MAX_ITEMS && need < best) {
                    best = need;
                    at = i;
                }
            }
            return at < 0 ? null : new long[] {best, at, zeroCount, Double.doubleToLongBits(pred[at])};
        }

        /** Index pair (i, i+1) of D's largest oriented step. */
        int[] largestStep() {
            int best = 0;
            double bestStep = Double.NEGATIVE_INFINITY;
            for (int i = 0; i + 1 < d.length; i++) {
                double st = (hib ? 1 : -1) * (d[i + 1] - d[i]);
                if (st > bestStep) {
                    bestStep = st;
                    best = i;
                }
            }
            return new int[] {best, Math.min(best + 1, d.length - 1)};
        }

        double length() {
            return Routes.length(dSeries.key().labels());
        }

        /** D's chance level (mean over points), NaN when none or when a measured value lies below it. */
        double chance() {
            double sum = 0;
            int n = 0;
            for (MetricValue v : dv) {
                if (Double.isFinite(v.chance())) {
                    sum += v.chance();
                    n++;
                }
            }
            if (n == 0) {
                return Double.NaN;
            }
            double c = sum / n;
            for (double y : d) {
                if (hib ? y < c * dInfo.scale() : y > c * dInfo.scale()) {
                    return Double.NaN; // below chance (e.g. a multiple-choice grade of 0): the floor is the range's end
                }
            }
            return c;
        }

        /** D's floor: its chance level, else the worst value of its range (0 for higher-is-better shares). */
        double floor() {
            double c = chance();
            if (Double.isFinite(c)) {
                return c * dInfo.scale();
            }
            return hib ? 0 : dInfo.scale();
        }

        long minSItems() {
            long m = Long.MAX_VALUE;
            for (MetricValue v : sv) {
                m = Math.min(m, v.n());
            }
            return m == Long.MAX_VALUE ? 0 : m;
        }

        long itemsAt(int i) {
            return dv[i].n();
        }

        /** The composed route's prediction of D at every point, with intervals. */
        private Composition compose(ErrorForm form, FitResult sFit, Evidence ev) {
            String dName = dSeries.key().metric();
            String sName = sSeries.key().metric();
            double len = length();
            Link exact = Routes.link(dName, sName, form, len, chance());
            Composition c = composeWith(form, exact, ev);
            if (c != null && !c.explains && exact.exact()) {
                Link fitted = exact instanceof Link.ExactPower ? new Link.EffectiveLength(Double.NaN)
                        : Link.Logistic.between(Math.min(exact.apply(0), exact.apply(50)), Math.max(exact.apply(0), exact.apply(50)));
                Composition f = composeWith(form, fitted, ev);
                if (f != null && f.explains) {
                    ev.link = f.link.describe() + " (the closed form " + exact.describe() + " did not explain it)";
                    ev.discrepancy = f.discrepancy;
                    ev.explains = true;
                    return f;
                }
            }
            if (c != null) {
                ev.link = c.link.describe();
                ev.discrepancy = c.discrepancy;
                ev.explains = c.explains;
            }
            return c;
        }

        private Composition composeWith(ErrorForm form, Link template, Evidence ev) {
            ComposedRoute route = ComposedRoute.create();
            ComposedRoute.Fit fit;
            try {
                fit = route.fit(x, s, null, form, template, d);
            } catch (RuntimeException ex) {
                ev.composeError = oneLine(ex);
                return null;
            }
            int n = x.length;
            double[] pred = new double[n];
            for (int i = 0; i < n; i++) {
                pred[i] = fit.target(x[i]);
            }
            double[][] reps = routeReplicates(form, template);
            double[] lo = new double[n];
            double[] hi = new double[n];
            // every point is checked: Bonferroni over the n points, so one miss in n is not a chance event
            double a = (1 - confidence) / n;
            double pointConfidence = 1 - a;
            for (int i = 0; i < n; i++) {
                final int ii = i;
                double[] col = reps == null ? new double[0]
                        : Arrays.stream(reps).filter(r -> r != null && !Double.isNaN(r[ii])).mapToDouble(r -> r[ii]).sorted().toArray();
                if (col.length >= 2) {
                    lo[i] = Math.min(pred[i], Quantiles.sorted(col, a / 2));
                    hi[i] = Math.max(pred[i], Quantiles.sorted(col, 1 - a / 2));
                } else {
                    Interval iv = fit.targetDelta(x[i], pointConfidence);
                    lo[i] = iv.lower();
                    hi[i] = iv.upper();
                }
            }
            double range = Arrays.stream(d).max().orElseThrow() - Arrays.stream(d).min().orElseThrow();
            boolean all = true;
            double worstGap = -1;
            int worst = 0;
            double disc = 0;
            for (int i = 0; i < n; i++) {
                double gap = Math.abs(d[i] - pred[i]);
                disc = Math.max(disc, range > 0 ? gap / range : 0);
                Interval own = PointUncertainty.of(dInfo, dv[i]).interval(pointConfidence);
                boolean ok = gap <= tolerance * range || (own.lower() <= hi[i] && lo[i] <= own.upper());
                if (!ok) {
                    all = false;
                    if (gap > worstGap) {
                        worstGap = gap;
                        worst = i;
                    }
                }
            }
            return new Composition(fit.link(), pred, lo, hi, all, disc, worst);
        }

        /** Resampled predictions of the composed route at every point (paired items when both tables are given). */
        private double[][] routeReplicates(ErrorForm form, Link template) {
            int n = x.length;
            ComposedRoute route = ComposedRoute.create().withPowerLaw(PowerLawFit.create().withMaxIterations(300));
            MetricUnits.Table sT = items.get(sSeries.key().metric());
            MetricUnits.Table dT = items.get(dSeries.key().metric());
            PairedUnits joint = sT != null && dT != null ? joint(sT, dT, models) : null;
            if (joint != null) {
                Bootstrap.Result r = Bootstrap.create().withResamples(fitResamples).withSeed(seedFor(key(), 4)).withThreads(inner)
                        .run(joint, v -> {
                            double[] out = new double[n];
                            try {
                                ComposedRoute.Fit f = route.fit(x, Arrays.copyOfRange(v, 0, n), null, form, template,
                                        Arrays.copyOfRange(v, n, 2 * n));
                                for (int i = 0; i < n; i++) {
                                    out[i] = f.target(x[i]);
                                }
                            } catch (RuntimeException ex) {
                                Arrays.fill(out, Double.NaN);
                            }
                            return out;
                        });
                return r.replicates();
            }
            PointUncertainty[] us = new PointUncertainty[n];
            PointUncertainty[] ud = new PointUncertainty[n];
            int known = 0;
            for (int i = 0; i < n; i++) {
                us[i] = PointUncertainty.of(sInfo, sv[i]);
                ud[i] = PointUncertainty.of(dInfo, dv[i]);
                known += (us[i].known() ? 1 : 0) + (template.exact() ? 0 : ud[i].known() ? 1 : 0);
            }
            if (known == 0) {
                return null;
            }
            double[][] out = new double[fitResamples][];
            long base = seedFor(key(), 5);
            for (int b = 0; b < fitResamples; b++) {
                RandomDataGenerator rng = new RandomDataGenerator(MathModel.streamSeed(base, b));
                double[] ss = new double[n];
                double[] dd = new double[n];
                for (int i = 0; i < n; i++) {
                    ss[i] = us[i].draw(rng);
                    dd[i] = ud[i].draw(rng);
                }
                try {
                    ComposedRoute.Fit f = route.fit(x, ss, null, form, template, dd);
                    double[] r = new double[n];
                    for (int i = 0; i < n; i++) {
                        r[i] = f.target(x[i]);
                    }
                    out[b] = r;
                } catch (RuntimeException ex) {
                    out[b] = null;
                }
            }
            return out;
        }

        /** Whether the test set resolves the composed prediction where D looks absent. */
        private Resolution resolution(Composition c) {
            double f = floor();
            int[] step = largestStep();
            double top = Double.NEGATIVE_INFINITY;
            for (double p : c.pred) {
                top = Math.max(top, hib ? p - f : f - p);
            }
            long cheapestNeed = Long.MAX_VALUE;
            int cheapest = -1;
            boolean any = false;
            for (int i = 0; i <= step[0]; i++) {
                double above = hib ? c.pred[i] - f : f - c.pred[i];
                if (above > nearFloor * top) {
                    continue; // not where D looks absent
                }
                any = true;
                boolean resolved;
                long need;
                PointUncertainty pu = PointUncertainty.of(dInfo, dv[i]);
                if (pu.kind() == PointUncertainty.Kind.BINOMIAL) {
                    double rate = c.pred[i] / dInfo.scale();
                    double fl = f / dInfo.scale();
                    if (!(rate > 0 && rate < 1) || rate == fl || (hib ? rate < fl : rate > fl)) {
                        need = Long.MAX_VALUE;
                    } else {
                        need = SampleSize.toDistinguish(rate, fl, 0.05, power).items();
                    }
                    if (need > MAX_ITEMS) {
                        continue; // the route itself predicts (practically) nothing here: a zero agrees with it
                    }
                    resolved = dv[i].n() >= need;
                } else {
                    Interval own = pu.interval(confidence);
                    resolved = hib ? own.lower() > f : own.upper() < f;
                    need = Long.MAX_VALUE;
                }
                if (resolved) {
                    return new Resolution(true, 0, i, i);
                }
                if (need < cheapestNeed) {
                    cheapestNeed = need;
                    cheapest = i;
                }
            }
            if (!any || cheapest < 0) {
                // nothing near the floor that any realistic test set could resolve: the route predicts the
                // absence too, so there is nothing for more items to confirm
                return new Resolution(true, 0, -1, -1);
            }
            return new Resolution(false, cheapestNeed == Long.MAX_VALUE ? 0 : cheapestNeed, cheapest < 0 ? 0 : cheapest, -1);
        }

        /** Items to see the smooth route's prediction at the largest size when D is flat (0 when unknown). */
        private long flatItems(Evidence ev) {
            try {
                String sName = sSeries.key().metric();
                ErrorForm form = ErrorForm.forMetric(sName, length());
                ev.form = form.describe(sName);
                Link link = Routes.link(dSeries.key().metric(), sName, form, length(), chance());
                if (!link.exact()) {
                    return 0;
                }
                ComposedRoute.Fit fit = ComposedRoute.create().fit(x, s, null, form, link, d);
                double p = fit.target(x[x.length - 1]) / dInfo.scale();
                double fl = floor() / dInfo.scale();
                ev.link = link.describe();
                if (!dInfo.proportion() || !(p > 0 && p < 1) || p == fl) {
                    return 0;
                }
                return SampleSize.toDistinguish(p, fl, 0.05, power).items();
            } catch (RuntimeException ex) {
                return 0;
            }
        }
    }

    /** S-side and composition evidence, filled as far as the decision got. */
    private static final class Evidence {
        double misfit = Double.NaN;
        double lofP = Double.NaN;
        double noise = Double.NaN;
        String form = "";
        String link = "";
        double discrepancy = Double.NaN;
        boolean explains;
        boolean confirmable;
        String composeError = "";
    }

    private record Composition(Link link, double[] pred, double[] lo, double[] hi, boolean explains, double discrepancy,
                               int worst) {
    }

    private record Sharpness(double lo, double hi, String method) {
    }

    private record Resolution(boolean confirmable, long itemsNeeded, int cheapest, int witness) {
    }

    /** Merges points at equal scales by their mean (as {@link EmergenceScore}); returns {x, y} sorted. */
    static double[][] merge(double[] x, double[] y) {
        Integer[] o = new Integer[x.length];
        for (int i = 0; i < o.length; i++) {
            o[i] = i;
        }
        Arrays.sort(o, (a, b) -> Double.compare(x[a], x[b]));
        List<double[]> out = new ArrayList<>();
        for (int i = 0; i < o.length; ) {
            int j = i;
            double sum = 0;
            while (j < o.length && x[o[j]] == x[o[i]]) {
                sum += y[o[j]];
                j++;
            }
            out.add(new double[] {x[o[i]], sum / (j - i)});
            i = j;
        }
        double[][] r = new double[2][out.size()];
        for (int i = 0; i < out.size(); i++) {
            r[0][i] = out.get(i)[0];
            r[1][i] = out.get(i)[1];
        }
        return r;
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
     * S's and D's statistics side by side (S's models first) on the same units, or null when the units
     * differ (e.g. D is a subset metric over groups) or a model is missing.
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

    private static long scaleItems(long n, double factor) {
        if (n <= 0 || !Double.isFinite(factor) || factor <= 0) {
            return 0;
        }
        double need = Math.ceil(n * factor * factor);
        return need > 1e12 ? 0 : (long) Math.max(need, n + 1);
    }

    private static long factorial(int k) {
        long f = 1;
        for (int i = 2; i <= k; i++) {
            f *= i;
        }
        return f;
    }

    static String fmt(double v) {
        if (Double.isNaN(v)) {
            return "n/a";
        }
        if (Double.isInfinite(v)) {
            return v > 0 ? "inf" : "-inf";
        }
        return String.format(Locale.ROOT, "%.3g", v);
    }

    static String pct(double v) {
        return Double.isNaN(v) ? "n/a" : String.format(Locale.ROOT, "%.1f%%", 100 * v);
    }

    private static String oneLine(Throwable e) {
        String m = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
        return m.replaceAll("\\s*[\\r\\n]+\\s*", " ");
    }
}

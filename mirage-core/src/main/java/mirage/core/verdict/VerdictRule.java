package mirage.core.verdict;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import mirage.core.analysis.CurveShape;
import mirage.core.analysis.Series;
import mirage.core.fit.ErrorForm;
import mirage.core.fit.Partners;
import mirage.core.metric.MetricCatalog;
import mirage.core.metric.MetricInfo;
import mirage.core.metric.MetricUnits;
import mirage.core.stats.MultipleTesting;
import mirage.core.util.Parallel;

/**
 * The verdict rule: for each (family, task, labels) and each discontinuous metric D with a smooth partner S on
 * the same outputs, decides {@code emergent}, {@code mirage}, {@code smooth} or {@code unresolved} with all of
 * its evidence ({@link Verdict}). docs/ANALYSIS.md ("The verdict") gives the rule and why; its parts:
 * <ul>
 *   <li>{@link Sharpness}: D's shape and sharpness {@code eta = ES/(k-1)} with an interval and one-sided tests
 *       of eta against tau from the item bootstrap (or per-point draws);</li>
 *   <li>{@link PartnerTrend}: does S, on its error scale, jump where D jumps (its excess over the trend of the
 *       two sizes before), with an interval and one-sided tests;</li>
 *   <li>{@link Composition}: does S's power law composed through D's nonlinearity reproduce D;</li>
 *   <li>{@link ResolutionCheck}: are D's zeros below the test set's resolution;</li>
 *   <li>{@link Decision}: the decision from those facts, after Benjamini-Hochberg over every triplet judged
 *       together for each family of one-sided tests;</li>
 *   <li>{@link VerdictText}: the explanation.</li>
 * </ul>
 * Every piece of evidence is computed for every triplet whatever any one test says. Immutable; seeded from
 * {@link VerdictConfig#seed()} and each triplet's key, so a verdict does not depend on the other triplets'
 * order or on the thread count (only the Benjamini-Hochberg q-values depend on the set judged together).
 */
public final class VerdictRule {
    private final VerdictConfig config;

    private VerdictRule(VerdictConfig config) {
        this.config = config;
    }

    public static VerdictRule create() {
        return new VerdictRule(VerdictConfig.defaults());
    }

    public static VerdictRule of(VerdictConfig config) {
        return new VerdictRule(config);
    }

    public VerdictConfig config() {
        return config;
    }

    public VerdictRule withSeed(long s) {
        return new VerdictRule(config.withSeed(s));
    }

    public VerdictRule withThreads(int t) {
        return new VerdictRule(config.withThreads(t));
    }

    public VerdictRule withResamples(int evidence, int route) {
        return new VerdictRule(config.withResamples(evidence, route));
    }

    public VerdictRule withUndeclaredPartners(boolean allow) {
        return new VerdictRule(config.withUndeclaredPartners(allow));
    }

    /**
     * The series of one (family, task, labels) for all metrics, with per-item data where available.
     *
     * @param series the curves (same family, task and labels)
     * @param items per metric name, the per-unit statistics of the family's models ({@link MetricUnits#of}); may be empty
     * @param targets the discontinuous metrics to judge (null: every one of the series)
     */
    public record Group(List<Series> series, Map<String, MetricUnits.Table> items, Set<String> targets) {
        public Group {
            series = List.copyOf(series);
            items = items == null ? Map.of() : Map.copyOf(items);
            targets = targets == null ? null : Set.copyOf(targets);
        }

        public Group(List<Series> series, Map<String, MetricUnits.Table> items) {
            this(series, items, null);
        }

        public static Group of(List<Series> series) {
            return new Group(series, Map.of());
        }
    }

    /**
     * @param verdicts one per triplet, in the order the groups and their metrics were given
     * @param notes discontinuous metrics without a partner, and other things a reader should know
     * @param triplets triplets judged together (plus those counted with p = 1)
     * @param multipleComparisons how false discoveries were controlled, in words
     */
    public record Report(List<Verdict> verdicts, List<String> notes, int triplets, String multipleComparisons) {
    }

    public Report assess(Group group) {
        return assess(List.of(group));
    }

    public Report assess(List<Group> groups) {
        return assess(groups, 0);
    }

    /** The evidence of one triplet while it is judged. */
    private static final class Judged {
        final Triplet t;
        Sharpness.Data d;
        PartnerTrend.Data s;
        Composition.Data route;
        ResolutionCheck.Data res;
        long flatNeed;
        double sharpQ = Double.NaN;
        double smoothQ = Double.NaN;
        double jumpQ = Double.NaN;
        double noJumpQ = Double.NaN;

        Judged(Triplet t) {
            this.t = t;
        }
    }

    /**
     * Judges every triplet of every group, controlling false discoveries across all of them and {@code alsoTested}
     * more triplets of the same analysis that were not judged (e.g. beyond a cap): those count in
     * Benjamini-Hochberg with p = 1, which keeps the control valid (conservative) for the judged ones.
     */
    public Report assess(List<Group> groups, int alsoTested) {
        if (alsoTested < 0) {
            throw new IllegalArgumentException("alsoTested must be non-negative, got " + alsoTested);
        }
        List<Judged> all = new ArrayList<>();
        List<String> notes = new ArrayList<>();
        for (Group g : groups) {
            collect(g, all, notes);
        }
        int inner = all.size() > 1 ? 1 : config.threads();
        Parallel.forEachIndex(all.size(), config.threads(), "mirage-verdict", i -> measure(all.get(i), inner));
        // Benjamini-Hochberg per family of one-sided tests, over every judged triplet (+ alsoTested with p = 1)
        double[] pSharp = new double[all.size() + alsoTested];
        double[] pSmooth = new double[all.size() + alsoTested];
        double[] pJump = new double[all.size() + alsoTested];
        double[] pNoJump = new double[all.size() + alsoTested];
        java.util.Arrays.fill(pSharp, 1.0);
        java.util.Arrays.fill(pSmooth, 1.0);
        java.util.Arrays.fill(pJump, 1.0);
        java.util.Arrays.fill(pNoJump, 1.0);
        for (int i = 0; i < all.size(); i++) {
            Judged j = all.get(i);
            pSharp[i] = j.d.pSharp();
            pSmooth[i] = j.d.pSmooth();
            pJump[i] = j.s == null ? Double.NaN : j.s.pJump();
            pNoJump[i] = j.s == null ? Double.NaN : j.s.pNoJump();
        }
        double[] qSharp = MultipleTesting.benjaminiHochberg(pSharp);
        double[] qSmooth = MultipleTesting.benjaminiHochberg(pSmooth);
        double[] qJump = MultipleTesting.benjaminiHochberg(pJump);
        double[] qNoJump = MultipleTesting.benjaminiHochberg(pNoJump);
        int tested = count(pSharp);
        int sTested = count(pJump);
        Verdict[] out = new Verdict[all.size()];
        for (int i = 0; i < all.size(); i++) {
            Judged j = all.get(i);
            j.sharpQ = qSharp[i];
            j.smoothQ = qSmooth[i];
            j.jumpQ = qJump[i];
            j.noJumpQ = qNoJump[i];
            out[i] = decide(j, tested);
        }
        String mc = String.format(Locale.ROOT, "one-sided tests of D's sharpness (eta against %s) and of S's jump at D's jump "
                + "(excess against ln %s) from item bootstraps or per-point draws; Benjamini-Hochberg at FDR %s within each "
                + "family of tests: %d triplets for D", VerdictText.fmt(config.sharpness()), VerdictText.fmt(config.jumpRatio()), VerdictText.fmt(config.fdr()), tested)
                + (alsoTested > 0 ? String.format(Locale.ROOT, " (%d of them not judged, counted with p = 1)", alsoTested) : "")
                + String.format(Locale.ROOT, ", %d for S", sTested);
        return new Report(List.of(out), List.copyOf(notes), tested, mc);
    }

    private static int count(double[] p) {
        int n = 0;
        for (double v : p) {
            n += Double.isNaN(v) ? 0 : 1;
        }
        return n;
    }

    private void collect(Group g, List<Judged> out, List<String> notes) {
        Map<String, Series> byMetric = new LinkedHashMap<>();
        for (Series s : g.series()) {
            byMetric.put(s.key().metric(), s);
        }
        for (Series d : g.series()) {
            String metric = d.key().metric();
            MetricInfo info = MetricCatalog.lookup(metric);
            if (info.smooth() || (g.targets() != null && !g.targets().contains(metric))) {
                continue;
            }
            String where = d.key().family() + " / " + d.key().task()
                    + (d.key().labels().isEmpty() ? "" : " (" + d.key().labelText() + ")") + " / " + metric;
            if (!info.known()) {
                notes.add(where + ": unknown metric, assumed discontinuous and higher-is-better");
            }
            Partners.Pair pair = Partners.of(metric, byMetric.keySet(), config.undeclaredPartners());
            if (pair == null) {
                notes.add(where + ": no smooth partner measured on the same outputs"
                        + (info.partners().isEmpty() ? "" : " (one of " + String.join(", ", info.partners()) + ")") + ": no verdict");
                continue;
            }
            Triplet t = new Triplet(d, byMetric.get(pair.partner()), pair.declared(), g.items());
            out.add(new Judged(t));
        }
    }

    /** Every piece of evidence of one triplet. */
    private void measure(Judged j, int threads) {
        Triplet t = j.t;
        j.d = Sharpness.measure(t, config, threads);
        if (t.k >= 3) {
            j.s = PartnerTrend.measure(t, config, threads);
        }
        if (t.k >= 3 && j.s != null && j.s.domainProblem().isEmpty()) {
            j.route = Composition.compose(t, j.s.form(), config, threads);
            j.res = ResolutionCheck.check(t, j.route.pred(), j.d.jump(), config);
            if (j.route.pred() != null) {
                j.flatNeed = ResolutionCheck.itemsToSee(t, j.route.pred()[t.k - 1], t.floor(), config);
            }
        }
    }

    private Verdict decide(Judged j, int tested) {
        Triplet t = j.t;
        Sharpness.Data d = j.d;
        PartnerTrend.Data s = j.s;
        double tau = config.sharpness();
        boolean sharpTestable = !Double.isNaN(d.pSharp());
        boolean sharp = sharpTestable && j.sharpQ <= config.fdr() && d.eta() >= tau;
        boolean notSharp = sharpTestable && j.smoothQ <= config.fdr() && d.eta() < tau;
        boolean domain = s != null && !s.domainProblem().isEmpty();
        boolean trend = s != null && !Double.isNaN(s.excess());
        double lnr = Math.log(config.jumpRatio());
        boolean jumps = trend && j.jumpQ <= config.fdr() && s.excess() > lnr;
        boolean noJump = trend && j.noJumpQ <= config.fdr() && s.excess() < lnr;
        boolean explains = j.route != null && j.route.pred() != null && j.route.explains();
        boolean notPowerLaw = s != null && s.misfit() >= config.powerLawMisfit() && (Double.isNaN(s.lofP()) || s.lofP() < config.lackOfFitAlpha());
        boolean atFloor = true;
        for (double y : t.d) {
            atFloor &= y == t.floor();
        }
        long have = t.k == 0 ? 0 : ResolutionCheck.itemsAt(t, t.k - 1);
        boolean flatBelow = atFloor && j.flatNeed > have && j.flatNeed <= VerdictConfig.MAX_ITEMS;
        CurveShape.Kind shape = d.shape().kind();
        CurveShape.Kind sShape = s == null ? CurveShape.Kind.TOO_FEW_SIZES : s.shape().kind();
        Decision.Reason reason = Decision.decide(new Decision.Facts(shape, sShape, flatBelow, d.eta(), tau, sharpTestable, sharp,
                notSharp, domain, trend, jumps, noJump, explains, notPowerLaw));
        long need = 0;
        String sizes = "";
        int jump = d.jump();
        String between = jump > 0 ? String.format(Locale.ROOT, "sizes between %s and %s", VerdictText.fmt(t.x[jump - 1]), VerdictText.fmt(t.x[jump])) : "";
        switch (reason) {
            case TOO_FEW_SIZES -> sizes = "at least " + config.shape().minSizes() + " sizes with both metrics (have " + t.k + ")";
            case FLAT_BELOW_RESOLUTION -> need = j.flatNeed;
            case JUMP_AT_FIRST_STEP -> sizes = between;
            case PARTNER_UNCERTAIN -> need = scaleItems(minItems(t.sv), widthFactor(s.lo(), s.hi(), s.excess(), lnr));
            case SHARPNESS_UNCERTAIN -> {
                need = j.res != null && j.res.itemsNeeded() > 0 ? j.res.itemsNeeded()
                        : scaleItems(t.minItems, widthFactor(d.lo(), d.hi(), d.eta(), tau));
                sizes = between;
            }
            default -> {
                if (j.res != null && j.res.itemsNeeded() > 0) {
                    need = j.res.itemsNeeded();
                }
            }
        }
        String text = VerdictText.explain(new VerdictText.Inputs(t, reason, d, s, j.route, j.res, j.sharpQ, j.smoothQ, j.jumpQ,
                j.noJumpQ, tau, config.jumpRatio(), reason.kind() == Verdict.Kind.UNRESOLVED ? need : 0, sizes));
        Verdict.SharpnessEvidence se = new Verdict.SharpnessEvidence(d.shape().kind().key(), d.shape().detail(),
                d.shape().changeZ(), d.es(), d.eta(), d.lo(), d.hi(), d.method(), d.pSharp(), j.sharpQ, d.pSmooth(), j.smoothQ,
                jump > 0 ? t.x[jump - 1] : Double.NaN, jump > 0 ? t.x[jump] : Double.NaN);
        Verdict.PartnerEvidence pe = s == null
                ? new Verdict.PartnerEvidence(ErrorForm.forMetric(t.sName(), t.length()).describe(t.sName()), Double.NaN, Double.NaN,
                Double.NaN, Double.NaN, Double.NaN, Double.NaN, "", Double.NaN, Double.NaN, Double.NaN, Double.NaN, Double.NaN, Double.NaN)
                : new Verdict.PartnerEvidence(s.form().describe(t.sName()), s.eta(), s.etaLo(), s.etaHi(), s.excess(), s.lo(), s.hi(),
                s.method(), s.pJump(), j.jumpQ, s.pNoJump(), j.noJumpQ, s.misfit(), s.lofP());
        Verdict.RouteEvidence re = j.route == null ? new Verdict.RouteEvidence("", Double.NaN, false, Double.NaN,
                s == null ? "fewer than 3 sizes" : s.domainProblem())
                : new Verdict.RouteEvidence(j.route.linkText(), j.route.discrepancy(), explains,
                j.route.worst() >= 0 ? t.x[j.route.worst()] : Double.NaN, j.route.error());
        Verdict.ResolutionEvidence rs = new Verdict.ResolutionEvidence(j.res == null ? 0 : j.res.nearFloor(),
                j.res == null ? 0 : j.res.belowResolution(), need, sizes);
        return new Verdict(t.key().family(), t.key().task(), t.key().labels(), t.dName(), t.sName(), t.declared, reason.kind(),
                reason, t.k, t.k == 0 ? Double.NaN : t.x[0], t.k == 0 ? Double.NaN : t.x[t.k - 1], t.minItems, tested, se, pe, re,
                rs, text);
    }

    private static long minItems(mirage.core.metric.MetricValue[] vs) {
        long m = Long.MAX_VALUE;
        for (mirage.core.metric.MetricValue v : vs) {
            m = Math.min(m, v.n());
        }
        return m == Long.MAX_VALUE ? 0 : m;
    }

    /** How much an interval must shrink to clear a threshold: its half-width over the distance to it. */
    private static double widthFactor(double lo, double hi, double est, double threshold) {
        double half = Math.abs(est - threshold);
        double w = hi - lo;
        return half > 0 && Double.isFinite(w) && w > 0 ? w / (2 * half) : 2;
    }

    /** Items per size for an interval {@code factor} times narrower (intervals shrink as 1/sqrt(n)); 0 when unknown. */
    private static long scaleItems(long n, double factor) {
        if (n <= 0 || !Double.isFinite(factor) || factor <= 0) {
            return 0;
        }
        double need = Math.ceil(n * factor * factor);
        return need > 1e12 ? 0 : (long) Math.max(need, n + 1);
    }
}

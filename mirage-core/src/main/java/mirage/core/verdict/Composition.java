package mirage.core.verdict;

import java.util.Arrays;
import mirage.core.fit.ComposedRoute;
import mirage.core.fit.ErrorForm;
import mirage.core.fit.Link;
import mirage.core.fit.PowerLawFit;
import mirage.core.fit.Routes;
import mirage.core.metric.MetricUnits;
import mirage.core.sim.MathModel;
import mirage.core.stats.Bootstrap;
import mirage.core.stats.Interval;
import mirage.core.stats.PairedUnits;
import mirage.core.stats.PointUncertainty;
import mirage.core.stats.Quantiles;
import mirage.core.util.Seeds;
import org.hipparchus.random.RandomDataGenerator;

/**
 * Does S's smooth trend, composed through D's nonlinearity, reproduce D? The paper's route
 * ({@link ComposedRoute}): S's power law in its error form, then the link ({@code p^L}, {@code p^K},
 * {@code L(1-p)} in closed form when it applies; otherwise, or when the closed form misses, a fitted link:
 * the effective length {@code exp(-gamma e)} or a logistic from D's floor to its ceiling). Fitted on all sizes,
 * with an interval per point from the paired item bootstrap of S and D together (else per-point draws). It
 * explains D when at every size D's own interval and the route's overlap, both at {@code 1 - alpha/k}
 * (Bonferroni over the k points), or they differ by at most {@code tolerance} of D's range.
 */
final class Composition {
    private Composition() {
    }

    /**
     * @param link the link used
     * @param linkText how to say it (with the closed form that failed, when a fitted link took over)
     * @param pred the route's prediction per distinct scale (null when not fitted)
     * @param explains whether it explains every point
     * @param discrepancy largest |D - route| over D's range
     * @param worst index of the worst miss (-1 when it explains)
     * @param lo the route's interval per point
     * @param hi the route's interval per point
     * @param error why it could not be fitted (empty when fitted)
     */
    record Data(Link link, String linkText, double[] pred, boolean explains, double discrepancy, int worst, double[] lo,
                double[] hi, String error) {
        static Data failed(String why) {
            return new Data(null, "", null, false, Double.NaN, -1, null, null, why);
        }
    }

    /** D's chance level for the link: NaN when none, or when a measured value lies below it (then D's floor is 0). */
    static double routeChance(Triplet t) {
        double c = t.chance();
        if (Double.isNaN(c)) {
            return Double.NaN;
        }
        for (double y : t.d) {
            if (t.hib ? y < c : y > c) {
                return Double.NaN;
            }
        }
        return c / t.dInfo.scale();
    }

    static Data compose(Triplet t, ErrorForm form, VerdictConfig c, int threads) {
        Link exact = Routes.link(t.dName(), t.sName(), form, t.length(), routeChance(t));
        Data first = composeWith(t, form, exact, c, threads);
        if (first.explains() || !exact.exact()) {
            return first;
        }
        Link fitted = exact instanceof Link.ExactPower ? new Link.EffectiveLength(Double.NaN)
                : Link.Logistic.between(Math.min(exact.apply(0), exact.apply(50)), Math.max(exact.apply(0), exact.apply(50)));
        Data second = composeWith(t, form, fitted, c, threads);
        if (second.explains()) {
            return new Data(second.link(), second.link().describe() + " (the closed form " + exact.describe()
                    + " did not explain it)", second.pred(), true, second.discrepancy(), -1, second.lo(), second.hi(), "");
        }
        return first.pred() != null ? first : second;
    }

    private static Data composeWith(Triplet t, ErrorForm form, Link template, VerdictConfig c, int threads) {
        ComposedRoute.Fit fit;
        try {
            fit = ComposedRoute.create().fit(t.x, t.s, null, form, template, t.d);
        } catch (RuntimeException ex) {
            return Data.failed(VerdictText.oneLine(ex));
        }
        int n = t.k;
        double[] pred = new double[n];
        for (int i = 0; i < n; i++) {
            pred[i] = fit.target(t.x[i]);
        }
        double[][] reps = replicates(t, form, template, c, threads);
        double[] lo = new double[n];
        double[] hi = new double[n];
        double a = (1 - c.confidence()) / n;
        double pointConfidence = 1 - a;
        for (int i = 0; i < n; i++) {
            final int ii = i;
            double[] col = reps == null ? new double[0]
                    : Arrays.stream(reps).filter(r -> r != null && !Double.isNaN(r[ii])).mapToDouble(r -> r[ii]).sorted().toArray();
            if (col.length >= 2) {
                lo[i] = Math.min(pred[i], Quantiles.sorted(col, a / 2));
                hi[i] = Math.max(pred[i], Quantiles.sorted(col, 1 - a / 2));
            } else {
                Interval iv = fit.targetDelta(t.x[i], pointConfidence);
                lo[i] = iv.lower();
                hi[i] = iv.upper();
            }
        }
        double range = Arrays.stream(t.d).max().orElseThrow() - Arrays.stream(t.d).min().orElseThrow();
        boolean all = true;
        double worstGap = -1;
        int worst = -1;
        double disc = 0;
        for (int i = 0; i < n; i++) {
            double gap = Math.abs(t.d[i] - pred[i]);
            disc = Math.max(disc, range > 0 ? gap / range : 0);
            Interval own = ownInterval(t, i, pointConfidence);
            boolean ok = gap <= c.tolerance() * range || (own.lower() <= hi[i] && lo[i] <= own.upper());
            if (!ok) {
                all = false;
                if (gap > worstGap) {
                    worstGap = gap;
                    worst = i;
                }
            }
        }
        return new Data(fit.link(), fit.link().describe(), pred, all, disc, worst, lo, hi, "");
    }

    /** D's own interval at a distinct scale (the widest of its models' when several share it). */
    static Interval ownInterval(Triplet t, int g, double confidence) {
        double lo = Double.POSITIVE_INFINITY;
        double hi = Double.NEGATIVE_INFINITY;
        for (int i = 0; i < t.models.length; i++) {
            if (t.group[i] == g) {
                Interval iv = PointUncertainty.of(t.dInfo, t.dv[i]).interval(confidence);
                lo = Math.min(lo, iv.lower());
                hi = Math.max(hi, iv.upper());
            }
        }
        return new Interval(lo, hi, confidence, "own");
    }

    /** Resampled predictions of the route at every point (paired items of S and D when both tables are given). */
    private static double[][] replicates(Triplet t, ErrorForm form, Link template, VerdictConfig c, int threads) {
        int n = t.k;
        ComposedRoute route = ComposedRoute.create().withPowerLaw(PowerLawFit.create().withMaxIterations(300));
        long seed = Seeds.forKey(c.seed(), "verdict/route", t.key().family(), t.key().task(), t.key().labelText(), t.dName(),
                t.sName(), template.describe());
        MetricUnits.Table sT = t.items.get(t.sName());
        MetricUnits.Table dT = t.items.get(t.dName());
        PairedUnits joint = sT != null && dT != null ? Triplet.joint(sT, dT, t.models) : null;
        int m = t.models.length;
        if (joint != null) {
            Bootstrap.Result r = Bootstrap.create().withResamples(c.fitResamples()).withSeed(seed).withThreads(threads)
                    .run(joint, v -> {
                        double[] out = new double[n];
                        try {
                            ComposedRoute.Fit f = route.fit(t.x, t.merge(Arrays.copyOfRange(v, 0, m)), null, form, template,
                                    t.merge(Arrays.copyOfRange(v, m, 2 * m)));
                            for (int i = 0; i < n; i++) {
                                out[i] = f.target(t.x[i]);
                            }
                        } catch (RuntimeException ex) {
                            Arrays.fill(out, Double.NaN);
                        }
                        return out;
                    });
            return r.replicates();
        }
        PointUncertainty[] us = new PointUncertainty[m];
        PointUncertainty[] ud = new PointUncertainty[m];
        int known = 0;
        for (int i = 0; i < m; i++) {
            us[i] = PointUncertainty.of(t.sInfo, t.sv[i]);
            ud[i] = PointUncertainty.of(t.dInfo, t.dv[i]);
            known += (us[i].known() ? 1 : 0) + (template.exact() ? 0 : ud[i].known() ? 1 : 0);
        }
        if (known == 0) {
            return null;
        }
        double[][] out = new double[c.fitResamples()][];
        for (int b = 0; b < out.length; b++) {
            RandomDataGenerator rng = new RandomDataGenerator(MathModel.streamSeed(seed, b));
            double[] ss = new double[m];
            double[] dd = new double[m];
            for (int i = 0; i < m; i++) {
                ss[i] = us[i].draw(rng);
                dd[i] = ud[i].draw(rng);
            }
            try {
                ComposedRoute.Fit f = route.fit(t.x, t.merge(ss), null, form, template, t.merge(dd));
                double[] r = new double[n];
                for (int i = 0; i < n; i++) {
                    r[i] = f.target(t.x[i]);
                }
                out[b] = r;
            } catch (RuntimeException ex) {
                out[b] = null;
            }
        }
        return out;
    }
}

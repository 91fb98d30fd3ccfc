package mirage.core.verdict;

import java.util.Arrays;
import java.util.Locale;
import mirage.core.analysis.CurveShape;
import mirage.core.analysis.EmergenceScore;
import mirage.core.fit.ErrorForm;
import mirage.core.fit.FitResult;
import mirage.core.fit.PowerLawFit;
import mirage.core.stats.PercentileInterval;
import mirage.core.util.Seeds;
import org.hipparchus.distribution.continuous.ChiSquaredDistribution;

/**
 * S's evidence, on its error scale {@code e} (its {@link ErrorForm}, e.g. the per-token cross-entropy
 * {@code -target_logprob}), taken in log: does S jump where D jumps?
 *
 * <p><b>The excess at D's jump.</b> Let size j be one where D's rise can start: any size up to the end of D's
 * largest improving step, or the end of a later step at least half as large.
 * The trend of S before the jump is the power law through the two sizes before it ({@code ln e} linear in
 * {@code ln x} through sizes j-2 and j-1; a trend that gets worse is taken as flat), extended to size j. The excess
 * {@code ln(e_trend(x_j) / e_j)} is 0 for a power law, negative where S levels off (an irreducible error, a
 * ceiling), and positive when S improves faster at D's jump than it did before. The statistic is the largest
 * excess over those sizes, each against the trend of the two sizes before it and against the trend of the two before
 * those (a jump spread over two sampled steps: a fourfold fall of the error in two halves is a jump, while a curve that
 * bends over many steps stays within a factor 2 of every two-step extension): S jumps when it is above
 * {@code ln(jumpRatio)} (default: S's error at least halves beyond its trend). Using the two sizes next to
 * the jump makes the trend local: a curve that bends gradually (the vision autoencoder's MSE, S-shaped in log
 * width over ten doublings) follows its local trend, a jump does not. The trend needs two sizes before D's jump;
 * when D jumps at its first step there is none.
 *
 * <p>Also reported, as descriptions: eta of {@code ln e} over all sizes (1 for a power law on a log-spaced grid)
 * and the misfit and lack of fit of S's power law with an irreducible term over all sizes (the composed route's
 * first step).
 */
final class PartnerTrend {
    private PartnerTrend() {
    }

    /**
     * @param form S's error form
     * @param shape S's shape (on its own values and direction; non-monotone beyond noise stops the verdict)
     * @param domainProblem empty, or which point of S is outside its error form's domain
     * @param eta eta of ln e (descriptive)
     * @param etaLo its interval
     * @param etaHi its interval
     * @param excess ln(e_trend/e) at D's jump (NaN when not computable)
     * @param lo its interval
     * @param hi its interval
     * @param method how the intervals were made
     * @param pJump p-value of the null "excess &lt;= ln(ratio)"
     * @param pNoJump p-value of the null "excess &gt;= ln(ratio)"
     * @param misfit power-law misfit as a share of e's range
     * @param lofP lack-of-fit p-value
     * @param fit S's power law (null when it could not be fitted)
     * @param fitError why not
     */
    record Data(ErrorForm form, CurveShape shape, String domainProblem, double eta, double etaLo, double etaHi, double excess, double lo,
                double hi, String method, double pJump, double pNoJump, double misfit, double lofP, FitResult fit,
                String fitError) {
    }

    /** The smallest error a test set can show (half a unit of its resolution), so that ln e stays finite. */
    static double errorFloor(Triplet t) {
        long n = t.minItems > 0 ? t.minItems : 0;
        double len = t.length();
        double units = n * (len > 0 ? len : 1);
        return units > 0 ? 0.5 / units : 1e-9;
    }

    /** ln e of S's values (NaN where outside the form's domain). */
    static double[] logError(double[] s, ErrorForm form, double floor) {
        double[] z = new double[s.length];
        for (int i = 0; i < s.length; i++) {
            double e = form.toError(s[i]);
            z[i] = Double.isFinite(e) ? Math.log(Math.max(e, floor)) : Double.NaN;
        }
        return z;
    }

    /**
     * The sizes where S's excess is looked at: every size from the third up to the end of D's largest improving
     * step (S's transition may start while D, a power of S, still reads ~0), and later ends of D's steps that are at
     * least half its largest (two similar steps both count: which one is larger can be noise). Empty when D's
     * largest step is its first and no later one qualifies.
     */
    static int[] candidates(double[] d, boolean higherIsBetter) {
        double sg = higherIsBetter ? 1 : -1;
        double max = 0;
        int at = -1;
        for (int i = 1; i < d.length; i++) {
            double st = sg * (d[i] - d[i - 1]);
            if (st > max) {
                max = st;
                at = i;
            }
        }
        int[] out = new int[d.length];
        int n = 0;
        for (int i = 2; i < d.length && at > 0; i++) {
            if (i <= at || sg * (d[i] - d[i - 1]) >= 0.5 * max) {
                out[n++] = i;
            }
        }
        return java.util.Arrays.copyOf(out, n);
    }

    /**
     * The largest excess over the candidate sizes (NaN when there is none): at each candidate j, against the trend of
     * the two sizes before it and, where there are three sizes before it, against the trend of the two before those
     * (so that a jump spread over two of the sampled steps is seen whole).
     */
    static double excess(double[] lx, double[] z, int[] at) {
        return excess(lx, z, at, null);
    }

    /**
     * As {@link #excess(double[], double[], int[])}, over the (size, steps ahead) pairs that {@code rises} allows
     * ({@code rises[j][ahead]}; null: all).
     */
    static double excess(double[] lx, double[] z, int[] at, boolean[][] rises) {
        double best = Double.NaN;
        for (int j : at) {
            for (int ahead = 1; ahead <= 2; ahead++) {
                if (rises != null && !rises[j][ahead]) {
                    continue;
                }
                double e = excess(lx, z, j - ahead, j);
                if (!Double.isNaN(e) && !(e <= best)) {
                    best = e;
                }
            }
        }
        return best;
    }

    /**
     * Where S's jump may count ({@link VerdictConfig#RISE_SHARE}): {@code [j][ahead]} is true when D, from size
     * {@code j - ahead} (the trend's last size) to its best point at size j or j + 1 (a power of S lags it), improves
     * by at least {@code share} of its range and, where both standard errors are known, by {@code noiseZ} standard
     * errors of the difference.
     */
    static boolean[][] rises(double[] d, double[] se, boolean higherIsBetter, double share, double noiseZ) {
        double sg = higherIsBetter ? 1 : -1;
        int k = d.length;
        double lo = Double.POSITIVE_INFINITY;
        double hi = Double.NEGATIVE_INFINITY;
        for (double v : d) {
            lo = Math.min(lo, sg * v);
            hi = Math.max(hi, sg * v);
        }
        double range = hi - lo;
        boolean[][] out = new boolean[k][3];
        for (int j = 0; j < k; j++) {
            for (int ahead = 1; ahead <= 2; ahead++) {
                int i = j - ahead;
                if (i < 0 || !(range > 0)) {
                    continue;
                }
                for (int m = j; m <= Math.min(j + 1, k - 1) && !out[j][ahead]; m++) {
                    double rise = sg * (d[m] - d[i]);
                    double h = Math.hypot(se[i], se[m]);
                    boolean beyondNoise = Double.isNaN(h) || !(h > 0) || rise >= noiseZ * h;
                    out[j][ahead] = rise >= share * range && beyondNoise;
                }
            }
        }
        return out;
    }

    /** The excess ln(e_trend/e) at size j over the trend of the two sizes before it (NaN when j &lt; 2). */
    static double excess(double[] lx, double[] z, int j) {
        return excess(lx, z, j - 1, j);
    }

    /**
     * The excess ln(e_trend/e) at size j over the trend through sizes i-1 and i (i &lt; j), extended from i to j; NaN
     * when i &lt; 1, j is past the end, or a value is missing. A trend that gets worse is taken as flat.
     */
    static double excess(double[] lx, double[] z, int i, int j) {
        if (i < 1 || j <= i || j >= z.length || Double.isNaN(z[j]) || Double.isNaN(z[i]) || Double.isNaN(z[i - 1])) {
            return Double.NaN;
        }
        double slope = Math.min(0, (z[i] - z[i - 1]) / (lx[i] - lx[i - 1]));
        double trend = z[i] + slope * (lx[j] - lx[i]);
        return trend - z[j];
    }

    static Data measure(Triplet t, VerdictConfig c, int threads) {
        int[] jump = candidates(t.d, t.hib);
        ErrorForm form = ErrorForm.forMetric(t.sName(), t.length());
        double floor = errorFloor(t);
        double[] lx = new double[t.k];
        for (int i = 0; i < t.k; i++) {
            lx[i] = Math.log(t.x[i]);
        }
        double[] z = logError(t.s, form, floor);
        CurveShape shape = CurveShape.classify(t.x, t.s, t.sSe, t.sInfo.higherIsBetter(), Double.NaN, false, Double.NaN, c.shape());
        for (int i = 0; i < z.length; i++) {
            if (Double.isNaN(z[i])) {
                String problem = String.format(Locale.ROOT, "%s = %s at %s is outside the domain of %s", t.sName(),
                        VerdictText.fmt(t.s[i]), VerdictText.fmt(t.x[i]), form.describe(t.sName()));
                return new Data(form, shape, problem, Double.NaN, Double.NaN, Double.NaN, Double.NaN, Double.NaN, Double.NaN, "",
                        Double.NaN, Double.NaN, Double.NaN, Double.NaN, null, "");
            }
        }
        boolean[][] rises = rises(t.d, t.dSe, t.hib, VerdictConfig.RISE_SHARE, c.shape().noiseZ());
        double ex = excess(lx, z, jump, rises);
        double eta = etaOf(t.x, z);
        long seed = Seeds.forKey(c.seed(), "verdict/partner", t.key().family(), t.key().task(), t.key().labelText(), t.dName(),
                t.sName());
        Triplet.Draws draws = t.replicates(false, c.resamples(), seed, threads, v -> {
            double[] zz = logError(v, form, floor);
            return new double[] {excess(lx, zz, jump, rises), etaOf(t.x, zz)};
        });
        double[] exs = draws.sorted(0);
        double[] etas = draws.sorted(1);
        double lo = Double.NaN;
        double hi = Double.NaN;
        double[] p = {Double.NaN, Double.NaN};
        boolean widened = false;
        if (!Double.isNaN(ex) && exs.length >= 10) {
            double[] ci = PercentileInterval.of(ex, exs, c.confidence());
            lo = ci[0];
            hi = ci[1];
            widened = ci[2] > 0;
            p = OneSided.pValues(ex, exs, Math.log(c.jumpRatio()));
        }
        double[] etaCi = PercentileInterval.of(eta, etas, c.confidence());
        double etaLo = etaCi[0];
        double etaHi = etaCi[1];
        widened |= etaCi[2] > 0;
        // the power law with an irreducible term over all sizes: evidence, and the composed route's first step
        double[] e = new double[t.k];
        double[] se = new double[t.k];
        boolean seKnown = true;
        for (int i = 0; i < t.k; i++) {
            e[i] = form.toError(t.s[i]);
            se[i] = form.errorSe(t.s[i], t.sSe[i]);
            if (!(se[i] > 0) || !Double.isFinite(se[i])) {
                seKnown = false;
            }
        }
        FitResult fit = null;
        String fitError = "";
        double misfit = Double.NaN;
        double lofP = Double.NaN;
        try {
            fit = PowerLawFit.create().fit(t.x, e, seKnown ? se : null);
        } catch (RuntimeException ex2) {
            fitError = VerdictText.oneLine(ex2);
        }
        if (fit != null) {
            double eRange = Arrays.stream(e).max().orElseThrow() - Arrays.stream(e).min().orElseThrow();
            double maxRes = 0;
            double chi2 = 0;
            for (int i = 0; i < e.length; i++) {
                double r = e[i] - fit.predict(t.x[i]);
                maxRes = Math.max(maxRes, Math.abs(r));
                if (seKnown) {
                    chi2 += (r / se[i]) * (r / se[i]);
                }
            }
            misfit = eRange > 0 ? maxRes / eRange : 0;
            int dof = e.length - fit.theta().length;
            lofP = seKnown && dof >= 1 ? 1 - new ChiSquaredDistribution(dof).cumulativeProbability(chi2) : Double.NaN;
        }
        return new Data(form, shape, "", eta, etaLo, etaHi, ex, lo, hi, draws.method() + (widened ? PercentileInterval.WIDENED : ""), p[0], p[1], misfit, lofP, fit, fitError);
    }

    /** eta of log errors (lower is better) over the scales. */
    static double etaOf(double[] x, double[] z) {
        for (double v : z) {
            if (Double.isNaN(v)) {
                return Double.NaN;
            }
        }
        EmergenceScore.Result r = EmergenceScore.of(x, z, false);
        return r.points() < 3 ? Double.NaN : r.value() / (r.points() - 1);
    }
}

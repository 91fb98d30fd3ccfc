package mirage.core.verdict;

import mirage.core.analysis.CurveShape;
import mirage.core.analysis.EmergenceScore;
import mirage.core.stats.PercentileInterval;
import mirage.core.util.Seeds;

/**
 * D's evidence: its shape ({@link CurveShape}) and its sharpness {@code eta = ES/(k-1)} with an interval and
 * two one-sided p-values (eta above tau: sharp; eta below tau: not sharp) from the item bootstrap (or per-point
 * draws). The p-values are computed on {@code atan(eta)}, a monotone map of eta onto a bounded range whose
 * resampling distribution stays well-behaved where eta's does not (eta is infinite whenever most steps are zero, and
 * negative in a resample whose best point comes before its worst).
 */
final class Sharpness {
    private Sharpness() {
    }

    /**
     * @param shape D's shape
     * @param es D's emergence score
     * @param eta {@code es/(k-1)}
     * @param lo lower end of eta's interval (NaN when no uncertainty is known)
     * @param hi upper end
     * @param method how the interval was made
     * @param pSharp p-value of the null "eta &lt;= tau"
     * @param pSmooth p-value of the null "eta &gt;= tau"
     * @param jump index in the distinct scales of the point after D's largest improving step (-1: none)
     */
    record Data(CurveShape shape, double es, double eta, double lo, double hi, String method, double pSharp,
                double pSmooth, int jump) {
    }

    /** eta of values over the triplet's distinct scales (NaN with fewer than 3). */
    static double eta(double[] x, double[] y, boolean higherIsBetter) {
        EmergenceScore.Result r = EmergenceScore.of(x, y, higherIsBetter);
        return r.points() < 3 ? Double.NaN : r.value() / (r.points() - 1);
    }

    /** Index of the point after the largest improving step (-1 when no step improves). */
    static int largestStep(double[] y, boolean higherIsBetter) {
        int at = -1;
        double best = 0;
        for (int i = 1; i < y.length; i++) {
            double step = (higherIsBetter ? 1 : -1) * (y[i] - y[i - 1]);
            if (step > best) {
                best = step;
                at = i;
            }
        }
        return at;
    }

    static Data measure(Triplet t, VerdictConfig c, int threads) {
        CurveShape shape = CurveShape.classify(t.x, t.d, t.dSe, t.hib, t.floor(), !Double.isNaN(t.chance()) && t.chance() > 0,
                t.ceiling(), c.shape());
        int jump = largestStep(t.d, t.hib);
        if (t.k < 3) {
            return new Data(shape, Double.NaN, Double.NaN, Double.NaN, Double.NaN, "", Double.NaN, Double.NaN, jump);
        }
        EmergenceScore.Result r = EmergenceScore.of(t.x, t.d, t.hib);
        double es = r.value();
        double eta = es / (r.points() - 1);
        long seed = Seeds.forKey(c.seed(), "verdict/sharpness", t.key().family(), t.key().task(), t.key().labelText(), t.dName());
        Triplet.Draws draws = t.replicates(true, c.resamples(), seed, threads, v -> {
            double e = eta(t.x, v, t.hib);
            return new double[] {e, Math.atan(e)};
        });
        double[] etas = draws.sorted(0);
        double[] ci = PercentileInterval.of(eta, etas, c.confidence());
        double[] p = {Double.NaN, Double.NaN};
        if (etas.length >= 10) {
            p = OneSided.pValues(Math.atan(eta), draws.sorted(1), Math.atan(c.sharpness()));
        }
        return new Data(shape, es, eta, ci[0], ci[1], draws.method() + (ci[2] > 0 ? PercentileInterval.WIDENED : ""), p[0],
                p[1], jump);
    }
}

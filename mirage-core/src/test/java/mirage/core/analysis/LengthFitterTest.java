package mirage.core.analysis;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.util.SplittableRandom;
import mirage.core.analysis.LengthScaling.Likelihood;
import mirage.core.stats.NotEnoughDataException;
import org.junit.jupiter.api.Test;

class LengthFitterTest {
    static final double[] L = {1, 2, 3, 4, 5};
    static final LengthFitter FIT = LengthFitter.create();

    /*
     * Reference (scipy 1.17.1, numpy 2.4.6), the same binomial likelihood with its ln C(n, k) terms:
     *
     *   L = np.array([1, 2, 3, 4, 5.]); n = np.array([200, 200, 200, 150, 100.]); k = np.array([171, 139, 121, 73, 0.])
     *   ll = lambda p, L=L, n=n, k=k: stats.binom.logpmf(k, n, p**L).sum()
     *   r = optimize.minimize_scalar(lambda p: -ll(p), bounds=(1e-9, 1 - 1e-9), method='bounded', options={'xatol': 1e-13})
     *   p = r.x; lmax = ll(p); q = stats.chi2.ppf(0.95, 1)
     *   lo = optimize.brentq(lambda x: ll(x) - (lmax - q/2), 1e-9, p, xtol=1e-15)
     *   hi = optimize.brentq(lambda x: ll(x) - (lmax - q/2), p, 1 - 1e-12, xtol=1e-15)
     *   D = 2 * (stats.binom.logpmf(k, n, k/n).sum() - lmax); gof = stats.chi2.sf(D, 4)
     *   score = lambda p: (L*k/p - (n-k)*L*p**(L-1)/(1-p**L)).sum()
     *   optimize.brentq(score, 1e-6, 1 - 1e-9, xtol=1e-16, rtol=1e-15)   # the score's root, to machine precision
     *   # the same without the zero at L = 5: m = k > 0; minimize_scalar(lambda p: -ll(p, L[m], n[m], k[m]), ...)
     *   eps = 1e-6; lin = lambda t: stats.binom.logpmf(k, n, np.clip(t[0] + t[1]*L, eps, 1 - eps)).sum()
     *   optimize.minimize(lambda t: -lin(t), (1.0, -0.2), method='Nelder-Mead', options={'xatol': 1e-12, 'fatol': 1e-12})
     *   # restarted from its result; BFGS from there gives the same point
     *
     * p = 0.8076030306810361 (minimize_scalar, good to its ~1e-8; the score's root is 0.8076030257738392)
     * [0.7884652019403018, 0.8257608642052968], l = -58.99426365149695, D = 96.17381960102995,
     * gof p = 6.413367319031681e-20, AIC = 119.9885273029939; without the zero p = 0.8409574669051769;
     * line a = 1.0714507440797518, b = -0.18590906109997335, l = -38.529040237092694, AIC = 81.05808047418539.
     */
    static final double[] N = {200, 200, 200, 150, 100};
    static final double[] K = {171, 139, 121, 73, 0};

    static double[] share(double[] k, double[] n) {
        double[] y = new double[k.length];
        for (int i = 0; i < k.length; i++) {
            y[i] = k[i] / n[i];
        }
        return y;
    }

    @Test
    void binomialPowerLMatchesScipy() {
        LengthScaling f = FIT.fit(L, share(K, N), N, null, true);
        assertThat(f.likelihood()).isEqualTo(Likelihood.BINOMIAL);
        assertThat(f.perTokenProbability()).isTrue();
        LengthScaling.Geometric g = f.geometric();
        assertThat(g.form()).isEqualTo("p^L");
        assertThat(g.scale()).isEqualTo(1);
        assertThat(g.factor()).isCloseTo(0.8076030306810361, within(1e-8));
        assertThat(g.factor()).isCloseTo(0.8076030257738392, within(1e-12));
        assertThat(g.interval()).isEqualTo("profile_likelihood");
        assertThat(g.lower()).isCloseTo(0.7884652019403018, within(1e-9));
        assertThat(g.upper()).isCloseTo(0.8257608642052968, within(1e-9));
        assertThat(g.stats().logLikelihood()).isCloseTo(-58.99426365149695, within(1e-8));
        assertThat(g.stats().aic()).isCloseTo(119.9885273029939, within(1e-8));
        assertThat(g.stats().deviance()).isCloseTo(96.17381960102995, within(1e-8));
        assertThat(g.stats().df()).isEqualTo(4);
        assertThat(g.stats().gofP()).isCloseTo(6.413367319031681e-20, within(1e-25));
    }

    /** The zero at L = 5 is data: dropping it would give p = 0.8410 (scipy, above), not 0.8076. */
    @Test
    void aZeroIsKept() {
        LengthScaling f = FIT.fit(L, share(K, N), N, null, true);
        assertThat(f.lengths()).containsExactly(1, 2, 3, 4, 5);
        assertThat(f.geometric().factor()).isCloseTo(0.8076030257738392, within(1e-12));
        assertThat(Math.abs(f.geometric().factor() - 0.8409574669051769)).isGreaterThan(0.03);
        // without counts too: least squares of y (not of ln y) keeps the zero (scipy below)
        LengthScaling ls = FIT.fit(L, new double[] {0.85, 0.7, 0.6, 0.49, 0.0}, null, null, true);
        assertThat(ls.geometric().factor()).isCloseTo(0.7887125477922452, within(1e-7));
    }

    @Test
    void clippedLinearBinomialMatchesScipy() {
        LengthScaling f = FIT.fit(L, share(K, N), N, null, true);
        LengthScaling.Linear l = f.linear();
        assertThat(l.stats().logLikelihood()).isCloseTo(-38.529040237092694, within(1e-7));
        assertThat(l.intercept()).isCloseTo(1.0714507440797518, within(1e-5));
        assertThat(l.slope()).isCloseTo(-0.18590906109997335, within(1e-5));
        assertThat(l.stats().aic()).isCloseTo(81.05808047418539, within(1e-6));
        assertThat(l.stats().df()).isEqualTo(3);
        assertThat(l.interval()).isEmpty();
        assertThat(f.deltaAic()).isCloseTo(119.9885273029939 - 81.05808047418539, within(1e-6));
        assertThat(f.better()).isEqualTo("linear");
    }

    /*
     * Least squares without counts (scipy 1.17.1):
     *   y = np.array([0.85, 0.7, 0.6, 0.49, 0.0]); S = lambda p: ((y - p**L)**2).sum()
     *   r = optimize.minimize_scalar(S, bounds=(0, 1), method='bounded', options={'xatol': 1e-13}); p, s = r.x, r.fun
     *   h = lambda x: 5*np.log(S(x)/s) - stats.chi2.ppf(0.95, 1); brentq(h, 0, p), brentq(h, p, 1)
     *   ll = -5/2*(np.log(2*np.pi*s/5) + 1); AIC = 2*2 - 2*ll
     *   b, a = np.polyfit(L, y, 1); the same ll of its SSE, AIC = 2*3 - 2*ll
     * p = 0.7887125477922452 [0.6770650919091497, 0.8721617477504733], SSE = 0.12555749283107345,
     * ll = 2.1163809028193548, AIC = -0.23276180563870952; line a = 1.101, b = -0.191, AIC = -2.4637119415722495.
     */
    @Test
    void withoutItemCountsAProportionIsFittedByLeastSquaresOfY() {
        double[] y = {0.85, 0.7, 0.6, 0.49, 0.0};
        LengthScaling f = FIT.fit(L, y, new double[] {100, 100, Double.NaN, 100, 100}, null, true);
        assertThat(f.likelihood()).isEqualTo(Likelihood.GAUSSIAN);
        assertThat(f.notes()).anySatisfy(n -> assertThat(n).contains("item counts unknown at L = 3"));
        assertThat(f.geometric().form()).isEqualTo("p^L");
        assertThat(f.geometric().factor()).isCloseTo(0.7887125477922452, within(1e-7));
        assertThat(f.geometric().lower()).isCloseTo(0.6770650919091497, within(1e-7));
        assertThat(f.geometric().upper()).isCloseTo(0.8721617477504733, within(1e-7));
        assertThat(f.geometric().stats().parameters()).isEqualTo(2);
        assertThat(f.geometric().stats().aic()).isCloseTo(-0.23276180563870952, within(1e-7));
        assertThat(f.geometric().stats().gofP()).as("no absolute scale").isNaN();
        assertThat(f.linear().intercept()).isCloseTo(1.101, within(1e-9));
        assertThat(f.linear().slope()).isCloseTo(-0.191, within(1e-9));
        assertThat(f.linear().stats().aic()).isCloseTo(-2.4637119415722495, within(1e-7));
        assertThat(f.deltaAic()).isCloseTo(-0.23276180563870952 + 2.4637119415722495, within(1e-6));
        assertThat(f.better()).isEqualTo("linear");
    }

    /*
     * Weighted fits of a non-proportion (scipy 1.17.1):
     *   t = np.array([0.35, 0.72, 1.02, 1.45, 1.70]); se = np.array([0.02, 0.03, 0.04, 0.05, 0.06])
     *   (a, b), cov = optimize.curve_fit(lambda L, a, b: a + b*L, L, t, sigma=se, absolute_sigma=True)
     *   tq = stats.t.ppf(0.975, 3); b -+ tq*sqrt(cov[1,1]); chi = (((t - a - b*L)/se)**2).sum()
     *   ll = -0.5*(chi + np.log(2*np.pi*se**2).sum()); stats.chi2.sf(chi, 3)
     *   (C, r), cov2 = optimize.curve_fit(lambda L, C, r: C*r**L, L, t, p0=(0.3, 1.5), sigma=se, absolute_sigma=True)
     * line a = 0.007344566732600072, b = 0.34723484833732715 [0.30976347037770946, 0.38470622629694484],
     * chi2 = 2.627547021943571, ll = 10.538133540935208, AIC = -17.076267081870416, gof p = 0.45268065188219164;
     * C = 0.30359239336796096, r = 1.4419026732044464 [1.3850024047911424, 1.4988029416177504],
     * chi2 = 53.40626593610672, AIC = 33.70245183229274.
     */
    @Test
    void aNonProportionIsALineAndAGeometricCurveWeightedByItsStandardErrors() {
        double[] t = {0.35, 0.72, 1.02, 1.45, 1.70};
        double[] se = {0.02, 0.03, 0.04, 0.05, 0.06};
        LengthScaling f = FIT.fit(L, t, new double[] {50, 50, 50, 50, 50}, se, false);
        assertThat(f.likelihood()).isEqualTo(Likelihood.GAUSSIAN_SE);
        assertThat(f.perTokenProbability()).isFalse();
        LengthScaling.Linear l = f.linear();
        assertThat(l.intercept()).isCloseTo(0.007344566732600072, within(1e-9));
        assertThat(l.slope()).isCloseTo(0.34723484833732715, within(1e-9));
        assertThat(l.interval()).isEqualTo("wald_t");
        assertThat(l.lower()).isCloseTo(0.30976347037770946, within(1e-8));
        assertThat(l.upper()).isCloseTo(0.38470622629694484, within(1e-8));
        assertThat(l.stats().deviance()).isCloseTo(2.627547021943571, within(1e-8));
        assertThat(l.stats().logLikelihood()).isCloseTo(10.538133540935208, within(1e-8));
        assertThat(l.stats().aic()).isCloseTo(-17.076267081870416, within(1e-8));
        assertThat(l.stats().gofP()).isCloseTo(0.45268065188219164, within(1e-9));
        LengthScaling.Geometric g = f.geometric();
        assertThat(g.form()).isEqualTo("C*r^L");
        assertThat(g.scale()).isCloseTo(0.30359239336796096, within(1e-6));
        assertThat(g.factor()).isCloseTo(1.4419026732044464, within(1e-6));
        assertThat(g.lower()).isCloseTo(1.3850024047911424, within(1e-6));
        assertThat(g.upper()).isCloseTo(1.4988029416177504, within(1e-6));
        assertThat(g.stats().deviance()).isCloseTo(53.40626593610672, within(1e-6));
        assertThat(g.stats().aic()).isCloseTo(33.70245183229274, within(1e-6));
        assertThat(f.better()).isEqualTo("linear");
    }

    static double[] binomialDraws(SplittableRandom rng, double[] pi, int n) {
        double[] k = new double[pi.length];
        for (int i = 0; i < pi.length; i++) {
            for (int j = 0; j < n; j++) {
                k[i] += rng.nextDouble() < pi[i] ? 1 : 0;
            }
        }
        return k;
    }

    static final double[] L6 = {1, 2, 3, 4, 5, 6};

    static double[] powers(double p, double[] len) {
        double[] y = new double[len.length];
        for (int i = 0; i < len.length; i++) {
            y[i] = Math.pow(p, len[i]);
        }
        return y;
    }

    /** Seeded binomial draws from p^L, p = 0.85: the MLE inside its interval, and the profile interval covers p ~95%. */
    @Test
    void seededBinomialDrawsRecoverPAndTheIntervalCovers() {
        double p = 0.85;
        double[] n = {100, 100, 100, 100, 100, 100};
        int covered = 0;
        int runs = 400;
        for (int s = 0; s < runs; s++) {
            double[] k = binomialDraws(new SplittableRandom(1000 + s), powers(p, L6), 100);
            LengthScaling f = FIT.fit(L6, share(k, n), n, null, true);
            LengthScaling.Geometric g = f.geometric();
            assertThat(g.factor()).isBetween(g.lower(), g.upper());
            assertThat(g.lower()).isLessThan(g.factor());
            assertThat(g.factor()).isCloseTo(p, within(0.05));
            covered += g.lower() <= p && p <= g.upper() ? 1 : 0;
        }
        // binomial sd of the coverage over 400 runs ~ 0.011
        assertThat(covered / (double) runs).isBetween(0.91, 0.985);
    }

    /** Zeros at the long lengths (the drawn curve reaches 0): kept, and p stays near its true value. */
    @Test
    void seededDrawsWithZerosAtLongLengths() {
        double p = 0.3;
        double[] n = {60, 60, 60, 60, 60, 60};
        double[] k = binomialDraws(new SplittableRandom(7), powers(p, L6), 60);
        assertThat(k[4]).isZero();
        assertThat(k[5]).isZero();
        LengthScaling f = FIT.fit(L6, share(k, n), n, null, true);
        assertThat(f.lengths()).hasSize(6);
        assertThat(f.geometric().lower()).isLessThanOrEqualTo(p);
        assertThat(f.geometric().upper()).isGreaterThanOrEqualTo(p);
    }

    @Test
    void theAicTellsGeometricFromLinearDataOfEitherShape() {
        double[] n = {2000, 2000, 2000, 2000, 2000, 2000};
        double[] geo = binomialDraws(new SplittableRandom(21), powers(0.7, L6), 2000);
        LengthScaling g = FIT.fit(L6, share(geo, n), n, null, true);
        assertThat(g.deltaAic()).isLessThan(-2);
        assertThat(g.better()).isEqualTo("geometric");
        assertThat(g.geometric().stats().gofP()).isGreaterThan(0.001);
        double[] line = {0.95, 0.8, 0.65, 0.5, 0.35, 0.2};
        double[] lin = binomialDraws(new SplittableRandom(22), line, 2000);
        LengthScaling l = FIT.fit(L6, share(lin, n), n, null, true);
        assertThat(l.deltaAic()).isGreaterThan(2);
        assertThat(l.better()).isEqualTo("linear");
        assertThat(l.linear().slope()).isCloseTo(-0.15, within(0.02));
        assertThat(l.linear().stats().gofP()).isGreaterThan(0.001);

        // non-proportions, Gaussian noise with known standard errors
        SplittableRandom rng = new SplittableRandom(23);
        double[] se = {0.03, 0.03, 0.03, 0.03, 0.03, 0.03};
        double[] ly = new double[6];
        double[] gy = new double[6];
        for (int i = 0; i < 6; i++) {
            ly[i] = 0.1 + 0.3 * L6[i] + 0.03 * gauss(rng);
            gy[i] = 0.2 * Math.pow(1.6, L6[i]) + 0.03 * gauss(rng);
        }
        LengthScaling fl = FIT.fit(L6, ly, null, se, false);
        assertThat(fl.better()).isEqualTo("linear");
        assertThat(fl.linear().lower()).isLessThan(0.3);
        assertThat(fl.linear().upper()).isGreaterThan(0.3);
        LengthScaling fg = FIT.fit(L6, gy, null, se, false);
        assertThat(fg.better()).isEqualTo("geometric");
        assertThat(fg.geometric().factor()).isCloseTo(1.6, within(0.05));
    }

    static double gauss(SplittableRandom rng) {
        return Math.sqrt(-2 * Math.log(1 - rng.nextDouble())) * Math.cos(2 * Math.PI * rng.nextDouble());
    }

    @Test
    void allZerosAndAllOnesSitOnTheBoundary() {
        double[] n = {50, 50, 50};
        double[] len = {1, 2, 3};
        LengthScaling z = FIT.fit(len, new double[] {0, 0, 0}, n, null, true);
        assertThat(z.geometric().factor()).isZero();
        assertThat(z.geometric().lower()).isZero();
        // l(p) = 50 (ln(1-p) + ln(1-p^2) + ln(1-p^3)) = -chi2_1(0.95)/2 at the upper end
        double u = z.geometric().upper();
        double l = 50 * (Math.log(1 - u) + Math.log(1 - u * u) + Math.log(1 - u * u * u));
        assertThat(l).isCloseTo(-3.841458820694124 / 2, within(1e-9));
        assertThat(z.better()).isEqualTo("either");
        assertThat(z.notes()).anySatisfy(s -> assertThat(s).contains("every value is 0"));
        LengthScaling o = FIT.fit(len, new double[] {1, 1, 1}, n, null, true);
        assertThat(o.geometric().factor()).isEqualTo(1);
        assertThat(o.geometric().upper()).isEqualTo(1);
        // l(p) = 50 (1 + 2 + 3) ln p
        assertThat(300 * Math.log(o.geometric().lower())).isCloseTo(-3.841458820694124 / 2, within(1e-9));
        assertThat(o.better()).isEqualTo("either");
    }

    @Test
    void orderOfThePointsDoesNotMatter() {
        LengthScaling a = FIT.fit(L, share(K, N), N, null, true);
        double[] perm = {5, 3, 1, 4, 2};
        double[] y = new double[5];
        double[] n = new double[5];
        for (int i = 0; i < 5; i++) {
            int j = (int) perm[i] - 1;
            y[i] = K[j] / N[j];
            n[i] = N[j];
        }
        LengthScaling b = FIT.fit(perm, y, n, null, true);
        assertThat(b.lengths()).containsExactly(1, 2, 3, 4, 5);
        assertThat(b.geometric().factor()).isCloseTo(a.geometric().factor(), within(1e-12));
        assertThat(b.linear().stats().aic()).isCloseTo(a.linear().stats().aic(), within(1e-7));
    }

    @Test
    void badInputIsRefused() {
        assertThatThrownBy(() -> FIT.fit(L, new double[] {1}, null, null, false)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("differ");
        assertThatThrownBy(() -> FIT.fit(new double[] {1, 1, 2}, new double[] {1, 2, 3}, null, null, false))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("twice");
        assertThatThrownBy(() -> FIT.fit(new double[] {1, 2}, new double[] {1, 2}, null, null, false))
                .isInstanceOf(NotEnoughDataException.class);
        assertThatThrownBy(() -> FIT.fit(new double[] {1, 2, 3}, new double[] {0.5, 1.2, 0.1}, null, null, true))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("outside [0, 1]");
        assertThatThrownBy(() -> FIT.fit(new double[] {1, 2, 3}, new double[] {0.5, Double.NaN, 0.1}, null, null, false))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("not finite");
        assertThatThrownBy(() -> FIT.fit(new double[] {0, 2, 3}, new double[] {0.5, 0.2, 0.1}, null, null, false))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("positive");
        assertThatThrownBy(() -> FIT.withConfidence(1)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void aLowerConfidenceGivesANarrowerInterval() {
        LengthScaling a = FIT.fit(L, share(K, N), N, null, true);
        LengthScaling b = FIT.withConfidence(0.8).fit(L, share(K, N), N, null, true);
        assertThat(b.geometric().factor()).isCloseTo(a.geometric().factor(), within(1e-12));
        assertThat(b.geometric().lower()).isGreaterThan(a.geometric().lower());
        assertThat(b.geometric().upper()).isLessThan(a.geometric().upper());
    }
}

package mirage.core.analysis;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.function.DoubleUnaryOperator;
import mirage.core.analysis.LengthScaling.Geometric;
import mirage.core.analysis.LengthScaling.Likelihood;
import mirage.core.analysis.LengthScaling.Linear;
import mirage.core.analysis.LengthScaling.Stats;
import mirage.core.fit.CurveFitter;
import mirage.core.fit.CurveModel;
import mirage.core.fit.FitException;
import mirage.core.fit.FitResult;
import mirage.core.stats.Interval;
import mirage.core.stats.NotEnoughDataException;
import org.hipparchus.analysis.solvers.AllowedSolution;
import org.hipparchus.analysis.solvers.BracketingNthOrderBrentSolver;
import org.hipparchus.distribution.continuous.ChiSquaredDistribution;
import org.hipparchus.exception.MathIllegalArgumentException;
import org.hipparchus.exception.MathIllegalStateException;
import org.hipparchus.optim.InitialGuess;
import org.hipparchus.optim.MaxEval;
import org.hipparchus.optim.PointValuePair;
import org.hipparchus.optim.nonlinear.scalar.GoalType;
import org.hipparchus.optim.nonlinear.scalar.ObjectiveFunction;
import org.hipparchus.optim.nonlinear.scalar.noderiv.NelderMeadSimplex;
import org.hipparchus.optim.nonlinear.scalar.noderiv.SimplexOptimizer;
import org.hipparchus.optim.univariate.BrentOptimizer;
import org.hipparchus.optim.univariate.SearchInterval;
import org.hipparchus.optim.univariate.UnivariateObjectiveFunction;
import org.hipparchus.optim.univariate.UnivariatePointValuePair;
import org.hipparchus.special.Gamma;

/**
 * Fits one model's metric against the target length L (the paper's second prediction) as a {@link LengthScaling}:
 * a geometric and a linear shape, fitted to the same values with the same likelihood, compared by AIC. Immutable
 * builder: {@code LengthFitter.create().withConfidence(0.9)}.
 *
 * <p><b>Likelihood.</b> For a proportion (exact match, accuracy: shares of 0/1 outcomes) with an item count
 * {@code n_L > 0} at every length, binomial with {@code k_L = y_L n_L} successes (k need not be an integer: the
 * formulas hold for real k, with {@code ln C(n, k) = lnGamma(n+1) - lnGamma(k+1) - lnGamma(n-k+1)}). Otherwise
 * Gaussian on y itself (never on ln y): with weights {@code 1/se_L^2} and known variance when every point has a
 * positive finite standard error, else with equal weights and the variance estimated by its MLE {@code SSE/m} (which
 * adds one parameter to both shapes' AIC). A proportion without item counts is said so in {@link LengthScaling#notes()}.
 * Zeros are kept everywhere: a length where the model got nothing right is evidence about p.
 *
 * <p><b>Geometric shape.</b> Proportions: {@code y = p^L}, no free intercept, p in [0, 1].
 * <ul>
 * <li>Binomial: {@code l(p) = sum_L [ln C(n_L, k_L) + k_L L ln p + (n_L - k_L) ln(1 - p^L)]}, concave in p. The
 * maximum is the root of the score {@code sum_L L [k_L/p - (n_L - k_L) p^(L-1)/(1 - p^L)]} on (0, 1), found by
 * Hipparchus's {@link BracketingNthOrderBrentSolver}; {@code p = 0} when every k is 0 and {@code p = 1} when every
 * k equals n. Interval: profile likelihood (likelihood ratio), {@code {p : l(p) >= l(p_hat) - chi^2_{1,conf}/2}}
 * (Pawitan 2001, <i>In All Likelihood</i>, Section 2.6; Venzon and Moolgavkar 1988), its ends found by the same solver;
 * it stays inside [0, 1] and is sensible at p near 0 or 1, where a Wald interval is not. Goodness of fit: the
 * deviance {@code D = 2 sum_L [k ln(k/(n p^L)) + (n-k) ln((n-k)/(n (1-p^L)))]} (0 ln 0 = 0) against the saturated
 * model, {@code P(chi^2_{m-1} >= D)} (McCullagh and Nelder 1989, Section 4.4.3; the chi-square approximation needs
 * expected counts that are not tiny, and items of unequal difficulty make it reject: read it as "p^L with one p
 * describes these lengths", not as a test of the per-token model).</li>
 * <li>Gaussian (no counts): least squares of y on {@code p^L}, {@code S(p) = sum_L w_L (y_L - p^L)^2}, minimised by
 * Hipparchus's {@link BrentOptimizer} around the best of a 401-point grid on [0, 1] (S need not be unimodal). Profile
 * interval: {@code S(p) - S(p_hat) <= chi^2_{1,conf}} with standard errors, {@code m ln(S(p)/S(p_hat)) <= chi^2_{1,conf}}
 * without (the variance profiled out). Goodness of fit with standard errors: {@code P(chi^2_{m-1} >= S(p_hat))}.</li>
 * </ul>
 * Other metrics: {@code y = C r^L}, least squares with {@link CurveFitter} (Levenberg-Marquardt), r's interval
 * Wald with Student t, m - 2 degrees of freedom.
 *
 * <p><b>Linear shape.</b> {@code y = a + b L}. Gaussian: least squares with {@link CurveFitter}, the slope's interval
 * Wald t. Binomial: {@code pi_L = clip(a + b L, eps, 1 - eps)} ({@link #CLIP}), the binomial log-likelihood maximised
 * over the line's values at the shortest and the longest length by Hipparchus's Nelder-Mead
 * {@link SimplexOptimizer} (two starts, the least-squares line and the line through the end points, restarted from
 * the best until it no longer improves); no interval (the clipped likelihood is not smooth). Goodness of fit as above,
 * {@code m - 2} degrees of freedom.
 *
 * <p><b>Comparison.</b> {@code AIC = 2 k - 2 l} for each shape (Akaike 1974; Burnham and Anderson 2002: differences
 * below 2 do not separate models), {@code deltaAic = AIC(geometric) - AIC(linear)}.
 *
 * <p><b>Edge cases.</b> Fewer than 3 points: {@link NotEnoughDataException}. Non-finite or non-positive lengths, a
 * length twice, non-finite values, arrays of different sizes, and proportions outside [0, 1]:
 * {@link IllegalArgumentException}. A failed {@code C r^L} or linear fit leaves that shape's numbers NaN with a note.
 */
public final class LengthFitter {
    /** The geometric form of proportions. */
    public static final String P_POWER_L = "p^L";
    /** The geometric form of other metrics. */
    public static final String C_R_POWER_L = "C*r^L";
    /** The clip of the binomial linear shape: {@code pi = min(max(a + b L, CLIP), 1 - CLIP)}. */
    public static final double CLIP = 1e-6;
    /** Fewest points of a fit. */
    public static final int MIN_POINTS = 3;
    static final String PROFILE = "profile_likelihood";
    static final String WALD_T = "wald_t";

    private final double confidence;
    private final int maxEvaluations;

    private LengthFitter(double confidence, int maxEvaluations) {
        this.confidence = confidence;
        this.maxEvaluations = maxEvaluations;
    }

    /** Defaults: 95% intervals, 20,000 evaluations per optimisation. */
    public static LengthFitter create() {
        return new LengthFitter(0.95, 20_000);
    }

    public LengthFitter withConfidence(double c) {
        return new LengthFitter(Interval.checkConfidence(c), maxEvaluations);
    }

    public LengthFitter withMaxEvaluations(int n) {
        if (n < 100) {
            throw new IllegalArgumentException("max evaluations must be at least 100, got " + n);
        }
        return new LengthFitter(confidence, n);
    }

    public double confidence() {
        return confidence;
    }

    /**
     * Fits both shapes.
     *
     * @param length target length of each value (positive, distinct)
     * @param value the metric's value at that length (for a percentage, divide by 100 first)
     * @param n items behind each value (null or NaN when unknown)
     * @param se standard error of each value (null or NaN when unknown)
     * @param proportion whether the values are shares of 0/1 outcomes (geometric shape {@code p^L}, binomial with counts)
     */
    public LengthScaling fit(double[] length, double[] value, double[] n, double[] se, boolean proportion) {
        int m = length.length;
        if (value.length != m || (n != null && n.length != m) || (se != null && se.length != m)) {
            throw new IllegalArgumentException("lengths, values, counts and standard errors differ in size");
        }
        if (m < MIN_POINTS) {
            throw new NotEnoughDataException("a fit against target length (lengths)", m, MIN_POINTS);
        }
        Integer[] order = new Integer[m];
        for (int i = 0; i < m; i++) {
            order[i] = i;
            if (!(Double.isFinite(length[i]) && length[i] > 0)) {
                throw new IllegalArgumentException("target length must be positive and finite, got " + length[i]);
            }
            if (!Double.isFinite(value[i])) {
                throw new IllegalArgumentException("value at target length " + length[i] + " is not finite: " + value[i]);
            }
            if (proportion && (value[i] < 0 || value[i] > 1)) {
                throw new IllegalArgumentException("proportion at target length " + length[i] + " is outside [0, 1]: " + value[i]);
            }
        }
        Arrays.sort(order, (a, b) -> Double.compare(length[a], length[b]));
        double[] len = new double[m];
        double[] y = new double[m];
        double[] cnt = new double[m];
        double[] err = new double[m];
        for (int j = 0; j < m; j++) {
            int i = order[j];
            len[j] = length[i];
            y[j] = value[i];
            cnt[j] = n == null ? Double.NaN : n[i];
            err[j] = se == null ? Double.NaN : se[i];
            if (j > 0 && len[j] == len[j - 1]) {
                throw new IllegalArgumentException("target length " + len[j] + " appears twice");
            }
        }
        List<String> notes = new ArrayList<>();
        boolean counts = Arrays.stream(cnt).allMatch(c -> c > 0 && Double.isFinite(c));
        boolean errors = Arrays.stream(err).allMatch(e -> e > 0 && Double.isFinite(e));
        Likelihood lik = proportion && counts ? Likelihood.BINOMIAL : errors ? Likelihood.GAUSSIAN_SE : Likelihood.GAUSSIAN;
        if (proportion && !counts) {
            notes.add("item counts unknown at L = " + missing(len, cnt) + ": p^L fitted by "
                    + (errors ? "weighted (1/se^2) " : "") + "least squares of y, not by the binomial likelihood");
        }
        Geometric geo;
        Linear lin;
        String better = null;
        if (lik == Likelihood.BINOMIAL) {
            double[] k = new double[m];
            for (int i = 0; i < m; i++) {
                k[i] = Math.min(cnt[i], Math.max(0, y[i] * cnt[i]));
            }
            Binomial b = new Binomial(len, k, cnt);
            geo = binomialGeometric(b);
            lin = binomialLinear(b, y, notes);
            if (b.successes == 0 || b.failures == 0) {
                better = "either";
                notes.add("every value is " + (b.successes == 0 ? "0" : "1") + ": the two shapes are not told apart");
            }
        } else {
            double[] w = new double[m];
            for (int i = 0; i < m; i++) {
                w[i] = lik == Likelihood.GAUSSIAN_SE ? 1 / (err[i] * err[i]) : 1;
            }
            Gaussian g = new Gaussian(len, y, w, lik == Likelihood.GAUSSIAN_SE ? err : null);
            geo = proportion ? gaussianPowerL(g) : gaussianCurve(g, notes);
            lin = gaussianLine(g, notes);
        }
        double delta = geo.stats().aic() - lin.stats().aic();
        return new LengthScaling(len, lik, geo, lin, delta, better != null ? better : LengthScaling.better(delta), notes);
    }

    private static String missing(double[] len, double[] cnt) {
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < len.length; i++) {
            if (!(cnt[i] > 0 && Double.isFinite(cnt[i]))) {
                sb.append(sb.length() == 0 ? "" : " ").append(lengthText(len[i]));
            }
        }
        return sb.toString();
    }

    static String lengthText(double d) {
        return d == Math.rint(d) ? Long.toString((long) d) : Double.toString(d);
    }

    private double chi2Quantile() {
        return new ChiSquaredDistribution(1).inverseCumulativeProbability(confidence);
    }

    /** {@code P(chi^2_df >= x)}: the upper regularised incomplete gamma function, accurate in the far tail. */
    static double upperChiSquare(double x, int df) {
        if (df < 1 || Double.isNaN(x)) {
            return Double.NaN;
        }
        if (x <= 0) {
            return 1;
        }
        if (Double.isInfinite(x)) {
            return 0;
        }
        return Gamma.regularizedGammaQ(df / 2.0, x / 2.0);
    }

    private static Stats stats(int parameters, double ll, double deviance, int df) {
        return new Stats(parameters, ll, 2 * parameters - 2 * ll, deviance, df, upperChiSquare(deviance, df));
    }

    // ------------------------------------------------------------------------------------------------ binomial

    /** The binomial data of one model: successes k of n at each length. */
    static final class Binomial {
        final double[] len;
        final double[] k;
        final double[] n;
        final double constant;
        final double saturated;
        final double successes;
        final double failures;

        Binomial(double[] len, double[] k, double[] n) {
            this.len = len;
            this.k = k;
            this.n = n;
            double c = 0;
            double sat = 0;
            double s = 0;
            double f = 0;
            for (int i = 0; i < len.length; i++) {
                c += Gamma.logGamma(n[i] + 1) - Gamma.logGamma(k[i] + 1) - Gamma.logGamma(n[i] - k[i] + 1);
                sat += xlogy(k[i], k[i] / n[i]) + xlogy(n[i] - k[i], (n[i] - k[i]) / n[i]);
                s += k[i];
                f += n[i] - k[i];
            }
            this.constant = c;
            this.saturated = c + sat;
            this.successes = s;
            this.failures = f;
        }

        /** Log-likelihood of success probabilities pi (one per length), given as pi and 1 - pi for precision. */
        double logLikelihood(double[] pi, double[] q) {
            double l = constant;
            for (int i = 0; i < len.length; i++) {
                l += xlogy(k[i], pi[i]) + xlogy(n[i] - k[i], q[i]);
            }
            return l;
        }

        /** {@code l(p)} of {@code pi_L = p^L}. */
        double powerL(double p) {
            double l = constant;
            double lnP = Math.log(p);
            for (int i = 0; i < len.length; i++) {
                if (k[i] > 0) {
                    l += k[i] * len[i] * lnP;
                }
                if (n[i] - k[i] > 0) {
                    l += (n[i] - k[i]) * Math.log(-Math.expm1(len[i] * lnP));
                }
            }
            return l;
        }

        /** The score {@code dl/dp} of {@code pi_L = p^L}, for p in (0, 1). */
        double score(double p) {
            double s = 0;
            double lnP = Math.log(p);
            for (int i = 0; i < len.length; i++) {
                s += len[i] * k[i] / p;
                if (n[i] - k[i] > 0) {
                    s -= (n[i] - k[i]) * len[i] * Math.exp((len[i] - 1) * lnP) / -Math.expm1(len[i] * lnP);
                }
            }
            return s;
        }
    }

    /** {@code x ln y}, 0 when x = 0. */
    static double xlogy(double x, double y) {
        return x == 0 ? 0 : x * Math.log(y);
    }

    private static final double P_LOW = 1e-200;
    private static final double P_HIGH = Math.nextDown(1.0);

    private BracketingNthOrderBrentSolver solver() {
        return new BracketingNthOrderBrentSolver(1e-14, 1e-300, 1e-300, 5);
    }

    private double root(DoubleUnaryOperator f, double lo, double hi) {
        return solver().solve(maxEvaluations, f::applyAsDouble, lo, hi, AllowedSolution.ANY_SIDE);
    }

    private Geometric binomialGeometric(Binomial b) {
        double p;
        if (b.successes == 0) {
            p = 0;
        } else if (b.failures == 0) {
            p = 1;
        } else {
            p = root(b::score, P_LOW, P_HIGH);
        }
        double ll = b.powerL(p);
        double target = ll - chi2Quantile() / 2;
        DoubleUnaryOperator g = x -> b.powerL(x) - target;
        double lower = p == 0 || g.applyAsDouble(P_LOW) >= 0 ? 0 : root(g, P_LOW, p);
        double upper = p == 1 || g.applyAsDouble(P_HIGH) >= 0 ? 1 : root(g, p, P_HIGH);
        int m = b.len.length;
        return new Geometric(P_POWER_L, p, lower, upper, PROFILE, 1, stats(1, ll, 2 * (b.saturated - ll), m - 1));
    }

    private Linear binomialLinear(Binomial b, double[] y, List<String> notes) {
        int m = b.len.length;
        double l0 = b.len[0];
        double span = b.len[m - 1] - l0;
        double[] pi = new double[m];
        double[] q = new double[m];
        // parameters: the line's values at the shortest and the longest length
        ObjectiveFunction f = new ObjectiveFunction(uv -> {
            for (int i = 0; i < m; i++) {
                double v = uv[0] + (uv[1] - uv[0]) * (b.len[i] - l0) / span;
                pi[i] = Math.min(Math.max(v, CLIP), 1 - CLIP);
                q[i] = 1 - pi[i];
            }
            return b.logLikelihood(pi, q);
        });
        org.hipparchus.stat.regression.SimpleRegression ols = new org.hipparchus.stat.regression.SimpleRegression();
        for (int i = 0; i < m; i++) {
            ols.addData(b.len[i], y[i]);
        }
        double[][] starts = {{ols.predict(l0), ols.predict(l0 + span)}, {y[0], y[m - 1]}};
        PointValuePair best = null;
        try {
            for (double[] s : starts) {
                PointValuePair r = nelderMead(f, s);
                if (best == null || r.getValue() > best.getValue()) {
                    best = r;
                }
            }
            for (int restart = 0; restart < 20; restart++) {
                PointValuePair r = nelderMead(f, best.getPoint());
                boolean improved = r.getValue() > best.getValue() + 1e-12 * Math.max(1, Math.abs(best.getValue()));
                if (r.getValue() > best.getValue()) {
                    best = r;
                }
                if (!improved) {
                    break;
                }
            }
        } catch (MathIllegalStateException e) {
            notes.add("clipped linear binomial fit did not converge: " + e.getMessage());
            return new Linear(Double.NaN, Double.NaN, Double.NaN, Double.NaN, "", Stats.failed(2, m - 2));
        }
        double[] uv = best.getPoint();
        double slope = (uv[1] - uv[0]) / span;
        double ll = best.getValue();
        return new Linear(uv[0] - slope * l0, slope, Double.NaN, Double.NaN, "", stats(2, ll, 2 * (b.saturated - ll), m - 2));
    }

    private PointValuePair nelderMead(ObjectiveFunction f, double[] start) {
        return new SimplexOptimizer(1e-13, 1e-13).optimize(new MaxEval(maxEvaluations), f, GoalType.MAXIMIZE,
                new InitialGuess(start.clone()), new NelderMeadSimplex(new double[] {0.05, 0.05}));
    }

    // ------------------------------------------------------------------------------------------------ Gaussian

    /** Gaussian data: y with weights w (1/se^2 with se known, else 1). */
    static final class Gaussian {
        final double[] len;
        final double[] y;
        final double[] w;
        final double[] se;
        final double logNormaliser;

        Gaussian(double[] len, double[] y, double[] w, double[] se) {
            this.len = len;
            this.y = y;
            this.w = w;
            this.se = se;
            double c = 0;
            if (se != null) {
                for (double e : se) {
                    c += Math.log(2 * Math.PI * e * e);
                }
            }
            this.logNormaliser = c;
        }

        boolean known() {
            return se != null;
        }

        double sse(DoubleUnaryOperator f) {
            double s = 0;
            for (int i = 0; i < len.length; i++) {
                double r = y[i] - f.applyAsDouble(len[i]);
                s += w[i] * r * r;
            }
            return s;
        }

        /** Maximised log-likelihood of a fit with weighted residual sum of squares s. */
        double logLikelihood(double s) {
            int m = len.length;
            return known() ? -0.5 * (s + logNormaliser) : -0.5 * m * (Math.log(2 * Math.PI * s / m) + 1);
        }

        /** Parameters counted by AIC for a shape of p mean parameters. */
        int parameters(int p) {
            return known() ? p : p + 1;
        }

        Stats stats(int p, double s) {
            int m = len.length;
            return LengthFitter.stats(parameters(p), logLikelihood(s), known() ? s : Double.NaN, m - p);
        }
    }

    private Geometric gaussianPowerL(Gaussian g) {
        int grid = 400;
        int bestJ = 0;
        double bestS = Double.POSITIVE_INFINITY;
        for (int j = 0; j <= grid; j++) {
            double p = (double) j / grid;
            double s = g.sse(l -> Math.pow(p, l));
            if (s < bestS) {
                bestS = s;
                bestJ = j;
            }
        }
        double lo = Math.max(0, (bestJ - 1.0) / grid);
        double hi = Math.min(1, (bestJ + 1.0) / grid);
        UnivariatePointValuePair opt = new BrentOptimizer(1e-12, 1e-15).optimize(new MaxEval(maxEvaluations),
                new UnivariateObjectiveFunction(p -> g.sse(l -> Math.pow(p, l))), GoalType.MINIMIZE,
                new SearchInterval(lo, hi, (double) bestJ / grid));
        double p = opt.getValue() <= bestS ? opt.getPoint() : (double) bestJ / grid;
        double s = Math.min(opt.getValue(), bestS);
        int m = g.len.length;
        double q = chi2Quantile();
        double lower;
        double upper;
        if (!(s > 0)) {
            lower = p;
            upper = p;
        } else {
            DoubleUnaryOperator h = x -> {
                double sx = g.sse(l -> Math.pow(x, l));
                return (g.known() ? sx - s : m * Math.log(sx / s)) - q;
            };
            lower = p == 0 || h.applyAsDouble(0) <= 0 ? 0 : root(h, 0, p);
            upper = p == 1 || h.applyAsDouble(1) <= 0 ? 1 : root(h, p, 1);
        }
        return new Geometric(P_POWER_L, p, lower, upper, PROFILE, 1, g.stats(1, s));
    }

    /** {@code y = C r^L}, parameters (C, r), r kept positive. */
    static final CurveModel GEOMETRIC = new CurveModel() {
        @Override
        public String name() {
            return "geometric C*r^L";
        }

        @Override
        public List<String> parameterNames() {
            return List.of("C", "r");
        }

        @Override
        public double value(double x, double[] t) {
            return t[0] * Math.pow(t[1], x);
        }

        @Override
        public void gradient(double x, double[] t, double[] out) {
            out[0] = Math.pow(t[1], x);
            out[1] = t[0] * x * Math.pow(t[1], x - 1);
        }

        @Override
        public double[] constrain(double[] t) {
            return t[1] > 1e-12 ? t : new double[] {t[0], 1e-12};
        }
    };

    /** {@code y = a + b L}, parameters (a, b). */
    static final CurveModel LINE = new CurveModel() {
        @Override
        public String name() {
            return "line a+b*L";
        }

        @Override
        public List<String> parameterNames() {
            return List.of("a", "b");
        }

        @Override
        public double value(double x, double[] t) {
            return t[0] + t[1] * x;
        }

        @Override
        public void gradient(double x, double[] t, double[] out) {
            out[0] = 1;
            out[1] = x;
        }
    };

    private FitResult curve(CurveModel model, Gaussian g, double[] start) {
        return CurveFitter.create().withConfidence(confidence).fit(model, g.len, g.y, g.se, g.known(), start);
    }

    private Geometric gaussianCurve(Gaussian g, List<String> notes) {
        int m = g.len.length;
        // start: least squares of ln|y| on L over the points of the majority sign
        double sum = Arrays.stream(g.y).sum();
        double sign = sum < 0 ? -1 : 1;
        org.hipparchus.stat.regression.SimpleRegression r = new org.hipparchus.stat.regression.SimpleRegression();
        for (int i = 0; i < m; i++) {
            if (sign * g.y[i] > 0) {
                r.addData(g.len[i], Math.log(sign * g.y[i]));
            }
        }
        double[] start = r.getN() >= 2 ? new double[] {sign * Math.exp(r.getIntercept()), Math.exp(r.getSlope())}
                : new double[] {sum == 0 ? 1e-12 : sum / m, 1};
        try {
            FitResult f = curve(GEOMETRIC, g, start);
            Interval iv = f.intervals().get(1);
            boolean finite = Double.isFinite(iv.lower()) && Double.isFinite(iv.upper());
            return new Geometric(C_R_POWER_L, f.theta()[1], finite ? iv.lower() : Double.NaN, finite ? iv.upper() : Double.NaN,
                    finite ? WALD_T : "", f.theta()[0], g.stats(2, f.chiSquare()));
        } catch (FitException | MathIllegalArgumentException | IllegalArgumentException e) {
            notes.add("C*r^L fit failed: " + e.getMessage());
            return new Geometric(C_R_POWER_L, Double.NaN, Double.NaN, Double.NaN, "", Double.NaN,
                    Stats.failed(g.parameters(2), m - 2));
        }
    }

    private Linear gaussianLine(Gaussian g, List<String> notes) {
        int m = g.len.length;
        try {
            FitResult f = curve(LINE, g, new double[] {0, 0});
            Interval iv = f.intervals().get(1);
            boolean finite = Double.isFinite(iv.lower()) && Double.isFinite(iv.upper());
            return new Linear(f.theta()[0], f.theta()[1], finite ? iv.lower() : Double.NaN, finite ? iv.upper() : Double.NaN,
                    finite ? WALD_T : "", g.stats(2, f.chiSquare()));
        } catch (FitException | MathIllegalArgumentException | IllegalArgumentException e) {
            notes.add("linear fit failed: " + e.getMessage());
            return new Linear(Double.NaN, Double.NaN, Double.NaN, Double.NaN, "", Stats.failed(g.parameters(2), m - 2));
        }
    }

    @Override
    public String toString() {
        return String.format(Locale.ROOT, "LengthFitter(confidence %.3g, max evaluations %d)", confidence, maxEvaluations);
    }
}

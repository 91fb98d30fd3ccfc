package mirage.core.analysis;

import java.util.List;

/**
 * How one model's metric changes with the target length L, fitted by {@link LengthFitter}: the paper's second
 * and third predictions (Schaeffer, Miranda and Koyejo 2023, Section 3, Figure 3). If every token is right with
 * probability p independently, exact match falls geometrically, {@code E[acc] = p^L}, and token edit distance grows
 * linearly, {@code E[dist] ~ L (1 - p)}. Two shapes are fitted to the same values with the same likelihood and
 * compared by AIC:
 * <ul>
 * <li>{@link #geometric()}: {@code p^L} (no free intercept) for proportions, {@code C r^L} otherwise;</li>
 * <li>{@link #linear()}: {@code a + b L} (inside the binomial likelihood clipped to {@code [eps, 1 - eps]},
 * {@link LengthFitter#CLIP}).</li>
 * </ul>
 * {@code deltaAic = AIC(geometric) - AIC(linear)}; {@link #better()} is {@code geometric} when
 * {@code deltaAic <= -2}, {@code linear} when {@code deltaAic >= 2}, {@code either} when {@code |deltaAic| < 2} or
 * when the data cannot tell the shapes apart (every proportion 0, or every one 1), and empty when an AIC is undefined.
 *
 * @param lengths the target lengths used (sorted, distinct)
 * @param likelihood the likelihood both shapes were fitted with
 * @param geometric the geometric fit
 * @param linear the linear fit
 * @param deltaAic AIC(geometric) - AIC(linear); NaN when either is undefined
 * @param better {@code geometric}, {@code linear}, {@code either} or empty (see above)
 * @param notes what was assumed or could not be done (item counts unknown, a fit that failed, ...)
 */
public record LengthScaling(double[] lengths, Likelihood likelihood, Geometric geometric, Linear linear, double deltaAic,
                            String better, List<String> notes) {

    /** The likelihood both shapes are fitted with. */
    public enum Likelihood {
        /** Proportions with item counts at every length: binomial, {@code k_L = y_L n_L} successes of {@code n_L}. */
        BINOMIAL("binomial"),
        /** Gaussian on y with every point's standard error known: weights {@code 1/se^2}, variance known. */
        GAUSSIAN_SE("gaussian_se"),
        /** Gaussian on y, equal weights, variance estimated (its MLE {@code SSE/m}, one more parameter). */
        GAUSSIAN("gaussian");

        private final String key;

        Likelihood(String key) {
            this.key = key;
        }

        /** The name written in lengths.csv. */
        public String key() {
            return key;
        }
    }

    /**
     * How well one shape fits.
     *
     * @param parameters free parameters counted by AIC (the Gaussian variance included when estimated)
     * @param logLikelihood the maximised log-likelihood (binomial with its {@code ln C(n, k)} terms; Gaussian with
     *     its {@code ln(2 pi sigma^2)} terms); NaN when the fit failed
     * @param aic {@code 2 parameters - 2 logLikelihood}
     * @param deviance binomial: {@code 2 (l_saturated - l)}; Gaussian with standard errors: {@code sum ((y - f)/se)^2};
     *     NaN for the Gaussian with estimated variance (no absolute scale)
     * @param df degrees of freedom of the goodness-of-fit test: lengths minus fitted mean parameters
     * @param gofP {@code P(chi^2_df >= deviance)}; NaN when the deviance is or when {@code df < 1}
     */
    public record Stats(int parameters, double logLikelihood, double aic, double deviance, int df, double gofP) {
        static Stats failed(int parameters, int df) {
            return new Stats(parameters, Double.NaN, Double.NaN, Double.NaN, df, Double.NaN);
        }
    }

    /**
     * The geometric shape {@code y = C r^L}.
     *
     * @param form {@code p^L} (proportions: C = 1, r = p the per-token probability) or {@code C*r^L}
     * @param factor p or r
     * @param lower lower end of the factor's interval (NaN when none)
     * @param upper upper end
     * @param interval how the interval was made: {@code profile_likelihood} (the set where the log-likelihood is
     *     within {@code chi^2_{1,conf}/2} of its maximum) or {@code wald_t} ({@code r +- t_{m-2} se}, from
     *     {@link mirage.core.fit.CurveFitter}); empty when none
     * @param scale C (1 for {@code p^L})
     * @param stats fit statistics
     */
    public record Geometric(String form, double factor, double lower, double upper, String interval, double scale, Stats stats) {
        /** {@code C r^L}. */
        public double value(double length) {
            return scale * Math.pow(factor, length);
        }
    }

    /**
     * The linear shape {@code y = a + b L}.
     *
     * @param intercept a
     * @param slope b
     * @param lower lower end of the slope's interval ({@code wald_t}; NaN for the binomial fit)
     * @param upper upper end
     * @param interval {@code wald_t} or empty
     * @param stats fit statistics
     */
    public record Linear(double intercept, double slope, double lower, double upper, String interval, Stats stats) {
        /** {@code a + b L} (unclipped). */
        public double value(double length) {
            return intercept + slope * length;
        }
    }

    public LengthScaling {
        lengths = lengths.clone();
        notes = List.copyOf(notes);
    }

    @Override
    public double[] lengths() {
        return lengths.clone();
    }

    /** Whether the geometric shape is {@code p^L} (a proportion), so that {@code geometric().factor()} is p. */
    public boolean perTokenProbability() {
        return geometric.form().equals(LengthFitter.P_POWER_L);
    }

    /** The comparison rule of the class comment. */
    static String better(double deltaAic) {
        if (Double.isNaN(deltaAic)) {
            return "";
        }
        if (Math.abs(deltaAic) < 2) {
            return "either";
        }
        return deltaAic < 0 ? "geometric" : "linear";
    }
}

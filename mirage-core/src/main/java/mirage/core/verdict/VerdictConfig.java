package mirage.core.verdict;

import java.util.LinkedHashMap;
import java.util.Map;
import mirage.core.analysis.CurveShape;

/**
 * Every threshold and setting of the verdict rule, immutable ({@code withX(..)} returns a copy). The whole
 * configuration is recorded in the provenance of every output ({@link #asMap()}), and docs/ANALYSIS.md ("The
 * verdict") says why each default is what it is.
 *
 * @param sharpness tau: D is sharp when {@code eta = ES/(k-1) >= tau} (default 3)
 * @param jumpRatio S jumps at D's jump when its error there is at least this factor below the trend of the
 *     two sizes before (default 2: the excess {@code ln(e_trend/e) >= ln 2})
 * @param fdr the false discovery rate of every family of tests (Benjamini-Hochberg; default 0.05)
 * @param confidence level of the reported intervals (default 0.95)
 * @param tolerance a composed prediction within this share of D's range counts as explaining D (default 0.05)
 * @param nearFloor a point counts as "D looks absent" when its composed prediction is within this share of the
 *     predicted range from D's floor (default 0.10)
 * @param power power of the one-sided test behind "items needed" (default 0.8)
 * @param powerLawMisfit S is "not a power law" (when the route fails) when its power law misses by at least this share
 *     of S's range (default 0.10) ...
 * @param lackOfFitAlpha ... with a lack-of-fit p-value below this (default 0.01; or S's uncertainty unknown)
 * @param shape the curve-shape rules applied to D (sizes, noise, reversals, saturation)
 * @param resamples bootstrap resamples (or per-point draws) for D's sharpness and S's trend (default 1000)
 * @param fitResamples resamples of the composed route's intervals (default 200)
 * @param seed root seed; each triplet's streams derive from it and the triplet's key
 * @param undeclaredPartners also judge D against a smooth metric that is not one of its declared partners
 * @param threads threads (results do not depend on it)
 */
public record VerdictConfig(double sharpness, double jumpRatio, double fdr, double confidence, double tolerance,
                            double nearFloor, double power, double powerLawMisfit, double lackOfFitAlpha, CurveShape.Rules shape, int resamples, int fitResamples,
                            long seed, boolean undeclaredPartners, int threads) {

    /**
     * Items per size beyond which a prediction counts as unresolvable by any test set (ten million): where the
     * smooth route predicts a rate that small, a measured zero agrees with it.
     */
    public static final long MAX_ITEMS = 10_000_000L;

    /**
     * S's jump counts only where D rises with it: over the window from the trend's last size to one size after S's
     * jump, D improves by at least this share of its range (and by {@code shape.noiseZ} standard errors). A jump of S
     * far from D's rise, or over a stretch where D only wanders within its noise, says nothing about D's jump (real
     * case: CrowS-Pairs' stereotype score along Pythia's training, 0.63..0.84 with about 90 pairs, while its likelihood
     * difference fell early in training).
     */
    public static final double RISE_SHARE = 1.0 / 3;

    public VerdictConfig {
        if (!(sharpness > 1)) {
            throw new IllegalArgumentException("sharpness threshold must exceed 1 (equal steps), got " + sharpness);
        }
        if (!(jumpRatio > 1)) {
            throw new IllegalArgumentException("jump ratio must exceed 1, got " + jumpRatio);
        }
        if (!(fdr > 0 && fdr < 1)) {
            throw new IllegalArgumentException("FDR level must be in (0, 1), got " + fdr);
        }
        if (!(confidence > 0 && confidence < 1)) {
            throw new IllegalArgumentException("confidence must be in (0, 1), got " + confidence);
        }
        if (resamples < 20 || fitResamples < 2) {
            throw new IllegalArgumentException("resamples must be at least 20 (route: 2), got " + resamples + ", " + fitResamples);
        }
        if (threads < 1) {
            throw new IllegalArgumentException("threads must be at least 1, got " + threads);
        }
    }

    /** The documented defaults, seed 0, all processors. */
    public static VerdictConfig defaults() {
        return new VerdictConfig(3.0, 2.0, 0.05, 0.95, 0.05, 0.10, 0.8, 0.10, 0.01, CurveShape.defaults(), 1000, 200, 0, false,
                Runtime.getRuntime().availableProcessors());
    }

    public VerdictConfig withSharpness(double tau) {
        return new VerdictConfig(tau, jumpRatio, fdr, confidence, tolerance, nearFloor, power, powerLawMisfit, lackOfFitAlpha, shape, resamples, fitResamples,
                seed, undeclaredPartners, threads);
    }

    public VerdictConfig withJumpRatio(double r) {
        return new VerdictConfig(sharpness, r, fdr, confidence, tolerance, nearFloor, power, powerLawMisfit, lackOfFitAlpha, shape, resamples, fitResamples,
                seed, undeclaredPartners, threads);
    }

    public VerdictConfig withFdr(double q) {
        return new VerdictConfig(sharpness, jumpRatio, q, confidence, tolerance, nearFloor, power, powerLawMisfit, lackOfFitAlpha, shape, resamples, fitResamples,
                seed, undeclaredPartners, threads);
    }

    public VerdictConfig withShape(CurveShape.Rules r) {
        return new VerdictConfig(sharpness, jumpRatio, fdr, confidence, tolerance, nearFloor, power, powerLawMisfit, lackOfFitAlpha, r, resamples, fitResamples,
                seed, undeclaredPartners, threads);
    }

    /** Resamples for D's sharpness and S's trend, and for the composed route's intervals. */
    public VerdictConfig withResamples(int evidence, int route) {
        return new VerdictConfig(sharpness, jumpRatio, fdr, confidence, tolerance, nearFloor, power, powerLawMisfit, lackOfFitAlpha, shape, evidence, route,
                seed, undeclaredPartners, threads);
    }

    public VerdictConfig withSeed(long s) {
        return new VerdictConfig(sharpness, jumpRatio, fdr, confidence, tolerance, nearFloor, power, powerLawMisfit, lackOfFitAlpha, shape, resamples, fitResamples,
                s, undeclaredPartners, threads);
    }

    public VerdictConfig withUndeclaredPartners(boolean allow) {
        return new VerdictConfig(sharpness, jumpRatio, fdr, confidence, tolerance, nearFloor, power, powerLawMisfit, lackOfFitAlpha, shape, resamples, fitResamples,
                seed, allow, threads);
    }

    public VerdictConfig withThreads(int t) {
        return new VerdictConfig(sharpness, jumpRatio, fdr, confidence, tolerance, nearFloor, power, powerLawMisfit, lackOfFitAlpha, shape, resamples, fitResamples,
                seed, undeclaredPartners, t);
    }

    /** Every setting by name, for provenance (threads left out: results do not depend on them). */
    public Map<String, Object> asMap() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("sharpness_eta", sharpness);
        m.put("jump_ratio", jumpRatio);
        m.put("fdr", fdr);
        m.put("confidence", confidence);
        m.put("route_tolerance", tolerance);
        m.put("near_floor", nearFloor);
        m.put("power", power);
        m.put("power_law_misfit", powerLawMisfit);
        m.put("lack_of_fit_alpha", lackOfFitAlpha);
        m.put("min_sizes", shape.minSizes());
        m.put("noise_z", shape.noiseZ());
        m.put("reversal", shape.reversal());
        m.put("saturation", shape.saturation());
        m.put("chance_margin", shape.chanceMargin());
        m.put("resamples", resamples);
        m.put("route_resamples", fitResamples);
        m.put("max_items", MAX_ITEMS);
        m.put("partner_jump_rise_share", RISE_SHARE);
        m.put("seed", seed);
        m.put("undeclared_partners", undeclaredPartners);
        return m;
    }
}

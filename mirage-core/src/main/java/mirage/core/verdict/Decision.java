package mirage.core.verdict;

import mirage.core.analysis.CurveShape;

/**
 * The decision of the verdict rule from a triplet's evidence: a pure function, so that every path can be
 * tested on its own ({@code DecisionTest}). The evidence is always computed in full before this runs; the order
 * below only says which fact decides (docs/ANALYSIS.md, "The verdict"):
 * <ol>
 *   <li>fewer than the minimum sizes: {@code unresolved} ({@link Reason#TOO_FEW_SIZES});</li>
 *   <li>D's shape: non-monotone beyond noise: {@code unresolved}; flat within noise, at chance, falling or
 *       saturating: {@code smooth} (a flat D whose zeros the route says more items would lift: {@code unresolved});</li>
 *   <li>D rising: S non-monotone beyond noise: {@code unresolved}; S outside its error form's domain:
 *       {@code unresolved};</li>
 *   <li>S jumps at D's largest step (its excess over its own trend above ln(jump ratio) after Benjamini-Hochberg):
 *       {@code emergent}, however sharp D looks (with few sizes eta cannot be large, while a jump of S is a direct
 *       test of a real transition);</li>
 *   <li>no uncertainty known for D: {@code unresolved}; D significantly not sharp (eta below tau after
 *       Benjamini-Hochberg): {@code smooth};</li>
 *   <li>S significantly does not jump there: the composed route explains D: {@code mirage} when eta &gt;= tau, else
 *       {@code smooth}; the route fails: {@code unresolved} (S not a power law, or D moves beyond what S implies);</li>
 *   <li>otherwise {@code unresolved}: D jumps at its first step (no trend of S before it), or the evidence on S
 *       or on D's sharpness is not conclusive.</li>
 * </ol>
 */
public final class Decision {
    private Decision() {
    }

    /** Why a verdict came out as it did (written as {@code reason} in verdicts.csv). */
    public enum Reason {
        TOO_FEW_SIZES(Verdict.Kind.UNRESOLVED, "too_few_sizes"),
        NON_MONOTONE(Verdict.Kind.UNRESOLVED, "non_monotone"),
        FLAT_BELOW_RESOLUTION(Verdict.Kind.UNRESOLVED, "flat_below_resolution"),
        FLAT(Verdict.Kind.SMOOTH, "flat"),
        AT_CHANCE(Verdict.Kind.SMOOTH, "at_chance"),
        FALLING(Verdict.Kind.SMOOTH, "falling"),
        SATURATING(Verdict.Kind.SMOOTH, "saturating"),
        NO_UNCERTAINTY(Verdict.Kind.UNRESOLVED, "no_uncertainty"),
        NOT_SHARP(Verdict.Kind.SMOOTH, "not_sharp"),
        PARTNER_DOMAIN(Verdict.Kind.UNRESOLVED, "partner_outside_domain"),
        PARTNER_JUMPS(Verdict.Kind.EMERGENT, "partner_jumps"),
        ROUTE_EXPLAINS(Verdict.Kind.MIRAGE, "route_explains"),
        ROUTE_EXPLAINS_NOT_SHARP(Verdict.Kind.SMOOTH, "route_explains_not_sharp"),
        PARTNER_NOT_POWER_LAW(Verdict.Kind.UNRESOLVED, "partner_not_power_law"),
        ROUTE_FAILS(Verdict.Kind.UNRESOLVED, "route_fails"),
        JUMP_AT_FIRST_STEP(Verdict.Kind.UNRESOLVED, "jump_at_first_step"),
        PARTNER_UNCERTAIN(Verdict.Kind.UNRESOLVED, "partner_uncertain"),
        SHARPNESS_UNCERTAIN(Verdict.Kind.UNRESOLVED, "sharpness_uncertain");

        private final Verdict.Kind kind;
        private final String key;

        Reason(Verdict.Kind kind, String key) {
            this.kind = kind;
            this.key = key;
        }

        public Verdict.Kind kind() {
            return kind;
        }

        public String key() {
            return key;
        }
    }

    /**
     * The facts the decision reads.
     *
     * @param shape D's shape
     * @param partnerShape S's shape (on its own values; only non-monotone matters)
     * @param flatBelowResolution a flat D at its floor whose route prediction a feasible test set could see
     * @param eta D's eta
     * @param tau the sharpness threshold
     * @param sharpnessTestable whether D's sharpness could be tested (its uncertainty is known)
     * @param sharp D significantly sharp (q of "eta &gt; tau" at most the FDR, and eta &gt;= tau)
     * @param notSharp D significantly not sharp
     * @param partnerDomain S outside its error form's domain
     * @param trendComputable whether S's excess at D's jump could be computed (two sizes before the jump)
     * @param jumps S significantly jumps at D's jump
     * @param noJump S significantly does not jump there
     * @param routeExplains whether the composed route was fitted and explains every point of D
     * @param partnerNotPowerLaw S's power law misses by at least 10% of its range with a significant lack of fit
     */
    public record Facts(CurveShape.Kind shape, CurveShape.Kind partnerShape, boolean flatBelowResolution, double eta, double tau, boolean sharpnessTestable,
                        boolean sharp, boolean notSharp, boolean partnerDomain, boolean trendComputable, boolean jumps,
                        boolean noJump, boolean routeExplains, boolean partnerNotPowerLaw) {
    }

    public static Reason decide(Facts f) {
        switch (f.shape()) {
            case TOO_FEW_SIZES:
                return Reason.TOO_FEW_SIZES;
            case NON_MONOTONE:
                return Reason.NON_MONOTONE;
            case FLAT:
                return f.flatBelowResolution() ? Reason.FLAT_BELOW_RESOLUTION : Reason.FLAT;
            case AT_CHANCE:
                return f.flatBelowResolution() ? Reason.FLAT_BELOW_RESOLUTION : Reason.AT_CHANCE;
            case FALLING:
                return Reason.FALLING;
            case SATURATING:
                return Reason.SATURATING;
            default:
                break;
        }
        if (f.partnerShape() == CurveShape.Kind.NON_MONOTONE) {
            return Reason.NON_MONOTONE;
        }
        if (f.partnerDomain()) {
            return Reason.PARTNER_DOMAIN;
        }
        if (f.jumps()) {
            return Reason.PARTNER_JUMPS;
        }
        if (!f.sharpnessTestable()) {
            return Reason.NO_UNCERTAINTY;
        }
        if (f.notSharp()) {
            return Reason.NOT_SHARP;
        }
        boolean looksSharp = f.eta() >= f.tau();
        if (f.noJump()) {
            if (f.routeExplains()) {
                return looksSharp ? Reason.ROUTE_EXPLAINS : Reason.ROUTE_EXPLAINS_NOT_SHARP;
            }
            return f.partnerNotPowerLaw() ? Reason.PARTNER_NOT_POWER_LAW : Reason.ROUTE_FAILS;
        }
        if (!f.trendComputable()) {
            return f.sharp() ? Reason.JUMP_AT_FIRST_STEP : Reason.SHARPNESS_UNCERTAIN;
        }
        return f.sharp() ? Reason.PARTNER_UNCERTAIN : Reason.SHARPNESS_UNCERTAIN;
    }
}

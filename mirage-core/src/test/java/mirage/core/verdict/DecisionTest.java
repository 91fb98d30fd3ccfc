package mirage.core.verdict;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.EnumSet;
import java.util.Set;
import mirage.core.analysis.CurveShape.Kind;
import mirage.core.verdict.Decision.Facts;
import mirage.core.verdict.Decision.Reason;
import org.junit.jupiter.api.Test;

/** Every path of the decision, from facts set by hand (the evidence that produces them is tested elsewhere). */
class DecisionTest {
    /** A rising D with a rising S; everything else off: a sharp-looking D whose partner evidence is inconclusive. */
    private static Facts base() {
        return new Facts(Kind.RISING, Kind.RISING, false, 5.0, 3.0, true, true, false, false, true, false, false, false, false);
    }

    private static Facts with(Facts f, String what, Object v) {
        return new Facts(what.equals("shape") ? (Kind) v : f.shape(), what.equals("partnerShape") ? (Kind) v : f.partnerShape(),
                what.equals("flatBelow") ? (Boolean) v : f.flatBelowResolution(), what.equals("eta") ? (Double) v : f.eta(), f.tau(),
                what.equals("testable") ? (Boolean) v : f.sharpnessTestable(), what.equals("sharp") ? (Boolean) v : f.sharp(),
                what.equals("notSharp") ? (Boolean) v : f.notSharp(), what.equals("domain") ? (Boolean) v : f.partnerDomain(),
                what.equals("trend") ? (Boolean) v : f.trendComputable(), what.equals("jumps") ? (Boolean) v : f.jumps(),
                what.equals("noJump") ? (Boolean) v : f.noJump(), what.equals("explains") ? (Boolean) v : f.routeExplains(),
                what.equals("notPowerLaw") ? (Boolean) v : f.partnerNotPowerLaw());
    }

    @Test
    void shapesDecideFirst() {
        assertThat(Decision.decide(with(base(), "shape", Kind.TOO_FEW_SIZES))).isEqualTo(Reason.TOO_FEW_SIZES);
        assertThat(Decision.decide(with(base(), "shape", Kind.NON_MONOTONE))).isEqualTo(Reason.NON_MONOTONE);
        assertThat(Decision.decide(with(base(), "shape", Kind.FLAT))).isEqualTo(Reason.FLAT);
        assertThat(Decision.decide(with(with(base(), "shape", Kind.FLAT), "flatBelow", true))).isEqualTo(Reason.FLAT_BELOW_RESOLUTION);
        assertThat(Decision.decide(with(base(), "shape", Kind.AT_CHANCE))).isEqualTo(Reason.AT_CHANCE);
        assertThat(Decision.decide(with(with(base(), "shape", Kind.AT_CHANCE), "flatBelow", true))).isEqualTo(Reason.FLAT_BELOW_RESOLUTION);
        assertThat(Decision.decide(with(base(), "shape", Kind.FALLING))).isEqualTo(Reason.FALLING);
        assertThat(Decision.decide(with(base(), "shape", Kind.SATURATING))).isEqualTo(Reason.SATURATING);
        // a shape decides even when S jumps
        assertThat(Decision.decide(with(with(base(), "shape", Kind.SATURATING), "jumps", true))).isEqualTo(Reason.SATURATING);
    }

    @Test
    void aNonMonotonePartnerStopsTheVerdict() {
        assertThat(Decision.decide(with(with(base(), "partnerShape", Kind.NON_MONOTONE), "jumps", true))).isEqualTo(Reason.NON_MONOTONE);
    }

    @Test
    void partnerOutsideItsDomain() {
        assertThat(Decision.decide(with(base(), "domain", true))).isEqualTo(Reason.PARTNER_DOMAIN);
    }

    @Test
    void aJumpOfThePartnerIsEmergentHoweverSharpDLooks() {
        assertThat(Decision.decide(with(base(), "jumps", true))).isEqualTo(Reason.PARTNER_JUMPS);
        Facts gradual = with(with(with(base(), "jumps", true), "eta", 1.2), "notSharp", true);
        assertThat(Decision.decide(gradual)).isEqualTo(Reason.PARTNER_JUMPS);
        assertThat(Reason.PARTNER_JUMPS.kind()).isEqualTo(Verdict.Kind.EMERGENT);
    }

    @Test
    void withoutUncertaintyNothingIsTested() {
        assertThat(Decision.decide(with(base(), "testable", false))).isEqualTo(Reason.NO_UNCERTAINTY);
    }

    @Test
    void significantlyGradualIsSmooth() {
        assertThat(Decision.decide(with(with(base(), "eta", 1.2), "notSharp", true))).isEqualTo(Reason.NOT_SHARP);
    }

    @Test
    void aSmoothPartnerWhoseRouteExplainsDMakesAMirageOrASmoothVerdict() {
        Facts f = with(with(base(), "noJump", true), "explains", true);
        assertThat(Decision.decide(f)).isEqualTo(Reason.ROUTE_EXPLAINS);
        assertThat(Decision.decide(with(with(f, "eta", 2.0), "sharp", false))).isEqualTo(Reason.ROUTE_EXPLAINS_NOT_SHARP);
        // sharpness not established, but S smooth and the route explains D: still a mirage when eta >= tau
        assertThat(Decision.decide(with(f, "sharp", false))).isEqualTo(Reason.ROUTE_EXPLAINS);
    }

    @Test
    void aRouteThatMissesIsUnresolvedWithItsReason() {
        Facts f = with(base(), "noJump", true);
        assertThat(Decision.decide(f)).isEqualTo(Reason.ROUTE_FAILS);
        assertThat(Decision.decide(with(f, "notPowerLaw", true))).isEqualTo(Reason.PARTNER_NOT_POWER_LAW);
    }

    @Test
    void inconclusiveEvidence() {
        assertThat(Decision.decide(with(base(), "trend", false))).isEqualTo(Reason.JUMP_AT_FIRST_STEP);
        assertThat(Decision.decide(with(with(base(), "trend", false), "sharp", false))).isEqualTo(Reason.SHARPNESS_UNCERTAIN);
        assertThat(Decision.decide(base())).isEqualTo(Reason.PARTNER_UNCERTAIN);
        assertThat(Decision.decide(with(base(), "sharp", false))).isEqualTo(Reason.SHARPNESS_UNCERTAIN);
    }

    @Test
    void everyReasonIsReachedByATestAbove() {
        // the reasons exercised in this class, listed once: a new reason without a path fails here
        Set<Reason> tested = EnumSet.of(Reason.TOO_FEW_SIZES, Reason.NON_MONOTONE, Reason.FLAT_BELOW_RESOLUTION, Reason.FLAT,
                Reason.AT_CHANCE, Reason.FALLING, Reason.SATURATING, Reason.NO_UNCERTAINTY, Reason.NOT_SHARP,
                Reason.PARTNER_DOMAIN, Reason.PARTNER_JUMPS, Reason.ROUTE_EXPLAINS, Reason.ROUTE_EXPLAINS_NOT_SHARP,
                Reason.PARTNER_NOT_POWER_LAW, Reason.ROUTE_FAILS, Reason.JUMP_AT_FIRST_STEP, Reason.PARTNER_UNCERTAIN,
                Reason.SHARPNESS_UNCERTAIN);
        assertThat(tested).containsExactlyInAnyOrder(Reason.values());
        for (Reason r : Reason.values()) {
            assertThat(r.key()).matches("[a-z_]+");
        }
    }
}

package mirage.core.verdict;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.ArrayList;
import java.util.List;
import mirage.core.data.Model;
import mirage.core.data.Sample;
import org.junit.jupiter.api.Test;

/** The verdict's intervals contain their estimates, also where the estimate is infinite from ties. */
class PercentileIntervalTest {

    static final double[] REPS = {0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10}; // sorted; numpy 2.x percentile(REPS, [2.5, 97.5]) = 0.25, 9.75

    @Test
    void thePercentileIntervalWhenItContainsTheEstimate() {
        assertThat(PercentileInterval.of(5, REPS, 0.95)).containsExactly(new double[] {0.25, 9.75, 0}, within(1e-12));
        assertThat(PercentileInterval.of(Double.NaN, REPS, 0.95)).containsExactly(new double[] {0.25, 9.75, 0}, within(1e-12));
    }

    @Test
    void widenedToAnEstimateOutsideIt() {
        double[] up = PercentileInterval.of(Double.POSITIVE_INFINITY, REPS, 0.95);
        assertThat(up[0]).isCloseTo(0.25, within(1e-12));
        assertThat(up[1]).isEqualTo(Double.POSITIVE_INFINITY);
        assertThat(up[2]).isEqualTo(1);
        assertThat(PercentileInterval.of(-3, REPS, 0.95)).containsExactly(new double[] {-3, 9.75, 1}, within(1e-12));
    }

    @Test
    void noIntervalFromFewerThanTenReplicates() {
        double[] r = PercentileInterval.of(1, new double[] {1, 2, 3}, 0.95);
        assertThat(r[0]).isNaN();
        assertThat(r[1]).isNaN();
        assertThat(r[2]).isZero();
    }

    /**
     * The case of issue 13 ({@code eta = inf [-0.948, 0.799]}) as it came back in the demo's trained family at answer
     * length 1: 7 items, the same 5 right at five sizes and 6 at the largest, judged from per-point draws (Jeffreys
     * posteriors of the counts): ties make eta infinite while almost every draw is finite.
     */
    @Test
    void aCurveOfTiesGetsAnIntervalThatContainsItsInfiniteEta() {
        List<Sample> s = new ArrayList<>();
        for (int m = 0; m < 6; m++) {
            Model model = Model.of("fam", "fam-" + m, Math.pow(10, 3 + m));
            int right = m == 5 ? 6 : 5;
            double lp = -0.5 / (m + 1);
            for (int i = 0; i < 7; i++) {
                String out = i < right ? "12" : "13";
                s.add(Sample.builder(model, "t", Integer.toString(i)).target("12").output(out)
                        .targetTokens(List.of("1", "2")).outputTokens(List.of("1", out.substring(1)))
                        .targetLogProbs(lp, lp).build());
            }
        }
        Verdict v = VerdictRuleTest.only(VerdictRuleTest.rule().assess(VerdictRuleTest.group(s, "exact_match,target_logprob", false)),
                "exact_match");
        Verdict.SharpnessEvidence d = v.sharpness();
        assertThat(d.eta()).isInfinite();
        assertThat(d.etaLower()).as(v.explanation()).isLessThanOrEqualTo(d.eta());
        assertThat(d.etaUpper()).as(v.explanation()).isGreaterThanOrEqualTo(d.eta());
        assertThat(d.method()).endsWith(PercentileInterval.WIDENED);
        assertThat(v.verdict()).as(v.explanation()).isNotEqualTo(Verdict.Kind.EMERGENT).isNotEqualTo(Verdict.Kind.MIRAGE);
    }
}

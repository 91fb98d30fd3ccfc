package mirage.core.analysis;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Arrays;
import mirage.core.analysis.CurveShape.Kind;
import org.junit.jupiter.api.Test;

class CurveShapeTest {
    static final double[] X = {1e7, 1e8, 1e9, 1e10, 1e11};

    static double[] se(double s) {
        double[] out = new double[X.length];
        Arrays.fill(out, s);
        return out;
    }

    static CurveShape shape(double[] y, double se, double floor, boolean chance) {
        return CurveShape.classify(X, y, se(se), true, floor, chance, 1.0, CurveShape.defaults());
    }

    @Test
    void tooFewSizes() {
        CurveShape s = CurveShape.classify(new double[] {1, 2, 3}, new double[] {0, 0.5, 1}, new double[] {.01, .01, .01}, true, 0,
                false, 1, CurveShape.defaults());
        assertThat(s.kind()).isEqualTo(Kind.TOO_FEW_SIZES);
    }

    @Test
    void aChangeWithinThreeStandardErrorsIsFlat() {
        // MMLU abstract_algebra-like: 0.20 .. 0.31 with standard errors of 0.045 (100 items)
        CurveShape s = shape(new double[] {0.22, 0.20, 0.27, 0.31, 0.25}, 0.045, Double.NaN, false);
        assertThat(s.kind()).isEqualTo(Kind.FLAT);
        assertThat(s.changeZ()).isLessThan(3);
        assertThat(shape(new double[] {0.19, 0.19, 0.19, 0.22, 0.22}, 0.04, Double.NaN, false).kind()).isEqualTo(Kind.FLAT);
    }

    @Test
    void noSizeAboveChanceIsAtChance() {
        CurveShape s = shape(new double[] {0.24, 0.26, 0.21, 0.27, 0.27}, 0.01, 0.25, true);
        assertThat(s.kind()).isEqualTo(Kind.AT_CHANCE);
    }

    @Test
    void worseWithScaleIsFalling() {
        assertThat(shape(new double[] {0.8, 0.7, 0.5, 0.3, 0.1}, 0.01, 0, false).kind()).isEqualTo(Kind.FALLING);
    }

    @Test
    void aRiseThenAFallIsNonMonotone() {
        assertThat(shape(new double[] {0.0, 0.15, 0.55, 0.6, 0.01}, 0.01, 0, false).kind()).isEqualTo(Kind.NON_MONOTONE);
        // the zig-zag of the issue: 0.04, 0.38, 0.06, 0.43
        CurveShape z = CurveShape.classify(new double[] {1, 2, 3, 4}, new double[] {0.04, 0.38, 0.06, 0.43},
                new double[] {.01, .015, .01, .015}, true, 0, false, 1, CurveShape.defaults());
        assertThat(z.kind()).isEqualTo(Kind.NON_MONOTONE);
        assertThat(z.detail()).contains("worse than");
    }

    @Test
    void aSmallReversalWithinTheRuleIsNotNonMonotone() {
        // 0.50 -> 0.48 is 5% of the range: a wiggle, not a reversal
        assertThat(shape(new double[] {0.0, 0.02, 0.50, 0.48, 0.95}, 0.005, 0, false).kind()).isEqualTo(Kind.RISING);
    }

    @Test
    void startingNearTheCeilingIsSaturating() {
        // BLiMP-like: 0.962 -> 0.996 with chance 0.5
        CurveShape s = shape(new double[] {0.962, 0.975, 0.985, 0.99, 0.996}, 0.002, 0.5, true);
        assertThat(s.kind()).isEqualTo(Kind.SATURATING);
        assertThat(shape(new double[] {0.875, 0.875, 0.9, 1.0, 1.0}, 0.01, 0, false).kind()).isEqualTo(Kind.SATURATING);
    }

    @Test
    void aLateRiseFromTheFloorIsRising() {
        assertThat(shape(new double[] {0, 0, 0.002, 0.07, 0.6}, 0.002, 0, false).kind()).isEqualTo(Kind.RISING);
    }

    @Test
    void unknownNoiseJudgesValuesOnly() {
        double[] nan = se(Double.NaN);
        CurveShape s = CurveShape.classify(X, new double[] {0.19, 0.19, 0.19, 0.22, 0.22}, nan, true, 0, false, 1, CurveShape.defaults());
        assertThat(s.kind()).isEqualTo(Kind.RISING);
        assertThat(s.changeZ()).isNaN();
        assertThat(CurveShape.classify(X, new double[] {0, .3, .1, .6, .9}, nan, true, 0, false, 1, CurveShape.defaults()).kind())
                .isEqualTo(Kind.NON_MONOTONE);
    }

    @Test
    void lowerIsBetterIsOriented() {
        CurveShape s = CurveShape.classify(X, new double[] {3.0, 2.0, 1.0, 0.5, 0.2}, se(0.01), false, Double.NaN, false,
                Double.NaN, CurveShape.defaults());
        assertThat(s.kind()).isEqualTo(Kind.RISING);
    }
}

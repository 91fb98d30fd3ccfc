package mirage.core.analysis;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;

class LengthScalingTest {
    static final double[] L = {1, 2, 3, 4, 5};

    @Test
    void exactGeometricDecayIsRecovered() {
        double p = 0.9;
        double[] y = new double[L.length];
        for (int i = 0; i < L.length; i++) {
            y[i] = Math.pow(p, L[i]);
        }
        LengthScaling f = LengthScaling.fit(L, y);
        assertThat(f.geometric().factor()).isCloseTo(p, within(1e-12));
        assertThat(f.geometric().intercept()).isCloseTo(0, within(1e-12));
        assertThat(f.geometric().r2()).isCloseTo(1, within(1e-12));
        assertThat(f.geometric().points()).isEqualTo(5);
        assertThat(f.linear().r2()).isLessThan(1);
        assertThat(f.better()).isEqualTo("geometric");
    }

    @Test
    void exactLinearGrowthIsRecovered() {
        double[] y = new double[L.length];
        for (int i = 0; i < L.length; i++) {
            y[i] = 0.1 + 0.3 * L[i];
        }
        LengthScaling f = LengthScaling.fit(L, y);
        assertThat(f.linear().slope()).isCloseTo(0.3, within(1e-12));
        assertThat(f.linear().intercept()).isCloseTo(0.1, within(1e-12));
        assertThat(f.linear().r2()).isCloseTo(1, within(1e-12));
        assertThat(f.better()).isEqualTo("linear");
    }

    /** Reference: numpy 2.4.6, np.polyfit(L, y, 1) and R^2 = 1 - SSE/SST, on y and on ln y. */
    @Test
    void matchesNumpyPolyfit() {
        double[] y = {0.9, 0.7, 0.55, 0.3, 0.2};
        LengthScaling f = LengthScaling.fit(L, y);
        assertThat(f.linear().intercept()).isCloseTo(1.0700000000000003, within(1e-12));
        assertThat(f.linear().slope()).isCloseTo(-0.18000000000000005, within(1e-12));
        assertThat(f.linear().r2()).isCloseTo(0.9878048780487805, within(1e-12));
        assertThat(f.geometric().intercept()).isCloseTo(0.3819791607594826, within(1e-12));
        assertThat(f.geometric().slope()).isCloseTo(-0.38554526539397527, within(1e-12));
        assertThat(f.geometric().r2()).isCloseTo(0.9683071430089679, within(1e-12));
    }

    /** Zeros leave the geometric fit only; numpy 2.4.6: np.polyfit([1, 3], np.log([0.5, 0.1]), 1) = [-0.80471896, 0.11157178]. */
    @Test
    void zerosAndNonFiniteValuesAreLeftOutAndCounted() {
        LengthScaling f = LengthScaling.fit(new double[] {1, 2, 3, 4}, new double[] {0.5, 0.0, 0.1, Double.NaN});
        assertThat(f.geometric().points()).isEqualTo(2);
        assertThat(f.geometric().slope()).isCloseTo(-0.80471896, within(1e-8));
        assertThat(f.geometric().intercept()).isCloseTo(0.11157178, within(1e-8));
        assertThat(f.geometric().r2()).as("two points: no R^2").isNaN();
        assertThat(f.linear().points()).isEqualTo(3);
        assertThat(f.linear().r2()).isFinite();
        assertThat(f.better()).isEmpty();
    }

    @Test
    void flatAndTooShortCurvesHaveNoR2() {
        LengthScaling flat = LengthScaling.fit(L, new double[] {0.5, 0.5, 0.5, 0.5, 0.5});
        assertThat(flat.linear().r2()).isNaN();
        assertThat(flat.geometric().r2()).isNaN();
        assertThat(flat.linear().slope()).isCloseTo(0, within(1e-15));
        LengthScaling one = LengthScaling.fit(new double[] {1}, new double[] {0.5});
        assertThat(one.linear().slope()).isNaN();
        assertThat(LengthScaling.fit(new double[0], new double[0]).linear().points()).isZero();
    }

    @Test
    void orderOfThePointsDoesNotMatter() {
        double[] y = {0.9, 0.7, 0.55, 0.3, 0.2};
        LengthScaling a = LengthScaling.fit(L, y);
        LengthScaling b = LengthScaling.fit(new double[] {5, 3, 1, 4, 2}, new double[] {0.2, 0.55, 0.9, 0.3, 0.7});
        assertThat(b.linear().slope()).isCloseTo(a.linear().slope(), within(1e-12));
        assertThat(b.geometric().r2()).isCloseTo(a.geometric().r2(), within(1e-12));
        assertThat(b.lengths()).containsExactly(1, 2, 3, 4, 5);
    }

    @Test
    void badInputIsRefused() {
        assertThatThrownBy(() -> LengthScaling.fit(new double[] {1, 2}, new double[] {1})).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("differ");
        assertThatThrownBy(() -> LengthScaling.fit(new double[] {1, 1}, new double[] {1, 2})).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("twice");
    }
}

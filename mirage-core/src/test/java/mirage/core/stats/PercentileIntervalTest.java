package mirage.core.stats;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;

/** Percentile intervals that contain their estimates, also where the estimate is infinite from ties. */
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
}

package mirage.core.analysis;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;

/**
 * The emergence score of Schaeffer et al. (2023), Section 4. Expected values are worked by hand from
 * the formula; each test shows the arithmetic.
 */
class EmergenceScoreTest {

    @Test
    void ofSortedAgreesWithTheFullComputation() {
        java.util.SplittableRandom r = new java.util.SplittableRandom(7);
        double[] work = new double[16];
        for (int trial = 0; trial < 2000; trial++) {
            int n = 3 + r.nextInt(9);
            double[] x = new double[n];
            double[] y = new double[n];
            for (int i = 0; i < n; i++) {
                x[i] = i + 1;
                // ties and flat stretches on purpose
                y[i] = r.nextInt(4) == 0 ? 0.5 : Math.round(r.nextDouble() * 20) / 20.0;
            }
            boolean hib = r.nextBoolean();
            double full = EmergenceScore.of(x, y, hib).value();
            assertThat(EmergenceScore.ofSorted(y, hib, work)).as("%s %s", java.util.Arrays.toString(y), hib).isEqualTo(full);
        }
        assertThat(EmergenceScore.ofSorted(new double[] {1, 2}, true, work)).isNaN();
    }

    @Test
    void sharpJump() {
        // y = 0, 0.01, 0.02, 0.9: steps 0.01, 0.01, 0.88; squared 1e-4, 1e-4, 0.7744; median 1e-4
        // ES = +1 * 0.9 / sqrt(1e-4) = 90
        var r = EmergenceScore.of(new double[] {1, 2, 3, 4}, new double[] {0, 0.01, 0.02, 0.9}, true);
        assertThat(r.status()).isEqualTo(EmergenceScore.Status.OK);
        assertThat(r.value()).isCloseTo(90, within(1e-9));
    }

    @Test
    void linearSeriesScoresTheNumberOfSteps() {
        // y = 0, 0.1, 0.2, 0.3, 0.4: range 0.4, every step 0.1 -> ES = 0.4/0.1 = 4 (n - 1)
        var r = EmergenceScore.of(new double[] {1, 2, 3, 4, 5}, new double[] {0, 0.1, 0.2, 0.3, 0.4}, true);
        assertThat(r.value()).isCloseTo(4, within(1e-9));
    }

    @Test
    void decreasingSeriesIsNegativeAndOrientationFlipsIt() {
        // y = 0.4, 0.3, 0.2, 0.1: argmax 0, argmin 3 -> sign -1; range 0.3 / 0.1 = 3
        double[] x = {1, 2, 3, 4};
        double[] y = {0.4, 0.3, 0.2, 0.1};
        assertThat(EmergenceScore.of(x, y, true).value()).isCloseTo(-3, within(1e-9));
        // lower-is-better metric (e.g. edit distance): falling values are improvement -> +3
        assertThat(EmergenceScore.of(x, y, false).value()).isCloseTo(3, within(1e-9));
    }

    @Test
    void evenNumberOfStepsUsesMeanOfMiddleSquaredSteps() {
        // y = 0, 0.1, 0.3, 0.6, 1.0: squared steps 0.01, 0.04, 0.09, 0.16; median (0.04+0.09)/2 = 0.065
        var r = EmergenceScore.of(new double[] {1, 2, 3, 4, 5}, new double[] {0, 0.1, 0.3, 0.6, 1.0}, true);
        assertThat(r.value()).isCloseTo(1.0 / Math.sqrt(0.065), within(1e-9));
    }

    @Test
    void pointsAreSortedByScaleFirst() {
        var sorted = EmergenceScore.of(new double[] {1, 2, 3, 4}, new double[] {0, 0.01, 0.02, 0.9}, true);
        var shuffled = EmergenceScore.of(new double[] {4, 2, 1, 3}, new double[] {0.9, 0.01, 0, 0.02}, true);
        assertThat(shuffled.value()).isEqualTo(sorted.value());
    }

    @Test
    void flatSeriesScoresZero() {
        var r = EmergenceScore.of(new double[] {1, 2, 3}, new double[] {0.5, 0.5, 0.5}, true);
        assertThat(r.status()).isEqualTo(EmergenceScore.Status.FLAT);
        assertThat(r.value()).isZero();
    }

    @Test
    void pureStepIsInfinite() {
        // steps 0, 0, 1: median 0 with a non-zero range
        var r = EmergenceScore.of(new double[] {1, 2, 3, 4}, new double[] {0, 0, 0, 1}, true);
        assertThat(r.status()).isEqualTo(EmergenceScore.Status.STEP);
        assertThat(r.value()).isEqualTo(Double.POSITIVE_INFINITY);
    }

    @Test
    void fewerThanThreePointsHasNoScore() {
        var r = EmergenceScore.of(new double[] {1, 2}, new double[] {0, 1}, true);
        assertThat(r.status()).isEqualTo(EmergenceScore.Status.TOO_FEW_POINTS);
        assertThat(r.value()).isNaN();
    }

    @Test
    void nanValuesAreDroppedAndCounted() {
        var r = EmergenceScore.of(new double[] {1, 2, 3, 4, 5}, new double[] {0, Double.NaN, 0.1, 0.2, 0.3}, true);
        assertThat(r.dropped()).isEqualTo(1);
        assertThat(r.points()).isEqualTo(4);
        assertThat(r.value()).isCloseTo(3, within(1e-9));
        var tooFew = EmergenceScore.of(new double[] {1, 2, 3}, new double[] {0, Double.NaN, 1}, true);
        assertThat(tooFew.status()).isEqualTo(EmergenceScore.Status.TOO_FEW_POINTS);
    }

    @Test
    void tiesInScaleAreAveraged() {
        // scale 2 twice with 0.1 and 0.3 -> 0.2; series 0, 0.2, 0.4 -> ES = 0.4/0.2 = 2
        var r = EmergenceScore.of(new double[] {1, 2, 2, 3}, new double[] {0, 0.1, 0.3, 0.4}, true);
        assertThat(r.points()).isEqualTo(3);
        assertThat(r.value()).isCloseTo(2, within(1e-9));
    }
}

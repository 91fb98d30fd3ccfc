package mirage.core.analysis;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;

class PerTokenAccuracyTest {
    /** The paper's relation: with E[dist] = L (1 - p) at every length, the pooled value is p whatever the counts. */
    @Test
    void editDistanceOfLTimesOneMinusPGivesP() {
        double p = 0.83;
        double[] len = {1, 2, 3, 4, 5};
        double[] d = new double[5];
        for (int i = 0; i < 5; i++) {
            d[i] = len[i] * (1 - p);
        }
        assertThat(PerTokenAccuracy.fromEditDistance(len, d, new double[] {10, 300, 7, 50, 1000})).isCloseTo(p, within(1e-12));
    }

    /** By hand: 1 - (100*0.2 + 50*1.0) / (100*1 + 50*4) = 1 - 70/300. */
    @Test
    void tokensWeighNLByHand() {
        double[] len = {1, 4};
        assertThat(PerTokenAccuracy.fromEditDistance(len, new double[] {0.2, 1.0}, new double[] {100, 50}))
                .isCloseTo(1 - 70.0 / 300, within(1e-15));
        // token_prob 0.9 at L = 1 (100 items), 0.6 at L = 4 (50 items): (100*1*0.9 + 50*4*0.6) / 300
        assertThat(PerTokenAccuracy.pooled(len, new double[] {0.9, 0.6}, new double[] {100, 50}))
                .isCloseTo((90 + 120) / 300.0, within(1e-15));
        // insertions: the distance can exceed L
        assertThat(PerTokenAccuracy.fromEditDistance(new double[] {2}, new double[] {3}, new double[] {1})).isCloseTo(-0.5, within(1e-15));
    }

    @Test
    void emptyOrUnusableInputIsNaN() {
        assertThat(PerTokenAccuracy.fromEditDistance(new double[0], new double[0], new double[0])).isNaN();
        assertThat(PerTokenAccuracy.pooled(new double[] {1}, new double[] {Double.NaN}, new double[] {1})).isNaN();
        assertThat(PerTokenAccuracy.fromEditDistance(new double[] {1}, new double[] {0.1}, new double[] {Double.NaN})).isNaN();
        assertThatThrownBy(() -> PerTokenAccuracy.pooled(new double[] {1}, new double[0], new double[] {1}))
                .isInstanceOf(IllegalArgumentException.class);
    }
}

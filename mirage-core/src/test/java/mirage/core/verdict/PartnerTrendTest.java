package mirage.core.verdict;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;

/** The excess of S over the trend of the two sizes before D's jump, on exact curves. */
class PartnerTrendTest {
    static final double[] X = {1e7, 1e8, 1e9, 1e10, 1e11};

    static double[] lx() {
        double[] l = new double[X.length];
        for (int i = 0; i < l.length; i++) {
            l[i] = Math.log(X[i]);
        }
        return l;
    }

    static double[] ln(double... e) {
        double[] z = new double[e.length];
        for (int i = 0; i < e.length; i++) {
            z[i] = Math.log(e[i]);
        }
        return z;
    }

    @Test
    void aPowerLawHasNoExcessAnywhere() {
        double[] e = new double[X.length];
        for (int i = 0; i < e.length; i++) {
            e[i] = 3 * Math.pow(X[i] / 1e7, -0.4);
        }
        for (int j = 2; j < X.length; j++) {
            assertThat(PartnerTrend.excess(lx(), ln(e), j)).isCloseTo(0, within(1e-12));
        }
    }

    @Test
    void levellingOffIsNegativeAndAJumpPositive() {
        // an irreducible error: 0.05 + 3 x^-1 (in decades): the trend overshoots
        assertThat(PartnerTrend.excess(lx(), ln(3.05, 0.35, 0.08, 0.053, 0.0503), 3)).isLessThan(0);
        // a plateau then a drop by 60x: ln 60 above the (flat) trend
        assertThat(PartnerTrend.excess(lx(), ln(3.0, 3.0, 3.0, 0.05, 0.05), 3)).isCloseTo(Math.log(60), within(1e-12));
        // a trend that gets worse is taken as flat (no credit for noise upwards)
        assertThat(PartnerTrend.excess(lx(), ln(2.0, 3.0, 3.0, 1.0, 1.0), 2)).isCloseTo(0, within(1e-12));
    }

    @Test
    void aJumpSpreadOverTwoStepsIsSeenWhole() {
        // a fourfold fall in two halves after a plateau: each step alone is within 2x of its local trend...
        double[] z = ln(1.05, 1.05, 1.05, 0.55, 0.26);
        assertThat(PartnerTrend.excess(lx(), z, 3)).isLessThan(Math.log(2));
        assertThat(PartnerTrend.excess(lx(), z, 4)).isLessThan(Math.log(2));
        // ...but two steps ahead of the plateau's trend it is 4x: the statistic takes it
        assertThat(PartnerTrend.excess(lx(), z, 2, 4)).isCloseTo(Math.log(1.05 / 0.26), within(1e-12));
        assertThat(PartnerTrend.excess(lx(), z, new int[] {3, 4})).isCloseTo(Math.log(1.05 / 0.26), within(1e-12));
        // a power law stays at 0 however far the trend is extended
        double[] p = new double[X.length];
        for (int i = 0; i < p.length; i++) {
            p[i] = Math.log(3 * Math.pow(X[i] / 1e7, -0.4));
        }
        assertThat(PartnerTrend.excess(lx(), p, new int[] {2, 3, 4})).isCloseTo(0, within(1e-12));
    }

    @Test
    void candidatesRunUpToDsLargestStepAndLaterLargeSteps() {
        assertThat(PartnerTrend.candidates(new double[] {0, 0, 0.35, 0.72}, true)).containsExactly(2, 3);
        assertThat(PartnerTrend.candidates(new double[] {0, 0, 0, 0.5, 0.55, 0.95}, true)).containsExactly(2, 3, 5);
        // D's only large step is its first: no trend of S before it
        assertThat(PartnerTrend.candidates(new double[] {0, 0.9, 0.95, 0.97}, true)).isEmpty();
        // lower is better
        assertThat(PartnerTrend.candidates(new double[] {5, 5, 1, 0.9}, false)).containsExactly(2);
        assertThat(PartnerTrend.excess(lx(), ln(3.0, 3.0, 3.0, 0.05, 0.05), new int[] {2, 3})).isCloseTo(Math.log(60), within(1e-12));
        assertThat(PartnerTrend.excess(lx(), ln(3.0, 3.0, 3.0, 0.05, 0.05), new int[0])).isNaN();
    }

    @Test
    void sJumpsCountOnlyWhereDRisesWithIt() {
        double third = VerdictConfig.RISE_SHARE;
        double[] none = {Double.NaN, Double.NaN, Double.NaN, Double.NaN};
        // a transition spread over two of 4 sizes (0, 0, 0.2, 0.66): S jumps between the 2nd and 3rd size, D follows one
        // size later; the window reaches one size past S's jump
        boolean[][] r = PartnerTrend.rises(new double[] {0, 0, 0.2, 0.66}, none, true, third, 3);
        assertThat(r[2][1]).isTrue();
        assertThat(r[3][1]).isTrue();
        // the stereotype score of CrowS-Pairs along Pythia's training (lower is better; about 90 pairs, se ~0.045): no
        // window where it improves by 3 standard errors, so no jump of S counts
        double[] d = {0.802, 0.78, 0.835, 0.747, 0.703, 0.747, 0.736, 0.626, 0.692};
        double[] se = new double[d.length];
        java.util.Arrays.fill(se, 0.045);
        boolean[][] c = PartnerTrend.rises(d, se, false, third, 3);
        for (boolean[] row : c) {
            assertThat(row).containsOnly(false);
        }
        double[] x = {256, 512, 1000, 3000, 13000, 23000, 33000, 43000, 53000};
        double[] lxs = new double[x.length];
        for (int i = 0; i < x.length; i++) {
            lxs[i] = Math.log(x[i]);
        }
        // S's fall from 16.4 to 4.8 at step 3000 would be a 3.4-fold jump; with D's rises it is not looked at
        double[] z = {Math.log(12.1), Math.log(15.9), Math.log(16.4), Math.log(4.83), Math.log(4.54), Math.log(3.65), Math.log(4.14), Math.log(3.91), Math.log(3.87)};
        int[] at = PartnerTrend.candidates(d, false);
        assertThat(PartnerTrend.excess(lxs, z, at)).isGreaterThan(Math.log(2));
        assertThat(PartnerTrend.excess(lxs, z, at, c)).isNaN();
        // D's smaller rises than a third of its range do not count either
        boolean[][] small = PartnerTrend.rises(new double[] {0, 0.1, 0.2, 0.3, 0.4, 0.5, 0.6, 0.7, 0.8, 0.9}, new double[10], true,
                third, 3);
        assertThat(small[2][1]).isFalse(); // 0.1 -> 0.3 over the window: 0.2 of 0.9
        assertThat(small[3][2]).isTrue(); // 0.1 -> 0.4: a third
    }
}

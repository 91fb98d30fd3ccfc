package mirage.core.verdict;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;

class OneSidedTest {
    @Test
    void normalApproximationOfTheReplicates() {
        // replicates with mean 2 and sample sd sqrt(28/9)
        double[] reps = {-1, 0, 1, 2, 3, 4, 5, 2, 2, 2};
        double sd = Math.sqrt(28.0 / 9);
        double[] p = OneSided.pValues(2.0, reps, 1.0);
        // z = (2 - 1)/sd; p(above) = 1 - Phi(z), p(below) = Phi(z); reference: scipy 1.17.1 norm.sf(1/sqrt(28/9)) = 0.285375
        assertThat(p[0]).isCloseTo(0.285375, within(1e-6));
        assertThat(p[0] + p[1]).isCloseTo(1.0, within(1e-12));
        assertThat(sd).isGreaterThan(0);
    }

    @Test
    void identicalReplicatesDecideBySide() {
        double[] reps = new double[20];
        assertThat(OneSided.pValues(0.5, java.util.Arrays.stream(reps).map(r -> 0.5).toArray(), 0.2)).containsExactly(0, 1);
        assertThat(OneSided.pValues(0.1, java.util.Arrays.stream(reps).map(r -> 0.1).toArray(), 0.2)).containsExactly(1, 0);
        assertThat(OneSided.pValues(Double.NaN, reps, 0.2)[0]).isNaN();
        assertThat(OneSided.pValues(0.1, new double[3], 0.2)[0]).isNaN();
    }
}

package mirage.core.stats;

import static org.assertj.core.api.Assertions.assertThat;

import org.hipparchus.distribution.continuous.NormalDistribution;
import org.junit.jupiter.api.Test;

class NormalQuantileTest {

    @Test
    void isHipparchusQuantileBitForBit() {
        NormalDistribution std = new NormalDistribution(0, 1);
        double[] ps = {0.975, 0.995, 0.95, 0.5, 0.8413447460685429, 1e-10, 0.025, 0.9, 0.975, 0.999, 0.975};
        for (int round = 0; round < 3; round++) { // repeated: cached values as well as fresh ones
            for (double p : ps) {
                assertThat(Double.doubleToRawLongBits(NormalQuantile.of(p)))
                        .as("p = %s", p).isEqualTo(Double.doubleToRawLongBits(std.inverseCumulativeProbability(p)));
            }
        }
        // reference: scipy.stats.norm.ppf(0.975) = 1.959963984540054 (scipy 1.11)
        assertThat(NormalQuantile.of(0.975)).isCloseTo(1.959963984540054, org.assertj.core.data.Offset.offset(1e-14));
    }

    @Test
    void manyThreadsAgree() throws Exception {
        double expected = new NormalDistribution(0, 1).inverseCumulativeProbability(0.995);
        Thread[] ts = new Thread[4];
        boolean[] ok = new boolean[ts.length];
        for (int i = 0; i < ts.length; i++) {
            int me = i;
            ts[i] = new Thread(() -> {
                boolean good = true;
                for (int k = 0; k < 20000; k++) {
                    double p = (k % 3 == 0) ? 0.995 : 0.5 + (k % 17) / 40.0;
                    double q = NormalQuantile.of(p);
                    if (p == 0.995 && q != expected) {
                        good = false;
                    }
                }
                ok[me] = good;
            });
            ts[i].start();
        }
        for (Thread t : ts) {
            t.join();
        }
        assertThat(ok).containsOnly(true);
    }
}

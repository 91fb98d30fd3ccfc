package mirage.core.analysis;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** The score does not depend on the order of the points (sorted input takes a path without sorting). */
class EmergenceScoreOrderTest {

    @Test
    void sortedAndShuffledInputGiveTheSameResultBitForBit() {
        SplittableRandom r = new SplittableRandom(3);
        for (int trial = 0; trial < 5000; trial++) {
            int n = 1 + r.nextInt(10);
            double[] x = new double[n];
            double[] y = new double[n];
            double scale = 1e7;
            for (int i = 0; i < n; i++) {
                if (i == 0 || r.nextInt(4) != 0) {
                    scale *= 1 + r.nextInt(5); // ties in scale on purpose (merged by their mean)
                }
                x[i] = scale;
                y[i] = r.nextInt(5) == 0 ? 0.25 : r.nextDouble();
            }
            if (r.nextInt(10) == 0) {
                y[r.nextInt(n)] = Double.NaN; // dropped: takes the general path
            }
            boolean hib = r.nextBoolean();
            EmergenceScore.Result sorted = EmergenceScore.of(x, y, hib);
            // shuffle the runs of equal scales, each run kept in its order (the stable sort restores the same order)
            java.util.List<int[]> runs = new java.util.ArrayList<>();
            for (int i = 0; i < n; ) {
                int j = i;
                while (j < n && x[j] == x[i]) {
                    j++;
                }
                runs.add(new int[] {i, j});
                i = j;
            }
            java.util.Collections.shuffle(runs, new java.util.Random(trial));
            int[] idx = new int[n];
            int m = 0;
            for (int[] run : runs) {
                for (int i = run[0]; i < run[1]; i++) {
                    idx[m++] = i;
                }
            }
            double[] xs = new double[n];
            double[] ys = new double[n];
            for (int i = 0; i < n; i++) {
                xs[i] = x[idx[i]];
                ys[i] = y[idx[i]];
            }
            EmergenceScore.Result shuffled = EmergenceScore.of(xs, ys, hib);
            assertThat(shuffled.status()).isEqualTo(sorted.status());
            assertThat(shuffled.points()).isEqualTo(sorted.points());
            assertThat(shuffled.dropped()).isEqualTo(sorted.dropped());
            assertThat(Double.doubleToLongBits(shuffled.value())).as("%s %s", java.util.Arrays.toString(x), java.util.Arrays.toString(y))
                    .isEqualTo(Double.doubleToLongBits(sorted.value()));
        }
    }
}

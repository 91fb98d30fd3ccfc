package mirage.analysis;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** The bounded selection of triplets to judge equals a full sort by (score desc, NaN lowest, position) cut after k. */
class TopTripletsTest {

    @Test
    void sameSetAsTheFullSort() {
        SplittableRandom r = new SplittableRandom(5);
        double[] pool = {Double.NaN, Double.POSITIVE_INFINITY, Double.NEGATIVE_INFINITY, 0.0, -0.0, 3, 3, 12.5, -2};
        for (int trial = 0; trial < 300; trial++) {
            int n = 1 + r.nextInt(400);
            double[] es = new double[n];
            int[] pos = new int[n];
            for (int i = 0; i < n; i++) {
                es[i] = r.nextInt(3) == 0 ? pool[r.nextInt(pool.length)] : r.nextInt(20) / 2.0;
                pos[i] = i * 3 + r.nextInt(3); // increasing, as triplets are found in series order
            }
            // shuffle the triplets: positions stay unique
            for (int i = n - 1; i > 0; i--) {
                int j = r.nextInt(i + 1);
                double te = es[i];
                es[i] = es[j];
                es[j] = te;
                int tp = pos[i];
                pos[i] = pos[j];
                pos[j] = tp;
            }
            int k = r.nextInt(n + 2);
            List<Integer> all = new ArrayList<>();
            for (int i = 0; i < n; i++) {
                all.add(i);
            }
            // the comparator VerdictAnalysis used before: score descending with NaN as -inf, then position
            all.sort((x, y) -> {
                double ex = es[x];
                double ey = es[y];
                int c = Double.compare(Double.isNaN(ey) ? Double.NEGATIVE_INFINITY : ey, Double.isNaN(ex) ? Double.NEGATIVE_INFINITY : ex);
                return c != 0 ? c : Integer.compare(pos[x], pos[y]);
            });
            int[] expected = all.subList(0, Math.min(k, n)).stream().mapToInt(Integer::intValue).sorted().toArray();
            int[] got = VerdictAnalysis.topTriplets(es, pos, n, Math.min(k, n));
            Arrays.sort(got);
            assertThat(got).as("trial %d", trial).isEqualTo(expected);
        }
    }
}

package mirage.io.util;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class CompactColumnsTest {

    @Test
    void codedDoublesReadBackBitForBitAndTurnPlainBeyond65536DistinctValues() {
        CodedDoubles c = new CodedDoubles(Double.NaN);
        BlockedDoubles ref = new BlockedDoubles(Double.NaN);
        SplittableRandom r = new SplittableRandom(1);
        double[] few = {1e7, 2.5e9, -0.0, 0.0, Double.NaN, Double.POSITIVE_INFINITY, 100, 3};
        for (int i = 0; i < 200_000; i++) {
            double v = few[r.nextInt(few.length)];
            c.add(v);
            ref.add(v);
        }
        assertThat(c.plain()).isFalse();
        // a gap: unwritten elements read as the fill value
        c.set(300_000, 7.0);
        ref.set(300_000, 7.0);
        assertThat(c.size()).isEqualTo(300_001);
        for (long i = 0; i < c.size(); i += 7) {
            assertThat(Double.doubleToRawLongBits(c.get(i))).isEqualTo(Double.doubleToRawLongBits(ref.get(i)));
        }
        assertThat(c.get(299_999)).isNaN();
        // many distinct values: the column turns plain and keeps every value
        for (int i = 0; i < 70_000; i++) {
            double v = r.nextDouble();
            c.add(v);
            ref.add(v);
        }
        assertThat(c.plain()).isTrue();
        assertThat(c.size()).isEqualTo(ref.size());
        for (long i = 0; i < c.size(); i++) {
            assertThat(Double.doubleToRawLongBits(c.get(i))).as("element %d", i)
                    .isEqualTo(Double.doubleToRawLongBits(ref.get(i)));
        }
    }

    @Test
    void codedDoublesWithFillZero() {
        CodedDoubles c = new CodedDoubles(0);
        c.add(0);
        c.add(5);
        c.set(100_000, 0);
        assertThat(c.size()).isEqualTo(100_001);
        assertThat(c.get(1)).isEqualTo(5);
        assertThat(c.get(99_999)).isZero();
        assertThat(c.get(100_000)).isZero();
    }

    @Test
    void compactLongsKeepIntsSmallAndWidenOnTheFirstLargeValue() {
        CompactLongs c = new CompactLongs();
        for (long i = 0; i < 100_000; i++) {
            c.add(i * 3);
        }
        c.add(Integer.MAX_VALUE);
        c.add(Integer.MIN_VALUE);
        c.add(1L << 40);
        c.add(-5);
        assertThat(c.size()).isEqualTo(100_004);
        for (long i = 0; i < 100_000; i++) {
            assertThat(c.get(i)).isEqualTo(i * 3);
        }
        assertThat(c.get(100_000)).isEqualTo(Integer.MAX_VALUE);
        assertThat(c.get(100_001)).isEqualTo(Integer.MIN_VALUE);
        assertThat(c.get(100_002)).isEqualTo(1L << 40);
        assertThat(c.get(100_003)).isEqualTo(-5);
    }
}

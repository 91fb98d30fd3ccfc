package mirage.analysis;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.SplittableRandom;
import mirage.io.csv.CsvNumbers;
import org.junit.jupiter.api.Test;

class ByteOutTest {
    @Test
    void numbersAreWrittenAsCsvNumbersFormatsThem() {
        SplittableRandom r = new SplittableRandom(11);
        for (int i = 0; i < 50_000; i++) {
            double v = switch (i % 4) {
                case 0 -> r.nextDouble() * Math.pow(10, r.nextInt(-6, 17));
                case 1 -> Double.longBitsToDouble(r.nextLong());
                case 2 -> -r.nextInt(1_000_000) / 1000.0;
                default -> r.nextLong(-1_000_000_000_000L, 1_000_000_000_000L);
            };
            String got = new String(new ByteOut(8).number(v).toBytes(), StandardCharsets.US_ASCII);
            if (!got.equals(CsvNumbers.format(v))) {
                assertThat(got).as("%s", v).isEqualTo(CsvNumbers.format(v));
            }
        }
        for (long l : new long[] {0, 9, 10, -1, 99, 100, 101, 999, 1000, -10, -99, -100, 999_999_999_999_999_999L,
            1_000_000_000_000_000_000L, Long.MAX_VALUE, Long.MIN_VALUE, Long.MIN_VALUE + 1, 1234567890123L}) {
            assertThat(new String(new ByteOut(1).number(l).toBytes(), StandardCharsets.US_ASCII)).isEqualTo(Long.toString(l));
        }
        // every digit count, at both ends
        long p = 1;
        for (int d = 1; d <= 18; d++) {
            for (long l : new long[] {p, p * 10 - 1, p + 7, -p, -(p * 10 - 1)}) {
                assertThat(new String(new ByteOut(1).number(l).toBytes(), StandardCharsets.US_ASCII)).isEqualTo(Long.toString(l));
            }
            p *= 10;
        }
        // reset keeps nothing
        ByteOut o = new ByteOut(4).number(123L);
        assertThat(new String(o.reset().number(45L).toBytes(), StandardCharsets.US_ASCII)).isEqualTo("45");
    }
}

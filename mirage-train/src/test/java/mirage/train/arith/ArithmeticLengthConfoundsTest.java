package mirage.train.arith;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.List;
import java.util.Map;
import mirage.core.analysis.LengthConfounds;
import org.junit.jupiter.api.Test;

/** Checks the statements of {@link LengthConfounds} about mirage's arithmetic against the data that makes the items. */
class ArithmeticLengthConfoundsTest {

    /** Every add4 answer of 5 digits is a sum of two 4-digit numbers >= 10000 and starts with '1'. */
    @Test
    void everyFiveDigitSumStartsWithOne() {
        for (boolean padded : new boolean[] {false, true}) {
            List<Problem> test = new ArithmeticData(ArithmeticTask.ADD, 3, padded).testSet(5, 500);
            assertThat(test).hasSize(500);
            for (Problem p : test) {
                assertThat(p.answer()).hasSize(5).startsWith("1");
                assertThat(ArithmeticTask.digits(p.a())).isEqualTo(4);
                assertThat(ArithmeticTask.digits(p.b())).isEqualTo(4);
            }
        }
    }

    /**
     * The carried share of L-digit answers under the training distribution (operand digit count d uniform, operands
     * uniform of exactly d digits: {@link ArithmeticData#weight}), enumerated, equals {@link LengthConfounds#ADD_CARRIED}
     * and the rounded percentages of the note; real test sets hold both kinds at L = 2, 3, 4.
     */
    @Test
    void carriedSharesOfAdditionAnswers() {
        ArithmeticData data = new ArithmeticData(ArithmeticTask.ADD, 3);
        int max = ArithmeticTask.ADD.maxOperand();
        for (int len = 1; len <= 5; len++) {
            double carried = 0;
            double all = 0;
            long limitLow = len == 1 ? 0 : (long) Math.pow(10, len - 1);
            long limitHigh = (long) Math.pow(10, len);
            for (int a = 0; a <= max; a++) {
                int d = ArithmeticTask.digits(a);
                int lo = d == 1 ? 0 : (int) Math.pow(10, d - 1);
                int hi = (int) Math.pow(10, d) - 1;
                // b of the same digit count with limitLow <= a + b < limitHigh
                long from = Math.max(lo, limitLow - a);
                long to = Math.min(hi, limitHigh - 1 - a);
                if (from > to) {
                    continue;
                }
                double w = data.weight(a, lo) * (to - from + 1);
                all += w;
                if (d == len - 1) {
                    carried += w;
                }
            }
            assertThat(carried / all).as("L = " + len).isCloseTo(LengthConfounds.ADD_CARRIED[len - 1], within(1e-12));
        }
        String note = LengthConfounds.note("add4", Map.of());
        for (int len = 2; len <= 4; len++) {
            assertThat(note).contains(Math.round(100 * LengthConfounds.ADD_CARRIED[len - 1]) + "%");
            long ones = 0;
            List<Problem> test = data.testSet(len, 200);
            for (Problem p : test) {
                boolean carriedAnswer = ArithmeticTask.digits(p.a()) == len - 1;
                if (carriedAnswer) {
                    assertThat(p.answer()).startsWith("1");
                    ones++;
                }
            }
            assertThat(ones).as("L = " + len).isBetween(1L, (long) test.size() - 1);
        }
    }

    /** mul2: answers of 1-2 digits come only from 1-digit operands, of 3-4 digits only from 2-digit ones (all held-out pools). */
    @Test
    void multiplicationLengthsComeFromOperandSizes() {
        ArithmeticData data = new ArithmeticData(ArithmeticTask.MUL, 3);
        for (int len = 1; len <= ArithmeticTask.MUL.maxTargetLength(); len++) {
            List<Problem> pool = data.heldOutPool(len);
            assertThat(pool).isNotEmpty();
            for (Problem p : pool) {
                int digits = len <= 2 ? 1 : 2;
                assertThat(ArithmeticTask.digits(p.a())).as(p.id()).isEqualTo(digits);
                assertThat(ArithmeticTask.digits(p.b())).as(p.id()).isEqualTo(digits);
            }
        }
        assertThat(LengthConfounds.note("mul2", Map.of())).contains("1-2 digits are products of 1-digit numbers");
    }

    /** The task names and labels that mirage's arithmetic writes are the ones recognised. */
    @Test
    void theItemsOfMirageEvalAreRecognised() {
        for (ArithmeticPrompts.Format f : ArithmeticPrompts.Format.values()) {
            for (ArithmeticTask t : ArithmeticTask.values()) {
                mirage.io.api.EvalItem item = ArithmeticPrompts.items(t, f, 2, 1, 3).get(0);
                java.util.Map<String, String> labels = new java.util.TreeMap<>(item.labels());
                assertThat(labels.remove("target_length")).isNotNull();
                assertThat(LengthConfounds.arithmetic(t.taskName(), labels)).as(t + " " + f).isTrue();
            }
        }
        assertThat(LengthConfounds.arithmetic("add4", Map.of())).isTrue();
        assertThat(LengthConfounds.arithmetic("add4", Map.of("template", "x"))).isFalse();
        assertThat(LengthConfounds.arithmetic("add3", Map.of())).isFalse();
    }
}

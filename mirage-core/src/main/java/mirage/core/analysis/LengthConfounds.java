package mirage.core.analysis;

import java.util.Map;
import java.util.Set;

/**
 * What else changes with the target length in tasks whose items mirage knows, so that a fit against length is read
 * with it in mind. Only mirage's own arithmetic tasks are covered (the items of {@code mirage train arithmetic} and
 * {@code mirage eval}, built by {@code mirage.train.arith.ArithmeticData}; the statements are checked against it by
 * {@code ArithmeticLengthConfoundsTest} in mirage-train); no confound is claimed for tasks mirage cannot check.
 *
 * <ul>
 * <li>{@code add4} (addition of two numbers of the same digit count d, d uniform on 1..4): an answer of L digits is
 * either the sum of two (L-1)-digit numbers carried past {@code 10^(L-1)}, which always starts with {@code 1}, or a
 * sum of two L-digit numbers without carry. At L = 5 every answer is a sum of 10000 or more and starts with
 * {@code 1}: one of the five tokens is nearly free, so exact match there is nearer {@code p^4} than {@code p^5}. At
 * L = 2, 3, 4 the carried share of the training distribution conditioned on L is {@link #ADD_CARRIED} (the test
 * sets of L = 2 and 3 come from small held-out pools sampled by weight, so their share depends on their size). Longer
 * answers also come from longer operands.</li>
 * <li>{@code mul2} (multiplication of two numbers of the same digit count, 1 or 2): answers of 1 and 2 digits are
 * products of 1-digit numbers, answers of 3 and 4 digits products of 2-digit numbers; the problem changes with L.</li>
 * <li>Outputs of {@code mirage eval} (labels {@code shots} and {@code format}): {@code target_length} counts the
 * answer's digits while {@code token_edit_distance} counts the server's tokens, which may hold several digits.</li>
 * </ul>
 */
public final class LengthConfounds {
    /** Share of add4 answers of L = 1..5 digits that start with a carried {@code 1}, under the training distribution. */
    public static final double[] ADD_CARRIED = {0, 9.0 / 17, 0.6026785714285714, 0.6047132058692752, 1};

    private static final Set<String> FORMATS = Set.of("plain", "padded", "qa");

    private LengthConfounds() {
    }

    /** Whether a series of this task and these labels (without {@code target_length}) is mirage's arithmetic. */
    public static boolean arithmetic(String task, Map<String, String> labels) {
        if (!task.equals("add4") && !task.equals("mul2")) {
            return false;
        }
        for (Map.Entry<String, String> e : labels.entrySet()) {
            if (e.getKey().equals("format") ? !FORMATS.contains(e.getValue()) : !e.getKey().equals("shots")) {
                return false;
            }
        }
        return true;
    }

    /**
     * The confound note of a series (empty when none is known).
     *
     * @param task the task name
     * @param labels the series' labels other than {@code target_length}
     */
    public static String note(String task, Map<String, String> labels) {
        if (!arithmetic(task, labels)) {
            return "";
        }
        String s = task.equals("add4")
                ? "mirage add4: every 5-digit answer is a sum >= 10000 and starts with '1' (one of the 5 tokens nearly free: "
                        + "exact match at L = 5 is nearer p^4); at L = 2, 3, 4 the answers carried out of (L-1)-digit operands "
                        + "also start with '1' (53%, 60%, 60% of the training distribution); longer answers come from longer operands"
                : "mirage mul2: answers of 1-2 digits are products of 1-digit numbers, of 3-4 digits of 2-digit numbers: "
                        + "the problem changes with L";
        if (labels.containsKey("format")) {
            s += "; mirage eval: target_length counts digits, token_edit_distance the server's tokens (which may hold several digits)";
        }
        return s;
    }
}

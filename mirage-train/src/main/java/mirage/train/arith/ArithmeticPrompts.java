package mirage.train.arith;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.TreeMap;
import mirage.io.api.EvalItem;
import mirage.core.util.Seeds;

/**
 * Prompts of the paper's arithmetic tasks for models behind an API ({@code mirage eval}): the test items
 * of {@link ArithmeticData#testSet} (held-out problems, per target length, the same items
 * {@code mirage train arithmetic} evaluates its own models on for the same seed), each preceded by
 * {@code shots} solved examples.
 *
 * <p>Formats:
 * <ul>
 *   <li>{@code plain}: {@code 12+34=46}, the format mirage's own models are trained on; examples one per
 *       line; the continuation is the answer itself;</li>
 *   <li>{@code padded}: as plain with operands zero-padded to the task's width ({@code 0012+0034=46}), for
 *       models trained with {@code --format padded};</li>
 *   <li>{@code qa}: GPT-3's arithmetic format (Brown et al. 2020, Appendix G),
 *       {@code Q: What is 48 plus 76? A: 124} ({@code times} for multiplication), examples separated by a
 *       blank line; the continuation is a space followed by the answer.</li>
 * </ul>
 * Every format stops at a line break. The examples of an item are training problems (never held out, so
 * never a test item) drawn from a generator seeded by (seed, task, item id): the same for every model and
 * every run, whatever the number of items.
 */
public final class ArithmeticPrompts {

    /** A prompt format. */
    public enum Format {
        PLAIN("plain"), PADDED("padded"), QA("qa");

        private final String option;

        Format(String option) {
            this.option = option;
        }

        public String option() {
            return option;
        }

        public static Format parse(String s) {
            for (Format f : values()) {
                if (f.option.equalsIgnoreCase(s)) {
                    return f;
                }
            }
            throw new IllegalArgumentException("unknown prompt format '" + s + "'; expected plain, padded or qa");
        }
    }

    private ArithmeticPrompts() {
    }

    /**
     * The items: target lengths 1..{@link ArithmeticTask#maxTargetLength()}, up to {@code perLength} each
     * (fewer where fewer held-out problems of that length exist), in test-set order; labels
     * {@code target_length}, {@code shots} and {@code format}.
     */
    public static List<EvalItem> items(ArithmeticTask task, Format format, int shots, int perLength, long seed) {
        if (shots < 0 || shots > 64) {
            throw new IllegalArgumentException("shots must be in 0..64, got " + shots);
        }
        if (perLength < 1) {
            throw new IllegalArgumentException("items per target length must be positive, got " + perLength);
        }
        ArithmeticData data = new ArithmeticData(task, seed, format == Format.PADDED);
        List<EvalItem> out = new ArrayList<>();
        for (int len = 1; len <= task.maxTargetLength(); len++) {
            for (Problem p : data.testSet(len, perLength)) {
                SplittableRandom rng = new SplittableRandom(Seeds.derive(seed, "shots/" + task.taskName() + "/" + p.id(), 0));
                StringBuilder prompt = new StringBuilder();
                for (int k = 0; k < shots; k++) {
                    Problem ex = data.drawTraining(rng);
                    prompt.append(query(ex, format)).append(lead(format)).append(ex.answer()).append(separator(format));
                }
                prompt.append(query(p, format));
                Map<String, String> labels = new TreeMap<>();
                labels.put("target_length", Integer.toString(p.targetLength()));
                labels.put("shots", Integer.toString(shots));
                labels.put("format", format.option());
                out.add(new EvalItem(p.id(), prompt.toString(), lead(format), p.answer(), labels));
            }
        }
        return out;
    }

    /** The question of a problem, up to where the answer begins. */
    static String query(Problem p, Format f) {
        if (f == Format.QA) {
            return String.format(Locale.ROOT, "Q: What is %d %s %d? A:", p.a(), p.task() == ArithmeticTask.ADD ? "plus" : "times", p.b());
        }
        return p.prompt();
    }

    /** What separates the answer from the question: a space in {@code qa}, nothing otherwise. */
    public static String lead(Format f) {
        return f == Format.QA ? " " : "";
    }

    static String separator(Format f) {
        return f == Format.QA ? "\n\n" : "\n";
    }

    /** Stop sequences: a line break. */
    public static List<String> stop(Format f) {
        return List.of("\n");
    }

    /**
     * Default {@code max_tokens}: the longest answer plus one (mirage's own rule: its models write the
     * answer and an end mark), plus one more in {@code qa} for the space before the answer.
     */
    public static int defaultMaxTokens(ArithmeticTask task, Format f) {
        return task.maxTargetLength() + (f == Format.QA ? 2 : 1);
    }

    /** Whether an output looks like an answer: digits (an optional minus sign), surrounding white space ignored. */
    public static boolean looksLikeAnswer(String output) {
        return output != null && output.strip().matches("-?[0-9]+");
    }
}

package mirage.core.sim;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import mirage.core.data.Choice;
import mirage.core.data.Model;
import mirage.core.data.Sample;
import mirage.core.metric.MetricAccumulator;
import mirage.core.metric.MetricKind;
import mirage.core.metric.MetricValue;

/**
 * The paper's mathematical model (Schaeffer et al. 2023, Section 2), in closed form and as a finite
 * test set scored by the same metric implementations as real data.
 *
 * <p>Closed form, for a model with N parameters:
 * <pre>
 *   L_CE(N) = (N / c)^alpha                     per-token cross-entropy, alpha &lt; 0
 *   p(N)    = exp(-L_CE(N))                     probability a token is right
 *   accuracy(N)            = p^L                exact match over L independent tokens
 *   token_edit_distance(N) = L (1 - p)          expected substitutions
 *   multiple_choice_grade  = 1 if p &gt; 1/k, 1/k if p = 1/k, else 0   (k choices, mass p on the correct
 *                            one, the rest spread evenly; the paper plots values below chance at 1/k)
 *   brier(N)               = (1 - p)^2          the paper's Brier form on the correct choice
 * </pre>
 * Finite test set ({@link #simulate}): for each model, n items of L tokens; each output token equals the
 * target token with probability p, else it is another digit drawn uniformly (a substitution), so the
 * expected exact match is exactly p^L; the expected Levenshtein distance is at most L(1-p) (a shifted
 * alignment can cost less than the substitutions, ~1% with 10 digits). Each model's
 * items use a random stream derived from (seed, model index) alone, so adding sizes does not change
 * the others.
 */
public final class MathModel {
    /** Digits 0-9 are the token vocabulary of the simulated task. */
    private static final int VOCAB = 10;

    private final double alpha;
    private final double c;
    private final int length;
    private final int choices;

    /**
     * @param alpha power-law exponent of the per-token cross-entropy; must be negative
     * @param c scale constant; must be positive
     * @param length target length L in tokens; at least 1
     * @param choices number of options k of the multiple-choice task; at least 2
     */
    public MathModel(double alpha, double c, int length, int choices) {
        if (!(alpha < 0) || !Double.isFinite(alpha)) {
            throw new IllegalArgumentException("alpha must be a negative number, got " + alpha);
        }
        if (!(c > 0) || !Double.isFinite(c)) {
            throw new IllegalArgumentException("c must be a positive number, got " + c);
        }
        if (length < 1) {
            throw new IllegalArgumentException("length must be at least 1, got " + length);
        }
        if (choices < 2) {
            throw new IllegalArgumentException("choices must be at least 2, got " + choices);
        }
        this.alpha = alpha;
        this.c = c;
        this.length = length;
        this.choices = choices;
    }

    /** The paper's Figure 2 constants: alpha = -0.5, c = 2e9, L = 5, 2 choices. */
    public static MathModel paperFigure2() {
        return new MathModel(-0.5, 2e9, 5, 2);
    }

    /** The paper's Figure 2 sizes. */
    public static final double[] PAPER_SIZES = {3.5e8, 1.3e9, 6.7e9, 2.0e11};

    public double alpha() { return alpha; }
    public double c() { return c; }
    public int length() { return length; }
    public int choices() { return choices; }

    /** Closed-form values at one size. */
    public record Point(double params, double ceLoss, double pToken, double accuracy, double tokenEditDistance,
                        double multipleChoiceGrade, double brier, double chance) {
    }

    public double ceLoss(double params) {
        checkSize(params);
        return Math.pow(params / c, alpha);
    }

    public Point closedForm(double params) {
        double ce = ceLoss(params);
        double p = Math.exp(-ce);
        double chance = 1.0 / choices;
        double mcg = p > chance ? 1.0 : (p == chance ? chance : 0.0);
        return new Point(params, ce, p, Math.pow(p, length), length * (1 - p), mcg, (1 - p) * (1 - p), chance);
    }

    /** Estimates from a finite simulated test set at one size. */
    public record Simulated(double params, int items, MetricValue accuracy, MetricValue tokenEditDistance,
                            double resolution) {
    }

    /**
     * Simulates n items per size and scores them with {@link MetricKind#EXACT_MATCH} and
     * {@link MetricKind#TOKEN_EDIT_DISTANCE}.
     */
    public List<Simulated> simulate(double[] sizes, int items, long seed) {
        if (items < 1) {
            throw new IllegalArgumentException("items must be at least 1, got " + items);
        }
        List<Simulated> out = new ArrayList<>();
        for (int i = 0; i < sizes.length; i++) {
            MetricAccumulator em = MetricKind.EXACT_MATCH.accumulator(Double.NaN);
            MetricAccumulator ted = MetricKind.TOKEN_EDIT_DISTANCE.accumulator(Double.NaN);
            for (Sample s : samples(sizes[i], "sim-" + i, items, streamSeed(seed, i))) {
                em.accept(s);
                ted.accept(s);
            }
            out.add(new Simulated(sizes[i], items, em.result(), ted.result(), 1.0 / items));
        }
        return out;
    }

    /**
     * The simulated per-sample records of one model: generation items with target and output tokens,
     * target log-probabilities {@code log p} per token, and a k-choice item whose correct option has
     * probability p (the rest spread evenly), so that every metric of the battery can score them. Each
     * record carries the label {@code test_items} (the size of the simulated test set), so that simulations
     * of one family with different test-set sizes analysed together form separate series.
     */
    public List<Sample> samples(double params, String modelName, int items, long streamSeed) {
        double p = closedForm(params).pToken();
        SplittableRandom rnd = new SplittableRandom(streamSeed);
        Model model = Model.of("math-model", modelName, params);
        double lp = Math.log(p);
        double[] logProbs = new double[length];
        Arrays.fill(logProbs, lp);
        List<Choice> opts = new ArrayList<>();
        double wrong = Math.log((1 - p) / (choices - 1));
        for (int j = 0; j < choices; j++) {
            opts.add(new Choice(Character.toString('A' + j), j == 0 ? lp : wrong));
        }
        List<Sample> out = new ArrayList<>(items);
        for (int it = 0; it < items; it++) {
            List<String> target = new ArrayList<>(length);
            List<String> output = new ArrayList<>(length);
            for (int t = 0; t < length; t++) {
                int d = rnd.nextInt(VOCAB);
                target.add(Integer.toString(d));
                int o = d;
                if (rnd.nextDouble() >= p) {
                    o = (d + 1 + rnd.nextInt(VOCAB - 1)) % VOCAB;
                }
                output.add(Integer.toString(o));
            }
            out.add(Sample.builder(model, "math_model_L" + length, Integer.toString(it))
                    .target(String.join("", target)).output(String.join("", output))
                    .targetTokens(target).outputTokens(output).targetLogProbs(logProbs)
                    .choices(opts, 0).label("test_items", Integer.toString(items)).build());
        }
        return out;
    }

    /** The random stream of model i: SplitMix64 of (seed, i), independent of the other models. */
    public static long streamSeed(long seed, int index) {
        long z = seed + 0x9E3779B97F4A7C15L * (index + 1L);
        z = (z ^ (z >>> 30)) * 0xbf58476d1ce4e5b9L;
        z = (z ^ (z >>> 27)) * 0x94d049bb133111ebL;
        return z ^ (z >>> 31);
    }

    private static void checkSize(double params) {
        if (!(params > 0) || !Double.isFinite(params)) {
            throw new IllegalArgumentException("model size must be a positive number, got " + params);
        }
    }
}

package mirage.core.sim;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import java.util.function.DoubleUnaryOperator;
import mirage.core.data.Model;
import mirage.core.data.Sample;

/**
 * A seeded simulator of a model family answering the same generation items, for tests and
 * demonstrations where the truth is known. Each model of scale N has a per-token cross-entropy
 * {@code ce(N)} (any function: the paper's smooth power law, or one that jumps); item i has a fixed
 * difficulty {@code d_i ~ Normal(0, spread)} shared by every model (so items pair across the family), and
 * its per-token probability is {@code p_i = exp(-ce(N) exp(d_i))}. Every target token of item i is
 * produced right with probability p_i, independently (else another digit is written: a substitution),
 * and its teacher-forced log-probability is {@code ln p_i}. So, item by item, exact match has expectation
 * {@code p_i^L}, token edit distance at most {@code L (1 - p_i)} and token probability is {@code p_i}:
 * the paper's mathematical model with item heterogeneity. Samples carry the label
 * {@code target_length = L}. The random stream of (model j, item i) is derived from (seed, j, i) alone.
 */
public final class FamilySimulator {
    private static final int VOCAB = 10;

    private final String family;
    private final String task;
    private final DoubleUnaryOperator ce;
    private final int length;
    private final double spread;
    private final double interaction;

    /**
     * @param family family name of the samples
     * @param task task name
     * @param ce per-token cross-entropy as a function of scale (positive)
     * @param length target length L in tokens
     * @param spread standard deviation of the items' log-difficulty (0: identical items)
     */
    public FamilySimulator(String family, String task, DoubleUnaryOperator ce, int length, double spread) {
        this(family, task, ce, length, spread, 0);
    }

    private FamilySimulator(String family, String task, DoubleUnaryOperator ce, int length, double spread, double interaction) {
        if (length < 1) {
            throw new IllegalArgumentException("length must be at least 1, got " + length);
        }
        if (!(spread >= 0)) {
            throw new IllegalArgumentException("spread must be >= 0, got " + spread);
        }
        if (!(interaction >= 0)) {
            throw new IllegalArgumentException("interaction must be >= 0, got " + interaction);
        }
        this.family = family;
        this.task = task;
        this.ce = ce;
        this.length = length;
        this.spread = spread;
        this.interaction = interaction;
    }

    /**
     * The same family with a model-by-item interaction: item i's log-difficulty for model j is
     * {@code d_i + eta_ij}, {@code eta_ij ~ N(0, sd)} drawn from a stream of (seed, j, i) of its own (0, the
     * default: every model finds the same items equally hard, so a paired bootstrap of any statistic that
     * is invariant to a common factor in the per-item cross-entropy sees no noise at all).
     */
    public FamilySimulator withInteraction(double sd) {
        return new FamilySimulator(family, task, ce, length, spread, sd);
    }

    /** The paper's smooth law {@code ce(N) = (N/c)^alpha}. */
    public static DoubleUnaryOperator powerLaw(double alpha, double c) {
        return n -> Math.pow(n / c, alpha);
    }

    /**
     * A per-token cross-entropy that itself jumps: {@code low} above scale {@code at}, {@code high} below,
     * through a logistic in log10 scale of the given steepness (per decade).
     */
    public static DoubleUnaryOperator jump(double high, double low, double at, double steepness) {
        return n -> low + (high - low) / (1 + Math.exp(steepness * (Math.log10(n) - Math.log10(at))));
    }

    /** Samples of every model (named {@code family-0}, ...) on {@code items} shared items. */
    public List<Sample> samples(double[] sizes, int items, long seed) {
        List<Sample> out = new ArrayList<>(sizes.length * items);
        double[] difficulty = new double[items];
        SplittableRandom dr = new SplittableRandom(MathModel.streamSeed(seed, -1));
        for (int i = 0; i < items; i++) {
            difficulty[i] = spread == 0 ? 0 : spread * dr.nextGaussian();
        }
        for (int j = 0; j < sizes.length; j++) {
            Model model = Model.of(family, family + "-" + j, sizes[j]);
            double c = ce.applyAsDouble(sizes[j]);
            if (!(c > 0) || !Double.isFinite(c)) {
                throw new IllegalArgumentException("cross-entropy at " + sizes[j] + " must be positive, got " + c);
            }
            for (int i = 0; i < items; i++) {
                SplittableRandom r = new SplittableRandom(MathModel.streamSeed(MathModel.streamSeed(seed, j), i));
                double di = difficulty[i];
                if (interaction > 0) {
                    di += interaction * new SplittableRandom(MathModel.streamSeed(MathModel.streamSeed(seed ^ 0x1A7E5L, j), i)).nextGaussian();
                }
                double p = Math.exp(-c * Math.exp(di));
                double lp = Math.log(p);
                double[] lps = new double[length];
                Arrays.fill(lps, lp);
                List<String> target = new ArrayList<>(length);
                List<String> output = new ArrayList<>(length);
                for (int t = 0; t < length; t++) {
                    int d = r.nextInt(VOCAB);
                    target.add(Integer.toString(d));
                    int o = r.nextDouble() < p ? d : (d + 1 + r.nextInt(VOCAB - 1)) % VOCAB;
                    output.add(Integer.toString(o));
                }
                out.add(Sample.builder(model, task, Integer.toString(i)).target(String.join("", target))
                        .output(String.join("", output)).targetTokens(target).outputTokens(output).targetLogProbs(lps)
                        .label("target_length", Integer.toString(length)).build());
            }
        }
        return out;
    }
}

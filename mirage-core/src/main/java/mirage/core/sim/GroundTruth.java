package mirage.core.sim;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;
import java.util.function.DoubleUnaryOperator;
import mirage.core.data.Choice;
import mirage.core.data.Model;
import mirage.core.data.Sample;

/**
 * Model families whose truth is known, for the ground-truth benchmark of the verdict rule
 * (docs/ANALYSIS.md, "Ground-truth benchmark"): seeded per-sample records of a family answering the same items,
 * scored later by the real metric code.
 *
 * <p>Every family has a per-unit cross-entropy {@code ce(N)} over its sizes, log-spaced over {@code 1e7..1e11}
 * parameters, and a mechanism:
 * <ul>
 *   <li>{@link Mechanism#SMOOTH}: {@code ce} a power law from 2.5 at the smallest size to 0.05 at the largest (the
 *       paper's Figure 2 spans 2.4 to 0.1): over this range the discontinuous metric mostly rises gradually (truth: not
 *       emergent);</li>
 *   <li>{@link Mechanism#STEEP}: {@code ce} a power law from 6 to {@code 0.5/L} (multiple choice: 0.35): smooth
 *       per-unit improvement over a range where the nonlinear metric is in its convex part, ~0 for the smaller models
 *       and ~0.6 for the largest, as in the paper's Figure 2 (the mirage; truth: not emergent);</li>
 *   <li>{@link Mechanism#JUMP}: {@code ce} itself jumps from {@code ce_hi} to {@code ce_lo} through a logistic in
 *       log10 N of steepness 8 per decade (10% to 90% of the fall within 0.55 decades) at a point drawn (seeded)
 *       between 35% and 65% of the log range (truth: emergent);</li>
 *   <li>{@link Mechanism#MILD_JUMP}: as JUMP, but the per-unit error falls only fourfold (1.0 to 0.25; multiple choice
 *       2.0 to 0.5): a real jump
 *       near the rule's threshold (S's error at least halves beyond its trend), to see how the rule behaves at its
 *       boundary (truth: emergent; kept out of the tuning);</li>
 *   <li>{@link Mechanism#NON_MONOTONE}: SMOOTH, but one model is as bad as the smallest: the first whose predecessor
 *       shows at least a third of the largest model's expected discontinuous metric (a badly trained model; truth:
 *       non-monotone, no verdict on a jump should be given);</li>
 *   <li>{@link Mechanism#SATURATING}: SMOOTH over a range where even the smallest model gets most answers right
 *       (truth: not emergent, saturating);</li>
 *   <li>{@link Mechanism#FLAT}: SMOOTH over a range where the discontinuous metric stays at its floor (exact match
 *       ~0; multiple-choice grade at chance) while the continuous one improves (truth: not emergent).</li>
 * </ul>
 * Tasks: {@link Task#GENERATION}: answers of L tokens ({@link FamilySimulator}: item difficulty
 * {@code d_i ~ N(0, spread)}, per-token probability {@code exp(-ce(N) exp(d_i))}, substitution errors, target
 * log-probabilities); {@link Task#MULTIPLE_CHOICE}: 4 options whose logits are {@code a(N) + eps_c} for the correct one
 * and {@code eps_j} for the others, {@code eps ~ N(0, spread)} fixed per (item, option) and shared by the family
 * plus a model-by-item interaction {@code N(0, INTERACTION)} (generation: the same in the log-difficulty),
 * where {@code a(N) = ln(p (k-1)/(1-p))}, {@code p = exp(-ce(N))}: with {@code ce = ln k} the model is at chance, above
 * it (SMOOTH and JUMP start at {@code ce = 2.5}) the correct option is disfavoured and the grade starts below chance.
 *
 * @param mechanism the truth
 * @param task generation or multiple choice
 * @param sizes number of sizes
 * @param items items per size (shared by the family)
 * @param spread item heterogeneity (0: equal items; generation: sd of log-difficulty; multiple choice: sd of the
 *     option noise, at least 0.05)
 * @param length target length L (generation)
 * @param seed the family's seed
 */
public record GroundTruth(Mechanism mechanism, Task task, int sizes, int items, double spread, int length, long seed) {

    /** How the family's per-unit error behaves. */
    public enum Mechanism { SMOOTH, STEEP, JUMP, MILD_JUMP, NON_MONOTONE, SATURATING, FLAT }

    /** What the items are. */
    public enum Task { GENERATION, MULTIPLE_CHOICE }

    /** Options of a multiple-choice item. */
    public static final int CHOICES = 4;

    /**
     * Standard deviation of the model-by-item interaction (generation: in each item's log-difficulty; multiple
     * choice: in each option's logit): models of a family do not find exactly the same items hard.
     */
    public static final double INTERACTION = 0.3;

    public static final double MIN_SCALE = 1e7;
    public static final double MAX_SCALE = 1e11;

    public GroundTruth {
        if (sizes < 2 || items < 1 || length < 1 || !(spread >= 0)) {
            throw new IllegalArgumentException("bad ground-truth family: " + sizes + " sizes, " + items + " items, L " + length
                    + ", spread " + spread);
        }
    }

    /** A name that says what the family is, e.g. {@code jump-gen-L5-k6-n1000-unequal-s3}. */
    public String name() {
        return String.format(Locale.ROOT, "%s-%s%s-k%d-n%d-%s-s%d", mechanism.name().toLowerCase(Locale.ROOT).replace('_', '-'),
                task == Task.GENERATION ? "gen" : "mc", task == Task.GENERATION ? "-L" + length : "", sizes, items,
                spread > 0.1 ? "unequal" : "equal", seed);
    }

    /** The sizes: log-spaced from {@link #MIN_SCALE} to {@link #MAX_SCALE}. */
    public double[] scales() {
        double[] x = new double[sizes];
        for (int i = 0; i < sizes; i++) {
            x[i] = Math.pow(10, Math.log10(MIN_SCALE) + (Math.log10(MAX_SCALE) - Math.log10(MIN_SCALE)) * i / (sizes - 1));
        }
        return x;
    }

    /** The per-unit cross-entropy at the smallest and the largest size for this mechanism and task. */
    double[] range() {
        boolean mc = task == Task.MULTIPLE_CHOICE;
        double chance = Math.log(CHOICES);
        return switch (mechanism) {
            case SMOOTH, JUMP, NON_MONOTONE -> new double[] {2.5, 0.05};
            case STEEP -> mc ? new double[] {6.0, 0.35} : new double[] {6.0, 0.5 / length};
            // multiple choice: from below chance (p 0.14) to 0.61, so that the grade rises from ~0 rather than starting near
            // its ceiling (with 1.0 -> 0.25 the smallest model already answers 78% right: a saturating curve)
            case MILD_JUMP -> mc ? new double[] {2.0, 0.5} : new double[] {1.0, 0.25};
            // the smallest model already right on ~75% of answers (exact match ~ exp(-L ce)), the largest on 99%
            case SATURATING -> mc ? new double[] {0.35, 0.01} : new double[] {0.25 / length, 0.005 / length};
            // exact match below 3e-4 even at L = 1 would need ce > 8: use L-scaled so that p^L stays tiny; MC at chance
            case FLAT -> mc ? new double[] {chance * 1.6, chance * 1.05} : new double[] {Math.max(6.0, 8.0 / length), 4.0};
        };
    }

    /** The per-unit cross-entropy of each size, with the mechanism applied. */
    public double[] crossEntropy() {
        double[] x = scales();
        double[] r = range();
        double hi = r[0];
        double lo = r[1];
        DoubleUnaryOperator ce;
        if (mechanism == Mechanism.JUMP || mechanism == Mechanism.MILD_JUMP) {
            SplittableRandom rnd = new SplittableRandom(MathModel.streamSeed(seed, 977));
            double lx0 = Math.log10(MIN_SCALE);
            double lx1 = Math.log10(MAX_SCALE);
            double at = Math.pow(10, lx0 + (lx1 - lx0) * (0.35 + 0.30 * rnd.nextDouble()));
            ce = FamilySimulator.jump(hi, lo, at, 8);
        } else {
            double alpha = Math.log(lo / hi) / Math.log(MAX_SCALE / MIN_SCALE);
            ce = n -> hi * Math.pow(n / MIN_SCALE, alpha);
        }
        double[] out = new double[sizes];
        for (int i = 0; i < sizes; i++) {
            out[i] = ce.applyAsDouble(x[i]);
        }
        if (mechanism == Mechanism.NON_MONOTONE) {
            // the first model whose predecessor already shows a third of the largest model's expected D is trained as
            // badly as the smallest: a reversal of at least that much (the largest model when none qualifies)
            double top = expectedD(out[sizes - 1]);
            int bad = sizes - 1;
            for (int j = 2; j < sizes; j++) {
                if (expectedD(out[j - 1]) - expectedD(out[0]) >= top / 3) {
                    bad = j;
                    break;
                }
            }
            out[bad] = out[0];
        }
        return out;
    }

    /**
     * The expected discontinuous metric at a per-unit cross-entropy (infinitely many items): generation, exact match
     * {@code E[exp(-L ce exp(d))]} with d normal of sd {@code sqrt(spread^2 + INTERACTION^2)}; multiple choice, the
     * grade {@code P(a + e_c > max_j e_j)} with option noise of sd {@code sqrt(max(spread, 0.05)^2 + INTERACTION^2)}.
     * Numerical integration over 401 points within 8 standard deviations.
     */
    public double expectedD(double ce) {
        if (task == Task.GENERATION) {
            double sd = Math.hypot(spread, INTERACTION);
            return integrate(sd, d -> Math.exp(-length * ce * Math.exp(d)));
        }
        double sd = Math.hypot(Math.max(spread, 0.05), INTERACTION);
        double p = Math.exp(-ce);
        double a = Math.log(p * (CHOICES - 1) / (1 - p));
        org.hipparchus.distribution.continuous.NormalDistribution nd = new org.hipparchus.distribution.continuous.NormalDistribution(0, sd);
        return integrate(sd, e -> Math.pow(nd.cumulativeProbability(a + e), CHOICES - 1));
    }

    private static double integrate(double sd, DoubleUnaryOperator f) {
        if (sd == 0) {
            return f.applyAsDouble(0);
        }
        int n = 401;
        double h = 16 * sd / (n - 1);
        double sum = 0;
        double norm = 0;
        for (int i = 0; i < n; i++) {
            double x = -8 * sd + i * h;
            double w = Math.exp(-0.5 * (x / sd) * (x / sd));
            sum += w * f.applyAsDouble(x);
            norm += w;
        }
        return sum / norm;
    }

    /** Family name of the samples. */
    public String family() {
        return name();
    }

    /** The task name of the samples. */
    public String taskName() {
        return task == Task.GENERATION ? "gen_L" + length : "mc" + CHOICES;
    }

    /** The per-sample records of every model. */
    public List<Sample> samples() {
        double[] x = scales();
        double[] ce = crossEntropy();
        if (task == Task.GENERATION) {
            // FamilySimulator takes ce as a function of scale: look the values up by size
            DoubleUnaryOperator f = n -> {
                for (int i = 0; i < x.length; i++) {
                    if (x[i] == n) {
                        return ce[i];
                    }
                }
                throw new IllegalArgumentException("not a size of the family: " + n);
            };
            return new FamilySimulator(family(), taskName(), f, length, spread).withInteraction(INTERACTION).samples(x, items, seed);
        }
        return multipleChoice(x, ce);
    }

    private List<Sample> multipleChoice(double[] x, double[] ce) {
        double sd = Math.max(spread, 0.05);
        double[][] noise = new double[items][CHOICES];
        SplittableRandom nr = new SplittableRandom(MathModel.streamSeed(seed, -2));
        for (int i = 0; i < items; i++) {
            for (int j = 0; j < CHOICES; j++) {
                noise[i][j] = sd * nr.nextGaussian();
            }
        }
        List<Sample> out = new ArrayList<>(x.length * items);
        String[] labels = {"A", "B", "C", "D"};
        for (int m = 0; m < x.length; m++) {
            Model model = Model.of(family(), family() + "-" + m, x[m]);
            double p = Math.exp(-ce[m]);
            double a = Math.log(p * (CHOICES - 1) / (1 - p));
            SplittableRandom mr = new SplittableRandom(MathModel.streamSeed(seed ^ 0x3C7L, m));
            for (int i = 0; i < items; i++) {
                int correct = i % CHOICES;
                double[] z = new double[CHOICES];
                double max = Double.NEGATIVE_INFINITY;
                for (int j = 0; j < CHOICES; j++) {
                    z[j] = noise[i][j] + INTERACTION * mr.nextGaussian() + (j == correct ? a : 0);
                    max = Math.max(max, z[j]);
                }
                double sum = 0;
                for (int j = 0; j < CHOICES; j++) {
                    sum += Math.exp(z[j] - max);
                }
                double lse = max + Math.log(sum);
                List<Choice> opts = new ArrayList<>(CHOICES);
                for (int j = 0; j < CHOICES; j++) {
                    opts.add(new Choice(labels[j], z[j] - lse));
                }
                out.add(Sample.builder(model, taskName(), Integer.toString(i)).choices(opts, correct).build());
            }
        }
        return out;
    }
}

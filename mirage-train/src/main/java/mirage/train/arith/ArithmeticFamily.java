package mirage.train.arith;

import java.util.List;

/**
 * The preset families of {@code mirage train arithmetic --family}: sizes, steps, test items per target
 * length and the learning-rate rule. {@code small} is what {@code mirage demo} runs (a few minutes on 2
 * cores); {@code full} is the paper-scale run.
 *
 * <p>{@code small} scales the width only (16..96, about twice the parameters from one size to the next) at
 * a fixed depth of 2 and 4 attention heads, with one peak learning rate for every size. Measured on seed
 * 0 and 1 (docs/ANALYSIS.md, "The demo's trained family"): the earlier design, where depth and the number
 * of heads grew with the width (1..3 layers, 1..3 heads) and the learning rate fell with it, gave a family
 * whose skill was set by those changes more than by size (a smaller model beating a larger one at 2 of the 5
 * target lengths in both seeds); 1-head models learned far more slowly than 3- and 4-head ones of the same
 * width, and a 7K-parameter model at a high learning rate learned the whole task, so these models are
 * limited by optimisation within the budget, not by capacity.
 */
public enum ArithmeticFamily {
    /** 6 models, 7.1K..227K parameters, 2 layers and 4 heads each, peak learning rate 2e-3, 6,000 steps, 5,000 test items per target length. */
    SMALL("small", List.of(new ModelSpec(16, 2, 4), new ModelSpec(24, 2, 4), new ModelSpec(32, 2, 4),
            new ModelSpec(48, 2, 4), new ModelSpec(64, 2, 4), new ModelSpec(96, 2, 4)), 6000, 5000, 2e-3),
    /** 8 models, 3.8K..2.2M parameters (width and depth grow together), peak learning rate by width, 10,000 steps, 10,000 test items per target length. */
    FULL("full", List.of(ModelSpec.of(16, 1), ModelSpec.of(32, 1), ModelSpec.of(32, 2), ModelSpec.of(48, 2),
            ModelSpec.of(64, 3), ModelSpec.of(96, 3), ModelSpec.of(128, 4), ModelSpec.of(192, 5)), 10000, 10000, Double.NaN);

    private final String option;
    private final List<ModelSpec> sizes;
    private final long steps;
    private final int testItems;
    private final double peakLr;

    ArithmeticFamily(String option, List<ModelSpec> sizes, long steps, int testItems, double peakLr) {
        this.option = option;
        this.sizes = sizes;
        this.steps = steps;
        this.testItems = testItems;
        this.peakLr = peakLr;
    }

    public String option() {
        return option;
    }

    public List<ModelSpec> sizes() {
        return sizes;
    }

    public long steps() {
        return steps;
    }

    public int testItems() {
        return testItems;
    }

    /** The peak learning rate of every size; NaN: by width ({@link ModelSpec#peakLearningRate()}). */
    public double peakLr() {
        return peakLr;
    }

    public static ArithmeticFamily parse(String s) {
        for (ArithmeticFamily f : values()) {
            if (f.option.equalsIgnoreCase(s)) {
                return f;
            }
        }
        throw new IllegalArgumentException("unknown family '" + s + "'; expected small or full");
    }
}

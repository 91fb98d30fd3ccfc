package mirage.train.arith;

import java.util.List;

/**
 * The preset families of {@code mirage train arithmetic --family}: sizes (width and depth grow
 * together), steps and test items per target length. {@code small} is what {@code mirage demo} runs
 * (a few minutes on 2 cores); {@code full} is the paper-scale run.
 */
public enum ArithmeticFamily {
    /** 6 models, 3.8K..339K parameters, 4,000 steps, 1,000 test items per target length. */
    SMALL("small", List.of(ModelSpec.of(16, 1), ModelSpec.of(24, 1), ModelSpec.of(32, 2), ModelSpec.of(48, 2),
            ModelSpec.of(64, 3), ModelSpec.of(96, 3)), 4000, 1000),
    /** 8 models, 3.8K..2.2M parameters, 10,000 steps, 10,000 test items per target length. */
    FULL("full", List.of(ModelSpec.of(16, 1), ModelSpec.of(32, 1), ModelSpec.of(32, 2), ModelSpec.of(48, 2),
            ModelSpec.of(64, 3), ModelSpec.of(96, 3), ModelSpec.of(128, 4), ModelSpec.of(192, 5)), 10000, 10000);

    private final String option;
    private final List<ModelSpec> sizes;
    private final long steps;
    private final int testItems;

    ArithmeticFamily(String option, List<ModelSpec> sizes, long steps, int testItems) {
        this.option = option;
        this.sizes = sizes;
        this.steps = steps;
        this.testItems = testItems;
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

    public static ArithmeticFamily parse(String s) {
        for (ArithmeticFamily f : values()) {
            if (f.option.equalsIgnoreCase(s)) {
                return f;
            }
        }
        throw new IllegalArgumentException("unknown family '" + s + "'; expected small or full");
    }
}

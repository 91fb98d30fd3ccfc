package mirage.core.data;

/**
 * How big a model is, along every axis mirage can plot against.
 *
 * <p>Every field is a non-negative finite number or {@code NaN} when unknown. {@code params} (total
 * parameters) is the default axis of every analysis; the others are optional and used when a user
 * asks for them (see {@link ScaleAxis}).
 *
 * @param params total parameters
 * @param nonEmbeddingParams parameters excluding the token embedding and unembedding
 * @param tokens training tokens seen
 * @param flops training compute in floating-point operations
 * @param step training step of the checkpoint
 */
public record Scale(double params, double nonEmbeddingParams, double tokens, double flops, double step) implements java.io.Serializable {

    /** A scale with nothing known. */
    public static final Scale UNKNOWN = new Scale(Double.NaN, Double.NaN, Double.NaN, Double.NaN, Double.NaN);

    public Scale {
        check("params", params);
        check("nonEmbeddingParams", nonEmbeddingParams);
        check("tokens", tokens);
        check("flops", flops);
        check("step", step);
    }

    private static void check(String name, double v) {
        if (!Double.isNaN(v) && (v < 0 || Double.isInfinite(v))) {
            throw new IllegalArgumentException(name + " must be a non-negative finite number or NaN (unknown), got " + v);
        }
    }

    /** A scale that knows only the total parameter count. */
    public static Scale ofParams(double params) {
        return new Scale(params, Double.NaN, Double.NaN, Double.NaN, Double.NaN);
    }

    public Scale withParams(double v) { return new Scale(v, nonEmbeddingParams, tokens, flops, step); }
    public Scale withNonEmbeddingParams(double v) { return new Scale(params, v, tokens, flops, step); }
    public Scale withTokens(double v) { return new Scale(params, nonEmbeddingParams, v, flops, step); }
    public Scale withFlops(double v) { return new Scale(params, nonEmbeddingParams, tokens, v, step); }
    public Scale withStep(double v) { return new Scale(params, nonEmbeddingParams, tokens, flops, v); }

    /** Value on the given axis, NaN when unknown. */
    public double on(ScaleAxis axis) {
        return axis.of(this);
    }
}

package mirage.core.metric;

import mirage.core.data.Sample;

/**
 * Accumulates samples for one metric; not thread-safe. Accumulators of one metric can be combined,
 * so a cell may be scored in chunks (in parallel) and merged: {@code combine} must give the same
 * result as accepting every sample into one accumulator (up to floating-point rounding), whatever the
 * order of the samples. The contract test {@code MetricContractTest} checks this for every metric.
 *
 * <p>Accumulators are {@link java.io.Serializable}, so partial accumulators can be shipped between machines and
 * combined there (the Spark engine, mirage-spark). What is serialized is the accumulated state only, not the
 * scoring function or its workspace: a deserialized accumulator can {@link #combine} and give its
 * {@link #result}, and take part as either side of a combine; feeding it samples with {@link #accept} throws
 * {@link IllegalStateException} for the metrics whose score is a function (every metric but BLEU and subset
 * accuracy). The contract test checks that serialized partials combine to the whole.
 */
public interface MetricAccumulator extends java.io.Serializable {

    /** Adds one sample; a sample that lacks what the metric needs is counted as skipped. */
    void accept(Sample sample);

    /** Adds everything {@code other} (an accumulator of the same metric) has seen. */
    void combine(MetricAccumulator other);

    /** The metric's value over everything seen so far. */
    MetricValue result();
}

package mirage.core.metric;

import java.util.List;
import mirage.core.data.Sample;

/**
 * Corpus BLEU-4 ({@link Bleu}): sums the items' n-gram statistics; the value is taken from the sums, so
 * the result does not depend on the order of the items or on how they were split into chunks (the sums
 * are integers). {@code n} is the number of items; there is no per-item standard error (NaN). A sample
 * without target or output (as text or tokens) is skipped and counted. With no item the value is NaN.
 */
final class BleuAccumulator implements MetricAccumulator {
    private static final long serialVersionUID = 1L;
    /** The n-gram workspace (not serialized; made again when a deserialized accumulator is fed). */
    private transient Bleu bleu = new Bleu();
    private final Bleu.Stats stats = new Bleu.Stats();
    private long n;
    private long skipped;

    @Override
    public void accept(Sample s) {
        List<String> t = Scoring.tokens(s.targetTokens(), s.target());
        List<String> o = Scoring.tokens(s.outputTokens(), s.output());
        if (t == null || o == null) {
            skipped++;
            return;
        }
        if (bleu == null) {
            bleu = new Bleu();
        }
        bleu.add(stats, o, t);
        n++;
    }

    @Override
    public void combine(MetricAccumulator other) {
        BleuAccumulator b = (BleuAccumulator) other;
        stats.add(b.stats);
        n += b.n;
        skipped += b.skipped;
    }

    @Override
    public MetricValue result() {
        return new MetricValue(n == 0 ? Double.NaN : stats.bleu(), n, skipped, Double.NaN, Double.NaN,
                Double.NaN, Double.NaN);
    }
}

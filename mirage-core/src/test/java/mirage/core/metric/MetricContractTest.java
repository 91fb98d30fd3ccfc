package mirage.core.metric;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import mirage.core.data.Sample;
import org.junit.jupiter.api.Test;

/**
 * The contract every metric of the battery must meet; each metric's test class extends this one and
 * supplies samples. Checked here:
 * <ul>
 *   <li>empty input: value NaN, n = 0, skipped = 0;</li>
 *   <li>order independence: seeded shuffles give the same result within {@link #tolerance()};</li>
 *   <li>chunked = whole: chunks accumulated separately and {@code combine}d (left to right and as a
 *       balanced tree) give the result of one accumulator;</li>
 *   <li>samples lacking the requirement are skipped and counted, alone and mixed in;</li>
 *   <li>non-finite numbers (NaN/±Infinity log-probabilities, NaN/±Infinity errors) neither throw nor
 *       poison the result: each gives its declared value alone (NaN = skipped), and the order and chunk
 *       checks still hold with them mixed in;</li>
 *   <li>every value lies in the declared range;</li>
 *   <li>serialized partials combine to the whole: chunks accumulated, serialized and deserialized (as a
 *       Spark executor ships them), then combined either way round, give the result of one accumulator,
 *       bit for bit the result of combining the chunks without serialization.</li>
 * </ul>
 * Tolerances: values and chance levels agree within {@code tolerance() * max(1, |value|)}; standard errors
 * within 1e-9 relative (the combination formula rounds differently from the running update).
 */
abstract class MetricContractTest {
    private static final long SEED = 20240601L;

    /** A non-finite (or otherwise unusual) input and the value it must give alone; NaN = skipped. */
    record Unusual(String what, Sample sample, double expected) {
    }

    /** The metric under test. */
    protected abstract Metric metric();

    /** At least 6 samples of one cell that the metric scores, with varied values. */
    protected abstract List<Sample> scorable();

    /** Samples that lack what the metric needs; each must be skipped and counted. */
    protected abstract List<Sample> lacking();

    /** Samples carrying NaN/±Infinity numbers, with their value alone. */
    protected abstract List<Unusual> nonFinite();

    /** Relative tolerance of value comparisons. */
    protected double tolerance() {
        return 1e-12;
    }

    /** Whether mixing the lacking samples in may change n and the value (subset@K: they void their groups). */
    protected boolean lackingAffectsOthers() {
        return false;
    }

    // ------------------------------------------------------------------ helpers

    protected final MetricValue score(List<Sample> samples) {
        MetricAccumulator a = metric().accumulator();
        samples.forEach(a::accept);
        return a.result();
    }

    protected final MetricValue score(Sample... samples) {
        return score(List.of(samples));
    }

    private MetricValue chunked(List<Sample> samples, int chunk, boolean tree) {
        List<MetricAccumulator> parts = new ArrayList<>();
        for (int i = 0; i < samples.size(); i += chunk) {
            MetricAccumulator a = metric().accumulator();
            samples.subList(i, Math.min(samples.size(), i + chunk)).forEach(a::accept);
            parts.add(a);
        }
        if (parts.isEmpty()) {
            return metric().accumulator().result();
        }
        if (!tree) {
            MetricAccumulator first = parts.get(0);
            for (int i = 1; i < parts.size(); i++) {
                first.combine(parts.get(i));
            }
            return first.result();
        }
        while (parts.size() > 1) {
            List<MetricAccumulator> next = new ArrayList<>();
            for (int i = 0; i < parts.size(); i += 2) {
                MetricAccumulator a = parts.get(i);
                if (i + 1 < parts.size()) {
                    a.combine(parts.get(i + 1));
                }
                next.add(a);
            }
            parts = next;
        }
        return parts.get(0).result();
    }

    protected final void assertSameValue(MetricValue actual, MetricValue expected, String what) {
        assertThat(actual.n()).as(what + ": n").isEqualTo(expected.n());
        assertThat(actual.skipped()).as(what + ": skipped").isEqualTo(expected.skipped());
        assertClose(actual.value(), expected.value(), tolerance(), what + ": value");
        assertClose(actual.chance(), expected.chance(), tolerance(), what + ": chance");
        assertClose(actual.stderr(), expected.stderr(), 1e-9, what + ": stderr");
    }

    static void assertClose(double actual, double expected, double relTol, String what) {
        if (Double.isNaN(expected)) {
            assertThat(actual).as(what).isNaN();
            return;
        }
        if (Double.isInfinite(expected)) {
            assertThat(actual).as(what).isEqualTo(expected);
            return;
        }
        assertThat(actual).as(what).isCloseTo(expected, org.assertj.core.data.Offset.offset(relTol * Math.max(1, Math.abs(expected))));
    }

    private List<Sample> everything() {
        List<Sample> all = new ArrayList<>(scorable());
        all.addAll(lacking());
        for (Unusual u : nonFinite()) {
            all.add(u.sample());
        }
        return all;
    }

    private void assertInRange(MetricValue v, String what) {
        if (!Double.isNaN(v.value())) {
            assertThat(v.value()).as(what + " within the declared range of " + metric())
                    .isBetween(metric().min(), metric().max());
        }
    }

    // ------------------------------------------------------------------ the contract

    @Test
    void emptyInputIsNaNWithNothingCounted() {
        MetricValue v = metric().accumulator().result();
        assertThat(v.value()).isNaN();
        assertThat(v.n()).isZero();
        assertThat(v.skipped()).isZero();
        assertThat(v.stderr()).isNaN();
    }

    @Test
    void fixturesAreMeaningful() {
        assertThat(scorable()).as("scorable samples").hasSizeGreaterThanOrEqualTo(6);
        assertThat(lacking()).as("samples lacking the requirement").isNotEmpty();
        MetricValue v = score(scorable());
        assertThat(v.n()).as("scorable samples are scored").isPositive();
        assertThat(v.value()).as("value of the scorable samples").isNotNaN();
    }

    @Test
    void orderDoesNotMatter() {
        for (List<Sample> samples : List.of(scorable(), everything())) {
            MetricValue reference = score(samples);
            Random r = new Random(SEED);
            for (int rep = 0; rep < 5; rep++) {
                List<Sample> shuffled = new ArrayList<>(samples);
                Collections.shuffle(shuffled, r);
                assertSameValue(score(shuffled), reference, "shuffle " + rep);
            }
        }
    }

    @Test
    void chunkedEqualsWhole() {
        for (List<Sample> samples : List.of(scorable(), everything())) {
            List<Sample> shuffled = new ArrayList<>(samples);
            Collections.shuffle(shuffled, new Random(SEED + 1));
            MetricValue whole = score(shuffled);
            for (int chunk : new int[] {1, 2, 3, 5, samples.size()}) {
                assertSameValue(chunked(shuffled, chunk, false), whole, "chunks of " + chunk);
                assertSameValue(chunked(shuffled, chunk, true), whole, "tree of chunks of " + chunk);
            }
            // combining with empty accumulators changes nothing
            MetricAccumulator a = metric().accumulator();
            a.combine(metric().accumulator());
            shuffled.forEach(a::accept);
            a.combine(metric().accumulator());
            assertSameValue(a.result(), whole, "with empty accumulators");
        }
    }

    @Test
    void serializedPartialsCombineToTheWhole() throws Exception {
        for (List<Sample> samples : List.of(scorable(), everything())) {
            List<Sample> shuffled = new ArrayList<>(samples);
            Collections.shuffle(shuffled, new Random(SEED + 2));
            MetricValue whole = score(shuffled);
            int half = shuffled.size() / 2;
            MetricAccumulator first = metric().accumulator();
            MetricAccumulator second = metric().accumulator();
            shuffled.subList(0, half).forEach(first::accept);
            shuffled.subList(half, shuffled.size()).forEach(second::accept);
            MetricAccumulator plain = roundTrip(first);
            MetricAccumulator liveFirst = metric().accumulator();
            shuffled.subList(0, half).forEach(liveFirst::accept);
            liveFirst.combine(second);
            // a deserialized accumulator on either side of combine
            MetricAccumulator shipped = roundTrip(first);
            shipped.combine(roundTrip(second));
            assertSameValue(shipped.result(), whole, "deserialized partials combined");
            assertThat(shipped.result()).as("same bits as combining without serialization").isEqualTo(liveFirst.result());
            MetricAccumulator live = metric().accumulator();
            shuffled.subList(0, half).forEach(live::accept);
            live.combine(roundTrip(second));
            assertSameValue(live.result(), whole, "a deserialized partial combined into a live accumulator");
            assertThat(plain.result()).as("result survives serialization").isEqualTo(first.result());
        }
    }

    private static MetricAccumulator roundTrip(MetricAccumulator a) throws Exception {
        java.io.ByteArrayOutputStream bytes = new java.io.ByteArrayOutputStream();
        try (java.io.ObjectOutputStream out = new java.io.ObjectOutputStream(bytes)) {
            out.writeObject(a);
        }
        try (java.io.ObjectInputStream in = new java.io.ObjectInputStream(new java.io.ByteArrayInputStream(bytes.toByteArray()))) {
            return (MetricAccumulator) in.readObject();
        }
    }

    @Test
    void lackingSamplesAreSkippedAndCounted() {
        for (Sample s : lacking()) {
            MetricValue v = score(s);
            assertThat(v.n()).as("n of %s", s).isZero();
            assertThat(v.skipped()).as("skipped of %s", s).isEqualTo(1);
            assertThat(v.value()).as("value of %s", s).isNaN();
        }
        MetricValue clean = score(scorable());
        List<Sample> mixed = new ArrayList<>(scorable());
        mixed.addAll(lacking());
        Collections.shuffle(mixed, new Random(SEED + 2));
        MetricValue withLacking = score(mixed);
        if (lackingAffectsOthers()) {
            assertThat(withLacking.skipped()).isGreaterThanOrEqualTo(clean.skipped() + lacking().size());
            assertThat(withLacking.n()).isLessThanOrEqualTo(clean.n());
        } else {
            assertThat(withLacking.skipped()).isEqualTo(clean.skipped() + lacking().size());
            assertThat(withLacking.n()).isEqualTo(clean.n());
            assertClose(withLacking.value(), clean.value(), tolerance(), "value unchanged by skipped samples");
        }
    }

    @Test
    void nonFiniteInputGivesItsDeclaredValue() {
        assertThat(nonFinite()).as("non-finite cases").isNotEmpty();
        for (Unusual u : nonFinite()) {
            assertThatCode(() -> score(u.sample())).as(u.what()).doesNotThrowAnyException();
            MetricValue v = score(u.sample());
            if (Double.isNaN(u.expected())) {
                assertThat(v.n()).as(u.what() + ": skipped, n").isZero();
                assertThat(v.skipped()).as(u.what() + ": skipped").isEqualTo(1);
            } else {
                assertThat(v.n()).as(u.what() + ": scored").isEqualTo(1);
                assertClose(v.value(), u.expected(), tolerance(), u.what());
            }
            assertInRange(v, u.what());
        }
    }

    @Test
    void valuesLieInTheDeclaredRange() {
        assertThat(metric().min()).isLessThan(metric().max());
        for (Sample s : scorable()) {
            assertInRange(score(s), s.toString());
        }
        assertInRange(score(scorable()), "all scorable");
        assertInRange(score(everything()), "everything");
    }
}

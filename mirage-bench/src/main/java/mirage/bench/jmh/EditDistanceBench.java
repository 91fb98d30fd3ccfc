package mirage.bench.jmh;

import java.util.concurrent.TimeUnit;
import mirage.bench.Inputs;
import mirage.core.metric.SequenceDistance;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Levenshtein distance of one pair per operation (ops/s = pairs/s), cycling through a fixed set of seeded
 * pairs ({@link Inputs#editPairs}): {@code token} on token lists (the token edit distance metric),
 * {@code chars} on the equivalent character strings (the character edit distance metric).
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public class EditDistanceBench {
    @Param({"SHORT", "MEDIUM", "LONG"})
    public String size;

    private Inputs.Pairs pairs;
    private final SequenceDistance sd = new SequenceDistance();
    private int i;

    @Setup
    public void setup() {
        Inputs.Size s = Inputs.Size.parse(size);
        pairs = Inputs.editPairs(s, s == Inputs.Size.SHORT ? 4096 : s == Inputs.Size.MEDIUM ? 1024 : 256, 1);
    }

    @Benchmark
    public int token() {
        int k = i;
        i = k + 1 == pairs.count() ? 0 : k + 1;
        return sd.levenshtein(pairs.a().get(k), pairs.b().get(k));
    }

    @Benchmark
    public int chars() {
        int k = i;
        i = k + 1 == pairs.count() ? 0 : k + 1;
        return sd.levenshtein(pairs.as()[k], pairs.bs()[k]);
    }
}

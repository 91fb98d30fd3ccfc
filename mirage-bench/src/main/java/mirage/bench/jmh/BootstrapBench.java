package mirage.bench.jmh;

import java.util.concurrent.TimeUnit;
import mirage.bench.Inputs;
import mirage.core.stats.Bootstrap;
import mirage.core.stats.PairedUnits;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * The paired bootstrap of the mean of binary scores (100,000 items x 10 models, seed 2024), 1,000
 * resamples per call with mirage's default path, including the intervals and jackknife that
 * {@link Bootstrap#values} computes; ops/s = resamples/s.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
public class BootstrapBench {
    static final int RESAMPLES = 1000;

    @Param({"1", "2"})
    public int threads;

    private PairedUnits data;
    private Bootstrap bootstrap;

    @Setup
    public void setup() {
        data = PairedUnits.means(Inputs.binaryScores(10, 100_000, 2024));
        bootstrap = Bootstrap.create().withResamples(RESAMPLES).withSeed(1).withThreads(threads);
    }

    @Benchmark
    @OperationsPerInvocation(RESAMPLES)
    public Bootstrap.Result paired() {
        return bootstrap.values(data);
    }
}

package mirage.bench.jmh;

import java.util.concurrent.TimeUnit;
import mirage.bench.Inputs;
import mirage.core.analysis.EmergenceScore;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/** The emergence score ({@link EmergenceScore#of}, as mirage analyze computes it) of 100,000 8-point curves per call; ops/s = series/s. */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public class EmergenceBench {
    static final int SERIES = 100_000;

    private double[][] y;
    private double[] x;

    @Setup
    public void setup() {
        y = Inputs.curves(SERIES, 8, 1);
        x = Inputs.scales(8);
    }

    @Benchmark
    @OperationsPerInvocation(SERIES)
    public double score() {
        double s = 0;
        for (double[] row : y) {
            s += EmergenceScore.of(x, row, true).value();
        }
        return s;
    }
}

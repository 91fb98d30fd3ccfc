package mirage.bench.jmh;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import mirage.bench.Inputs;
import mirage.core.data.ScaleAxis;
import mirage.analysis.MetaAnalysis;
import mirage.analysis.PointTable;
import mirage.io.results.ColumnMap;
import mirage.io.results.LongReader;
import mirage.io.results.ReadContext;
import mirage.io.results.SkipLog;
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
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * The emergence meta-analysis over many series through the code path of {@code mirage analyze}: the
 * long CSV reader into a {@link PointTable}, then {@link MetaAnalysis#run} (grouping, per-series
 * emergence scores, duplicates, order), on 100,000 seeded series of 8 points held in memory (no disk,
 * no output files, no verdicts). ops/s = series/s. The end-to-end 1,000,000-series run is
 * {@code bench/analyze_1m.sh}.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(value = 1, jvmArgsAppend = "-Xmx3g")
public class AnalysisBench {
    static final int SERIES = 100_000;

    @Param({"1", "2"})
    public int threads;

    private byte[] csv;
    private ExecutorService pool;

    @Setup
    public void setup() {
        csv = Inputs.longCsv(SERIES, 8, 1);
        pool = threads > 1 ? Executors.newFixedThreadPool(threads) : null;
    }

    @TearDown
    public void tearDown() {
        if (pool != null) {
            pool.shutdown();
        }
    }

    @Benchmark
    @OperationsPerInvocation(SERIES)
    public MetaAnalysis readAndAnalyse() throws IOException {
        SkipLog log = new SkipLog(false);
        PointTable t = new PointTable(ScaleAxis.PARAMS, log);
        LongReader.readCsv(new ByteArrayInputStream(csv), "bench.csv",
                new ReadContext(ColumnMap.EMPTY, t, log, pool, threads, null, null, true));
        MetaAnalysis a = MetaAnalysis.run(t, log, pool, threads);
        if (a.seriesCount() != SERIES) {
            throw new IllegalStateException("expected " + SERIES + " series, got " + a.seriesCount());
        }
        return a;
    }
}

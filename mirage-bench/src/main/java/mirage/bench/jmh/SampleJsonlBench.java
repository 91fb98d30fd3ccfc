package mirage.bench.jmh;

import java.io.IOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import mirage.bench.Inputs;
import mirage.core.data.Model;
import mirage.core.data.Sample;
import mirage.io.samples.SampleJsonlReader;
import mirage.io.samples.SampleJsonlWriter;
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
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Streaming a large per-sample JSONL file ({@link SampleJsonlReader}): 200,000 seeded samples of 8
 * models (prompt, target, output, target and output tokens of 32-64 tokens, as written by
 * {@link SampleJsonlWriter}) in a temporary file, read whole per call. ops/s = samples/s.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
public class SampleJsonlBench {
    static final int SAMPLES = 200_000;

    private Path file;

    @Setup
    public void setup() throws IOException {
        file = Files.createTempFile("mirage-bench-", ".jsonl");
        Inputs.Pairs p = Inputs.editPairs(Inputs.Size.MEDIUM, 5000, 3);
        try (Writer w = Files.newBufferedWriter(file, StandardCharsets.UTF_8); SampleJsonlWriter sw = new SampleJsonlWriter(w)) {
            for (int i = 0; i < SAMPLES; i++) {
                int k = i % p.count();
                int m = i % 8;
                Model model = Model.of("fam", "fam-m" + m, 1e7 * Math.pow(10, m / 2.0));
                sw.write(Sample.builder(model, "task" + (i / 8 % 50), Integer.toString(i / 8)).prompt("Q " + i)
                        .target(String.join(" ", p.a().get(k))).output(String.join(" ", p.b().get(k)))
                        .targetTokens(p.a().get(k)).outputTokens(p.b().get(k)).build());
            }
        }
    }

    @TearDown
    public void tearDown() throws IOException {
        Files.deleteIfExists(file);
    }

    @Benchmark
    @OperationsPerInvocation(SAMPLES)
    public long read() throws IOException {
        long n = 0;
        try (SampleJsonlReader r = SampleJsonlReader.open(file)) {
            for (Sample s = r.next(); s != null; s = r.next()) {
                n += s.outputTokens().size();
            }
        }
        return n;
    }
}

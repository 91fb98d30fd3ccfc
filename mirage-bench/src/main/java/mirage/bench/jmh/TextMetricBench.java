package mirage.bench.jmh;

import java.util.concurrent.TimeUnit;
import mirage.bench.Inputs;
import mirage.core.metric.Bleu;
import mirage.core.metric.RougeL;
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

/** Sentence BLEU and ROUGE-L F1 of one candidate/reference pair per operation (ops/s = pairs/s). */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public class TextMetricBench {
    @Param({"SHORT", "MEDIUM", "LONG"})
    public String size;

    private Inputs.Pairs pairs;
    private final Bleu bleu = new Bleu();
    private final RougeL rouge = new RougeL();
    private int i;

    @Setup
    public void setup() {
        Inputs.Size s = Inputs.Size.parse(size);
        pairs = Inputs.editPairs(s, s == Inputs.Size.SHORT ? 4096 : s == Inputs.Size.MEDIUM ? 1024 : 256, 2);
    }

    @Benchmark
    public double bleu() {
        int k = i;
        i = k + 1 == pairs.count() ? 0 : k + 1;
        return bleu.sentence(pairs.b().get(k), pairs.a().get(k));
    }

    @Benchmark
    public double rougeL() {
        int k = i;
        i = k + 1 == pairs.count() ? 0 : k + 1;
        return rouge.rougeL(pairs.b().get(k), pairs.a().get(k));
    }
}

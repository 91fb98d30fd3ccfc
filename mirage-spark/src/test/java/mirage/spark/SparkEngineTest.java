package mirage.spark;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import mirage.cli.MirageCommand;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/**
 * Both engines on the same inputs give the same outputs. One Spark session ({@code local[2]}) serves the class;
 * the engine reuses it (and does not stop it).
 */
class SparkEngineTest {
    static SparkSession spark;
    @TempDir
    static Path dir;
    static Path inputs;

    @BeforeAll
    static void start() throws Exception {
        spark = SparkSession.builder().master("local[2]").appName("mirage-spark-test")
                .config("spark.ui.enabled", "false").config("spark.sql.shuffle.partitions", "4").getOrCreate();
        spark.sparkContext().setLogLevel("ERROR");
        inputs = Fixtures.write(dir);
    }

    @AfterAll
    static void stop() {
        if (spark != null) {
            spark.stop();
        }
    }

    record Run(int code, String out, String err) {
    }

    static Run run(String... args) {
        CommandLine cl = MirageCommand.commandLine();
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        cl.setOut(new PrintWriter(out));
        cl.setErr(new PrintWriter(err));
        return new Run(cl.execute(args), out.toString(), err.toString());
    }

    static Run analyze(Path out, String engine, String... more) {
        List<String> a = new ArrayList<>(List.of("analyze", inputs.toString(), "--no-report", "--threads", "2", "--out", out.toString()));
        if (engine != null) {
            a.addAll(List.of("--engine", engine, "--master", "local[2]"));
        }
        a.addAll(List.of(more));
        return run(a.toArray(new String[0]));
    }

    static final List<String> OUTPUTS = List.of("series.csv", "emergence.csv", "verdicts.csv", "by_metric.csv", "backtest.csv",
            "lengths.csv", "skipped.csv");

    @Test
    void sameOutputsByteForByteWhenEachFileIsOneSplit() throws Exception {
        Path local = dir.resolve("local");
        Path sp = dir.resolve("spark");
        Run l = analyze(local, null);
        assertThat(l.code()).as(l.err()).isZero();
        Run s = analyze(sp, "spark");
        assertThat(s.code()).as(s.err()).isZero();
        for (String f : OUTPUTS) {
            assertThat(Files.exists(sp.resolve(f))).as(f).isEqualTo(Files.exists(local.resolve(f)));
            if (Files.exists(local.resolve(f))) {
                assertThat(Files.readString(sp.resolve(f))).as(f).isEqualTo(Files.readString(local.resolve(f)));
            }
        }
        assertThat(local.resolve("lengths.csv")).exists();
        // the fixtures exercise what they are meant to: bad rows, a duplicate, paired verdicts, lm-eval files, a driver-read CSV
        String skipped = Files.readString(local.resolve("skipped.csv"));
        assertThat(skipped).as(l.err()).contains("c-bad.jsonl,", "duplicate", "e-long.csv");
        assertThat(l.err()).contains("lm-evaluation-harness samples of model 'EleutherAI/pythia-410m'");
        assertThat(l.out()).contains("with paired item bootstraps");
        assertThat(s.out().replace(sp.toString(), "OUT")).isEqualTo(l.out().replace(local.toString(), "OUT"));
        assertThat(Files.readString(sp.resolve("provenance.json"))).contains("\"engine\" : \"spark\"");
    }
}

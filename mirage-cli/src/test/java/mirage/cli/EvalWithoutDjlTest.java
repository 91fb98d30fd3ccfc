package mirage.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;
import mirage.core.data.Sample;
import mirage.io.samples.SampleJsonlReader;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code mirage eval} needs nothing of DJL: its prompts, tasks and client are plain Java. Run in a child JVM whose
 * class path is the test's without DJL and PyTorch, against an OpenAI-compatible test server.
 */
class EvalWithoutDjlTest {

    @Test
    void evalRunsWithoutDjlOnTheClassPath(@TempDir Path dir) throws Exception {
        String full = System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"));
        List<String> kept = new ArrayList<>();
        List<String> removed = new ArrayList<>();
        for (String e : full.split(File.pathSeparator)) {
            String n = e.replace('\\', '/');
            if (n.contains("/ai/djl/") || n.contains("pytorch")) {
                removed.add(e);
            } else {
                kept.add(e);
            }
        }
        assertThat(removed).as("the test class path holds DJL (else this test proves nothing)").isNotEmpty();
        try (FakeApi api = new FakeApi()) {
            Path out = dir.resolve("toy.jsonl");
            Path java = Path.of(System.getProperty("java.home"), "bin", "java");
            ProcessBuilder pb = new ProcessBuilder(java.toString(), "-cp", String.join(File.pathSeparator, kept), "mirage.cli.Main",
                    "eval", "--endpoint", api.url(), "--model", "small", "--params", "70M", "--model", "big", "--params", "1.4B",
                    "--family", "toy", "--task", "add4", "--items", "2", "--out", out.toString(), "-q")
                    .redirectErrorStream(true).redirectOutput(dir.resolve("log.txt").toFile());
            Process p = pb.start();
            assertThat(p.waitFor(120, TimeUnit.SECONDS)).as("finished").isTrue();
            String log = Files.readString(dir.resolve("log.txt"));
            assertThat(p.exitValue()).as(log).isZero();
            assertThat(log).doesNotContain("NoClassDefFoundError", "ai.djl");
            List<Sample> samples = SampleJsonlReader.readAll(out);
            assertThat(samples).hasSize(2 * 2 * 5);
            assertThat(samples).allSatisfy(s -> assertThat(s.targetLogProbCount()).isPositive());
            System.out.println("mirage eval without " + removed.size() + " DJL/PyTorch jars: " + samples.size() + " records; "
                    + Arrays.toString(removed.stream().map(r -> Path.of(r).getFileName().toString()).toArray()));
        }
    }
}

package mirage.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 17: {@code mirage analyze} killed with SIGKILL at several points never leaves a folder that mixes the
 * outputs of two runs unnoticed. A run into a folder holding run A's outputs is killed (a child JVM, stopped at
 * a named point by {@code -Dmirage.crashtest.stop}, then {@code destroyForcibly}): the folder is then wholly
 * run A's, or wholly run B's, or (killed while the outputs are renamed into place) marked as interrupted, which
 * {@code mirage report} refuses and the next run completes. The next run leaves no leftovers.
 */
class AnalyzeKillTest {
    static final String[] FILES = {"series.csv", "emergence.csv", "by_metric.csv", "verdicts.csv", "backtest.csv", "skipped.csv"};
    static final ObjectMapper JSON = new ObjectMapper();

    @Test
    void aKilledAnalyzeNeverLeavesAMixedFolder(@TempDir Path dir) throws Exception {
        Path a = dir.resolve("a.csv");
        Path b = dir.resolve("b.csv");
        Files.writeString(a, AnalyzeCommandTest.LONG);
        Files.writeString(b, AnalyzeCommandTest.LONG.replace("0.6,2,100", "0.3,2,100").replace(",1.7,", ",1.9,"));
        Path refA = dir.resolve("refA");
        Path refB = dir.resolve("refB");
        assertThat(CliTest.run("analyze", a.toString(), "--out", refA.toString()).code()).isZero();
        assertThat(CliTest.run("analyze", b.toString(), "--out", refB.toString()).code()).isZero();
        assertThat(Files.readString(refA.resolve("series.csv"))).isNotEqualTo(Files.readString(refB.resolve("series.csv")));

        for (String point : new String[] {"read", "commit:emergence.csv", "committed", "report:figures"}) {
            Path k = dir.resolve("k-" + point.replace(':', '-'));
            assertThat(CliTest.run("analyze", a.toString(), "--out", k.toString()).code()).isZero();
            killAt(point, b, k, dir);
            switch (point) {
                case "read" -> {
                    assertThat(sameRun(k, refA, refB)).as(point).isEqualTo("A");
                    assertThat(k.resolve("report.html")).exists();
                    assertThat(CliTest.run("report", k.toString()).code()).isZero();
                }
                case "commit:emergence.csv" -> {
                    assertThat(k.resolve(mirage.io.OutputFolder.JOURNAL)).exists();
                    CliTest.Run r = CliTest.run("report", k.toString());
                    assertThat(r.code()).as(r.err()).isEqualTo(2);
                    assertThat(r.err()).contains("interrupted");
                    mirage.io.OutputFolder.recover(k);
                    assertThat(k.resolve(mirage.io.OutputFolder.JOURNAL)).doesNotExist();
                    assertThat(sameRun(k, refA, refB)).as(point + ", completed").isEqualTo("B");
                    assertThat(k.resolve("report.html")).as("run A's report went with run A's results").doesNotExist();
                }
                case "committed" -> {
                    assertThat(sameRun(k, refA, refB)).as(point).isEqualTo("B");
                    assertThat(k.resolve("report.html")).doesNotExist();
                    assertThat(k.resolve("figures")).doesNotExist();
                    assertThat(CliTest.run("report", k.toString()).code()).isZero();
                }
                case "report:figures" -> {
                    assertThat(sameRun(k, refA, refB)).as(point).isEqualTo("B");
                    assertThat(k.resolve("report.html")).doesNotExist();
                }
                default -> throw new AssertionError(point);
            }
            // the next run completes and leaves nothing of the killed one
            CliTest.Run again = CliTest.run("analyze", b.toString(), "--out", k.toString());
            assertThat(again.code()).as(again.err()).isZero();
            assertThat(sameRun(k, refA, refB)).isEqualTo("B");
            try (Stream<Path> s = Files.list(k)) {
                assertThat(s.map(p -> p.getFileName().toString()).toList()).as(point)
                        .allSatisfy(n -> assertThat(n).doesNotStartWith("."));
            }
        }
    }

    /** Runs {@code analyze B --out K} in a child JVM, waits until it stops at the point, and kills it (SIGKILL). */
    static void killAt(String point, Path input, Path out, Path dir) throws Exception {
        Path log = dir.resolve("child-" + point.replace(':', '-') + ".log");
        List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xshare:auto", "-XX:TieredStopAtLevel=1", "-Dmirage.crashtest.stop=" + point, "-cp", System.getProperty("java.class.path"),
                "mirage.cli.Main", "analyze", input.toString(), "--out", out.toString(), "--threads", "1"));
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(log.toFile()).start();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
        String marker = "crashtest: stopped at " + point;
        while (p.isAlive() && System.nanoTime() < deadline && !(Files.exists(log) && Files.readString(log).contains(marker))) {
            Thread.sleep(20);
        }
        boolean reached = Files.readString(log).contains(marker);
        p.destroyForcibly(); // SIGKILL: no shutdown hooks, no finally blocks
        p.waitFor(30, TimeUnit.SECONDS);
        assertThat(reached).as(point + ": " + Files.readString(log)).isTrue();
    }

    /** "A" or "B" when every analysis file of K is that run's; fails on a mixture. */
    static String sameRun(Path k, Path refA, Path refB) throws IOException {
        List<String> sides = new ArrayList<>();
        for (String f : FILES) {
            Path p = k.resolve(f);
            assertThat(p).as(f).exists();
            boolean a = Files.mismatch(p, refA.resolve(f)) == -1;
            boolean b = Files.mismatch(p, refB.resolve(f)) == -1;
            if (a && !b) {
                sides.add("A");
            } else if (b && !a) {
                sides.add("B");
            } else if (!a) {
                sides.add("?" + f);
            } // the same in both runs (e.g. by_metric.csv): says nothing
        }
        JsonNode prov = JSON.readTree(k.resolve("provenance.json").toFile()).get("inputs");
        sides.add(prov.equals(JSON.readTree(refA.resolve("provenance.json").toFile()).get("inputs")) ? "A"
                : prov.equals(JSON.readTree(refB.resolve("provenance.json").toFile()).get("inputs")) ? "B" : "?provenance");
        if (Files.exists(k.resolve("report.provenance.json"))) {
            // a report describes the analysis files beside it (analyze adds the report's timing to provenance.json after it)
            for (JsonNode in : JSON.readTree(k.resolve("report.provenance.json").toFile()).get("inputs")) {
                Path f = Path.of(in.get("path").asText());
                if (f.getFileName().toString().equals("provenance.json")) {
                    continue;
                }
                assertThat(mirage.io.provenance.Provenance.sha256(k.resolve(f.getFileName()))).as("report input " + f)
                        .isEqualTo(in.get("sha256").asText());
            }
        }
        assertThat(sides).as("outputs of one run: " + sides).containsOnly(sides.get(0));
        assertThat(sides.size()).as("files that tell the runs apart").isGreaterThanOrEqualTo(4);
        return sides.get(0);
    }
}

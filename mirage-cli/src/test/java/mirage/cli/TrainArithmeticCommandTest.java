package mirage.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code mirage train arithmetic} as a user runs it: a CI-sized family (two tiny models, a few dozen
 * steps) whose samples {@code mirage score} scores; bad options; and a real kill (SIGKILL of a child
 * JVM in the middle of the second model) followed by {@code --resume}, compared byte for byte with an
 * uninterrupted run.
 *
 * <p>Note for the lead: the end-to-end check through {@code mirage analyze} (issue 5) belongs here
 * once the io branch's analyze command is merged: run it on {@code samples.jsonl} of
 * {@link #trainsAFamilyThatMirageScoreScores}.
 */
class TrainArithmeticCommandTest {
    static final String[] FAMILY = {"train", "arithmetic", "--sizes", "8x1,16x1", "--steps", "40", "--test-items", "15",
        "--batch-size", "16", "-q"};

    static String[] args(String[] base, String... more) {
        List<String> a = new ArrayList<>(List.of(base));
        a.addAll(List.of(more));
        return a.toArray(String[]::new);
    }

    @Test
    void trainsAFamilyThatMirageScoreScores(@TempDir Path dir) throws Exception {
        Path out = dir.resolve("fam");
        CliTest.Run r = CliTest.run(args(FAMILY, "--out", out.toString(), "--jobs", "2"));
        assertThat(r.code()).as(r.err()).isZero();
        assertThat(r.out()).contains("exact_match", "token_edit_distance", "target_logprob", "w8-l1", "w16-l1", "L=5");
        for (String f : List.of("samples.jsonl", "models.csv", "provenance.json", "run.json")) {
            assertThat(out.resolve(f)).exists();
        }
        assertThat(Files.readString(out.resolve("provenance.json"))).contains("\"command\" : \"train arithmetic\"",
                "timings", "test_items_per_target_length");
        CliTest.Run s = CliTest.run("score", out.resolve("samples.jsonl").toString(), "--metrics",
                "exact_match,token_edit_distance,target_logprob");
        assertThat(s.code()).as(s.err()).isZero();
        List<String> rows = s.out().lines().toList();
        assertThat(rows.get(0)).contains("target_length");
        // 2 models x 5 target lengths x 3 metrics
        assertThat(rows.stream().filter(l -> l.startsWith("mirage-add4,")).count()).isEqualTo(30);
    }

    @Test
    void badOptionsAreOneLineExitTwo(@TempDir Path dir) {
        String out = dir.resolve("x").toString();
        String[][] bad = {
            {"train", "arithmetic", "--family", "small", "--sizes", "8x1", "--out", out},
            {"train", "arithmetic", "--task", "div", "--out", out},
            {"train", "arithmetic", "--steps", "5", "--tokens", "100", "--out", out},
            {"train", "arithmetic", "--sizes", "8x0", "--out", out},
            {"train", "arithmetic", "--sizes", "8x1,8x1", "--out", out},
            {"train", "arithmetic", "--test-items", "0", "--out", out},
            {"train", "arithmetic", "--family", "huge", "--out", out},
            {"train", "arithmetic", "--format", "reversed", "--out", out},
            {"train", "arithmetic", "--jobs", "0", "--out", out},
            {"train", "arithmetic", "--lr", "0", "--out", out},
            {"train", "arithmetic", "--lr", "0.5", "--out", out},
        };
        for (String[] a : bad) {
            CliTest.Run r = CliTest.run(a);
            assertThat(r.code()).as(String.join(" ", a)).isEqualTo(2);
            assertThat(r.err()).as(String.join(" ", a)).hasLineCount(1);
        }
        assertThat(dir.resolve("x")).doesNotExist();
    }

    @Test
    void oneLearningRateForEverySizeIsUsedAndRecorded(@TempDir Path dir) throws Exception {
        Path out = dir.resolve("lr");
        CliTest.Run r = CliTest.run("train", "arithmetic", "--sizes", "8x1,16x1", "--steps", "5", "--test-items", "5",
                "--batch-size", "8", "--lr", "0.004", "--lr-scale", "0.5", "--out", out.toString());
        assertThat(r.code()).as(r.err()).isZero();
        // both sizes at 0.004 x 0.5, where the width rule would give 3e-3 (capped) to both
        assertThat(r.out().lines().filter(l -> l.contains("peak lr 2.00e-03")).count()).as(r.out()).isEqualTo(2);
        String prov = Files.readString(out.resolve("provenance.json"));
        assertThat(prov).contains("\"lr_rule\" : \"the same peak for every size\"", "\"peak_lr\" : 0.002");
        CliTest.Run byWidth = CliTest.run("train", "arithmetic", "--sizes", "8x1,16x1", "--steps", "5", "--test-items", "5",
                "--batch-size", "8", "--out", dir.resolve("w").toString());
        assertThat(byWidth.code()).as(byWidth.err()).isZero();
        assertThat(Files.readString(dir.resolve("w/provenance.json"))).doesNotContain("lr_rule");
    }

    @Test
    void resumingWithOtherOptionsIsRefused(@TempDir Path dir) {
        Path out = dir.resolve("r");
        assertThat(CliTest.run(args(FAMILY, "--out", out.toString())).code()).isZero();
        CliTest.Run r = CliTest.run(args(FAMILY, "--out", out.toString(), "--resume", "--seed", "5"));
        assertThat(r.code()).isEqualTo(2);
        assertThat(r.err()).hasLineCount(1).contains("cannot resume", "seed was 0, now 5");
    }

    @Test
    void resumeAfterSigkillGivesTheUninterruptedResult(@TempDir Path dir) throws Exception {
        String[] family = {"train", "arithmetic", "--sizes", "8x1,16x1", "--steps", "400", "--checkpoint-every", "25",
            "--test-items", "15", "--batch-size", "16", "-q", "--jobs", "1"};
        Path killed = dir.resolve("killed");
        List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Dai.djl.offline=true", "-cp", System.getProperty("java.class.path"), "mirage.cli.Main"));
        cmd.addAll(List.of(args(family, "--out", killed.toString())));
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(dir.resolve("child.log").toFile()).start();
        Path ckpt = killed.resolve("work/w16-l1.ckpt");
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
        while (!Files.exists(ckpt) && p.isAlive() && System.nanoTime() < deadline) {
            Thread.sleep(10);
        }
        p.destroyForcibly(); // SIGKILL: no shutdown hooks, no cleanup
        p.waitFor(30, TimeUnit.SECONDS);
        assertThat(Files.exists(ckpt)).as(Files.readString(dir.resolve("child.log"))).isTrue();
        assertThat(killed.resolve("samples.jsonl")).doesNotExist();
        assertThat(killed.resolve("work/w8-l1.json")).exists();

        CliTest.Run resumed = CliTest.run(args(family, "--out", killed.toString(), "--resume"));
        assertThat(resumed.code()).as(resumed.err()).isZero();
        assertThat(resumed.out()).contains("w8-l1: finished in an earlier run", "w16-l1: resumed at step");
        Path whole = dir.resolve("whole");
        assertThat(CliTest.run(args(family, "--out", whole.toString())).code()).isZero();
        assertThat(Files.mismatch(killed.resolve("samples.jsonl"), whole.resolve("samples.jsonl"))).isEqualTo(-1L);
        assertThat(Files.mismatch(killed.resolve("models.csv"), whole.resolve("models.csv"))).isEqualTo(-1L);
    }
}

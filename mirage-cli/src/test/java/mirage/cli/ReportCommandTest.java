package mirage.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code mirage report} and {@code mirage demo} as a user runs them. */
class ReportCommandTest {

    @Test
    void reportOfASimulationFolder(@TempDir Path dir) throws Exception {
        CliTest.Run sim = CliTest.run("simulate", "--items", "50", "--out", dir.toString());
        assertThat(sim.code()).as(sim.err()).isZero();
        CliTest.Run r = CliTest.run("report", dir.toString(), "--png-dpi", "48", "--max-figures", "1");
        assertThat(r.code()).as(r.err()).isZero();
        assertThat(r.out()).contains("report: " + dir.resolve("report.html").toAbsolutePath().normalize())
                .contains("Mathematical model: from N = 3.5e8 to 2e11").contains("note: No emergence.csv");
        assertThat(dir.resolve("report.html")).isRegularFile();
        assertThat(dir.resolve("figures/fig2-math-model.svg")).isRegularFile();
        assertThat(dir.resolve("report.provenance.json")).isRegularFile();
        assertThat(Files.readString(dir.resolve("report.provenance.json"))).contains("\"png_dpi\" : 48.0").contains("\"--png-dpi\"");
    }

    @Test
    void reportBadInputIsOneLineExitTwo(@TempDir Path dir) throws Exception {
        CliTest.Run r = CliTest.run("report", dir.resolve("absent").toString());
        assertThat(r.code()).isEqualTo(2);
        assertThat(r.err()).hasLineCount(1).contains("no such folder");
        r = CliTest.run("report", dir.toString());
        assertThat(r.code()).isEqualTo(2);
        assertThat(r.err()).hasLineCount(1).contains("nothing to report");
        Files.writeString(dir.resolve("series.csv"), "family,task,metric,scale,value\nf,t,m,\"unterminated\n");
        r = CliTest.run("report", dir.toString());
        assertThat(r.code()).isEqualTo(2);
        assertThat(r.err()).hasLineCount(1).contains("series.csv:2: field 'scale': unclosed quote");
        r = CliTest.run("report", dir.toString(), "--png-dpi", "0");
        assertThat(r.code()).isEqualTo(2);
        assertThat(r.err()).hasLineCount(1).contains("dpi");
        assertThat(dir.resolve("report.html")).doesNotExist();
    }

    /** A tiny family instead of the demo's small one, so that the test takes seconds. */
    static final String[] TINY_DEMO = {"--test-sets", "40,400", "--train-options",
        "--sizes 8x1,12x1,16x1,20x1 --steps 30 --test-items 12 --batch-size 16 -q"};

    private static CliTest.Run demo(Path out, String... more) {
        List<String> a = new ArrayList<>(List.of("demo", "--out", out.toString()));
        a.addAll(List.of(TINY_DEMO));
        a.addAll(List.of(more));
        return CliTest.run(a.toArray(String[]::new));
    }

    @Test
    void demoRunsTheStepsWritesTheReportAndReusesThem(@TempDir Path dir) throws Exception {
        Path out = dir.resolve("demo");
        CliTest.Run first = demo(out);
        assertThat(first.code()).as(first.err()).isZero();
        assertThat(first.out()).contains("== 1/5  the mathematical model, 40 test items per size (low resolution)")
                .contains("== 3/5  train the small arithmetic family").contains("== 4/5  analyze every output")
                .contains("== 5/5  the report").contains("Report: " + out.resolve("report.html").toAbsolutePath().normalize())
                .contains("Summary (as the report opens):").doesNotContain("reusing");
        String summary = first.out().substring(first.out().indexOf("Summary (as the report opens):"));
        // the answer first: a sentence per judged family and task (the trained family, the simulated one), then the findings
        assertThat(summary).contains("The answer, per judged family and task").containsPattern("\n  mirage-add4 / add4[ :]")
                .containsPattern("\n  math-model / math_model_L5[ :]").contains("  - Mathematical model: ")
                .contains(" items read exact match 0 at ");
        assertThat(out.resolve("simulation-40/samples.jsonl.gz")).isRegularFile();
        assertThat(out.resolve("train-arithmetic/samples.jsonl.gz")).isRegularFile();
        // the samples the demo keeps are compressed (the 100,000-item simulation was 178 MB as plain JSONL)
        assertThat(out.resolve("simulation-40/samples.jsonl")).doesNotExist();
        assertThat(out.resolve("train-arithmetic/samples.jsonl")).doesNotExist();
        assertThat(out.resolve("figures/fig2-resolution.png")).isRegularFile();
        // the analysis covers the simulations (kept apart by their test_items label) and the trained family
        String series = Files.readString(out.resolve("series.csv"));
        assertThat(series).contains("test_items=40").contains("test_items=400").contains("mirage-add4")
                .contains("target_length=5");
        assertThat(Files.readString(out.resolve("skipped.csv")).lines().count()).as("no duplicates").isEqualTo(1);
        String verdicts = Files.readString(out.resolve("verdicts.csv"));
        assertThat(verdicts).contains("mirage-add4").contains("math-model");
        assertThat(Files.readString(out.resolve("report.html"))).contains("mirage-add4")
                .as("the page opens with the console's answer").contains("mirage-add4 / add4").contains("The answer");
        long stamp = Files.getLastModifiedTime(out.resolve("simulation-400/simulation.csv")).toMillis();
        long trained = Files.getLastModifiedTime(out.resolve("train-arithmetic/samples.jsonl.gz")).toMillis();
        long analysed = Files.getLastModifiedTime(out.resolve("emergence.csv")).toMillis();

        CliTest.Run second = demo(out);
        assertThat(second.code()).as(second.err()).isZero();
        assertThat(second.out()).contains("reusing " + out.resolve("simulation-40")).contains("reusing " + out.resolve("simulation-400"))
                .contains("reusing " + out.resolve("train-arithmetic")).contains("reusing the analysis in " + out);
        assertThat(Files.getLastModifiedTime(out.resolve("simulation-400/simulation.csv")).toMillis()).isEqualTo(stamp);
        assertThat(Files.getLastModifiedTime(out.resolve("train-arithmetic/samples.jsonl.gz")).toMillis()).isEqualTo(trained);
        assertThat(Files.getLastModifiedTime(out.resolve("emergence.csv")).toMillis()).isEqualTo(analysed);

        // an interrupted training (its outputs missing, its work folder present) is resumed, then re-analysed
        byte[] samples = Files.readAllBytes(out.resolve("train-arithmetic/samples.jsonl.gz"));
        assertThat(new String(gunzip(samples), java.nio.charset.StandardCharsets.UTF_8)).startsWith("{\"family\":\"mirage-add4\"");
        Files.delete(out.resolve("train-arithmetic/samples.jsonl.gz"));
        CliTest.Run resumed = demo(out);
        assertThat(resumed.code()).as(resumed.err()).isZero();
        assertThat(resumed.out()).contains("resuming the interrupted training in " + out.resolve("train-arithmetic"))
                .contains("reusing the analysis"); // the resumed training wrote the same samples: same SHA-256
        assertThat(Files.readAllBytes(out.resolve("train-arithmetic/samples.jsonl.gz"))).isEqualTo(samples);
        // a changed input is analysed again
        String text = new String(gunzip(samples), java.nio.charset.StandardCharsets.UTF_8);
        java.io.ByteArrayOutputStream changedGz = new java.io.ByteArrayOutputStream();
        try (java.util.zip.GZIPOutputStream z = new java.util.zip.GZIPOutputStream(changedGz)) {
            z.write((text.substring(0, text.length() - 1) + " \n").getBytes(java.nio.charset.StandardCharsets.UTF_8));
        }
        Files.write(out.resolve("train-arithmetic/samples.jsonl.gz"), changedGz.toByteArray());
        CliTest.Run changed = demo(out);
        assertThat(changed.code()).as(changed.err()).isZero();
        assertThat(changed.out()).contains("reusing " + out.resolve("train-arithmetic")).doesNotContain("reusing the analysis");

        CliTest.Run other = demo(out, "--seed", "5");
        assertThat(other.out()).doesNotContain("reusing"); // another seed is another simulation, training and analysis

        CliTest.Run fresh = demo(out, "--seed", "5", "--fresh");
        assertThat(fresh.code()).as(fresh.err()).isZero();
        assertThat(fresh.out()).doesNotContain("reusing").doesNotContain("resuming");
    }

    static byte[] gunzip(byte[] gz) throws java.io.IOException {
        try (java.util.zip.GZIPInputStream in = new java.util.zip.GZIPInputStream(new java.io.ByteArrayInputStream(gz))) {
            return in.readAllBytes();
        }
    }

    @Test
    void demoRejectsAnUnknownFamily(@TempDir Path dir) {
        CliTest.Run r = CliTest.run("demo", "--out", dir.resolve("d").toString(), "--family", "huge");
        assertThat(r.code()).isEqualTo(2);
        assertThat(r.err()).hasLineCount(1).contains("--family");
        assertThat(dir.resolve("d")).doesNotExist();
    }

    @Test
    void helpListsReport() {
        CliTest.Run r = CliTest.run("--help");
        assertThat(r.out()).contains("report");
        CliTest.Run h = CliTest.run("report", "--help");
        assertThat(h.code()).isZero();
        assertThat(h.out()).contains("--max-panels").contains("--png-dpi").contains("report.html");
    }
}

package mirage.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 17, "nothing lost, nothing silent": every reader faced with damaged input (truncated or corrupt gzip,
 * byte-order marks, huge lines, invalid UTF-8, a first line past the old detection window, a bad file in a
 * folder, a missing column, a negative parameter count) through the commands, as a user would meet it.
 */
class ReaderHardeningTest {
    static final Duration LIMIT = Duration.ofSeconds(120);

    /** A mirage per-sample record; {@code pad} characters of prompt make big files. */
    static String sample(String model, double params, String item, String output, int pad) {
        return "{\"family\":\"toy\",\"model\":\"" + model + "\",\"params\":" + params + ",\"task\":\"add\",\"item_id\":\"" + item
                + "\",\"prompt\":\"" + "p".repeat(pad) + "\",\"target\":\"1\",\"output\":\"" + output + "\"}\n";
    }

    /** Per-sample JSONL: 4 models, {@code items} items each. */
    static String samples(int items, int pad) {
        StringBuilder sb = new StringBuilder();
        String[] models = {"toy-1m", "toy-10m", "toy-100m", "toy-1b"};
        for (int m = 0; m < models.length; m++) {
            for (int i = 0; i < items; i++) {
                sb.append(sample(models[m], Math.pow(10, 6 + m), "i" + i, i % (5 - m) == 0 ? "1" : "2", pad));
            }
        }
        return sb.toString();
    }

    static String longCsv(int tasks) {
        StringBuilder sb = new StringBuilder("family,model,params,task,metric,value,n\n");
        for (int t = 0; t < tasks; t++) {
            for (int m = 0; m < 4; m++) {
                sb.append("toy,toy-").append(m).append(",").append((long) Math.pow(10, 6 + m)).append(",task-").append(t)
                        .append(",exact_match,").append(0.1 * m).append(",100\n");
            }
        }
        return sb.toString();
    }

    static String longJsonl(int tasks) {
        StringBuilder sb = new StringBuilder();
        for (int t = 0; t < tasks; t++) {
            for (int m = 0; m < 4; m++) {
                sb.append("{\"family\":\"toy\",\"model\":\"toy-").append(m).append("\",\"params\":").append((long) Math.pow(10, 6 + m))
                        .append(",\"task\":\"task-").append(t).append("\",\"metric\":\"exact_match\",\"value\":").append(0.1 * m).append("}\n");
            }
        }
        return sb.toString();
    }

    static String wideCsv(int rows) {
        StringBuilder sb = new StringBuilder("family,model,params,add_2_exact_match,mc_0_acc\n");
        for (int r = 0; r < rows; r++) {
            sb.append("toy,toy-").append(r).append(",").append(1000000L + 1000L * r).append(",0.").append(r % 10).append(",0.5\n");
        }
        return sb.toString();
    }

    static String bigBench(int pad) {
        return "{\"model\": {\"model_family\": \"BIG-G\", \"model_name\": \"8b\", \"total_params\": 8500000000},\n"
                + " \"scores\": [{\"number_of_shots\": 0, \"score_dict\": {\"bleu\": 12.5, \"exact_str_match\": 0.02}, "
                + "\"subtask_description\": \"ipa\"}],\n"
                + " \"queries\": [{\"context\": \"" + "q".repeat(pad) + "\"}]}\n";
    }

    static String lmEvalResults(int pad) {
        return "{\"results\": {\"arc_easy\": {\"acc,none\": 0.5, \"acc_stderr,none\": 0.25}},\n"
                + " \"configs\": {\"arc_easy\": {\"num_fewshot\": 0, \"description\": \"" + "d".repeat(pad) + "\"}},\n"
                + " \"config\": {\"model_args\": \"pretrained=EleutherAI/pythia-70m\"}, \"model_name\": \"EleutherAI/pythia-70m\"}\n";
    }

    static String lmEvalSamples(int docs) {
        StringBuilder sb = new StringBuilder();
        for (int d = 0; d < docs; d++) {
            sb.append("{\"doc_id\": ").append(d).append(", \"target\": 1, \"arguments\": [[\"Q: x? A:\", \" a\"], [\"Q: x? A:\", \" b\"]], ")
                    .append("\"resps\": [[[-0.5, false]], [[-1.5, false]]], \"filtered_resps\": [[").append(d % 2 == 0 ? "-0.5" : "-2.5")
                    .append(", false], [-1.5, false]], \"filter\": \"none\", \"acc\": ").append(d % 2 == 0 ? "0.0" : "1.0").append("}\n");
        }
        return sb.toString();
    }

    static byte[] gzip(String text) throws IOException {
        ByteArrayOutputStream b = new ByteArrayOutputStream();
        try (GZIPOutputStream z = new GZIPOutputStream(b)) {
            z.write(text.getBytes(StandardCharsets.UTF_8));
        }
        return b.toByteArray();
    }

    /** Files of every format: name -> content, small and (more than the 1 MiB detection window) large. */
    static Map<String, String> everyFormat(boolean large) {
        Map<String, String> m = new LinkedHashMap<>();
        m.put("samples.jsonl", large ? samples(4000, 150) : samples(3, 0));
        m.put("long.csv", large ? longCsv(40000) : longCsv(2));
        m.put("long.jsonl", large ? longJsonl(30000) : longJsonl(2));
        m.put("wide.csv", large ? wideCsv(120000) : wideCsv(4));
        m.put("scores_8b.json", bigBench(large ? 4_000_000 : 10));
        m.put("results_2024.json", lmEvalResults(large ? 4_000_000 : 10));
        m.put("samples_arc_easy_2024-05-01T10-00-00.000001.jsonl", lmEvalSamples(large ? 20000 : 4));
        return m;
    }

    /** A truncated or corrupt .gz of any format, small or large, is one error naming the file, exit 2, and ends. */
    @Test
    void truncatedOrCorruptGzipIsOneErrorNamingTheFileInEveryReader(@TempDir Path dir) throws Exception {
        for (boolean large : new boolean[] {false, true}) {
            for (Map.Entry<String, String> e : everyFormat(large).entrySet()) {
                byte[] gz = gzip(e.getValue());
                if (large) {
                    assertThat(e.getValue().length()).as(e.getKey()).isGreaterThan(3 << 20);
                }
                for (String damage : new String[] {"truncated", "corrupt"}) {
                    Path sub = Files.createDirectories(dir.resolve((large ? "large-" : "small-") + damage + "-" + e.getKey()));
                    Path f = sub.resolve(e.getKey() + ".gz");
                    byte[] bad = damage.equals("truncated") ? Arrays.copyOf(gz, gz.length * 6 / 10) : corrupt(gz);
                    Files.write(f, bad);
                    Path out = sub.resolve("out");
                    CliTest.Run r = assertTimeoutPreemptively(LIMIT, () -> CliTest.run("analyze", f.toString(), "--out", out.toString(),
                            "--no-report"), f.toString());
                    assertThat(r.code()).as(f + ": " + r.err()).isEqualTo(2);
                    String last = lastLine(r.err());
                    assertThat(last).as(r.err()).startsWith("mirage analyze: " + f).contains("gzip").containsAnyOf("truncated", "corrupt");
                    assertThat(out.resolve("series.csv")).doesNotExist();
                }
            }
        }
    }

    /** Flips 64 bytes in the middle of the compressed data (the deflate stream or its check then fails). */
    static byte[] corrupt(byte[] gz) {
        byte[] b = gz.clone();
        int at = b.length / 2;
        for (int i = at; i < Math.min(b.length - 8, at + 64); i++) {
            b[i] ^= (byte) 0x5a;
        }
        return b;
    }

    static String lastLine(String s) {
        String[] l = s.strip().split("\n");
        return l[l.length - 1];
    }

    /** A folder run does not stop silently at a damaged file: it names it (exit 2). */
    @Test
    void folderWithATruncatedGzipNamesTheFile(@TempDir Path dir) throws Exception {
        Path in = Files.createDirectories(dir.resolve("in"));
        Files.writeString(in.resolve("a-long.csv"), longCsv(3));
        byte[] gz = gzip(samples(3000, 100));
        Path bad = in.resolve("b-samples.jsonl.gz");
        Files.write(bad, Arrays.copyOf(gz, gz.length / 2));
        CliTest.Run r = assertTimeoutPreemptively(LIMIT, () -> CliTest.run("analyze", in.toString(), "--out", dir.resolve("out").toString(),
                "--no-report"));
        assertThat(r.code()).as(r.err()).isEqualTo(2);
        assertThat(lastLine(r.err())).startsWith("mirage analyze: " + bad).contains("gzip");
    }

    @Test
    void scoreAndPlanNameATruncatedGzip(@TempDir Path dir) throws Exception {
        for (int items : new int[] {3, 3000}) {
            byte[] gz = gzip(samples(items, 100));
            Path f = dir.resolve("s" + items + ".jsonl.gz");
            Files.write(f, Arrays.copyOf(gz, gz.length / 2));
            CliTest.Run r = assertTimeoutPreemptively(LIMIT, () -> CliTest.run("score", f.toString(), "--metrics", "exact_match"));
            assertThat(r.code()).as(r.err()).isEqualTo(2);
            assertThat(r.err()).hasLineCount(1).startsWith("mirage score: " + f).contains("gzip");
            CliTest.Run p = assertTimeoutPreemptively(LIMIT, () -> CliTest.run("plan", f.toString()));
            assertThat(p.code()).as(p.err()).isEqualTo(2);
            assertThat(p.err()).hasLineCount(1).startsWith("mirage plan: " + f).contains("gzip");
        }
    }

    /** One rule for byte-order marks: a UTF-8 BOM is skipped by every reader; a UTF-16 one is named. */
    @Test
    void aByteOrderMarkIsSkippedByEveryReader(@TempDir Path dir) throws Exception {
        String text = samples(5, 0);
        Path plain = dir.resolve("plain.jsonl");
        Path bom = dir.resolve("bom.jsonl");
        Files.writeString(plain, text);
        Files.write(bom, concat(new byte[] {(byte) 0xEF, (byte) 0xBB, (byte) 0xBF}, text.getBytes(StandardCharsets.UTF_8)));
        Path bomGz = dir.resolve("bomgz.jsonl.gz");
        Files.write(bomGz, gzip("\uFEFF" + text));
        CliTest.Run s0 = CliTest.run("score", plain.toString(), "--metrics", "exact_match");
        for (Path f : List.of(bom, bomGz)) {
            CliTest.Run s1 = CliTest.run("score", f.toString(), "--metrics", "exact_match");
            assertThat(s1.code()).as(s1.err()).isZero();
            assertThat(s1.out()).isEqualTo(s0.out());
            Path out = dir.resolve("out-" + f.getFileName());
            CliTest.Run a = CliTest.run("analyze", f.toString(), "--out", out.toString(), "--no-report", "--metrics", "exact_match");
            assertThat(a.code()).as(a.err()).isZero();
            assertThat(a.err()).doesNotContain("skipped");
            assertThat(Files.readAllLines(out.resolve("skipped.csv"))).hasSize(1);
            assertThat(Files.readString(out.resolve("series.csv"))).contains("toy-1m");
            CliTest.Run p = CliTest.run("plan", f.toString());
            assertThat(p.err()).doesNotContain("malformed");
        }
        Path utf16 = dir.resolve("utf16.csv");
        Files.write(utf16, ("\uFEFF" + longCsv(1)).getBytes(StandardCharsets.UTF_16LE));
        CliTest.Run r = CliTest.run("analyze", utf16.toString(), "--out", dir.resolve("o16").toString(), "--no-report");
        assertThat(r.code()).isEqualTo(2);
        assertThat(r.err()).hasLineCount(1).contains(utf16.toString(), "UTF-16");
    }

    static byte[] concat(byte[] a, byte[] b) {
        byte[] c = Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, c, a.length, b.length);
        return c;
    }

    /** A line over 64 MiB is skipped with a message (analyze) or refused naming its line (score), never an OutOfMemoryError. */
    @Test
    void aHugeLineIsCappedWithAMessage(@TempDir Path dir) throws Exception {
        String head = samples(2, 0);
        String huge = "{\"family\":\"toy\",\"model\":\"toy-1m\",\"params\":1e6,\"task\":\"add\",\"item_id\":\"big\",\"prompt\":\""
                + "x".repeat(70 << 20) + "\"}\n";
        Path f = dir.resolve("huge.jsonl.gz");
        Files.write(f, gzip(head + huge + sample("toy-1m", 1e6, "after", "1", 0)));
        int hugeLine = (int) head.lines().count() + 1;
        Path out = dir.resolve("out");
        CliTest.Run a = CliTest.run("analyze", f.toString(), "--out", out.toString(), "--no-report", "--metrics", "exact_match");
        assertThat(a.code()).as(a.err()).isZero();
        assertThat(Files.readString(out.resolve("skipped.csv"))).contains(f + "," + hugeLine + ",,line longer than 64 MiB");
        assertThat(a.err()).contains("line longer than 64 MiB").doesNotContain("OutOfMemoryError");
        CliTest.Run s = CliTest.run("score", f.toString(), "--metrics", "exact_match");
        assertThat(s.code()).as(s.err()).isEqualTo(2);
        assertThat(s.err()).hasLineCount(1).contains(f + ":" + hugeLine + ": line longer than 64 MiB");
        // the report's own CSV reader caps a record too
        Path rep = Files.createDirectories(dir.resolve("rep"));
        Files.writeString(rep.resolve("series.csv"), "family,task,metric,labels,scale,value\ntoy,add,acc,\"" + "l".repeat(70 << 20)
                + "\",1e6,0.1\n");
        CliTest.Run r = CliTest.run("report", rep.toString());
        assertThat(r.code()).as(r.err()).isEqualTo(2);
        assertThat(r.err()).hasLineCount(1).contains("series.csv:2: record longer than 64 MiB");
    }

    /** Invalid UTF-8 in a CSV is reported (file, line, column), as the JSON readers report it. */
    @Test
    void invalidUtf8InACsvIsReported(@TempDir Path dir) throws Exception {
        byte[] bad = {'t', 'o', 'y', '-', (byte) 0xff, (byte) 0xfe};
        String csv = longCsv(1);
        int cut = csv.indexOf("toy-2");
        byte[] content = concat(concat(csv.substring(0, cut).getBytes(StandardCharsets.UTF_8), bad),
                csv.substring(cut + 5).getBytes(StandardCharsets.UTF_8));
        Path f = dir.resolve("bad.csv");
        Files.write(f, content);
        Path out = dir.resolve("out");
        CliTest.Run a = CliTest.run("analyze", f.toString(), "--out", out.toString(), "--no-report");
        assertThat(a.code()).as(a.err()).isZero();
        assertThat(Files.readString(out.resolve("skipped.csv"))).contains(f + ",4,model,").contains("UTF-8");
        assertThat(Files.readString(out.resolve("series.csv"))).doesNotContain("\uFFFD");
        // a wide table too
        Path w = dir.resolve("wide.csv");
        String wide = wideCsv(4);
        int at = wide.indexOf("toy-2");
        Files.write(w, concat(concat(wide.substring(0, at).getBytes(StandardCharsets.UTF_8), bad),
                wide.substring(at + 5).getBytes(StandardCharsets.UTF_8)));
        Path out2 = dir.resolve("out2");
        CliTest.Run b = CliTest.run("analyze", w.toString(), "--out", out2.toString(), "--no-report");
        assertThat(b.code()).as(b.err()).isZero();
        assertThat(Files.readString(out2.resolve("skipped.csv"))).contains(w + ",4,model,").contains("UTF-8");
    }

    /** Detection does not depend on a 1 MB window: a per-sample file whose first line is 2 MB is read as such. */
    @Test
    void aFirstLineLongerThanOneMegabyteIsDetected(@TempDir Path dir) throws Exception {
        Path f = dir.resolve("long-first-line.jsonl");
        Files.writeString(f, sample("toy-1m", 1e6, "a", "1", 2 << 20) + samples(3, 0));
        Path out = dir.resolve("out");
        CliTest.Run a = CliTest.run("analyze", f.toString(), "--out", out.toString(), "--no-report", "--metrics", "exact_match");
        assertThat(a.code()).as(a.err()).isZero();
        assertThat(a.err()).contains("(detected: JSONL with item_id (mirage per-sample records))");
        // an lm-evaluation-harness results file whose first 3 MB are configs
        Path g = dir.resolve("results_x.json");
        Files.writeString(g, "{\"configs\": {\"arc_easy\": {\"num_fewshot\": 0, \"description\": \"" + "d".repeat(3 << 20) + "\"}},\n"
                + " \"results\": {\"arc_easy\": {\"acc,none\": 0.5}}, \"model_name\": \"EleutherAI/pythia-70m\"}\n");
        CliTest.Run b = CliTest.run("analyze", g.toString(), "--out", dir.resolve("out2").toString(), "--no-report");
        assertThat(b.code()).as(b.err()).isZero();
        assertThat(b.err()).contains("lm-evaluation-harness");
    }

    /** One bad BIG-bench file in a folder is a skipped file with a reason, unless --strict. */
    @Test
    void aBadBigBenchFileInAFolderIsSkippedWithItsReason(@TempDir Path dir) throws Exception {
        Path in = Files.createDirectories(dir.resolve("bb/ipa/results"));
        for (String m : new String[] {"1b", "8b", "64b"}) {
            Files.writeString(in.resolve("scores_" + m + ".json"), bigBench(0).replace("\"8b\"", "\"" + m + "\"")
                    .replace("8500000000", m.equals("1b") ? "1000000000" : m.equals("8b") ? "8500000000" : "64000000000"));
        }
        Path bad = in.resolve("scores_bad.json");
        Files.writeString(bad, "{\"model\": {\"model_family\": \"BIG-G\", \"model_name\": \"2b\"}, \"scores\": \"oops\"}");
        Path out = dir.resolve("out");
        CliTest.Run r = CliTest.run("analyze", dir.resolve("bb").toString(), "--out", out.toString(), "--no-report");
        assertThat(r.code()).as(r.err()).isZero();
        assertThat(Files.readString(out.resolve("skipped.csv"))).contains(bad + ",1,scores,").contains("expected an array");
        assertThat(r.out()).contains("from 3 files");
        CliTest.Run s = CliTest.run("analyze", dir.resolve("bb").toString(), "--out", dir.resolve("out2").toString(), "--no-report", "--strict");
        assertThat(s.code()).isEqualTo(2);
        assertThat(lastLine(s.err())).contains(bad.toString(), "scores");
    }

    /** A long table without a value column names the missing column instead of reading it as a wide table. */
    @Test
    void aMissingValueColumnIsNamed(@TempDir Path dir) throws Exception {
        Path f = dir.resolve("novalue.csv");
        Files.writeString(f, "family,model,params,task,metric,score\ntoy,toy-1m,1e6,add,exact_match,0.5\n");
        CliTest.Run r = CliTest.run("analyze", f.toString(), "--out", dir.resolve("out").toString(), "--no-report");
        assertThat(r.code()).isEqualTo(2);
        assertThat(lastLine(r.err())).contains(f.toString(), "no column for value").doesNotContain("no metric columns");
    }

    /** A negative model_num_parameters is reported (skipped.csv, strict stops), not silently replaced by the name's size. */
    @Test
    void aNegativeParameterCountIsReported(@TempDir Path dir) throws Exception {
        Path f = dir.resolve("results_neg.json");
        Files.writeString(f, "{\"results\": {\"arc_easy\": {\"acc,none\": 0.5}},\n \"config\": {\"model_num_parameters\": -7},\n"
                + " \"model_name\": \"EleutherAI/pythia-70m\"}\n");
        Path out = dir.resolve("out");
        CliTest.Run r = CliTest.run("analyze", f.toString(), "--out", out.toString(), "--no-report");
        assertThat(r.code()).as(r.err()).isZero();
        assertThat(Files.readString(out.resolve("skipped.csv"))).contains(f + ",2,config.model_num_parameters,").contains("-7");
        CliTest.Run s = CliTest.run("analyze", f.toString(), "--out", dir.resolve("o2").toString(), "--no-report", "--strict");
        assertThat(s.code()).isEqualTo(2);
        assertThat(lastLine(s.err())).contains("model_num_parameters", "-7");
    }

    static List<String> lines(Path p) throws IOException {
        return new ArrayList<>(Files.readAllLines(p));
    }
}

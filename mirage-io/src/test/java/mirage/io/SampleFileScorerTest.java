package mirage.io;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.io.OutputStream;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.zip.GZIPOutputStream;
import mirage.core.InputException;
import mirage.core.data.Sample;
import mirage.core.metric.Metric;
import mirage.core.metric.Metrics;
import mirage.core.metric.Scorer;
import mirage.core.sim.MathModel;
import mirage.io.samples.SampleFileScorer;
import mirage.io.samples.SampleJsonlReader;
import mirage.io.samples.SampleJsonlWriter;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The chunked parallel scorer: same results whatever the thread count, exact line numbers across chunks. */
class SampleFileScorerTest {
    static final List<Metric> METRICS = Metrics.parseList(
            "exact_match,accuracy,multiple_choice_grade,brier_score,token_prob,token_edit_distance,char_edit_distance,"
                    + "bleu,rouge_lsum,subset_accuracy@3");

    /** 3 models x 25 simulated items, with blank lines and CRLF line ends mixed in. */
    static String jsonl() throws Exception {
        MathModel mm = MathModel.paperFigure2();
        StringWriter w = new StringWriter();
        try (SampleJsonlWriter sw = new SampleJsonlWriter(w)) {
            for (int i = 0; i < 3; i++) {
                for (Sample s : mm.samples(MathModel.PAPER_SIZES[i], "sim-" + i, 25, MathModel.streamSeed(7, i))) {
                    sw.write(s);
                }
            }
        }
        StringBuilder sb = new StringBuilder();
        int k = 0;
        for (String line : w.toString().split("\n")) {
            sb.append(line).append(k % 7 == 3 ? "\r\n" : "\n");
            if (k++ % 11 == 5) {
                sb.append("\n");
            }
        }
        return sb.toString();
    }

    static List<String> values(Scorer s) {
        List<String> out = new ArrayList<>();
        for (Scorer.Result r : s.results()) {
            out.add(r.cell().model().name() + " " + r.metric().name() + " " + r.value());
        }
        return out;
    }

    @Test
    void threadCountDoesNotChangeAnyBitAndChunksAgreeWithOneScorer(@TempDir Path dir) throws Exception {
        Path f = dir.resolve("s.jsonl");
        Files.writeString(f, jsonl());
        Scorer plain = new Scorer(METRICS);
        SampleJsonlReader.readAll(f).forEach(plain::accept);
        for (int chunk : new int[] {1, 777, SampleFileScorer.DEFAULT_CHUNK_CHARS}) {
            SampleFileScorer.Result one = new SampleFileScorer(METRICS, 1, chunk).score(List.of(f));
            SampleFileScorer.Result four = new SampleFileScorer(METRICS, 4, chunk).score(List.of(f));
            assertThat(values(four.scorer())).as("chunk %d", chunk).isEqualTo(values(one.scorer()));
            assertThat(one.scorer().samples()).isEqualTo(75);
            List<Scorer.Result> a = one.scorer().results();
            List<Scorer.Result> b = plain.results();
            assertThat(a).hasSameSizeAs(b);
            for (int i = 0; i < a.size(); i++) {
                assertThat(a.get(i).metric()).isEqualTo(b.get(i).metric());
                assertThat(a.get(i).value().n()).isEqualTo(b.get(i).value().n());
                assertThat(a.get(i).value().value()).as("%s chunk %d", a.get(i).metric(), chunk)
                        .isCloseTo(b.get(i).value().value(), within(1e-12));
            }
            if (chunk == 1) {
                assertThat(one.chunks()).as("one chunk per line").isGreaterThan(75);
            }
        }
    }

    @Test
    void badLineIsReportedWithItsLineNumberInTheWholeFile(@TempDir Path dir) throws Exception {
        String text = jsonl();
        List<String> lines = new ArrayList<>(List.of(text.split("\n", -1)));
        int bad = 41; // 1-based, counting blank lines; CRLF lines end in '\r' here and still count once
        assertThat(lines.get(bad - 1)).isNotBlank();
        lines.set(bad - 1, lines.get(bad - 1).replace("\"params\":", "\"params\":\"x\",\"p\":"));
        Path f = dir.resolve("bad.jsonl");
        Files.writeString(f, String.join("\n", lines));
        for (int threads : new int[] {1, 3}) {
            for (int chunk : new int[] {1, 300, 1 << 20}) {
                assertThatThrownBy(() -> new SampleFileScorer(METRICS, threads, chunk).score(List.of(f)))
                        .isInstanceOf(InputException.class)
                        .hasMessageStartingWith(f + ":" + bad + ": field 'params'");
            }
        }
    }

    @Test
    void gzipFilesAndSeveralFilesInOrder(@TempDir Path dir) throws Exception {
        Path plain = dir.resolve("a.jsonl");
        Files.writeString(plain, jsonl());
        Path gz = dir.resolve("b.jsonl.gz");
        try (OutputStream out = new GZIPOutputStream(Files.newOutputStream(gz))) {
            out.write(jsonl().replace("\"sim-", "\"other-").getBytes(StandardCharsets.UTF_8));
        }
        SampleFileScorer.Result r = new SampleFileScorer(METRICS, 2, 4096).score(List.of(plain, gz));
        assertThat(r.scorer().samples()).isEqualTo(150);
        assertThat(r.repeats()).isEmpty();
        // the same records in two files are the same items: counted once, every repeat listed with both places
        Path again = dir.resolve("c.jsonl.gz");
        Files.copy(gz, again);
        SampleFileScorer.Result twice = new SampleFileScorer(METRICS, 2, 4096).score(List.of(plain, gz, again));
        assertThat(twice.scorer().samples()).isEqualTo(150);
        assertThat(twice.repeats()).hasSize(75);
        assertThat(twice.repeats().get(0).message()).startsWith(again + ":1: field 'item_id': repeated item: already answered at " + gz + ":1");
        assertThatThrownBy(() -> new SampleFileScorer(METRICS, 2).score(List.of(dir.resolve("none.jsonl"))))
                .isInstanceOf(InputException.class).hasMessageContaining("none.jsonl: no such file");
    }

    @Test
    void rejectsNonsenseSettings() {
        assertThatThrownBy(() -> new SampleFileScorer(METRICS, 0)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new SampleFileScorer(List.of(), 1)).isInstanceOf(IllegalArgumentException.class);
    }
}

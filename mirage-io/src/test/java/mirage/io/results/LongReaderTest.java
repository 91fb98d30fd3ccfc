package mirage.io.results;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.stream.Collectors;
import mirage.core.InputException;
import org.junit.jupiter.api.Test;

class LongReaderTest {

    /** mirage's own long CSV (mirage score, LongCsv) reads back through the one long-format reader. */
    @Test
    void readsWhatLongCsvWrites() throws IOException {
        List<mirage.core.data.Measurement> rows = List.of(
                new mirage.core.data.Measurement(mirage.core.data.Model.of("fam, \"x\"", "m1", 1e9), "add", "exact_match",
                        Map.of("shots", "2"), new mirage.core.metric.MetricValue(0.25, 400, 3, 0.0217, Double.NaN, Double.NaN, Double.NaN)),
                new mirage.core.data.Measurement(mirage.core.data.Model.of("fam, \"x\"", "m2", 2.5e9), "add", "bleu", Map.of(),
                        new mirage.core.metric.MetricValue(0.125, 400, 0, Double.NaN, Double.NaN, Double.NaN, Double.NaN)));
        java.io.StringWriter w = new java.io.StringWriter();
        mirage.io.csv.LongCsv.write(w, rows);
        Collected c = new Collected();
        LongReader.readCsv(new ByteArrayInputStream(w.toString().getBytes(StandardCharsets.UTF_8)), "x.csv", c.context(ColumnMap.EMPTY));
        assertThat(c.log.count()).isZero();
        assertThat(c.rows).hasSize(2);
        Collected.Row a = c.one("fam, \"x\"", "m1", "add", "exact_match", Map.of("shots", "2"));
        assertThat(a.m().value().stderr()).isEqualTo(0.0217);
        assertThat(a.m().value().n()).isEqualTo(400);
        Collected.Row b = c.one("fam, \"x\"", "m2", "add", "bleu", Map.of());
        assertThat(b.m().value().stderr()).isNaN();
        assertThat(b.m().model().scale().params()).isEqualTo(2.5e9);
    }

    @Test
    void readsTheLongCsvFixture() throws IOException {
        Collected c = new Collected();
        try (InputStream in = Files.newInputStream(Collected.fixture("long.csv"))) {
            LongReader.readCsv(in, "long.csv", c.context(ColumnMap.EMPTY));
        }
        assertThat(c.rows).hasSize(12);
        assertThat(c.log.count()).isZero();
        Collected.Row r = c.one("toy", "toy-10m", "add", "accuracy", Map.of("shots", "2", "template", "plain"));
        assertThat(r.line()).isEqualTo(3);
        assertThat(r.m().model().scale().params()).isEqualTo(1e7);
        assertThat(r.m().value().value()).isEqualTo(0.02);
        assertThat(r.m().value().n()).isEqualTo(100);
        assertThat(r.m().value().stderr()).isEqualTo(0.014);
        // a quoted label with a comma and a line break; "2.0" shots read as 2; lines count the embedded breaks
        Collected.Row q = c.one("toy", "toy-1b", "add", "accuracy", Map.of("shots", "2", "template", "quoted, with a comma\nand a line break"));
        assertThat(q.line()).isEqualTo(16);
        assertThat(c.one("toy", "toy-1m", "add", "accuracy", Map.of("shots", "2", "template", "quoted, with a comma\nand a line break")).line())
                .isEqualTo(10);
    }

    @Test
    void badRowsAreReportedWithLineFieldAndReason() throws IOException {
        Collected c = new Collected();
        try (InputStream in = Files.newInputStream(Collected.fixture("long_bad.csv"))) {
            LongReader.readCsv(in, "bad.csv", c.context(ColumnMap.EMPTY));
        }
        List<String> skipped = c.log.entries().stream().map(SkipLog.Entry::message).toList();
        assertThat(skipped).containsExactly(
                "bad.csv:4: field 'value': expected a number, got \"abc\"",
                "bad.csv:5: field 'model': missing model name",
                "bad.csv:6: row has 6 fields, the header has 7",
                "bad.csv:9: field 'notes': quote inside an unquoted field (quote the whole field and double the quote)",
                "bad.csv:10: field 'params': expected a non-negative finite number, got -4e9");
        // the model without params is read (the analysis reports it); the duplicate too (the analysis decides)
        assertThat(c.rows.stream().map(r -> r.m().model().name() + "@" + r.line()).toList())
                .containsExactly("toy-1m@2", "toy-2b@7", "toy-1m@8");
        assertThat(c.rows.get(0).m().labels()).containsEntry("notes", "say \"hi\"");
        assertThat(c.rows.get(1).m().model().scale().params()).as("toy-2b: size from its name").isEqualTo(2e9);
    }

    @Test
    void strictStopsAtTheFirstBadRow() {
        Collected c = new Collected();
        ReadContext strict = ReadContext.simple(ColumnMap.EMPTY, c, new SkipLog(true));
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> {
            try (InputStream in = Files.newInputStream(Collected.fixture("long_bad.csv"))) {
                LongReader.readCsv(in, "bad.csv", strict);
            }
        }).isInstanceOf(InputException.class).hasMessage("bad.csv:4: field 'value': expected a number, got \"abc\"");
    }

    @Test
    void parallelSmallBlocksGiveTheSameRowsAndLinesAsOneThread() throws Exception {
        StringBuilder sb = new StringBuilder("family,model,params,task,metric,value,note\n");
        long line = 2;
        List<Long> expectLines = new java.util.ArrayList<>();
        for (int i = 0; i < 3000; i++) {
            String note = i % 7 == 0 ? "\"multi\nline, \"\"quoted\"\"\"" : "n" + (i % 3);
            sb.append("f").append(i % 5).append(",m").append(i % 11).append(',').append((i % 11 + 1) * 1e6).append(",t")
                    .append(i / 55).append(",acc,").append(i / 3000.0).append(',').append(note).append('\n');
            expectLines.add(line);
            line += i % 7 == 0 ? 2 : 1;
        }
        byte[] bytes = sb.toString().getBytes(StandardCharsets.UTF_8);
        Collected one = new Collected();
        LongReader.readCsv(new ByteArrayInputStream(bytes), "p.csv", one.context(ColumnMap.EMPTY), 1000);
        ExecutorService pool = Executors.newFixedThreadPool(3);
        try {
            Collected par = new Collected();
            ReadContext ctx = new ReadContext(ColumnMap.EMPTY, par, par.log, pool, 3, null, null, true);
            LongReader.readCsv(new ByteArrayInputStream(bytes), "p.csv", ctx, 777);
            assertThat(par.rows.stream().map(r -> r.key() + "@" + r.line() + "=" + r.m().value().value()).toList())
                    .isEqualTo(one.rows.stream().map(r -> r.key() + "@" + r.line() + "=" + r.m().value().value()).toList());
            assertThat(one.rows.stream().map(Collected.Row::line).toList()).isEqualTo(expectLines);
            assertThat(one.rows.get(7).m().labels().get("note")).isEqualTo("multi\nline, \"quoted\"");
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void lastBoundaryRespectsQuotes() {
        byte[] b = "a,b\n\"x\ny\",z\n\"open\nq".getBytes(StandardCharsets.US_ASCII);
        assertThat(LongReader.lastBoundary(b, 0, b.length)).isEqualTo("a,b\n\"x\ny\",z\n".length());
        byte[] longer = ("\"" + "q".repeat(40) + "\"\"" + "\n" + "r".repeat(20) + "\"\n").getBytes(StandardCharsets.US_ASCII);
        assertThat(LongReader.countQuotes(longer, 0, longer.length)).isEqualTo(4);
        assertThat(LongReader.lastBoundary(longer, 0, longer.length)).isEqualTo(longer.length);
    }

    @Test
    void mapRenamesColumnsAndScalesWithAFactor() throws IOException {
        String csv = "Fam,Name,Size (B),Task,Measure,Score,other\nx,m1,0.5,t,acc,0.1,o\nx,m2,2,t,acc,0.2,o\n";
        Collected c = new Collected();
        ColumnMap map = ColumnMap.parse(List.of("family=Fam;model=Name;params=Size (B) * 1e9", "task=Task;metric=Measure;value=Score;drop=other"));
        LongReader.readCsv(new ByteArrayInputStream(csv.getBytes(StandardCharsets.UTF_8)), "m.csv", c.context(map));
        assertThat(c.rows).hasSize(2);
        assertThat(c.rows.get(1).m().model().scale().params()).isCloseTo(2e9, within(1e-3));
        assertThat(c.rows.get(1).m().labels()).isEmpty();
    }

    @Test
    void aMissingRequiredColumnIsOneClearError() {
        String csv = "family,model,params,task,score\nx,m,1,t,0.5\n";
        Collected c = new Collected();
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> LongReader.readCsv(
                new ByteArrayInputStream(csv.getBytes(StandardCharsets.UTF_8)), "m.csv", c.context(ColumnMap.EMPTY)))
                .isInstanceOf(InputException.class)
                .hasMessage("m.csv:1: no column for metric, value; columns are: family, model, params, task, score "
                        + "(say which with --map ROLE=COLUMN)");
    }

    @Test
    void readsLongJsonl() throws IOException {
        Collected c = new Collected();
        try (InputStream in = Files.newInputStream(Collected.fixture("long.jsonl"))) {
            LongReader.readJsonl(in, "long.jsonl", c.context(ColumnMap.EMPTY));
        }
        assertThat(c.rows.stream().map(r -> r.m().model().name() + "@" + r.line() + r.m().labels()).collect(Collectors.toList()))
                .containsExactly("toy-1m@1{shots=2}", "toy-10m@2{shots=2}", "toy-100m@4{shots=2, template=plain}", "toy-1b@5{shots=2}");
        assertThat(c.log.entries().stream().map(SkipLog.Entry::message).toList()).hasSize(2)
                .anySatisfy(m -> assertThat(m).startsWith("long.jsonl:6: field 'value': missing value"))
                .anySatisfy(m -> assertThat(m).startsWith("long.jsonl:7: malformed JSON"));
    }
}

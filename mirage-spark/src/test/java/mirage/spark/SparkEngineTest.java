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

    /** The local engine's run on the fixtures, made once for the tests that compare with it. */
    static Run localRun;

    static synchronized Run local() {
        if (localRun == null) {
            localRun = analyze(dir.resolve("local"), null);
            assertThat(localRun.code()).as(localRun.err()).isZero();
        }
        return localRun;
    }

    /**
     * A truncated .gz is one error naming the file, exit 2, as with the local engine (before, the Spark task skipped the
     * same failing read forever, collecting a bad row each time).
     */
    @Test
    @org.junit.jupiter.api.Timeout(120)
    void aTruncatedGzipIsOneErrorNamingTheFile() throws Exception {
        Path in = dir.resolve("truncated");
        Files.createDirectories(in);
        byte[] text = Files.readAllBytes(inputs.resolve("a-family.jsonl"));
        // 1 copy: the damage lies within the format detection's head; 8 copies: beyond it (> 1 MiB), in a scoring task
        for (int copies : new int[] {1, 8}) {
            java.io.ByteArrayOutputStream gz = new java.io.ByteArrayOutputStream();
            try (java.util.zip.GZIPOutputStream z = new java.util.zip.GZIPOutputStream(gz)) {
                for (int c = 0; c < copies; c++) {
                    z.write(text);
                }
            }
            byte[] all = gz.toByteArray();
            Path f = in.resolve("a" + copies + ".jsonl.gz");
            Files.write(f, java.util.Arrays.copyOf(all, all.length * 6 / 10));
            assertThat(copies == 1 || (long) text.length * copies * 6 / 10 > (1 << 20)).as("beyond the head").isTrue();
            Run l = run("analyze", f.toString(), "--no-report", "--out", dir.resolve("trunc-l" + copies).toString());
            Run s = run("analyze", f.toString(), "--no-report", "--out", dir.resolve("trunc-s" + copies).toString(), "--engine",
                    "spark", "--master", "local[2]");
            assertThat(l.code()).as(l.err()).isEqualTo(2);
            assertThat(s.code()).as(s.err()).isEqualTo(2);
            assertThat(lastLine(s.err())).as(s.err()).startsWith("mirage analyze: " + f).contains("gzip");
        }
    }

    @Test
    void optionsOfTheLocalEngineOnlyAreOneLineExitTwo() {
        Run steps = analyze(dir.resolve("all-steps"), "spark", "--all-steps");
        assertThat(steps.code()).isEqualTo(2);
        assertThat(steps.err()).hasLineCount(1).contains("--all-steps works with the local engine only");
        Run filter = analyze(dir.resolve("filtered"), "spark", "--task", "t");
        assertThat(filter.code()).isEqualTo(2);
        assertThat(filter.err()).hasLineCount(1).contains("with the local engine only");
        assertThat(dir.resolve("all-steps").resolve("series.csv")).doesNotExist();
    }

    @Test
    void sameOutputsByteForByteWhenEachFileIsOneSplit() throws Exception {
        Path local = dir.resolve("local");
        Path sp = dir.resolve("spark");
        Run l = local();
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
        // the family with two checkpoints per model: its verdict resamples the items of each model's last checkpoint
        assertThat(Files.readString(local.resolve("verdicts.csv")).lines().filter(x -> x.startsWith("third,"))
                .filter(x -> x.contains("paired items (10 units")).count()).as(Files.readString(local.resolve("verdicts.csv")))
                .isPositive();
        assertThat(l.err()).contains("note: not read: " + inputs.resolve("f-other.json"));
        assertThat(s.err()).contains("note: not read: " + inputs.resolve("f-other.json"));
        assertThat(s.out().replace(sp.toString(), "OUT")).isEqualTo(l.out().replace(local.toString(), "OUT"));
        assertThat(Files.readString(sp.resolve("provenance.json"))).contains("\"engine\" : \"spark\"");
    }

    /**
     * Files cut into many splits (4 KiB: c-bad.jsonl's bad rows fall in two splits, a-family.jsonl in 165): each cell's partial accumulators are combined instead of accumulated in
     * one pass, so means may differ in their last bits: numbers agree within 1e-9 relative (measured: see the
     * assertion message), everything else, bad rows with their line numbers included, is identical.
     */
    @Test
    void sameOutputsWithinRoundingWhenFilesAreCutIntoManySplits() throws Exception {
        Path local = dir.resolve("local");
        Path sp = dir.resolve("spark-s");
        local();
        Run s = analyze(sp, "spark", "--engine-conf", "mirage.split.bytes=4096");
        assertThat(s.code()).as(s.err()).isZero();
        assertThat(Files.readString(sp.resolve("provenance.json"))).contains("\"split_bytes\" : 4096");
        CsvCompare cmp = new CsvCompare();
        List<String> diffs = new ArrayList<>();
        for (String f : OUTPUTS) {
            assertThat(Files.exists(sp.resolve(f))).as(f).isEqualTo(Files.exists(local.resolve(f)));
            if (Files.exists(local.resolve(f)) && !f.equals("backtest.csv") && !f.equals("skipped.csv") && !f.equals("lengths.csv")) {
                diffs.addAll(cmp.compare(local.resolve(f), sp.resolve(f), 1e-9));
            }
        }
        // lengths.csv: the same rows; its fits are iterative (a solver on the score equation, Nelder-Mead for the clipped
        // line) and carry the inputs' last-bit differences up to about 1e-7 relative (measured 1.2e-7 on these fixtures)
        CsvCompare len = new CsvCompare();
        diffs.addAll(len.compare(local.resolve("lengths.csv"), sp.resolve("lengths.csv"), 1e-5));
        assertThat(diffs).as("largest relative difference %s over %s numbers", cmp.maxRelative, cmp.numbersDiffering).isEmpty();
        // backtest.csv: the same rows and text; its numbers are refits whose parametric bootstrap amplifies the last
        // bits of the fitted values (up to tens of percent in an interval bound on these 150-item fixtures)
        CsvCompare bt = new CsvCompare();
        assertThat(bt.compare(local.resolve("backtest.csv"), sp.resolve("backtest.csv"), Double.POSITIVE_INFINITY)).isEmpty();
        System.out.printf("many splits: %d numbers differ, largest by %.3e absolute, %.3e relative (values of 1e-6 or more); "
                + "backtest.csv: %d, %.3e, %.3e%n", cmp.numbersDiffering, cmp.maxAbsolute, cmp.maxRelative, bt.numbersDiffering,
                bt.maxAbsolute, bt.maxRelative);
        // skipped.csv: the same rows; a duplicate's reason quotes the value kept, which may differ in its last bits
        assertThat(rounded(Files.readString(sp.resolve("skipped.csv")))).isEqualTo(rounded(Files.readString(local.resolve("skipped.csv"))));
        assertThat(Files.readString(sp.resolve("verdicts.csv")).lines().map(x -> x.split(",")[5]).toList())
                .isEqualTo(Files.readString(local.resolve("verdicts.csv")).lines().map(x -> x.split(",")[5]).toList());
    }

    @Test
    void strictStopsAtTheSameFirstBadRow() {
        String bad = inputs.resolve("c-bad.jsonl").toString();
        Run l = run("analyze", bad, "--strict", "--no-report", "--out", dir.resolve("strict-l").toString());
        Run s = run("analyze", bad, "--strict", "--no-report", "--out", dir.resolve("strict-s").toString(), "--engine", "spark",
                "--master", "local[2]", "--engine-conf", "mirage.split.bytes=700");
        assertThat(l.code()).isEqualTo(2);
        assertThat(s.code()).isEqualTo(2);
        assertThat(lastLine(s.err())).isEqualTo(lastLine(l.err())).contains("c-bad.jsonl:11: field 'params'");
        Run missing = run("analyze", inputs.resolve("nope.jsonl").toString(), "--engine", "spark", "--master", "local[2]",
                "--out", dir.resolve("missing").toString());
        assertThat(missing.code()).isEqualTo(2);
        assertThat(missing.err()).contains("nope.jsonl: no such file or directory");
    }

    /** Decimals with a fraction written to 9 significant digits. */
    static String rounded(String text) {
        java.util.regex.Matcher m = java.util.regex.Pattern.compile("-?\\d+\\.\\d+(e-?\\d+)?").matcher(text);
        StringBuilder sb = new StringBuilder();
        while (m.find()) {
            m.appendReplacement(sb, String.format(java.util.Locale.ROOT, "%.9g", Double.parseDouble(m.group())));
        }
        m.appendTail(sb);
        return sb.toString();
    }

    private static String lastLine(String text) {
        List<String> lines = text.strip().lines().toList();
        return lines.get(lines.size() - 1);
    }

    /**
     * Parquet in and out: the per-sample records of a-family.jsonl written as Parquet (Spark's JSON reader, then
     * its Parquet writer, several part files) give the series the JSONL gives (within rounding: the part files'
     * partials are combined); --parquet-out writes the outputs as Parquet that Spark reads back row for row.
     */
    @Test
    void parquetInputGivesTheSeriesOfTheJsonlAndOutputsReadBackAsParquet() throws Exception {
        Path jsonl = inputs.resolve("a-family.jsonl");
        Path pq = dir.resolve("parquet-in");
        // one input partition, cut into part files of 1,000 rows: the part files keep the JSONL's order, so the item
        // tables (whose unit order is the input order) and with them the paired bootstraps are the JSONL's
        spark.read().json(jsonl.toString()).coalesce(1).write().option("maxRecordsPerFile", 1000).parquet(pq.toString());
        Path local = dir.resolve("pq-local");
        Path sp = dir.resolve("pq-spark");
        Run l = run("analyze", jsonl.toString(), "--no-report", "--holdout", "0", "--out", local.toString());
        assertThat(l.code()).as(l.err()).isZero();
        Path pout = dir.resolve("pq-out");
        Run s = run("analyze", pq.toString(), "--no-report", "--holdout", "0", "--out", sp.toString(), "--engine", "spark",
                "--master", "local[2]",
                "--parquet-out", pout.toString());
        assertThat(s.code()).as(s.err()).isZero();
        assertThat(s.err()).contains("Parquet with the per-sample JSONL's columns (3 files");
        CsvCompare cmp = new CsvCompare();
        List<String> diffs = new ArrayList<>();
        for (String f : List.of("series.csv", "emergence.csv", "by_metric.csv", "verdicts.csv")) {
            diffs.addAll(cmp.compare(local.resolve(f), sp.resolve(f), 1e-9));
        }
        assertThat(diffs).as("largest relative difference %s", cmp.maxRelative).isEmpty();
        long csvRows = Files.readAllLines(sp.resolve("series.csv")).size() - 1;
        org.apache.spark.sql.Dataset<org.apache.spark.sql.Row> back = spark.read().parquet(pout.resolve("series.parquet").toString());
        assertThat(back.count()).isEqualTo(csvRows);
        assertThat(back.columns()).contains("family", "model", "scale", "task", "metric", "value");
        assertThat(back.schema().apply("scale").dataType().typeName()).isIn("double", "long");
        assertThat(back.schema().apply("family").dataType().typeName()).isEqualTo("string");
        assertThat(pout.resolve("emergence.parquet")).exists();
    }
}

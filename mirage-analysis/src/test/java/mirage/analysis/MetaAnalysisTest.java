package mirage.analysis;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import mirage.core.InputException;
import mirage.core.analysis.EmergenceScore;
import mirage.core.data.Measurement;
import mirage.core.data.Model;
import mirage.core.data.Scale;
import mirage.core.data.ScaleAxis;
import mirage.core.metric.MetricValue;
import mirage.io.results.ColumnMap;
import mirage.io.results.LongReader;
import mirage.io.results.ReadContext;
import mirage.io.results.SkipLog;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class MetaAnalysisTest {

    static Path fixture(String rel) throws Exception {
        return Path.of(MetaAnalysisTest.class.getResource("/fixtures/" + rel).toURI());
    }

    static MetaAnalysis analyse(PointTable t, SkipLog log) {
        return MetaAnalysis.run(t, log, null, 1);
    }

    @Test
    void emergenceScoresOfTheLongFixture() throws Exception {
        SkipLog log = new SkipLog(false);
        PointTable t = new PointTable(ScaleAxis.PARAMS, log);
        try (InputStream in = Files.newInputStream(fixture("long.csv"))) {
            LongReader.readCsv(in, "long.csv", ReadContext.simple(ColumnMap.EMPTY, t, log));
        }
        MetaAnalysis a = analyse(t, log);
        assertThat(a.seriesCount()).isEqualTo(3);
        // output order: family, task, metric, labels (as strings)
        SeriesView acc = a.series(0);
        assertThat(acc.metric()).isEqualTo("accuracy");
        assertThat(acc.labelText()).isEqualTo("shots=2;template=plain");
        assertThat(acc.otherLabelText()).isEqualTo("template=plain");
        assertThat(acc.shots()).isEqualTo("2");
        // reference: numpy 2.4.6, the paper's formula on y = 0.01, 0.02, 0.5, 0.9
        assertThat(acc.emergenceScore()).isCloseTo(2.225, within(1e-12));
        SeriesView quoted = a.series(1);
        assertThat(quoted.labels()).containsEntry("template", "quoted, with a comma\nand a line break");
        assertThat(quoted.status()).isEqualTo(EmergenceScore.Status.STEP);
        assertThat(quoted.emergenceScore()).isEqualTo(Double.POSITIVE_INFINITY);
        SeriesView ted = a.series(2);
        assertThat(ted.metric()).isEqualTo("token_edit_distance");
        assertThat(ted.metricInfo().higherIsBetter()).isFalse();
        // lower is better: scored on -y, so improvement with scale is positive (numpy 2.4.6: 3.3333333333333330)
        assertThat(ted.emergenceScore()).isCloseTo(3.333333333333333, within(1e-12));
        assertThat(ted.size()).isEqualTo(4);
        assertThat(ted.scales()).containsExactly(1e6, 1e7, 1e8, 1e9);
        assertThat(ted.source(0)).isEqualTo("long.csv:6");
        assertThat(acc.partner("token_edit_distance").id()).isEqualTo(ted.id());
        assertThat(acc.partner("brier_score")).isNull();
    }

    @Test
    void duplicatesAndMissingScalesAreReportedWithBothPlaces() throws Exception {
        SkipLog log = new SkipLog(false);
        PointTable t = new PointTable(ScaleAxis.PARAMS, log);
        ReadContext ctx = new ReadContext(ColumnMap.EMPTY, t, log, null, 1, null, null, false);
        try (InputStream in = Files.newInputStream(fixture("long_bad.csv"))) {
            LongReader.readCsv(in, "bad.csv", ctx);
        }
        MetaAnalysis a = analyse(t, log);
        List<String> msgs = log.entries().stream().map(SkipLog.Entry::message).toList();
        assertThat(msgs).contains("bad.csv:7: field 'params': model 'toy-2b' has no params");
        assertThat(msgs).contains("bad.csv:8: field 'value': duplicate: model 'toy-1m' already has a value on series "
                + "toy / add / accuracy [notes=say \"hi\"] (0.1 at bad.csv:2); this value 0.2 is skipped");
        assertThat(a.duplicates()).isEqualTo(1);
        assertThat(a.series(0).size()).isEqualTo(1);
        assertThat(a.series(0).value(0)).isEqualTo(0.1);
    }

    @Test
    void placesOfPointsFromSeveralFilesAreKept() throws Exception {
        // the same rows from x.csv, y.csv and x.csv again: every later value is a duplicate of x.csv's
        SkipLog log = new SkipLog(false);
        PointTable t = new PointTable(ScaleAxis.PARAMS, log);
        ReadContext ctx = new ReadContext(ColumnMap.EMPTY, t, log, null, 1, null, null, false);
        for (String name : List.of("x.csv", "y.csv", "x.csv")) {
            try (InputStream in = Files.newInputStream(fixture("long.csv"))) {
                LongReader.readCsv(in, name, ctx);
            }
        }
        MetaAnalysis a = analyse(t, log);
        List<String> msgs = log.entries().stream().map(SkipLog.Entry::message).toList();
        assertThat(msgs).anyMatch(m -> m.startsWith("y.csv:3: field 'value': duplicate: model 'toy-10m'") && m.contains("at x.csv:3)"));
        assertThat(msgs).anyMatch(m -> m.startsWith("x.csv:3: field 'value': duplicate: model 'toy-10m'") && m.contains("at x.csv:3)"));
        assertThat(a.duplicates() % 2).isZero();
        for (int pos = 0; pos < a.seriesCount(); pos++) {
            SeriesView v = a.series(pos);
            for (int i = 0; i < v.size(); i++) {
                assertThat(v.source(i)).startsWith("x.csv:");
            }
        }
    }

    @Test
    void strictFailsOnTheFirstDuplicate() {
        SkipLog log = new SkipLog(true);
        PointTable t = new PointTable(ScaleAxis.PARAMS, log);
        Model m = Model.of("f", "m", 1e6);
        t.accept(new Measurement(m, "t", "acc", Map.of(), MetricValue.of(0.1, 10)), "a.csv", 2);
        t.accept(new Measurement(m, "t", "acc", Map.of(), MetricValue.of(0.2, 10)), "b.csv", 9);
        assertThatThrownBy(() -> analyse(t, log)).isInstanceOf(InputException.class)
                .hasMessageStartingWith("b.csv:9: field 'value': duplicate: model 'm'");
    }

    @Test
    void checkpointsOnASizeAxisDefaultToEachModelsLastOneEveryStepOnRequestAndCurvesPerModelOnTheStepAxis() {
        for (ScaleAxis axis : new ScaleAxis[] {ScaleAxis.PARAMS, ScaleAxis.STEP}) {
            for (PointTable.Checkpoints cp : PointTable.Checkpoints.values()) {
                SkipLog log = new SkipLog(false);
                PointTable t = new PointTable(axis, log).withCheckpoints(cp);
                for (String name : new String[] {"small", "big"}) {
                    // the big model's last checkpoint is 3000, the small one's 2000
                    for (double step : name.equals("small") ? new double[] {1000, 2000} : new double[] {1000, 2000, 3000}) {
                        double params = name.equals("small") ? 1e6 : 1e9;
                        Model m = new Model("f", name, new Scale(params, Double.NaN, Double.NaN, Double.NaN, step));
                        t.accept(new Measurement(m, "t", "acc", Map.of(), MetricValue.of(step / 1e4 + params / 1e10, 10)), "x", 1);
                    }
                }
                MetaAnalysis a = analyse(t, log);
                assertThat(log.entries()).isEmpty();
                if (axis == ScaleAxis.STEP) {
                    assertThat(a.seriesCount()).as("one curve per model").isEqualTo(2);
                    assertThat(a.series(0).labels()).isEqualTo(Map.of("model", "big"));
                    assertThat(a.series(0).scales()).containsExactly(1000, 2000, 3000);
                } else if (cp == PointTable.Checkpoints.ALL) {
                    assertThat(a.seriesCount()).as("one curve per checkpoint").isEqualTo(3);
                    assertThat(a.series(0).labels()).isEqualTo(Map.of("step", "1000"));
                    assertThat(a.series(0).size()).isEqualTo(2);
                } else {
                    // one curve: each model at its own last checkpoint, and a note that says so
                    assertThat(a.seriesCount()).isEqualTo(1);
                    assertThat(a.series(0).labels()).isEmpty();
                    assertThat(a.series(0).size()).isEqualTo(2);
                    assertThat(a.series(0).values()).containsExactly(2000 / 1e4 + 1e6 / 1e10, 3000 / 1e4 + 1e9 / 1e10);
                    assertThat(a.points()).isEqualTo(2);
                    assertThat(log.notes()).anySatisfy(n -> assertThat(n).contains("2 models have values at several training "
                            + "steps", "last checkpoint", "3 values of earlier checkpoints", "--all-steps"));
                }
            }
        }
    }

    @Test
    void byMetricCountsEmergentSeriesPerMetric() {
        SkipLog log = new SkipLog(false);
        PointTable t = new PointTable(ScaleAxis.PARAMS, log);
        double[] sizes = {1e6, 1e7, 1e8, 1e9, 1e10};
        double[][] curves = {{0, 0, 0, 0, 1}, {0, 0, 0, 0.1, 1}, {0.1, 0.2, 0.3, 0.4, 0.5}, {0.5, 0.4, 0.3, 0.2, 0.1}};
        String[] metrics = {"exact_match", "exact_match", "brier_score", "accuracy"};
        for (int c = 0; c < curves.length; c++) {
            for (int i = 0; i < sizes.length; i++) {
                t.accept(new Measurement(Model.of("f", "m" + i, sizes[i]), "task" + c, metrics[c], Map.of(),
                        MetricValue.of(curves[c][i], 100)), "x", 1);
            }
        }
        MetaAnalysis a = analyse(t, log);
        List<MetaAnalysis.MetricRow> rows = a.byMetric(5);
        // exact_match: a STEP (+inf) and 0,0,0,0.1,1 (median step 0 -> STEP); brier (lower better) falls:
        // improvement -> 0.4/0.1 = 4 < 5; accuracy falls with scale: negative score
        assertThat(rows.get(0).metric()).isEqualTo("exact_match");
        assertThat(rows.get(0).emergent()).isEqualTo(2);
        assertThat(rows.get(0).shareOfEmergent()).isEqualTo(1.0);
        assertThat(rows.stream().filter(r -> !r.metric().equals("exact_match")).mapToInt(MetaAnalysis.MetricRow::emergent).sum()).isZero();
        assertThat(a.emergentCount(5)).isEqualTo(2);
    }

    @Test
    void diagnosticsReportShotDisagreementsRangeAndModelAttributes() {
        SkipLog log = new SkipLog(false);
        PointTable t = new PointTable(ScaleAxis.PARAMS, log);
        for (int i = 0; i < 4; i++) {
            Model m = Model.of("f", "m" + i, Math.pow(10, 6 + i));
            t.accept(new Measurement(m, "t", "bleu", Map.of("shots", "5", "config_num_fewshot", "0"),
                    MetricValue.of(10.0 * i, 10)), "x", i + 2);
            t.accept(new Measurement(m, "u", "acc", Map.of("file", "run" + i + ".json"), MetricValue.of(0.1 * i, 10)), "x", i + 10);
        }
        MetaAnalysis a = analyse(t, log);
        List<String> d = a.diagnostics();
        assertThat(d).anySatisfy(s -> assertThat(s).startsWith("4 values (1 series) say shots=5 but config_num_fewshot=0, e.g. x:2"));
        assertThat(d).anySatisfy(s -> assertThat(s).startsWith("metric 'bleu': 1 series have values outside its range [0, 1]"));
        assertThat(d).anySatisfy(s -> assertThat(s).contains("label 'file' has a value of its own for each model"));
    }

    @Test
    void writesTheDocumentedColumnsAndQuotes(@TempDir Path dir) throws Exception {
        SkipLog log = new SkipLog(false);
        PointTable t = new PointTable(ScaleAxis.PARAMS, log);
        String csv = "family,model,params,task,metric,value,n\n\"fam, with comma\",a,1e6,t,acc,0.1,10\nfam,a,1e6,t,acc,0.1,10\n"
                + "fam,b,1e7,t,acc,0.2,10\nfam,c,1e8,t,acc,0.9,10\n";
        LongReader.readCsv(new ByteArrayInputStream(csv.getBytes(StandardCharsets.UTF_8)), "w.csv", ReadContext.simple(ColumnMap.EMPTY, t, log));
        ExecutorService pool = Executors.newFixedThreadPool(2);
        try {
            MetaAnalysis a = MetaAnalysis.run(t, log, pool, 2);
            a.flag(10, 0, pool, 2);
            AnalysisWriter.writeSeries(dir.resolve("series.csv"), a, pool, 2);
            AnalysisWriter.writeEmergence(dir.resolve("emergence.csv"), a, List.of(new SeriesAnnotator() {
                @Override
                public List<String> columns() {
                    return List.of("extra");
                }

                @Override
                public List<String> values(SeriesView s) {
                    return List.of(s.family() + ";x");
                }
            }), pool, 2);
            AnalysisWriter.writeByMetric(dir.resolve("by_metric.csv"), a, 10);
        } finally {
            pool.shutdownNow();
        }
        List<String> series = Files.readAllLines(dir.resolve("series.csv"));
        assertThat(series.get(0)).isEqualTo(String.join(",", AnalysisWriter.SERIES_COLUMNS));
        assertThat(series).hasSize(5);
        // lower/upper: Wilson 95% of k/10 (statsmodels 0.15.0 proportion_confint(k, 10, method='wilson')); the
        // resolution floor 1/n; the zero status
        double[][] wilson = {{0.017876213095072924, 0.40415002679523854}, {0.056682151454375246, 0.5098375284633583},
            {0.5958499732047614, 0.982123786904927}, {0.017876213095072924, 0.40415002679523854}};
        String[] prefix = {"fam,t,acc,,params,a,1000000,0.1,10,,", "fam,t,acc,,params,b,10000000,0.2,10,,",
            "fam,t,acc,,params,c,100000000,0.9,10,,", "\"fam, with comma\",t,acc,,params,a,1000000,0.1,10,,"};
        for (int i = 0; i < 4; i++) {
            String row = series.get(i + 1);
            assertThat(row).startsWith(prefix[i]).endsWith(",," + (i == 3 ? 1 : 0) + ",0.1,NONZERO");
            String[] f = row.substring(prefix[i].length()).split(",", -1);
            assertThat(Double.parseDouble(f[0])).isCloseTo(wilson[i][0], org.assertj.core.api.Assertions.within(1e-12));
            assertThat(Double.parseDouble(f[1])).isCloseTo(wilson[i][1], org.assertj.core.api.Assertions.within(1e-12));
        }
        List<String> em = Files.readAllLines(dir.resolve("emergence.csv"));
        assertThat(em.get(0)).isEqualTo(String.join(",", AnalysisWriter.EMERGENCE_COLUMNS) + ",extra"); // no labels: no label columns
        // acc is declared neither continuous nor linear (an argmax grade); reference: numpy 2.4.6 on y = 0.1, 0.2, 0.9 gives 1.6000000000000003 (0.8 / sqrt(0.25) in doubles)
        // 3 sizes: the flag cannot judge it (too_few_sizes, not emergent, no interval)
        assertThat(em.get(1)).isEqualTo("fam,t,acc,,,3,1000000,100000000,1.6000000000000003,,,too_few_sizes,false,value,OK,true,"
                + "false,false,params,3,0.1,0.9,10,true,0,fam;x");
        assertThat(em.get(2)).startsWith("\"fam, with comma\",t,acc,,,1,1000000,1000000,,,,too_few_sizes,false,value,TOO_FEW_POINTS,")
                .endsWith(",1,\"fam, with comma;x\"");
        // both series have fewer than 4 sizes: apart, out of the shares (no share without a scored series)
        List<String> bm = Files.readAllLines(dir.resolve("by_metric.csv"));
        assertThat(bm).containsExactly(String.join(",", AnalysisWriter.BY_METRIC_COLUMNS), "acc,2,0,2,0,0,,,10,true,false,false,true");
    }

    /** Each label its own column (label_KEY, sorted by key) after the packed labels, in series.csv and emergence.csv. */
    @Test
    void eachLabelHasItsOwnColumn(@TempDir Path dir) throws Exception {
        SkipLog log = new SkipLog(false);
        PointTable t = new PointTable(ScaleAxis.PARAMS, log);
        String csv = "family,model,params,task,metric,value,n,shots,deduped\n"
                + "f,a,1e6,t,acc,0.1,10,5,\"yes, really\"\nf,b,1e7,t,acc,0.2,10,5,\"yes, really\"\n"
                + "f,a,1e6,u,acc,0.3,10,,\nf,b,1e7,u,acc,0.4,10,,\n";
        LongReader.readCsv(new ByteArrayInputStream(csv.getBytes(StandardCharsets.UTF_8)), "l.csv", ReadContext.simple(ColumnMap.EMPTY, t, log));
        ExecutorService pool = Executors.newFixedThreadPool(2);
        try {
            MetaAnalysis a = MetaAnalysis.run(t, log, pool, 2);
            AnalysisWriter.writeSeries(dir.resolve("series.csv"), a, pool, 2);
            AnalysisWriter.writeEmergence(dir.resolve("emergence.csv"), a, List.of(), pool, 2);
        } finally {
            pool.shutdownNow();
        }
        List<String> series = Files.readAllLines(dir.resolve("series.csv"));
        assertThat(series.get(0)).isEqualTo(String.join(",", AnalysisWriter.SERIES_COLUMNS) + ",label_deduped,label_shots");
        assertThat(series.get(1)).startsWith("f,t,acc,\"deduped=yes, really;shots=5\",").endsWith(",\"yes, really\",5");
        assertThat(series.get(3)).startsWith("f,u,acc,,").endsWith(",,");
        List<String> em = Files.readAllLines(dir.resolve("emergence.csv"));
        assertThat(em.get(0)).isEqualTo(String.join(",", AnalysisWriter.EMERGENCE_COLUMNS) + ",label_deduped,label_shots");
        assertThat(em.get(1)).startsWith("f,t,acc,5,\"deduped=yes, really\",").endsWith(",\"yes, really\",5");
        assertThat(em.get(2)).startsWith("f,u,acc,,,").endsWith(",,");
    }

    @Test
    void resultsDoNotDependOnTheThreadCount() throws IOException {
        StringBuilder sb = new StringBuilder("family,model,params,task,metric,value,shots\n");
        java.util.SplittableRandom r = new java.util.SplittableRandom(3);
        for (int i = 0; i < 20000; i++) {
            int m = r.nextInt(8);
            sb.append("f").append(r.nextInt(3)).append(",m").append(m).append(',').append((m + 1) * 1e6).append(",t")
                    .append(r.nextInt(300)).append(",acc,").append(r.nextDouble()).append(',').append(r.nextInt(2)).append('\n');
        }
        byte[] b = sb.toString().getBytes(StandardCharsets.UTF_8);
        String one = run(b, 1);
        assertThat(run(b, 3)).isEqualTo(one);
    }

    private static String run(byte[] b, int threads) throws IOException {
        SkipLog log = new SkipLog(false);
        PointTable t = new PointTable(ScaleAxis.PARAMS, log);
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        try {
            LongReader.readCsv(new ByteArrayInputStream(b), "r.csv", new ReadContext(ColumnMap.EMPTY, t, log, pool, threads, null, null, true));
            MetaAnalysis a = MetaAnalysis.run(t, log, pool, threads);
            StringBuilder out = new StringBuilder();
            for (int i = 0; i < a.seriesCount(); i++) {
                SeriesView s = a.series(i);
                out.append(s).append(' ').append(s.emergenceScore()).append(' ').append(java.util.Arrays.toString(s.values())).append('\n');
            }
            log.entries().forEach(e -> out.append(e.message()).append('\n'));
            return out.toString();
        } finally {
            pool.shutdownNow();
        }
    }
}

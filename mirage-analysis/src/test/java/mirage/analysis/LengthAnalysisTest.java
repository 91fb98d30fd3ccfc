package mirage.analysis;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.io.ByteArrayInputStream;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.util.List;
import mirage.core.analysis.PerTokenAccuracy;
import mirage.core.data.ScaleAxis;
import mirage.io.results.ColumnMap;
import mirage.io.results.LongReader;
import mirage.io.results.ReadContext;
import mirage.io.results.SkipLog;
import org.junit.jupiter.api.Test;

class LengthAnalysisTest {
    static final String HEAD = "family,model,params,task,metric,value,n,stderr,target_length,shots,format\n";
    /** The binomial data of LengthFitterTest: k = 171, 139, 121, 73, 0 of n = 200, 200, 200, 150, 100. */
    static final double[] N = {200, 200, 200, 150, 100};
    static final double[] K = {171, 139, 121, 73, 0};

    static LengthAnalysis analyse(String csv) throws Exception {
        SkipLog log = new SkipLog(false);
        PointTable t = new PointTable(ScaleAxis.PARAMS, log);
        LongReader.readCsv(new ByteArrayInputStream(csv.getBytes(StandardCharsets.UTF_8)), "in.csv", ReadContext.simple(ColumnMap.EMPTY, t, log));
        assertThat(log.count()).as("rows skipped").isZero();
        return LengthAnalysis.of(MetaAnalysis.run(t, log, null, 1));
    }

    static String exactMatch(String task, String model, double params, boolean counts, String shots, String format) {
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < 5; i++) {
            sb.append(String.join(",", "f", model, Double.toString(params), task, "exact_match", Double.toString(K[i] / N[i]),
                    counts ? Double.toString(N[i]) : "", "", Integer.toString(i + 1), shots, format)).append('\n');
        }
        return sb.toString();
    }

    static LengthAnalysis.Row row(LengthAnalysis a, String task, String metric, String model) {
        return a.rows().stream().filter(r -> r.task().equals(task) && r.metric().equals(metric) && r.model().equals(model))
                .findFirst().orElseThrow();
    }

    /** Counts reach the binomial fit and the zero at L = 5 stays: p is the core reference (0.8076), not 0.8410. */
    @Test
    void exactMatchIsFittedWithItsItemCountsAndItsZero() throws Exception {
        LengthAnalysis a = analyse(HEAD + exactMatch("t", "m1", 1e6, true, "", ""));
        LengthAnalysis.Row r = row(a, "t", "exact_match", "m1");
        assertThat(r.fit().likelihood().key()).isEqualTo("binomial");
        assertThat(r.items()).isEqualTo(850);
        assertThat(r.fit().lengths()).containsExactly(1, 2, 3, 4, 5);
        assertThat(r.fit().geometric().factor()).isCloseTo(0.8076030257738392, within(1e-12));
        assertThat(r.notes()).isEmpty();
        assertThat(r.tokenAccuracy()).isNaN();
        assertThat(r.tokenAccuracyInInterval()).isNull();
    }

    @Test
    void withoutCountsTheFitSaysSo() throws Exception {
        LengthAnalysis a = analyse(HEAD + exactMatch("t", "m1", 1e6, false, "", ""));
        LengthAnalysis.Row r = row(a, "t", "exact_match", "m1");
        assertThat(r.fit().likelihood().key()).isEqualTo("gaussian");
        assertThat(r.items()).isNaN();
        assertThat(r.note()).contains("item counts unknown at L = 1 2 3 4 5");
        assertThat(a.summary(10)).anySatisfy(l -> assertThat(l).contains("note: item counts unknown"));
    }

    /**
     * The per-token comparison: token edit distance of the same model at L = 1..4 (none at 5), so
     * 1 - sum n TED / sum n L over L = 1..4 with the edit distance's counts; token_prob likewise with weights n L.
     */
    @Test
    void exactMatchIsSetBesideTheMeasuredPerTokenAccuracy() throws Exception {
        double[] ted = {0.2, 0.41, 0.55, 0.9};
        double[] tn = {200, 200, 200, 150};
        double[] tp = {0.83, 0.8, 0.79, 0.81};
        StringBuilder csv = new StringBuilder(HEAD).append(exactMatch("t", "m1", 1e6, true, "", ""));
        for (int i = 0; i < 4; i++) {
            csv.append(String.join(",", "f", "m1", "1e6", "t", "token_edit_distance", Double.toString(ted[i]), Double.toString(tn[i]),
                    "0.05", Integer.toString(i + 1), "", "")).append('\n');
            csv.append(String.join(",", "f", "m1", "1e6", "t", "token_prob", Double.toString(tp[i]), Double.toString(tn[i]),
                    "0.01", Integer.toString(i + 1), "", "")).append('\n');
        }
        LengthAnalysis a = analyse(csv.toString());
        LengthAnalysis.Row r = row(a, "t", "exact_match", "m1");
        // by hand: 1 - (200*0.2 + 200*0.41 + 200*0.55 + 150*0.9) / (200*1 + 200*2 + 200*3 + 150*4) = 1 - 367/1800
        double acc = 1 - 367.0 / 1800;
        assertThat(r.tokenAccuracy()).isCloseTo(acc, within(1e-12));
        assertThat(r.tokenAccuracy()).isCloseTo(PerTokenAccuracy.fromEditDistance(new double[] {1, 2, 3, 4}, ted, tn), within(1e-15));
        assertThat(r.pMinusTokenAccuracy()).isCloseTo(0.8076030257738392 - acc, within(1e-12));
        // p's interval is [0.78847, 0.82576] (LengthFitterTest): 0.7961 is inside
        assertThat(r.tokenAccuracyInInterval()).isTrue();
        // (200*1*0.83 + 200*2*0.8 + 200*3*0.79 + 150*4*0.81) / 1800
        assertThat(r.tokenProb()).isCloseTo((166 + 320 + 474 + 486) / 1800.0, within(1e-12));
        assertThat(r.pMinusTokenProb()).isCloseTo(0.8076030257738392 - r.tokenProb(), within(1e-12));
        assertThat(r.note()).contains("token_edit_distance pooled over L = 1 2 3 4 only");
        // the edit distance's own row is a line, with no per-token columns
        LengthAnalysis.Row t = row(a, "t", "token_edit_distance", "m1");
        assertThat(t.fit().perTokenProbability()).isFalse();
        assertThat(t.fit().likelihood().key()).isEqualTo("gaussian_se");
        assertThat(t.tokenAccuracy()).isNaN();
        StringWriter w = new StringWriter();
        a.write(w);
        List<String> lines = w.toString().lines().toList();
        assertThat(lines.get(0)).isEqualTo(String.join(",", LengthAnalysis.COLUMNS));
        String em = lines.stream().filter(l -> l.contains(",exact_match,")).findFirst().orElseThrow();
        assertThat(em).contains(",true,");
        assertThat(a.summary(10).get(0)).contains("f / t / exact_match: 1 models, L = 1..5, binomial; p^L: p ")
                .contains("measured 1 - TED/L inside p's interval for 1 of 1");
    }

    /** mirage's add4, from mirage eval (labels shots and format): the carry '1' confound and the units of L. */
    @Test
    void mirageArithmeticSeriesCarryTheirConfounds() throws Exception {
        String csv = HEAD + exactMatch("add4", "m1", 1e6, true, "2", "plain") + exactMatch("mul2", "m1", 1e6, true, "", "")
                + exactMatch("add4x", "m1", 1e6, true, "", "");
        LengthAnalysis a = analyse(csv);
        assertThat(row(a, "add4", "exact_match", "m1").note()).contains("every 5-digit answer is a sum >= 10000 and starts with '1'")
                .contains("target_length counts digits");
        assertThat(row(a, "mul2", "exact_match", "m1").note()).contains("products of 1-digit numbers")
                .doesNotContain("target_length counts digits");
        assertThat(row(a, "add4x", "exact_match", "m1").note()).isEmpty();
        List<String> summary = a.summary(10);
        assertThat(summary.stream().filter(l -> l.contains("starts with '1'")).count()).as("printed once").isEqualTo(1);
    }

    @Test
    void modelsWithTooFewLengthsAreCountedNotFitted() throws Exception {
        String csv = HEAD + "f,m1,1e6,t,exact_match,0.5,100,,1,,\nf,m1,1e6,t,exact_match,0.3,100,,2,,\n";
        LengthAnalysis a = analyse(csv);
        assertThat(a.isEmpty()).isTrue();
        assertThat(a.skippedModels()).isEqualTo(1);
        assertThat(a.summary(10)).containsExactly("1 model series with fewer than 3 lengths were not fitted");
    }
}

package mirage.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.BufferedReader;
import java.io.Writer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import mirage.core.data.Model;
import mirage.core.data.Sample;
import mirage.core.sim.FamilySimulator;
import mirage.io.samples.SampleJsonlWriter;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** mirage plan and mirage predict, driven as a user would. */
class StatsCommandsTest {

    static CliTest.Run run(String... args) {
        return CliTest.run(args);
    }

    static void writeSamples(Path file, List<Sample> samples) throws Exception {
        try (Writer w = Files.newBufferedWriter(file)) {
            SampleJsonlWriter sw = new SampleJsonlWriter(w);
            for (Sample s : samples) {
                sw.write(s);
            }
            sw.flush();
        }
    }

    static double[] logspace(double lo, double hi, int n) {
        double[] x = new double[n];
        for (int i = 0; i < n; i++) {
            x[i] = Math.pow(10, Math.log10(lo) + (Math.log10(hi) - Math.log10(lo)) * i / (n - 1));
        }
        return x;
    }

    @Test
    void helpListsPlanAndPredict() {
        assertThat(run("--help").out()).contains("plan", "predict");
    }

    @Test
    void planItemsForARate() {
        CliTest.Run r = run("plan", "--rate", "0.01", "--precision", "0.25", "--chance", "0.005");
        assertThat(r.code()).as(r.err()).isZero();
        // statsmodels 0.15.0 brute force: 7,587 items with Wilson (see PlanningTest)
        assertThat(r.out()).contains("wilson (default)", "7,587", "clopper-pearson", "jeffreys", "PassUntil", "to tell 0.01 from chance 0.005");
        CliTest.Run none = run("plan");
        assertThat(none.code()).isEqualTo(2);
        assertThat(none.err()).hasLineCount(1).contains("give --rate");
        CliTest.Run bad = run("plan", "--rate", "1.5");
        assertThat(bad.code()).isEqualTo(2);
        assertThat(bad.err()).hasLineCount(1).contains("--rate must be strictly between 0 and 1");
    }

    @Test
    void planPassUntilFromSamplesWithAttempts(@TempDir Path dir) throws Exception {
        List<Sample> s = new ArrayList<>();
        Model m = Model.of("fam", "m-1", 1e9);
        for (int i = 0; i < 10; i++) {
            s.add(Sample.builder(m, "hard", "q" + i).attempts(500, 1).build());
        }
        s.add(Sample.builder(m, "hard", "no-attempts").target("a").output("a").build());
        Path f = dir.resolve("pu.jsonl");
        writeSamples(f, s);
        CliTest.Run r = run("plan", f.toString());
        assertThat(r.code()).as(r.err()).isZero();
        // 10 passes in 5000 attempts: scipy 1.17.1 beta.ppf gives [0.0009595, 0.003415] (see PlanningTest)
        assertThat(r.out()).contains("fam | m-1 | hard", "5000", " 0.002 ", "[0.0009595, 0.003415]", "negative-binomial");
        assertThat(r.out()).contains("1 samples without attempts and passes were left out");
    }

    @Test
    void predictOnPerSampleJsonlAndOnLongCsv(@TempDir Path dir) throws Exception {
        FamilySimulator sim = new FamilySimulator("toy", "add5", FamilySimulator.powerLaw(-0.5, 2e9), 5, 0.2);
        Path f = dir.resolve("samples.jsonl");
        writeSamples(f, sim.samples(logspace(1e8, 1e12, 7), 300, 3));
        CliTest.Run r = run("predict", f.toString(), "--holdout", "2", "--metrics", "exact_match,target_logprob",
                "--resamples", "30", "--out", dir.resolve("backtest.csv").toString());
        assertThat(r.code()).as(r.err()).isZero();
        assertThat(r.out()).contains("== toy / add5  (target_length=5)", "exact_match", "composed", "sigmoid", "power_law",
                "via target_logprob", "p^5", "summary by metric and route");
        assertThat(Files.readString(dir.resolve("backtest.csv"))).startsWith("family,task,labels,metric,route,model,scale");
        assertThat(Files.readString(dir.resolve("backtest.provenance.json"))).contains("\"command\"", "predict", "sha256");
        // the same through mirage's long CSV
        Path csv = dir.resolve("scores.csv");
        CliTest.Run score = run("score", f.toString(), "--metrics", "exact_match,target_logprob", "--out", csv.toString());
        assertThat(score.code()).as(score.err()).isZero();
        CliTest.Run viaCsv = run("predict", csv.toString(), "--holdout", "2", "--resamples", "30");
        assertThat(viaCsv.code()).as(viaCsv.err()).isZero();
        assertThat(viaCsv.out()).contains("composed", "via target_logprob");
    }

    @Test
    void predictBadInputIsOneLineExitTwo(@TempDir Path dir) throws Exception {
        Path f = dir.resolve("x.txt");
        Files.writeString(f, "hello");
        CliTest.Run r = run("predict", f.toString());
        assertThat(r.code()).isEqualTo(2);
        assertThat(r.err()).hasLineCount(1).contains("x.txt", "not a result file mirage knows");
        CliTest.Run h = run("predict", f.toString(), "--holdout", "0");
        assertThat(h.code()).isEqualTo(2);
        assertThat(h.err()).hasLineCount(1).contains("--holdout must be at least 1");
        Path csv = dir.resolve("bad.csv");
        Files.writeString(csv, "family,model,params,task,metric,value,n,stderr,skipped\nf,m,1e9,t,acc,zero,10,,0\n");
        CliTest.Run b = run("predict", csv.toString(), "--strict");
        assertThat(b.code()).isEqualTo(2);
        assertThat(b.err()).contains("bad.csv:2: field 'value'");
        assertThat(b.err().lines().filter(l -> !l.startsWith("read ")).count()).isEqualTo(1);
    }

    /**
     * Real data: Pythia / OPT / BLOOM final checkpoints (../shared/data/pythia, lm-evaluation-harness
     * aggregates), read by the reader layer with the shipped column map (examples/maps/pythia.map), then
     * mirage predict on LAMBADA: acc (discontinuous) with ppl, its smooth partner on the same outputs.
     */
    @Test
    void predictLambadaOnPythia() throws Exception {
        String shared = System.getProperty("mirage.shared.data");
        Path src = shared == null ? null : Path.of(shared, "pythia", "final_checkpoints_pythia_v1_opt_bloom.csv");
        assumeTrue(src != null && Files.isRegularFile(src), "shared data not found (mirage.shared.data): skipped");
        Path map = AnalyzeSharedDataTest.repo("examples/maps/pythia.map");
        CliTest.Run r = run("predict", src.toString(), "--map", map.toString(), "--task", "lambada_openai", "--holdout", "2",
                "--resamples", "50");
        assertThat(r.code()).as(r.err()).isZero();
        assertThat(r.err()).contains("detected: CSV whose header has metric and value columns");
        assertThat(r.out()).contains("== pythia / lambada_openai  (config_num_fewshot=0;deduped=False;",
                "== pythia / lambada_openai  (config_num_fewshot=0;deduped=True;", "== opt / lambada_openai", "acc", "ppl",
                "sigmoid", "power_law", "composed", "via ppl: e = ln(ppl) power law", "summary by metric and route");
        // the held-out models are the two largest Pythia models
        assertThat(r.out()).contains("pythia-v1.1-12b", "pythia-v1.1-6.9b");
        System.out.println(r.out());
    }
}

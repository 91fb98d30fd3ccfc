package mirage.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import mirage.io.csv.CsvRecord;
import mirage.io.csv.StreamingCsvReader;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code mirage analyze} on the real public results in ../shared/data (skipped, with a message, when the
 * folder is absent). Every expected number can be checked by hand in the source files.
 */
class AnalyzeSharedDataTest {

    static Path data(String rel) {
        String root = System.getProperty("mirage.shared.data", "../shared/data");
        Path p = Path.of(root).resolve(rel);
        Assumptions.assumeTrue(Files.exists(p), "shared data not found at " + p + " (set -Dmirage.shared.data); skipped");
        return p;
    }

    static Path repo(String rel) {
        Path here = Path.of("").toAbsolutePath();
        for (Path p = here; p != null; p = p.getParent()) {
            if (Files.exists(p.resolve(rel))) {
                return p.resolve(rel);
            }
        }
        throw new IllegalStateException(rel + " not found above " + here);
    }

    /** Rows of a CSV as maps by column name. */
    static List<Map<String, String>> rows(Path csv) throws Exception {
        List<Map<String, String>> out = new ArrayList<>();
        try (StreamingCsvReader r = new StreamingCsvReader(Files.newInputStream(csv), csv.toString())) {
            String[] h = r.next().toArray();
            for (CsvRecord rec = r.next(); rec != null; rec = r.next()) {
                Map<String, String> m = new java.util.HashMap<>();
                for (int i = 0; i < h.length; i++) {
                    m.put(h[i], rec.get(i));
                }
                out.add(m);
            }
        }
        return out;
    }

    static CliTest.Run analyze(String... args) {
        long t0 = System.nanoTime();
        CliTest.Run r = CliTest.run(args);
        System.out.printf("mirage %s: %.2f s in the test JVM%n", String.join(" ", args), (System.nanoTime() - t0) / 1e9);
        assertThat(r.code()).as(r.err()).isZero();
        return r;
    }

    @Test
    void pythiaLambadaAccuracyRisesWhilePerplexityFalls(@TempDir Path out) throws Exception {
        Path in = data("pythia/final_checkpoints_pythia_v1_opt_bloom.csv");
        analyze("analyze", in.toString(), "--map", repo("examples/maps/pythia.map").toString(), "--all-steps", "--out", out.toString());
        String labels = "config_num_fewshot=0;deduped=False;params_kind=exact;shots=0;step=143000;suite=pythia-v1;task_version=0";
        List<Map<String, String>> lambada = rows(out.resolve("series.csv")).stream()
                .filter(m -> m.get("family").equals("pythia") && m.get("task").equals("lambada_openai") && m.get("labels").equals(labels))
                .toList();
        List<Map<String, String>> acc = lambada.stream().filter(m -> m.get("metric").equals("acc")).toList();
        List<Map<String, String>> ppl = lambada.stream().filter(m -> m.get("metric").equals("ppl")).toList();
        assertThat(acc).hasSize(7);
        assertThat(acc.get(0).get("model")).isEqualTo("EleutherAI/pythia-v1.1-70m");
        assertThat(Double.parseDouble(acc.get(0).get("value"))).isCloseTo(0.18, within(0.005));
        assertThat(acc.get(6).get("model")).isEqualTo("EleutherAI/pythia-v1.1-12b");
        assertThat(Double.parseDouble(acc.get(6).get("value"))).isCloseTo(0.70, within(0.005));
        assertThat(Double.parseDouble(ppl.get(0).get("value"))).isCloseTo(142.4, within(0.05));
        assertThat(Double.parseDouble(ppl.get(6).get("value"))).isCloseTo(3.92, within(0.005));
        Map<String, String> accRow = rows(out.resolve("emergence.csv")).stream()
                .filter(m -> m.get("family").equals("pythia") && m.get("task").equals("lambada_openai")
                        && m.get("metric").equals("acc") && m.get("shots").equals("0") && m.get("labels").contains("deduped=False"))
                .findFirst().orElseThrow();
        // reference: numpy 2.4.6, the paper's formula on the 7 accuracies: 7.012427795791057
        assertThat(Double.parseDouble(accRow.get("emergence_score"))).isCloseTo(7.012427795791057, within(1e-9));
        assertThat(accRow.get("n_models")).isEqualTo("7");
        // the verdict: acc against ppl on the same outputs (a perplexity is a partner of accuracy); the change is
        // spread over the steps: eta = 7.0124 / 6 = 1.17, its interval (per-point draws from the stderr) below 3
        assertThat(accRow.get("partner")).isEqualTo("ppl");
        assertThat(accRow.get("verdict")).isEqualTo("smooth");
        assertThat(Double.parseDouble(accRow.get("eta"))).isCloseTo(7.012427795791057 / 6, within(1e-9));
        assertThat(Double.parseDouble(accRow.get("eta_upper"))).isLessThan(3);
        List<Map<String, String>> verdicts = rows(out.resolve("verdicts.csv")).stream()
                .filter(m -> m.get("task").equals("lambada_openai")).toList();
        assertThat(verdicts).hasSize(6); // pythia (deduped or not, 0 or 5 shots), OPT, BLOOM
        assertThat(verdicts).allSatisfy(v -> {
            assertThat(v.get("partner")).isEqualTo("ppl");
            assertThat(v.get("eta_method")).startsWith("per point");
        });
        // every verdict of the run shares the Benjamini-Hochberg family of D's sharpness tests: the triplets whose
        // sharpness was tested (a sharp_p; none is beyond --max-verdicts here)
        List<Map<String, String>> all = rows(out.resolve("verdicts.csv"));
        String family = String.valueOf(all.stream().filter(v -> !v.get("sharp_p").isEmpty()).count());
        assertThat(all).allSatisfy(v -> assertThat(v.get("triplets")).isEqualTo(family));
        List<Map<String, String>> bt = rows(out.resolve("backtest.csv")).stream()
                .filter(m -> m.get("task").equals("lambada_openai") && m.get("metric").equals("acc")).toList();
        assertThat(bt).extracting(m -> m.get("route")).contains("sigmoid", "composed");
        assertThat(out.resolve("report.html")).exists();
        assertThat(Files.readString(out.resolve("report.html"))).contains("Prediction backtests");
    }

    @Test
    void pythiaEvalsReportTheShotsDisagreementAndRerunsAsDuplicates(@TempDir Path out) throws Exception {
        Path in = data("pythia/pythia_evals_long.csv.gz");
        CliTest.Run r = analyze("analyze", in.toString(), "--map", repo("examples/maps/pythia.map").toString(), "--all-steps",
                "--out", out.toString());
        // 90 v0 "five-shot" files say num_fewshot=0 in their own config (shared data README)
        assertThat(r.err()).contains("note: 11790 values (3930 series) say shots=5 but config_num_fewshot=0");
        // the same checkpoint evaluated twice (two files): 451 second values (python csv count over the regenerated
        // file of 2026-12-04: rows whose family, task, metric, labels and model were seen before)
        assertThat(r.err()).contains("skipped 451 rows");
        assertThat(r.out()).contains("analysed 210314 values in 53030 series");
    }

    /** On the params axis, each model's last checkpoint by default, said in a note; every step only on request. */
    @Test
    void pythiaCheckpointsDefaultToEachModelsLastOne(@TempDir Path out) throws Exception {
        Path in = data("pythia/pythia_evals_long.csv.gz");
        CliTest.Run r = analyze("analyze", in.toString(), "--map", repo("examples/maps/pythia.map").toString(), "--no-report",
                "--holdout", "0", "--out", out.toString());
        // python 3.11 csv over the file: 197,277 rows have a step below the largest step of their model, 42 models
        assertThat(r.err()).contains("checkpoints: 42 models have values at several training steps",
                "197277 values of earlier checkpoints are left out", "--all-steps");
        assertThat(Files.readString(out.resolve("series.csv"))).doesNotContain("step=");
        long series = Files.lines(out.resolve("emergence.csv")).count() - 1;
        assertThat(series).isLessThan(53030 / 10);
    }

    @Test
    void obsScalingIpaTransliterationExactMatchVersusBleuOnOpt(@TempDir Path out) throws Exception {
        Path dir = data("obsscaling");
        CliTest.Run r = analyze("analyze", dir.resolve("base_llm_emergent_capability_eval.csv").toString(),
                "--scales", dir.resolve("base_llm_benchmark_eval.csv").toString(),
                "--map", repo("examples/maps/obsscaling.map").toString(), "--out", out.toString());
        List<Map<String, String>> em = rows(out.resolve("emergence.csv"));
        Map<String, String> exact = em.stream().filter(m -> m.get("family").equals("OPT") && m.get("task").equals("ipa_transliterate")
                && m.get("metric").equals("exact_match")).findFirst().orElseThrow();
        Map<String, String> bleu = em.stream().filter(m -> m.get("family").equals("OPT") && m.get("task").equals("ipa_transliterate")
                && m.get("metric").equals("bleu")).findFirst().orElseThrow();
        // exact match is 0 for OPT 125m..13b, then 0.002 and 0.007: all change in the last two of seven steps
        assertThat(exact.get("status")).isEqualTo("STEP");
        assertThat(exact.get("n_models")).isEqualTo("8");
        assertThat(exact.get("shots")).isEqualTo("2");
        // BLEU on the same outputs moves at every step (0.07 .. 2.36): reference numpy 2.4.6: 25.026970581550714
        assertThat(Double.parseDouble(bleu.get("emergence_score"))).isCloseTo(25.026970581550714, within(1e-9));
        assertThat(Double.parseDouble(bleu.get("max_value"))).isCloseTo(2.3625677993485605, within(1e-12));
        assertThat(r.err()).contains("skipped 59 rows", "59 empty cell");
    }
}

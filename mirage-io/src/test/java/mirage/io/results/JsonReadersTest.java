package mirage.io.results;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** BIG-bench, lm-evaluation-harness results (both key styles) and samples, mirage samples. */
class JsonReadersTest {

    static Collected read(String fixture) throws IOException {
        Collected c = new Collected();
        Path p = Collected.fixture(fixture);
        ResultReaders.FileRead r = ResultReaders.read(p, ResultFormat.AUTO, false, c.context(ColumnMap.EMPTY));
        assertThat(r.sha256()).hasSize(64);
        return c;
    }

    @Test
    void bigBench() throws IOException {
        Collected c = read("bigbench/ipa_toy/results/scores_BIG-G_T=0_8b.json");
        assertThat(c.rows).hasSize(6);
        Collected.Row bleu = c.one("BIG-G T=0", "8b", "ipa_toy", "bleu", Map.of("shots", "0"));
        assertThat(bleu.m().value().value()).as("kept on BIG-bench's 0-100 scale").isEqualTo(12.5);
        assertThat(bleu.m().model().scale().params()).isEqualTo(8.5e9);
        assertThat(bleu.m().model().scale().nonEmbeddingParams()).isEqualTo(8e9);
        assertThat(bleu.line()).isEqualTo(20);
        Collected.Row sub = c.one("BIG-G T=0", "8b", "ipa_toy", "exact_str_match", Map.of("shots", "2", "subtask", "words"));
        assertThat(sub.m().value().value()).isEqualTo(0.05);
        assertThat(c.log.count()).isZero();
    }

    @Test
    void lmEvalOldStyle() throws IOException {
        Collected c = read("lmeval_old/pythia-160m.json");
        assertThat(c.rows).hasSize(4);
        // the step is part of the scale (the analysis makes it a label unless it is the axis)
        Collected.Row ppl = c.one("pythia", "EleutherAI/pythia-160m", "lambada_openai", "ppl", Map.of("shots", "0"));
        assertThat(ppl.m().value().value()).isEqualTo(38.5);
        assertThat(ppl.m().value().stderr()).isEqualTo(1.5);
        assertThat(ppl.m().model().scale().params()).as("nominal, from the name").isEqualTo(1.6e8);
        assertThat(ppl.m().model().scale().step()).isEqualTo(143000);
        assertThat(ppl.line()).isEqualTo(4);
    }

    @Test
    void lmEvalNewStyleWithFiltersNsamplesAndNA() throws IOException {
        Collected c = read("lmeval/EleutherAI__pythia-70m/results_2024-05-01T10-00-00.000001.json");
        Collected.Row acc = c.one("pythia", "EleutherAI/pythia-70m", "arc_easy", "acc", Map.of("shots", "0"));
        assertThat(acc.m().value().n()).isEqualTo(2);
        assertThat(acc.m().value().stderr()).isEqualTo(0.25);
        assertThat(acc.m().model().scale().params()).as("model_num_parameters").isEqualTo(70426624);
        Collected.Row norm = c.one("pythia", "EleutherAI/pythia-70m", "arc_easy", "acc_norm", Map.of("shots", "0"));
        assertThat(norm.m().value().stderr()).as("N/A stderr is unknown").isNaN();
        Collected.Row flex = c.one("pythia", "EleutherAI/pythia-70m", "gsm8k", "exact_match", Map.of("shots", "5", "filter", "flexible-extract"));
        assertThat(flex.m().value().value()).isEqualTo(0.5);
        assertThat(c.rows).hasSize(6);
    }

    @Test
    void lmEvalSamplesAreRescoredWithMiragesMetrics() throws IOException {
        Collected c = read("lmeval/EleutherAI__pythia-70m/samples_arc_easy_2024-05-01T10-00-00.000001.jsonl");
        Map<String, String> zero = Map.of("shots", "0");
        // reference values: numpy 2.4.6 softmax of the per-choice log-likelihoods (see the test's fixture)
        // the harness's acc and mirage's re-scored accuracy of the same documents agree: one series, the harness's name
        assertThat(c.one("pythia", "EleutherAI/pythia-70m", "arc_easy", "acc", zero).m().value().value()).isEqualTo(0.5);
        assertThat(c.rows.stream().filter(r -> r.m().metric().equals("accuracy")).count()).isZero();
        assertThat(c.one("pythia", "EleutherAI/pythia-70m", "arc_easy", "multiple_choice_grade", zero).m().value().value()).isEqualTo(0.5);
        assertThat(c.one("pythia", "EleutherAI/pythia-70m", "arc_easy", "choice_prob", zero).m().value().value())
                .isCloseTo(0.46709118857240844, within(1e-12));
        assertThat(c.one("pythia", "EleutherAI/pythia-70m", "arc_easy", "brier_score", zero).m().value().value())
                .isCloseTo(0.6244772185589036, within(1e-12));
        // the harness's own per-document values, averaged
        assertThat(c.one("pythia", "EleutherAI/pythia-70m", "arc_easy", "acc_norm", zero).m().value().value()).isEqualTo(0.75);
        assertThat(c.one("pythia", "EleutherAI/pythia-70m", "arc_easy", "acc_norm", zero).m().value().n()).isEqualTo(2);
        // said so
        assertThat(c.log.notes()).anySatisfy(n -> assertThat(n).contains("agree", "acc = mirage's accuracy"));
        assertThat(c.log.count()).isZero();
    }

    @Test
    void lmEvalSingleContinuationAndGeneratedSamples() throws IOException {
        Collected c = read("lmeval/EleutherAI__pythia-70m/samples_lambada_openai_2024-05-01T10-00-00.000001.jsonl");
        Map<String, String> zero = Map.of("shots", "0");
        // one log-likelihood per document: the whole continuation's probability (target_prob, not linear); the
        // per-token metrics (target_logprob, token_prob: a mean over tokens) cannot be computed from one total
        assertThat(c.one("pythia", "EleutherAI/pythia-70m", "lambada_openai", "target_prob", zero).m().value().value())
                .isCloseTo(0.3, within(1e-12));
        assertThat(c.rows).noneSatisfy(r -> assertThat(r.m().metric()).isIn("target_logprob", "token_prob"));
        assertThat(c.log.notes()).anySatisfy(n -> assertThat(n).contains("one log-likelihood", "not per token"));
        // the harness's per-document "perplexity" is a log-likelihood (-ln 2, -ln 10) aggregated as exp(-mean):
        // exp((ln 2 + ln 10) / 2) = sqrt(20), not the mean of the per-document numbers
        assertThat(c.one("pythia", "EleutherAI/pythia-70m", "lambada_openai", "perplexity", zero).m().value().value())
                .isCloseTo(Math.sqrt(20), within(1e-12));
        Collected g = read("lmeval/EleutherAI__pythia-70m/samples_gsm8k_2024-05-01T10-00-00.000001.jsonl");
        assertThat(g.one("pythia", "EleutherAI/pythia-70m", "gsm8k", "exact_match", Map.of("shots", "5", "filter", "flexible-extract"))
                .m().value().value()).isEqualTo(0.5);
        assertThat(g.one("pythia", "EleutherAI/pythia-70m", "gsm8k", "exact_match", Map.of("shots", "5", "filter", "strict-match"))
                .m().value().value()).isEqualTo(0.0);
        assertThat(g.rows.stream().filter(r -> r.m().metric().equals("char_edit_distance")).count()).isEqualTo(2);
    }

    /** A real Pythia v0 file of GPT-NeoX's evaluate.py (trimmed: 4 of its 155 tasks, 6 of its ~200 model_args). */
    @Test
    void gptNeoxEvaluateFilesTakeTheModelFromTheFileNameAndTheStepFromIteration() throws IOException {
        Collected c = read("pythia_v0/pythia-160m-0shot-global_step1500_eval_results_12-30-2022-23-06-34.json");
        Collected.Row sciq = c.one("pythia", "pythia-160m", "sciq", "acc", Map.of("shots", "0"));
        assertThat(sciq.m().value().value()).isEqualTo(0.603);
        assertThat(sciq.m().model().scale().step()).isEqualTo(1500);
        assertThat(sciq.m().model().scale().params()).as("nominal, from the name").isEqualTo(1.6e8);
        assertThat(c.rows).noneSatisfy(r -> assertThat(r.m().model().name()).isEqualTo("neox"));
        assertThat(c.rows).hasSize(7);
        // without a usable file name, the checkpoint folder of model_args.load
        assertThat(LmEvalResultsReader.neoxModel("x/results.json", "/fsx/hailey/pythia/ckpts/125M_new/")).isEqualTo("125M_new");
        assertThat(LmEvalResultsReader.neoxModel("pythia-1.4b-5shot-global_step51500_eval_results_12-29-2022-16-51-02.json", null))
                .isEqualTo("pythia-1.4b");
        assertThat(LmEvalResultsReader.neoxModel("pythia-2.8b-0shot-global_step63000__eval_results_11-25-2022-03-37-35.json", null))
                .isEqualTo("pythia-2.8b");
    }

    /** lm-eval 0.4.13 writes config.model_args as an object (local-completions: model, base_url); no model_name here. */
    @Test
    void lmEvalModelArgsAsAnObjectNameTheModel(@org.junit.jupiter.api.io.TempDir Path dir) throws IOException {
        Path f = dir.resolve("results_2026-01-01T00-00-00.000001.json");
        Files.writeString(f, "{\"results\": {\"t\": {\"name\": \"t\", \"alias\": \"t\", \"sample_len\": 3, \"acc,none\": 0.5}},"
                + " \"config\": {\"model\": \"local-completions\", \"model_args\": {\"model\": \"fam/m-70m\","
                + " \"base_url\": \"http://127.0.0.1:8000/v1/completions\"}}}");
        Collected c = new Collected();
        ResultReaders.read(f, ResultFormat.AUTO, false, c.context(ColumnMap.EMPTY));
        assertThat(c.rows).singleElement().satisfies(r -> {
            assertThat(r.m().model().name()).isEqualTo("fam/m-70m");
            assertThat(r.m().metric()).isEqualTo("acc");
        });
    }

    /** lm-eval >= 0.4 writes bookkeeping beside each task's values: its name, its alias, how many samples were logged. */
    @Test
    void lmEvalBookkeepingFieldsAreNotValues() throws IOException {
        Collected c = read("lmeval/EleutherAI__pythia-70m/results_2024-05-01T10-00-00.000001.json");
        assertThat(c.rows).noneSatisfy(r -> assertThat(r.m().metric()).isIn("name", "alias", "sample_len", "samples"));
        assertThat(c.log.count()).as("nothing skipped: bookkeeping is not a bad value").isZero();
    }

    @Test
    void miragePerSampleJsonlIsScored() throws IOException {
        Collected c = read("samples.jsonl");
        assertThat(c.one("toy", "toy-1m", "yesno", "accuracy", Map.of()).m().value().value()).isEqualTo(0.5);
        assertThat(c.one("toy", "toy-1m", "add", "exact_match", Map.of()).m().value().value()).isEqualTo(0.0);
        assertThat(c.one("toy", "toy-1m", "add", "token_edit_distance", Map.of()).m().value().value()).isEqualTo(1.0);
    }

    @Test
    void formatsAreDetected() throws IOException {
        Map<String, ResultFormat> expect = Map.of(
                "long.csv", ResultFormat.LONG, "long.jsonl", ResultFormat.LONG, "wide.csv", ResultFormat.WIDE,
                "bigbench/ipa_toy/results/scores_BIG-G_T=0_8b.json", ResultFormat.BIGBENCH,
                "lmeval_old/pythia-160m.json", ResultFormat.LMEVAL_RESULTS,
                "lmeval/EleutherAI__pythia-70m/samples_gsm8k_2024-05-01T10-00-00.000001.jsonl", ResultFormat.LMEVAL_SAMPLES,
                "samples.jsonl", ResultFormat.SAMPLES);
        for (Map.Entry<String, ResultFormat> e : expect.entrySet()) {
            byte[] head;
            try (InputStream in = Files.newInputStream(Collected.fixture(e.getKey()))) {
                head = in.readAllBytes();
            }
            assertThat(ResultReaders.detect(head, true, ColumnMap.EMPTY, e.getKey()).format()).as(e.getKey()).isEqualTo(e.getValue());
        }
        // a directory: every result file under it, sorted
        List<Path> files = ResultReaders.expand(Collected.fixture("lmeval"));
        assertThat(files).hasSize(4);
        assertThat(files.get(0).getFileName().toString()).startsWith("results_");
    }
}

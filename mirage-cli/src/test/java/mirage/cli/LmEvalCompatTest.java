package mirage.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.stream.Stream;
import mirage.train.serve.CompletionEngine;
import mirage.train.serve.ServedModel;
import mirage.train.serve.TrainedModels;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The real output of lm-evaluation-harness 0.4.13 ({@code local-completions} with its default settings) and of
 * the {@code openai} package (3.22.1), run by {@code compat/lmeval-roundtrip.sh --fixtures} against {@code mirage
 * serve} for a three-model family trained there (weights in the fixture): mirage reads lm-eval's files right, and
 * the numbers lm-eval computed from the served answers are those of the models run in process.
 */
class LmEvalCompatTest {
    static final ObjectMapper JSON = new ObjectMapper();
    static Path root;
    static TrainedModels.Loaded loaded;

    @BeforeAll
    static void load() throws URISyntaxException, IOException {
        root = Path.of(LmEvalCompatTest.class.getResource("lmeval-0.4.13").toURI());
        loaded = TrainedModels.load(root.resolve("train"));
    }

    @AfterAll
    static void close() {
        if (loaded != null) {
            loaded.models().forEach(ServedModel::close);
        }
    }

    static List<JsonNode> lines(Path p) throws IOException {
        List<JsonNode> out = new ArrayList<>();
        for (String l : Files.readAllLines(p)) {
            out.add(JSON.readTree(l));
        }
        return out;
    }

    static Path one(Path dir, String prefix) throws IOException {
        try (Stream<Path> s = Files.list(dir)) {
            return s.filter(p -> p.getFileName().toString().startsWith(prefix)).findFirst().orElseThrow();
        }
    }

    static ServedModel model(String id) {
        return loaded.models().stream().filter(m -> m.id().equals(id)).findFirst().orElseThrow();
    }

    /** log p(cont | ctx) and whether every continuation token was the most probable, in process. */
    static double[] inProcess(ServedModel m, String ctx, String cont) {
        CompletionEngine.Result r = m.engine().complete(ctx + cont, true, 0, 0, new SplittableRandom(0), List.of(), 20);
        double sum = 0;
        boolean greedy = true;
        for (int i = ctx.length(); i < r.prompt().size(); i++) {
            CompletionEngine.Token t = r.prompt().get(i);
            sum += t.logprob();
            greedy &= t.top().get(0).token().equals(t.text()) || t.top().get(0).logprob() == t.logprob();
        }
        return new double[] {sum, greedy ? 1 : 0};
    }

    @Test
    void theLogLikelihoodsLmEvalComputedFromServedAnswersAreTheInProcessOnes() throws IOException {
        int docs = 0;
        double worst = 0;
        for (ServedModel m : loaded.models()) {
            Path dir = root.resolve("lmeval").resolve(m.id().replace("/", "__"));
            for (String task : List.of("samples_mirage_add_ll_", "samples_mirage_add_mc_")) {
                for (JsonNode d : lines(one(dir, task))) {
                    JsonNode args = d.get("arguments");
                    for (int k = 0; k < args.size(); k++) {
                        JsonNode a = args.get("gen_args_" + k);
                        String ctx = a.get("arg_0").asText();
                        String cont = a.get("arg_1").asText();
                        JsonNode resp = d.get("filtered_resps").get(k);
                        double harness = Double.parseDouble(resp.get(0).asText());
                        boolean harnessGreedy = Boolean.parseBoolean(resp.get(1).asText().toLowerCase());
                        double[] mine = inProcess(m, ctx, cont);
                        // float32 values summed: the server writes each as its shortest decimal, lm-eval sums in doubles
                        assertThat(harness).as(m.id() + " " + ctx + cont).isCloseTo(mine[0], within(1e-5));
                        assertThat(harnessGreedy).as(m.id() + " " + ctx + cont + " is_greedy").isEqualTo(mine[1] == 1);
                        worst = Math.max(worst, Math.abs(harness - mine[0]));
                        docs++;
                    }
                }
            }
        }
        assertThat(docs).isEqualTo(3 * (33 + 33 * 4));
        System.out.printf("lm-eval 0.4.13 vs in process: %d log-likelihoods, largest difference %.2e nats%n", docs, worst);
    }

    @Test
    void greedyGenerationsAndLogLikelihoodAccuracyAgree() throws IOException {
        for (ServedModel m : loaded.models()) {
            Path dir = root.resolve("lmeval").resolve(m.id().replace("/", "__"));
            Map<String, Boolean> greedyRight = new HashMap<>();
            for (JsonNode d : lines(one(dir, "samples_mirage_add_gen_"))) {
                String ctx = d.get("arguments").get("gen_args_0").get("arg_0").asText();
                String harness = d.get("filtered_resps").get(0).asText();
                String mine = m.engine().complete(ctx, false, 6, 0, new SplittableRandom(0), List.of("$"), -1).text();
                assertThat(harness).as(m.id() + " " + ctx).isEqualTo(mine);
                greedyRight.put(ctx, harness.equals(d.get("target").asText()));
            }
            // acc of a log-likelihood request is "every answer token was the greedy one": the same items as exact match of
            // greedy generation (before the end mark was returned, lm-eval cut the last answer token and these disagreed)
            for (JsonNode d : lines(one(dir, "samples_mirage_add_ll_"))) {
                String ctx = d.get("arguments").get("gen_args_0").get("arg_0").asText();
                assertThat(d.get("acc").asInt() == 1).as(m.id() + " " + ctx).isEqualTo(greedyRight.get(ctx));
            }
            JsonNode results = JSON.readTree(one(dir, "results_").toFile()).get("results");
            assertThat(results.get("mirage_add_ll").get("acc,none").asDouble())
                    .isEqualTo(results.get("mirage_add_gen").get("exact_match,none").asDouble());
        }
    }

    @Test
    void theOpenAiPackagesChecksPassed() throws IOException {
        JsonNode o = JSON.readTree(root.resolve("openai.json").toFile());
        assertThat(o.get("failures")).isEmpty();
        assertThat(o.get("models")).hasSize(3);
        assertThat(o.get("top_p_0.5").asText()).startsWith("400").contains("top_p");
        ServedModel m = model(o.get("model").asText());
        for (JsonNode it : o.get("items")) {
            double[] mine = inProcess(m, it.get("prompt").asText(), it.get("target").asText());
            assertThat(it.get("loglik_max_tokens_0").asDouble()).isCloseTo(mine[0], within(1e-5));
            assertThat(it.get("loglik_max_tokens_1_harness").asDouble()).isCloseTo(mine[0], within(1e-5));
        }
    }

    @Test
    void analyzeReadsLmEvalsOutputWithTheServedIdsJoinedToModelsCsv(@TempDir Path out) throws IOException {
        CliTest.Run r = CliTest.run("analyze", root.resolve("lmeval").toString(), "--scales",
                root.resolve("train/models.csv").toString(), "--out", out.toString(), "--no-report", "--holdout", "0");
        assertThat(r.code()).as(r.err()).isZero();
        List<String> series = Files.readAllLines(out.resolve("series.csv"));
        // the results' bookkeeping (name, alias, sample_len) is not a metric
        assertThat(series).noneMatch(l -> l.contains(",sample_len,") || l.contains(",name,") || l.contains(",alias,"));
        // FAMILY/NAME ids joined to models.csv's family and model columns: three sizes per curve
        assertThat(series).anyMatch(l -> l.startsWith("mirage-add4,mirage_add_mc,acc,shots=0,params,mirage-add4/w32-l2,26432,"));
        // the results file's acc and the samples' (harness acc = mirage's re-scored accuracy) are one series
        assertThat(series).noneMatch(l -> l.contains(",mirage_add_mc,accuracy,"));
        assertThat(Files.readString(out.resolve("skipped.csv"))).contains("(the same)");
        List<String> emergence = Files.readAllLines(out.resolve("emergence.csv"));
        assertThat(emergence).anyMatch(l -> l.startsWith("mirage-add4,mirage_add_gen,exact_match,0,,3,"));
        // one-value log-likelihoods: the whole answer's probability, no per-token metric
        assertThat(emergence).anyMatch(l -> l.startsWith("mirage-add4,mirage_add_ll,target_prob,"));
        assertThat(emergence).noneMatch(l -> l.startsWith("mirage-add4,mirage_add_ll,token_prob,"));
    }

    @Test
    void withoutScalesTheAnalysisSaysWhatIsMissingAndExitsTwo(@TempDir Path out) {
        CliTest.Run r = CliTest.run("analyze", root.resolve("lmeval").toString(), "--out", out.toString(), "--no-report");
        assertThat(r.code()).isEqualTo(2);
        String last = r.err().strip().lines().reduce((a, b) -> b).orElse("");
        assertThat(last).contains("nothing to analyse", "has a model with params", "mirage-add4/w16-l1", "--scales FILE",
                "model,params");
    }

    @Test
    void scoreOnAnLmEvalSamplesFilePointsToAnalyze() throws IOException {
        Path f = one(root.resolve("lmeval/mirage-add4__w16-l1"), "samples_mirage_add_mc_");
        CliTest.Run r = CliTest.run("score", f.toString());
        assertThat(r.code()).isEqualTo(2);
        assertThat(r.err()).hasLineCount(1).contains("lm-evaluation-harness", "mirage analyze");
    }
}

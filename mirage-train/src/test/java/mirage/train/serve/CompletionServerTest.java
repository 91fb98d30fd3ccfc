package mirage.train.serve;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import mirage.train.Autograd;
import mirage.train.Gpt;
import mirage.train.Progress;
import mirage.train.TorchEngine;
import mirage.train.arith.ArithmeticExperiment;
import mirage.train.arith.ArithmeticTask;
import mirage.train.arith.CharVocab;
import mirage.train.arith.ModelSpec;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * mirage serve's HTTP API on a tiny family trained here (two models, 80 steps): the fields OpenAI's
 * completions API defines, cross-checked against the transformer's own forward pass, and the errors.
 */
class CompletionServerTest {
    static final ObjectMapper JSON = new ObjectMapper();
    @TempDir
    static Path dir;
    static TrainedModels.Loaded loaded;
    static CompletionServer server;
    static final HttpClient HTTP = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

    @BeforeAll
    static void trainAndServe() throws Exception {
        ArithmeticExperiment.Settings s = new ArithmeticExperiment.Settings(ArithmeticTask.ADD, "tiny",
                List.of(ModelSpec.of(8, 1), ModelSpec.of(16, 1)), 80, 16, 5, 3, 1000, 64, 1, 3.0, Double.NaN, false);
        ArithmeticExperiment.run(s, dir.resolve("run"), false, 2, Progress.NONE, new PrintWriter(new StringWriter()), null);
        loaded = TrainedModels.load(dir.resolve("run"));
        server = CompletionServer.start(loaded.models(), new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 4,
                new PrintStream(new java.io.ByteArrayOutputStream()));
    }

    @AfterAll
    static void stop() {
        if (server != null) {
            server.close();
        }
        if (loaded != null) {
            loaded.models().forEach(ServedModel::close);
        }
    }

    record Answer(int status, JsonNode body) {
    }

    static Answer post(String json) throws Exception {
        return send(HttpRequest.newBuilder(URI.create(server.baseUrl() + "/completions"))
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(json)).build());
    }

    static Answer send(HttpRequest r) throws Exception {
        HttpResponse<String> resp = HTTP.send(r, HttpResponse.BodyHandlers.ofString());
        return new Answer(resp.statusCode(), JSON.readTree(resp.body()));
    }

    static JsonNode ok(String json) throws Exception {
        Answer a = post(json);
        assertThat(a.status()).as(a.body().toString()).isEqualTo(200);
        return a.body();
    }

    /** log p(token i | tokens before) from one full forward pass of the model, outside the server. */
    static double[] directLogprobs(String model, String text) {
        ServedModel m = loaded.models().stream().filter(x -> x.id().equals(model)).findFirst().orElseThrow();
        long[] ids = CompletionEngine.encode(text);
        int v = CharVocab.SIZE;
        try (Autograd off = Autograd.off(); NDManager nm = TorchEngine.newManager()) {
            Gpt g = m.gpt();
            float[] lp = g.forward(nm.create(ids, new Shape(1, ids.length))).logSoftmax(-1).toFloatArray();
            double[] out = new double[ids.length];
            out[0] = Double.NaN;
            for (int i = 1; i < ids.length; i++) {
                out[i] = lp[(i - 1) * v + (int) ids[i]];
            }
            return out;
        }
    }

    @Test
    void listsTheTrainedModelsWithTheirFacts() throws Exception {
        Answer a = send(HttpRequest.newBuilder(URI.create(server.baseUrl() + "/models")).GET().build());
        assertThat(a.status()).isEqualTo(200);
        assertThat(a.body().get("object").asText()).isEqualTo("list");
        List<String> ids = new ArrayList<>();
        a.body().get("data").forEach(d -> ids.add(d.get("id").asText()));
        assertThat(ids).containsExactly("tiny/w8-l1", "tiny/w16-l1");
        JsonNode m = a.body().get("data").get(1);
        assertThat(m.get("object").asText()).isEqualTo("model");
        assertThat(m.get("owned_by").asText()).isEqualTo("mirage");
        assertThat(m.get("mirage").get("params").asLong()).isEqualTo(ModelSpec.of(16, 1).config(ArithmeticTask.ADD).params());
        assertThat(m.get("mirage").get("task").asText()).isEqualTo("add4");
        assertThat(m.get("mirage").get("context").asInt()).isEqualTo(15);
        assertThat(m.get("mirage").get("step").asInt()).isEqualTo(80);
        Answer one = send(HttpRequest.newBuilder(URI.create(server.baseUrl() + "/models/tiny%2Fw8-l1")).GET().build());
        assertThat(one.body().get("id").asText()).isEqualTo("tiny/w8-l1");
        // issue 17: nothing of the server's file system (the run folder's path, its name) is shown
        String root = dir.toAbsolutePath().toString();
        assertThat(a.body().toString()).doesNotContain(root).doesNotContain(dir.getFileName().toString()).doesNotContain("\"run\"");
        assertThat(one.body().toString()).doesNotContain(root);
        Answer health = send(HttpRequest.newBuilder(URI.create(server.baseUrl().replace("/v1", "/health"))).GET().build());
        assertThat(health.status()).isEqualTo(200);
    }

    @Test
    void echoGivesThePromptTokensWithTheModelsLogprobsFirstNull() throws Exception {
        JsonNode r = ok("{\"model\":\"tiny/w16-l1\",\"prompt\":\"12+34=46\",\"max_tokens\":0,\"echo\":true,\"logprobs\":2}");
        assertThat(r.get("object").asText()).isEqualTo("text_completion");
        assertThat(r.get("model").asText()).isEqualTo("tiny/w16-l1");
        JsonNode c = r.get("choices").get(0);
        assertThat(c.get("index").asInt()).isZero();
        assertThat(c.get("text").asText()).isEqualTo("12+34=46");
        assertThat(c.get("finish_reason").asText()).isEqualTo("length");
        JsonNode lp = c.get("logprobs");
        List<String> tokens = new ArrayList<>();
        lp.get("tokens").forEach(t -> tokens.add(t.asText()));
        assertThat(tokens).containsExactly("1", "2", "+", "3", "4", "=", "4", "6");
        assertThat(lp.get("token_logprobs").get(0).isNull()).isTrue();
        assertThat(lp.get("top_logprobs").get(0).isNull()).isTrue();
        double[] direct = directLogprobs("tiny/w16-l1", "12+34=46");
        for (int i = 1; i < 8; i++) {
            assertThat(lp.get("token_logprobs").get(i).asDouble()).isCloseTo(direct[i], within(1e-6));
            JsonNode top = lp.get("top_logprobs").get(i);
            assertThat(top.size()).isBetween(2, 3); // the 2 most probable, plus the actual token when it is not among them
            assertThat(top.has(tokens.get(i))).isTrue();
            double best = -Double.MAX_VALUE;
            for (var it = top.fields(); it.hasNext();) {
                best = Math.max(best, it.next().getValue().asDouble());
            }
            assertThat(best).isGreaterThanOrEqualTo(direct[i] - 1e-9);
            assertThat(lp.get("text_offset").get(i).asInt()).isEqualTo(i);
        }
        assertThat(r.get("usage").get("prompt_tokens").asInt()).isEqualTo(8);
        assertThat(r.get("usage").get("completion_tokens").asInt()).isZero();
    }

    @Test
    void greedyGenerationAgreesWithTheFullForwardPassAndEndsAtTheEndMark() throws Exception {
        int nonEmpty = 0;
        for (String prompt : List.of("3+4=", "12+34=", "567+89=", "1234+5678=", "9+9=")) {
            JsonNode r = ok("{\"model\":\"w16-l1\",\"prompt\":\"" + prompt + "\",\"max_tokens\":6,\"temperature\":0,\"logprobs\":1}");
            JsonNode c = r.get("choices").get(0);
            String text = c.get("text").asText();
            assertThat(text).matches("[0-9+*=]*");
            JsonNode lp = c.get("logprobs");
            boolean endMark = c.get("finish_reason").asText().equals("stop");
            // the end mark, when generated, is a token of its own after the text (as vLLM's end-of-sequence token)
            assertThat(lp.get("tokens").size()).isEqualTo(text.length() + (endMark ? 1 : 0));
            if (endMark) {
                assertThat(lp.get("tokens").get(text.length()).asText()).isEqualTo("$");
            }
            assertThat(lp.get("text_offset").get(0) == null || lp.get("text_offset").get(0).asInt() == prompt.length()).isTrue();
            // the same text scored in one pass: each generated token has the same log-probability and was the most probable
            JsonNode e = ok("{\"model\":\"tiny/w16-l1\",\"prompt\":\"" + prompt + text + "\",\"max_tokens\":1,\"temperature\":0,"
                    + "\"echo\":true,\"logprobs\":15}").get("choices").get(0);
            JsonNode elp = e.get("logprobs");
            for (int k = 0; k < text.length(); k++) {
                int pos = prompt.length() + k;
                assertThat(lp.get("token_logprobs").get(k).asDouble()).isCloseTo(elp.get("token_logprobs").get(pos).asDouble(), within(1e-5));
                double chosen = elp.get("token_logprobs").get(pos).asDouble();
                for (var it = elp.get("top_logprobs").get(pos).fields(); it.hasNext();) {
                    assertThat(it.next().getValue().asDouble()).isLessThanOrEqualTo(chosen + 1e-6);
                }
            }
            if (c.get("finish_reason").asText().equals("stop")) {
                // it stopped because the end mark was the most probable next token: continuing the text gives nothing more
                assertThat(e.get("text").asText()).isEqualTo(prompt + text);
                assertThat(e.get("finish_reason").asText()).isEqualTo("stop");
            } else {
                assertThat(text).hasSize(Math.min(6, 15 - prompt.length() + 1));
            }
            nonEmpty += text.isEmpty() ? 0 : 1;
        }
        assertThat(nonEmpty).isPositive();
    }

    @Test
    void stopSequencesAreCutAndGenerationEndsAtTheContext() throws Exception {
        JsonNode free = ok("{\"model\":\"tiny/w16-l1\",\"prompt\":\"56+78=\",\"max_tokens\":3,\"temperature\":0}").get("choices").get(0);
        String text = free.get("text").asText();
        assertThat(free.get("logprobs").isNull()).isTrue();
        assertThat(text).isNotEmpty();
        String stop = text.substring(text.length() - 1);
        JsonNode cut = ok("{\"model\":\"tiny/w16-l1\",\"prompt\":\"56+78=\",\"max_tokens\":3,\"temperature\":0,\"stop\":[\"" + stop
                + "\",\"\\n\"],\"logprobs\":0}").get("choices").get(0);
        assertThat(cut.get("text").asText()).isEqualTo(text.substring(0, text.indexOf(stop)));
        assertThat(cut.get("finish_reason").asText()).isEqualTo("stop");
        assertThat(cut.get("logprobs").get("tokens").size()).isEqualTo(cut.get("text").asText().length());
        // 14 prompt tokens in a context of 15: at most 2 tokens fit (the second needs 15 positions read)
        JsonNode full = ok("{\"model\":\"tiny/w8-l1\",\"prompt\":\"1234+5678=1234\",\"max_tokens\":50,\"temperature\":0}").get("choices").get(0);
        assertThat(full.get("text").asText().length()).isLessThanOrEqualTo(2);
    }

    @Test
    void sampledTokensFollowTheModelsDistributionAndRepeatWithTheSeed() throws Exception {
        StringBuilder prompts = new StringBuilder("[");
        int n = 1000;
        for (int i = 0; i < n; i++) {
            prompts.append(i == 0 ? "" : ",").append("\"7+8=\"");
        }
        prompts.append(']');
        String req = "{\"model\":\"tiny/w8-l1\",\"prompt\":" + prompts + ",\"max_tokens\":1,\"temperature\":1,\"seed\":11}";
        JsonNode a = ok(req);
        JsonNode b = ok(req);
        assertThat(a.get("choices").size()).isEqualTo(n);
        int[] counts = new int[CharVocab.SIZE];
        for (int i = 0; i < n; i++) {
            JsonNode c = a.get("choices").get(i);
            assertThat(c.get("index").asInt()).isEqualTo(i);
            assertThat(c.get("text").asText()).isEqualTo(b.get("choices").get(i).get("text").asText());
            String t = c.get("text").asText();
            counts[t.isEmpty() ? CharVocab.EOS : t.equals("_") ? CharVocab.PAD : CharVocab.id(t.charAt(0))]++;
        }
        JsonNode dist = ok("{\"model\":\"tiny/w8-l1\",\"prompt\":\"7+8=\",\"max_tokens\":1,\"temperature\":0,\"logprobs\":15}")
                .get("choices").get(0).get("logprobs").get("top_logprobs").get(0);
        double total = 0;
        for (var it = dist.fields(); it.hasNext();) {
            var e = it.next();
            double p = Math.exp(e.getValue().asDouble());
            total += p;
            int id = e.getKey().equals("_") ? CharVocab.PAD : CharVocab.id(e.getKey().charAt(0));
            double sd = Math.sqrt(p * (1 - p) / n);
            assertThat(counts[id] / (double) n).as("token %s", e.getKey()).isCloseTo(p, within(5 * sd + 0.002));
        }
        assertThat(total).isCloseTo(1.0, within(1e-4));
    }

    @Test
    void badRequestsGetOpenAiStyleErrors() throws Exception {
        Answer unknown = post("{\"model\":\"nope\",\"prompt\":\"1+1=\"}");
        assertThat(unknown.status()).isEqualTo(404);
        assertThat(unknown.body().get("error").get("code").asText()).isEqualTo("model_not_found");
        assertThat(unknown.body().get("error").get("message").asText()).contains("tiny/w8-l1");
        Answer space = post("{\"model\":\"tiny/w8-l1\",\"prompt\":\"Q: 1+1=\"}");
        assertThat(space.status()).isEqualTo(400);
        assertThat(space.body().get("error").get("param").asText()).isEqualTo("prompt");
        assertThat(space.body().get("error").get("type").asText()).isEqualTo("invalid_request_error");
        assertThat(space.body().get("error").get("message").asText()).contains("'Q' at position 0", "vocabulary");
        assertThat(post("{\"model\":\"tiny/w8-l1\",\"prompt\":\"12345678+12345678=\"}").body().get("error").get("message").asText())
                .contains("context is 15");
        assertThat(post("{\"model\":\"tiny/w8-l1\",\"prompt\":\"\"}").status()).isEqualTo(400);
        assertThat(post("{\"model\":\"tiny/w8-l1\"}").body().get("error").get("param").asText()).isEqualTo("prompt");
        assertThat(post("{\"prompt\":\"1+1=\"}").body().get("error").get("param").asText()).isEqualTo("model");
        assertThat(post("{\"model\":\"tiny/w8-l1\",\"prompt\":\"1+1=\",\"n\":2}").body().get("error").get("param").asText()).isEqualTo("n");
        assertThat(post("{\"model\":\"tiny/w8-l1\",\"prompt\":\"1+1=\",\"stream\":true}").status()).isEqualTo(400);
        assertThat(post("{\"model\":\"tiny/w8-l1\",\"prompt\":\"1+1=\",\"max_tokens\":-1}").status()).isEqualTo(400);
        assertThat(post("{\"model\":\"tiny/w8-l1\",\"prompt\":\"1+1=\",\"temperature\":3}").status()).isEqualTo(400);
        assertThat(post("{\"model\":\"tiny/w8-l1\",\"prompt\":\"1+1=\",\"logprobs\":99}").status()).isEqualTo(400);
        assertThat(post("{\"model\":\"tiny/w8-l1\",\"prompt\":[0,2]}").body().get("error").get("message").asText())
                .contains("token id 0 at position 0");
        assertThat(post("{\"model\":\"tiny/w8-l1\",\"prompt\":[[2,11],[\"1+1=\"]]}").status()).isEqualTo(400);
        assertThat(post("{\"model\":\"tiny/w8-l1\",\"prompt\":[2,11,-1]}").status()).isEqualTo(400);
        assertThat(post("{\"model\":\"tiny/w8-l1\",\"prompt\":\"1+1=\",\"stop\":[\"1\",\"2\",\"3\",\"4\",\"5\"]}").status()).isEqualTo(400);
        Answer notJson = post("{\"model\": ");
        assertThat(notJson.status()).isEqualTo(400);
        assertThat(notJson.body().get("error").get("message").asText()).contains("not valid JSON");
        assertThat(post("[1]").status()).isEqualTo(400);
        Answer get = send(HttpRequest.newBuilder(URI.create(server.baseUrl() + "/completions")).GET().build());
        assertThat(get.status()).isEqualTo(405);
        Answer path = send(HttpRequest.newBuilder(URI.create(server.baseUrl().replace("/v1", "/v2/chat"))).GET().build());
        assertThat(path.status()).isEqualTo(404);
        assertThat(path.body().get("error").get("code").asText()).isEqualTo("unknown_url");
        String big = "{\"model\":\"tiny/w8-l1\",\"prompt\":\"" + "1".repeat(CompletionServer.MAX_BODY) + "\"}";
        assertThat(post(big).status()).isEqualTo(413);
        // the server still answers after all of that
        assertThat(ok("{\"model\":\"tiny/w8-l1\",\"prompt\":\"1+1=\",\"max_tokens\":2}").get("choices").size()).isEqualTo(1);
        assertThat(server.errors()).isGreaterThanOrEqualTo(18);
    }

    /**
     * The request lm-evaluation-harness 0.4.13's {@code local-completions} sends for a log-likelihood (its
     * {@code _create_payload(generate=False)}: token ids from the server's {@code /tokenize}, echo, one token to
     * generate) and its reading of the answer ({@code parse_logprobs}: {@code token_logprobs[ctxlen:-1]}). When
     * the model's next token is the end mark the answer must still hold one generated position, or the harness
     * cuts the continuation's last token.
     */
    @Test
    void echoWithOneTokenToGenerateKeepsThatPositionWhenItIsTheEndMark() throws Exception {
        int checked = 0;
        for (String ctx : List.of("3+4=", "12+34=", "56+78=", "9+9=", "70+99=")) {
            String answer = ok("{\"model\":\"tiny/w16-l1\",\"prompt\":\"" + ctx + "\",\"max_tokens\":6,\"temperature\":0}")
                    .get("choices").get(0).get("text").asText();
            for (String cont : List.of(answer, "1")) {
                if (cont.isEmpty()) {
                    continue;
                }
                int[] ids = tokenize(ctx + cont);
                int ctxlen = ctx.length();
                JsonNode r = ok("{\"model\":\"tiny/w16-l1\",\"prompt\":[" + java.util.Arrays.toString(ids).replace(" ", "")
                        + "],\"temperature\":0,\"max_tokens\":1,\"logprobs\":1,\"seed\":1234,\"echo\":true}");
                JsonNode c = r.get("choices").get(0);
                JsonNode lp = c.get("logprobs");
                assertThat(lp.get("tokens").size()).as("prompt tokens + exactly 1 generated").isEqualTo(ids.length + 1);
                String last = lp.get("tokens").get(ids.length).asText();
                if (cont.equals(answer)) {
                    // greedy generation ended after the answer: the next token is the end mark
                    assertThat(last).isEqualTo("$");
                    assertThat(c.get("finish_reason").asText()).isEqualTo("stop");
                    assertThat(c.get("text").asText()).isEqualTo(ctx + cont); // the mark is not part of the text
                }
                double harness = 0;
                for (int i = ctxlen; i < lp.get("token_logprobs").size() - 1; i++) {
                    harness += lp.get("token_logprobs").get(i).asDouble();
                }
                double[] direct = directLogprobs("tiny/w16-l1", ctx + cont);
                double truth = 0;
                for (int i = ctxlen; i < direct.length; i++) {
                    truth += direct[i];
                }
                assertThat(harness).as(ctx + cont).isCloseTo(truth, within(1e-5));
                checked++;
            }
        }
        assertThat(checked).isGreaterThanOrEqualTo(5);
    }

    static int[] tokenize(String text) throws Exception {
        Answer a = send(HttpRequest.newBuilder(URI.create(server.baseUrl().replace("/v1", "/tokenize")))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("{\"prompt\":" + JSON.writeValueAsString(text) + ",\"add_special_tokens\":false}"))
                .build());
        assertThat(a.status()).as(a.body().toString()).isEqualTo(200);
        int[] ids = new int[a.body().get("tokens").size()];
        for (int i = 0; i < ids.length; i++) {
            ids[i] = a.body().get("tokens").get(i).asInt();
        }
        assertThat(a.body().get("count").asInt()).isEqualTo(ids.length);
        return ids;
    }

    /** The tokenizer endpoints lm-eval's {@code RemoteTokenizer} and {@code check_remote_tokenizer_support} call (vLLM's shapes). */
    @Test
    void tokenizerEndpointsAnswerAsVllmDoes() throws Exception {
        Answer info = send(HttpRequest.newBuilder(URI.create(server.baseUrl().replace("/v1", "/tokenizer_info"))).GET().build());
        assertThat(info.status()).isEqualTo(200);
        assertThat(info.body().get("eos_token").asText()).isEqualTo("$");
        assertThat(info.body().get("model_max_length").asInt()).isEqualTo(15);
        // the support probe tokenizes "test": characters outside the alphabet get the unknown id, not an error
        int unk = info.body().get("unk_token_id").asInt();
        assertThat(tokenize("test")).containsExactly(unk, unk, unk, unk);
        int[] ids = tokenize("12+34=$");
        assertThat(ids).hasSize(7);
        assertThat(ids[6]).isEqualTo(CharVocab.EOS); // lm-eval's eos_token_id = encode(eos_token)[0]
        Answer de = send(HttpRequest.newBuilder(URI.create(server.baseUrl().replace("/v1", "/detokenize")))
                .POST(HttpRequest.BodyPublishers.ofString("{\"tokens\":" + java.util.Arrays.toString(ids) + "}")).build());
        assertThat(de.body().get("prompt").asText()).isEqualTo("12+34=$");
        Answer bad = send(HttpRequest.newBuilder(URI.create(server.baseUrl().replace("/v1", "/detokenize")))
                .POST(HttpRequest.BodyPublishers.ofString("{\"tokens\":[1,99]}")).build());
        assertThat(bad.status()).isEqualTo(400);
        assertThat(bad.body().get("error").get("message").asText()).contains("id 99");
        // a token-id prompt with the unknown id is refused, naming it
        Answer unknown = post("{\"model\":\"tiny/w8-l1\",\"prompt\":[2," + unk + "]}");
        assertThat(unknown.status()).isEqualTo(400);
        assertThat(unknown.body().get("error").get("message").asText()).contains("outside the models' vocabulary");
        // token-id prompts, one or several, answer as their text does
        JsonNode byText = ok("{\"model\":\"tiny/w8-l1\",\"prompt\":\"12+34=\",\"max_tokens\":3,\"temperature\":0,\"logprobs\":0}");
        JsonNode byIds = ok("{\"model\":\"tiny/w8-l1\",\"prompt\":[[" + java.util.Arrays.toString(tokenize("12+34=")).replaceAll("[\\[\\] ]", "")
                + "],[2]],\"max_tokens\":3,\"temperature\":0,\"logprobs\":0}");
        assertThat(byIds.get("choices").size()).isEqualTo(2);
        assertThat(byIds.get("choices").get(0).get("text")).isEqualTo(byText.get("choices").get(0).get("text"));
        assertThat(byIds.get("choices").get(0).get("logprobs")).isEqualTo(byText.get("choices").get(0).get("logprobs"));
        assertThat(send(HttpRequest.newBuilder(URI.create(server.baseUrl().replace("/v1", "/tokenize"))).GET().build()).status())
                .isEqualTo(405);
    }

    /** Every sampling parameter mirage does not implement is treated alike: neutral values pass, others are refused. */
    @Test
    void unsupportedSamplingParametersAreRefusedAlikeAndNeutralOnesAccepted() throws Exception {
        String base = "{\"model\":\"tiny/w8-l1\",\"prompt\":\"1+1=\",\"max_tokens\":1,";
        for (String field : List.of("\"top_p\":0.9", "\"top_k\":5", "\"min_p\":0.1", "\"repetition_penalty\":1.2",
                "\"presence_penalty\":0.5", "\"best_of\":3", "\"use_beam_search\":true", "\"ignore_eos\":true",
                "\"min_tokens\":2", "\"stop_token_ids\":[3]", "\"logit_bias\":{\"1\":5}")) {
            Answer a = post(base + field + "}");
            String name = field.substring(1, field.indexOf('"', 1));
            assertThat(a.status()).as(field).isEqualTo(400);
            assertThat(a.body().get("error").get("param").asText()).isEqualTo(name);
            assertThat(a.body().get("error").get("message").asText()).contains("'" + name + "'", "is not supported", "leave it out");
        }
        for (String field : List.of("\"top_p\":1", "\"top_k\":-1", "\"top_k\":0", "\"min_p\":0", "\"repetition_penalty\":1",
                "\"n\":1", "\"ignore_eos\":false", "\"stop_token_ids\":[]", "\"logit_bias\":{}", "\"top_p\":null",
                "\"user\":\"someone\"")) {
            assertThat(post(base + field + "}").status()).as(field).isEqualTo(200);
        }
    }

    @Test
    void loadingRefusesFoldersWithoutRunsAndSkipsUntrainedModels(@TempDir Path empty) throws Exception {
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> TrainedModels.load(empty.resolve("missing")))
                .isInstanceOf(mirage.core.InputException.class).hasMessageContaining("no such folder");
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> TrainedModels.load(empty))
                .isInstanceOf(mirage.core.InputException.class).hasMessageContaining("holds no run.json");
        Path run = empty.resolve("partial");
        Files.createDirectories(run.resolve("work"));
        Files.copy(dir.resolve("run/run.json"), run.resolve("run.json"));
        Files.copy(dir.resolve("run/work/w8-l1.weights"), run.resolve("work/w8-l1.weights"));
        TrainedModels.Loaded l = TrainedModels.load(empty); // a folder of run folders
        try {
            assertThat(l.models()).extracting(ServedModel::id).containsExactly("tiny/w8-l1");
            assertThat(l.skipped()).singleElement().asString().contains("tiny/w16-l1: not trained yet");
        } finally {
            l.models().forEach(ServedModel::close);
        }
    }
}

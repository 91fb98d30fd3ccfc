package mirage.io.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The one codec of the completions wire format: what the client writes the server reads back unchanged,
 * what the server writes the client reads back unchanged, and the request shapes of real clients
 * (lm-evaluation-harness 0.4.13's {@code local-completions}, the {@code openai} package) are read.
 */
class CompletionsWireTest {

    @Test
    void aClientRequestReadsBackAsTheServerSeesIt() {
        CompletionRequest c = new CompletionRequest("fam/m", "12+34=", 5, 0.5, 42L, List.of("\n"), 1, true);
        CompletionsWire.Request r = CompletionsWire.readRequest(c.toJson());
        assertThat(r).isEqualTo(c.wire());
        CompletionsWire.Request ids = new CompletionsWire.Request("m", List.of(CompletionsWire.Prompt.ofIds(2, 3),
                CompletionsWire.Prompt.of("1+1=")), 1, 0, null, List.of(), null, false);
        assertThat(CompletionsWire.readRequest(CompletionsWire.write(ids))).isEqualTo(ids);
    }

    @Test
    void aServerResponseReadsBackAsTheClientSeesIt() throws Exception {
        Map<String, Double> top = new LinkedHashMap<>();
        top.put("4", -0.25);
        top.put("$", -1.5);
        CompletionsWire.Response r = new CompletionsWire.Response("cmpl-1", 7, "fam/m", List.of(new CompletionsWire.Choice(0, "3+4",
                new CompletionsWire.Logprobs(List.of("3", "+", "4", "$"), new double[] {Double.NaN, -0.5, -0.25, -1.5},
                        java.util.Arrays.asList(null, Map.of("+", -0.5), top, Map.of("$", -1.5)), new int[] {0, 1, 2, 3}),
                "stop")), new CompletionsWire.Usage(3, 1));
        byte[] body = CompletionsWire.JSON.writeValueAsBytes(CompletionsWire.write(r));
        CompletionsWire.Response back = CompletionsWire.readResponse(body, true, "x");
        assertThat(back.choices()).hasSize(1);
        CompletionsWire.Choice c = back.choices().get(0);
        assertThat(c.text()).isEqualTo("3+4");
        assertThat(c.finishReason()).isEqualTo("stop");
        assertThat(c.logprobs().tokens()).containsExactly("3", "+", "4", "$");
        assertThat(c.logprobs().tokenLogprobs()).containsExactly(Double.NaN, -0.5, -0.25, -1.5);
        assertThat(c.logprobs().top().get(0)).isNull();
        assertThat(c.logprobs().top().get(2)).isEqualTo(top);
        assertThat(c.logprobs().textOffset()).containsExactly(0, 1, 2, 3);
        JsonNode tree = CompletionsWire.JSON.readTree(body);
        assertThat(tree.get("choices").get(0).get("logprobs").get("token_logprobs").get(0).isNull()).isTrue();
        assertThat(tree.get("usage").get("total_tokens").asInt()).isEqualTo(4);
        // the client's one-choice view of the same bytes
        Completion one = Completion.parse(body, true, "x");
        assertThat(one.tokens()).containsExactly("3", "+", "4", "$");
    }

    /** lm-eval 0.4.13 LocalCompletionsAPI._create_payload, generate=False and generate=True, with token ids from /tokenize. */
    @Test
    void readsTheRequestsOfLmEvalsLocalCompletions() throws Exception {
        CompletionsWire.Request ll = CompletionsWire.readRequest(CompletionsWire.JSON.readTree(
                "{\"model\": \"fam/m\", \"prompt\": [[2, 3, 11, 4, 5, 13, 5, 7]], \"temperature\": 0, \"max_tokens\": 1,"
                        + " \"logprobs\": 1, \"seed\": 1234, \"echo\": true}"));
        assertThat(ll.prompts()).containsExactly(CompletionsWire.Prompt.ofIds(2, 3, 11, 4, 5, 13, 5, 7));
        assertThat(ll.echo()).isTrue();
        assertThat(ll.maxTokens()).isEqualTo(1);
        CompletionsWire.Request gen = CompletionsWire.readRequest(CompletionsWire.JSON.readTree(
                "{\"prompt\": [[2, 3, 11, 4, 5, 13]], \"model\": \"fam/m\", \"max_tokens\": 8, \"temperature\": 0.0,"
                        + " \"stop\": [\"\\n\", \"$\"], \"seed\": 1234}"));
        assertThat(gen.stop()).containsExactly("\n", "$");
        assertThat(gen.logprobs()).isNull();
        // the openai package (1.x) writes null for the fields it was not given only when asked: it omits them
        CompletionsWire.Request openai = CompletionsWire.readRequest(CompletionsWire.JSON.readTree(
                "{\"model\":\"fam/m\",\"prompt\":\"12+34=\",\"echo\":true,\"logprobs\":1,\"max_tokens\":0}"));
        assertThat(openai.temperature()).isEqualTo(1.0);
    }

    @Test
    void refusesWhatItCannotHonourNamingTheField() {
        assertThatThrownBy(() -> CompletionsWire.readRequest(CompletionsWire.JSON.readTree(
                "{\"model\":\"m\",\"prompt\":\"1\",\"top_k\":40}"))).isInstanceOfSatisfying(CompletionsWire.BadRequest.class,
                e -> assertThat(e.param()).isEqualTo("top_k"));
        assertThatThrownBy(() -> CompletionsWire.readRequest(CompletionsWire.JSON.readTree(
                "{\"model\":\"m\",\"prompt\":[1,\"a\"]}"))).hasMessageContaining("element 1 is not a token id");
        assertThatThrownBy(() -> CompletionsWire.readResponse("{\"choices\":[{\"text\":1}]}".getBytes(StandardCharsets.UTF_8),
                false, "x")).hasMessage("x: the choice has no 'text' string");
    }
}

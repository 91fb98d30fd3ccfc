package mirage.io.api;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;

/**
 * One {@code POST /v1/completions} request (OpenAI's legacy completions API, as vLLM, llama.cpp's
 * server and mirage serve implement it), one prompt and one choice.
 *
 * @param model the server's model id
 * @param prompt the prompt text
 * @param maxTokens most tokens to generate (0 with {@code echo}: only score the prompt)
 * @param temperature 0 = greedy
 * @param seed sampling seed sent to the server (null: none; only sent when sampling)
 * @param stop stop sequences (empty: none)
 * @param logprobs top log-probabilities per token (null: no log-probabilities)
 * @param echo return the prompt's tokens with their log-probabilities before the completion
 */
public record CompletionRequest(String model, String prompt, int maxTokens, double temperature, Long seed,
        List<String> stop, Integer logprobs, boolean echo) {
    public CompletionRequest {
        stop = stop == null ? List.of() : List.copyOf(stop);
    }

    /** The JSON body. */
    public ObjectNode toJson() {
        ObjectNode o = JsonNodeFactory.instance.objectNode();
        o.put("model", model);
        o.put("prompt", prompt);
        o.put("max_tokens", maxTokens);
        o.put("temperature", temperature);
        if (seed != null) {
            o.put("seed", seed);
        }
        if (!stop.isEmpty()) {
            ArrayNode a = o.putArray("stop");
            stop.forEach(a::add);
        }
        if (logprobs != null) {
            o.put("logprobs", logprobs);
        }
        o.put("echo", echo);
        return o;
    }
}

package mirage.io.api;

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

    /** The JSON body ({@link CompletionsWire#write(CompletionsWire.Request)}). */
    public ObjectNode toJson() {
        return CompletionsWire.write(wire());
    }

    /** This request in the shared codec's terms. */
    public CompletionsWire.Request wire() {
        return new CompletionsWire.Request(model, List.of(CompletionsWire.Prompt.of(prompt)), maxTokens, temperature, seed, stop,
                logprobs, echo);
    }
}

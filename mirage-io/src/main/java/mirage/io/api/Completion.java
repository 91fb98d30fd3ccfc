package mirage.io.api;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.List;

/**
 * The one choice of a completions response, checked: exactly one choice (index 0), a {@code text},
 * and, when log-probabilities were asked for, {@code logprobs.tokens} with {@code token_logprobs} of
 * the same length ({@code null} entries, as the first echoed token has, become NaN) and optionally
 * {@code text_offset}; or the chat-style {@code logprobs.content} list of {@code {"token", "logprob"}}
 * objects that some servers send for completions too.
 *
 * @param text the choice's text (with echo: prompt + completion)
 * @param tokens the tokens as the server spells them (null when no log-probabilities were asked for)
 * @param tokenLogprobs natural-log probability of each token (NaN where the server sent null)
 * @param textOffsets character offset of each token as the server reports it (null when absent)
 * @param finishReason {@code stop}, {@code length} or null
 */
public record Completion(String text, List<String> tokens, double[] tokenLogprobs, int[] textOffsets, String finishReason) {

    static final ObjectMapper JSON = CompletionsWire.JSON;

    /**
     * Parses and checks a response body ({@link CompletionsWire#readResponse}): exactly one choice, of index 0.
     *
     * @param wantLogprobs whether the request asked for log-probabilities (then they must be there)
     * @param what the request, for messages ("model m, item i, generation")
     */
    public static Completion parse(byte[] body, boolean wantLogprobs, String what) throws ProtocolException {
        CompletionsWire.Response r = CompletionsWire.readResponse(body, wantLogprobs, what);
        if (r.choices().size() != 1) {
            throw new ProtocolException(what + ": the response has " + r.choices().size() + " choices, expected 1");
        }
        CompletionsWire.Choice c = r.choices().get(0);
        if (c.index() != 0) {
            throw new ProtocolException(what + ": the response's choice has index " + c.index()
                    + ", expected 0 (an answer to another request?)");
        }
        CompletionsWire.Logprobs lp = c.logprobs();
        if (lp == null) {
            return new Completion(c.text(), null, null, null, c.finishReason());
        }
        return new Completion(c.text(), lp.tokens(), lp.tokenLogprobs(), lp.textOffset(), c.finishReason());
    }
}

package mirage.io.api;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.json.JsonReadFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import java.io.IOException;
import java.util.ArrayList;
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

    static final ObjectMapper JSON = JsonMapper.builder().enable(JsonReadFeature.ALLOW_NON_NUMERIC_NUMBERS).build();

    /**
     * Parses and checks a response body.
     *
     * @param wantLogprobs whether the request asked for log-probabilities (then they must be there)
     * @param what the request, for messages ("model m, item i, generation")
     */
    public static Completion parse(byte[] body, boolean wantLogprobs, String what) throws ProtocolException {
        JsonNode root;
        try {
            root = JSON.readTree(body);
        } catch (JsonProcessingException e) {
            throw new ProtocolException(what + ": the response is not valid JSON (" + e.getOriginalMessage() + ")");
        } catch (IOException e) {
            throw new ProtocolException(what + ": the response cannot be read (" + e.getMessage() + ")");
        }
        if (root == null || !root.isObject()) {
            throw new ProtocolException(what + ": the response is not a JSON object");
        }
        if (root.has("error") && !root.get("error").isNull()) {
            throw new ProtocolException(what + ": the server answered with an error: " + CompletionsClient.errorMessage(root));
        }
        JsonNode choices = root.get("choices");
        if (choices == null || !choices.isArray()) {
            throw new ProtocolException(what + ": the response has no 'choices' array");
        }
        if (choices.size() != 1) {
            throw new ProtocolException(what + ": the response has " + choices.size() + " choices, expected 1");
        }
        JsonNode c = choices.get(0);
        if (!c.isObject()) {
            throw new ProtocolException(what + ": choice 0 is not an object");
        }
        JsonNode index = c.get("index");
        if (index != null && !index.isNull() && !(index.isIntegralNumber() && index.asLong() == 0)) {
            throw new ProtocolException(what + ": the response's choice has index " + index + ", expected 0 (an answer to another request?)");
        }
        JsonNode text = c.get("text");
        if (text == null || !text.isTextual()) {
            throw new ProtocolException(what + ": the choice has no 'text' string");
        }
        JsonNode fr = c.get("finish_reason");
        String finish = fr != null && fr.isTextual() ? fr.asText() : null;
        JsonNode lp = c.get("logprobs");
        if (!wantLogprobs) {
            return new Completion(text.asText(), null, null, null, finish);
        }
        if (lp == null || lp.isNull()) {
            throw new ProtocolException(what + ": the response has no log-probabilities ('logprobs' is "
                    + (lp == null ? "missing" : "null") + "); the server must support 'logprobs'" + " on /v1/completions");
        }
        if (!lp.isObject()) {
            throw new ProtocolException(what + ": 'logprobs' is not an object");
        }
        JsonNode toks = lp.get("tokens");
        JsonNode vals = lp.get("token_logprobs");
        JsonNode content = lp.get("content");
        if (toks == null && vals == null && content != null && content.isArray()) {
            // the chat-style form some servers also send for completions: [{"token": ..., "logprob": ...}, ...]
            com.fasterxml.jackson.databind.node.ArrayNode t = JSON.createArrayNode();
            com.fasterxml.jackson.databind.node.ArrayNode v = JSON.createArrayNode();
            for (int i = 0; i < content.size(); i++) {
                JsonNode e = content.get(i);
                if (!e.isObject() || !e.has("token") || !e.has("logprob")) {
                    throw new ProtocolException(what + ": logprobs.content[" + i + "] lacks 'token' or 'logprob'");
                }
                t.add(e.get("token"));
                v.add(e.get("logprob"));
            }
            toks = t;
            vals = v;
        }
        if (toks == null || !toks.isArray() || vals == null || !vals.isArray()) {
            throw new ProtocolException(what + ": 'logprobs' lacks the 'tokens' and 'token_logprobs' arrays");
        }
        if (toks.size() != vals.size()) {
            throw new ProtocolException(what + ": 'logprobs' has " + toks.size() + " tokens but " + vals.size() + " token_logprobs");
        }
        List<String> tokens = new ArrayList<>(toks.size());
        double[] values = new double[toks.size()];
        for (int i = 0; i < toks.size(); i++) {
            JsonNode t = toks.get(i);
            if (!t.isTextual()) {
                throw new ProtocolException(what + ": logprobs.tokens[" + i + "] is not a string");
            }
            tokens.add(t.asText());
            JsonNode v = vals.get(i);
            if (v.isNull()) {
                values[i] = Double.NaN;
            } else if (v.isNumber()) {
                values[i] = v.asDouble();
            } else if (v.isTextual() && isNonFinite(v.asText())) {
                values[i] = Double.parseDouble(v.asText().replace("inf", "Infinity").replace("Inf", "Infinity"));
            } else {
                throw new ProtocolException(what + ": logprobs.token_logprobs[" + i + "] is not a number");
            }
        }
        int[] offsets = null;
        JsonNode off = lp.get("text_offset");
        if (off != null && off.isArray() && off.size() == toks.size()) {
            offsets = new int[off.size()];
            for (int i = 0; i < off.size(); i++) {
                if (!off.get(i).isIntegralNumber()) {
                    offsets = null;
                    break;
                }
                offsets[i] = off.get(i).asInt();
            }
        }
        return new Completion(text.asText(), tokens, values, offsets, finish);
    }

    private static boolean isNonFinite(String s) {
        return s.equals("-Infinity") || s.equals("Infinity") || s.equals("NaN") || s.equals("-inf") || s.equals("inf");
    }
}

package mirage.io.api;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.json.JsonReadFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The one codec of OpenAI's legacy {@code /v1/completions} wire format in mirage: what {@code mirage eval}'s
 * client writes and reads, and what {@code mirage serve} reads and writes (docs/FORMATS.md, "mirage serve").
 *
 * <ul>
 *   <li>{@link Request}: {@code model}, {@code prompt} (a string, an array of strings, an array of token ids,
 *       or an array of arrays of token ids: one choice each), {@code max_tokens} (default 16),
 *       {@code temperature} (default 1, 0..2), {@code seed}, {@code stop} (a string or up to 4),
 *       {@code logprobs} (k &gt;= 0), {@code echo}. The sampling parameters mirage cannot honour
 *       ({@link #NEUTRAL}: {@code n}, {@code best_of}, {@code top_p}, {@code top_k}, {@code min_p},
 *       penalties, {@code logit_bias}, beam search, {@code ignore_eos}, {@code min_tokens},
 *       {@code stop_token_ids}, {@code stream}, {@code suffix}, ...) are all treated alike: accepted at their
 *       neutral value, refused otherwise ({@link BadRequest} naming the field). Other fields are ignored.</li>
 *   <li>{@link Response}: {@code id, object: "text_completion", created, model, choices: [{index, text,
 *       logprobs: {tokens, token_logprobs, top_logprobs, text_offset} | null, finish_reason}], usage}};
 *       a {@code null} log-probability (the first echoed token) reads as NaN and NaN writes as {@code null}.
 *       Reading also accepts the chat-style {@code logprobs.content: [{token, logprob}]} some servers send.</li>
 * </ul>
 */
public final class CompletionsWire {
    /** Reads {@code NaN}/{@code Infinity} as numbers (some servers write them). */
    public static final ObjectMapper JSON = JsonMapper.builder().enable(JsonReadFeature.ALLOW_NON_NUMERIC_NUMBERS).build();
    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

    /** Most prompts in one request. */
    public static final int MAX_PROMPTS = 1024;
    /** Most stop sequences. */
    public static final int MAX_STOPS = 4;

    /**
     * Sampling parameters mirage does not implement, with the values that leave sampling unchanged (any of
     * them is accepted; JSON {@code null} always is). The same rule for every one: a request that asks for
     * anything else is refused rather than answered as if it had not asked.
     */
    public static final Map<String, List<Object>> NEUTRAL = neutral();

    private static Map<String, List<Object>> neutral() {
        Map<String, List<Object>> m = new LinkedHashMap<>();
        m.put("n", List.of(1));
        m.put("best_of", List.of(1));
        m.put("top_p", List.of(1));
        m.put("top_k", List.of(-1, 0));
        m.put("min_p", List.of(0));
        m.put("presence_penalty", List.of(0));
        m.put("frequency_penalty", List.of(0));
        m.put("repetition_penalty", List.of(1));
        m.put("length_penalty", List.of(1));
        m.put("use_beam_search", List.of(false));
        m.put("ignore_eos", List.of(false));
        m.put("min_tokens", List.of(0));
        m.put("stream", List.of(false));
        m.put("logit_bias", List.of(Map.of()));
        m.put("stop_token_ids", List.of(List.of()));
        m.put("suffix", List.of());
        m.put("include_stop_str_in_output", List.of(false));
        return java.util.Collections.unmodifiableMap(m);
    }

    private CompletionsWire() {
    }

    /** A request the codec refuses: the field ({@code param}, may be null) and why. */
    public static final class BadRequest extends IllegalArgumentException {
        private static final long serialVersionUID = 1L;
        private final String param;

        public BadRequest(String param, String message) {
            super(message);
            this.param = param;
        }

        public String param() {
            return param;
        }
    }

    /** One prompt: its text, or its token ids (exactly one of the two is non-null). */
    public record Prompt(String text, int[] ids) {
        public static Prompt of(String text) {
            return new Prompt(text, null);
        }

        public static Prompt ofIds(int... ids) {
            return new Prompt(null, ids.clone());
        }

        public boolean isIds() {
            return ids != null;
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof Prompt p && java.util.Objects.equals(text, p.text) && Arrays.equals(ids, p.ids);
        }

        @Override
        public int hashCode() {
            return java.util.Objects.hash(text, Arrays.hashCode(ids));
        }

        @Override
        public String toString() {
            return text != null ? text : Arrays.toString(ids);
        }
    }

    /**
     * A completions request.
     *
     * @param seed null: none
     * @param logprobs null: no log-probabilities
     */
    public record Request(String model, List<Prompt> prompts, int maxTokens, double temperature, Long seed, List<String> stop,
            Integer logprobs, boolean echo) {
        public Request {
            prompts = List.copyOf(prompts);
            stop = stop == null ? List.of() : List.copyOf(stop);
        }
    }

    /** The JSON body of a request (one prompt is written as itself, several as an array). */
    public static ObjectNode write(Request r) {
        ObjectNode o = NODES.objectNode();
        o.put("model", r.model());
        if (r.prompts().size() == 1) {
            putPrompt(o, "prompt", r.prompts().get(0));
        } else {
            ArrayNode a = o.putArray("prompt");
            for (Prompt p : r.prompts()) {
                if (p.isIds()) {
                    ArrayNode ids = a.addArray();
                    Arrays.stream(p.ids()).forEach(ids::add);
                } else {
                    a.add(p.text());
                }
            }
        }
        o.put("max_tokens", r.maxTokens());
        o.put("temperature", r.temperature());
        if (r.seed() != null) {
            o.put("seed", r.seed());
        }
        if (!r.stop().isEmpty()) {
            ArrayNode a = o.putArray("stop");
            r.stop().forEach(a::add);
        }
        if (r.logprobs() != null) {
            o.put("logprobs", r.logprobs());
        }
        o.put("echo", r.echo());
        return o;
    }

    private static void putPrompt(ObjectNode o, String field, Prompt p) {
        if (p.isIds()) {
            ArrayNode ids = o.putArray(field);
            Arrays.stream(p.ids()).forEach(ids::add);
        } else {
            o.put(field, p.text());
        }
    }

    /**
     * Reads and checks a request body (a JSON object).
     *
     * @throws BadRequest naming the field
     */
    public static Request readRequest(JsonNode req) {
        if (req == null || !req.isObject()) {
            throw new BadRequest(null, "the request body must be a JSON object");
        }
        JsonNode modelNode = req.get("model");
        if (modelNode == null || !modelNode.isTextual()) {
            throw new BadRequest("model", "'model' is required (a string); see GET /v1/models");
        }
        List<Prompt> prompts = prompts(req.get("prompt"));
        int maxTokens = integer(req, "max_tokens", 16, 0, 1 << 20);
        double temperature = number(req, "temperature", 1.0, 0, 2);
        Integer logprobs = req.hasNonNull("logprobs") ? integer(req, "logprobs", 0, 0, 1 << 16) : null;
        boolean echo = bool(req, "echo", false);
        List<String> stop = stops(req.get("stop"));
        for (Map.Entry<String, List<Object>> e : NEUTRAL.entrySet()) {
            neutral(req, e.getKey(), e.getValue());
        }
        Long seed = null;
        JsonNode s = req.get("seed");
        if (s != null && !s.isNull()) {
            if (!s.isIntegralNumber() || !s.canConvertToLong()) {
                throw new BadRequest("seed", "'seed' must be an integer");
            }
            seed = s.asLong();
        }
        return new Request(modelNode.asText(), prompts, maxTokens, temperature, seed, stop, logprobs, echo);
    }

    private static List<Prompt> prompts(JsonNode p) {
        String forms = "a string, an array of strings, an array of token ids or an array of arrays of token ids";
        if (p == null || p.isNull()) {
            throw new BadRequest("prompt", "'prompt' is required (" + forms + ")");
        }
        if (p.isTextual()) {
            return List.of(Prompt.of(p.asText()));
        }
        if (!p.isArray()) {
            throw new BadRequest("prompt", "'prompt' must be " + forms);
        }
        if (p.isEmpty()) {
            throw new BadRequest("prompt", "'prompt' is an empty array");
        }
        if (p.get(0).isNumber()) {
            return List.of(Prompt.ofIds(ids(p, "'prompt'")));
        }
        if (p.size() > MAX_PROMPTS) {
            throw new BadRequest("prompt", "at most " + MAX_PROMPTS + " prompts per request");
        }
        List<Prompt> out = new ArrayList<>(p.size());
        for (int i = 0; i < p.size(); i++) {
            JsonNode e = p.get(i);
            if (e.isTextual()) {
                out.add(Prompt.of(e.asText()));
            } else if (e.isArray()) {
                if (e.isEmpty()) {
                    throw new BadRequest("prompt", "prompt " + i + " is an empty array of token ids");
                }
                out.add(Prompt.ofIds(ids(e, "prompt " + i)));
            } else {
                throw new BadRequest("prompt", "'prompt' must be " + forms + "; element " + i + " is " + clip(e.toString(), 40));
            }
        }
        return out;
    }

    private static int[] ids(JsonNode a, String what) {
        int[] ids = new int[a.size()];
        for (int i = 0; i < ids.length; i++) {
            JsonNode e = a.get(i);
            if (!e.isIntegralNumber() || !e.canConvertToInt() || e.asInt() < 0) {
                throw new BadRequest("prompt", what + ": element " + i + " is not a token id (a non-negative integer): "
                        + clip(e.toString(), 40));
            }
            ids[i] = e.asInt();
        }
        return ids;
    }

    private static List<String> stops(JsonNode s) {
        if (s == null || s.isNull()) {
            return List.of();
        }
        List<String> out = new ArrayList<>();
        if (s.isTextual()) {
            out.add(s.asText());
        } else if (s.isArray()) {
            for (JsonNode e : s) {
                if (!e.isTextual()) {
                    throw new BadRequest("stop", "'stop' must be a string or an array of strings");
                }
                out.add(e.asText());
            }
        } else {
            throw new BadRequest("stop", "'stop' must be a string or an array of strings");
        }
        if (out.size() > MAX_STOPS) {
            throw new BadRequest("stop", "at most " + MAX_STOPS + " stop sequences");
        }
        if (out.stream().anyMatch(String::isEmpty)) {
            throw new BadRequest("stop", "a stop sequence must not be empty");
        }
        return out;
    }

    private static int integer(JsonNode req, String field, int dflt, int min, int max) {
        JsonNode n = req.get(field);
        if (n == null || n.isNull()) {
            return dflt;
        }
        if (!n.isIntegralNumber() && !(n.isNumber() && n.asDouble() == Math.rint(n.asDouble()))) {
            throw new BadRequest(field, "'" + field + "' must be an integer, got " + clip(n.toString(), 40));
        }
        double v = n.asDouble();
        if (v < min || v > max) {
            throw new BadRequest(field, "'" + field + "' must be in " + min + ".." + max + ", got " + clip(n.toString(), 40));
        }
        return (int) v;
    }

    private static double number(JsonNode req, String field, double dflt, double min, double max) {
        JsonNode n = req.get(field);
        if (n == null || n.isNull()) {
            return dflt;
        }
        if (!n.isNumber()) {
            throw new BadRequest(field, "'" + field + "' must be a number, got " + clip(n.toString(), 40));
        }
        double v = n.asDouble();
        if (!(v >= min && v <= max)) {
            throw new BadRequest(field, "'" + field + "' must be in " + fmt(min) + ".." + fmt(max) + ", got " + clip(n.toString(), 40));
        }
        return v;
    }

    private static boolean bool(JsonNode req, String field, boolean dflt) {
        JsonNode n = req.get(field);
        if (n == null || n.isNull()) {
            return dflt;
        }
        if (!n.isBoolean()) {
            throw new BadRequest(field, "'" + field + "' must be true or false, got " + clip(n.toString(), 40));
        }
        return n.asBoolean();
    }

    private static void neutral(JsonNode req, String field, List<Object> neutral) {
        JsonNode n = req.get(field);
        if (n == null || n.isNull()) {
            return;
        }
        for (Object v : neutral) {
            if (v instanceof Number num && n.isNumber() && n.asDouble() == num.doubleValue()
                    || v instanceof Boolean b && n.isBoolean() && n.asBoolean() == b
                    || v instanceof Map<?, ?> && n.isObject() && n.isEmpty()
                    || v instanceof List<?> && n.isArray() && n.isEmpty()) {
                return;
            }
        }
        String allowed = neutral.isEmpty() ? "null" : String.join(" or ", neutral.stream().map(v -> v instanceof Map<?, ?> ? "{}"
                : v instanceof List<?> ? "[]" : v.toString()).toList());
        throw new BadRequest(field, "'" + field + "' = " + clip(n.toString(), 40) + " is not supported (mirage serve does greedy "
                + "decoding or plain temperature sampling); leave it out or send " + allowed);
    }

    // ---------------------------------------------------------------- responses

    /**
     * Log-probabilities of a choice.
     *
     * @param tokenLogprobs NaN where there is none (the first echoed token)
     * @param top per token the most probable alternatives (token to log-probability) or null; the list itself may be null
     * @param textOffset per token its character offset, or null
     */
    public record Logprobs(List<String> tokens, double[] tokenLogprobs, List<Map<String, Double>> top, int[] textOffset) {
    }

    /** One choice; {@code logprobs} null when none were asked for. */
    public record Choice(int index, String text, Logprobs logprobs, String finishReason) {
    }

    public record Usage(long promptTokens, long completionTokens) {
    }

    public record Response(String id, long created, String model, List<Choice> choices, Usage usage) {
    }

    /** The JSON body of a response. */
    public static ObjectNode write(Response r) {
        ObjectNode out = NODES.objectNode();
        out.put("id", r.id());
        out.put("object", "text_completion");
        out.put("created", r.created());
        out.put("model", r.model());
        ArrayNode choices = out.putArray("choices");
        for (Choice ch : r.choices()) {
            ObjectNode c = choices.addObject();
            c.put("index", ch.index());
            c.put("text", ch.text());
            if (ch.logprobs() == null) {
                c.putNull("logprobs");
            } else {
                Logprobs l = ch.logprobs();
                ObjectNode lp = c.putObject("logprobs");
                ArrayNode tokens = lp.putArray("tokens");
                ArrayNode values = lp.putArray("token_logprobs");
                ArrayNode top = lp.putArray("top_logprobs");
                ArrayNode offsets = lp.putArray("text_offset");
                for (int i = 0; i < l.tokens().size(); i++) {
                    tokens.add(l.tokens().get(i));
                    double v = l.tokenLogprobs()[i];
                    if (Double.isNaN(v)) {
                        values.addNull();
                    } else {
                        values.add(v);
                    }
                    Map<String, Double> t = l.top() == null ? null : l.top().get(i);
                    if (t == null) {
                        top.addNull();
                    } else {
                        ObjectNode m = top.addObject();
                        t.forEach(m::put);
                    }
                    offsets.add(l.textOffset()[i]);
                }
            }
            c.put("finish_reason", ch.finishReason());
        }
        ObjectNode usage = out.putObject("usage");
        usage.put("prompt_tokens", r.usage().promptTokens());
        usage.put("completion_tokens", r.usage().completionTokens());
        usage.put("total_tokens", r.usage().promptTokens() + r.usage().completionTokens());
        return out;
    }

    /**
     * Reads a response body.
     *
     * @param wantLogprobs whether log-probabilities were asked for (then every choice must have them)
     * @param what the request in words, for messages
     */
    public static Response readResponse(byte[] body, boolean wantLogprobs, String what) throws ProtocolException {
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
        List<Choice> out = new ArrayList<>(choices.size());
        for (int k = 0; k < choices.size(); k++) {
            JsonNode c = choices.get(k);
            if (!c.isObject()) {
                throw new ProtocolException(what + ": choice " + k + " is not an object");
            }
            JsonNode index = c.get("index");
            int idx = k;
            if (index != null && !index.isNull()) {
                if (!index.isIntegralNumber()) {
                    throw new ProtocolException(what + ": choice " + k + " has index " + index + ", not an integer");
                }
                idx = index.asInt();
            }
            JsonNode text = c.get("text");
            if (text == null || !text.isTextual()) {
                throw new ProtocolException(what + ": the choice has no 'text' string");
            }
            JsonNode fr = c.get("finish_reason");
            String finish = fr != null && fr.isTextual() ? fr.asText() : null;
            Logprobs lp = wantLogprobs ? logprobs(c.get("logprobs"), what) : null;
            out.add(new Choice(idx, text.asText(), lp, finish));
        }
        JsonNode u = root.get("usage");
        Usage usage = u != null && u.isObject() ? new Usage(u.path("prompt_tokens").asLong(), u.path("completion_tokens").asLong())
                : new Usage(0, 0);
        return new Response(root.path("id").asText(null), root.path("created").asLong(), root.path("model").asText(null), out, usage);
    }

    private static Logprobs logprobs(JsonNode lp, String what) throws ProtocolException {
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
            ArrayNode t = JSON.createArrayNode();
            ArrayNode v = JSON.createArrayNode();
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
            values[i] = logprob(vals.get(i), what + ": logprobs.token_logprobs[" + i + "]");
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
        List<Map<String, Double>> top = null;
        JsonNode tl = lp.get("top_logprobs");
        if (tl != null && tl.isArray() && tl.size() == toks.size()) {
            top = new ArrayList<>(tl.size());
            for (int i = 0; i < tl.size(); i++) {
                JsonNode e = tl.get(i);
                if (e == null || !e.isObject()) {
                    top.add(null);
                    continue;
                }
                Map<String, Double> m = new LinkedHashMap<>();
                for (var it = e.fields(); it.hasNext();) {
                    var f = it.next();
                    m.put(f.getKey(), logprob(f.getValue(), what + ": logprobs.top_logprobs[" + i + "]"));
                }
                top.add(m);
            }
        }
        return new Logprobs(tokens, values, top, offsets);
    }

    private static double logprob(JsonNode v, String where) throws ProtocolException {
        if (v == null || v.isNull()) {
            return Double.NaN;
        }
        if (v.isNumber()) {
            return v.asDouble();
        }
        String s = v.isTextual() ? v.asText() : "";
        switch (s) {
            case "-Infinity", "-inf" -> {
                return Double.NEGATIVE_INFINITY;
            }
            case "Infinity", "inf" -> {
                return Double.POSITIVE_INFINITY;
            }
            case "NaN" -> {
                return Double.NaN;
            }
            default -> throw new ProtocolException(where + " is not a number");
        }
    }

    private static String clip(String s, int n) {
        return s.length() > n ? s.substring(0, n) + "..." : s;
    }

    private static String fmt(double v) {
        return v == Math.rint(v) ? Long.toString((long) v) : Double.toString(v);
    }
}

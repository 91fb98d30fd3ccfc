package mirage.train.serve;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.net.InetSocketAddress;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The subset of OpenAI's HTTP API that evaluation needs, over mirage's trained models, on the JDK's
 * {@link HttpServer} (docs/FORMATS.md, "mirage serve"):
 *
 * <ul>
 *   <li>{@code POST /v1/completions}: {@code model}, {@code prompt} (a string or an array of strings:
 *       one choice each), {@code max_tokens} (default 16), {@code temperature} (default 1; 0 = greedy),
 *       {@code seed}, {@code stop} (a string or up to 4), {@code logprobs} (k: the k most probable tokens
 *       at each position plus the chosen one), {@code echo}. Accepted only at their neutral values:
 *       {@code n}, {@code best_of} (1), {@code top_p} (1), {@code presence_penalty},
 *       {@code frequency_penalty} (0), {@code logit_bias} (empty), {@code stream} (false),
 *       {@code suffix} (null). Other fields are ignored.</li>
 *   <li>{@code GET /v1/models}, {@code GET /v1/models/{id}}: the models, with mirage's facts about each
 *       under {@code mirage}.</li>
 *   <li>{@code GET /health}: 200.</li>
 * </ul>
 * Errors are JSON {@code {"error": {...}}} with 400 (bad request), 404 (unknown model or path), 405,
 * 413 (a body over 1 MiB) or 500.
 *
 * <p>Slow clients do not stop the server: connections are read and answered on a pool of
 * {@link #IO_THREADS} threads (plus {@code threads}), while at most {@code threads} requests compute at once; a
 * request that is not received within {@link #REQUEST_SECONDS} seconds (headers and body), or an answer not taken
 * within {@link #RESPONSE_SECONDS}, has its connection closed (the JDK server's {@code sun.net.httpserver.maxReqTime}
 * and {@code maxRspTime}, set when the first server of the process starts unless already set;
 * {@code -Dmirage.serve.requestSeconds=S} changes the request limit).
 */
public final class CompletionServer implements AutoCloseable {
    /** Largest request body accepted. */
    public static final int MAX_BODY = 1 << 20;
    /** Most prompts in one request. */
    public static final int MAX_PROMPTS = 1024;
    /** Seconds a client has to send a whole request ({@code -Dmirage.serve.requestSeconds} overrides). */
    public static final long REQUEST_SECONDS = Long.getLong("mirage.serve.requestSeconds", 30);
    /** Seconds a client has to take a whole answer. */
    public static final long RESPONSE_SECONDS = 120;
    /** Threads that read requests and write answers besides the computing ones (slow clients hold these only). */
    public static final int IO_THREADS = 64;

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

    private final HttpServer http;
    private final ExecutorService pool;
    private final java.util.concurrent.Semaphore computing;
    private final Map<String, ServedModel> byId = new LinkedHashMap<>();
    private final Map<String, List<ServedModel>> byName = new LinkedHashMap<>();
    private final List<ServedModel> models;
    private final PrintStream log;
    private final AtomicLong requests = new AtomicLong();
    private final AtomicLong completions = new AtomicLong();
    private final AtomicLong errors = new AtomicLong();
    private final AtomicLong ids = new AtomicLong();
    private final SplittableRandom unseeded = new SplittableRandom();

    private CompletionServer(HttpServer http, ExecutorService pool, int threads, List<ServedModel> models, PrintStream log) {
        this.http = http;
        this.pool = pool;
        this.computing = new java.util.concurrent.Semaphore(threads, true);
        this.models = List.copyOf(models);
        this.log = log;
        for (ServedModel m : models) {
            byId.put(m.id(), m);
            byName.computeIfAbsent(m.name(), k -> new ArrayList<>()).add(m);
        }
    }

    /**
     * Starts serving.
     *
     * @param address where to listen (port 0: a free port)
     * @param threads requests computed at the same time (reading and writing happen on other threads)
     * @param log where internal errors are reported (one line each)
     */
    public static CompletionServer start(List<ServedModel> models, InetSocketAddress address, int threads, PrintStream log)
            throws IOException {
        // The JDK server writes a response's headers and body separately; with Nagle's algorithm on, the body
        // waits for the client's delayed ACK (~40 ms a request on Linux). Read once, when the first server starts.
        if (System.getProperty("sun.net.httpserver.nodelay") == null) {
            System.setProperty("sun.net.httpserver.nodelay", "true");
        }
        // A client that sends half a request and stalls would hold its thread for good: the JDK server closes
        // connections whose request (or answer) takes longer than these limits. Read once, when the first server starts.
        if (System.getProperty("sun.net.httpserver.maxReqTime") == null) {
            System.setProperty("sun.net.httpserver.maxReqTime", Long.toString(REQUEST_SECONDS));
        }
        if (System.getProperty("sun.net.httpserver.maxRspTime") == null) {
            System.setProperty("sun.net.httpserver.maxRspTime", Long.toString(RESPONSE_SECONDS));
        }
        HttpServer http = HttpServer.create(address, 128);
        java.util.concurrent.ThreadPoolExecutor pool = new java.util.concurrent.ThreadPoolExecutor(IO_THREADS + threads,
                IO_THREADS + threads, 30, TimeUnit.SECONDS, new java.util.concurrent.LinkedBlockingQueue<>(), r -> {
                    Thread t = new Thread(r, "mirage-serve");
                    t.setDaemon(true);
                    return t;
                });
        pool.allowCoreThreadTimeOut(true);
        CompletionServer s = new CompletionServer(http, pool, threads, models, log);
        http.createContext("/", s::handle);
        http.setExecutor(pool);
        http.start();
        return s;
    }

    public InetSocketAddress address() {
        return http.getAddress();
    }

    /** {@code http://HOST:PORT/v1}, the base URL clients take. */
    public String baseUrl() {
        InetSocketAddress a = address();
        String host = a.getAddress().getHostAddress();
        if (host.contains(":")) {
            host = "[" + host + "]";
        }
        return "http://" + host + ":" + a.getPort() + "/v1";
    }

    public List<ServedModel> models() {
        return models;
    }

    public long requests() {
        return requests.get();
    }

    public long completions() {
        return completions.get();
    }

    public long errors() {
        return errors.get();
    }

    @Override
    public void close() {
        http.stop(0);
        pool.shutdownNow();
        try {
            pool.awaitTermination(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private void handle(HttpExchange ex) throws IOException {
        requests.incrementAndGet();
        try (ex) {
            String method = ex.getRequestMethod();
            String path = ex.getRequestURI().getRawPath();
            try {
                if (path.equals("/v1/completions") || path.equals("/v1/completions/")) {
                    requireMethod(method, "POST", path);
                    JsonNode body = readBody(ex);
                    ObjectNode answer;
                    computing.acquireUninterruptibly();
                    try {
                        answer = completions(body);
                    } finally {
                        computing.release();
                    }
                    send(ex, 200, answer);
                } else if (path.equals("/v1/models") || path.equals("/v1/models/")) {
                    requireMethod(method, "GET", path);
                    ObjectNode o = NODES.objectNode();
                    o.put("object", "list");
                    ArrayNode data = o.putArray("data");
                    for (ServedModel m : models) {
                        data.add(describe(m));
                    }
                    send(ex, 200, o);
                } else if (path.startsWith("/v1/models/")) {
                    requireMethod(method, "GET", path);
                    String id = URLDecoder.decode(path.substring("/v1/models/".length()), StandardCharsets.UTF_8);
                    send(ex, 200, describe(model(id, null)));
                } else if (path.equals("/health")) {
                    ObjectNode o = NODES.objectNode();
                    o.put("status", "ok");
                    send(ex, 200, o);
                } else {
                    throw new ApiError(404, "invalid_request_error", null, "unknown_url",
                            "Invalid URL (" + method + " " + clip(path, 100) + "); mirage serve answers POST /v1/completions and GET /v1/models");
                }
            } catch (ApiError e) {
                errors.incrementAndGet();
                sendError(ex, e);
            } catch (RuntimeException e) {
                errors.incrementAndGet();
                log.println("mirage serve: internal error on " + method + " " + clip(path, 100) + ": " + e);
                log.flush();
                sendError(ex, new ApiError(500, "server_error", null, null, "internal error: " + e.getClass().getSimpleName()
                        + (e.getMessage() == null ? "" : ": " + e.getMessage())));
            }
        }
    }

    private static void requireMethod(String method, String want, String path) {
        if (!method.equalsIgnoreCase(want)) {
            throw new ApiError(405, "invalid_request_error", null, "method_not_allowed",
                    method + " is not allowed on " + path + "; use " + want);
        }
    }

    private static JsonNode readBody(HttpExchange ex) throws IOException {
        byte[] body;
        try (InputStream in = ex.getRequestBody()) {
            body = in.readNBytes(MAX_BODY + 1);
        }
        if (body.length > MAX_BODY) {
            throw new ApiError(413, "invalid_request_error", null, "request_too_large",
                    "the request body is larger than " + (MAX_BODY >> 20) + " MiB");
        }
        if (body.length == 0) {
            throw ApiError.badRequest(null, "the request has no body; send a JSON object");
        }
        try {
            JsonNode n = JSON.readTree(body);
            if (n == null || !n.isObject()) {
                throw ApiError.badRequest(null, "the request body must be a JSON object");
            }
            return n;
        } catch (JsonProcessingException e) {
            throw ApiError.badRequest(null, "the request body is not valid JSON: " + e.getOriginalMessage());
        }
    }

    private ServedModel model(String id, String param) {
        ServedModel m = byId.get(id);
        if (m != null) {
            return m;
        }
        List<ServedModel> named = byName.get(id);
        if (named != null && named.size() == 1) {
            return named.get(0);
        }
        String known = String.join(", ", byId.keySet().stream().limit(20).toList()) + (byId.size() > 20 ? ", ..." : "");
        if (named != null) {
            throw new ApiError(404, "invalid_request_error", param, "model_not_found", "the model name '" + clip(id, 100)
                    + "' is ambiguous; use one of " + named.stream().map(ServedModel::id).toList());
        }
        throw new ApiError(404, "invalid_request_error", param, "model_not_found", "the model '" + clip(id, 100)
                + "' does not exist; this server has " + known);
    }

    private static ObjectNode describe(ServedModel m) {
        ObjectNode o = NODES.objectNode();
        o.put("id", m.id());
        o.put("object", "model");
        o.put("created", m.created());
        o.put("owned_by", "mirage");
        o.set("mirage", JSON.valueToTree(m.facts()));
        return o;
    }

    /** The answer to a completions request. */
    ObjectNode completions(JsonNode req) {
        JsonNode modelNode = req.get("model");
        if (modelNode == null || !modelNode.isTextual()) {
            throw ApiError.badRequest("model", "'model' is required (a string); see GET /v1/models");
        }
        ServedModel model = model(modelNode.asText(), "model");
        List<String> prompts = prompts(req.get("prompt"));
        int maxTokens = integer(req, "max_tokens", 16, 0, 1 << 20);
        double temperature = number(req, "temperature", 1.0, 0, 2);
        int logprobs = req.hasNonNull("logprobs") ? integer(req, "logprobs", 0, 0, model.gpt().config().vocab()) : -1;
        boolean echo = bool(req, "echo", false);
        List<String> stop = stops(req.get("stop"));
        neutral(req, "n", 1);
        neutral(req, "best_of", 1);
        neutral(req, "top_p", 1);
        neutral(req, "presence_penalty", 0);
        neutral(req, "frequency_penalty", 0);
        if (bool(req, "stream", false)) {
            throw ApiError.badRequest("stream", "streaming is not supported; send stream: false");
        }
        JsonNode lb = req.get("logit_bias");
        if (lb != null && !lb.isNull() && !(lb.isObject() && lb.isEmpty())) {
            throw ApiError.badRequest("logit_bias", "logit_bias is not supported");
        }
        JsonNode suffix = req.get("suffix");
        if (suffix != null && !suffix.isNull()) {
            throw ApiError.badRequest("suffix", "suffix is not supported");
        }
        SplittableRandom rng;
        JsonNode seed = req.get("seed");
        if (seed != null && !seed.isNull()) {
            if (!seed.canConvertToLong() || !seed.isIntegralNumber()) {
                throw ApiError.badRequest("seed", "'seed' must be an integer");
            }
            rng = new SplittableRandom(seed.asLong());
        } else {
            synchronized (unseeded) {
                rng = unseeded.split();
            }
        }
        ObjectNode out = NODES.objectNode();
        out.put("id", "cmpl-mirage-" + ids.incrementAndGet());
        out.put("object", "text_completion");
        out.put("created", System.currentTimeMillis() / 1000);
        out.put("model", model.id());
        ArrayNode choices = out.putArray("choices");
        long promptTokens = 0;
        long completionTokens = 0;
        for (int i = 0; i < prompts.size(); i++) {
            String prompt = prompts.get(i);
            CompletionEngine.Result r;
            try {
                r = model.engine().complete(prompt, echo, maxTokens, temperature, rng, stop, logprobs);
            } catch (IllegalArgumentException e) {
                throw ApiError.badRequest("prompt", (prompts.size() > 1 ? "prompt " + i + ": " : "") + e.getMessage());
            }
            promptTokens += prompt.length();
            completionTokens += r.generated().size();
            ObjectNode c = choices.addObject();
            c.put("index", i);
            c.put("text", echo ? prompt + r.text() : r.text());
            if (logprobs >= 0) {
                c.set("logprobs", logprobs(r, echo, prompt.length()));
            } else {
                c.putNull("logprobs");
            }
            c.put("finish_reason", r.finishReason());
        }
        ObjectNode usage = out.putObject("usage");
        usage.put("prompt_tokens", promptTokens);
        usage.put("completion_tokens", completionTokens);
        usage.put("total_tokens", promptTokens + completionTokens);
        completions.incrementAndGet();
        return out;
    }

    private static ObjectNode logprobs(CompletionEngine.Result r, boolean echo, int promptLength) {
        ObjectNode lp = NODES.objectNode();
        ArrayNode tokens = lp.putArray("tokens");
        ArrayNode values = lp.putArray("token_logprobs");
        ArrayNode top = lp.putArray("top_logprobs");
        ArrayNode offsets = lp.putArray("text_offset");
        List<CompletionEngine.Token> all = new ArrayList<>();
        if (echo) {
            all.addAll(r.prompt());
        }
        all.addAll(r.generated());
        int offset = echo ? 0 : promptLength;
        for (CompletionEngine.Token t : all) {
            tokens.add(t.text());
            if (Double.isNaN(t.logprob())) {
                values.addNull();
            } else {
                values.add(t.logprob());
            }
            if (t.top() == null) {
                top.addNull();
            } else {
                ObjectNode m = top.addObject();
                for (CompletionEngine.Alternative a : t.top()) {
                    m.put(a.token(), a.logprob());
                }
            }
            offsets.add(offset);
            offset += t.text().length();
        }
        return lp;
    }

    private static List<String> prompts(JsonNode p) {
        if (p == null || p.isNull()) {
            throw ApiError.badRequest("prompt", "'prompt' is required (a string or an array of strings)");
        }
        if (p.isTextual()) {
            return List.of(p.asText());
        }
        if (p.isArray()) {
            if (p.isEmpty()) {
                throw ApiError.badRequest("prompt", "'prompt' is an empty array");
            }
            if (p.size() > MAX_PROMPTS) {
                throw ApiError.badRequest("prompt", "at most " + MAX_PROMPTS + " prompts per request");
            }
            List<String> out = new ArrayList<>();
            for (JsonNode e : p) {
                if (!e.isTextual()) {
                    throw ApiError.badRequest("prompt", "'prompt' must be a string or an array of strings (token-id prompts are not supported)");
                }
                out.add(e.asText());
            }
            return out;
        }
        throw ApiError.badRequest("prompt", "'prompt' must be a string or an array of strings");
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
                    throw ApiError.badRequest("stop", "'stop' must be a string or an array of strings");
                }
                out.add(e.asText());
            }
        } else {
            throw ApiError.badRequest("stop", "'stop' must be a string or an array of strings");
        }
        if (out.size() > 4) {
            throw ApiError.badRequest("stop", "at most 4 stop sequences");
        }
        if (out.stream().anyMatch(String::isEmpty)) {
            throw ApiError.badRequest("stop", "a stop sequence must not be empty");
        }
        return out;
    }

    private static int integer(JsonNode req, String field, int dflt, int min, int max) {
        JsonNode n = req.get(field);
        if (n == null || n.isNull()) {
            return dflt;
        }
        if (!n.isIntegralNumber() && !(n.isNumber() && n.asDouble() == Math.rint(n.asDouble()))) {
            throw ApiError.badRequest(field, "'" + field + "' must be an integer, got " + clip(n.toString(), 40));
        }
        double v = n.asDouble();
        if (v < min || v > max) {
            throw ApiError.badRequest(field, "'" + field + "' must be in " + min + ".." + max + ", got " + clip(n.toString(), 40));
        }
        return (int) v;
    }

    private static double number(JsonNode req, String field, double dflt, double min, double max) {
        JsonNode n = req.get(field);
        if (n == null || n.isNull()) {
            return dflt;
        }
        if (!n.isNumber()) {
            throw ApiError.badRequest(field, "'" + field + "' must be a number, got " + clip(n.toString(), 40));
        }
        double v = n.asDouble();
        if (!(v >= min && v <= max)) {
            throw ApiError.badRequest(field, "'" + field + "' must be in " + min + ".." + max + ", got " + clip(n.toString(), 40));
        }
        return v;
    }

    private static boolean bool(JsonNode req, String field, boolean dflt) {
        JsonNode n = req.get(field);
        if (n == null || n.isNull()) {
            return dflt;
        }
        if (!n.isBoolean()) {
            throw ApiError.badRequest(field, "'" + field + "' must be true or false, got " + clip(n.toString(), 40));
        }
        return n.asBoolean();
    }

    private static void neutral(JsonNode req, String field, double neutral) {
        JsonNode n = req.get(field);
        if (n != null && !n.isNull() && !(n.isNumber() && n.asDouble() == neutral)) {
            throw ApiError.badRequest(field, "'" + field + "' other than " + (neutral == Math.rint(neutral) ? Long.toString((long) neutral)
                    : Double.toString(neutral)) + " is not supported");
        }
    }

    private static String clip(String s, int n) {
        return s.length() > n ? s.substring(0, n) + "..." : s;
    }

    private static void send(HttpExchange ex, int status, JsonNode body) throws IOException {
        byte[] bytes = JSON.writeValueAsBytes(body);
        ex.getResponseHeaders().set("Content-Type", "application/json; charset=utf-8");
        ex.sendResponseHeaders(status, bytes.length);
        try (OutputStream o = ex.getResponseBody()) {
            o.write(bytes);
        }
    }

    private static void sendError(HttpExchange ex, ApiError e) throws IOException {
        ObjectNode o = NODES.objectNode();
        ObjectNode err = o.putObject("error");
        err.put("message", e.getMessage());
        err.put("type", e.type);
        if (e.param == null) {
            err.putNull("param");
        } else {
            err.put("param", e.param);
        }
        if (e.code == null) {
            err.putNull("code");
        } else {
            err.put("code", e.code);
        }
        if (e.status == 405) {
            ex.getResponseHeaders().set("Allow", ex.getRequestURI().getRawPath().startsWith("/v1/completions") ? "POST" : "GET");
        }
        send(ex, e.status, o);
    }
}

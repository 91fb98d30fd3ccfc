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
import mirage.io.api.CompletionsWire;

/**
 * The subset of OpenAI's HTTP API that evaluation needs, over mirage's trained models, on the JDK's
 * {@link HttpServer} (docs/FORMATS.md, "mirage serve"):
 *
 * <ul>
 *   <li>{@code POST /v1/completions}, read and written by the shared codec {@link CompletionsWire} (prompts as
 *       text or token ids; unsupported sampling parameters refused alike unless neutral); the end mark, when
 *       generated, is a generated position (in the log-probabilities, not the text), as vLLM returns its
 *       end-of-sequence token.</li>
 *   <li>vLLM's tokenizer endpoints: {@code POST /tokenize}, {@code POST /detokenize}, {@code GET /tokenizer_info}
 *       (one token per character; other characters get {@link CompletionEngine#UNKNOWN_ID}).</li>
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
    public static final int MAX_PROMPTS = CompletionsWire.MAX_PROMPTS;
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
                } else if (path.equals("/tokenize")) {
                    requireMethod(method, "POST", path);
                    send(ex, 200, tokenize(readBody(ex)));
                } else if (path.equals("/detokenize")) {
                    requireMethod(method, "POST", path);
                    send(ex, 200, detokenize(readBody(ex)));
                } else if (path.equals("/tokenizer_info")) {
                    requireMethod(method, "GET", path);
                    send(ex, 200, tokenizerInfo());
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
                            "Invalid URL (" + method + " " + clip(path, 100) + "); mirage serve answers POST /v1/completions, GET /v1/models, "
                            + "POST /tokenize, POST /detokenize and GET /tokenizer_info");
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

    /** The answer to a completions request (read and written by the shared codec, {@link CompletionsWire}). */
    ObjectNode completions(JsonNode body) {
        CompletionsWire.Request req;
        try {
            req = CompletionsWire.readRequest(body);
        } catch (CompletionsWire.BadRequest e) {
            throw ApiError.badRequest(e.param(), e.getMessage());
        }
        ServedModel model = model(req.model(), "model");
        int vocab = model.gpt().config().vocab();
        int logprobs = req.logprobs() == null ? -1 : req.logprobs();
        if (logprobs > vocab) {
            throw ApiError.badRequest("logprobs", "'logprobs' must be in 0.." + vocab + " (the model's vocabulary), got " + logprobs);
        }
        SplittableRandom rng;
        if (req.seed() != null) {
            rng = new SplittableRandom(req.seed());
        } else {
            synchronized (unseeded) {
                rng = unseeded.split();
            }
        }
        List<CompletionsWire.Prompt> prompts = req.prompts();
        List<CompletionsWire.Choice> choices = new ArrayList<>(prompts.size());
        long promptTokens = 0;
        long completionTokens = 0;
        for (int i = 0; i < prompts.size(); i++) {
            String where = prompts.size() > 1 ? "prompt " + i + ": " : "";
            String prompt;
            try {
                prompt = prompts.get(i).isIds() ? CompletionEngine.decode(prompts.get(i).ids()) : prompts.get(i).text();
            } catch (IllegalArgumentException e) {
                throw ApiError.badRequest("prompt", where + e.getMessage());
            }
            CompletionEngine.Result r;
            try {
                r = model.engine().complete(prompt, req.echo(), req.maxTokens(), req.temperature(), rng, req.stop(), logprobs);
            } catch (IllegalArgumentException e) {
                throw ApiError.badRequest("prompt", where + e.getMessage());
            }
            promptTokens += prompt.length();
            completionTokens += r.generated().size();
            choices.add(new CompletionsWire.Choice(i, req.echo() ? prompt + r.text() : r.text(),
                    logprobs >= 0 ? logprobs(r, req.echo(), prompt.length()) : null, r.finishReason()));
        }
        completions.incrementAndGet();
        return CompletionsWire.write(new CompletionsWire.Response("cmpl-mirage-" + ids.incrementAndGet(),
                System.currentTimeMillis() / 1000, model.id(), choices, new CompletionsWire.Usage(promptTokens, completionTokens)));
    }

    private static CompletionsWire.Logprobs logprobs(CompletionEngine.Result r, boolean echo, int promptLength) {
        List<CompletionEngine.Token> all = new ArrayList<>();
        if (echo) {
            all.addAll(r.prompt());
        }
        all.addAll(r.generated());
        List<String> tokens = new ArrayList<>(all.size());
        double[] values = new double[all.size()];
        List<Map<String, Double>> top = new ArrayList<>(all.size());
        int[] offsets = new int[all.size()];
        int offset = echo ? 0 : promptLength;
        for (int i = 0; i < all.size(); i++) {
            CompletionEngine.Token t = all.get(i);
            tokens.add(t.text());
            values[i] = t.logprob();
            if (t.top() == null) {
                top.add(null);
            } else {
                Map<String, Double> m = new LinkedHashMap<>();
                for (CompletionEngine.Alternative a : t.top()) {
                    m.put(a.token(), a.logprob());
                }
                top.add(m);
            }
            offsets[i] = offset;
            offset += t.text().length();
        }
        return new CompletionsWire.Logprobs(tokens, values, top, offsets);
    }

    /** {@code POST /tokenize} as vLLM answers it: {@code {"count", "max_model_len", "tokens"}}. */
    ObjectNode tokenize(JsonNode req) {
        JsonNode p = req.get("prompt");
        if (p == null || !p.isTextual()) {
            throw ApiError.badRequest("prompt", "'prompt' is required (a string); chat 'messages' are not supported");
        }
        int[] tokens = CompletionEngine.tokenize(p.asText());
        ObjectNode o = NODES.objectNode();
        o.put("count", tokens.length);
        o.put("max_model_len", context(req));
        ArrayNode a = o.putArray("tokens");
        for (int t : tokens) {
            a.add(t);
        }
        o.putNull("token_strs");
        return o;
    }

    /** {@code POST /detokenize} as vLLM answers it: {@code {"prompt"}}. */
    ObjectNode detokenize(JsonNode req) {
        JsonNode t = req.get("tokens");
        if (t == null || !t.isArray()) {
            throw ApiError.badRequest("tokens", "'tokens' is required (an array of token ids)");
        }
        int[] ids = new int[t.size()];
        for (int i = 0; i < ids.length; i++) {
            if (!t.get(i).isIntegralNumber() || !t.get(i).canConvertToInt()) {
                throw ApiError.badRequest("tokens", "tokens[" + i + "] is not a token id: " + clip(t.get(i).toString(), 40));
            }
            ids[i] = t.get(i).asInt();
        }
        ObjectNode o = NODES.objectNode();
        try {
            o.put("prompt", CompletionEngine.detokenize(ids));
        } catch (IllegalArgumentException e) {
            throw ApiError.badRequest("tokens", e.getMessage());
        }
        return o;
    }

    /** {@code GET /tokenizer_info}: the character tokenizer every served model shares. */
    ObjectNode tokenizerInfo() {
        ObjectNode o = NODES.objectNode();
        o.put("tokenizer_class", "mirage-char");
        o.put("eos_token", String.valueOf(CompletionEngine.END_MARK));
        o.putNull("bos_token");
        o.putNull("pad_token");
        o.put("unk_token", String.valueOf(CompletionEngine.UNKNOWN_TEXT));
        o.put("unk_token_id", CompletionEngine.UNKNOWN_ID);
        o.put("model_max_length", context(NODES.objectNode()));
        o.put("vocab_size", CompletionEngine.UNKNOWN_ID + 1);
        ObjectNode vocab = o.putObject("vocab");
        String chars = CompletionEngine.vocabulary();
        for (int i = 0; i < chars.length(); i++) {
            vocab.put(String.valueOf(chars.charAt(i)), CompletionEngine.tokenize(String.valueOf(chars.charAt(i)))[0]);
        }
        o.putNull("chat_template");
        return o;
    }

    /** The context of the request's model, or (no model named) the largest context served. */
    private int context(JsonNode req) {
        JsonNode m = req.get("model");
        if (m != null && m.isTextual()) {
            return model(m.asText(), "model").engine().context();
        }
        return models.stream().mapToInt(x -> x.engine().context()).max().orElse(0);
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
            String p = ex.getRequestURI().getRawPath();
            ex.getResponseHeaders().set("Allow", p.startsWith("/v1/completions") || p.equals("/tokenize") || p.equals("/detokenize")
                    ? "POST" : "GET");
        }
        send(ex, e.status, o);
    }
}

package mirage.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A small OpenAI-compatible completions server for tests: by default it answers like a real model server
 * with a BPE-like tokeniser (digits in pairs, words with their leading space), answering arithmetic
 * prompts right except when the sum is a multiple of 5 (then one more); a {@link Behaviour} may replace
 * any answer with a crafted one (errors, malformed JSON, missing fields, delays).
 */
final class FakeApi implements AutoCloseable {
    static final ObjectMapper JSON = new ObjectMapper();
    static final Pattern TOKEN = Pattern.compile("\\s?\\d{1,2}|\\s?[A-Za-z]+|\\s|[^\\sA-Za-z0-9]");
    static final Pattern QA = Pattern.compile("What is (\\d+) (plus|times) (\\d+)\\? A:$");
    static final Pattern PLAIN = Pattern.compile("(\\d+)([+*])(\\d+)=$");

    /** A crafted answer: status, extra headers, body. */
    record Reply(int status, Map<String, String> headers, String body) {
        static Reply json(int status, String body) {
            return new Reply(status, Map.of(), body);
        }
    }

    /** Returns a crafted reply for request number n (0-based), or null for the default answer. */
    interface Behaviour {
        Reply reply(int n, JsonNode request) throws Exception;
    }

    final HttpServer http;
    final AtomicInteger count = new AtomicInteger();
    final AtomicInteger inFlight = new AtomicInteger();
    final AtomicInteger maxInFlight = new AtomicInteger();
    final List<String> authorizations = new CopyOnWriteArrayList<>();
    final List<String> queries = new CopyOnWriteArrayList<>();
    volatile Behaviour behaviour = (n, r) -> null;
    volatile long delayMillis;

    static {
        // answer without Nagle's delay (as mirage serve does; read once, when the JDK's first server starts)
        System.setProperty("sun.net.httpserver.nodelay", "true");
    }

    FakeApi() throws IOException {
        http = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 64);
        http.setExecutor(Executors.newFixedThreadPool(16, r -> {
            Thread t = new Thread(r, "fake-api");
            t.setDaemon(true);
            return t;
        }));
        http.createContext("/", this::handle);
        http.start();
    }

    String url() {
        return "http://127.0.0.1:" + http.getAddress().getPort() + "/v1";
    }

    private void handle(HttpExchange ex) throws IOException {
        int now = inFlight.incrementAndGet();
        maxInFlight.accumulateAndGet(now, Math::max);
        boolean counted = true;
        try (ex) {
            int n = count.getAndIncrement();
            String auth = ex.getRequestHeaders().getFirst("Authorization");
            authorizations.add(auth == null ? "" : auth);
            String q = ex.getRequestURI().getRawQuery();
            queries.add(q == null ? "" : q);
            JsonNode req = JSON.readTree(ex.getRequestBody().readAllBytes());
            if (delayMillis > 0) {
                Thread.sleep(delayMillis);
            }
            Reply r = behaviour.reply(n, req);
            if (r == null) {
                r = Reply.json(200, JSON.writeValueAsString(answer(req)));
            }
            // no longer in flight once the answer is ready: the client may send its next request as soon as it
            // has read this one, possibly before this handler returns
            inFlight.decrementAndGet();
            counted = false;
            byte[] b = r.body().getBytes(StandardCharsets.UTF_8);
            r.headers().forEach((k, v) -> ex.getResponseHeaders().set(k, v));
            ex.getResponseHeaders().set("Content-Type", "application/json");
            ex.sendResponseHeaders(r.status(), b.length == 0 ? -1 : b.length);
            if (b.length > 0) {
                try (OutputStream o = ex.getResponseBody()) {
                    o.write(b);
                }
            }
        } catch (Exception e) {
            throw new IOException(e);
        } finally {
            if (counted) {
                inFlight.decrementAndGet();
            }
        }
    }

    static List<String> tokenize(String s) {
        List<String> out = new ArrayList<>();
        Matcher m = TOKEN.matcher(s);
        int pos = 0;
        while (m.find()) {
            if (m.start() != pos) {
                throw new IllegalStateException("gap in tokenisation");
            }
            out.add(m.group());
            pos = m.end();
        }
        return out;
    }

    /** The answer a model that adds (and multiplies) almost right would give. */
    static String completionText(String prompt) {
        Matcher q = QA.matcher(prompt);
        if (q.find()) {
            return " " + value(Long.parseLong(q.group(1)), q.group(2).equals("plus") ? '+' : '*', Long.parseLong(q.group(3)));
        }
        Matcher p = PLAIN.matcher(prompt);
        if (p.find()) {
            return Long.toString(value(Long.parseLong(p.group(1)), p.group(2).charAt(0), Long.parseLong(p.group(3))));
        }
        return " I do not know";
    }

    private static long value(long a, char op, long b) {
        long v = op == '+' ? a + b : a * b;
        return v % 5 == 0 ? v + 1 : v;
    }

    static ObjectNode answer(JsonNode req) {
        String prompt = req.get("prompt").asText();
        boolean echo = req.path("echo").asBoolean(false);
        String text = echo ? prompt : completionText(prompt);
        ObjectNode o = JSON.createObjectNode();
        o.put("id", "cmpl-fake");
        o.put("object", "text_completion");
        o.put("model", req.path("model").asText());
        ArrayNode choices = o.putArray("choices");
        ObjectNode c = choices.addObject();
        c.put("index", 0);
        c.put("text", text);
        if (req.hasNonNull("logprobs")) {
            ObjectNode lp = c.putObject("logprobs");
            ArrayNode toks = lp.putArray("tokens");
            ArrayNode vals = lp.putArray("token_logprobs");
            ArrayNode offs = lp.putArray("text_offset");
            int off = echo ? 0 : prompt.length();
            List<String> tokens = tokenize(text);
            for (int i = 0; i < tokens.size(); i++) {
                toks.add(tokens.get(i));
                if (echo && i == 0) {
                    vals.addNull();
                } else {
                    vals.add(-0.25 - 0.01 * i);
                }
                offs.add(off);
                off += tokens.get(i).length();
            }
        } else {
            c.putNull("logprobs");
        }
        c.put("finish_reason", "stop");
        return o;
    }

    @Override
    public void close() {
        http.stop(0);
    }
}

package mirage.io.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import com.sun.net.httpserver.HttpServer;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.http.HttpClient;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.IntFunction;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Retries, backoff with seeded jitter, Retry-After, errors without the key, response checks. */
class CompletionsClientTest {
    record Reply(int status, Map<String, String> headers, String body) {
    }

    HttpServer server;
    final AtomicInteger calls = new AtomicInteger();
    final List<Duration> slept = new ArrayList<>();
    static final Clock CLOCK = Clock.fixed(Instant.parse("2025-01-01T00:00:00Z"), ZoneOffset.UTC);

    Endpoint serve(IntFunction<Reply> replies) throws Exception {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 8);
        server.createContext("/", ex -> {
            try (ex) {
                ex.getRequestBody().readAllBytes();
                Reply r = replies.apply(calls.getAndIncrement());
                r.headers().forEach((k, v) -> ex.getResponseHeaders().set(k, v));
                byte[] b = r.body().getBytes(StandardCharsets.UTF_8);
                ex.sendResponseHeaders(r.status(), b.length);
                try (OutputStream o = ex.getResponseBody()) {
                    o.write(b);
                }
            }
        });
        server.start();
        return Endpoint.parse("http://127.0.0.1:" + server.getAddress().getPort());
    }

    @AfterEach
    void stop() {
        if (server != null) {
            server.stop(0);
        }
    }

    CompletionsClient client(ApiKey key, int retries) {
        RetryPolicy p = new RetryPolicy(retries, Duration.ofMillis(100), Duration.ofSeconds(2), Duration.ofSeconds(30), 42);
        return new CompletionsClient(HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build(), key, p,
                Duration.ofSeconds(5), slept::add, CLOCK);
    }

    static final String OK = "{\"choices\":[{\"index\":0,\"text\":\"12\",\"logprobs\":{\"tokens\":[\"1\",\"2\"],"
            + "\"token_logprobs\":[-0.5,-Infinity],\"text_offset\":[4,5]},\"finish_reason\":\"length\"}]}";
    static final CompletionRequest REQ = new CompletionRequest("m", "5+7=", 2, 0, null, List.of("\n"), 1, false);

    @Test
    void retriesServerErrorsHonouringRetryAfterInSecondsAndAsADate() throws Exception {
        Endpoint ep = serve(n -> switch (n) {
            case 0 -> new Reply(503, Map.of("Retry-After", "7"), "{\"error\":{\"message\":\"busy\"}}");
            case 1 -> new Reply(429, Map.of("Retry-After", "Wed, 01 Jan 2025 00:00:03 GMT"), "");
            case 2 -> new Reply(502, Map.of(), "<html>bad gateway</html>");
            default -> new Reply(200, Map.of(), OK);
        });
        CompletionsClient c = client(ApiKey.none(), 5);
        Completion r = c.complete(ep, REQ, "item 5+7");
        assertThat(r.text()).isEqualTo("12");
        assertThat(r.tokens()).containsExactly("1", "2");
        assertThat(r.tokenLogprobs()[1]).isEqualTo(Double.NEGATIVE_INFINITY); // Python's json writes -Infinity
        assertThat(r.textOffsets()).containsExactly(4, 5);
        assertThat(r.finishReason()).isEqualTo("length");
        assertThat(slept).hasSize(3);
        assertThat(slept.get(0)).isEqualTo(Duration.ofSeconds(7)); // Retry-After longer than the backoff
        assertThat(slept.get(1)).isEqualTo(Duration.ofSeconds(3));
        // no Retry-After: the backoff of retry 2, base 100 ms x 2^2, equal jitter: in [200, 400) ms
        assertThat(slept.get(2).toMillis()).isBetween(200L, 399L);
        assertThat(c.retries()).isEqualTo(3);
        assertThat(c.requests()).isEqualTo(4);
        assertThat(c.retryReasons()).containsEntry("HTTP 503", 1L).containsEntry("HTTP 429", 1L).containsEntry("HTTP 502", 1L);
    }

    @Test
    void givesUpAfterTheLastRetryWithTheLastProblem() throws Exception {
        Endpoint ep = serve(n -> new Reply(500, Map.of(), "{\"error\":{\"message\":\"CUDA out of\\nmemory\"}}"));
        CompletionsClient c = client(ApiKey.none(), 2);
        assertThatThrownBy(() -> c.complete(ep, REQ, "model m, item 5+7 (answer)"))
                .isInstanceOf(RemoteFailureException.class)
                .hasMessage("gave up on model m, item 5+7 (answer) after 3 attempts: HTTP 500: CUDA out of memory");
        assertThat(calls.get()).isEqualTo(3);
    }

    @Test
    void serverMessagesAreOneLineWithoutControlCharacters() throws Exception {
        Endpoint ep = serve(n -> new Reply(400, Map.of(), "{\"error\":{\"message\":\"bad\\u001b[2J\\u001b]0;owned\\u0007 prompt\\r\\nline 2\\u009b\"}}"));
        assertThatThrownBy(() -> client(ApiKey.none(), 0).complete(ep, REQ, "x"))
                .isInstanceOf(RejectedRequestException.class)
                .hasMessageEndingWith("HTTP 400: bad\uFFFD[2J\uFFFD]0;owned\uFFFD prompt line 2\uFFFD");
    }

    @Test
    void aRetryAfterBeyondTheLimitEndsTheRetries() throws Exception {
        Endpoint ep = serve(n -> new Reply(429, Map.of("Retry-After", "3600"), "{\"error\":{\"message\":\"quota\"}}"));
        assertThatThrownBy(() -> client(ApiKey.none(), 5).complete(ep, REQ, "x"))
                .hasMessage("gave up on x: HTTP 429: quota, and the server asks to retry only after 3600 s (more than 30 s)");
        assertThat(calls.get()).isEqualTo(1);
    }

    @Test
    void clientErrorsAreNotRetriedAndNeverShowTheKey() throws Exception {
        String key = "sk-proj-abcdef0123456789";
        Endpoint ep = serve(n -> new Reply(401, Map.of(), "{\"error\":{\"message\":\"Incorrect API key provided: sk-proj-abc***789. "
                + "You sent " + key + ".\"}}"));
        assertThatThrownBy(() -> client(ApiKey.of(key), 5).complete(ep, REQ, "model m"))
                .isInstanceOf(RejectedRequestException.class)
                .hasMessage("the server at " + ep.completions() + " rejected model m with HTTP 401: Incorrect API key provided: "
                        + "[API key]. You sent [API key].")
                .satisfies(e -> assertThat(((RejectedRequestException) e).status()).isEqualTo(401));
        assertThat(calls.get()).isEqualTo(1);
        assertThat(ApiKey.of(key).toString()).doesNotContain("abcdef");
    }

    @Test
    void backoffIsAFunctionOfTheSeedAndTheRequest() {
        RetryPolicy a = new RetryPolicy(5, Duration.ofSeconds(1), Duration.ofSeconds(60), Duration.ofMinutes(5), 1);
        RetryPolicy b = new RetryPolicy(5, Duration.ofSeconds(1), Duration.ofSeconds(60), Duration.ofMinutes(5), 1);
        RetryPolicy other = new RetryPolicy(5, Duration.ofSeconds(1), Duration.ofSeconds(60), Duration.ofMinutes(5), 2);
        int differ = 0;
        for (int k = 0; k < 10; k++) {
            Duration d = a.backoff(k, "item " + k);
            assertThat(d).isEqualTo(b.backoff(k, "item " + k));
            double cap = Math.min(60_000, 1000 * Math.pow(2, k));
            assertThat((double) d.toMillis()).isBetween(cap / 2 - 1, cap);
            differ += d.equals(other.backoff(k, "item " + k)) ? 0 : 1;
        }
        assertThat(differ).isGreaterThan(5);
        // the jitter spreads: mean of u over many requests near 1/2
        double sum = 0;
        for (int i = 0; i < 2000; i++) {
            sum += a.backoff(0, "r" + i).toNanos() / 1e9 * 2 - 1; // u
        }
        assertThat(sum / 2000).isCloseTo(0.5, within(0.03));
    }

    @Test
    void retryAfterParsing() {
        ZonedDateTime now = ZonedDateTime.now(CLOCK);
        assertThat(RetryPolicy.parseRetryAfter("120", now)).isEqualTo(Duration.ofSeconds(120));
        assertThat(RetryPolicy.parseRetryAfter("1.5", now)).isEqualTo(Duration.ofMillis(1500));
        assertThat(RetryPolicy.parseRetryAfter("Wed, 01 Jan 2025 00:01:00 GMT", now)).isEqualTo(Duration.ofSeconds(60));
        assertThat(RetryPolicy.parseRetryAfter("Tue, 31 Dec 2024 23:00:00 GMT", now)).isEqualTo(Duration.ZERO);
        assertThat(RetryPolicy.parseRetryAfter("-3", now)).isNull();
        assertThat(RetryPolicy.parseRetryAfter("soon", now)).isNull();
        assertThat(RetryPolicy.parseRetryAfter(null, now)).isNull();
    }

    @Test
    void endpointsAndKeys() {
        assertThat(Endpoint.parse("http://127.0.0.1:8000").completions().toString()).isEqualTo("http://127.0.0.1:8000/v1/completions");
        assertThat(Endpoint.parse("http://h:1/v1/").completions().toString()).isEqualTo("http://h:1/v1/completions");
        assertThat(Endpoint.parse("https://api.x.ai/v1/completions").models().toString()).isEqualTo("https://api.x.ai/v1/models");
        Endpoint q = Endpoint.parse("https://h/openai/v1?api-version=2024&token=s3cret");
        assertThat(q.completions().toString()).isEqualTo("https://h/openai/v1/completions?api-version=2024&token=s3cret");
        assertThat(q.display()).isEqualTo("https://h/openai/v1?...");
        assertThatThrownBy(() -> Endpoint.parse("http://u:p@h/v1")).hasMessageContaining("must not contain credentials");
        assertThatThrownBy(() -> Endpoint.parse("localhost:8000")).hasMessageContaining("must start with http");
        assertThatThrownBy(() -> Endpoint.parse("http://")).isInstanceOf(IllegalArgumentException.class);
        ApiKey k = ApiKey.fromEnvironment("K", Map.of("K", "  sk-1234567890abcdef \n"));
        assertThat(k.present()).isTrue();
        assertThat(k.redact("key sk-1234567890abcdef and sk-1234**cdef.")).isEqualTo("key [API key] and [API key].");
        assertThat(ApiKey.fromEnvironment("K", Map.of()).present()).isFalse();
        assertThat(ApiKey.fromEnvironment("K", Map.of("K", " ")).present()).isFalse();
    }

    @Test
    void responsesAreChecked() throws Exception {
        byte[] b = "{\"choices\":[{\"text\":\"1\",\"logprobs\":{\"tokens\":[\"1\"],\"token_logprobs\":[-0.1,-0.2]}}]}"
                .getBytes(StandardCharsets.UTF_8);
        assertThatThrownBy(() -> Completion.parse(b, true, "x")).hasMessage("x: 'logprobs' has 1 tokens but 2 token_logprobs");
        assertThatThrownBy(() -> Completion.parse("[]".getBytes(StandardCharsets.UTF_8), true, "x"))
                .hasMessage("x: the response is not a JSON object");
        assertThatThrownBy(() -> Completion.parse("{\"choices\":[]}".getBytes(StandardCharsets.UTF_8), true, "x"))
                .hasMessage("x: the response has 0 choices, expected 1");
        assertThatThrownBy(() -> Completion.parse("{\"choices\":[{\"text\":\"1\"}]}".getBytes(StandardCharsets.UTF_8), true, "x"))
                .hasMessageContaining("'logprobs' is missing");
        assertThatThrownBy(() -> Completion.parse(
                "{\"choices\":[{\"text\":\"1\",\"logprobs\":{\"tokens\":[1],\"token_logprobs\":[-1]}}]}".getBytes(StandardCharsets.UTF_8),
                true, "x")).hasMessage("x: logprobs.tokens[0] is not a string");
        // the chat-style list of tokens some servers send for completions
        Completion chat = Completion.parse(("{\"choices\":[{\"index\":0,\"text\":\" 12\",\"logprobs\":{\"content\":["
                + "{\"token\":\" 1\",\"logprob\":-0.25,\"bytes\":[32,49],\"top_logprobs\":[]},{\"token\":\"2\",\"logprob\":-1.5}]}}]}")
                .getBytes(StandardCharsets.UTF_8), true, "x");
        assertThat(chat.tokens()).containsExactly(" 1", "2");
        assertThat(chat.tokenLogprobs()).containsExactly(-0.25, -1.5);
        assertThat(chat.textOffsets()).isNull();
        assertThatThrownBy(() -> Completion.parse("{\"choices\":[{\"text\":\"1\",\"logprobs\":{\"content\":[{\"token\":\"1\"}]}}]}"
                .getBytes(StandardCharsets.UTF_8), true, "x")).hasMessage("x: logprobs.content[0] lacks 'token' or 'logprob'");
    }
}

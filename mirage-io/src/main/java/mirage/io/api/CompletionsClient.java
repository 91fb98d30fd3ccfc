package mirage.io.api;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.io.InputStream;
import java.net.ConnectException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.ZonedDateTime;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A client of OpenAI-compatible {@code /v1/completions} endpoints on Java's {@link HttpClient}
 * (HTTP/1.1, no redirects followed): one request at a time per calling thread, any number of threads.
 *
 * <ul>
 *   <li>Each attempt has a timeout (connection and whole response).</li>
 *   <li>408, 425, 429 and 5xx answers, connection errors and timeouts are retried after the delays of the
 *       {@link RetryPolicy} (exponential with seeded jitter, {@code Retry-After} honoured); after the
 *       last retry the request fails with a {@link RemoteFailureException}.</li>
 *   <li>Other non-200 answers (400, 401, 403, 404, 422, redirects, ...) are not retried: a
 *       {@link RejectedRequestException} with the server's own message.</li>
 *   <li>A 200 answer that is not a usable completion is a {@link ProtocolException} (not retried).</li>
 *   <li>The API key is sent as {@code Authorization: Bearer}, and redacted from every message.</li>
 * </ul>
 */
public final class CompletionsClient {
    /** Largest response body read. */
    public static final int MAX_RESPONSE_BYTES = 32 << 20;

    /** Waits between attempts (replaced in tests). */
    public interface Sleeper {
        void sleep(Duration d) throws InterruptedException;
    }

    private final HttpClient http;
    private final ApiKey key;
    private final RetryPolicy policy;
    private final Duration timeout;
    private final Sleeper sleeper;
    private final Clock clock;
    private final AtomicLong requests = new AtomicLong();
    private final AtomicLong retries = new AtomicLong();
    private final Map<String, Long> retryReasons = new TreeMap<>();

    public CompletionsClient(ApiKey key, RetryPolicy policy, Duration timeout) {
        this(HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).followRedirects(HttpClient.Redirect.NEVER)
                .connectTimeout(timeout).build(), key, policy, timeout, d -> Thread.sleep(Math.max(0, d.toMillis())),
                Clock.systemUTC());
    }

    public CompletionsClient(HttpClient http, ApiKey key, RetryPolicy policy, Duration timeout, Sleeper sleeper, Clock clock) {
        this.http = http;
        this.key = key;
        this.policy = policy;
        this.timeout = timeout;
        this.sleeper = sleeper;
        this.clock = clock;
    }

    /**
     * Sends a completion request and checks the answer.
     *
     * @param what the request in words, for messages and as the jitter key ("model m, item i: generation")
     */
    public Completion complete(Endpoint endpoint, CompletionRequest request, String what)
            throws RemoteFailureException, InterruptedException {
        byte[] body;
        try {
            body = Completion.JSON.writeValueAsBytes(request.toJson());
        } catch (IOException e) {
            throw new IllegalStateException("cannot happen: serialising a JSON tree", e);
        }
        byte[] answer = post(endpoint.completions(), body, what);
        try {
            return Completion.parse(answer, request.logprobs() != null, what);
        } catch (ProtocolException e) {
            throw new ProtocolException(key.redact(e.getMessage()));
        }
    }

    /** POSTs a JSON body; returns the body of the 200 answer. */
    public byte[] post(URI uri, byte[] json, String what) throws RemoteFailureException, InterruptedException {
        HttpRequest.Builder b = HttpRequest.newBuilder(uri).timeout(timeout)
                .header("Content-Type", "application/json").header("Accept", "application/json")
                .POST(HttpRequest.BodyPublishers.ofByteArray(json));
        if (key.present()) {
            b.header("Authorization", key.bearer());
        }
        HttpRequest req = b.build();
        String where = uri.getScheme() + "://" + uri.getRawAuthority() + uri.getRawPath();
        String lastProblem = null;
        for (int attempt = 0; ; attempt++) {
            Duration retryAfter = null;
            String reason;
            requests.incrementAndGet();
            try {
                HttpResponse<InputStream> r = http.send(req, HttpResponse.BodyHandlers.ofInputStream());
                byte[] content = read(r.body(), what);
                int status = r.statusCode();
                if (status == 200) {
                    return content;
                }
                String message = errorMessage(content);
                lastProblem = "HTTP " + status + (message.isEmpty() ? "" : ": " + message);
                if (!retryable(status)) {
                    throw new RejectedRequestException(status, key.redact(oneLine("the server at " + where + " rejected "
                            + what + " with " + lastProblem)));
                }
                reason = "HTTP " + status;
                retryAfter = RetryPolicy.parseRetryAfter(r.headers().firstValue("Retry-After").orElse(null),
                        ZonedDateTime.now(clock));
            } catch (ProtocolException e) {
                throw new ProtocolException(key.redact(e.getMessage()));
            } catch (HttpConnectTimeoutException e) {
                reason = "connect timeout";
                lastProblem = "no connection to " + where + " within " + seconds(timeout);
            } catch (HttpTimeoutException e) {
                reason = "timeout";
                lastProblem = "no answer from " + where + " within " + seconds(timeout);
            } catch (ConnectException e) {
                reason = "connection refused";
                lastProblem = "cannot connect to " + where + " (" + (e.getMessage() == null ? "connection refused" : e.getMessage()) + ")";
            } catch (IOException e) {
                reason = "I/O error";
                lastProblem = "connection to " + where + " failed (" + e.getClass().getSimpleName()
                        + (e.getMessage() == null ? "" : ": " + e.getMessage()) + ")";
            }
            if (attempt >= policy.retries()) {
                throw new RemoteFailureException(key.redact(oneLine("gave up on " + what + " after " + (attempt + 1)
                        + (attempt == 0 ? " attempt: " : " attempts: ") + lastProblem)));
            }
            if (retryAfter != null && retryAfter.compareTo(policy.maxRetryAfter()) > 0) {
                throw new RemoteFailureException(key.redact(oneLine("gave up on " + what + ": " + lastProblem
                        + ", and the server asks to retry only after " + seconds(retryAfter) + " (more than "
                        + seconds(policy.maxRetryAfter()) + ")")));
            }
            Duration wait = policy.backoff(attempt, what);
            if (retryAfter != null && retryAfter.compareTo(wait) > 0) {
                wait = retryAfter;
            }
            retries.incrementAndGet();
            synchronized (retryReasons) {
                retryReasons.merge(reason, 1L, Long::sum);
            }
            sleeper.sleep(wait);
        }
    }

    static boolean retryable(int status) {
        return status == 408 || status == 425 || status == 429 || (status >= 500 && status <= 599);
    }

    private static byte[] read(InputStream in, String what) throws IOException {
        try (in) {
            byte[] b = in.readNBytes(MAX_RESPONSE_BYTES + 1);
            if (b.length > MAX_RESPONSE_BYTES) {
                throw new ProtocolException(what + ": the response is larger than " + (MAX_RESPONSE_BYTES >> 20) + " MiB");
            }
            return b;
        }
    }

    /** The server's error message from an error body: OpenAI's {@code error.message}, FastAPI's {@code detail}, or the text. */
    static String errorMessage(byte[] body) {
        if (body == null || body.length == 0) {
            return "";
        }
        try {
            JsonNode n = Completion.JSON.readTree(body);
            if (n != null && n.isObject()) {
                String m = errorMessage(n);
                if (!m.isEmpty()) {
                    return m;
                }
            }
        } catch (IOException | RuntimeException e) {
            // not JSON: the text itself
        }
        String s = new String(body, 0, Math.min(body.length, 300), StandardCharsets.UTF_8);
        return oneLine(s) + (body.length > 300 ? "..." : "");
    }

    static String errorMessage(JsonNode n) {
        JsonNode e = n.get("error");
        if (e != null && e.isObject() && e.get("message") != null) {
            return oneLine(clip(e.get("message").asText()));
        }
        if (e != null && e.isTextual()) {
            return oneLine(clip(e.asText()));
        }
        for (String f : new String[] {"detail", "message"}) {
            JsonNode d = n.get(f);
            if (d != null && !d.isNull()) {
                return oneLine(clip(d.isTextual() ? d.asText() : d.toString()));
            }
        }
        return "";
    }

    private static String clip(String s) {
        return s.length() > 300 ? s.substring(0, 300) + "..." : s;
    }

    /**
     * The text on one line, fit for a terminal: line breaks become one space, and other control characters
     * (C0, DEL, C1: a server's text could carry terminal escape sequences) become U+FFFD.
     */
    static String oneLine(String s) {
        return s.replaceAll("\\s*[\\r\\n]+\\s*", " ").replaceAll("[\\x00-\\x1f\\x7f-\\x9f]", "\uFFFD").strip();
    }

    private static String seconds(Duration d) {
        double s = d.toMillis() / 1000.0;
        return (s == Math.rint(s) ? Long.toString((long) s) : Double.toString(s)) + " s";
    }

    /** Requests sent (every attempt counts). */
    public long requests() {
        return requests.get();
    }

    /** Retries made. */
    public long retries() {
        return retries.get();
    }

    /** Retries by reason ("HTTP 503", "timeout", "connection refused", ...). */
    public Map<String, Long> retryReasons() {
        synchronized (retryReasons) {
            return new TreeMap<>(retryReasons);
        }
    }

    public ApiKey key() {
        return key;
    }
}

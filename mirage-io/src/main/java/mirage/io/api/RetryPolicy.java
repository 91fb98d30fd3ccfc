package mirage.io.api;

import java.time.Duration;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.SplittableRandom;

/**
 * When and how long to wait before retrying a request that failed with 408, 429 or 5xx, a connection
 * error or a timeout.
 *
 * <p>Retry k (k = 0, 1, ...) waits {@code d_k = c_k (1 + u) / 2}, {@code c_k = min(max, base 2^k)},
 * {@code u} uniform in [0, 1) ("equal jitter": between half and all of the capped exponential delay).
 * {@code u} is drawn from a generator seeded by (seed, request key, k), so the delays of a run are a
 * function of its seed and do not depend on thread scheduling. When the server sends
 * {@code Retry-After} (seconds or an HTTP date), the wait is at least that long; a Retry-After longer
 * than {@code maxRetryAfter} ends the retries (the server is not expected back soon).
 *
 * @param retries retries after the first attempt (0 = no retry)
 * @param base delay before the first retry (before jitter)
 * @param max cap on the exponential delay
 * @param maxRetryAfter longest Retry-After honoured
 * @param seed root seed of the jitter
 */
public record RetryPolicy(int retries, Duration base, Duration max, Duration maxRetryAfter, long seed) {
    public RetryPolicy {
        if (retries < 0 || retries > 100) {
            throw new IllegalArgumentException("retries must be in 0..100, got " + retries);
        }
        if (base.isNegative() || max.isNegative() || maxRetryAfter.isNegative()) {
            throw new IllegalArgumentException("retry delays must not be negative");
        }
    }

    /** 5 retries from 1 s, capped at 60 s, Retry-After up to 10 minutes. */
    public static RetryPolicy defaults(long seed) {
        return new RetryPolicy(5, Duration.ofSeconds(1), Duration.ofSeconds(60), Duration.ofMinutes(10), seed);
    }

    /** The jittered exponential delay before retry {@code k} of the request identified by {@code key}. */
    public Duration backoff(int k, String key) {
        double cap = Math.min(max.toNanos(), base.toNanos() * Math.pow(2, Math.min(k, 62)));
        double u = new SplittableRandom(mix(seed, key, k)).nextDouble();
        return Duration.ofNanos((long) (cap * (1 + u) / 2));
    }

    private static long mix(long seed, String key, int k) {
        long h = 0xcbf29ce484222325L; // FNV-1a of the key, then SplitMix64 finalisers
        for (int i = 0; i < key.length(); i++) {
            h ^= key.charAt(i);
            h *= 0x100000001b3L;
        }
        return splitmix(splitmix(seed ^ 0x9E3779B97F4A7C15L) ^ h ^ splitmix(k + 0x632BE59BD9B4E019L));
    }

    private static long splitmix(long z) {
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        return z ^ (z >>> 31);
    }

    /**
     * A {@code Retry-After} header value: delay-seconds or an HTTP date (RFC 9110 section 10.2.3);
     * null when absent or unreadable; never negative.
     */
    public static Duration parseRetryAfter(String value, ZonedDateTime now) {
        if (value == null || value.isBlank()) {
            return null;
        }
        String v = value.strip();
        try {
            double s = Double.parseDouble(v);
            if (!(s >= 0) || Double.isInfinite(s)) {
                return null;
            }
            return Duration.ofMillis((long) Math.min(s * 1000, Long.MAX_VALUE / 2.0));
        } catch (NumberFormatException e) {
            // an HTTP date
        }
        try {
            ZonedDateTime at = ZonedDateTime.parse(v, DateTimeFormatter.RFC_1123_DATE_TIME);
            Duration d = Duration.between(now, at);
            return d.isNegative() ? Duration.ZERO : d;
        } catch (DateTimeParseException e) {
            return null;
        }
    }
}

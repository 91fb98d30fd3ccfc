package mirage.core.util;

import java.nio.charset.StandardCharsets;

/**
 * Seeds derived from one root seed, so that every random choice is a pure function of (root seed, purpose,
 * index) or of (root seed, purpose, a stable key), never of object identity or {@code toString()}: the
 * training batch of step s is drawn from {@code derive(seed, "train-batch", s)}, a model's initial weights
 * from {@code derive(seed, "init/" + modelName, 0)}, a verdict's bootstrap of the triplet (family, task,
 * labels, metric) from {@code forKey(seed, "verdict/sharpness", family, task, labels, metric)}, and so on.
 * The one place mirage derives seeds (the simulators' per-model streams, {@code MathModel.streamSeed}, are
 * part of their documented output and kept as they are).
 *
 * <p>Mixing is SplitMix64's finaliser (Steele, Lea, Flood, "Fast splittable pseudorandom number
 * generators", OOPSLA 2014) applied to the root, a 64-bit FNV-1a hash of the purpose and the index.
 */
public final class Seeds {
    private Seeds() {
    }

    public static long derive(long root, String purpose, long index) {
        long h = mix(root ^ 0x9E3779B97F4A7C15L);
        h = mix(h ^ fnv1a(purpose));
        return mix(h ^ mix(index + 0x632BE59BD9B4E019L));
    }

    /**
     * A seed for a purpose and a key of several parts (e.g. family, task, labels, metric), hashed as their
     * UTF-8 bytes separated by NUL: the same key gives the same seed in every run, on every machine and
     * whatever the order in which keys are met.
     */
    public static long forKey(long root, String purpose, String... parts) {
        long h = 0xcbf29ce484222325L;
        for (String p : parts) {
            for (byte b : (p == null ? "" : p).getBytes(StandardCharsets.UTF_8)) {
                h ^= b & 0xff;
                h *= 0x100000001b3L;
            }
            h ^= 0; // the separator
            h *= 0x100000001b3L;
        }
        return derive(root, purpose, h);
    }

    /** SplitMix64 finaliser. */
    public static long mix(long z) {
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        return z ^ (z >>> 31);
    }

    public static long fnv1a(String s) {
        long h = 0xcbf29ce484222325L;
        for (byte b : s.getBytes(StandardCharsets.UTF_8)) {
            h ^= b & 0xff;
            h *= 0x100000001b3L;
        }
        return h;
    }
}

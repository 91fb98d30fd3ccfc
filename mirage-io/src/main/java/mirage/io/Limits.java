package mirage.io;

/**
 * The one limit every reader applies to what it holds at once: a line (JSONL) or a record (CSV) longer than
 * {@link #MAX_LINE} bytes is not read, with a message naming its line, instead of filling the heap. 64 MiB; the
 * system property {@code mirage.io.maxLineBytes} sets another (the fuzz tests use a small one, so that "huge" lines
 * are cheap to make).
 */
public final class Limits {
    private Limits() {
    }

    /** The longest line or record read, in bytes. */
    public static final int MAX_LINE = Math.max(1024, Integer.getInteger("mirage.io.maxLineBytes", 64 << 20));

    /** A size for messages: "64 MiB", or bytes when not a whole number of MiB. */
    public static String size(long bytes) {
        return bytes % (1 << 20) == 0 ? (bytes >> 20) + " MiB" : bytes + " bytes";
    }
}

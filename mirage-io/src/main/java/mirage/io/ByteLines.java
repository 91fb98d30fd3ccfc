package mirage.io;

import java.io.IOException;
import java.io.InputStream;
import java.util.Arrays;
import mirage.core.InputException;

/**
 * Reads a file line by line as bytes (LF or CRLF line ends), for the JSONL readers: the current line is
 * {@code buffer()[start(), end())} with its 1-based number. Memory is one buffer as long as the longest
 * line, at most {@link #MAX_LINE}: a longer line is reported as an {@link InputException} naming its line and
 * its bytes are skipped without being held (the next call continues after it). A UTF-8 byte-order mark at the
 * start is skipped. Unreadable input (a {@link CorruptInputException} of a truncated gzip stream) passes through.
 */
public final class ByteLines {
    /** The longest line read ({@link Limits#MAX_LINE}: 64 MiB), as for CSV records. */
    public static final int MAX_LINE = Limits.MAX_LINE;

    private final InputStream in;
    private final String name;
    private final int maxLine;
    private byte[] buf = new byte[1 << 16];
    private int pos;
    private int limit;
    private boolean eof;
    private boolean started;
    private long line;
    private int s;
    private int e;

    public ByteLines(InputStream in, String name) {
        this(in, name, MAX_LINE);
    }

    /** With another line limit (tests, fuzzing). */
    public ByteLines(InputStream in, String name, int maxLine) {
        this.in = in;
        this.name = name;
        this.maxLine = maxLine;
    }

    /** Advances to the next line; false at the end of the input. */
    public boolean next() throws IOException {
        if (!started) {
            started = true;
            while (limit < 3 && !eof) {
                fill();
            }
            if (limit >= 3 && (buf[0] & 0xff) == 0xEF && (buf[1] & 0xff) == 0xBB && (buf[2] & 0xff) == 0xBF) {
                pos = 3;
            }
        }
        boolean skipping = false;
        while (true) {
            int nl = -1;
            for (int i = pos; i < limit; i++) {
                if (buf[i] == '\n') {
                    nl = i;
                    break;
                }
            }
            if (nl < 0 && !eof) {
                if (limit - pos >= maxLine) {
                    // too long: drop what we have and keep skipping to the end of this line
                    if (!skipping) {
                        line++;
                    }
                    skipping = true;
                    pos = limit;
                }
                fill();
                continue;
            }
            if (nl < 0 && pos >= limit) {
                if (skipping) {
                    throw tooLong();
                }
                return false;
            }
            int end = nl < 0 ? limit : nl;
            int next = nl < 0 ? limit : nl + 1;
            if (skipping) {
                pos = next;
                throw tooLong();
            }
            line++;
            s = pos;
            e = end > pos && buf[end - 1] == '\r' ? end - 1 : end;
            pos = next;
            return true;
        }
    }

    private InputException tooLong() {
        return new InputException(name, line, null, "line longer than " + Limits.size(maxLine) + ": not read");
    }

    private void fill() throws IOException {
        if (eof) {
            return;
        }
        if (pos > 0) {
            System.arraycopy(buf, pos, buf, 0, limit - pos);
            limit -= pos;
            pos = 0;
        }
        if (limit == buf.length) {
            buf = Arrays.copyOf(buf, (int) Math.min((long) buf.length * 2, (long) maxLine + 16));
        }
        int n = in.read(buf, limit, buf.length - limit);
        if (n < 0) {
            eof = true;
        } else {
            limit += n;
        }
    }

    /** Whether the current line has only white space. */
    public boolean blank() {
        for (int i = s; i < e; i++) {
            byte c = buf[i];
            if (c != ' ' && c != '\t' && c != '\r') {
                return false;
            }
        }
        return true;
    }

    public byte[] buffer() {
        return buf;
    }

    public int start() {
        return s;
    }

    public int end() {
        return e;
    }

    public long line() {
        return line;
    }

    public String name() {
        return name;
    }
}

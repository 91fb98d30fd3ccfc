package mirage.io.csv;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * One CSV record as byte ranges of a buffer (no copy, no decoding until a field is asked for). Filled by
 * {@link CsvScanner}; reused from record to record, so a caller that keeps a field must take it with
 * {@link #get(int)}. Fields are UTF-8; a quoted field's doubled quotes are undone by {@link #get(int)}.
 */
public final class CsvRecord {
    byte[] buf;
    int count;
    int[] start = new int[16];
    int[] end = new int[16];
    boolean[] escaped = new boolean[16];
    boolean[] quoted = new boolean[16];
    long line;
    int newlines;
    String error;
    int errorField = -1;

    void ensure(int n) {
        if (n > start.length) {
            int m = Math.max(n, start.length * 2);
            start = Arrays.copyOf(start, m);
            end = Arrays.copyOf(end, m);
            escaped = Arrays.copyOf(escaped, m);
            quoted = Arrays.copyOf(quoted, m);
        }
    }

    void reset(byte[] b) {
        buf = b;
        count = 0;
        newlines = 0;
        error = null;
        errorField = -1;
    }

    /** Number of fields. */
    public int size() {
        return count;
    }

    /** The 1-based line on which the record starts. */
    public long line() {
        return line;
    }

    /** Line breaks the record consumed, its own terminator included. */
    public int newlines() {
        return newlines;
    }

    /** Why the record is malformed, or null when it is well-formed. */
    public String error() {
        return error;
    }

    /** Index of the field where the record became malformed (-1 when unknown or well-formed). */
    public int errorField() {
        return errorField;
    }

    /** Whether the record is a blank line (one empty, unquoted field). */
    public boolean isBlank() {
        return count == 1 && end[0] == start[0] && !quoted[0] && error == null;
    }

    /** Length in bytes of field i (before undoing doubled quotes). */
    public int length(int i) {
        return end[i] - start[i];
    }

    public boolean isEmpty(int i) {
        return end[i] == start[i];
    }

    /** The first field that is not valid UTF-8, or -1 when every field is. */
    public int invalidUtf8Field() {
        for (int i = 0; i < count; i++) {
            if (mirage.io.Utf8.firstInvalid(buf, start[i], end[i]) >= 0) {
                return i;
            }
        }
        return -1;
    }

    /** Why field i is not valid UTF-8 (for messages). */
    public String invalidUtf8Reason(int i) {
        int at = mirage.io.Utf8.firstInvalid(buf, start[i], end[i]);
        return mirage.io.Utf8.describe(buf, start[i], at) + ": the row is not read";
    }

    /** Field i as a string. */
    public String get(int i) {
        int s = start[i];
        int e = end[i];
        if (!escaped[i]) {
            return new String(buf, s, e - s, StandardCharsets.UTF_8);
        }
        byte[] out = new byte[e - s];
        int n = 0;
        for (int k = s; k < e; k++) {
            out[n++] = buf[k];
            if (buf[k] == '"' && k + 1 < e && buf[k + 1] == '"') {
                k++;
            }
        }
        return new String(out, 0, n, StandardCharsets.UTF_8);
    }

    /** Field i parsed as a number by {@link CsvNumbers#parse(byte[], int, int)}. */
    public double number(int i) {
        return CsvNumbers.parse(buf, start[i], end[i]);
    }

    /** Every field as a string. */
    public String[] toArray() {
        String[] out = new String[count];
        for (int i = 0; i < count; i++) {
            out[i] = get(i);
        }
        return out;
    }

    /** The raw buffer and field bounds, for callers that intern bytes without decoding. */
    public byte[] buffer() {
        return buf;
    }

    public int start(int i) {
        return start[i];
    }

    public int end(int i) {
        return end[i];
    }

    /** Whether field i contains doubled quotes that {@link #get(int)} undoes. */
    public boolean escaped(int i) {
        return escaped[i];
    }
}

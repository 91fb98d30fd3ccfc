package mirage.io.csv;

import java.io.Closeable;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.util.zip.ZipException;
import mirage.core.InputException;

/**
 * Streams the records of an RFC 4180 CSV file ({@link CsvScanner}): quoted fields with commas, doubled
 * quotes and embedded line breaks, LF / CRLF / CR line ends, a UTF-8 byte-order mark at the start.
 * Memory is one buffer that grows only to the longest record (at most {@link #MAX_RECORD_BYTES}).
 * Blank lines are skipped. Every record knows the line it starts on.
 *
 * <p>A malformed record throws {@link InputException} naming the file, the line and (when the header
 * was given with {@link #header(String[])}) the column; the reader stays usable and {@link #next()}
 * continues after it. A record longer than {@link #MAX_RECORD_BYTES} (usually an unclosed quote) ends
 * the file with an InputException. A record that is not valid UTF-8 is an InputException naming its column
 * (never decoded to U+FFFD silently). Unreadable compressed input (a corrupt gzip stream) is an
 * InputException too.
 */
public final class StreamingCsvReader implements Closeable {
    /** The longest record accepted. */
    public static final int MAX_RECORD_BYTES = mirage.io.Limits.MAX_LINE;

    private final InputStream in;
    private final String name;
    private final int maxRecord;
    private byte[] buf = new byte[1 << 16];
    private int pos;
    private int limit;
    private boolean eof;
    private boolean started;
    private boolean dead;
    private long line = 1;
    private String[] header;
    private final CsvRecord rec = new CsvRecord();

    public StreamingCsvReader(InputStream in, String displayName) {
        this(in, displayName, MAX_RECORD_BYTES);
    }

    /** With a smaller record limit (tests, fuzzing). */
    public StreamingCsvReader(InputStream in, String displayName, int maxRecordBytes) {
        this.in = in;
        this.name = displayName;
        this.maxRecord = maxRecordBytes;
    }

    public String name() {
        return name;
    }

    /** Column names used in error messages ("field 'value'" rather than "column 3"). */
    public void header(String[] names) {
        this.header = names == null ? null : names.clone();
    }

    /** The name of column i for messages. */
    public String columnName(int i) {
        if (header != null && i >= 0 && i < header.length) {
            return header[i];
        }
        return i < 0 ? null : "column " + (i + 1);
    }

    /**
     * The next non-blank record, or null at the end. The record is reused by the next call.
     *
     * @throws InputException for a malformed record (the next call continues after it)
     */
    public CsvRecord next() throws IOException {
        if (dead) {
            return null;
        }
        if (!started) {
            started = true;
            while (limit - pos < 3 && !eof) {
                fill();
            }
            if (limit - pos >= 3 && (buf[pos] & 0xff) == 0xEF && (buf[pos + 1] & 0xff) == 0xBB
                    && (buf[pos + 2] & 0xff) == 0xBF) {
                pos += 3;
            }
        }
        while (true) {
            int r = CsvScanner.scan(buf, pos, limit, eof, rec);
            if (r == CsvScanner.INCOMPLETE) {
                if (limit - pos >= maxRecord) {
                    dead = true;
                    throw new InputException(name, line, null, "record longer than " + mirage.io.Limits.size(maxRecord)
                            + " (an unclosed quote?); the rest of the file is not read");
                }
                fill();
                continue;
            }
            if (rec.size() == 0) {
                return null;
            }
            pos = r;
            rec.line = line;
            line += rec.newlines;
            if (rec.isBlank()) {
                continue;
            }
            if (rec.error != null) {
                throw new InputException(name, rec.line, columnName(rec.errorField), rec.error);
            }
            int bad = rec.invalidUtf8Field();
            if (bad >= 0) {
                throw new InputException(name, rec.line, columnName(bad), rec.invalidUtf8Reason(bad));
            }
            return rec;
        }
    }

    /** Moves unread bytes to the front, grows the buffer when full, reads more. */
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
            buf = java.util.Arrays.copyOf(buf, (int) Math.min((long) buf.length * 2, (long) maxRecord + 16));
        }
        try {
            int n = in.read(buf, limit, buf.length - limit);
            if (n < 0) {
                eof = true;
            } else {
                limit += n;
            }
        } catch (ZipException | EOFException e) {
            dead = true;
            throw new InputException(name, line, null, "cannot decompress: " + e.getMessage());
        }
    }

    /** The line the next record starts on (1-based). */
    public long line() {
        return line;
    }

    @Override
    public void close() throws IOException {
        in.close();
    }
}

package mirage.io.results;

import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.zip.ZipException;
import mirage.core.InputException;
import mirage.io.csv.CsvRecord;
import mirage.io.csv.CsvScanner;

/**
 * Reads the long format, one metric value per row (docs/FORMATS.md, "Long CSV / JSONL"): columns
 * {@code family, model, params, task, metric, value} plus optional {@code shots, n, stderr, step, tokens,
 * flops, non_embedding_params, skipped}; every other column is a label. Column roles come from
 * {@link LongLayout}.
 *
 * <p>CSV is read in parallel: the calling thread reads the input in blocks of about 4 MiB, cuts each at
 * the last line break outside quotes (quote parity counted eight bytes at a time), and hands the block
 * to the pool; each parsing thread turns its block into a {@link RowBatch} (strings interned from bytes,
 * numbers parsed without strings); batches are delivered to the sink in input order, so line numbers,
 * problem order and "first value kept" do not depend on the number of threads. Memory: a few blocks in
 * flight, whatever the file size. JSONL ({@link #readJsonl}) is read line by line.
 */
public final class LongReader {
    private LongReader() {
    }

    /** Block size of the parallel CSV reader. */
    static final int CHUNK = 4 << 20;
    /** The longest record accepted. */
    static final int MAX_RECORD = mirage.io.Limits.MAX_LINE;

    private static final VarHandle LONGS = MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);

    /** Reads a long CSV. Throws {@link InputException} only for a bad header or unreadable input. */
    public static void readCsv(InputStream in, String name, ReadContext ctx) throws IOException {
        readCsv(in, name, ctx, CHUNK);
    }

    static void readCsv(InputStream in, String name, ReadContext ctx, int chunk) throws IOException {
        byte[] buf = new byte[chunk];
        int len = fill(in, buf, 0, name);
        boolean eof = len < buf.length;
        int start = 0;
        if (len >= 3 && (buf[0] & 0xff) == 0xEF && (buf[1] & 0xff) == 0xBB && (buf[2] & 0xff) == 0xBF) {
            start = 3;
        }
        CsvRecord h = new CsvRecord();
        int after;
        while (true) {
            after = CsvScanner.scan(buf, start, len, eof, h);
            if (after != CsvScanner.INCOMPLETE) {
                break;
            }
            if (len >= MAX_RECORD) {
                throw new InputException(name, 1, null, "header longer than " + mirage.io.Limits.size(MAX_RECORD));
            }
            buf = Arrays.copyOf(buf, buf.length * 2);
            int n = fill(in, buf, len, name);
            eof = n < buf.length;
            len = n;
        }
        if (h.size() == 0 || h.isBlank()) {
            throw new InputException(name, 1, null, "the file is empty (no header)");
        }
        if (h.error() != null) {
            throw new InputException(name, 1, null, "malformed header: " + h.error());
        }
        int badHeader = h.invalidUtf8Field();
        if (badHeader >= 0) {
            throw new InputException(name, 1, null, "malformed header: column " + (badHeader + 1) + " is "
                    + h.invalidUtf8Reason(badHeader).replace(": the row is not read", ""));
        }
        LongLayout layout = new LongLayout(name, h.toArray(), ctx.map(), true);
        layout.notes.forEach(ctx.problems()::note);
        if (!layout.describe().isEmpty()) {
            ctx.problems().note(name + ": long table, " + layout.describe());
        }
        if (layout.col(Role.FAMILY) < 0) {
            ctx.problems().note(name + ": no family column; each model's family comes from the --scales table or its name");
        }
        long lineNo = 1 + h.newlines();
        start = after;
        ChunkParser parser = new ChunkParser(layout, ctx);
        ArrayDeque<Future<RowBatch>> inFlight = new ArrayDeque<>();
        int window = ctx.threads() * 2 + 1;
        long[] nextLine = {lineNo};
        try {
            while (true) {
                if (start >= len && eof) {
                    break;
                }
                int cut = eof ? len : lastBoundary(buf, start, len);
                if (cut <= start) {
                    // no complete record in the buffer: read more (growing when the buffer is full)
                    if (len - start >= MAX_RECORD) {
                        throw new InputException(name, nextLine[0], null, "record longer than "
                                + mirage.io.Limits.size(MAX_RECORD) + " (an unclosed quote?); the rest of the file is not read");
                    }
                    byte[] nb = new byte[Math.max(chunk, (len - start) * 2)];
                    System.arraycopy(buf, start, nb, 0, len - start);
                    len -= start;
                    start = 0;
                    buf = nb;
                    int n = fill(in, buf, len, name);
                    eof = n < buf.length;
                    len = n;
                    continue;
                }
                final byte[] block = buf;
                final int from = start;
                final int to = cut;
                // carry the rest into a fresh buffer and read on
                byte[] nb = new byte[Math.max(chunk, (len - cut) + chunk / 2)];
                System.arraycopy(buf, cut, nb, 0, len - cut);
                len -= cut;
                start = 0;
                buf = nb;
                if (!eof) {
                    int n = fill(in, buf, len, name);
                    eof = n < buf.length;
                    len = n;
                }
                if (ctx.pool() == null) {
                    deliver(parser.parse(block, from, to, name), ctx, nextLine);
                } else {
                    inFlight.add(ctx.pool().submit(() -> parser.parse(block, from, to, name)));
                    while (inFlight.size() >= window) {
                        deliver(get(inFlight.poll()), ctx, nextLine);
                    }
                }
            }
            while (!inFlight.isEmpty()) {
                deliver(get(inFlight.poll()), ctx, nextLine);
            }
        } finally {
            for (Future<RowBatch> f : inFlight) {
                f.cancel(true);
            }
        }
    }

    private static RowBatch get(Future<RowBatch> f) throws IOException {
        try {
            return f.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted", e);
        } catch (ExecutionException e) {
            Throwable c = e.getCause();
            if (c instanceof RuntimeException r) {
                throw r;
            }
            if (c instanceof Error err) {
                throw err;
            }
            throw new IOException(c);
        }
    }

    private static void deliver(RowBatch b, ReadContext ctx, long[] nextLine) {
        b.lineOffset(nextLine[0]);
        for (RowBatch.Problem p : b.problems()) {
            ctx.problems().skip(b.file(), b.lineOffset() + p.line(), p.field(), p.reason());
        }
        if (b.size() > 0) {
            ctx.sink().accept(b);
        }
        nextLine[0] += b.lineCount();
    }

    /** Reads until the buffer is full or the input ends; returns the new fill level. */
    private static int fill(InputStream in, byte[] buf, int len, String name) throws IOException {
        try {
            while (len < buf.length) {
                int n = in.read(buf, len, buf.length - len);
                if (n < 0) {
                    break;
                }
                len += n;
            }
            return len;
        } catch (ZipException | EOFException e) {
            throw new InputException(name, 0, null, "cannot decompress: " + e.getMessage());
        }
    }

    /**
     * The position after the last line feed in buf[start, len) that lies outside quoted fields (an even
     * number of quotes before it, the block starting outside quotes), or -1.
     */
    static int lastBoundary(byte[] buf, int start, int len) {
        int nl = lastIndexOf(buf, start, len, (byte) '\n');
        if (nl < 0) {
            return -1;
        }
        long q = countQuotes(buf, start, nl);
        while ((q & 1) == 1) {
            int prev = lastIndexOf(buf, start, nl, (byte) '\n');
            if (prev < 0) {
                return -1;
            }
            q -= countQuotes(buf, prev, nl);
            nl = prev;
        }
        return nl + 1;
    }

    private static int lastIndexOf(byte[] b, int start, int end, byte c) {
        for (int i = end - 1; i >= start; i--) {
            if (b[i] == c) {
                return i;
            }
        }
        return -1;
    }

    /** Number of '"' bytes in b[s, e), eight bytes at a time. */
    static long countQuotes(byte[] b, int s, int e) {
        long count = 0;
        int i = s;
        final long ones7f = 0x7F7F7F7F7F7F7F7FL;
        final long quotes = 0x2222222222222222L;
        for (; i + 8 <= e; i += 8) {
            long x = (long) LONGS.get(b, i) ^ quotes;
            long zero = ~(((x & ones7f) + ones7f) | x | ones7f);
            count += Long.bitCount(zero);
        }
        for (; i < e; i++) {
            if (b[i] == '"') {
                count++;
            }
        }
        return count;
    }

    /** Reads a long JSONL file: one object per line with the long format's fields. */
    public static void readJsonl(InputStream in, String name, ReadContext ctx) throws IOException {
        LongJsonl.read(in, name, ctx);
    }

    /** Labels of a row, for tests: key/value pairs of the batch's label set. */
    static List<String> labelsOf(RowBatch b, int i) {
        return new ArrayList<>(Arrays.asList(b.labelSet(b.labelsId(i))));
    }
}

package mirage.io.samples;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.SortedSet;
import java.util.TreeSet;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import mirage.core.InputException;
import mirage.core.data.Sample;
import mirage.core.metric.Metric;
import mirage.core.metric.Scorer;
import mirage.io.ByteLines;
import mirage.io.InputFiles;

/**
 * Scores per-sample JSONL files under a list of metrics, parsing and scoring in parallel.
 *
 * <p>The input is cut into chunks of whole lines of about {@link #DEFAULT_CHUNK_CHARS} bytes (the
 * cut depends on the file's content only); each chunk is parsed by a {@link SampleJsonlReader} and scored
 * by its own {@link Scorer}, on a pool of {@code threads} workers; the chunk scorers are combined in file
 * order. So the results do not depend on the number of threads: with 1 thread the same chunks are scored
 * one after the other and combined in the same order, giving bit-identical values. Memory holds at most
 * about {@code 2 * threads} chunks besides the accumulators.
 *
 * <p>Bad input: the first bad line in file order is reported as an {@link InputException} naming the file,
 * the line (counted over the whole file, blank lines included, as {@link SampleJsonlReader} counts) and
 * the field; nothing is scored after it. Files are opened by {@link InputFiles} (gzip by its magic bytes, a
 * truncated or corrupt one named; the byte-order-mark rule). An item answered twice in the files (same family,
 * model, task, labels and item id) counts once, its first record, and each repeat is listed
 * ({@link Result#repeats()}); so are values some metrics cannot use ({@link Result#issues()}).
 */
public final class SampleFileScorer {
    /** Size of a chunk in characters (whole lines; a longer line makes a longer chunk). */
    public static final int DEFAULT_CHUNK_CHARS = 1 << 20;

    private final List<Metric> metrics;
    private final int threads;
    private final int chunkChars;

    /**
     * What scoring the files gave.
     *
     * @param repeats records of an item already answered (same family, model, task, labels, item id), not counted
     * @param issues values some metrics could not use (the sample counted for the others)
     */
    public record Result(Scorer scorer, SortedSet<String> unknownFields, long chunks, List<Place> repeats, List<Place> issues) {
    }

    /**
     * @param metrics the metrics to compute
     * @param threads worker threads, at least 1 (1 scores on the calling thread)
     */
    public SampleFileScorer(List<Metric> metrics, int threads) {
        this(metrics, threads, DEFAULT_CHUNK_CHARS);
    }

    /** With a chunk size of its own (tests use tiny chunks). */
    public SampleFileScorer(List<Metric> metrics, int threads, int chunkChars) {
        if (threads < 1) {
            throw new IllegalArgumentException("threads must be at least 1, got " + threads);
        }
        if (chunkChars < 1) {
            throw new IllegalArgumentException("chunk size must be at least 1, got " + chunkChars);
        }
        this.metrics = List.copyOf(metrics);
        this.threads = threads;
        this.chunkChars = chunkChars;
        new Scorer(this.metrics); // validates the metric list now
    }

    /** A chunk of whole lines of one file (each ended by a line feed), with the number of its first line. */
    private record Chunk(String name, int file, long firstLine, byte[] text, int length) {
    }

    /** A chunk scored: the scorer, unknown fields, each sample's item fingerprint and line, values some metrics cannot use. */
    private record Part(Scorer scorer, SortedSet<String> unknown, long[] keys, long[] lines, List<Place> issues) {
    }

    /** Something reported at a line. */
    public record Place(String file, long line, String field, String reason) {
        /** As one line: {@code FILE:LINE: field 'F': reason}. */
        public String message() {
            return new InputException(file, line, field, reason).getMessage();
        }
    }

    /** Scores every sample of the files, in order. */
    public Result score(List<Path> files) throws IOException {
        Scorer total = new Scorer(metrics);
        SortedSet<String> unknown = new TreeSet<>();
        List<Place> repeats = new ArrayList<>();
        List<Place> issues = new ArrayList<>();
        SampleKeys seen = new SampleKeys();
        ExecutorService pool = threads > 1 ? Executors.newFixedThreadPool(threads, r -> {
            Thread t = new Thread(r, "mirage-score");
            t.setDaemon(true);
            return t;
        }) : null;
        Deque<Pending> pending = new ArrayDeque<>();
        long chunks = 0;
        try {
            for (int fi = 0; fi < files.size(); fi++) {
                Path file = files.get(fi);
                if (!Files.isRegularFile(file)) {
                    throw new InputException(file.toString(), 0, null, "no such file");
                }
                try (InputStream in = InputFiles.openText(file)) {
                    ChunkReader cr = new ChunkReader(in, file.toString(), fi, chunkChars);
                    for (Chunk next = cr.next(); next != null; next = cr.next()) {
                        chunks++;
                        Chunk c = next;
                        if (pool == null) {
                            merge(total, unknown, seen, files, repeats, issues, c, parse(c, null));
                            continue;
                        }
                        pending.add(new Pending(c, pool.submit(() -> parse(c, null))));
                        while (pending.size() >= 2 * threads) {
                            Pending p = pending.poll();
                            merge(total, unknown, seen, files, repeats, issues, p.chunk(), await(p.part()));
                        }
                    }
                }
            }
            while (!pending.isEmpty()) {
                Pending p = pending.poll();
                merge(total, unknown, seen, files, repeats, issues, p.chunk(), await(p.part()));
            }
        } catch (InputException e) {
            // a bad line of a gzip file may be garbage from corrupt data: then the corruption is the error
            for (Path f : files) {
                if (f.toString().equals(e.file())) {
                    throw InputFiles.rootCause(f, e);
                }
            }
            throw e;
        } finally {
            if (pool != null) {
                pending.forEach(f -> f.part().cancel(true));
                pool.shutdownNow();
            }
        }
        return new Result(total, unknown, chunks, repeats, issues);
    }

    private record Pending(Chunk chunk, Future<Part> part) {
    }

    /**
     * Adds a chunk's scores in file order. Its items are checked against every item seen before; a chunk holding a
     * repeated item (rare) is scored again without the repeats, so each item counts once (its first record).
     */
    private void merge(Scorer total, SortedSet<String> unknown, SampleKeys seen, List<Path> files, List<Place> repeats,
                       List<Place> issues, Chunk c, Part p) throws IOException {
        java.util.Set<Long> skip = null;
        for (int i = 0; i < p.keys().length; i++) {
            long line = p.lines()[i];
            long first = seen.firstSeen(p.keys()[i], ((long) c.file() << 40) | line);
            if (first >= 0) {
                if (skip == null) {
                    skip = new java.util.HashSet<>();
                }
                skip.add(line);
                repeats.add(new Place(c.name(), line, SampleJsonl.ITEM_ID, "repeated item: already answered at "
                        + files.get((int) (first >>> 40)) + ":" + (first & ((1L << 40) - 1)) + "; counted once (the first record)"));
            }
        }
        Part used = p;
        if (skip != null) {
            used = parse(c, skip);
        }
        for (Place x : used.issues()) {
            issues.add(x);
        }
        total.combine(used.scorer());
        unknown.addAll(used.unknown());
    }

    /** Parses and scores a chunk, leaving out the samples on the given lines (null: none). */
    private Part parse(Chunk c, java.util.Set<Long> skipLines) throws IOException {
        Scorer s = new Scorer(metrics);
        long[] keys = new long[64];
        long[] lines = new long[64];
        int n = 0;
        List<Place> issues = new ArrayList<>();
        try (SampleJsonlReader r = new SampleJsonlReader(new java.io.ByteArrayInputStream(c.text(), 0, c.length()), c.name())) {
            for (Sample x = r.next(); x != null; x = r.next()) {
                long line = r.line() + c.firstLine() - 1;
                if (skipLines != null && skipLines.contains(line)) {
                    continue;
                }
                if (n == keys.length) {
                    keys = java.util.Arrays.copyOf(keys, n * 2);
                    lines = java.util.Arrays.copyOf(lines, n * 2);
                }
                keys[n] = SampleKeys.fingerprint(x);
                lines[n++] = line;
                for (SampleJsonlReader.Issue i : r.issues()) {
                    issues.add(new Place(c.name(), line, i.field(), i.reason()));
                }
                s.accept(x);
            }
            return new Part(s, r.unknownFields(), java.util.Arrays.copyOf(keys, n), java.util.Arrays.copyOf(lines, n), issues);
        } catch (InputException e) {
            long line = e.line() > 0 ? e.line() + c.firstLine() - 1 : 0;
            throw new InputException(e.file(), line, e.field(), e.reason(), e.getCause());
        }
    }

    private static Part await(Future<Part> f) throws IOException {
        try {
            return f.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while scoring", e);
        } catch (ExecutionException e) {
            Throwable cause = e.getCause();
            if (cause instanceof RuntimeException re) {
                throw re;
            }
            if (cause instanceof IOException io) {
                throw io;
            }
            if (cause instanceof Error err) {
                throw err;
            }
            throw new IOException(cause);
        }
    }

    /**
     * Cuts a file into chunks of whole lines ({@link ByteLines}: LF or CRLF ends a line, a UTF-8 byte-order mark
     * is skipped, a line over 64 MiB is an error naming it): each chunk ends after a line once it holds at least
     * {@code size} bytes. Each line is copied once, with a line feed, so that a chunk's lines keep their numbers.
     */
    static final class ChunkReader {
        private final ByteLines lines;
        private final String name;
        private final int file;
        private final int size;
        private boolean eof;

        ChunkReader(InputStream in, String name, int file, int size) {
            this.lines = new ByteLines(in, name);
            this.name = name;
            this.file = file;
            this.size = size;
        }

        Chunk next() throws IOException {
            if (eof) {
                return null;
            }
            byte[] buf = new byte[Math.max(16, Math.min(size, 1 << 20) + 1024)];
            int len = 0;
            long first = -1;
            while (len < size) {
                if (!lines.next()) {
                    eof = true;
                    break;
                }
                if (first < 0) {
                    first = lines.line();
                }
                int n = lines.end() - lines.start();
                if (len + n + 1 > buf.length) {
                    buf = java.util.Arrays.copyOf(buf, (int) Math.min(Integer.MAX_VALUE - 16, Math.max((long) buf.length * 2, len + n + 1L)));
                }
                System.arraycopy(lines.buffer(), lines.start(), buf, len, n);
                len += n;
                buf[len++] = '\n';
            }
            return first < 0 ? null : new Chunk(name, file, first, buf, len);
        }
    }
}

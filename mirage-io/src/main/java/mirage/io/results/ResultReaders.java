package mirage.io.results;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Stream;
import mirage.core.InputException;
import mirage.core.data.Sample;
import mirage.core.metric.Scorer;
import mirage.io.CorruptInputException;
import mirage.io.InputFiles;
import mirage.io.csv.CsvRecord;
import mirage.io.csv.CsvScanner;
import mirage.io.samples.SampleJsonlReader;
import mirage.io.samples.SampleKeys;

/**
 * Reads result files of any supported format into a {@link ReadContext}: expands directories, detects
 * each file's format from its first bytes ({@link #detect}), dispatches to the reader, and returns what
 * was read with the file's size and SHA-256 (computed while reading, for provenance).
 */
public final class ResultReaders {
    private ResultReaders() {
    }

    /** How much of a file detection looks at. */
    public static final int HEAD = 1 << 20;

    /** A detected format and why. */
    public record Detection(ResultFormat format, boolean jsonl, String reason) {
    }

    /** One file read. */
    public record FileRead(Path path, String name, Detection detection, long bytes, String sha256) {
    }

    /** The files of an input: itself, or the result files under a directory (sorted). */
    public static List<Path> expand(Path input) throws IOException {
        if (!Files.exists(input)) {
            throw new InputException(input.toString(), 0, null, "no such file or directory");
        }
        if (!Files.isDirectory(input)) {
            return List.of(input);
        }
        List<Path> out = new ArrayList<>();
        try (Stream<Path> walk = Files.walk(input)) {
            walk.filter(Files::isRegularFile).filter(ResultReaders::looksLikeResults).filter(p -> !hiddenBelow(input, p))
                    .sorted().forEach(out::add);
        }
        if (out.isEmpty()) {
            throw new InputException(input.toString(), 0, null, "no .csv, .json or .jsonl files (optionally .gz) under this directory");
        }
        return out;
    }

    /** Whether a folder between the input and the file is hidden (a dot folder: mirage's unfinished outputs, .git, ...). */
    private static boolean hiddenBelow(Path input, Path file) {
        Path rel = input.relativize(file);
        for (int i = 0; i < rel.getNameCount() - 1; i++) {
            if (rel.getName(i).toString().startsWith(".")) {
                return true;
            }
        }
        return false;
    }

    /** Whether a file found under a directory is read: .csv, .json, .jsonl, .ndjson (optionally .gz), not hidden. */
    public static boolean looksLikeResults(Path p) {
        String n = p.getFileName().toString().toLowerCase(Locale.ROOT);
        if (n.startsWith(".")) {
            return false;
        }
        if (n.endsWith(".gz")) {
            n = n.substring(0, n.length() - 3);
        }
        return n.endsWith(".csv") || n.endsWith(".json") || n.endsWith(".jsonl") || n.endsWith(".ndjson");
    }

    /**
     * Reads one file. Its format is detected from its beginning, read as a stream: the first record of a JSONL
     * file, the top-level keys of a JSON document or the header of a CSV, however long they are.
     *
     * @param forced a format to use instead of detection (AUTO to detect)
     * @param inDirectory whether the file was found under a directory: an undetectable file is then noted
     *     and skipped rather than an error, and a file that turns out unreadable before any of its values was
     *     used (a BIG-bench file without its scores, a CSV without its columns) is one row of the skipped rows
     *     (with --strict: the error)
     * @return what was read, or a read without detection when a file under a directory was not read
     */
    public static FileRead read(Path file, ResultFormat forced, boolean inDirectory, ReadContext ctx) throws IOException {
        String name = file.toString();
        Detection d = null;
        if (forced == ResultFormat.AUTO) {
            try (InputStream head = InputFiles.openText(file)) {
                d = detect(head, ctx.map(), name);
            } catch (InputException e) {
                InputException cause = InputFiles.rootCause(file, e);
                if (!inDirectory || cause instanceof CorruptInputException) {
                    throw cause;
                }
                ctx.problems().note("not read: " + e.getMessage());
            }
        }
        try (InputFiles.Opened opened = InputFiles.open(file)) {
            if (forced == ResultFormat.AUTO && d == null) {
                return new FileRead(file, name, null, Files.size(file), opened.sha256());
            }
            BufferedInputStream in = new BufferedInputStream(opened, 1 << 16);
            if (d == null) {
                in.mark(1 << 16);
                int c = firstChar(in.readNBytes(1 << 12));
                in.reset();
                d = new Detection(forced, c == '{', "given with --format");
            }
            long before = ctx.accepted();
            try {
                // readers close what they read; the rest of the stream is still needed to check its end
                read(new java.io.FilterInputStream(in) {
                    @Override
                    public void close() {
                    }
                }, name, file, d, ctx);
                InputFiles.drain(in);
            } catch (InputException e) {
                if (opened.gzip() && !(e instanceof CorruptInputException)) {
                    try {
                        InputFiles.drain(in);
                    } catch (CorruptInputException c) {
                        c.addSuppressed(e);
                        throw c;
                    } catch (IOException | RuntimeException x) {
                        // the reader's error stands
                    }
                }
                if (!inDirectory || e instanceof CorruptInputException || ctx.problems().strict() || ctx.accepted() != before) {
                    throw e;
                }
                ctx.problems().skip(e.file() == null ? name : e.file(), e.line(), e.field(), e.reason()
                        + " (nothing of the file was used)");
                return new FileRead(file, name, null, Files.size(file), opened.sha256());
            }
            return new FileRead(file, name, d, Files.size(file), opened.sha256());
        }
    }

    /** Reads a stream of a known format (tests, fuzzing). */
    public static void read(InputStream in, String name, Path path, Detection d, ReadContext ctx) throws IOException {
        switch (d.format()) {
            case LONG -> {
                if (d.jsonl()) {
                    LongReader.readJsonl(in, name, ctx);
                } else {
                    LongReader.readCsv(in, name, ctx);
                }
            }
            case WIDE -> WideReader.read(in, name, ctx);
            case BIGBENCH -> BigBenchReader.read(in, name, path, ctx);
            case LMEVAL_RESULTS -> LmEvalResultsReader.read(in, name, ctx);
            case LMEVAL_SAMPLES -> LmEvalSamplesReader.read(in, name, path, ctx);
            case SAMPLES -> readSamples(in, name, ctx);
            default -> throw new IllegalArgumentException("no reader for " + d.format());
        }
    }

    /**
     * mirage's per-sample JSONL, scored per file under the context's metrics. A repeated item (the same model,
     * task, labels and item id) is reported with both lines and counted once (the first); values some metrics
     * cannot use are reported (the sample still counts for the others).
     */
    static void readSamples(InputStream in, String name, ReadContext ctx) throws IOException {
        Scorer scorer = new Scorer(ctx.metrics());
        TreeSet<String> unknown;
        SampleKeys seen = new SampleKeys();
        try (SampleJsonlReader r = new SampleJsonlReader(in, name)) {
            while (true) {
                Sample s;
                try {
                    s = r.next();
                } catch (InputException e) {
                    CorruptInputException.rethrowIfFatal(e);
                    ctx.problems().skip(e.file(), e.line(), e.field(), e.reason());
                    continue;
                }
                if (s == null) {
                    break;
                }
                long first = seen.firstSeen(SampleKeys.fingerprint(s), r.line());
                if (first >= 0) {
                    ctx.problems().skip(name, r.line(), "item_id", repeated(s, name, first, ctx.problems().strict()));
                    continue;
                }
                for (SampleJsonlReader.Issue issue : r.issues()) {
                    ctx.problems().skip(name, r.line(), issue.field(), issue.reason());
                }
                s = complete(s, ctx);
                scorer.accept(s);
                ctx.itemSample(s);
            }
            unknown = r.unknownFields();
        }
        finishSamples(scorer, unknown, name, ctx);
    }

    /**
     * A per-sample record with its family and scale completed as the reading of per-sample JSONL completes them
     * (an empty family from the scales table or the model name; unknown scale fields from the scales table, then
     * params from the name): the same sample when nothing is missing.
     */
    public static Sample complete(Sample s, ReadContext ctx) {
        if (Double.isNaN(s.model().scale().params())) {
            // the family is required in this format (docs/FORMATS.md); only missing scales are completed
            return s.toBuilder().model(new mirage.core.data.Model(s.model().family(), s.model().name(),
                    ctx.completeScale(s.model().name(), s.model().scale()))).build();
        }
        return s;
    }

    /**
     * What reading a per-sample JSONL file ends with: every (cell, metric) of {@code scorer} that scored something
     * goes to the sink (in the scorer's result order, file {@code name}, line 0), and the file's notes (samples
     * scored, metrics with nothing to score, fields not in the format) to the problems.
     */
    public static void finishSamples(Scorer scorer, java.util.SortedSet<String> unknown, String name, ReadContext ctx) {
        List<String> empty = new ArrayList<>();
        Set<String> scored = new HashSet<>();
        for (Scorer.Result res : scorer.results()) {
            if (res.value().n() == 0) {
                empty.add(res.metric().name());
                continue;
            }
            scored.add(res.metric().name());
            ctx.sink().accept(res.toMeasurement(), name, 0);
        }
        TreeSet<String> none = new TreeSet<>(empty);
        none.removeAll(scored);
        ctx.problems().note(name + ": " + scorer.samples() + " samples scored with " + new TreeSet<>(scored)
                + (none.isEmpty() ? "" : "; nothing to score for " + none));
        if (!unknown.isEmpty()) {
            ctx.problems().note(name + ": fields not in the per-sample format were ignored: " + String.join(", ", unknown));
        }
    }

    /** The reason of a repeated item; under --strict it stops the run, so it does not say what is kept. */
    static String repeated(Sample s, String name, long firstLine, boolean strict) {
        return "repeated item: model '" + s.model().name() + "', task '" + s.task() + "'" + (s.labels().isEmpty() ? "" : " "
                + s.labels()) + ", item '" + mirage.io.csv.CsvNumbers.clip(s.itemId()) + "' was already answered at " + name + ":"
                + firstLine + (strict ? "" : "; the item counts once (the first record)");
    }

    private static int firstChar(byte[] head) {
        int i = 0;
        if (head.length >= 3 && (head[0] & 0xff) == 0xEF && (head[1] & 0xff) == 0xBB && (head[2] & 0xff) == 0xBF) {
            i = 3;
        }
        while (i < head.length && (head[i] == ' ' || head[i] == '\t' || head[i] == '\r' || head[i] == '\n')) {
            i++;
        }
        return i < head.length ? head[i] : -1;
    }

    /**
     * The format of a file from its first {@link #HEAD} bytes (decompressed): {@code forced} when it is not
     * {@code AUTO}, else {@link #detect(byte[], boolean, ColumnMap, String)}.
     */
    public static Detection detect(byte[] head, boolean complete, ResultFormat forced, ColumnMap map, String name) {
        return forced == ResultFormat.AUTO ? detect(head, complete, map, name)
                : new Detection(forced, head.length > 0 && firstChar(head) == '{', "given with --format");
    }

    /**
     * Detects the format of a file from its first bytes (decompressed; the Spark engine, tests and fuzzing).
     *
     * @param complete whether {@code head} is the whole file (false: a CSV header that reaches its end is too long)
     */
    public static Detection detect(byte[] head, boolean complete, ColumnMap map, String name) {
        int start = head.length >= 3 && (head[0] & 0xff) == 0xEF && (head[1] & 0xff) == 0xBB && (head[2] & 0xff) == 0xBF ? 3 : 0;
        try {
            return detect(new java.io.ByteArrayInputStream(head, start, head.length - start), map, name, complete);
        } catch (IOException e) {
            throw new IllegalStateException("reading bytes in memory", e);
        }
    }

    /**
     * Detects the format of a text stream (decompressed, without byte-order mark) from its beginning, reading as
     * much as it takes and holding none of it: the first JSON value is streamed (long strings are skipped, not
     * kept); a CSV header may be up to {@link LongReader#MAX_RECORD} bytes long.
     */
    public static Detection detect(InputStream text, ColumnMap map, String name) throws IOException {
        return detect(text, map, name, true);
    }

    private static Detection detect(InputStream text, ColumnMap map, String name, boolean complete) throws IOException {
        BufferedInputStream in = text instanceof BufferedInputStream b ? b : new BufferedInputStream(text, 1 << 16);
        int c;
        while (true) {
            in.mark(1);
            c = in.read();
            if (c != ' ' && c != '\t' && c != '\r' && c != '\n') {
                break;
            }
        }
        if (c < 0) {
            throw new InputException(name, 0, null, "the file is empty");
        }
        in.reset();
        if (c == '{' || c == '[') {
            return detectJson(in, map, name);
        }
        byte[] buf = new byte[1 << 16];
        int len = 0;
        boolean eof = false;
        CsvRecord r = new CsvRecord();
        int pos = 0;
        while (true) {
            int next = CsvScanner.scan(buf, pos, len, eof, r);
            if (next == CsvScanner.INCOMPLETE) {
                if (len - pos >= LongReader.MAX_RECORD) {
                    throw new InputException(name, 1, null, "not a result file mirage knows: the first line is longer than "
                            + mirage.io.Limits.size(LongReader.MAX_RECORD));
                }
                if (pos > 0) {
                    System.arraycopy(buf, pos, buf, 0, len - pos);
                    len -= pos;
                    pos = 0;
                }
                if (len == buf.length) {
                    buf = java.util.Arrays.copyOf(buf, Math.min(buf.length * 2, LongReader.MAX_RECORD + 16));
                }
                int n = in.read(buf, len, buf.length - len);
                if (n < 0) {
                    if (!complete) {
                        throw new InputException(name, 1, null, "not a result file mirage knows: the first line is longer than "
                                + "the bytes given");
                    }
                    eof = true;
                } else {
                    len += n;
                }
                continue;
            }
            if (r.size() == 0) {
                throw new InputException(name, 0, null, "the file is empty");
            }
            if (!r.isBlank()) {
                break;
            }
            pos = next;
        }
        if (r.error() != null) {
            throw new InputException(name, 1, null, "not a CSV header: " + r.error());
        }
        String[] header = r.toArray();
        if (header.length < 2) {
            throw new InputException(name, 1, null, "not a result file mirage knows: one column only ('"
                    + mirage.io.csv.CsvNumbers.clip(header[0]) + "'); expected a CSV header or JSON");
        }
        boolean metric = has(header, map, Role.METRIC);
        boolean value = has(header, map, Role.VALUE);
        if (metric && value) {
            return new Detection(ResultFormat.LONG, false, "CSV whose header has metric and value columns");
        }
        if (metric) {
            // a metric column says "long table": its value column is missing (the long reader names it)
            return new Detection(ResultFormat.LONG, false, "CSV whose header has a metric column (but no value column)");
        }
        return new Detection(ResultFormat.WIDE, false, "CSV without metric and value columns: one column per task-metric");
    }

    private static boolean has(String[] header, ColumnMap map, Role r) {
        ColumnMap.ColumnRef ref = map.role(r);
        String want = ref != null ? ref.column() : r.key();
        for (String h : header) {
            if (h.equalsIgnoreCase(want)) {
                return true;
            }
        }
        return false;
    }

    /**
     * The top-level keys of the first JSON value (streamed: values are skipped, not kept) and whether it is one
     * object on its first line (JSONL) or a document over many lines.
     */
    private static Detection detectJson(InputStream in, ColumnMap map, String name) throws IOException {
        Set<String> keys = new HashSet<>();
        boolean modelFamily = false;
        boolean wholeFirstLine = false;
        try (JsonParser p = Json.FACTORY.createParser(in)) {
            if (p.nextToken() == JsonToken.START_OBJECT) {
                long firstLine = p.currentTokenLocation().getLineNr();
                JsonToken t;
                while ((t = p.nextToken()) == JsonToken.FIELD_NAME) {
                    String k = p.currentName();
                    keys.add(k);
                    JsonToken v = p.nextToken();
                    if (k.equals("model") && v == JsonToken.START_OBJECT) {
                        while (p.nextToken() == JsonToken.FIELD_NAME) {
                            if (p.currentName().equals("model_family")) {
                                modelFamily = true;
                            }
                            p.nextToken();
                            p.skipChildren();
                        }
                    } else {
                        p.skipChildren();
                    }
                }
                wholeFirstLine = t == JsonToken.END_OBJECT && p.currentTokenLocation().getLineNr() == firstLine;
            }
        } catch (com.fasterxml.jackson.core.JsonProcessingException | java.io.CharConversionException e) {
            // malformed or cut short: the keys seen so far decide
            wholeFirstLine = false;
        }
        if (keys.contains("results")) {
            return new Detection(ResultFormat.LMEVAL_RESULTS, false, "JSON with a 'results' object (lm-evaluation-harness)");
        }
        if (keys.contains("scores") && (keys.contains("model") || modelFamily)) {
            return new Detection(ResultFormat.BIGBENCH, false, "JSON with 'model' and 'scores' (BIG-bench)");
        }
        if (modelFamily) {
            return new Detection(ResultFormat.BIGBENCH, false, "JSON with model.model_family (BIG-bench)");
        }
        if (wholeFirstLine) {
            if (keys.contains("doc_id") && (keys.contains("resps") || keys.contains("filtered_resps") || keys.contains("arguments"))) {
                return new Detection(ResultFormat.LMEVAL_SAMPLES, true, "JSONL with doc_id and resps (lm-evaluation-harness samples)");
            }
            if (keys.contains("item_id")) {
                return new Detection(ResultFormat.SAMPLES, true, "JSONL with item_id (mirage per-sample records)");
            }
            ColumnMap.ColumnRef m = map.role(Role.METRIC);
            ColumnMap.ColumnRef v = map.role(Role.VALUE);
            if (keys.contains(m == null ? "metric" : m.column()) && keys.contains(v == null ? "value" : v.column())) {
                return new Detection(ResultFormat.LONG, true, "JSONL with metric and value fields (long format)");
            }
            throw new InputException(name, 1, null, "JSONL whose first record has fields " + new TreeSet<>(keys)
                    + ": not a format mirage knows (see --format)");
        }
        throw new InputException(name, 1, null, "JSON " + (keys.isEmpty() ? "" : "with fields " + new TreeSet<>(keys) + " ")
                + "that is neither BIG-bench scores nor lm-evaluation-harness results (see --format)");
    }
}

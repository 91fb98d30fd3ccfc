package mirage.io.results;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
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
import mirage.io.InputFiles;
import mirage.io.csv.CsvRecord;
import mirage.io.csv.CsvScanner;
import mirage.io.samples.SampleJsonlReader;

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
            walk.filter(Files::isRegularFile).filter(ResultReaders::looksLikeResults).sorted().forEach(out::add);
        }
        if (out.isEmpty()) {
            throw new InputException(input.toString(), 0, null, "no .csv, .json or .jsonl files (optionally .gz) under this directory");
        }
        return out;
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
     * Reads one file.
     *
     * @param forced a format to use instead of detection (AUTO to detect)
     * @param inDirectory whether the file was found under a directory: an undetectable file is then noted
     *     and skipped rather than an error
     * @return what was read, or null when a file under a directory was not a result file
     */
    public static FileRead read(Path file, ResultFormat forced, boolean inDirectory, ReadContext ctx) throws IOException {
        String name = file.toString();
        try (InputFiles.Opened opened = InputFiles.open(file)) {
            BufferedInputStream in = new BufferedInputStream(opened, 1 << 16);
            Detection d;
            in.mark(HEAD + 1);
            byte[] head = in.readNBytes(HEAD);
            in.reset();
            try {
                d = detect(head, head.length < HEAD, forced, ctx.map(), name);
            } catch (InputException e) {
                if (inDirectory) {
                    ctx.problems().note("not read: " + e.getMessage());
                    return new FileRead(file, name, null, Files.size(file), opened.sha256());
                }
                throw e;
            }
            read(in, name, file, d, ctx);
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

    /** mirage's per-sample JSONL, scored per file under the context's metrics. */
    static void readSamples(InputStream in, String name, ReadContext ctx) throws IOException {
        Scorer scorer = new Scorer(ctx.metrics());
        TreeSet<String> unknown;
        try (SampleJsonlReader r = new SampleJsonlReader(new InputStreamReader(in, StandardCharsets.UTF_8), name)) {
            while (true) {
                Sample s;
                try {
                    s = r.next();
                } catch (InputException e) {
                    ctx.problems().skip(e.file(), e.line(), e.field(), e.reason());
                    continue;
                } catch (java.util.zip.ZipException | java.io.EOFException e) {
                    throw new InputException(name, r.line(), null, "cannot decompress: " + e.getMessage());
                }
                if (s == null) {
                    break;
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
        if (Double.isNaN(s.model().scale().params()) || s.model().family().isEmpty()) {
            return s.toBuilder().model(new mirage.core.data.Model(
                    s.model().family().isEmpty() ? ctx.derivedFamily(s.model().name()) : s.model().family(),
                    s.model().name(), ctx.completeScale(s.model().name(), s.model().scale()))).build();
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
     * Detects the format of a file from its first bytes (decompressed).
     *
     * @param complete whether {@code head} is the whole file
     */
    public static Detection detect(byte[] head, boolean complete, ColumnMap map, String name) {
        int c = firstChar(head);
        if (c < 0) {
            throw new InputException(name, 0, null, "the file is empty");
        }
        if (c == '{' || c == '[') {
            return detectJson(head, complete, map, name);
        }
        int start = head.length >= 3 && (head[0] & 0xff) == 0xEF && (head[1] & 0xff) == 0xBB && (head[2] & 0xff) == 0xBF ? 3 : 0;
        CsvRecord r = new CsvRecord();
        int pos = start;
        while (true) {
            int next = CsvScanner.scan(head, pos, head.length, complete, r);
            if (next == CsvScanner.INCOMPLETE) {
                throw new InputException(name, 1, null, "not a result file mirage knows: the first line is longer than "
                        + (HEAD >> 20) + " MiB");
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

    private static Detection detectJson(byte[] head, boolean complete, ColumnMap map, String name) {
        int start = head.length >= 3 && (head[0] & 0xff) == 0xEF ? 3 : 0;
        while (start < head.length && (head[start] == ' ' || head[start] == '\t' || head[start] == '\r' || head[start] == '\n')) {
            start++;
        }
        int eol = start;
        while (eol < head.length && head[eol] != '\n') {
            eol++;
        }
        Set<String> keys = new HashSet<>();
        boolean modelFamily = false;
        boolean wholeFirstLine = false;
        try (JsonParser p = Json.FACTORY.createParser(head, start, eol - start)) {
            if (p.nextToken() == JsonToken.START_OBJECT) {
                JsonToken t;
                while ((t = p.nextToken()) == JsonToken.FIELD_NAME) {
                    keys.add(p.currentName());
                    p.nextToken();
                    p.skipChildren();
                }
                wholeFirstLine = t == JsonToken.END_OBJECT;
            }
        } catch (IOException e) {
            wholeFirstLine = false;
        }
        if (!wholeFirstLine) {
            // one JSON document over many lines: look at its top-level keys in the head
            keys.clear();
            try (JsonParser p = Json.FACTORY.createParser(head, start, head.length - start)) {
                if (p.nextToken() == JsonToken.START_OBJECT) {
                    while (p.nextToken() == JsonToken.FIELD_NAME) {
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
                }
            } catch (IOException e) {
                // the head ends inside the document: the keys seen so far decide
            }
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

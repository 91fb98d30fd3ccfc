package mirage.spark;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.Reader;
import java.io.Serializable;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.Iterator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import mirage.core.InputException;
import mirage.core.data.Sample;
import mirage.core.data.ScaleAxis;
import mirage.core.metric.Metric;
import mirage.core.metric.MetricUnits;
import mirage.core.metric.Scorer;
import mirage.io.InputFiles;
import mirage.io.results.ItemTables;
import mirage.io.results.LmEvalSamplesReader;
import mirage.io.results.MeasurementSink;
import mirage.io.results.Problems;
import mirage.io.results.ReadContext;
import mirage.io.results.ResultFormat;
import mirage.io.results.ResultReaders;
import mirage.io.samples.SampleJsonlReader;
import mirage.spark.Records.Bad;
import mirage.spark.Records.Event;
import mirage.spark.Records.Fatal;
import mirage.spark.Records.Info;
import mirage.spark.Records.Kind;
import mirage.spark.Records.Partial;
import mirage.spark.Records.Task;
import org.apache.hadoop.fs.FSDataInputStream;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.spark.sql.Row;

/**
 * The executor side: reads one task's samples with mirage-io's own readers, completes them as the local engine
 * does ({@link ResultReaders#complete}), scores them with mirage-core's {@link Scorer} into per-cell partial
 * accumulators, and lists bad rows with their local line; in the item pass, computes each sample's
 * contributions to the item tables ({@link MetricUnits.Contributor}) with its position in the input.
 */
final class TaskRunner {
    private TaskRunner() {
    }

    /** A format's file as detected by a task: what the driver needs to plan the reading. */
    record Detected(String uri, String name, boolean parquet, boolean gzip, long bytes, String format, boolean jsonl,
                    String reason, InputException error, boolean fatal) implements Serializable {
    }

    static Detected detect(String uri, String name, Settings s) throws IOException {
        org.apache.hadoop.fs.Path hp = new org.apache.hadoop.fs.Path(uri);
        FileSystem fs = hp.getFileSystem(s.conf());
        long bytes = fs.getFileStatus(hp).getLen();
        try (InputStream raw = new BufferedInputStream(fs.open(hp), 1 << 16)) {
            raw.mark(8);
            byte[] magic = raw.readNBytes(4);
            raw.reset();
            boolean gzip = magic.length >= 2 && (magic[0] & 0xff) == 0x1f && (magic[1] & 0xff) == 0x8b;
            if (magic.length == 4 && magic[0] == 'P' && magic[1] == 'A' && magic[2] == 'R' && magic[3] == '1') {
                return new Detected(uri, name, true, false, bytes, null, false, "Parquet (PAR1)", null, false);
            }
            byte[] head;
            try {
                head = InputFiles.maybeGunzip(raw, name).readNBytes(ResultReaders.HEAD);
            } catch (InputException e) {
                // not a gzip stream, or one truncated or corrupt within the head: one error for the file, as locally
                return new Detected(uri, name, false, gzip, bytes, null, false, null, e, true);
            }
            try {
                ResultReaders.Detection d = ResultReaders.detect(head, head.length < ResultReaders.HEAD, ResultFormat.parse(s.format),
                        s.map(), name);
                return new Detected(uri, name, false, gzip, bytes, d.format().key(), d.jsonl(), d.reason(), null, false);
            } catch (InputException e) {
                return new Detected(uri, name, false, gzip, bytes, null, false, null, e, false);
            }
        }
    }

    /** Runs one task: partials, bad rows and its info (pass 1), or its samples' contributions (item pass). */
    static List<Serializable> run(Task t, Settings s, boolean items) throws IOException {
        long t0 = System.nanoTime();
        List<Serializable> out = switch (t.kind()) {
            case HASH -> new ArrayList<>(List.of(hash(t, s)));
            case SAMPLES -> samples(t, s, items);
            case LMEVAL -> lmEval(t, s, items);
        };
        Info last = (Info) out.get(out.size() - 1);
        out.set(out.size() - 1, last.timed(t0));
        return out;
    }

    private static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private static String drain(InputStream digesting, MessageDigest md) throws IOException {
        byte[] buf = new byte[1 << 16];
        while (digesting.read(buf) >= 0) {
            // into the digest
        }
        return HexFormat.of().formatHex(md.digest());
    }

    /** A stream whose close leaves the underlying stream open (it is digested to its end afterwards). */
    static InputStream shield(InputStream in) {
        return new java.io.FilterInputStream(in) {
            @Override
            public void close() {
            }
        };
    }

    private static Info hash(Task t, Settings s) throws IOException {
        org.apache.hadoop.fs.Path hp = new org.apache.hadoop.fs.Path(t.uri());
        MessageDigest md = sha256();
        try (InputStream in = new DigestInputStream(hp.getFileSystem(s.conf()).open(hp), md)) {
            return new Info(t.source(), t.split(), Kind.HASH, 0, 0, 0, 0, new TreeSet<>(), drain(in, md), Set.of(), Map.of(),
                    Set.of(), List.of(), null, Set.of(), 0);
        }
    }

    /** Per-sample statistics of the item tables, shared by the sample readers of one task. */
    private static final class ItemSide {
        final ScaleAxis axis;
        final List<Metric> metrics;
        final MetricUnits.Contributor[] contributors;
        final int[] dims;
        final boolean contribute;
        final Set<String> unsupported = new LinkedHashSet<>();
        final int source;
        final Map<String, Builder[]> batches = new java.util.LinkedHashMap<>();
        long onAxis;

        ItemSide(Settings s, boolean contribute, int source) {
            this.axis = s.axis();
            this.metrics = s.itemMetricList();
            this.contributors = metrics.stream().map(MetricUnits.Contributor::new).toArray(MetricUnits.Contributor[]::new);
            this.dims = metrics.stream().mapToInt(m -> m.kind() == mirage.core.metric.MetricKind.SUBSET_ACCURACY ? 0
                    : m.kind() == mirage.core.metric.MetricKind.BLEU ? MetricUnits.dim(m) : 1).toArray();
            this.contribute = contribute;
            this.source = source;
        }

        /** As {@link ItemTables#accept}: a sample counts when the tables have metrics and it lies on the axis. */
        void accept(Sample x, long split, long seq) {
            if (metrics.isEmpty()) {
                return;
            }
            double a = ItemTables.axisValue(axis, x);
            if (!(a > 0 && a < Double.POSITIVE_INFINITY)) {
                return;
            }
            onAxis++;
            if (!contribute) {
                return;
            }
            String key = ItemTables.cellKey(axis, x, false); // the Spark engine's curves: each model's last checkpoint
            String model = ItemTables.column(axis, x, a, false);
            Builder[] bs = batches.computeIfAbsent(key + '\u0001' + split, z -> new Builder[metrics.size()]);
            for (int i = 0; i < contributors.length; i++) {
                if (unsupported.contains(metrics.get(i).name())) {
                    continue;
                }
                MetricUnits.Contribution c;
                try {
                    c = contributors[i].of(x);
                } catch (IllegalArgumentException e) {
                    unsupported.add(metrics.get(i).name());
                    continue;
                }
                if (bs[i] == null) {
                    bs[i] = new Builder(key, i, source, split, dims[i]);
                }
                bs[i].add(seq, model, c);
            }
        }

        void emit(List<Serializable> out) {
            for (Builder[] bs : batches.values()) {
                for (Builder b : bs) {
                    if (b != null) {
                        out.add(b.build());
                    }
                }
            }
        }
    }

    /** Grows a {@link Records.Batch}. */
    private static final class Builder {
        final String cellKey;
        final int metric;
        final int source;
        final long split;
        final int dim;
        int n;
        long[] seq = new long[64];
        int[] models = new int[64];
        String[] items = new String[64];
        String[] groups;
        byte[] states;
        double[] stats;
        final Map<String, Integer> modelIndex = new java.util.LinkedHashMap<>();

        Builder(String cellKey, int metric, int source, long split, int dim) {
            this.cellKey = cellKey;
            this.metric = metric;
            this.source = source;
            this.split = split;
            this.dim = dim;
            if (dim == 0) {
                groups = new String[64];
                states = new byte[64];
            } else {
                stats = new double[64 * dim];
            }
        }

        void add(long s, String model, MetricUnits.Contribution c) {
            if (n == seq.length) {
                int cap = n * 2;
                seq = Arrays.copyOf(seq, cap);
                models = Arrays.copyOf(models, cap);
                items = Arrays.copyOf(items, cap);
                if (dim == 0) {
                    groups = Arrays.copyOf(groups, cap);
                    states = Arrays.copyOf(states, cap);
                } else {
                    stats = Arrays.copyOf(stats, cap * dim);
                }
            }
            seq[n] = s;
            models[n] = modelIndex.computeIfAbsent(model, z -> modelIndex.size());
            items[n] = c.itemId();
            if (dim == 0) {
                groups[n] = c.group();
                states[n] = c.state();
            } else if (c.stats() == null) {
                stats[n * dim] = Double.NaN;
            } else {
                System.arraycopy(c.stats(), 0, stats, n * dim, dim);
            }
            n++;
        }

        Records.Batch build() {
            return new Records.Batch(cellKey, metric, source, split, n, Arrays.copyOf(seq, n), List.copyOf(modelIndex.keySet()),
                    Arrays.copyOf(models, n), Arrays.copyOf(items, n), groups == null ? null : Arrays.copyOf(groups, n),
                    states == null ? null : Arrays.copyOf(states, n), dim, stats == null ? null : Arrays.copyOf(stats, n * dim));
        }
    }

    private static List<Serializable> samples(Task t, Settings s, boolean items) throws IOException {
        List<Serializable> out = new ArrayList<>();
        org.apache.hadoop.fs.Path hp = new org.apache.hadoop.fs.Path(t.uri());
        FileSystem fs = hp.getFileSystem(s.conf());
        MessageDigest md = t.whole() ? sha256() : null;
        FSDataInputStream raw = fs.open(hp);
        if (t.start() > 0) {
            raw.seek(t.start() - 1);
        }
        InputStream counted = md == null ? raw : new DigestInputStream(raw, md);
        ReadContext ctx = s.context(Settings.Quiet.INSTANCE, (m, f, l) -> { });
        Scorer scorer = new Scorer(s.metrics());
        ItemSide side = new ItemSide(s, items, t.source());
        long bad = 0;
        long lines = 0;
        Fatal fatal = null;
        TreeSet<String> unknown = new TreeSet<>();
        String sha = null;
        try (counted) {
            InputStream body;
            if (t.whole()) {
                try {
                    body = InputFiles.maybeGunzip(new BufferedInputStream(shield(counted), 1 << 16), t.name());
                } catch (InputException e) {
                    fatal = new Fatal(e.file(), e.line(), e.reason());
                    body = null;
                }
            } else {
                body = new BufferedInputStream(new SplitStream(new BufferedInputStream(counted, 1 << 16), t.start(), t.end()), 1 << 16);
            }
            if (body != null) {
                // the byte reader of the local engine: its 64 MiB line limit and UTF-8 check
                try (SampleJsonlReader r = new SampleJsonlReader(body, t.name())) {
                    long seq = 0;
                    while (true) {
                        Sample x;
                        try {
                            x = r.next();
                        } catch (mirage.io.CorruptInputException e) {
                            fatal = new Fatal(e.file(), e.line(), e.reason()); // a truncated or corrupt .gz: one error, stop
                            break;
                        } catch (InputException e) {
                            bad++;
                            if (!items) {
                                out.add(new Bad(t.source(), t.split(), e.file(), e.line(), e.field(), e.reason()));
                            }
                            continue;
                        }
                        if (x == null) {
                            break;
                        }
                        x = ResultReaders.complete(x, ctx);
                        if (!items) {
                            scorer.accept(x);
                        }
                        side.accept(x, t.split(), seq++);
                    }
                    lines = r.line();
                    unknown = r.unknownFields();
                }
            }
            if (md != null) {
                sha = drain(counted, md);
            }
        }
        if (!items) {
            scorer.forEachCell((cell, acc) -> out.add(new Partial(t.source(), cell, t.split(), acc)));
        }
        side.emit(out);
        out.add(new Info(t.source(), t.split(), Kind.SAMPLES, lines, scorer.samples(), side.onAxis, bad, unknown, sha,
                ctx.missingFromScales(), ctx.paramsFromNames(), ctx.familiesFromNames(), List.of(), fatal, side.unsupported, 0));
        return out;
    }

    private static List<Serializable> lmEval(Task t, Settings s, boolean items) throws IOException {
        List<Serializable> out = new ArrayList<>();
        List<Event> events = new ArrayList<>();
        Problems problems = new Problems() {
            @Override
            public void skip(String file, long line, String field, String reason) {
                events.add(new Records.Skip(file, line, field, reason));
            }

            @Override
            public void note(String message) {
                events.add(new Records.Note(message));
            }

            @Override
            public boolean strict() {
                return false;
            }
        };
        MeasurementSink sink = (m, file, line) -> events.add(new Records.Measure(m, file, line));
        ReadContext ctx = s.context(problems, sink);
        ItemSide side = new ItemSide(s, items, t.source());
        long[] seq = {0};
        ctx.withItemSamples(x -> side.accept(x, 0, seq[0]++));
        org.apache.hadoop.fs.Path hp = new org.apache.hadoop.fs.Path(t.uri());
        FileSystem fs = hp.getFileSystem(s.conf());
        Path local = t.localPath() != null ? Path.of(t.localPath()) : mirror(hp, fs);
        MessageDigest md = sha256();
        Fatal fatal = null;
        String sha;
        try (InputStream counted = new DigestInputStream(fs.open(hp), md)) {
            InputStream in = null;
            try {
                in = InputFiles.maybeGunzip(new BufferedInputStream(shield(counted), 1 << 16), t.name());
            } catch (InputException e) {
                fatal = new Fatal(e.file(), e.line(), e.reason());
            }
            if (in != null) {
                try {
                    LmEvalSamplesReader.read(in, t.name(), local, ctx);
                } catch (InputException e) {
                    fatal = new Fatal(e.file(), e.line(), e.reason());
                }
            }
            sha = drain(counted, md);
        } finally {
            if (t.localPath() == null) {
                mirage.io.OutputFolder.deleteTree(local.getParent().getParent());
            }
        }
        side.emit(out);
        out.add(new Info(t.source(), 0, Kind.LMEVAL, 0, seq[0], side.onAxis, 0, new TreeSet<>(), sha, ctx.missingFromScales(),
                ctx.paramsFromNames(), ctx.familiesFromNames(), items ? List.of() : events, fatal, side.unsupported, 0));
        return out;
    }

    /**
     * An lm-eval samples file not on this machine: the reader looks for {@code results*.json} beside it and
     * otherwise takes the model from the folder's name, so the folder's results files are copied to a local
     * folder of the same name, and the reader is given the file's name in it.
     */
    private static Path mirror(org.apache.hadoop.fs.Path hp, FileSystem fs) throws IOException {
        Path root = Files.createTempDirectory("mirage-lmeval");
        org.apache.hadoop.fs.Path parent = hp.getParent();
        String dirName = parent == null || parent.getName().isEmpty() ? "unknown" : parent.getName();
        Path dir = Files.createDirectories(root.resolve(dirName));
        if (parent != null) {
            FileStatus[] results = fs.globStatus(new org.apache.hadoop.fs.Path(parent, "results*.json"));
            if (results != null) {
                for (FileStatus r : results) {
                    try (InputStream in = fs.open(r.getPath())) {
                        Files.copy(in, dir.resolve(r.getPath().getName()));
                    }
                }
            }
        }
        return dir.resolve(hp.getName());
    }

    /**
     * One partition of a Parquet input: its rows as per-sample JSON (Spark's {@code to_json} of the row) read by
     * the per-sample reader, so that fields are checked and reported as in JSONL; a bad row is reported with its
     * part file and its 1-based row number in that file as the line.
     *
     * @param rows (file path, row index, JSON)
     * @param fileIndex the position of each part file in the input's sorted file list
     */
    static List<Serializable> parquet(int source, String name, int partition, Iterator<Row> rows, Settings s, boolean items,
                                      Map<String, Integer> fileIndex) throws IOException {
        List<Serializable> out = new ArrayList<>();
        ReadContext ctx = s.context(Settings.Quiet.INSTANCE, (m, f, l) -> { });
        Scorer scorer = new Scorer(s.metrics());
        ItemSide side = new ItemSide(s, items, source);
        RowReader reader = new RowReader(rows);
        long bad = 0;
        TreeSet<String> unknown;
        try (SampleJsonlReader r = new SampleJsonlReader(reader, name)) {
            while (true) {
                Sample x;
                try {
                    x = r.next();
                } catch (InputException e) {
                    bad++;
                    if (!items) {
                        int i = (int) e.line() - 1;
                        out.add(new Bad(source, 0, display(reader.files.get(i)), reader.rows[i] + 1, e.field(), e.reason()));
                    }
                    continue;
                }
                if (x == null) {
                    break;
                }
                x = ResultReaders.complete(x, ctx);
                if (!items) {
                    scorer.accept(x);
                }
                int i = (int) r.line() - 1;
                side.accept(x, fileIndex.getOrDefault(reader.files.get(i), Integer.MAX_VALUE), reader.rows[i]);
            }
            unknown = r.unknownFields();
        }
        if (!items) {
            scorer.forEachCell((cell, acc) -> out.add(new Partial(source, cell, partition, acc)));
        }
        side.emit(out);
        out.add(new Info(source, partition, Kind.SAMPLES, 0, scorer.samples(), side.onAxis, bad, unknown, null,
                ctx.missingFromScales(), ctx.paramsFromNames(), ctx.familiesFromNames(), List.of(), null, side.unsupported, 0));
        return out;
    }

    /** A part file as named to the user: the path of a file: URI, else the URI. */
    static String display(String uri) {
        if (uri.startsWith("file:")) {
            return new org.apache.hadoop.fs.Path(uri).toUri().getPath();
        }
        return uri;
    }

    /** The rows' JSON as lines, remembering each line's part file and row. */
    private static final class RowReader extends Reader {
        private final Iterator<Row> source;
        final List<String> files = new ArrayList<>();
        long[] rows = new long[1024];
        private String current = "";
        private int pos;
        private int n;

        RowReader(Iterator<Row> rows) {
            this.source = rows;
        }

        @Override
        public int read(char[] cbuf, int off, int len) {
            if (len == 0) {
                return 0;
            }
            while (pos >= current.length()) {
                if (!source.hasNext()) {
                    return -1;
                }
                Row r = source.next();
                String file = r.getString(0);
                files.add(files.isEmpty() || !files.get(files.size() - 1).equals(file) ? file : files.get(files.size() - 1));
                if (n == rows.length) {
                    rows = Arrays.copyOf(rows, n * 2);
                }
                rows[n++] = r.getLong(1);
                String json = r.getString(2);
                current = (json == null ? "{}" : json) + "\n";
                pos = 0;
            }
            int k = Math.min(len, current.length() - pos);
            current.getChars(pos, pos + k, cbuf, off);
            pos += k;
            return k;
        }

        @Override
        public void close() {
        }
    }
}

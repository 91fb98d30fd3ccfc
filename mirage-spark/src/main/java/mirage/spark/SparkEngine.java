package mirage.spark;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintWriter;
import java.io.Serializable;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import mirage.analysis.PointTable;
import mirage.analysis.ReadEngine;
import mirage.core.InputException;
import mirage.core.data.ScaleAxis;
import mirage.core.metric.Metric;
import mirage.core.metric.MetricAccumulator;
import mirage.core.metric.MetricUnits;
import mirage.core.metric.Metrics;
import mirage.core.metric.Scorer;
import mirage.io.InputFiles;
import mirage.io.provenance.Provenance;
import mirage.io.results.ColumnMap;
import mirage.io.results.ItemTables;
import mirage.io.results.ReadContext;
import mirage.io.results.ResultFormat;
import mirage.io.results.ResultReaders;
import mirage.io.results.ScalesTable;
import mirage.io.results.SkipLog;
import mirage.spark.Records.Bad;
import mirage.spark.Records.BadKey;
import mirage.spark.Records.CellKey;
import mirage.spark.Records.Batch;
import mirage.spark.Records.Event;
import mirage.spark.Records.Info;
import mirage.spark.Records.Kind;
import mirage.spark.Records.Partial;
import mirage.spark.Records.TableKey;
import mirage.spark.Records.TablePart;
import mirage.spark.Records.Task;
import mirage.spark.TaskRunner.Detected;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.LocatedFileStatus;
import org.apache.hadoop.fs.RemoteIterator;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.functions;
import org.apache.spark.storage.StorageLevel;
import scala.Tuple2;

/**
 * {@code mirage analyze --engine spark}: reads and scores the inputs on Apache Spark, then hands the driver's
 * analysis exactly what the local engine's readers give it (docs/SPARK.md).
 *
 * <ol>
 *   <li>Inputs are listed with Hadoop's file systems (any Hadoop path) in the local engine's order and naming;
 *       each file's format is detected by a task, with the local engine's rules ({@link ResultReaders#detect}).</li>
 *   <li>Per-sample JSONL is cut into splits of whole lines ({@code mirage.split.bytes}, default 128 MiB; a gzip
 *       file is one split); lm-evaluation-harness samples files are one task each; Parquet inputs are read by
 *       Spark SQL, each row checked as a per-sample JSON line. Each task scores its samples with mirage-core's
 *       {@link Scorer}: per (file, cell) partial accumulators, merged by key in split order (so the result does not
 *       depend on the number of executors), and lists its bad rows with their line in the split.</li>
 *   <li>The driver then feeds, file by file in input order, the merged cells to the point table through
 *       {@link ResultReaders#finishSamples} (the local engine's own ending of a per-sample file), its bad rows (with
 *       global line numbers) to the skip log, and reads the other formats (long, wide, BIG-bench, lm-eval results:
 *       small tables) with the local readers.</li>
 *   <li>Item tables: when the samples on the axis fit the budget, a second pass computes each sample's
 *       contributions ({@link MetricUnits.Contributor}), groups them by table (family, task, labels, metric), sorts
 *       each group by input position and builds the table with mirage-core's {@link MetricUnits.Builder}: the same
 *       tables, and the same budget accounting, as the local engine's streaming {@link ItemTables}.</li>
 * </ol>
 * A file whose cells are scored in one split gets bit-identical values; with several splits a cell's partials
 * are combined (Chan et al.'s formula) instead of accumulated in one pass, which changes the last bits of means.
 */
public final class SparkEngine implements ReadEngine {
    /** Default split size of per-sample JSONL. */
    public static final long DEFAULT_SPLIT_BYTES = 128L << 20;
    /** Engine setting: split size in bytes. */
    public static final String SPLIT_BYTES = "mirage.split.bytes";
    /** Engine setting: where Parquet copies of the outputs go. */
    public static final String PARQUET_OUT = "mirage.parquet.out";

    private SparkSession spark;
    private boolean created;
    private Request request;
    private Map<String, Object> stats = new LinkedHashMap<>();

    @Override
    public String name() {
        return "spark";
    }

    /** A file of the inputs: its URI, its name as the local engine names it, and whether it was found under a directory. */
    private record FileRef(int input, String uri, String name, boolean inDirectory) implements Serializable {
    }

    /** A source: a file, or the Parquet files of one input. */
    private static final class Source {
        final int index;
        final String name;
        final Kind kind; // SAMPLES (JSONL or Parquet), LMEVAL; null = read on the driver or not read
        final List<Detected> files = new ArrayList<>();
        boolean parquet;
        boolean driver;
        int splits = 1;

        Source(int index, String name, Kind kind) {
            this.index = index;
            this.name = name;
            this.kind = kind;
        }
    }

    SparkSession session(Request req) {
        if (spark != null) {
            return spark;
        }
        boolean existing = SparkSession.getActiveSession().isDefined() || SparkSession.getDefaultSession().isDefined();
        SparkSession.Builder b = SparkSession.builder().appName("mirage analyze");
        if (req.master() != null) {
            b.master(req.master());
        } else if (!existing && System.getProperty("spark.master") == null) {
            b.master("local[*]");
        }
        req.options().forEach((k, v) -> {
            if (k.startsWith("spark.")) {
                b.config(k, v);
            }
        });
        spark = b.getOrCreate();
        created = !existing;
        if (created) {
            spark.sparkContext().setLogLevel("WARN");
        }
        return spark;
    }

    @Override
    public Result read(Request req, SkipLog log, ItemTables items, Provenance prov, PrintWriter err) throws IOException {
        this.request = req;
        for (String k : req.options().keySet()) {
            if (!k.startsWith("spark.") && !k.equals(SPLIT_BYTES) && !k.equals(PARQUET_OUT)) {
                throw new InputException("--engine-conf " + k + ": not a Spark property (spark.*) nor a mirage engine setting ("
                        + SPLIT_BYTES + ", " + PARQUET_OUT + ")");
            }
        }
        long splitBytes = Long.parseLong(req.options().getOrDefault(SPLIT_BYTES, Long.toString(DEFAULT_SPLIT_BYTES)));
        if (splitBytes < 1) {
            throw new InputException(SPLIT_BYTES + " must be at least 1, got " + splitBytes);
        }
        ResultFormat fmt = ResultFormat.parse(req.format());
        ScaleAxis ax = ScaleAxis.parse(req.axis());
        List<Metric> scoring = req.metrics() == null ? Metrics.defaults() : Metrics.parseList(req.metrics());
        ColumnMap map = ColumnMap.parse(req.maps());
        long t0 = System.nanoTime();
        SparkSession ss = session(req);
        JavaSparkContext jsc = JavaSparkContext.fromSparkContext(ss.sparkContext());
        Configuration hconf = jsc.hadoopConfiguration();
        stats.put("master", ss.sparkContext().master());
        stats.put("default_parallelism", jsc.defaultParallelism());
        stats.put("session_seconds", (System.nanoTime() - t0) / 1e9);

        // the scales table, on the driver as in the local engine
        ScalesTable scalesTable = null;
        byte[] scalesBytes = null;
        if (req.scales() != null) {
            org.apache.hadoop.fs.Path sp = new org.apache.hadoop.fs.Path(req.scales());
            FileSystem fs = sp.getFileSystem(hconf);
            if (!fs.exists(sp) || !fs.getFileStatus(sp).isFile()) {
                throw new InputException(req.scales(), 0, null, "no such file");
            }
            MessageDigest md = sha256();
            try (InputStream raw = new DigestInputStream(fs.open(sp), md)) {
                scalesBytes = InputFiles.maybeGunzip(new BufferedInputStream(TaskRunner.shield(raw), 1 << 16), req.scales()).readAllBytes();
                raw.transferTo(java.io.OutputStream.nullOutputStream());
            }
            scalesTable = ScalesTable.read(new java.io.ByteArrayInputStream(scalesBytes), req.scales(), map, log);
            prov.input(req.scales(), fs.getFileStatus(sp).getLen(), java.util.HexFormat.of().formatHex(md.digest()));
            log.note(req.scales() + ": scales of " + scalesTable.size() + " models (" + String.join(", ", scalesTable.columnsUsed()) + ")");
        }
        PointTable table = new PointTable(ax, log);
        ReadContext ctx = new ReadContext(map, table, log, null, 1, scoring, scalesTable, req.nameScales()).withItems(items);
        Settings settings = new Settings(scoring.stream().map(Metric::name).toList(), req.maps(), scalesBytes, req.scales(),
                req.nameScales(), ax.key(), items.metrics().stream().map(Metric::name).toList(), fmt.key(), hconf);

        // 1. the files, in the local engine's order, and their formats
        List<FileRef> files = expand(req.inputs(), hconf);
        long t1 = System.nanoTime();
        List<Detected> detected = files.isEmpty() ? List.of()
                : jsc.parallelize(files, Math.max(1, Math.min(files.size(), 4 * jsc.defaultParallelism())))
                        .map(f -> TaskRunner.detect(f.uri(), f.name(), settings)).collect();
        stats.put("detect_seconds", (System.nanoTime() - t1) / 1e9);

        // 2. sources and tasks
        List<Source> sources = new ArrayList<>();
        Map<Integer, Source> parquetOfInput = new HashMap<>();
        for (int i = 0; i < files.size(); i++) {
            FileRef f = files.get(i);
            Detected d = detected.get(i);
            Source s;
            if (d.parquet()) {
                s = parquetOfInput.get(f.input());
                if (s == null) {
                    s = new Source(sources.size(), req.inputs().get(f.input()), Kind.SAMPLES);
                    s.parquet = true;
                    parquetOfInput.put(f.input(), s);
                    sources.add(s);
                }
            } else if (d.error() != null) {
                // not a result file: noted when found under a directory, else (or when it is bad gzip) the local engine
                // stops at it, after the files before it; either happens at its turn on the driver
                s = new Source(sources.size(), f.name(), null);
                sources.add(s);
            } else {
                ResultFormat df = ResultFormat.parse(d.format());
                Kind k = df == ResultFormat.SAMPLES ? Kind.SAMPLES : df == ResultFormat.LMEVAL_SAMPLES ? Kind.LMEVAL : null;
                s = new Source(sources.size(), f.name(), k);
                s.driver = k == null;
                sources.add(s);
            }
            s.files.add(d);
        }
        List<Task> tasks = new ArrayList<>();
        List<Task> hashes = new ArrayList<>();
        for (Source s : sources) {
            if (s.parquet) {
                for (int k = 0; k < s.files.size(); k++) {
                    Detected d = s.files.get(k);
                    hashes.add(new Task(s.index, k, Kind.HASH, d.uri(), d.name(), 0, d.bytes(), true, null));
                }
                continue;
            }
            Detected d = s.files.get(0);
            if (s.kind == Kind.SAMPLES) {
                long n = d.gzip() ? 1 : Math.max(1, (d.bytes() + splitBytes - 1) / splitBytes);
                s.splits = (int) n;
                if (n == 1) {
                    tasks.add(new Task(s.index, 0, Kind.SAMPLES, d.uri(), d.name(), 0, d.bytes(), true, null));
                } else {
                    for (int k = 0; k < n; k++) {
                        tasks.add(new Task(s.index, k, Kind.SAMPLES, d.uri(), d.name(), k * splitBytes,
                                Math.min(d.bytes(), (k + 1) * splitBytes), false, null));
                    }
                    hashes.add(new Task(s.index, 0, Kind.HASH, d.uri(), d.name(), 0, d.bytes(), true, null));
                }
            } else if (s.kind == Kind.LMEVAL) {
                tasks.add(new Task(s.index, 0, Kind.LMEVAL, d.uri(), d.name(), 0, d.bytes(), true, localPath(d.uri())));
            } else if (d.error() != null && !d.fatal() && files.get(indexOf(detected, d)).inDirectory()) {
                hashes.add(new Task(s.index, 0, Kind.HASH, d.uri(), d.name(), 0, d.bytes(), true, null));
            }
        }
        stats.put("tasks", tasks.size());
        stats.put("split_bytes", splitBytes);

        // 3. pass 1: scoring, bad rows, counts (a listener sums what the tasks shuffle and send back, for the figures)
        long[] shuffled = new long[4];
        org.apache.spark.scheduler.SparkListener listener = new org.apache.spark.scheduler.SparkListener() {
            @Override
            public void onTaskEnd(org.apache.spark.scheduler.SparkListenerTaskEnd e) {
                if (e.taskMetrics() != null) {
                    synchronized (shuffled) {
                        shuffled[0] += e.taskMetrics().shuffleWriteMetrics().bytesWritten();
                        shuffled[1] += e.taskMetrics().resultSize();
                        shuffled[2] += e.taskMetrics().executorRunTime();
                        shuffled[3] += e.taskMetrics().executorCpuTime();
                    }
                }
            }
        };
        ss.sparkContext().addSparkListener(listener);
        long t2 = System.nanoTime();
        JavaRDD<Serializable> pass1 = pass(jsc, ss, tasks, hashes, sources, settings, false);
        pass1.persist(StorageLevel.MEMORY_AND_DISK());
        List<Info> infos;
        List<Partial> merged;
        Iterator<Bad> bads;
        try {
            infos = pass1.filter(x -> x instanceof Info).map(x -> (Info) x).collect();
            merged = pass1.filter(x -> x instanceof Partial).map(x -> (Partial) x)
                    .mapToPair(p -> new Tuple2<>(new CellKey(p.source(), p.cell()), p))
                    .groupByKey()
                    .map(g -> merge(g._2()))
                    .collect();
            long badCount = infos.stream().mapToLong(Info::bad).sum();
            bads = badCount == 0 ? java.util.Collections.emptyIterator()
                    : pass1.filter(x -> x instanceof Bad).map(x -> (Bad) x)
                            .mapToPair(b -> new Tuple2<>(new BadKey(b.source(), b.split(), b.file(), b.line()), b))
                            .sortByKey().values().toLocalIterator();
            stats.put("pass1_seconds", (System.nanoTime() - t2) / 1e9);
            stats.put("score_task_seconds", infos.stream().filter(i -> i.kind() != Kind.HASH).mapToLong(Info::nanos).sum() / 1e9);
            stats.put("digest_task_seconds", infos.stream().filter(i -> i.kind() == Kind.HASH).mapToLong(Info::nanos).sum() / 1e9);

            // 4. the driver, source by source in input order, as the local engine reads them
            Map<Integer, List<Info>> infoOf = new HashMap<>();
            for (Info in : infos) {
                infoOf.computeIfAbsent(in.source(), z -> new ArrayList<>()).add(in);
            }
            Map<Integer, List<Partial>> cellsOf = new HashMap<>();
            for (Partial p : merged) {
                cellsOf.computeIfAbsent(p.source(), z -> new ArrayList<>()).add(p);
            }
            PeekingBad pb = new PeekingBad(bads);
            Map<String, String> detectedFormats = new LinkedHashMap<>();
            int read = 0;
            for (Source s : sources) {
                List<Info> si = infoOf.getOrDefault(s.index, List.of());
                Detected d0 = s.files.get(0);
                if (s.parquet) {
                    replaySamples(s, si, cellsOf.getOrDefault(s.index, List.of()), pb, log, ctx, scoring);
                    for (Detected d : s.files) {
                        prov.input(d.name(), d.bytes(), shaOf(si, d, s));
                        detectedFormats.put(d.name(), "parquet");
                        read++;
                    }
                    err.println("read " + s.name + ": Parquet with the per-sample JSONL's columns (" + s.files.size() + " file"
                            + (s.files.size() == 1 ? "" : "s") + ", scored)");
                    continue;
                }
                if (d0.error() != null) {
                    if (d0.fatal() || !files.get(indexOf(detected, d0)).inDirectory()) {
                        throw d0.error();
                    }
                    ctx.problems().note("not read: " + d0.error().getMessage());
                    prov.input(d0.name(), d0.bytes(), shaOf(si, d0, s));
                    continue;
                }
                ResultReaders.Detection det = new ResultReaders.Detection(ResultFormat.parse(d0.format()), d0.jsonl(), d0.reason());
                String sha;
                if (s.kind == Kind.SAMPLES) {
                    replaySamples(s, si, cellsOf.getOrDefault(s.index, List.of()), pb, log, ctx, scoring);
                    sha = shaOf(si, d0, s);
                } else if (s.kind == Kind.LMEVAL) {
                    sha = replayLmEval(si, log, table, ctx);
                } else {
                    sha = readOnDriver(d0, det, ctx, hconf);
                }
                prov.input(d0.name(), d0.bytes(), sha);
                read++;
                detectedFormats.put(d0.name(), det.format().key());
                err.println("read " + d0.name() + ": " + det.format().description()
                        + (fmt == ResultFormat.AUTO ? " (detected: " + det.reason() + ")" : ""));
            }

            // 5. item tables
            long t3 = System.nanoTime();
            items(items, infos, jsc, ss, tasks, sources, settings);
            stats.put("items_seconds", (System.nanoTime() - t3) / 1e9);
            stats.put("samples", infos.stream().mapToLong(Info::samples).sum());
            synchronized (shuffled) {
                // listener events arrive asynchronously: the last tasks' may be missing (the figures are approximate)
                stats.put("shuffle_write_bytes", shuffled[0]);
                stats.put("task_result_bytes", shuffled[1]);
                stats.put("executor_run_seconds", shuffled[2] / 1e3);
                stats.put("executor_cpu_seconds", shuffled[3] / 1e9);
            }
            stats.put("cells", merged.size());
            prov.note("spark", stats);
            return new Result(table, ctx, read, detectedFormats);
        } finally {
            pass1.unpersist(false);
            ss.sparkContext().removeSparkListener(listener);
        }
    }

    private static int indexOf(List<Detected> detected, Detected d) {
        for (int i = 0; i < detected.size(); i++) {
            if (detected.get(i) == d) {
                return i;
            }
        }
        throw new IllegalStateException();
    }

    /** The first pass (scoring) or the item pass (contributions) over every task and Parquet input. */
    private static JavaRDD<Serializable> pass(JavaSparkContext jsc, SparkSession ss, List<Task> tasks, List<Task> hashes,
                                              List<Source> sources, Settings settings, boolean items) {
        List<Task> all = new ArrayList<>(tasks);
        if (!items) {
            all.addAll(hashes);
        }
        JavaRDD<Serializable> rdd = jsc.parallelize(all, Math.max(1, all.size()))
                .flatMap(t -> TaskRunner.run(t, settings, items).iterator());
        for (Source s : sources) {
            if (!s.parquet) {
                continue;
            }
            List<String> uris = s.files.stream().map(Detected::uri).toList();
            Map<String, Integer> fileIndex = new HashMap<>();
            for (int i = 0; i < uris.size(); i++) {
                fileIndex.put(new org.apache.hadoop.fs.Path(uris.get(i)).toUri().normalize().toString(), i);
            }
            ss.conf().set("spark.sql.files.minPartitionNum", "1");
            Dataset<Row> df = ss.read().parquet(uris.toArray(new String[0]));
            org.apache.spark.sql.Column[] cols = Arrays.stream(df.columns()).map(functions::col).toArray(org.apache.spark.sql.Column[]::new);
            Dataset<Row> rows = df.select(functions.col("_metadata.file_path"), functions.col("_metadata.row_index"),
                    functions.to_json(functions.struct(cols)));
            int source = s.index;
            String name = s.name;
            Map<String, Integer> fi = new HashMap<>();
            fileIndex.forEach((k, v) -> fi.put(k, v));
            JavaRDD<Serializable> p = rows.javaRDD().mapPartitionsWithIndex((idx, it) -> {
                Map<String, Integer> byUri = new HashMap<>();
                return TaskRunner.parquet(source, name, idx, normalised(it, fi, byUri), settings, items, byUri).iterator();
            }, false);
            rdd = rdd.union(p);
        }
        return rdd;
    }

    /** The rows with their file as given by Spark, and the index of each file among the input's sorted files. */
    private static Iterator<Row> normalised(Iterator<Row> it, Map<String, Integer> fileIndex, Map<String, Integer> byUri) {
        return new Iterator<>() {
            @Override
            public boolean hasNext() {
                return it.hasNext();
            }

            @Override
            public Row next() {
                Row r = it.next();
                String f = r.getString(0);
                byUri.computeIfAbsent(f, z -> fileIndex.getOrDefault(new org.apache.hadoop.fs.Path(z).toUri().normalize().toString(),
                        Integer.MAX_VALUE));
                return r;
            }
        };
    }

    /** Partials of one (source, cell) combined in split order. */
    static Partial merge(Iterable<Partial> parts) {
        List<Partial> ps = new ArrayList<>();
        parts.forEach(ps::add);
        ps.sort(Comparator.comparingInt(Partial::split));
        MetricAccumulator[] acc = ps.get(0).acc();
        for (int i = 1; i < ps.size(); i++) {
            MetricAccumulator[] o = ps.get(i).acc();
            for (int m = 0; m < acc.length; m++) {
                acc[m].combine(o[m]);
            }
        }
        return new Partial(ps.get(0).source(), ps.get(0).cell(), 0, acc);
    }

    /** Bad rows in input order, consumed source by source. */
    private static final class PeekingBad {
        private final Iterator<Bad> it;
        private Bad next;

        PeekingBad(Iterator<Bad> it) {
            this.it = it;
            this.next = it.hasNext() ? it.next() : null;
        }

        /** The bad rows of a source (they come in source order). */
        List<Bad> of(int source) {
            List<Bad> out = new ArrayList<>();
            while (next != null && next.source() == source) {
                out.add(next);
                next = it.hasNext() ? it.next() : null;
            }
            return out;
        }
    }

    /** A per-sample source on the driver: its bad rows with global line numbers, then its cells and notes. */
    private static void replaySamples(Source s, List<Info> infos, List<Partial> cells, PeekingBad bads, SkipLog log,
                                      ReadContext ctx, List<Metric> scoring) {
        long[] prefix = new long[s.parquet ? 1 : s.splits + 1];
        Records.Fatal fatal = null;
        long samples = 0;
        TreeSet<String> unknown = new TreeSet<>();
        List<Info> sorted = new ArrayList<>(infos);
        sorted.removeIf(i -> i.kind() == Kind.HASH);
        sorted.sort(Comparator.comparingInt(Info::split));
        for (Info in : sorted) {
            if (!s.parquet) {
                prefix[in.split() + 1] = in.lines();
            }
            samples += in.samples();
            unknown.addAll(in.unknown());
            ctx.addCompletions(in.missingFromScales(), in.paramsFromNames(), in.familiesFromNames());
            if (in.fatal() != null && fatal == null) {
                fatal = in.fatal();
            }
        }
        for (int k = 1; k < prefix.length; k++) {
            prefix[k] += prefix[k - 1];
        }
        for (Bad b : bads.of(s.index)) {
            long line = s.parquet ? b.line() : b.line() + prefix[b.split()];
            log.skip(b.file(), line, b.field(), b.reason());
        }
        if (fatal != null) {
            throw new InputException(fatal.file(), fatal.line(), null, fatal.reason());
        }
        Scorer total = new Scorer(scoring);
        for (Partial p : cells) {
            total.combine(p.cell(), p.acc());
        }
        total.countSamples(samples);
        ResultReaders.finishSamples(total, unknown, s.name, ctx);
    }

    /** An lm-eval samples file on the driver: its skips, measurements and notes in the order the reader made them. */
    private static String replayLmEval(List<Info> infos, SkipLog log, PointTable table, ReadContext ctx) {
        String sha = null;
        for (Info in : infos) {
            ctx.addCompletions(in.missingFromScales(), in.paramsFromNames(), in.familiesFromNames());
            for (Event e : in.events()) {
                if (e instanceof Records.Skip k) {
                    log.skip(k.file(), k.line(), k.field(), k.reason());
                } else if (e instanceof Records.Measure m) {
                    table.accept(m.m(), m.file(), m.line());
                } else if (e instanceof Records.Note n) {
                    log.note(n.message());
                }
            }
            if (in.fatal() != null) {
                throw new InputException(in.fatal().file(), in.fatal().line(), null, in.fatal().reason());
            }
            sha = in.sha256();
        }
        return sha;
    }

    /** The SHA-256 of a source's file: from its digest task (split = the file's index in the source), else its whole-file task. */
    private static String shaOf(List<Info> infos, Detected d, Source s) {
        int k = s.files.indexOf(d);
        for (Info in : infos) {
            if (in.kind() == Kind.HASH && in.split() == k) {
                return in.sha256();
            }
        }
        for (Info in : infos) {
            if (in.kind() != Kind.HASH && in.sha256() != null) {
                return in.sha256();
            }
        }
        return null;
    }

    /** A small result file read on the driver with the local readers. */
    private static String readOnDriver(Detected d, ResultReaders.Detection det, ReadContext ctx, Configuration conf) throws IOException {
        org.apache.hadoop.fs.Path hp = new org.apache.hadoop.fs.Path(d.uri());
        FileSystem fs = hp.getFileSystem(conf);
        MessageDigest md = sha256();
        try (InputStream raw = new DigestInputStream(fs.open(hp), md)) {
            InputStream in = InputFiles.maybeGunzip(new BufferedInputStream(TaskRunner.shield(raw), 1 << 16), d.name());
            Path p = "file".equals(hp.toUri().getScheme()) ? Path.of(d.name()) : Path.of(hp.toUri().getPath());
            ResultReaders.read(new BufferedInputStream(in, 1 << 16), d.name(), p, det, ctx);
            raw.transferTo(java.io.OutputStream.nullOutputStream());
        }
        return java.util.HexFormat.of().formatHex(md.digest());
    }

    /** The item tables: counted from pass 1, built by the item pass when they fit the budget. */
    private void items(ItemTables items, List<Info> infos, JavaSparkContext jsc, SparkSession ss, List<Task> tasks,
                       List<Source> sources, Settings settings) {
        List<Metric> metrics = items.metrics();
        if (metrics.isEmpty()) {
            return;
        }
        long onAxis = infos.stream().filter(i -> i.kind() != Kind.HASH).mapToLong(Info::onAxis).sum();
        stats.put("item_samples", onAxis);
        items.count(ItemTables.PER_SAMPLE * onAxis);
        if (items.overflow() || onAxis == 0) {
            stats.put("item_pass", false);
            return;
        }
        stats.put("item_pass", true);
        List<Task> sampleTasks = tasks.stream().filter(t -> t.kind() != Kind.HASH).toList();
        JavaRDD<Serializable> pass2 = pass(jsc, ss, sampleTasks, List.of(), sources, settings, true);
        List<Serializable> built = pass2.filter(x -> x instanceof Batch || x instanceof Info)
                .mapToPair(x -> x instanceof Batch c ? new Tuple2<>(new TableKey(c.cellKey(), c.metric()), x)
                        : new Tuple2<>(new TableKey("", -1), x))
                .groupByKey()
                .flatMap(g -> build(g._1(), g._2(), settings).iterator())
                .collect();
        Set<String> unsupported = new LinkedHashSet<>();
        for (Serializable x : built) {
            if (x instanceof Info in) {
                unsupported.addAll(in.unsupported());
            }
        }
        for (Serializable x : built) {
            if (x instanceof TablePart t) {
                Metric m = metrics.get(t.metric());
                MetricUnits.Table table = new MetricUnits.Table(m, t.models(), t.unitIds(), t.dim(), t.data(),
                        MetricUnits.finisher(m), t.skipped());
                items.install(t.cellKey(), Map.of(m.name(), table), t.stored());
            }
        }
        if (!unsupported.isEmpty()) {
            items.unsupported(unsupported);
        }
    }

    /** One item table from its contributions, in input order (or the infos, passed through). */
    static List<Serializable> build(TableKey key, Iterable<Serializable> group, Settings settings) {
        if (key.metric() < 0) {
            List<Serializable> out = new ArrayList<>();
            group.forEach(out::add);
            return out;
        }
        List<Batch> bs = new ArrayList<>();
        group.forEach(x -> bs.add((Batch) x));
        int total = bs.stream().mapToInt(Batch::size).sum();
        // entries in input order: (source, split, seq)
        long[][] order = new long[total][];
        int k = 0;
        for (int b = 0; b < bs.size(); b++) {
            Batch x = bs.get(b);
            for (int i = 0; i < x.size(); i++) {
                order[k++] = new long[] {x.source(), x.split(), x.seq()[i], b, i};
            }
        }
        Arrays.sort(order, (p, q) -> {
            for (int j = 0; j < 3; j++) {
                int c = Long.compare(p[j], q[j]);
                if (c != 0) {
                    return c;
                }
            }
            return 0;
        });
        Metric m = settings.itemMetricList().get(key.metric());
        MetricUnits.Builder b = new MetricUnits.Builder(m);
        long stored = 0;
        for (long[] o : order) {
            Batch x = bs.get((int) o[3]);
            int i = (int) o[4];
            stored += b.add(x.modelNames().get(x.models()[i]), x.contribution(i));
        }
        MetricUnits.Table t = b.table();
        return List.of(new TablePart(key.cellKey(), key.metric(), t.models(), t.unitIds(), t.dim(), t.data(), t.skipped(), stored, null));
    }

    /** The local path of a file: URI (lm-eval samples look beside it), else null. */
    private static String localPath(String uri) {
        org.apache.hadoop.fs.Path hp = new org.apache.hadoop.fs.Path(uri);
        return "file".equals(hp.toUri().getScheme()) ? hp.toUri().getPath() : null;
    }

    /**
     * The files of the inputs, as the local engine lists them ({@code ResultReaders.expand}): an input that is a
     * file is read whatever its name; a directory gives its result files (and, here, its Parquet files), sorted by
     * name. Names are the local engine's (the input as typed, joined with the path under it) for inputs without a
     * scheme, the URI otherwise.
     */
    static List<FileRef> expand(List<String> inputs, Configuration conf) throws IOException {
        List<FileRef> out = new ArrayList<>();
        for (int i = 0; i < inputs.size(); i++) {
            String typed = inputs.get(i);
            org.apache.hadoop.fs.Path hp = new org.apache.hadoop.fs.Path(typed);
            FileSystem fs = hp.getFileSystem(conf);
            if (!fs.exists(hp)) {
                throw new InputException(typed, 0, null, "no such file or directory");
            }
            org.apache.hadoop.fs.Path q = fs.makeQualified(hp);
            boolean local = hp.toUri().getScheme() == null;
            FileStatus st = fs.getFileStatus(q);
            if (!st.isDirectory()) {
                out.add(new FileRef(i, q.toString(), local ? Path.of(typed).toString() : typed, false));
                continue;
            }
            List<FileRef> found = new ArrayList<>();
            String base = q.toUri().getPath();
            RemoteIterator<LocatedFileStatus> it = fs.listFiles(q, true);
            while (it.hasNext()) {
                LocatedFileStatus f = it.next();
                if (!f.isFile()) {
                    continue;
                }
                String fname = f.getPath().getName();
                boolean parquet = fname.toLowerCase(java.util.Locale.ROOT).endsWith(".parquet") && !fname.startsWith(".")
                        && !fname.startsWith("_");
                if (!parquet && !ResultReaders.looksLikeResults(Path.of(fname))) {
                    continue;
                }
                String rel = f.getPath().toUri().getPath().substring(base.length()).replaceFirst("^/+", "");
                String name = local ? Path.of(typed).resolve(rel).toString()
                        : (typed.endsWith("/") ? typed : typed + "/") + rel;
                found.add(new FileRef(i, f.getPath().toString(), name, true));
            }
            if (found.isEmpty()) {
                throw new InputException(typed, 0, null, "no .csv, .json, .jsonl or .parquet files (optionally .gz) under this directory");
            }
            found.sort((a, b) -> Arrays.compare(a.name().getBytes(StandardCharsets.UTF_8), b.name().getBytes(StandardCharsets.UTF_8)));
            out.addAll(found);
        }
        return out;
    }

    private static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    @Override
    public void finish(Path out, Provenance prov, PrintWriter err) throws IOException {
        String uri = request == null ? null : request.options().get(PARQUET_OUT);
        if (uri != null && spark != null) {
            List<String> written = ParquetOut.write(out, uri, spark.sparkContext().hadoopConfiguration());
            prov.note("parquet_out", Map.of("uri", uri, "tables", written));
            err.println("parquet: " + String.join(", ", written) + " under " + uri);
        }
    }

    @Override
    public void close() {
        if (spark != null && created) {
            spark.stop();
        }
        spark = null;
    }
}

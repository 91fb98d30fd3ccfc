package mirage.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.ServiceLoader;
import java.util.concurrent.ExecutorService;
import mirage.analysis.ReadEngine;
import mirage.core.InputException;
import mirage.io.provenance.Provenance;
import mirage.io.results.ColumnMap;
import mirage.io.results.ItemTables;
import mirage.io.results.ResultFormat;
import mirage.io.results.SkipLog;
import picocli.CommandLine.Option;

/**
 * Where {@code mirage analyze} reads and scores its inputs (a picocli mixin): {@code --engine local} (the
 * default: {@link InputOptions#read} in this JVM) or another {@link ReadEngine} found on the class path
 * ({@code spark}, from mirage-spark; docs/SPARK.md). Everything after reading is the same for every engine.
 */
public final class EngineOptions {
    static final String LOCAL = "local";

    @Option(names = "--engine", defaultValue = LOCAL, paramLabel = "NAME",
            description = "where inputs are read and scored: local (this JVM) or spark (Apache Spark, with mirage-spark built; "
                    + "inputs may then be any Hadoop path, e.g. hdfs://, and Parquet; docs/SPARK.md) (default: ${DEFAULT-VALUE})")
    String engine;

    @Option(names = "--master", paramLabel = "URL",
            description = "--engine spark: the Spark master, e.g. local[*], local[2], spark://HOST:7077, yarn, k8s://... "
                    + "(default: spark-submit's, else local[*])")
    String master;

    @Option(names = "--parquet-out", paramLabel = "URI",
            description = "--engine spark: also write series, emergence, by_metric, verdicts, backtest and skipped as Parquet "
                    + "under URI (any Hadoop path; one NAME.parquet folder each)")
    String parquetOut;

    @Option(names = "--engine-conf", paramLabel = "KEY=VALUE",
            description = "--engine spark: a Spark property (spark.executor.memory=4g, ...) or a mirage.* engine setting "
                    + "(docs/SPARK.md); repeatable")
    Map<String, String> conf = new LinkedHashMap<>();

    private ReadEngine loaded;

    boolean isLocal() {
        return LOCAL.equals(engine);
    }

    /** Checks the options before anything is read. */
    void validate() {
        if (isLocal()) {
            if (master != null || parquetOut != null || !conf.isEmpty()) {
                throw new InputException("--master, --parquet-out and --engine-conf need --engine spark");
            }
            return;
        }
        find();
    }

    /** Records the engine in a provenance's configuration (nothing for the local engine, whose provenance is unchanged). */
    void config(Provenance prov) {
        if (!isLocal()) {
            prov.config("engine", engine).config("master", master).config("parquet_out", parquetOut).config("engine_conf", conf);
        }
    }

    private ReadEngine find() {
        if (loaded == null) {
            for (ReadEngine e : ServiceLoader.load(ReadEngine.class)) {
                if (e.name().equals(engine)) {
                    loaded = e;
                    break;
                }
            }
            if (loaded == null) {
                throw new InputException("--engine " + engine + ": no such engine on the class path"
                        + ("spark".equals(engine) ? " (build it with 'mvn -pl mirage-spark -am package -DskipTests'; ./mirage then "
                        + "finds it; on a cluster: spark-submit mirage-spark/target/mirage-spark-app.jar analyze ...; docs/SPARK.md)"
                        : "; engines: local, spark"));
            }
        }
        return loaded;
    }

    /** Reads the inputs with the chosen engine: the local readers of {@link InputOptions}, or the engine's own. */
    InputOptions.Read read(InputOptions input, List<Path> inputs, List<String> asTyped, SkipLog log, ExecutorService pool,
                           int threads, ItemTables items, Provenance prov, PrintWriter err,
                           mirage.io.results.SeriesFilter filter) throws IOException {
        if (isLocal()) {
            return input.read(inputs, log, pool, threads, items, prov, err, filter);
        }
        if (filter != null && !filter.all()) {
            throw new mirage.core.InputException("--family, --task and --metric select series with the local engine only; "
                    + "with --engine spark, select the input files instead");
        }
        if (input.allSteps || input.minStep != null) {
            throw new mirage.core.InputException((input.allSteps ? "--all-steps" : "--min-step") + " works with the local engine only (the Spark engine analyses each "
                    + "model's last checkpoint); leave it out, or use --axis step");
        }
        Map<String, String> options = new LinkedHashMap<>(conf);
        if (parquetOut != null) {
            options.put("mirage.parquet.out", parquetOut);
        }
        ReadEngine.Request req = new ReadEngine.Request(List.copyOf(asTyped), input.format, List.copyOf(input.maps),
                input.scales == null ? null : input.scales.toString(), input.axis, input.metrics, input.strict,
                !input.noNameScales, master, options);
        ReadEngine.Result r = find().read(req, log, items, prov, err);
        return new InputOptions.Read(r.table(), r.context(), input.axis(), ResultFormat.parse(input.format),
                ColumnMap.parse(input.maps), input.scoring(), r.detected(), r.files(), 0);
    }

    /** After every output is written: the engine's extra outputs (Parquet). */
    void finish(Path out, Provenance prov, PrintWriter err) throws IOException {
        if (loaded != null) {
            loaded.finish(out, prov, err);
        }
    }

    /** Releases the engine (stops a Spark session it started). */
    void close() {
        if (loaded != null) {
            loaded.close();
        }
    }
}

package mirage.analysis;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import mirage.io.provenance.Provenance;
import mirage.io.results.ItemTables;
import mirage.io.results.ReadContext;
import mirage.io.results.SkipLog;

/**
 * The "read and score" stage of {@code mirage analyze} when it runs somewhere else than in the analysing JVM
 * ({@code --engine NAME}; the local engine, the default, is the reading code of mirage-cli itself). An engine
 * reads the inputs and fills what the rest of the analysis reads: the point table (one measurement per
 * (family, model, task, metric, labels), fed in input order, exactly as the local readers feed it), the skip
 * log (bad rows in input order), the item tables of the verdicts' paired bootstraps, and the provenance's
 * inputs. Everything after it (emergence, verdicts, backtest, writers, report) is the same code for every engine.
 * Engines are found with {@link java.util.ServiceLoader} by {@link #name()}; mirage-spark provides {@code spark}.
 */
public interface ReadEngine extends AutoCloseable {

    /** The engine's name, as given to {@code --engine}. */
    String name();

    /**
     * The input options of analyze, as given.
     *
     * @param inputs input files or directories, as typed (an engine may accept URIs such as {@code hdfs://...})
     * @param format {@code --format}
     * @param maps {@code --map} entries
     * @param scales {@code --scales} file, or null
     * @param axis {@code --axis}
     * @param metrics {@code --metrics}, or null for the defaults
     * @param strict {@code --strict}
     * @param nameScales whether model names may give sizes and families
     * @param master where the engine runs (e.g. Spark's {@code local[2]}, {@code spark://host:7077}); null: its default
     * @param options further engine settings ({@code --engine-conf key=value})
     */
    record Request(List<String> inputs, String format, List<String> maps, String scales, String axis, String metrics,
                   boolean strict, boolean nameScales, String master, Map<String, String> options) {
    }

    /** What reading gave: the point table and the context its readers used (for the notes), files read and their detected formats. */
    record Result(PointTable table, ReadContext context, int files, Map<String, String> detected) {
    }

    /**
     * Reads every input.
     *
     * @param log where bad rows go, in input order (strict: throws at the first)
     * @param items the item tables to fill (the engine installs tables built elsewhere, or counts their overflow)
     * @param prov the provenance (inputs with size and SHA-256, engine notes)
     * @param err where each file read is reported
     */
    Result read(Request request, SkipLog log, ItemTables items, Provenance prov, PrintWriter err) throws IOException;

    /** Called once every output is written to {@code out} (e.g. copies in another format); default: nothing. */
    default void finish(Path out, Provenance prov, PrintWriter err) throws IOException {
    }

    /** Releases what the engine started (a Spark session it created); default: nothing. */
    @Override
    default void close() {
    }
}

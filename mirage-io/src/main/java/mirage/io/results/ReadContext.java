package mirage.io.results;

import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import mirage.core.data.Scale;
import mirage.core.metric.Metric;
import mirage.core.metric.Metrics;

/**
 * What every reader needs: the column map, where measurements and problems go, the thread pool for
 * parallel parsing (null = parse on the calling thread), the metrics to score per-sample inputs with, and
 * how to complete a model's scale and family: first what the input says, then the {@code --scales}
 * table, then (unless disabled) the nominal size in the model's name ({@link ModelNames}); every use of
 * the last two is counted and reported. Safe to use from several parsing threads.
 */
public final class ReadContext {
    private final ColumnMap map;
    private final MeasurementSink sink;
    private final Problems problems;
    private final ExecutorService pool;
    private final int threads;
    private final List<Metric> metrics;
    private final ScalesTable scales;
    private final boolean nameScales;
    private final Set<String> missingFromScales = ConcurrentHashMap.newKeySet();
    private final Map<String, Double> fromNames = new ConcurrentHashMap<>();
    private final Set<String> familiesFromNames = ConcurrentHashMap.newKeySet();
    private java.util.function.Consumer<mirage.core.data.Sample> itemSamples;

    public ReadContext(ColumnMap map, MeasurementSink sink, Problems problems, ExecutorService pool, int threads,
                       List<Metric> metrics, ScalesTable scales, boolean nameScales) {
        this.map = map == null ? ColumnMap.EMPTY : map;
        this.sink = new CountingSink(sink);
        this.problems = problems;
        this.pool = threads > 1 ? pool : null;
        this.threads = pool == null ? 1 : Math.max(1, threads);
        this.metrics = metrics == null ? Metrics.defaults() : List.copyOf(metrics);
        this.scales = scales;
        this.nameScales = nameScales;
    }

    /** A context for tests and fuzzing: one thread, default metrics, no scales table, name scales on. */
    public static ReadContext simple(ColumnMap map, MeasurementSink sink, Problems problems) {
        return new ReadContext(map, sink, problems, null, 1, null, null, true);
    }

    /** Keeps the per-item statistics of per-sample inputs in {@code t} (for paired bootstraps); null: not kept. */
    public ReadContext withItems(ItemTables t) {
        this.itemSamples = t == null ? null : t::accept;
        return this;
    }

    /**
     * Hands every per-sample record that per-sample readers score (completed, in input order) to {@code c}
     * instead of an {@link ItemTables}: for an engine that builds the item tables elsewhere (mirage-spark).
     */
    public ReadContext withItemSamples(java.util.function.Consumer<mirage.core.data.Sample> c) {
        this.itemSamples = c;
        return this;
    }

    /** Called by per-sample readers with each scored sample: to the item tables, if any. */
    public void itemSample(mirage.core.data.Sample s) {
        if (itemSamples != null) {
            itemSamples.accept(s);
        }
    }


    public ColumnMap map() {
        return map;
    }

    public MeasurementSink sink() {
        return sink;
    }

    /** Measurements the readers have given the sink so far. */
    public long accepted() {
        return ((CountingSink) sink).count.get();
    }

    /** Forwards to the sink, counting. */
    private static final class CountingSink implements MeasurementSink {
        private final MeasurementSink to;
        private final java.util.concurrent.atomic.AtomicLong count = new java.util.concurrent.atomic.AtomicLong();

        CountingSink(MeasurementSink to) {
            this.to = to;
        }

        @Override
        public void accept(mirage.core.data.Measurement m, String file, long line) {
            count.incrementAndGet();
            to.accept(m, file, line);
        }

        @Override
        public void accept(RowBatch batch) {
            count.addAndGet(batch.size());
            to.accept(batch);
        }
    }

    public Problems problems() {
        return problems;
    }

    /** The pool for parallel parsing, or null to parse on the calling thread. */
    public ExecutorService pool() {
        return pool;
    }

    public int threads() {
        return threads;
    }

    public List<Metric> metrics() {
        return metrics;
    }

    public ScalesTable scales() {
        return scales;
    }

    /**
     * A model's scale completed from the scales table and the model name: each unknown (NaN) field of
     * {@code s} is taken from the table's row for the model; an unknown params last from the name.
     */
    public Scale completeScale(String model, Scale s) {
        Scale out = s;
        if (scales != null && (Double.isNaN(s.params()) || Double.isNaN(s.nonEmbeddingParams())
                || Double.isNaN(s.tokens()) || Double.isNaN(s.flops()))) {
            ScalesTable.Entry e = scales.get(model);
            if (e == null) {
                missingFromScales.add(model);
            } else {
                Scale t = e.scale();
                out = new Scale(pick(s.params(), t.params()), pick(s.nonEmbeddingParams(), t.nonEmbeddingParams()),
                        pick(s.tokens(), t.tokens()), pick(s.flops(), t.flops()), s.step());
            }
        }
        if (nameScales && Double.isNaN(out.params())) {
            double p = ModelNames.params(model);
            if (!Double.isNaN(p)) {
                fromNames.put(model, p);
                out = out.withParams(p);
            }
        }
        return out;
    }

    private static double pick(double mine, double table) {
        return Double.isNaN(mine) ? table : mine;
    }

    /**
     * The family of a model whose input gave none: the scales table's family, else the one its name
     * implies ({@link ModelNames#family}).
     */
    public String derivedFamily(String model) {
        if (scales != null) {
            ScalesTable.Entry e = scales.get(model);
            if (e != null && e.family() != null) {
                return e.family();
            }
        }
        familiesFromNames.add(model);
        return ModelNames.family(model);
    }

    /**
     * Adds what another context (of the same options, e.g. one per Spark task) found while completing models:
     * models missing from the scales table, params and families taken from names.
     */
    public void addCompletions(java.util.Collection<String> missing, Map<String, Double> paramsFromNames,
                               java.util.Collection<String> familiesFromNames) {
        missingFromScales.addAll(missing);
        fromNames.putAll(paramsFromNames);
        this.familiesFromNames.addAll(familiesFromNames);
    }

    /** Models looked up in the scales table and not found. */
    public Set<String> missingFromScales() {
        return new TreeSet<>(missingFromScales);
    }

    /** Models whose params were taken from their names, with the value. */
    public Map<String, Double> paramsFromNames() {
        return new TreeMap<>(fromNames);
    }

    /** Models whose family was derived from their names. */
    public Set<String> familiesFromNames() {
        return new TreeSet<>(familiesFromNames);
    }
}

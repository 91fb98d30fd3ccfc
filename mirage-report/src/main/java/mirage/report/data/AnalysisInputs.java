package mirage.report.data;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import mirage.core.InputException;
import mirage.core.metric.MetricInfo;
import mirage.io.csv.AnalysisSchema;
import mirage.io.results.SeriesFilter;

/**
 * Everything {@code mirage report DIR} reads from DIR, each file optional:
 * {@code series.csv}, {@code emergence.csv}, {@code by_metric.csv}, {@code skipped.csv},
 * {@code verdicts.csv}, {@code backtest.csv}, {@code lengths.csv}, {@code provenance.json}, and {@code simulation.csv}
 * in DIR or in its immediate sub-folders (e.g. the demo's {@code simulation-100/}). Columns are looked
 * up by the names of {@link AnalysisSchema}, which the writers share; extra columns are kept; a missing optional
 * column or file leaves its part of the report out, with a note saying so ({@link #notes()}).
 *
 * <p>A {@link SeriesFilter} keeps the rows of the chosen families, tasks and metrics (series, emergence, verdicts,
 * backtest, lengths; by_metric by metric). Without curves ({@link #load(Path, SeriesFilter, boolean)} with
 * {@code curves = false}) the large files, series.csv, emergence.csv and skipped.csv, are not read: what the console
 * summary of {@code mirage analyze} needs is in the small ones.
 */
public final class AnalysisInputs {
    public static final String SERIES = AnalysisSchema.Series.FILE;
    public static final String EMERGENCE = AnalysisSchema.Emergence.FILE;
    public static final String BY_METRIC = AnalysisSchema.ByMetric.FILE;
    public static final String SKIPPED = AnalysisSchema.Skipped.FILE;
    public static final String VERDICTS = AnalysisSchema.Verdicts.FILE;
    public static final String PREDICTIONS = AnalysisSchema.Backtest.FILE;
    public static final String LENGTHS = AnalysisSchema.Lengths.FILE;
    public static final String SIMULATION = "simulation.csv";
    public static final String PROVENANCE = "provenance.json";

    /** The family name of the panels derived from simulation.csv when there is no series.csv. */
    public static final String SIM_FAMILY = "math-model";

    private final Path dir;
    private final SeriesFilter filter;
    private final List<Path> read = new ArrayList<>();
    private final List<String> notes = new ArrayList<>();
    private CsvTable series;
    private CsvTable emergence;
    private CsvTable byMetric;
    private CsvTable skipped;
    private CsvTable verdicts;
    private CsvTable predictions;
    private CsvTable lengths;
    private JsonNode provenance;
    private final List<SimulationRun> simulations = new ArrayList<>();
    private final List<PanelGroup> groups = new ArrayList<>();
    private final Map<String, Integer> groupIndex = new HashMap<>();
    private boolean seriesFromSimulation;
    private long pointsWithoutValue;

    private AnalysisInputs(Path dir, SeriesFilter filter) {
        this.dir = dir;
        this.filter = filter == null ? SeriesFilter.ALL : filter;
    }

    /** Reads what DIR holds. */
    public static AnalysisInputs load(Path dir) throws IOException {
        return load(dir, SeriesFilter.ALL, true);
    }

    /**
     * Reads what DIR holds, keeping the series the filter keeps.
     *
     * @param curves whether to read series.csv and emergence.csv (the curves and their scores)
     */
    public static AnalysisInputs load(Path dir, SeriesFilter filter, boolean curves) throws IOException {
        if (!Files.isDirectory(dir)) {
            throw new InputException(dir.toString(), 0, null, "no such folder");
        }
        AnalysisInputs in = new AnalysisInputs(dir, filter);
        if (curves) {
            in.series = in.keyed(in.csv(SERIES), AnalysisSchema.Series.FAMILY, AnalysisSchema.Series.TASK,
                    AnalysisSchema.Series.METRIC);
            in.emergence = in.keyed(in.csv(EMERGENCE), AnalysisSchema.Emergence.FAMILY, AnalysisSchema.Emergence.TASK,
                    AnalysisSchema.Emergence.METRIC);
        }
        in.byMetric = in.csv(BY_METRIC);
        if (in.byMetric != null && !in.filter.all()) {
            CsvTable b = in.byMetric;
            in.byMetric = b.where(i -> in.filter.metric(b.get(i, AnalysisSchema.ByMetric.METRIC)));
        }
        if (curves) { // the console's summary needs not the list of every skipped row (it may be long)
            in.skipped = in.csv(SKIPPED);
        }
        in.verdicts = in.keyed(in.csv(VERDICTS), AnalysisSchema.Verdicts.FAMILY, AnalysisSchema.Verdicts.TASK,
                AnalysisSchema.Verdicts.METRIC);
        in.predictions = in.keyed(in.csv(PREDICTIONS), AnalysisSchema.Backtest.FAMILY, AnalysisSchema.Backtest.TASK,
                AnalysisSchema.Backtest.METRIC);
        in.lengths = in.keyed(in.csv(LENGTHS), AnalysisSchema.Lengths.FAMILY, AnalysisSchema.Lengths.TASK,
                AnalysisSchema.Lengths.METRIC);
        in.provenance = in.json(dir.resolve(PROVENANCE));
        in.loadSimulations();
        if (curves) {
            in.buildGroups();
        }
        return in;
    }

    /** The rows of a table the filter keeps (by its family, task and metric columns, when it has them). */
    private CsvTable keyed(CsvTable t, String family, String task, String metric) {
        if (t == null || filter.all()) {
            return t;
        }
        return t.where(i -> filter.keeps(t.get(i, family), t.get(i, task), t.has(metric) ? t.get(i, metric) : ""));
    }

    private CsvTable csv(String name) throws IOException {
        Path p = dir.resolve(name);
        if (!Files.isRegularFile(p)) {
            return null;
        }
        read.add(p);
        return CsvTable.read(p);
    }

    private JsonNode json(Path p) throws IOException {
        if (!Files.isRegularFile(p)) {
            return null;
        }
        read.add(p);
        try {
            return new ObjectMapper().readTree(p.toFile());
        } catch (JsonProcessingException e) {
            throw new InputException(dir.relativize(p).toString(), e.getLocation() == null ? 0 : e.getLocation().getLineNr(),
                    null, "not valid JSON: " + e.getOriginalMessage());
        }
    }

    private void loadSimulations() throws IOException {
        List<Path> found = new ArrayList<>();
        if (Files.isRegularFile(dir.resolve(SIMULATION))) {
            found.add(dir.resolve(SIMULATION));
        }
        try (Stream<Path> sub = Files.list(dir)) {
            sub.filter(Files::isDirectory).sorted().map(d -> d.resolve(SIMULATION)).filter(Files::isRegularFile).forEach(found::add);
        }
        for (Path p : found) {
            read.add(p);
            Path parent = p.getParent();
            String name = parent.equals(dir) ? "" : parent.getFileName().toString();
            JsonNode prov = parent.equals(dir) ? provenance : json(parent.resolve(PROVENANCE));
            simulations.add(SimulationRun.of(name,
                    CsvTable.read(p), prov));
        }
        // order: by items (closed form only first), then name
        simulations.sort(Comparator.comparingInt(SimulationRun::items).thenComparing(SimulationRun::name));
    }

    private record EmergenceRow(double score, String status, Boolean higher, Boolean continuous, Boolean linear,
                                Curve.Evidence evidence) {
    }

    private static String key(String family, String task, String metric, String labels) {
        return family + '\u0000' + task + '\u0000' + metric + '\u0000' + Labels.canonical(labels);
    }

    /** The labels of an emergence.csv row, with its shots column folded back in. */
    public static String emergenceLabels(CsvTable emergence, int i) {
        Map<String, String> labels = Labels.parse(emergence.get(i, AnalysisSchema.Emergence.LABELS));
        String shots = emergence.get(i, AnalysisSchema.Emergence.SHOTS).trim();
        if (!shots.isEmpty()) {
            labels.put("shots", shots);
        }
        return Labels.format(labels);
    }

    private Map<String, EmergenceRow> emergenceIndex() {
        Map<String, EmergenceRow> m = new HashMap<>();
        if (emergence == null) {
            return m;
        }
        CsvTable e = emergence;
        for (int i = 0; i < e.size(); i++) {
            double es = e.has(AnalysisSchema.Emergence.EMERGENCE_SCORE) ? e.number(i, AnalysisSchema.Emergence.EMERGENCE_SCORE) : Double.NaN;
            double lower = e.has(AnalysisSchema.Emergence.ES_LOWER) ? e.number(i, AnalysisSchema.Emergence.ES_LOWER) : Double.NaN;
            Curve.Evidence ev = new Curve.Evidence(e.get(i, AnalysisSchema.Emergence.EMERGENT).trim(), lower,
                    e.get(i, AnalysisSchema.Emergence.SHAPE).trim(), "ln".equals(e.get(i, AnalysisSchema.Emergence.ES_SCALE).trim()));
            m.put(key(e.get(i, AnalysisSchema.Emergence.FAMILY), e.get(i, AnalysisSchema.Emergence.TASK),
                            e.get(i, AnalysisSchema.Emergence.METRIC), emergenceLabels(e, i)),
                    new EmergenceRow(es, e.get(i, AnalysisSchema.Emergence.STATUS), e.bool(i, AnalysisSchema.Emergence.HIGHER_IS_BETTER),
                            e.bool(i, AnalysisSchema.Emergence.CONTINUOUS), e.bool(i, AnalysisSchema.Emergence.LINEAR), ev));
        }
        return m;
    }

    private static MetricInfo info(String metric, EmergenceRow e) {
        MetricInfo base = Curve.defaultInfo(metric);
        if (e == null || (e.higher() == null && e.continuous() == null && e.linear() == null)) {
            return base;
        }
        return new MetricInfo(base.name(), base.canonical(), e.higher() != null ? e.higher() : base.higherIsBetter(),
                e.continuous() != null ? e.continuous() : base.continuous(), e.linear() != null ? e.linear() : base.linear(),
                base.proportion(), base.scale(), base.partners(), true);
    }

    private void buildGroups() {
        if (series != null) {
            for (String col : new String[] {AnalysisSchema.Series.FAMILY, AnalysisSchema.Series.TASK, AnalysisSchema.Series.METRIC,
                AnalysisSchema.Series.VALUE}) {
                if (!series.has(col)) {
                    throw new InputException(SERIES, 1, col, "missing column (docs/FORMATS.md, \"Analysis outputs\")");
                }
            }
            String scaleCol = series.firstColumn(AnalysisSchema.Series.SCALE, "params");
            if (scaleCol == null) {
                throw new InputException(SERIES, 1, "scale", "missing column (docs/FORMATS.md, \"Analysis outputs\")");
            }
            Map<String, EmergenceRow> es = emergenceIndex();
            // (family, task, labels, axis) -> metric -> points
            Map<List<String>, Map<String, List<Curve.Point>>> byGroup = new LinkedHashMap<>();
            for (int i = 0; i < series.size(); i++) {
                double scale = series.number(i, scaleCol);
                double value = series.number(i, AnalysisSchema.Series.VALUE);
                if (!(scale > 0) || Double.isInfinite(scale) || Double.isNaN(value)) {
                    pointsWithoutValue++;
                    continue;
                }
                String axis = series.get(i, AnalysisSchema.Series.AXIS).isBlank() ? "params"
                        : series.get(i, AnalysisSchema.Series.AXIS).trim();
                List<String> g = List.of(series.get(i, AnalysisSchema.Series.FAMILY), series.get(i, AnalysisSchema.Series.TASK),
                        Labels.canonical(series.get(i, AnalysisSchema.Series.LABELS)), axis);
                byGroup.computeIfAbsent(g, k -> new LinkedHashMap<>())
                        .computeIfAbsent(series.get(i, AnalysisSchema.Series.METRIC), k -> new ArrayList<>())
                        .add(new Curve.Point(series.get(i, AnalysisSchema.Series.MODEL), scale, value,
                                series.number(i, AnalysisSchema.Series.N), series.number(i, AnalysisSchema.Series.STDERR),
                                series.number(i, AnalysisSchema.Series.LOWER), series.number(i, AnalysisSchema.Series.UPPER),
                                series.number(i, AnalysisSchema.Series.CHANCE)));
            }
            byGroup.forEach((g, metrics) -> {
                List<Curve> curves = new ArrayList<>();
                metrics.forEach((metric, pts) -> {
                    EmergenceRow e = es.get(key(g.get(0), g.get(1), metric, g.get(2)));
                    curves.add(new Curve(g.get(0), g.get(1), g.get(2), g.get(3), metric, pts, info(metric, e),
                            e == null ? Double.NaN : e.score(), e == null ? "" : e.status(), e == null ? null : e.evidence()));
                });
                groups.add(new PanelGroup(g.get(0), g.get(1), g.get(2), g.get(3), curves));
            });
            if (pointsWithoutValue > 0) {
                notes.add(SERIES + ": " + pointsWithoutValue + " rows without a positive scale or without a value are not drawn.");
            }
        } else if (simulations.stream().anyMatch(SimulationRun::simulated)) {
            seriesFromSimulation = true;
            for (SimulationRun run : simulations) {
                if (!run.simulated()) {
                    continue;
                }
                List<Curve.Point> em = new ArrayList<>();
                List<Curve.Point> ted = new ArrayList<>();
                for (int i = 0; i < run.rows().size(); i++) {
                    SimulationRun.Row r = run.rows().get(i);
                    String model = "sim-" + i;
                    em.add(new Curve.Point(model, r.params(), r.simAccuracy(), r.items(), r.simAccuracySe(), Double.NaN,
                            Double.NaN, Double.NaN));
                    ted.add(new Curve.Point(model, r.params(), r.simTokenEditDistance(), r.items(), r.simTokenEditDistanceSe(),
                            Double.NaN, Double.NaN, Double.NaN));
                }
                String task = "math_model_L" + run.length();
                String labels = "items=" + run.items();
                double[] xs = run.rows().stream().mapToDouble(SimulationRun.Row::params).toArray();
                double esEm = mirage.core.analysis.EmergenceScore.of(xs, em.stream().mapToDouble(Curve.Point::value).toArray(), true).value();
                double esTed = mirage.core.analysis.EmergenceScore.of(xs, ted.stream().mapToDouble(Curve.Point::value).toArray(), false).value();
                groups.add(new PanelGroup(SIM_FAMILY, task, labels, "params", List.of(
                        new Curve(SIM_FAMILY, task, labels, "params", "exact_match", em, Curve.defaultInfo("exact_match"), esEm, "",
                                null),
                        new Curve(SIM_FAMILY, task, labels, "params", "token_edit_distance", ted,
                                Curve.defaultInfo("token_edit_distance"), esTed, "", null))));
            }
            notes.add("No " + SERIES + ": the scaling panels show the simulated test sets of " + SIMULATION
                    + " (exact match and token edit distance on the same simulated outputs); their emergence scores are"
                    + " computed here by mirage's EmergenceScore.");
        }
        groups.sort(PanelGroup.BY_EVIDENCE.thenComparing(PanelGroup::family).thenComparing(PanelGroup::task)
                .thenComparing(PanelGroup::labels).thenComparing(PanelGroup::axis));
        for (int i = 0; i < groups.size(); i++) {
            PanelGroup g = groups.get(i);
            groupIndex.putIfAbsent(groupKey(g.family(), g.task(), g.labels()), i);
            groupIndex.putIfAbsent(groupKey(g.family(), g.task(), g.labels()) + '\u0000' + g.axis(), i);
        }
        if (series == null && !seriesFromSimulation) {
            notes.add("No " + SERIES + " in this folder: no scaling panels (run 'mirage analyze --out DIR' to make one).");
        }
        if (!filter.all()) {
            notes.add("Filtered (" + filter.describe() + "): the report shows the chosen families, tasks and metrics only"
                    + (filter.metrics().isEmpty() ? "" : " (a metric given by name brings its declared smooth partners)") + ".");
        }
        if (emergence == null) {
            notes.add("No " + EMERGENCE + ": no emergence table.");
        }
        if (verdicts == null) {
            notes.add("No " + VERDICTS + ": no verdicts.");
        }
        if (predictions == null) {
            notes.add("No " + PREDICTIONS + ": no prediction backtests.");
        }
        if (provenance == null) {
            notes.add("No " + PROVENANCE + " in this folder: the analysis' provenance is unknown.");
        }
    }

    private static String groupKey(String family, String task, String labels) {
        return family + '\u0000' + task + '\u0000' + Labels.canonical(labels);
    }

    /** The index in {@link #groups()} of the group of (family, task, labels), on the first axis that has it; -1 when none. */
    public int groupOf(String family, String task, String labels) {
        return groupIndex.getOrDefault(groupKey(family, task, labels), -1);
    }

    public Path dir() { return dir; }
    public SeriesFilter filter() { return filter; }
    public CsvTable lengths() { return lengths; }
    public List<Path> filesRead() { return List.copyOf(read); }
    public List<String> notes() { return List.copyOf(notes); }
    public CsvTable series() { return series; }
    public CsvTable emergence() { return emergence; }
    public CsvTable byMetric() { return byMetric; }
    public CsvTable skipped() { return skipped; }
    public CsvTable verdicts() { return verdicts; }
    public CsvTable predictions() { return predictions; }
    public JsonNode provenance() { return provenance; }
    public List<SimulationRun> simulations() { return List.copyOf(simulations); }
    /** Panel groups, strongest evidence first ({@link PanelGroup#BY_EVIDENCE}: flagged, then es_lower, then the score). */
    public List<PanelGroup> groups() { return List.copyOf(groups); }
    public boolean seriesFromSimulation() { return seriesFromSimulation; }

    /** Whether there is anything to report at all. */
    public boolean isEmpty() {
        return series == null && emergence == null && byMetric == null && skipped == null && verdicts == null
                && predictions == null && provenance == null && simulations.isEmpty();
    }
}

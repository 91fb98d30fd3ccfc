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

/**
 * Everything {@code mirage report DIR} reads from DIR, each file optional:
 * {@code series.csv}, {@code emergence.csv}, {@code by_metric.csv}, {@code skipped.csv},
 * {@code verdicts.csv}, {@code backtest.csv}, {@code provenance.json}, and {@code simulation.csv}
 * in DIR or in its immediate sub-folders (e.g. the demo's {@code simulation-100/}). Columns are looked
 * up by name; extra columns are kept; a missing optional column or file leaves its part of the report
 * out, with a note saying so ({@link #notes()}).
 */
public final class AnalysisInputs {
    public static final String SERIES = "series.csv";
    public static final String EMERGENCE = "emergence.csv";
    public static final String BY_METRIC = "by_metric.csv";
    public static final String SKIPPED = "skipped.csv";
    public static final String VERDICTS = "verdicts.csv";
    public static final String PREDICTIONS = "backtest.csv";
    public static final String SIMULATION = "simulation.csv";
    public static final String PROVENANCE = "provenance.json";

    /** The family name of the panels derived from simulation.csv when there is no series.csv. */
    public static final String SIM_FAMILY = "math-model";

    private final Path dir;
    private final List<Path> read = new ArrayList<>();
    private final List<String> notes = new ArrayList<>();
    private CsvTable series;
    private CsvTable emergence;
    private CsvTable byMetric;
    private CsvTable skipped;
    private CsvTable verdicts;
    private CsvTable predictions;
    private JsonNode provenance;
    private final List<SimulationRun> simulations = new ArrayList<>();
    private final List<PanelGroup> groups = new ArrayList<>();
    private boolean seriesFromSimulation;
    private long pointsWithoutValue;

    private AnalysisInputs(Path dir) {
        this.dir = dir;
    }

    /** Reads what DIR holds. */
    public static AnalysisInputs load(Path dir) throws IOException {
        if (!Files.isDirectory(dir)) {
            throw new InputException(dir.toString(), 0, null, "no such folder");
        }
        AnalysisInputs in = new AnalysisInputs(dir);
        in.series = in.csv(SERIES);
        in.emergence = in.csv(EMERGENCE);
        in.byMetric = in.csv(BY_METRIC);
        in.skipped = in.csv(SKIPPED);
        in.verdicts = in.csv(VERDICTS);
        in.predictions = in.csv(PREDICTIONS);
        in.provenance = in.json(dir.resolve(PROVENANCE));
        in.loadSimulations();
        in.buildGroups();
        return in;
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

    private record EmergenceRow(double score, String status, Boolean higher, Boolean continuous, Boolean linear) {
    }

    private static String key(String family, String task, String metric, String labels) {
        return family + '\u0000' + task + '\u0000' + metric + '\u0000' + Labels.canonical(labels);
    }

    private Map<String, EmergenceRow> emergenceIndex() {
        Map<String, EmergenceRow> m = new HashMap<>();
        if (emergence == null) {
            return m;
        }
        for (int i = 0; i < emergence.size(); i++) {
            Map<String, String> labels = Labels.parse(emergence.get(i, "labels"));
            String shots = emergence.get(i, "shots").trim();
            if (!shots.isEmpty()) {
                labels.put("shots", shots);
            }
            double es = emergence.has("emergence_score") ? emergence.number(i, "emergence_score") : Double.NaN;
            m.put(key(emergence.get(i, "family"), emergence.get(i, "task"), emergence.get(i, "metric"), Labels.format(labels)),
                    new EmergenceRow(es, emergence.get(i, "status"), emergence.bool(i, "higher_is_better"),
                            emergence.bool(i, "continuous"), emergence.bool(i, "linear")));
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
            for (String col : new String[] {"family", "task", "metric", "value"}) {
                if (!series.has(col)) {
                    throw new InputException(SERIES, 1, col, "missing column (docs/FORMATS.md, \"Analysis outputs\")");
                }
            }
            String scaleCol = series.firstColumn("scale", "params");
            if (scaleCol == null) {
                throw new InputException(SERIES, 1, "scale", "missing column (docs/FORMATS.md, \"Analysis outputs\")");
            }
            Map<String, EmergenceRow> es = emergenceIndex();
            // (family, task, labels, axis) -> metric -> points
            Map<List<String>, Map<String, List<Curve.Point>>> byGroup = new LinkedHashMap<>();
            for (int i = 0; i < series.size(); i++) {
                double scale = series.number(i, scaleCol);
                double value = series.number(i, "value");
                if (!(scale > 0) || Double.isInfinite(scale) || Double.isNaN(value)) {
                    pointsWithoutValue++;
                    continue;
                }
                String axis = series.get(i, "axis").isBlank() ? "params" : series.get(i, "axis").trim();
                List<String> g = List.of(series.get(i, "family"), series.get(i, "task"),
                        Labels.canonical(series.get(i, "labels")), axis);
                byGroup.computeIfAbsent(g, k -> new LinkedHashMap<>())
                        .computeIfAbsent(series.get(i, "metric"), k -> new ArrayList<>())
                        .add(new Curve.Point(series.get(i, "model"), scale, value, series.number(i, "n"),
                                series.number(i, "stderr"), series.number(i, "lower"), series.number(i, "upper"),
                                series.number(i, "chance")));
            }
            byGroup.forEach((g, metrics) -> {
                List<Curve> curves = new ArrayList<>();
                metrics.forEach((metric, pts) -> {
                    EmergenceRow e = es.get(key(g.get(0), g.get(1), metric, g.get(2)));
                    curves.add(new Curve(g.get(0), g.get(1), g.get(2), g.get(3), metric, pts, info(metric, e),
                            e == null ? Double.NaN : e.score(), e == null ? "" : e.status()));
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
                        new Curve(SIM_FAMILY, task, labels, "params", "exact_match", em, Curve.defaultInfo("exact_match"), esEm, ""),
                        new Curve(SIM_FAMILY, task, labels, "params", "token_edit_distance", ted,
                                Curve.defaultInfo("token_edit_distance"), esTed, ""))));
            }
            notes.add("No " + SERIES + ": the scaling panels show the simulated test sets of " + SIMULATION
                    + " (exact match and token edit distance on the same simulated outputs); their emergence scores are"
                    + " computed here by mirage's EmergenceScore.");
        }
        groups.sort(Comparator.comparingDouble((PanelGroup g) -> Double.isNaN(g.headlineScore()) ? Double.NEGATIVE_INFINITY
                : g.headlineScore()).reversed().thenComparing(PanelGroup::family).thenComparing(PanelGroup::task)
                .thenComparing(PanelGroup::labels).thenComparing(PanelGroup::axis));
        if (series == null && !seriesFromSimulation) {
            notes.add("No " + SERIES + " in this folder: no scaling panels (run 'mirage analyze --out DIR' to make one).");
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

    public Path dir() { return dir; }
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
    /** Panel groups, most emergent-looking first (highest emergence score of a non-smooth metric). */
    public List<PanelGroup> groups() { return List.copyOf(groups); }
    public boolean seriesFromSimulation() { return seriesFromSimulation; }

    /** Whether there is anything to report at all. */
    public boolean isEmpty() {
        return series == null && emergence == null && byMetric == null && skipped == null && verdicts == null
                && predictions == null && provenance == null && simulations.isEmpty();
    }
}

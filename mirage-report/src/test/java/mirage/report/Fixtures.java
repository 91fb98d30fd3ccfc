package mirage.report;

import java.io.IOException;
import java.io.Writer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import mirage.core.analysis.EmergenceScore;
import mirage.core.data.Sample;
import mirage.core.metric.Metric;
import mirage.core.metric.MetricInfo;
import mirage.core.metric.MetricValue;
import mirage.core.metric.Metrics;
import mirage.core.metric.Scorer;
import mirage.core.sim.MathModel;
import mirage.io.AtomicFile;
import mirage.io.csv.AnalysisSchema;
import mirage.io.csv.CsvWriter;
import mirage.io.csv.SimulationCsv;
import mirage.io.provenance.Provenance;
import mirage.report.data.Labels;
import mirage.report.data.Curve;

/**
 * Analysis folders for the tests, written in the formats of docs/FORMATS.md ("Analysis outputs") from
 * real computations: the paper's mathematical model simulates a family's outputs at target lengths
 * 1..5, mirage's metric battery ({@link Scorer}) scores them, {@link EmergenceScore} scores the curves.
 * {@code verdicts.csv} and {@code backtest.csv} have the real columns ({@link AnalysisSchema}) with invented
 * values, and emergence.csv invented flag evidence: the report must render and rank what the files say.
 */
final class Fixtures {
    private Fixtures() {
    }

    static final String EVIL_FAMILY = "<script>window.__pwned=1</script>";
    static final String EVIL_TASK = "\"><img src=x onerror=\"window.__pwned=2\">";
    static final String EVIL_MODEL = "</script><script>window.__pwned=3</script>";
    static final String EVIL_METRIC = "<!--<svg onload=window.__pwned=4>";
    static final String EVIL_EVIDENCE = "jump at 1e9 <img src=x onerror=window.__pwned=5> & \u2028 done";
    static final String EVIL_LABEL = "<b onmouseover=window.__pwned=6>2</b>";

    static final double[] SIZES = {3.5e8, 1.3e9, 6.7e9, 2e10, 6e10, 2e11};
    static final List<String> METRICS = List.of("exact_match", "token_edit_distance", "token_prob", "target_logprob",
            "multiple_choice_grade", "brier_score");

    /** A row of series.csv. */
    record Point(String family, String task, String metric, String labels, String model, double scale, MetricValue v,
                 double chance) {
    }

    /**
     * The arithmetic-like family: 6 sizes x target lengths 1..5, {@code items} items per cell, scored
     * under {@link #METRICS}; with {@code hostile}, a second family whose names are markup.
     */
    static Path arithmetic(Path dir, int items, boolean hostile) throws IOException {
        Files.createDirectories(dir);
        List<Point> points = new ArrayList<>();
        List<Metric> metrics = METRICS.stream().map(Metrics::parse).toList();
        for (int length = 1; length <= 5; length++) {
            MathModel mm = new MathModel(-0.5, 2e9, length, 4);
            Scorer scorer = new Scorer(metrics);
            for (int i = 0; i < SIZES.length; i++) {
                for (Sample s : mm.samples(SIZES[i], "toy-" + i, items, MathModel.streamSeed(length, i))) {
                    scorer.accept(s.toBuilder().task("add").labels(Map.of("target_length", Integer.toString(length))).build());
                }
            }
            for (Scorer.Result r : scorer.results()) {
                if (r.value().n() == 0) {
                    continue;
                }
                MetricValue v = r.value();
                if (r.metric().proportion()) {
                    double[] w = wilson(v.value(), v.n());
                    v = v.withInterval(w[0], w[1]);
                }
                double chance = v.chance();
                points.add(new Point("toy-arith", "add", r.metric().name(), Labels.format(r.cell().labels()),
                        r.cell().model().name(), r.cell().model().scale().params(), v, chance));
            }
        }
        if (hostile) {
            String[] models = {EVIL_MODEL, "m-2", "m-3", "m-4"};
            double[] em = {0, 0.01, 0.02, 0.7};
            double[] ted = {3.1, 2.2, 1.4, 0.5};
            double[] odd = {1, 2, 3, 5};
            for (int i = 0; i < models.length; i++) {
                double scale = 1e7 * Math.pow(10, i);
                points.add(new Point(EVIL_FAMILY, EVIL_TASK, "exact_match", "shots=" + EVIL_LABEL, models[i], scale,
                        MetricValue.of(em[i], 200, Math.sqrt(em[i] * (1 - em[i]) / 200)), Double.NaN));
                points.add(new Point(EVIL_FAMILY, EVIL_TASK, "token_edit_distance", "shots=" + EVIL_LABEL, models[i], scale,
                        MetricValue.of(ted[i], 200, 0.05), Double.NaN));
                points.add(new Point(EVIL_FAMILY, EVIL_TASK, EVIL_METRIC, "shots=" + EVIL_LABEL, models[i], scale,
                        MetricValue.of(odd[i], 200), Double.NaN));
            }
        }
        writeSeries(dir.resolve("series.csv"), points);
        writeEmergence(dir.resolve("emergence.csv"), points);
        writeVerdicts(dir.resolve("verdicts.csv"), hostile);
        writePredictions(dir.resolve("backtest.csv"));
        AtomicFile.writeText(dir.resolve("by_metric.csv"), w -> {
            CsvWriter c = new CsvWriter(w);
            c.row("metric", "series", "median_emergence_score");
            c.row("exact_match", "5", "3.1");
            c.row(hostile ? EVIL_METRIC : "token_prob", "5", "0.9");
        });
        AtomicFile.writeText(dir.resolve("skipped.csv"), w -> {
            CsvWriter c = new CsvWriter(w);
            c.row("file", "line", "field", "reason");
            c.row("results.json", "12", "params", hostile ? "expected a number, got \"<script>x</script>\"" : "expected a number");
        });
        Provenance p = new Provenance("analyze", List.of("--out", dir.toString()));
        p.config("metrics", METRICS).config("axis", "params").config("note", hostile ? "</script><!-- hostile" : "plain");
        p.seed("seed", 7);
        p.output("series.csv").output("emergence.csv");
        p.write(dir.resolve("provenance.json"));
        return dir;
    }

    /** Wilson score interval at 95% (Wilson 1927), for the fixture's proportions. */
    static double[] wilson(double p, long n) {
        double z = 1.959963984540054;
        double d = 1 + z * z / n;
        double c = (p + z * z / (2.0 * n)) / d;
        double h = z * Math.sqrt(p * (1 - p) / n + z * z / (4.0 * n * n)) / d;
        return new double[] {Math.max(0, c - h), Math.min(1, c + h)};
    }

    static void writeSeries(Path file, List<Point> points) throws IOException {
        AtomicFile.writeText(file, w -> {
            CsvWriter c = new CsvWriter(w);
            c.row("family", "task", "metric", "labels", "axis", "model", "scale", "value", "n", "stderr", "lower", "upper", "chance",
                    "extra_column", "label_target_length");
            for (Point p : points) {
                String length = Labels.parse(p.labels()).getOrDefault("target_length", "");
                c.row(p.family(), p.task(), p.metric(), p.labels(), "params", p.model(), CsvWriter.number(p.scale()),
                        CsvWriter.number(p.v().value()), CsvWriter.number(p.v().n()), CsvWriter.number(p.v().stderr()),
                        CsvWriter.number(p.v().lower()), CsvWriter.number(p.v().upper()), CsvWriter.number(p.chance()), "ignored", length);
            }
        });
    }

    static void writeEmergence(Path file, List<Point> points) throws IOException {
        Map<List<String>, List<Point>> bySeries = new LinkedHashMap<>();
        for (Point p : points) {
            bySeries.computeIfAbsent(List.of(p.family(), p.task(), p.metric(), p.labels()), k -> new ArrayList<>()).add(p);
        }
        AtomicFile.writeText(file, w -> {
            CsvWriter c = new CsvWriter(w);
            c.row("family", "task", "metric", "shots", "labels", "n_models", "min_scale", "max_scale", "emergence_score", "es_lower",
                    "es_upper", "shape", "emergent", "es_scale", "status", "higher_is_better", "continuous", "linear");
            for (Map.Entry<List<String>, List<Point>> e : bySeries.entrySet()) {
                List<Point> ps = e.getValue();
                MetricInfo info = Curve.defaultInfo(e.getKey().get(2));
                double[] x = ps.stream().mapToDouble(Point::scale).toArray();
                double[] y = ps.stream().mapToDouble(p -> p.v().value()).toArray();
                EmergenceScore.Result r = EmergenceScore.of(x, y, info.higherIsBetter());
                TreeMap<String, String> labels = Labels.parse(e.getKey().get(3));
                String shots = labels.remove("shots");
                // invented evidence (the flag is EmergenceFlag's, tested in mirage-analysis): flagged when the score exceeds
                // 10 with 4+ sizes, the lower bound half the score; the report must rank and show whatever the file says
                boolean flagged = ps.size() >= 4 && r.value() > 10 && !info.smooth();
                double lower = Double.isFinite(r.value()) ? r.value() / 2 : Double.NaN;
                c.row(e.getKey().get(0), e.getKey().get(1), e.getKey().get(2), shots == null ? "" : shots, Labels.format(labels),
                        Integer.toString(ps.size()), CsvWriter.number(min(x)), CsvWriter.number(max(x)), CsvWriter.number(r.value()),
                        CsvWriter.number(lower), CsvWriter.number(Double.isFinite(r.value()) ? 2 * r.value() : Double.NaN), "rising",
                        Boolean.toString(flagged), e.getKey().get(2).contains("perplexity") ? "ln" : "value",
                        r.status().name(), Boolean.toString(info.higherIsBetter()), Boolean.toString(info.continuous()),
                        Boolean.toString(info.linear()));
            }
        });
    }

    private static double min(double[] v) {
        return java.util.Arrays.stream(v).min().orElse(Double.NaN);
    }

    private static double max(double[] v) {
        return java.util.Arrays.stream(v).max().orElse(Double.NaN);
    }

    /** A verdicts.csv row in the columns of {@link AnalysisSchema.Verdicts} (fields not given are empty). */
    static List<String> verdictRow(Map<String, String> fields) {
        List<String> row = new ArrayList<>();
        for (String c : AnalysisSchema.Verdicts.COLUMNS) {
            row.add(fields.getOrDefault(c, ""));
        }
        for (String c : fields.keySet()) {
            if (!AnalysisSchema.Verdicts.COLUMNS.contains(c) && !c.startsWith(AnalysisSchema.LABEL_PREFIX)) {
                throw new IllegalArgumentException("not a verdicts.csv column: " + c);
            }
        }
        return row;
    }

    static Map<String, String> fields(String... kv) {
        Map<String, String> m = new LinkedHashMap<>();
        for (int i = 0; i < kv.length; i += 2) {
            m.put(kv[i], kv[i + 1]);
        }
        return m;
    }

    static void writeVerdicts(Path file, boolean hostile) throws IOException {
        AtomicFile.writeText(file, w -> {
            CsvWriter c = new CsvWriter(w);
            List<String> header = new ArrayList<>(AnalysisSchema.Verdicts.COLUMNS);
            header.addAll(AnalysisSchema.labelColumns(List.of("shots", "target_length")));
            c.row(header);
            List<String> r = verdictRow(fields("family", "toy-arith", "task", "add", "labels", "target_length=1", "metric",
                    "multiple_choice_grade", "partner", "brier_score", "verdict", "unresolved", "reason", "partner_uncertain", "shape",
                    "rising", "explanation", "multiple_choice_grade looks sharp (eta 3.4); whether brier_score jumps there cannot be"
                    + " told; about 1200 items per size would decide it", "n_models", "6", "min_scale", "350000000", "max_scale",
                    "200000000000", "eta", "3.4", "eta_lower", "1.2", "eta_upper", "9", "partner_excess", "0.3", "items_needed", "1200"));
            r.addAll(List.of("", "1"));
            c.row(r);
            r = verdictRow(fields("family", "toy-arith", "task", "add", "labels", "target_length=5", "metric", "exact_match",
                    "partner", "token_edit_distance", "verdict", "mirage", "reason", "route_explains", "shape", "rising", "explanation",
                    "exact_match looks sharp (eta 9.1); token_edit_distance on the same outputs follows the trend of the two sizes"
                    + " before, and its power law composed as p^5 reproduces exact_match at every size: the jump is made by the"
                    + " metric, a mirage", "n_models", "6", "min_scale", "350000000", "max_scale", "200000000000", "eta", "9.1",
                    "eta_lower", "4.2", "eta_upper", "20", "partner_excess", "0.01", "link", "p^5 (all 5 tokens right)", "explains",
                    "true", "below_resolution", "0"));
            r.addAll(List.of("", "5"));
            c.row(r);
            if (hostile) {
                r = verdictRow(fields("family", EVIL_FAMILY, "task", EVIL_TASK, "labels", "shots=" + EVIL_LABEL, "metric", "exact_match",
                        "partner", EVIL_METRIC, "verdict", "emergent", "reason", "partner_jumps", "shape", "rising", "explanation",
                        EVIL_EVIDENCE, "eta", "5", "eta_lower", "3", "partner_excess", "1.5"));
                r.addAll(List.of(EVIL_LABEL, ""));
                c.row(r);
            }
        });
    }

    static void writePredictions(Path file) throws IOException {
        AtomicFile.writeText(file, w -> {
            CsvWriter c = new CsvWriter(w);
            // the columns of backtest.csv as mirage.io.csv.BacktestCsv writes them (docs/FORMATS.md)
            c.row("family", "task", "labels", "metric", "route", "model", "scale", "training_points", "observed",
                    "observed_lower", "observed_upper", "predicted", "lower", "upper", "interval_method", "error", "within",
                    "status", "detail");
            c.row("toy-arith", "add", "", "token_prob", "power_law", "toy-5", "2e11", "4", "0.905", "0.89", "0.92", "0.87",
                    "0.8", "0.93", "parametric bootstrap", "-0.035", "true", "ok", "");
            c.row("toy-arith", "add", "", "token_prob", "power_law", "toy-4", "6e10", "3", "0.83", "0.81", "0.85", "0.80",
                    "0.74", "0.86", "parametric bootstrap", "-0.03", "true", "ok", "");
            c.row("toy-arith", "add", "", "exact_match", "composed", "toy-5", "2e11", "4", "0.61", "0.58", "0.64", "0.31",
                    "0.1", "0.5", "parametric bootstrap", "-0.3", "false", "ok", "partner target_logprob");
            c.row("toy-arith", "add", "", "exact_match", "sigmoid", "toy-5", "2e11", "4", "0.61", "0.58", "0.64", "", "", "",
                    "", "", "", "too few points", "");
        });
    }

    /** A folder as {@code mirage simulate --items n --out DIR} writes it (simulation.csv + provenance.json). */
    static Path simulation(Path dir, int items) throws IOException {
        MathModel m = MathModel.paperFigure2();
        List<MathModel.Point> pts = new ArrayList<>();
        for (double n : MathModel.PAPER_SIZES) {
            pts.add(m.closedForm(n));
        }
        List<MathModel.Simulated> sim = m.simulate(MathModel.PAPER_SIZES, items, 0);
        AtomicFile.writeText(dir.resolve("simulation.csv"), (Writer w) -> SimulationCsv.write(w, m, pts, sim));
        Provenance p = new Provenance("simulate", List.of("--items", Integer.toString(items)));
        p.config("alpha", m.alpha()).config("c", m.c()).config("length", m.length()).config("choices", m.choices()).config("items", items);
        p.write(dir.resolve("provenance.json"));
        return dir;
    }

    /**
     * Three families on one task, as the Pythia evals have them (Pythia in two label sets, OPT, BLOOM on lambada_openai,
     * accuracy with its item count and perplexity), plus a task of one family: for the overlay and the log axis of
     * perplexities. Values are smooth invented curves; verdicts.csv says smooth for each family.
     */
    static Path families(Path dir) throws IOException {
        Files.createDirectories(dir);
        List<Point> points = new ArrayList<>();
        Object[][] fams = {
            {"pythia", "deduped=False;suite=pythia-v1", new double[] {7e7, 1.6e8, 4.1e8, 1e9, 1.4e9, 2.8e9, 6.9e9, 1.2e10}, 0.0},
            {"pythia", "deduped=True;suite=pythia-v1", new double[] {7e7, 1.6e8, 4.1e8, 1e9, 1.4e9, 2.8e9, 6.9e9, 1.2e10}, 0.01},
            {"opt", "suite=opt", new double[] {1.25e8, 3.5e8, 1.3e9, 2.7e9, 6.7e9}, -0.03},
            {"bloom", "suite=bloom", new double[] {5.6e8, 1.1e9, 1.7e9, 3e9, 7.1e9}, -0.06}};
        for (Object[] f : fams) {
            String family = (String) f[0];
            String labels = (String) f[1];
            double[] sizes = (double[]) f[2];
            double shift = (double) f[3];
            for (int i = 0; i < sizes.length; i++) {
                double x = Math.log10(sizes[i]);
                double acc = Math.min(0.95, Math.max(0.05, 0.15 * (x - 7.5) + 0.2 + shift));
                double ppl = Math.exp(6 - 0.9 * (x - 7.8) - 4 * shift);
                String model = family + "-" + i;
                double[] w = wilson(acc, 5153);
                points.add(new Point(family, "lambada_openai", "acc", labels, model, sizes[i],
                        MetricValue.of(acc, 5153).withInterval(w[0], w[1]), Double.NaN));
                points.add(new Point(family, "lambada_openai", "ppl", labels, model, sizes[i], MetricValue.of(ppl, 5153, ppl * 0.02),
                        Double.NaN));
                if (family.equals("pythia") && shift == 0) {
                    points.add(new Point(family, "arc_easy", "acc", labels, model, sizes[i], MetricValue.of(acc + 0.1, 2376), 0.25));
                }
            }
        }
        writeSeries(dir.resolve("series.csv"), points);
        writeEmergence(dir.resolve("emergence.csv"), points);
        AtomicFile.writeText(dir.resolve("verdicts.csv"), w -> {
            CsvWriter c = new CsvWriter(w);
            c.row(AnalysisSchema.Verdicts.COLUMNS);
            for (Object[] f : fams) {
                c.row(verdictRow(fields("family", (String) f[0], "task", "lambada_openai", "labels", (String) f[1], "metric", "acc",
                        "partner", "ppl", "verdict", "smooth", "reason", "not_sharp", "shape", "rising", "explanation",
                        "no sharp rise under acc: eta 1.03 [0.897, 1.16], below 3.00 (q 9.83e-23); ppl on the same outputs (e = ln(ppl))"
                        + " follows the trend of the two sizes before (1.02x of it) at acc's largest steps", "eta", "1.03",
                        "eta_lower", "0.897", "eta_upper", "1.16", "partner_excess", "-0.0168", "n_models",
                        Integer.toString(((double[]) f[2]).length), "min_scale", "70000000", "max_scale", "12000000000")));
            }
        });
        return dir;
    }

    /** {@code groups} synthetic groups (many families and tasks), for the caps. */
    static Path many(Path dir, int groups) throws IOException {
        Files.createDirectories(dir);
        List<Point> points = new ArrayList<>();
        java.util.SplittableRandom rnd = new java.util.SplittableRandom(3);
        for (int g = 0; g < groups; g++) {
            double mid = 1e8 * Math.pow(10, rnd.nextDouble() * 3);
            for (int i = 0; i < 5; i++) {
                double scale = 1e7 * Math.pow(10, i);
                double p = 1 / (1 + Math.pow(mid / scale, 0.5));
                points.add(new Point("fam-" + (g % 7), "task-" + g, "exact_match", "", "m" + i, scale,
                        MetricValue.of(Math.pow(p, 4), 100), Double.NaN));
                points.add(new Point("fam-" + (g % 7), "task-" + g, "token_edit_distance", "", "m" + i, scale,
                        MetricValue.of(4 * (1 - p), 100), Double.NaN));
            }
        }
        writeSeries(dir.resolve("series.csv"), points);
        writeEmergence(dir.resolve("emergence.csv"), points);
        return dir;
    }
}

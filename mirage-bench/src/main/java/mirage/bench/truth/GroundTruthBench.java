package mirage.bench.truth;

import java.io.BufferedWriter;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStreamWriter;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import java.util.stream.Collectors;
import mirage.cli.MirageCommand;
import mirage.core.analysis.SeriesCollector;
import mirage.core.data.Sample;
import mirage.core.data.ScaleAxis;
import mirage.core.metric.MetricUnits;
import mirage.core.metric.Metrics;
import mirage.core.metric.Scorer;
import mirage.core.sim.GroundTruth;
import mirage.core.sim.GroundTruth.Mechanism;
import mirage.core.sim.GroundTruth.Task;
import mirage.core.sim.MathModel;
import mirage.core.verdict.Verdict;
import mirage.core.verdict.VerdictRule;
import mirage.io.csv.CsvRecord;
import mirage.io.csv.StreamingCsvReader;
import mirage.io.samples.SampleJsonlWriter;

/**
 * The ground-truth benchmark of the verdict rule (docs/ANALYSIS.md, "Ground-truth benchmark"): families of known
 * truth ({@link GroundTruth}) over a grid of sizes, items, item heterogeneity, answer lengths, tasks and mechanisms,
 * scored by the real metric code and judged by the real rule, in batches judged together (Benjamini-Hochberg over
 * the batch). Writes {@code families.csv} (one row per family: its spec, truth, verdict and evidence) and
 * {@code summary.md} (confusion matrices, the targets, the paper's Figure 2 model), and prints the summary.
 *
 * <p>{@code --pipeline} runs each batch the way users do: per-sample JSONL written to disk, then {@code mirage analyze}
 * (the CLI command in this JVM) and its {@code verdicts.csv}; otherwise the same scoring, per-item tables and rule run
 * in memory (the same code, minus the file round trip; faster for tuning).
 *
 * <p>Seeds: {@code --seeds 0,2,4} (the tuning half is the even seeds, the reported half the odd ones).
 */
public final class GroundTruthBench {
    private GroundTruthBench() {
    }

    record Options(List<Integer> sizes, List<Integer> items, List<Long> seeds, List<Mechanism> mechanisms, List<Task> tasks,
                   List<Integer> lengths, List<Double> spreads, boolean pipeline, Path out, int threads, int resamples,
                   int routeResamples, long batchUnits, boolean figure2) {
    }

    /** One judged family. */
    record Row(GroundTruth spec, String metric, String partner, String verdict, String reason, String shape, double eta,
               double etaLo, double etaHi, double excess, double excessLo, double excessHi, String explanation, String values) {
    }

    public static void main(String[] args) throws Exception {
        Options o = parse(args);
        Files.createDirectories(o.out());
        List<GroundTruth> specs = grid(o);
        Collections.shuffle(specs, new Random(20261204L));
        System.err.printf(Locale.ROOT, "ground-truth benchmark: %d families (%s), %s%n", specs.size(),
                o.seeds().stream().map(String::valueOf).collect(Collectors.joining(",", "seeds ", "")),
                o.pipeline() ? "per-sample JSONL through mirage analyze" : "in memory");
        long t0 = System.nanoTime();
        List<Row> rows = new ArrayList<>();
        List<GroundTruth> batch = new ArrayList<>();
        long units = 0;
        int b = 0;
        for (GroundTruth g : specs) {
            long u = (long) g.items() * g.sizes() * 2;
            if (!batch.isEmpty() && units + u > o.batchUnits()) {
                rows.addAll(run(batch, o, b++));
                report(rows.size(), specs.size(), t0);
                batch.clear();
                units = 0;
            }
            batch.add(g);
            units += u;
        }
        if (!batch.isEmpty()) {
            rows.addAll(run(batch, o, b));
            report(rows.size(), specs.size(), t0);
        }
        writeFamilies(o.out().resolve("families.csv"), rows);
        StringWriter sw = new StringWriter();
        PrintWriter pw = new PrintWriter(sw);
        summary(pw, rows, o);
        if (o.figure2()) {
            figure2(pw, o);
        }
        pw.printf(Locale.ROOT, "%nwall time %.0f s%n", (System.nanoTime() - t0) / 1e9);
        pw.flush();
        Files.writeString(o.out().resolve("summary.md"), sw.toString());
        System.out.print(sw);
    }

    private static void report(int done, int all, long t0) {
        System.err.printf(Locale.ROOT, "  %d/%d families judged (%.0f s)%n", done, all, (System.nanoTime() - t0) / 1e9);
    }

    static Options parse(String[] args) {
        Map<String, String> m = new HashMap<>();
        for (int i = 0; i < args.length; i++) {
            String a = args[i];
            if (a.equals("--pipeline") || a.equals("--figure2")) {
                m.put(a, "true");
            } else if (a.startsWith("--") && i + 1 < args.length) {
                m.put(a, args[++i]);
            } else {
                throw new IllegalArgumentException("unknown argument: " + a);
            }
        }
        return new Options(ints(m.getOrDefault("--sizes", "4,5,6,8,12")), ints(m.getOrDefault("--items", "100,300,1000,10000")),
                ints(m.getOrDefault("--seeds", "0,1")).stream().map(Integer::longValue).toList(),
                list(m.getOrDefault("--mechanisms", "smooth,steep,jump,mild_jump,non_monotone,saturating,flat")).stream()
                        .map(s -> Mechanism.valueOf(s.toUpperCase(Locale.ROOT))).toList(),
                list(m.getOrDefault("--tasks", "generation,multiple_choice")).stream()
                        .map(s -> Task.valueOf(s.toUpperCase(Locale.ROOT))).toList(),
                ints(m.getOrDefault("--lengths", "1,3,5,8")),
                list(m.getOrDefault("--spreads", "0,0.5")).stream().map(Double::parseDouble).toList(),
                m.containsKey("--pipeline"), Path.of(m.getOrDefault("--out", "ground-truth")),
                Integer.parseInt(m.getOrDefault("--threads", "" + Runtime.getRuntime().availableProcessors())),
                Integer.parseInt(m.getOrDefault("--resamples", "1000")), Integer.parseInt(m.getOrDefault("--route-resamples", "200")),
                Long.parseLong(m.getOrDefault("--batch-units", "8000000")), m.containsKey("--figure2"));
    }

    private static List<Integer> ints(String s) {
        return list(s).stream().map(Integer::parseInt).toList();
    }

    private static List<String> list(String s) {
        List<String> out = new ArrayList<>();
        for (String p : s.split(",")) {
            if (!p.isBlank()) {
                out.add(p.trim());
            }
        }
        return out;
    }

    static List<GroundTruth> grid(Options o) {
        List<GroundTruth> out = new ArrayList<>();
        for (Mechanism mech : o.mechanisms()) {
            for (Task task : o.tasks()) {
                List<Integer> lengths = task == Task.GENERATION ? o.lengths() : List.of(1);
                for (int k : o.sizes()) {
                    for (int n : o.items()) {
                        for (double spread : o.spreads()) {
                            for (int len : lengths) {
                                for (long seed : o.seeds()) {
                                    out.add(new GroundTruth(mech, task, k, n, task == Task.MULTIPLE_CHOICE && spread > 0 ? 1.0 : spread,
                                            len, seed));
                                }
                            }
                        }
                    }
                }
            }
        }
        return out;
    }

    static String metrics(GroundTruth g) {
        return g.task() == Task.GENERATION ? "exact_match,target_logprob" : "multiple_choice_grade,choice_prob";
    }

    static String dMetric(GroundTruth g) {
        return g.task() == Task.GENERATION ? "exact_match" : "multiple_choice_grade";
    }

    private static List<Row> run(List<GroundTruth> batch, Options o, int index) throws IOException {
        return o.pipeline() ? runPipeline(batch, o, index) : runInMemory(batch, o);
    }

    private static List<Row> runInMemory(List<GroundTruth> batch, Options o) {
        List<VerdictRule.Group> groups = new ArrayList<>();
        for (GroundTruth g : batch) {
            groups.add(group(g.samples(), metrics(g)));
        }
        VerdictRule rule = VerdictRule.create().withSeed(0).withThreads(o.threads()).withResamples(o.resamples(), o.routeResamples());
        List<Verdict> vs = rule.assess(groups).verdicts();
        Map<String, Verdict> byFamily = new HashMap<>();
        for (Verdict v : vs) {
            byFamily.put(v.family() + "/" + v.metric(), v);
        }
        List<Row> rows = new ArrayList<>();
        for (int i = 0; i < batch.size(); i++) {
            GroundTruth g = batch.get(i);
            Verdict v = byFamily.get(g.family() + "/" + dMetric(g));
            StringBuilder vals = new StringBuilder();
            for (mirage.core.analysis.Series se : groups.get(i).series()) {
                vals.append(vals.length() == 0 ? "" : " | ").append(se.key().metric()).append(':');
                for (double y : se.values()) {
                    vals.append(' ').append(String.format(Locale.ROOT, "%.4g", y));
                }
            }
            rows.add(v == null ? missing(g) : new Row(g, v.metric(), v.partner(), v.verdict().key(), v.reason().key(),
                    v.sharpness().shape(), v.sharpness().eta(), v.sharpness().etaLower(), v.sharpness().etaUpper(),
                    v.partnerTrend().excess(), v.partnerTrend().excessLower(), v.partnerTrend().excessUpper(), v.explanation(),
                    vals.toString()));
        }
        return rows;
    }

    private static Row missing(GroundTruth g) {
        return new Row(g, dMetric(g), "", "none", "no_verdict", "", Double.NaN, Double.NaN, Double.NaN, Double.NaN, Double.NaN,
                Double.NaN, "no verdict", "");
    }

    /** Scores samples and collects the series and per-item tables of one family, as mirage analyze does. */
    static VerdictRule.Group group(List<Sample> samples, String metrics) {
        Scorer scorer = new Scorer(Metrics.parseList(metrics));
        samples.forEach(scorer::accept);
        SeriesCollector c = new SeriesCollector(ScaleAxis.PARAMS);
        scorer.results().stream().filter(r -> r.value().n() > 0).forEach(r -> c.add(r.toMeasurement()));
        Map<String, List<Sample>> byModel = samples.stream()
                .collect(Collectors.groupingBy(s -> s.model().name(), LinkedHashMap::new, Collectors.toList()));
        Map<String, MetricUnits.Table> tables = new LinkedHashMap<>();
        for (String m : metrics.split(",")) {
            tables.put(m, MetricUnits.of(Metrics.parse(m), byModel));
        }
        return new VerdictRule.Group(c.series(), tables);
    }

    private static List<Row> runPipeline(List<GroundTruth> batch, Options o, int index) throws IOException {
        Path dir = o.out().resolve("work");
        Files.createDirectories(dir);
        Map<String, List<GroundTruth>> byMetrics = new TreeMap<>();
        for (GroundTruth g : batch) {
            byMetrics.computeIfAbsent(metrics(g), z -> new ArrayList<>()).add(g);
        }
        List<Row> rows = new ArrayList<>();
        for (Map.Entry<String, List<GroundTruth>> e : byMetrics.entrySet()) {
            Path in = dir.resolve("batch-" + index + ".jsonl");
            try (Writer w = new BufferedWriter(new OutputStreamWriter(Files.newOutputStream(in), StandardCharsets.UTF_8), 1 << 16);
                 SampleJsonlWriter jw = new SampleJsonlWriter(w)) {
                for (GroundTruth g : e.getValue()) {
                    for (Sample s : g.samples()) {
                        jw.write(s);
                    }
                }
            }
            Path out = dir.resolve("analysis-" + index);
            StringWriter err = new StringWriter();
            var cl = MirageCommand.commandLine();
            cl.setErr(new PrintWriter(err));
            cl.setOut(new PrintWriter(new StringWriter()));
            int rc = cl.execute("analyze", in.toString(), "--metrics", e.getKey(), "--out", out.toString(), "--max-verdicts",
                    "1000000", "--holdout", "0", "--no-report", "--seed", "0", "--threads", "" + o.threads());
            if (rc != 0) {
                throw new IllegalStateException("mirage analyze failed (" + rc + "): " + err);
            }
            Map<String, Map<String, String>> byFamily = new HashMap<>();
            for (Map<String, String> r : readCsv(out.resolve("verdicts.csv"))) {
                byFamily.put(r.get("family") + "/" + r.get("metric"), r);
            }
            for (GroundTruth g : e.getValue()) {
                Map<String, String> r = byFamily.get(g.family() + "/" + dMetric(g));
                rows.add(r == null ? missing(g) : new Row(g, r.get("metric"), r.get("partner"), r.get("verdict"), r.get("reason"),
                        r.get("shape"), num(r.get("eta")), num(r.get("eta_lower")), num(r.get("eta_upper")),
                        num(r.get("partner_excess")), num(r.get("partner_excess_lower")), num(r.get("partner_excess_upper")),
                        r.get("explanation"), ""));
            }
            Files.deleteIfExists(in);
        }
        return rows;
    }

    private static double num(String s) {
        if (s == null || s.isEmpty()) {
            return Double.NaN;
        }
        return switch (s) {
            case "inf" -> Double.POSITIVE_INFINITY;
            case "-inf" -> Double.NEGATIVE_INFINITY;
            default -> Double.parseDouble(s);
        };
    }

    static List<Map<String, String>> readCsv(Path p) throws IOException {
        List<Map<String, String>> rows = new ArrayList<>();
        try (InputStream in = Files.newInputStream(p); StreamingCsvReader r = new StreamingCsvReader(in, p.toString())) {
            CsvRecord h = r.next();
            List<String> names = new ArrayList<>();
            for (int i = 0; i < h.size(); i++) {
                names.add(h.get(i));
            }
            CsvRecord rec;
            while ((rec = r.next()) != null) {
                Map<String, String> m = new HashMap<>();
                for (int i = 0; i < names.size() && i < rec.size(); i++) {
                    m.put(names.get(i), rec.get(i));
                }
                rows.add(m);
            }
        }
        return rows;
    }

    // ---------------------------------------------------------------- truth and scoring of the verdicts

    /** What the truth is, as a class of acceptable verdicts. */
    enum Truth {
        NOT_EMERGENT("not emergent (mirage or smooth)"), EMERGENT("emergent"), NON_MONOTONE("non-monotone (unresolved, named)"),
        SATURATING("saturating (smooth)"), FLAT("flat (smooth, or unresolved below resolution)");

        final String text;

        Truth(String text) {
            this.text = text;
        }
    }

    static Truth truth(GroundTruth g) {
        return switch (g.mechanism()) {
            case SMOOTH, STEEP -> Truth.NOT_EMERGENT;
            case JUMP, MILD_JUMP -> Truth.EMERGENT;
            case NON_MONOTONE -> Truth.NON_MONOTONE;
            case SATURATING -> Truth.SATURATING;
            case FLAT -> Truth.FLAT;
        };
    }

    /** right, wrong or inconclusive. */
    static String grade(Row r) {
        Truth t = truth(r.spec());
        String v = r.verdict();
        return switch (t) {
            case NOT_EMERGENT -> v.equals("mirage") || v.equals("smooth") ? "right" : v.equals("emergent") ? "wrong" : "inconclusive";
            case EMERGENT -> v.equals("emergent") ? "right" : v.equals("mirage") || v.equals("smooth") ? "wrong" : "inconclusive";
            case NON_MONOTONE -> v.equals("unresolved") ? (r.reason().equals("non_monotone") ? "right" : "inconclusive") : "wrong";
            case SATURATING -> v.equals("smooth") ? "right" : v.equals("unresolved") ? "inconclusive" : "wrong";
            case FLAT -> v.equals("smooth") || r.reason().equals("flat_below_resolution") ? "right"
                    : v.equals("unresolved") ? "inconclusive" : "wrong";
        };
    }

    static boolean conclusive(Row r) {
        return !r.verdict().equals("unresolved") && !r.verdict().equals("none");
    }

    private static void summary(PrintWriter o, List<Row> rows, Options opt) {
        o.printf(Locale.ROOT, "# Ground-truth benchmark of the verdict rule%n%n");
        o.printf(Locale.ROOT, "%d families; seeds %s; sizes %s; items %s; lengths %s; spreads %s; %s.%n%n", rows.size(), opt.seeds(),
                opt.sizes(), opt.items(), opt.lengths(), opt.spreads(), opt.pipeline() ? "per-sample JSONL through mirage analyze"
                        : "in memory (same scoring, tables and rule as mirage analyze)");
        // confusion matrix: truth x verdict
        String[] verdicts = {"emergent", "mirage", "smooth", "unresolved", "none"};
        o.printf(Locale.ROOT, "## Confusion matrix (rows: truth; columns: verdict)%n%n| truth | n |");
        for (String v : verdicts) {
            o.print(" " + v + " |");
        }
        o.printf(Locale.ROOT, " right | wrong | inconclusive |%n|---|---|");
        for (int i = 0; i < verdicts.length + 3; i++) {
            o.print("---|");
        }
        o.println();
        for (Truth t : Truth.values()) {
            List<Row> rs = rows.stream().filter(r -> truth(r.spec()) == t).toList();
            if (rs.isEmpty()) {
                continue;
            }
            o.printf(Locale.ROOT, "| %s | %d |", t.text, rs.size());
            for (String v : verdicts) {
                o.printf(Locale.ROOT, " %d |", rs.stream().filter(r -> r.verdict().equals(v)).count());
            }
            o.printf(Locale.ROOT, " %d | %d | %d |%n", count(rs, "right"), count(rs, "wrong"), count(rs, "inconclusive"));
        }
        long wrongConclusive = rows.stream().filter(r -> grade(r).equals("wrong")).count();
        long conclusive = rows.stream().filter(GroundTruthBench::conclusive).count();
        o.printf(Locale.ROOT, "%nWrong conclusive verdicts: %d of %d families (%s; target at most 2%%); %d conclusive in all.%n",
                wrongConclusive, rows.size(), pct(wrongConclusive, rows.size()), conclusive);
        List<Row> rich = rows.stream().filter(r -> r.spec().sizes() >= 6 && r.spec().items() >= 1000).toList();
        long richRight = rich.stream().filter(r -> grade(r).equals("right")).count();
        o.printf(Locale.ROOT, "Right verdicts where there are at least 6 sizes and 1,000 items: %d of %d (%s; target at least 90%%).%n",
                richRight, rich.size(), pct(richRight, rich.size()));
        // by sizes x items: right / wrong / inconclusive
        o.printf(Locale.ROOT, "%n## Right / wrong / inconclusive by sizes (rows) and items (columns)%n%n| sizes |");
        for (int n : opt.items()) {
            o.printf(Locale.ROOT, " %d |", n);
        }
        o.printf(Locale.ROOT, "%n|---|");
        opt.items().forEach(n -> o.print("---|"));
        o.println();
        for (int k : opt.sizes()) {
            o.printf(Locale.ROOT, "| %d |", k);
            for (int n : opt.items()) {
                List<Row> rs = rows.stream().filter(r -> r.spec().sizes() == k && r.spec().items() == n).toList();
                o.printf(Locale.ROOT, " %d / %d / %d |", count(rs, "right"), count(rs, "wrong"), count(rs, "inconclusive"));
            }
            o.println();
        }
        // by mechanism x task: the same
        o.printf(Locale.ROOT, "%n## By mechanism and task (right / wrong / inconclusive)%n%n| mechanism | generation | multiple choice |%n|---|---|---|%n");
        for (Mechanism m : opt.mechanisms()) {
            o.printf(Locale.ROOT, "| %s |", m.name().toLowerCase(Locale.ROOT));
            for (Task t : List.of(Task.GENERATION, Task.MULTIPLE_CHOICE)) {
                List<Row> rs = rows.stream().filter(r -> r.spec().mechanism() == m && r.spec().task() == t).toList();
                o.printf(Locale.ROOT, " %d / %d / %d |", count(rs, "right"), count(rs, "wrong"), count(rs, "inconclusive"));
            }
            o.println();
        }
        // reasons of the unresolved and of the wrong
        Map<String, Long> reasons = rows.stream().filter(r -> r.verdict().equals("unresolved"))
                .collect(Collectors.groupingBy(r -> truth(r.spec()).name().toLowerCase(Locale.ROOT) + ": " + r.reason(), TreeMap::new,
                        Collectors.counting()));
        o.printf(Locale.ROOT, "%n## Why unresolved (truth: reason)%n%n");
        reasons.forEach((k, v) -> o.printf(Locale.ROOT, "- %s: %d%n", k, v));
        List<Row> wrong = rows.stream().filter(r -> grade(r).equals("wrong")).toList();
        if (!wrong.isEmpty()) {
            o.printf(Locale.ROOT, "%n## Wrong verdicts%n%n");
            for (Row r : wrong) {
                o.printf(Locale.ROOT, "- %s: %s (%s): %s [%s]%n", r.spec().name(), r.verdict(), r.reason(), r.explanation(), r.values());
            }
        }
        // shapes named
        o.printf(Locale.ROOT, "%n## Shapes named for the families that have one%n%n");
        for (Mechanism m : List.of(Mechanism.NON_MONOTONE, Mechanism.SATURATING, Mechanism.FLAT)) {
            List<Row> rs = rows.stream().filter(r -> r.spec().mechanism() == m).toList();
            Map<String, Long> shapes = rs.stream().collect(Collectors.groupingBy(Row::shape, TreeMap::new, Collectors.counting()));
            o.printf(Locale.ROOT, "- %s (%d): %s%n", m.name().toLowerCase(Locale.ROOT), rs.size(), shapes);
        }
    }

    private static long count(List<Row> rs, String grade) {
        return rs.stream().filter(r -> grade(r).equals(grade)).count();
    }

    private static String pct(long a, long b) {
        return b == 0 ? "n/a" : String.format(Locale.ROOT, "%.1f%%", 100.0 * a / b);
    }

    /** The paper's Figure 2 model: 4 sizes, 100,000 items, exact match and multiple-choice grade. */
    private static void figure2(PrintWriter o, Options opt) {
        MathModel m = MathModel.paperFigure2();
        List<Sample> all = new ArrayList<>();
        double[] sizes = MathModel.PAPER_SIZES;
        for (int i = 0; i < sizes.length; i++) {
            all.addAll(m.samples(sizes[i], "sim-" + i, 100_000, MathModel.streamSeed(0, i)));
        }
        VerdictRule rule = VerdictRule.create().withSeed(0).withThreads(opt.threads()).withResamples(opt.resamples(), opt.routeResamples());
        List<Verdict> vs = rule.assess(List.of(group(all, "exact_match,target_logprob"),
                group(all, "multiple_choice_grade,choice_prob"))).verdicts();
        o.printf(Locale.ROOT, "%n## The paper's Figure 2 model (4 sizes, 100,000 items)%n%n");
        for (Verdict v : vs) {
            o.printf(Locale.ROOT, "- %s vs %s: **%s** (%s): %s%n", v.metric(), v.partner(), v.verdict().key(), v.reason().key(),
                    v.explanation());
        }
    }

    private static void writeFamilies(Path p, List<Row> rows) throws IOException {
        try (PrintWriter w = new PrintWriter(Files.newBufferedWriter(p))) {
            w.println("family,mechanism,task,sizes,items,spread,length,seed,truth,metric,partner,verdict,reason,grade,shape,eta,"
                    + "eta_lower,eta_upper,partner_excess,partner_excess_lower,partner_excess_upper,values,explanation");
            for (Row r : rows) {
                GroundTruth g = r.spec();
                w.printf(Locale.ROOT, "%s,%s,%s,%d,%d,%s,%d,%d,%s,%s,%s,%s,%s,%s,%s,%s,%s,%s,%s,%s,%s,\"%s\",\"%s\"%n", g.name(),
                        g.mechanism().name().toLowerCase(Locale.ROOT), g.task().name().toLowerCase(Locale.ROOT), g.sizes(), g.items(),
                        g.spread(), g.length(), g.seed(), truth(g).name().toLowerCase(Locale.ROOT), r.metric(), r.partner(), r.verdict(),
                        r.reason(), grade(r), r.shape(), r.eta(), r.etaLo(), r.etaHi(), r.excess(), r.excessLo(), r.excessHi(),
                        r.values(), r.explanation().replace("\"", "\"\""));
            }
        }
    }
}

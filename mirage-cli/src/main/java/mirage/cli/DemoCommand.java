package mirage.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import java.util.stream.Stream;
import mirage.io.AtomicFile;
import mirage.io.provenance.Provenance;
import mirage.report.Report;
import mirage.train.arith.ArithmeticFamily;
import mirage.train.arith.ModelSpec;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/**
 * {@code mirage demo}: the whole idea in minutes with no data of the user's. It runs a list of
 * {@link Step}s, each writing into its own sub-folder of {@code --out} (default {@code ./mirage-demo}),
 * then writes the report of what exists to {@code --out/report.html} and prints where it is and the summary it
 * opens with (the one summariser, {@link mirage.report.summary.Summary}).
 *
 * <p>Steps: the paper's mathematical model on simulated test sets of 100 and 100,000 items per size
 * ({@code simulation-100/}, {@code simulation-100000/}); the small arithmetic family trained here
 * ({@code train-arithmetic/}, {@code mirage train arithmetic --family small}); {@code mirage analyze} of all
 * their per-sample records into the demo folder itself ({@code series.csv}, {@code emergence.csv},
 * {@code verdicts.csv}, ...), where {@code mirage report} finds them. A step whose outputs exist from an earlier
 * run with the same arguments (its {@code provenance.json} says so; for the analysis also the sizes of its
 * inputs) is reused; an interrupted training is resumed; {@code --fresh} deletes the steps' outputs and
 * redoes them. The report step always runs (it takes seconds).
 *
 * <p>Adding a step: add a {@link Step} to {@link #steps()} before the analysis and its per-sample output to
 * {@link #analysisInputs()}.
 */
@Command(name = "demo", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Runs mirage's main job on built-in data: is a jump in capability real, or made by the metric?",
            "The paper's mathematical model in closed form and on simulated test sets of 100 and 100,000 "
                + "items; a family of small transformers trained here on 4-digit addition; the analysis of all "
                + "their outputs under every metric (emergence scores, verdicts, backtests); then the report "
                + "(report.html, figures/) and the summary it opens with. Everything goes to --out (default "
                + "./mirage-demo). About 4 minutes on 2 idle cores; --family none skips the training (seconds).",
            "A second run reuses what the first computed (an interrupted one resumes); --fresh redoes it."})
public final class DemoCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Option(names = "--out", paramLabel = "DIR", defaultValue = "mirage-demo", description = "output folder (default: ${DEFAULT-VALUE})")
    Path out;

    @Option(names = "--seed", defaultValue = "0", description = "seed of every random choice (default: ${DEFAULT-VALUE})")
    long seed;

    @Option(names = "--test-sets", split = ",", paramLabel = "n1,n2", defaultValue = "100,100000",
            description = "sizes of the simulated test sets, items per model size (default: ${DEFAULT-VALUE})")
    List<Integer> testSets;

    @Option(names = "--family", defaultValue = "small", paramLabel = "small|full|none",
            description = "the arithmetic family to train (mirage train arithmetic --family; none: skip training) "
                    + "(default: ${DEFAULT-VALUE})")
    String family;

    @Option(names = "--train-options", paramLabel = "'OPTIONS'",
            description = "options of 'mirage train arithmetic' to use instead of --family, e.g. '--sizes 8x1,16x1 --steps 200' "
                    + "for a quick look")
    String trainOptions;

    @Option(names = "--fresh", description = "redo every step instead of reusing the outputs of an earlier run")
    boolean fresh;

    /**
     * One unit of the demo's work.
     *
     * @param folder its output folder under the demo folder (deleted and redone with --fresh)
     * @param title what it does, printed as progress
     * @param done whether the folder already holds this step's outputs with the same settings
     * @param run does the work; returns an exit code (0 = ok)
     */
    record Step(String folder, String title, Check done, Work run) {
    }

    @FunctionalInterface
    interface Check {
        boolean test(Path folder) throws IOException;
    }

    @FunctionalInterface
    interface Work {
        int run(Path folder) throws Exception;
    }

    /** The demo's steps, in order (the report is written after them). */
    List<Step> steps() {
        List<Step> steps = new ArrayList<>();
        for (int items : testSets) {
            steps.add(new Step("simulation-" + items, String.format(Locale.ROOT,
                    "the mathematical model, %,d test items per size%s", items, items <= 1000 ? " (low resolution)" : ""),
                    folder -> sameSimulation(folder, items), folder -> simulate(folder, items)));
        }
        if (!"none".equals(family)) {
            steps.add(new Step(TRAIN_FOLDER, "train the " + family + " arithmetic family (4-digit addition, greedy outputs and"
                    + " log-probabilities on held-out problems)", this::sameTraining, this::train));
        }
        steps.add(new Step(".", "analyze every output under every metric: emergence scores, verdicts, backtests",
                folder -> sameAnalysis(), folder -> analyze()));
        return steps;
    }

    /** Where the trained family goes, under the demo folder. */
    static final String TRAIN_FOLDER = "train-arithmetic";

    /**
     * The per-sample records the demo keeps, gzip-compressed (every reader of mirage reads .gz): the 100,000-item
     * simulation alone would otherwise take 178 MB.
     */
    static final String SAMPLES = "samples.jsonl.gz";

    /** The metrics the demo's analysis scores per-sample records with (the battery's, minus the slow text metrics). */
    static final String DEMO_METRICS = "exact_match,token_edit_distance,char_edit_distance,target_logprob,target_prob,"
            + "token_prob,multiple_choice_grade,brier_score,brier_correct,choice_prob";

    /** Whether the folder holds a finished training with these arguments (a plain samples.jsonl of an earlier demo is compressed first). */
    boolean sameTraining(Path folder) throws IOException {
        if (sameRun(folder, "train arithmetic", trainArgs(folder), List.of("samples.jsonl", "models.csv"))) {
            compress(folder.resolve("samples.jsonl"), folder.resolve(SAMPLES));
        }
        return sameRun(folder, "train arithmetic", trainArgs(folder), List.of(SAMPLES, "models.csv"))
                && presetSignature().equals(recordedSignature(provenance(folder, List.of(SAMPLES, "models.csv"))));
    }

    /**
     * What a preset family resolves to (model names, peak learning rates, steps, test items): the same {@code --family
     * small} names another family after a preset changes, so a training of an earlier version is not reused or resumed
     * as this one. Empty with {@code --train-options} (the options say it all).
     */
    String presetSignature() {
        if ((trainOptions != null && !trainOptions.isBlank()) || "none".equals(family)) {
            return "";
        }
        ArithmeticFamily f = ArithmeticFamily.parse(family);
        StringBuilder b = new StringBuilder();
        for (ModelSpec m : f.sizes()) {
            b.append(m.name()).append('@').append(Double.isNaN(f.peakLr()) ? m.peakLearningRate() : f.peakLr()).append(',');
        }
        return b.append(" steps=").append(f.steps()).append(" test_items=").append(f.testItems()).toString();
    }

    /** {@link #presetSignature()} of a finished training's provenance ("" without --family or provenance). */
    private String recordedSignature(JsonNode p) {
        if (p == null || (trainOptions != null && !trainOptions.isBlank())) {
            return "";
        }
        JsonNode c = p.path("config");
        StringBuilder b = new StringBuilder();
        for (JsonNode m : c.path("models")) {
            b.append(m.path("name").asText()).append('@').append(m.path("peak_lr").asDouble(Double.NaN)).append(',');
        }
        return b.append(" steps=").append(c.path("steps").asLong(-1)).append(" test_items=").append(c.path("test_items").asInt(-1))
                .toString();
    }

    private List<String> trainArgs(Path folder) {
        List<String> a = new ArrayList<>(List.of("train", "arithmetic", "--seed", Long.toString(seed), "--out", folder.toString()));
        if (trainOptions == null || trainOptions.isBlank()) {
            a.addAll(List.of("--family", family));
        } else {
            a.addAll(List.of(trainOptions.trim().split("\\s+")));
        }
        return a;
    }

    /**
     * Trains the family. When an earlier demo started the same training in this folder and was interrupted (its
     * arguments, recorded in {@code demo-arguments.txt}, are these and its {@code work/} folder exists), the
     * training resumes; the results are identical to an uninterrupted run. Otherwise it starts afresh.
     */
    private int train(Path folder) throws IOException {
        List<String> a = trainArgs(folder);
        String recorded = String.join("\n", a) + "\n" + presetSignature() + "\n";
        Path marker = folder.resolve("demo-arguments.txt");
        if (Files.isDirectory(folder.resolve("work")) && Files.isRegularFile(marker) && Files.readString(marker).equals(recorded)) {
            a.add("--resume");
            spec.commandLine().getOut().println("resuming the interrupted training in " + folder);
        } else {
            Files.createDirectories(folder);
            AtomicFile.writeText(marker, w -> w.write(recorded));
        }
        int rc = sub(a);
        if (rc == 0) {
            compress(folder.resolve("samples.jsonl"), folder.resolve(SAMPLES));
        }
        return rc;
    }

    /**
     * Replaces a finished training's merged samples by their gzip form (the per-model parts in work/ stay: a resumed
     * training needs them). Java writes no time stamp into gzip, so the same samples give the same bytes.
     */
    static void compress(Path plain, Path gz) throws IOException {
        if (!Files.isRegularFile(plain)) {
            return;
        }
        AtomicFile.write(gz, raw -> {
            java.util.zip.GZIPOutputStream z = new java.util.zip.GZIPOutputStream(raw, 1 << 16);
            Files.copy(plain, z);
            z.finish();
        });
        Files.delete(plain);
    }

    private List<Path> analysisInputs() {
        List<Path> in = new ArrayList<>();
        for (int items : testSets) {
            in.add(out.resolve("simulation-" + items).resolve(SAMPLES));
        }
        if (!"none".equals(family)) {
            in.add(out.resolve(TRAIN_FOLDER).resolve(SAMPLES));
        }
        return in;
    }

    private List<String> analyzeArgs() {
        List<String> a = new ArrayList<>(List.of("analyze"));
        analysisInputs().forEach(p -> a.add(p.toString()));
        a.addAll(List.of("--metrics", DEMO_METRICS, "--seed", Long.toString(seed), "--no-report", "--out", out.toString()));
        return a;
    }

    private int analyze() {
        return sub(analyzeArgs());
    }

    /** Runs a mirage command with this command's output and error streams. */
    private int sub(List<String> args) {
        CommandLine cl = spec.commandLine();
        return MirageCommand.commandLine().setOut(cl.getOut()).setErr(cl.getErr()).execute(args.toArray(String[]::new));
    }

    /**
     * Whether the demo folder holds an analysis made with the same arguments of the same inputs (size and
     * SHA-256 as recorded in its provenance).
     */
    private boolean sameAnalysis() throws IOException {
        if (!sameRun(out, "analyze", analyzeArgs(), List.of("series.csv", "emergence.csv", "verdicts.csv"))) {
            return false;
        }
        JsonNode inputs = new ObjectMapper().readTree(out.resolve("provenance.json").toFile()).path("inputs");
        List<Path> expected = analysisInputs();
        if (inputs.size() != expected.size()) {
            return false;
        }
        for (int i = 0; i < expected.size(); i++) {
            Path p = expected.get(i);
            if (!Files.isRegularFile(p) || inputs.get(i).path("bytes").asLong(-1) != Files.size(p)
                    || !inputs.get(i).path("sha256").asText().equals(Provenance.sha256(p))) {
                return false;
            }
        }
        return true;
    }

    /** FOLDER's provenance.json when it and the named outputs exist and it reads as JSON, else null. */
    private static JsonNode provenance(Path folder, List<String> outputs) {
        Path prov = folder.resolve("provenance.json");
        if (!Files.isRegularFile(prov) || outputs.stream().anyMatch(f -> !Files.isRegularFile(folder.resolve(f)))
                || Files.exists(folder.resolve(mirage.io.OutputFolder.JOURNAL))) {
            return null;
        }
        try {
            return new ObjectMapper().readTree(prov.toFile());
        } catch (IOException e) {
            return null;
        }
    }

    /** Whether FOLDER's provenance.json records COMMAND run with exactly ARGS, and the named outputs exist. */
    private static boolean sameRun(Path folder, String command, List<String> args, List<String> outputs) {
        JsonNode p = provenance(folder, outputs);
        if (p == null) {
            return false;
        }
        List<String> recorded = new ArrayList<>();
        p.path("arguments").forEach(n -> recorded.add(n.asText()));
        recorded.remove("--resume"); // a resumed run has the results of an uninterrupted one
        return p.path("command").asText().equals(command) && recorded.equals(args);
    }

    private int simulate(Path folder, int items) {
        CommandLine cl = spec.commandLine();
        return new CommandLine(new SimulateCommand()).setOut(cl.getOut()).setErr(cl.getErr())
                .execute("--items", Integer.toString(items), "--seed", Long.toString(seed), "--gzip", "--out", folder.toString());
    }

    /** Whether the folder holds a complete simulation with these items and this seed (from its provenance). */
    private boolean sameSimulation(Path folder, int items) {
        JsonNode p = provenance(folder, List.of("simulation.csv", SAMPLES));
        return p != null && p.path("command").asText().equals("simulate") && p.path("config").path("items").asInt(-1) == items
                && p.path("seeds").path("seed").asLong(Long.MIN_VALUE) == seed;
    }

    @Override
    public Integer call() throws Exception {
        if (!List.of("small", "full", "none").contains(family)) {
            throw new CommandLine.ParameterException(spec.commandLine(), "--family must be small, full or none, got '" + family + "'");
        }
        if (testSets.isEmpty() || testSets.stream().anyMatch(n -> n == null || n < 1)) {
            throw new CommandLine.ParameterException(spec.commandLine(), "--test-sets must list positive numbers of items");
        }
        PrintWriter o = spec.commandLine().getOut();
        long start = System.nanoTime();
        List<Step> steps = steps();
        int total = steps.size() + 1;
        OutputPaths.folder(spec.commandLine(), "--out", out);
        Files.createDirectories(out);
        for (int i = 0; i < steps.size(); i++) {
            Step s = steps.get(i);
            Path folder = out.resolve(s.folder());
            o.printf(Locale.ROOT, "== %d/%d  %s%n", i + 1, total, s.title());
            if (fresh) {
                if (s.folder().equals(".")) {
                    Files.deleteIfExists(out.resolve("provenance.json")); // the analysis is redone and rewrites its files
                } else {
                    deleteTree(folder);
                }
            } else if (s.done().test(folder)) {
                o.println("reusing " + (s.folder().equals(".") ? "the analysis in " + out : folder.toString())
                        + " from an earlier run (--fresh to redo)");
                o.println();
                o.flush();
                continue;
            }
            o.flush();
            int rc = s.run().run(folder);
            if (rc != 0) {
                return rc;
            }
            o.println();
        }
        o.printf(Locale.ROOT, "== %d/%d  the report%n", total, total);
        o.flush();
        Report.Result r = new Report(Report.Options.defaults().withArguments(spec.commandLine().getParseResult().originalArgs())).write(out);
        o.println();
        o.println("Report: " + r.page().toAbsolutePath().normalize() + "  (open it in a browser; figures in "
                + out.resolve(Report.FIGURES).toAbsolutePath().normalize() + ")");
        o.println("Summary (as the report opens):");
        r.summary().print(o, AnalyzeCommand.CONSOLE_ANSWERS); // the one summariser, the page's words
        o.printf(Locale.ROOT, "Done in %.1f s.%n", (System.nanoTime() - start) / 1e9);
        o.flush();
        return 0;
    }

    private static void deleteTree(Path p) throws IOException {
        if (!Files.exists(p)) {
            return;
        }
        try (Stream<Path> s = Files.walk(p)) {
            for (Path q : (Iterable<Path>) s.sorted(Comparator.reverseOrder())::iterator) {
                Files.delete(q);
            }
        }
    }
}

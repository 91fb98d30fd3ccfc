package mirage.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.Writer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import mirage.core.InputException;
import mirage.core.data.Measurement;
import mirage.core.metric.Metric;
import mirage.core.metric.Metrics;
import mirage.core.metric.Scorer;
import mirage.io.AtomicFile;
import mirage.io.csv.LongCsv;
import mirage.io.provenance.Provenance;
import mirage.io.samples.SampleFileScorer;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/** {@code mirage score}: per-sample records in, one metric value per (family, model, task, labels, metric) out. */
@Command(name = "score", mixinStandardHelpOptions = true,
        description = {"Scores per-sample JSONL records under the metric battery: one long CSV row per cell and metric.",
            "Input: mirage per-sample JSONL (docs/FORMATS.md). Output columns: family, model, params, task, "
                + "metric, value, n, stderr, skipped, then one column per label (e.g. shots). A metric that "
                + "cannot score any sample of a cell (a missing field) writes no row for it; how many samples "
                + "each metric skipped is printed on stderr. Results do not depend on --threads."})
public final class ScoreCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Parameters(arity = "1..*", paramLabel = "SAMPLES.jsonl", description = "per-sample JSONL files (.gz allowed)")
    List<Path> inputs;

    @Option(names = "--metrics", paramLabel = "a,b,...",
            description = "metrics to compute, e.g. exact_match,token_edit_distance,pass@10,reconstruction@0.003 "
                    + "(default: every metric that needs no parameter, plus pass@1); see 'mirage metrics'")
    String metrics;

    @Option(names = "--out", paramLabel = "FILE",
            description = "write the CSV here (atomically; FILE.provenance.json next to it) instead of stdout")
    Path out;

    @Option(names = "--threads", paramLabel = "N",
            description = "worker threads for parsing and scoring (default: available processors, ${DEFAULT-VALUE} here)")
    int threads = Runtime.getRuntime().availableProcessors();

    @Override
    public Integer call() throws IOException {
        CommandLine cl = spec.commandLine();
        if (threads < 1) {
            throw new CommandLine.ParameterException(cl, "--threads must be at least 1, got " + threads);
        }
        List<Metric> ms;
        try {
            ms = metrics == null ? Metrics.defaults() : Metrics.parseList(metrics);
        } catch (IllegalArgumentException e) {
            throw new CommandLine.ParameterException(cl, "--metrics: " + e.getMessage());
        }
        if (out != null) {
            OutputPaths.file(cl, "--out", out);
            OutputPaths.file(cl, "--out", provenancePath(out));
            OutputPaths.notAnInput("--out", List.of(out, provenancePath(out)), inputs);
        }
        for (Path in : inputs) {
            notOtherFormat(in);
        }
        SampleFileScorer.Result scored = new SampleFileScorer(ms, threads).score(inputs);
        Scorer scorer = scored.scorer();
        if (scorer.samples() == 0) {
            throw new InputException(String.join(", ", inputs.stream().map(Path::toString).toList()), 0, null,
                    "no samples to score: mirage score reads per-sample JSONL, one JSON object per line with family, model, "
                            + "task, item_id and the fields its metrics need (docs/FORMATS.md, \"Per-sample JSONL\")");
        }
        PrintWriter err = cl.getErr();
        if (!scored.unknownFields().isEmpty()) {
            err.println("note: ignored fields not in the per-sample format: " + String.join(", ", scored.unknownFields()));
        }
        if (!scored.repeats().isEmpty()) {
            err.println("note: " + scored.repeats().size() + " repeated items (the same family, model, task, labels and item id "
                    + "answered again) counted once, their first record" + examples(scored.repeats()));
        }
        if (!scored.issues().isEmpty()) {
            err.println("note: " + scored.issues().size() + " samples have unusable values, left out by the metrics that need them"
                    + examples(scored.issues()));
        }
        List<Scorer.Result> written = new ArrayList<>();
        Map<Metric, long[]> skips = new LinkedHashMap<>(); // metric -> {skipped samples, cells without value}
        for (Scorer.Result r : scorer.results()) {
            long[] s = skips.computeIfAbsent(r.metric(), k -> new long[2]);
            s[0] += r.value().skipped();
            if (r.value().n() == 0) {
                s[1]++;
            } else {
                written.add(r);
            }
        }
        Map<String, Object> skipNotes = new LinkedHashMap<>();
        skips.forEach((m, s) -> {
            if (s[0] > 0) {
                err.println("note: " + m.name() + " skipped " + s[0] + " of " + scorer.samples() + " samples"
                        + (s[1] > 0 ? " (no value in " + s[1] + " cells)" : "") + "; " + skipReason(m));
                skipNotes.put(m.name(), s[0]);
            }
        });
        List<Measurement> rows = written.stream().map(Scorer.Result::toMeasurement).toList();
        if (out == null) {
            Writer w = Console.raw(cl.getOut()); // the CSV is data: written as it is
            LongCsv.write(w, rows);
            w.flush();
            return 0;
        }
        Provenance prov = new Provenance("score", cl.getParseResult().originalArgs());
        prov.config("metrics", ms.stream().map(Metric::name).toList()).config("threads", threads)
                .config("chunk_chars", SampleFileScorer.DEFAULT_CHUNK_CHARS);
        for (Path in : inputs) {
            prov.input(in);
        }
        prov.note("samples", scorer.samples()).note("rows", rows.size()).note("skipped_samples", skipNotes);
        if (!scored.unknownFields().isEmpty()) {
            prov.note("ignored_fields", List.copyOf(scored.unknownFields()));
        }
        prov.note("repeated_items", scored.repeats().size()).note("unusable_values", scored.issues().size());
        AtomicFile.writeText(out, w -> LongCsv.write(w, rows));
        prov.output(out.getFileName().toString());
        prov.write(provenancePath(out));
        err.println("wrote " + rows.size() + " rows from " + scorer.samples() + " samples to " + out);
        err.flush();
        return 0;
    }

    /**
     * Refuses, before scoring, a file in another format mirage reads (an lm-evaluation-harness samples or results
     * file, a long or wide table, BIG-bench scores), pointing to {@code mirage analyze}, which reads them all.
     */
    static void notOtherFormat(Path in) throws IOException {
        if (!Files.isRegularFile(in)) {
            return; // the scorer says what is wrong
        }
        byte[] head;
        try (mirage.io.InputFiles.Opened o = mirage.io.InputFiles.open(in)) {
            head = o.readNBytes(1 << 20);
        } catch (IOException e) {
            return; // the scorer reports an unreadable file
        }
        mirage.io.results.ResultReaders.Detection d;
        try {
            d = mirage.io.results.ResultReaders.detect(head, head.length < (1 << 20), mirage.io.results.ColumnMap.EMPTY, in.toString());
        } catch (InputException e) {
            return; // empty or unrecognisable: the scorer's own message
        }
        if (d.format() == mirage.io.results.ResultFormat.SAMPLES) {
            return;
        }
        String dir = in.toAbsolutePath().getParent() == null ? in.toString() : in.getParent() == null ? "." : in.getParent().toString();
        throw new InputException(in.toString(), 0, null, "this is " + d.format().description() + " (" + d.reason()
                + "), not mirage's per-sample JSONL; 'mirage analyze " + (d.format() == mirage.io.results.ResultFormat.LMEVAL_SAMPLES
                ? dir + "' re-scores it with mirage's metrics (model and shots from the results_*.json beside it)"
                : in + "' reads it"));
    }

    /** ": e.g. A; B; C" and how many more: the first places, one line each as FILE:LINE: field: reason. */
    static String examples(List<SampleFileScorer.Place> places) {
        StringBuilder sb = new StringBuilder(": e.g. ");
        int shown = Math.min(3, places.size());
        for (int i = 0; i < shown; i++) {
            sb.append(i == 0 ? "" : "; ").append(places.get(i).message());
        }
        if (places.size() > shown) {
            sb.append("; and ").append(places.size() - shown).append(" more");
        }
        return sb.toString();
    }

    /** {@code FILE.provenance.json} next to {@code FILE}. */
    static Path provenancePath(Path out) {
        return out.resolveSibling(out.getFileName() + ".provenance.json");
    }

    /**
     * Why a metric skips samples. Subset accuracy over K-item groups also leaves out each cell's incomplete
     * last group (fewer than K items after the hash order), which is not a missing field.
     */
    static String skipReason(Metric m) {
        if (m.kind() == mirage.core.metric.MetricKind.SUBSET_ACCURACY && !Double.isNaN(m.parameter()) && m.parameter() > 0) {
            long k = (long) m.parameter();
            return "these are the items of each cell's incomplete last group (the items are cut into groups of " + k
                    + "; fewer than " + k + " were left over) and of groups holding an item that cannot be graded (grading needs "
                    + m.requirement().fields() + ")";
        }
        return "it needs " + m.requirement().fields();
    }
}

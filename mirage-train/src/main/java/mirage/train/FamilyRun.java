package mirage.train;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import mirage.io.AtomicFile;

/**
 * The output folder of a family trained model by model, and its resume bookkeeping; shared by every
 * {@code mirage train} subcommand.
 *
 * <pre>
 * OUT/run.json                 what determines the results (task, sizes, budget, seed, test items, ...)
 * OUT/work/MODEL.ckpt          in-progress training checkpoint (parameters, optimizer state, losses)
 * OUT/work/MODEL.weights       trained weights of a finished model
 * OUT/work/MODEL.samples.jsonl the model's evaluated per-sample records
 * OUT/work/MODEL.json          the model's summary row; its presence marks the model finished
 * </pre>
 *
 * Every file is written atomically. Without resume, an existing {@code run.json} and {@code work/}
 * folder are removed first (a fresh run). With resume, {@code run.json} must describe the same run
 * (otherwise the options differ and resuming would mix two experiments: refused); finished models are
 * skipped, a model with weights is only evaluated, a model with a checkpoint continues from it.
 */
public final class FamilyRun {
    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT)
            .enable(SerializationFeature.ORDER_MAP_ENTRIES_BY_KEYS);

    private final Path out;
    private final Path work;
    private final boolean resumed;

    private FamilyRun(Path out, boolean resumed) {
        this.out = out;
        this.work = out.resolve("work");
        this.resumed = resumed;
    }

    /**
     * Opens the run folder.
     *
     * @param definition everything that determines the results (JSON-serialisable values)
     * @param resume continue the run in {@code out} if there is one
     * @throws IllegalArgumentException when resuming a run with a different definition
     */
    public static FamilyRun open(Path out, Map<String, Object> definition, boolean resume) throws IOException {
        Path runJson = out.resolve("run.json");
        Map<String, Object> def = new TreeMap<>(TrainingLoop.normalise(definition));
        boolean existing = Files.exists(runJson);
        if (resume && existing) {
            Map<String, Object> saved;
            try (InputStream in = Files.newInputStream(runJson)) {
                saved = new TreeMap<>(JSON.readValue(in, new TypeReference<Map<String, Object>>() { }));
            }
            if (!saved.equals(def)) {
                throw new IllegalArgumentException("cannot resume " + out + ": it holds a run with other settings ("
                        + difference(saved, def) + "); rerun without --resume to start over, or use the original options");
            }
            Files.createDirectories(out.resolve("work"));
            return new FamilyRun(out, true);
        }
        if (existing || Files.exists(out.resolve("work"))) {
            deleteTree(out.resolve("work"));
            Files.deleteIfExists(runJson);
        }
        Files.createDirectories(out.resolve("work"));
        byte[] bytes = JSON.writeValueAsBytes(def);
        AtomicFile.write(runJson, o -> o.write(bytes));
        return new FamilyRun(out, false);
    }

    private static String difference(Map<String, Object> saved, Map<String, Object> now) {
        StringBuilder sb = new StringBuilder();
        for (String k : new java.util.TreeSet<>(union(saved, now))) {
            Object a = saved.get(k);
            Object b = now.get(k);
            if (!java.util.Objects.equals(a, b)) {
                if (sb.length() > 0) {
                    sb.append("; ");
                }
                sb.append(k).append(" was ").append(a).append(", now ").append(b);
            }
        }
        return sb.toString();
    }

    private static java.util.Set<String> union(Map<String, Object> a, Map<String, Object> b) {
        java.util.Set<String> s = new java.util.HashSet<>(a.keySet());
        s.addAll(b.keySet());
        return s;
    }

    /** Whether an earlier run was found and is being continued. */
    public boolean resumed() {
        return resumed;
    }

    public Path out() {
        return out;
    }

    public Path checkpoint(String model) {
        return work.resolve(model + ".ckpt");
    }

    public Path weights(String model) {
        return work.resolve(model + ".weights");
    }

    /**
     * What a model's {@code .weights} file records of its training: the training units (tokens, images) under the
     * experiment's key, the final loss and the training time.
     */
    public record Trained(long units, double finalLoss, double trainSeconds) {
    }

    /**
     * Loads MODEL's weights from an earlier run into {@code params} and returns what they record, or null when the
     * model has no weights yet (it must be trained).
     *
     * @param unitsKey the metadata key of the training units ({@code tokens}, {@code train_images})
     */
    public Trained loadTrained(String model, ParameterSet params, String unitsKey) throws IOException {
        Path w = weights(model);
        if (!Files.exists(w)) {
            return null;
        }
        TensorFile.Contents c = TensorFile.read(w);
        params.load(c.tensors(), "");
        return new Trained(((Number) c.meta().get(unitsKey)).longValue(), ((Number) c.meta().get("final_loss")).doubleValue(),
                ((Number) c.meta().get("train_seconds")).doubleValue());
    }

    /**
     * Writes MODEL's weights with {@code model}, {@code steps}, the units under {@code unitsKey}, {@code final_loss},
     * {@code train_seconds} and the experiment's {@code extra} entries (docs/FORMATS.md, checkpoint files).
     */
    public void writeTrained(String model, ParameterSet params, long steps, String unitsKey, Trained t,
                             Map<String, Object> extra) throws IOException {
        Map<String, Object> meta = new LinkedHashMap<>();
        meta.put("model", model);
        meta.put("steps", steps);
        meta.put(unitsKey, t.units());
        meta.put("final_loss", t.finalLoss());
        meta.put("train_seconds", t.trainSeconds());
        meta.putAll(extra);
        TensorFile.write(weights(model), meta, params.snapshot());
    }

    public Path samples(String model) {
        return work.resolve(model + ".samples.jsonl");
    }

    private Path record(String model) {
        return work.resolve(model + ".json");
    }

    /** The summary row of a finished model, or null when the model is not finished. */
    public Map<String, Object> finished(String model) throws IOException {
        Path r = record(model);
        if (!Files.exists(r) || !Files.exists(samples(model))) {
            return null;
        }
        try (InputStream in = Files.newInputStream(r)) {
            return JSON.readValue(in, new TypeReference<LinkedHashMap<String, Object>>() { });
        }
    }

    /** Marks a model finished (its samples file must be written) and removes its training checkpoint. */
    public void finish(String model, Map<String, Object> row) throws IOException {
        if (!Files.exists(samples(model))) {
            throw new IllegalStateException("samples of " + model + " must be written before it is marked finished");
        }
        byte[] bytes = JSON.writeValueAsBytes(row);
        AtomicFile.write(record(model), o -> o.write(bytes));
        Files.deleteIfExists(checkpoint(model));
    }

    /** Concatenates the finished models' sample files, in the given order, into one file (atomically). */
    public void mergeSamples(List<String> models, Path target) throws IOException {
        AtomicFile.write(target, o -> {
            for (String m : models) {
                try (InputStream in = Files.newInputStream(samples(m))) {
                    in.transferTo(o);
                }
            }
        });
    }

    /** Deletes the work folder (checkpoints, weights, parts) after the run's outputs are complete. */
    public void cleanWork(boolean keepWeights) throws IOException {
        if (!Files.exists(work)) {
            return;
        }
        try (var files = Files.list(work)) {
            for (Path p : (Iterable<Path>) files::iterator) {
                if (!(keepWeights && p.getFileName().toString().endsWith(".weights"))) {
                    Files.deleteIfExists(p);
                }
            }
        }
    }

    static void deleteTree(Path p) throws IOException {
        if (!Files.exists(p)) {
            return;
        }
        try (var walk = Files.walk(p)) {
            List<Path> all = walk.sorted(java.util.Comparator.reverseOrder()).toList();
            for (Path q : all) {
                Files.deleteIfExists(q);
            }
        }
    }
}

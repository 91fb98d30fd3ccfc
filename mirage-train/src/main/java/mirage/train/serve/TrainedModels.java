package mirage.train.serve;

import ai.djl.ndarray.NDManager;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import mirage.core.InputException;
import mirage.train.Gpt;
import mirage.train.TensorFile;
import mirage.train.TorchEngine;
import mirage.train.arith.ArithmeticTask;
import mirage.train.arith.CharVocab;

/**
 * Loads the models a {@code mirage train arithmetic} run trained, from its output folder
 * ({@code run.json} and {@code work/MODEL.weights}, docs/FORMATS.md), or from every run folder directly
 * inside a folder. Models not trained yet (no weights) are skipped and said so; runs of other experiments
 * ({@code mirage train vision}) are skipped too: they are not text models.
 */
public final class TrainedModels {
    private static final ObjectMapper JSON = new ObjectMapper();

    private TrainedModels() {
    }

    /** What was loaded, and what was left out and why. */
    public record Loaded(List<ServedModel> models, List<String> skipped) {
    }

    /**
     * @throws InputException when the folder does not exist, holds no run, a run.json is unreadable, or
     *     no model is trained
     */
    public static Loaded load(Path dir) throws IOException {
        if (!Files.isDirectory(dir)) {
            throw new InputException(dir.toString(), 0, null, "no such folder; give the --out folder of mirage train arithmetic");
        }
        List<Path> runs = new ArrayList<>();
        if (Files.exists(dir.resolve("run.json"))) {
            runs.add(dir);
        } else {
            try (Stream<Path> s = Files.list(dir)) {
                s.filter(p -> Files.exists(p.resolve("run.json"))).sorted().forEach(runs::add);
            }
        }
        if (runs.isEmpty()) {
            throw new InputException(dir.toString(), 0, null, "holds no run.json, nor do its sub-folders; give the --out folder"
                    + " of mirage train arithmetic (or a folder of such folders)");
        }
        List<ServedModel> models = new ArrayList<>();
        List<String> skipped = new ArrayList<>();
        TorchEngine.get();
        try {
            for (Path run : runs) {
                loadRun(run, models, skipped);
            }
        } catch (IOException | RuntimeException e) {
            models.forEach(ServedModel::close);
            throw e;
        }
        if (models.isEmpty()) {
            throw new InputException(dir.toString(), 0, null, "no trained model to serve (" + String.join("; ", skipped) + ")");
        }
        java.util.Set<String> ids = new java.util.HashSet<>();
        for (ServedModel m : models) {
            if (!ids.add(m.id())) {
                models.forEach(ServedModel::close);
                throw new InputException(dir.toString(), 0, null, "two runs hold model " + m.id()
                        + "; serve them separately or give their families different names");
            }
        }
        return new Loaded(models, skipped);
    }

    private static void loadRun(Path run, List<ServedModel> out, List<String> skipped) throws IOException {
        Path runJson = run.resolve("run.json");
        JsonNode def;
        try {
            def = JSON.readTree(Files.readAllBytes(runJson));
        } catch (IOException e) {
            throw new InputException(runJson.toString(), 0, null, "cannot read: " + e.getMessage());
        }
        if (def == null || !def.isObject()) {
            throw new InputException(runJson.toString(), 0, null, "not a JSON object");
        }
        String experiment = def.path("experiment").asText("");
        if (!experiment.equals("arithmetic")) {
            skipped.add(run + ": a '" + (experiment.isEmpty() ? "unknown" : experiment) + "' run, not a text model");
            return;
        }
        ArithmeticTask task;
        try {
            task = ArithmeticTask.parse(def.path("task").asText(""));
        } catch (IllegalArgumentException e) {
            throw new InputException(runJson.toString(), 0, "task", e.getMessage());
        }
        String family = def.path("family").asText("");
        if (family.isEmpty()) {
            throw new InputException(runJson.toString(), 0, "family", "missing");
        }
        String format = def.path("format").asText("plain");
        JsonNode models = def.path("models");
        if (!models.isArray()) {
            throw new InputException(runJson.toString(), 0, "models", "missing or not an array");
        }
        for (JsonNode m : models) {
            String name = m.path("name").asText("");
            Path weights = run.resolve("work").resolve(name + ".weights");
            if (name.isEmpty() || !Files.exists(weights)) {
                skipped.add(family + "/" + name + ": not trained yet (no " + run.relativize(weights) + ")");
                continue;
            }
            TensorFile.Contents c = TensorFile.read(weights);
            Object cfgObj = c.meta().get("config");
            if (!(cfgObj instanceof Map<?, ?> cfg)) {
                throw new InputException(weights.toString(), 0, "meta.config", "missing: not a weights file of mirage train arithmetic");
            }
            Gpt.Config config;
            try {
                config = new Gpt.Config(num(cfg, "width"), num(cfg, "layers"), num(cfg, "heads"), num(cfg, "vocab"), num(cfg, "context"));
            } catch (IllegalArgumentException | NullPointerException | ClassCastException e) {
                throw new InputException(weights.toString(), 0, "meta.config", "unreadable model configuration " + cfg);
            }
            if (config.vocab() != CharVocab.SIZE) {
                throw new InputException(weights.toString(), 0, "meta.config.vocab", config.vocab() + " tokens; this mirage's "
                        + "arithmetic vocabulary has " + CharVocab.SIZE);
            }
            NDManager manager = TorchEngine.newManager();
            Gpt gpt = null;
            try {
                gpt = new Gpt(config, manager, 0L);
                gpt.parameters().load(c.tensors(), "");
            } catch (IllegalArgumentException e) {
                if (gpt != null) {
                    gpt.close();
                }
                manager.close();
                throw new InputException(weights.toString(), 0, null, e.getMessage());
            }
            Map<String, Object> facts = new LinkedHashMap<>();
            facts.put("family", family);
            facts.put("name", name);
            facts.put("task", task.taskName());
            facts.put("format", format);
            facts.put("params", config.params());
            facts.put("non_embedding_params", config.nonEmbeddingParams());
            Object tokens = c.meta().get("tokens");
            if (tokens instanceof Number n) {
                facts.put("tokens", n.longValue());
                facts.put("flops", config.flopsPerToken() * n.longValue());
            }
            Object steps = c.meta().get("steps");
            if (steps instanceof Number n) {
                facts.put("step", n.longValue());
            }
            facts.put("width", config.width());
            facts.put("layers", config.layers());
            facts.put("heads", config.heads());
            facts.put("context", config.context());
            facts.put("vocabulary", CompletionEngine.vocabulary());
            facts.put("end_mark", String.valueOf(CharVocab.symbol(CharVocab.EOS)));
            if (def.has("seed")) {
                facts.put("seed", def.get("seed").asLong());
            }
            long created = Files.getLastModifiedTime(weights).toMillis() / 1000;
            out.add(new ServedModel(family, name, created, facts, manager, gpt));
        }
    }

    private static int num(Map<?, ?> m, String k) {
        return ((Number) m.get(k)).intValue();
    }
}

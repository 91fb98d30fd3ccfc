package mirage.io.api;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.FileOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.StringReader;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import mirage.core.InputException;
import mirage.core.data.Sample;
import mirage.core.data.Scale;
import mirage.io.AtomicFile;
import mirage.io.samples.SampleJsonlReader;
import mirage.io.samples.SampleJsonlWriter;

/**
 * The per-sample JSONL file of {@code mirage eval}, written as the answers come, and its definition file
 * {@code FILE.eval.json} (docs/FORMATS.md, "mirage eval output").
 *
 * <ul>
 *   <li><b>Appending.</b> Each record is built as one complete line in memory, then written with one
 *       write call and flushed, so a kill leaves whole lines only (at worst, a crash of the machine
 *       in the middle of a write leaves a last line without its line break: it is removed, and counted,
 *       when the file is opened again).</li>
 *   <li><b>Belonging.</b> {@code FILE.eval.json} holds what determines the records (task, prompt format,
 *       shots, items, seeds, sampling, the family and its models). Opening an existing output with a
 *       different definition is refused; models may be added to the family (the definition's model list
 *       grows), but a model of the same name must keep its server id and scale. An existing output without
 *       its definition file is refused (it was not written by mirage eval, or by another configuration).
 *       Every existing line must parse and belong: a model of the family, the task, an item of the item
 *       set with its labels, no item twice.</li>
 *   <li><b>Finishing.</b> When every item of every model is present, the file is rewritten (atomically)
 *       in a canonical order: models in family order, items in item order. Two complete runs of one
 *       configuration therefore write the same file, whatever the concurrency and however often they were
 *       interrupted.</li>
 * </ul>
 */
public final class EvalOutput implements AutoCloseable {
    /** Version of the definition file's layout. */
    public static final String FORMAT = "mirage-eval-1";
    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT)
            .enable(SerializationFeature.ORDER_MAP_ENTRIES_BY_KEYS);

    private final Path file;
    private final List<String> modelOrder;
    private final Map<String, Integer> itemIndex;
    private final Map<String, Set<String>> done;
    private final long present;
    private final long tornBytes;
    private final boolean created;
    private long appended;
    private OutputStream out;

    private EvalOutput(Path file, List<String> modelOrder, Map<String, Integer> itemIndex, Map<String, Set<String>> done,
            long present, long tornBytes, boolean created) {
        this.file = file;
        this.created = created;
        this.modelOrder = modelOrder;
        this.itemIndex = itemIndex;
        this.done = done;
        this.present = present;
        this.tornBytes = tornBytes;
    }

    /** The definition file of an output. */
    public static Path definitionFile(Path file) {
        return file.resolveSibling(file.getFileName() + ".eval.json");
    }

    /**
     * Opens (creating or checking) an output.
     *
     * @param definition everything but the models that determines the records (JSON-serialisable values)
     * @param models the family's models, in order
     * @param task the task name every record carries
     * @param items the items, in order
     */
    public static EvalOutput open(Path file, Map<String, Object> definition, List<EvalModel> models, String task,
            List<EvalItem> items) throws IOException {
        Path defFile = definitionFile(file);
        String name = file.toString();
        JsonNode def = JSON.valueToTree(definition);
        def = JSON.readTree(JSON.writeValueAsBytes(def)); // numbers as they read back
        Map<String, JsonNode> entries = new LinkedHashMap<>();
        boolean existing = Files.exists(defFile);
        if (existing) {
            JsonNode saved;
            try {
                saved = JSON.readTree(Files.readAllBytes(defFile));
            } catch (IOException e) {
                throw new InputException(defFile.toString(), 0, null, "cannot read the definition file: " + e.getMessage());
            }
            if (saved == null || !saved.isObject() || !FORMAT.equals(saved.path("format").asText())
                    || !saved.path("models").isArray()) {
                throw new InputException(defFile.toString(), 0, null, "not a mirage eval definition file (" + FORMAT + ")");
            }
            String diff = difference(saved.path("definition"), def);
            if (!diff.isEmpty()) {
                throw new InputException(name, 0, null, "holds the results of another evaluation (" + diff
                        + "); use another --out, or the original options to continue it");
            }
            for (JsonNode m : saved.path("models")) {
                entries.put(m.path("name").asText(), m);
            }
        } else if (Files.exists(file) && Files.size(file) > 0) {
            throw new InputException(name, 0, null, "exists but has no " + defFile.getFileName()
                    + ", so it was not written by mirage eval (or its definition was removed); use another --out or remove the file");
        }
        for (EvalModel m : models) {
            JsonNode entry = JSON.readTree(JSON.writeValueAsBytes(modelEntry(m)));
            JsonNode old = entries.get(m.name());
            if (old != null && !old.equals(entry)) {
                throw new InputException(name, 0, null, "already holds model '" + m.name() + "' with other settings ("
                        + difference(old, entry) + "); give it another name or use another --out");
            }
            entries.putIfAbsent(m.name(), entry);
        }
        ObjectNode root = JSON.createObjectNode();
        root.put("format", FORMAT);
        root.set("definition", def);
        ArrayNode arr = root.putArray("models");
        entries.values().forEach(arr::add);
        byte[] bytes = JSON.writeValueAsBytes(root);
        List<String> order = new ArrayList<>(entries.keySet());
        Map<String, Integer> itemIndex = new HashMap<>();
        Map<String, Map<String, String>> labels = new HashMap<>();
        for (int i = 0; i < items.size(); i++) {
            if (itemIndex.put(items.get(i).id(), i) != null) {
                throw new IllegalArgumentException("item id " + items.get(i).id() + " appears twice in the item set");
            }
            labels.put(items.get(i).id(), items.get(i).labels());
        }
        String family = models.get(0).model().family();
        Map<String, Set<String>> done = new HashMap<>();
        for (String m : order) {
            done.put(m, new HashSet<>());
        }
        long torn = 0;
        long present = 0;
        if (Files.exists(file)) {
            torn = removeTornTail(file);
            try (SampleJsonlReader r = SampleJsonlReader.open(file)) {
                for (Sample s = r.next(); s != null; s = r.next()) {
                    long line = r.line();
                    Set<String> d = done.get(s.model().name());
                    if (d == null) {
                        throw new InputException(name, line, "model", "'" + s.model().name() + "' is not a model of this evaluation");
                    }
                    if (!s.model().family().equals(family)) {
                        throw new InputException(name, line, "family", "'" + s.model().family() + "', this evaluation's family is '"
                                + family + "'");
                    }
                    if (!s.task().equals(task)) {
                        throw new InputException(name, line, "task", "'" + s.task() + "', this evaluation's task is '" + task + "'");
                    }
                    Map<String, String> want = labels.get(s.itemId());
                    if (want == null) {
                        throw new InputException(name, line, "item_id", "'" + s.itemId() + "' is not an item of this evaluation");
                    }
                    if (!want.equals(s.labels())) {
                        throw new InputException(name, line, "labels", s.labels() + ", this evaluation's item has " + want);
                    }
                    if (!d.add(s.itemId())) {
                        throw new InputException(name, line, "item_id", "'" + s.itemId() + "' of model '" + s.model().name()
                                + "' appears twice");
                    }
                    present++;
                }
            }
        }
        // the definition is written (or extended by new models) only once every existing line is known to belong
        if (!existing || !java.util.Arrays.equals(bytes, trimmed(Files.readAllBytes(defFile)))) {
            Path parent = file.toAbsolutePath().getParent();
            if (parent != null) {
                Files.createDirectories(parent);
            }
            AtomicFile.write(defFile, o -> {
                o.write(bytes);
                o.write('\n');
            });
        }
        if (!Files.exists(file)) {
            Files.createFile(file); // the output and its definition exist together from the start
        }
        return new EvalOutput(file, order, itemIndex, done, present, torn, !existing);
    }

    private static byte[] trimmed(byte[] b) {
        int n = b.length;
        while (n > 0 && (b[n - 1] == '\n' || b[n - 1] == '\r')) {
            n--;
        }
        return java.util.Arrays.copyOf(b, n);
    }

    static Map<String, Object> modelEntry(EvalModel m) {
        Map<String, Object> e = new LinkedHashMap<>();
        e.put("name", m.name());
        e.put("model", m.apiModel());
        Scale s = m.model().scale();
        put(e, "params", s.params());
        put(e, "non_embedding_params", s.nonEmbeddingParams());
        put(e, "tokens", s.tokens());
        put(e, "flops", s.flops());
        put(e, "step", s.step());
        return e;
    }

    private static void put(Map<String, Object> e, String k, double v) {
        if (!Double.isNaN(v)) {
            e.put(k, v);
        }
    }

    private static String difference(JsonNode saved, JsonNode now) {
        StringBuilder sb = new StringBuilder();
        Set<String> keys = new java.util.TreeSet<>();
        saved.fieldNames().forEachRemaining(keys::add);
        now.fieldNames().forEachRemaining(keys::add);
        for (String k : keys) {
            JsonNode a = saved.get(k);
            JsonNode b = now.get(k);
            if (a == null ? b != null : !a.equals(b)) {
                if (sb.length() > 0) {
                    sb.append("; ");
                }
                sb.append(k).append(" was ").append(a == null ? "unset" : a.toString()).append(", now ")
                        .append(b == null ? "unset" : b.toString());
            }
        }
        return sb.toString();
    }

    /** Removes a last line without its line break; returns the bytes removed. */
    static long removeTornTail(Path file) throws IOException {
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.READ, StandardOpenOption.WRITE)) {
            long size = ch.size();
            if (size == 0) {
                return 0;
            }
            ByteBuffer one = ByteBuffer.allocate(1);
            ch.read(one, size - 1);
            if (one.get(0) == '\n') {
                return 0;
            }
            long pos = size - 1;
            ByteBuffer buf = ByteBuffer.allocate(8192);
            while (pos > 0) {
                int n = (int) Math.min(buf.capacity(), pos);
                buf.clear().limit(n);
                ch.read(buf, pos - n);
                for (int i = n - 1; i >= 0; i--) {
                    if (buf.get(i) == '\n') {
                        long keep = pos - n + i + 1;
                        ch.truncate(keep);
                        return size - keep;
                    }
                }
                pos -= n;
            }
            ch.truncate(0);
            return size;
        }
    }

    /** Whether the model already answered the item in the file. */
    public boolean has(String model, String itemId) {
        Set<String> d = done.get(model);
        return d != null && d.contains(itemId);
    }

    /** Records found in the file when it was opened. */
    public long present() {
        return present;
    }

    /** Bytes of a torn last line removed when the file was opened (0 when none). */
    public long tornBytes() {
        return tornBytes;
    }

    public Path file() {
        return file;
    }

    /** The family's models in definition order (those of earlier runs of this output included). */
    public List<String> models() {
        return List.copyOf(modelOrder);
    }

    /** Appends one record as one whole line, flushed to the operating system before returning. */
    public synchronized void append(Sample s) throws IOException {
        if (out == null) {
            out = new FileOutputStream(file.toFile(), true);
        }
        byte[] line = (SampleJsonlWriter.toLine(s) + "\n").getBytes(StandardCharsets.UTF_8);
        out.write(line);
        out.flush();
        appended++;
        done.computeIfAbsent(s.model().name(), k -> new HashSet<>()).add(s.itemId());
    }

    /**
     * Removes the output and its definition when this object created them and no record was ever written
     * (a run that failed before its first answer leaves nothing behind, so the next run may use other
     * options with the same {@code --out}); returns whether it did.
     */
    public synchronized boolean discardIfEmpty() throws IOException {
        close();
        if (!created || present > 0 || appended > 0 || Files.size(file) > 0) {
            return false;
        }
        Files.deleteIfExists(file);
        Files.deleteIfExists(definitionFile(file));
        return true;
    }

    /** Whether every model of the definition has answered every item. */
    public synchronized boolean complete() {
        for (String m : modelOrder) {
            if (done.get(m).size() != itemIndex.size()) {
                return false;
            }
        }
        return true;
    }

    /** Rewrites the complete file in canonical order (models in family order, items in item order), atomically. */
    public synchronized void finish() throws IOException {
        close();
        List<String> lines = Files.readAllLines(file, StandardCharsets.UTF_8);
        Map<String, Integer> modelIndex = new HashMap<>();
        for (int i = 0; i < modelOrder.size(); i++) {
            modelIndex.put(modelOrder.get(i), i);
        }
        long[] keys = new long[lines.size()];
        int n = 0;
        List<String> kept = new ArrayList<>(lines.size());
        for (String l : lines) {
            if (l.isBlank()) {
                continue;
            }
            Sample s;
            try (SampleJsonlReader r = new SampleJsonlReader(new StringReader(l), file.toString())) {
                s = r.next();
            }
            keys[n] = ((long) modelIndex.get(s.model().name()) << 32) | itemIndex.get(s.itemId());
            kept.add(l);
            n++;
        }
        Integer[] order = new Integer[n];
        for (int i = 0; i < n; i++) {
            order[i] = i;
        }
        long[] k = keys;
        java.util.Arrays.sort(order, (a, b) -> Long.compare(k[a], k[b]));
        AtomicFile.write(file, o -> {
            for (Integer i : order) {
                o.write(kept.get(i).getBytes(StandardCharsets.UTF_8));
                o.write('\n');
            }
        });
    }

    @Override
    public synchronized void close() throws IOException {
        if (out != null) {
            out.close();
            out = null;
        }
    }
}

package mirage.train.serve;

import ai.djl.ndarray.NDManager;
import java.util.Map;
import mirage.train.Gpt;

/**
 * A trained model loaded for serving: its id ({@code family/name}), its facts for {@code /v1/models}
 * (task, prompt format, parameters, training tokens and steps, context, vocabulary) and its
 * {@link CompletionEngine}. Owns the model's weights (closed with it).
 */
public final class ServedModel implements AutoCloseable {
    private final String id;
    private final String family;
    private final String name;
    private final long created;
    private final Map<String, Object> facts;
    private final NDManager manager;
    private final Gpt gpt;
    private final CompletionEngine engine;

    ServedModel(String family, String name, long created, Map<String, Object> facts, NDManager manager, Gpt gpt) {
        this.id = family + "/" + name;
        this.family = family;
        this.name = name;
        this.created = created;
        this.facts = Map.copyOf(facts);
        this.manager = manager;
        this.gpt = gpt;
        this.engine = new CompletionEngine(gpt);
    }

    /** {@code family/name}, the id clients ask for (the bare name works too when no other family has it). */
    public String id() {
        return id;
    }

    public String family() {
        return family;
    }

    public String name() {
        return name;
    }

    /** When its weights were written (seconds since the epoch), OpenAI's {@code created}. */
    public long created() {
        return created;
    }

    /** What {@code /v1/models} lists under {@code mirage}. */
    public Map<String, Object> facts() {
        return facts;
    }

    public CompletionEngine engine() {
        return engine;
    }

    public Gpt gpt() {
        return gpt;
    }

    @Override
    public void close() {
        gpt.close();
        manager.close();
    }
}

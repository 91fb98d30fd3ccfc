package mirage.io.samples;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonFactoryBuilder;
import com.fasterxml.jackson.core.json.JsonReadFeature;

/**
 * Field names of mirage's per-sample JSONL format (one JSON object per line), documented in
 * docs/FORMATS.md, "Per-sample JSONL". Shared by {@link SampleJsonlReader} and {@link SampleJsonlWriter}.
 */
public final class SampleJsonl {
    private SampleJsonl() {
    }

    public static final String FAMILY = "family";
    public static final String MODEL = "model";
    public static final String PARAMS = "params";
    public static final String NON_EMBEDDING_PARAMS = "non_embedding_params";
    public static final String TOKENS = "tokens";
    public static final String FLOPS = "flops";
    public static final String STEP = "step";
    public static final String TASK = "task";
    public static final String ITEM_ID = "item_id";
    public static final String PROMPT = "prompt";
    public static final String TARGET = "target";
    public static final String OUTPUT = "output";
    public static final String TARGET_TOKENS = "target_tokens";
    public static final String OUTPUT_TOKENS = "output_tokens";
    public static final String TARGET_LOGPROBS = "target_logprobs";
    public static final String CHOICES = "choices";
    public static final String CHOICE_LOGPROBS = "choice_logprobs";
    public static final String CORRECT_CHOICE = "correct_choice";
    public static final String GROUP = "group";
    public static final String ATTEMPTS = "attempts";
    public static final String PASSES = "passes";
    public static final String ERROR = "error";
    public static final String LABELS = "labels";

    /** JSON factory shared by readers and writers: accepts NaN/Infinity tokens as Python's json writes them. */
    static final JsonFactory FACTORY = new JsonFactoryBuilder()
            .enable(JsonReadFeature.ALLOW_NON_NUMERIC_NUMBERS)
            .streamReadConstraints(com.fasterxml.jackson.core.StreamReadConstraints.builder().maxNestingDepth(200)
                    .maxStringLength(64 << 20).maxNumberLength(1000).build())
            .build();
}

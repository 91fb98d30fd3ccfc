package mirage.io.api;

import java.util.Map;
import java.util.TreeMap;

/**
 * One test item as sent to a server: the prompt, and the continuation whose teacher-forced
 * log-probabilities are asked for, {@code lead + target} (the lead is what separates the answer from the
 * prompt in the prompt format, e.g. the space of {@code "A: 124"}; empty for {@code "12+34=46"}).
 *
 * @param id the item id written in the records (the same for every model)
 * @param labels labels written in the records (e.g. target_length, shots)
 */
public record EvalItem(String id, String prompt, String lead, String target, Map<String, String> labels) {
    public EvalItem {
        if (id == null || prompt == null || target == null) {
            throw new IllegalArgumentException("an item needs an id, a prompt and a target");
        }
        lead = lead == null ? "" : lead;
        labels = labels == null ? Map.of() : java.util.Collections.unmodifiableMap(new TreeMap<>(labels));
    }

    public String continuation() {
        return lead + target;
    }
}

package mirage.core.metric;

import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Chance levels of well-known multiple-choice tasks for aggregate results that carry no per-item choices
 * (lm-evaluation-harness {@code results_*.json}, flattened tables): the accuracy of guessing uniformly among a
 * task's options. Per-sample inputs know their own chance level (the mean of {@code 1/#choices}); this table is used
 * only for {@code acc}/{@code acc_norm}/{@code multiple_choice_grade} values of aggregates, so that a curve at chance
 * is called so and a saturating one is measured from chance. Option counts from the tasks' definitions in
 * lm-evaluation-harness 0.4 (task YAMLs / dataset cards); ARC has a few 3- and 5-option questions among its 4-option
 * ones (0.25 is the rounded mean); tasks not listed have no known chance level (NaN).
 */
public final class TaskChance {
    private TaskChance() {
    }

    /** Prefixes of task names (lower case) and their chance levels, longest prefixes first where they nest. */
    private static final List<Map.Entry<String, Double>> PREFIXES = List.of(
            Map.entry("hendrycktest-", 0.25), Map.entry("mmlu", 0.25), Map.entry("arc_challenge", 0.25),
            Map.entry("arc_easy", 0.25), Map.entry("hellaswag", 0.25), Map.entry("sciq", 0.25), Map.entry("logiqa", 0.25),
            Map.entry("openbookqa", 0.25), Map.entry("mathqa", 0.2), Map.entry("piqa", 0.5), Map.entry("winogrande", 0.5),
            Map.entry("wsc", 0.5), Map.entry("boolq", 0.5), Map.entry("copa", 0.5), Map.entry("blimp_", 0.5),
            Map.entry("rte", 0.5), Map.entry("wic", 0.5), Map.entry("mrpc", 0.5), Map.entry("qqp", 0.5), Map.entry("sst", 0.5),
            Map.entry("cb", 1.0 / 3), Map.entry("anli", 1.0 / 3), Map.entry("mnli", 1.0 / 3), Map.entry("truthfulqa_mc", Double.NaN));

    /** The chance level of a task's accuracy-like metric, NaN when not known or the metric is not such. */
    public static double of(String task, String metric) {
        String c = MetricCatalog.lookup(metric).canonical();
        if (!c.equals("accuracy") && !c.equals("acc_norm") && !c.equals("multiple_choice_grade") && !c.equals("acc_mutual_info")) {
            return Double.NaN;
        }
        String t = task.toLowerCase(Locale.ROOT);
        for (Map.Entry<String, Double> e : PREFIXES) {
            if (t.startsWith(e.getKey())) {
                return e.getValue();
            }
        }
        return Double.NaN;
    }
}

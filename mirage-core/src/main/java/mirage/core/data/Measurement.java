package mirage.core.data;

import java.util.Collections;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import mirage.core.metric.MetricValue;

/**
 * One metric value of one model on one task under given conditions: a row of the long format
 * ({@code family,model,params,task,metric,value,n,...}).
 *
 * @param model the model, with its scale
 * @param task the task name
 * @param metric the metric's name as written in the source (a mirage metric name, or an external one
 *     such as {@code ppl})
 * @param labels conditions that split series, e.g. {@code shots=2}; sorted by key
 * @param value the value with its item count and uncertainty when known
 */
public record Measurement(Model model, String task, String metric, Map<String, String> labels, MetricValue value)
        implements java.io.Serializable {
    public Measurement {
        Objects.requireNonNull(model, "model");
        Objects.requireNonNull(task, "task");
        Objects.requireNonNull(metric, "metric");
        Objects.requireNonNull(value, "value");
        labels = labels == null || labels.isEmpty() ? Map.of() : Collections.unmodifiableMap(new TreeMap<>(labels));
    }
}

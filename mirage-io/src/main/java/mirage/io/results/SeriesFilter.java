package mirage.io.results;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;
import mirage.core.metric.MetricCatalog;
import mirage.core.metric.MetricInfo;

/**
 * Which series to keep, by family, task and metric ({@code --family}, {@code --task}, {@code --metric} of
 * {@code mirage analyze} and {@code mirage report}). Each is a list of names or glob patterns ({@code *} any text,
 * {@code ?} one character), matched exactly and case-sensitively against the whole name; an empty list keeps all.
 * A metric given by its exact name also keeps the smooth partners mirage declares for it ({@link MetricInfo#partners()}),
 * so that a verdict can still compare it with a continuous metric on the same outputs.
 */
public final class SeriesFilter {
    /** Keeps everything. */
    public static final SeriesFilter ALL = new SeriesFilter(List.of(), List.of(), List.of());

    private final List<String> families;
    private final List<String> tasks;
    private final List<String> metrics;
    private final List<Pattern> familyPatterns;
    private final List<Pattern> taskPatterns;
    private final List<Pattern> metricPatterns;

    public SeriesFilter(List<String> families, List<String> tasks, List<String> metrics) {
        this.families = clean(families);
        this.tasks = clean(tasks);
        this.metrics = clean(metrics);
        this.familyPatterns = compile(this.families);
        this.taskPatterns = compile(this.tasks);
        Set<String> withPartners = new LinkedHashSet<>(this.metrics);
        for (String m : this.metrics) {
            if (!isGlob(m)) {
                MetricInfo info = MetricCatalog.lookup(m);
                if (info.known()) {
                    withPartners.addAll(info.partners());
                }
            }
        }
        this.metricPatterns = compile(new ArrayList<>(withPartners));
    }

    private static List<String> clean(List<String> in) {
        List<String> out = new ArrayList<>();
        if (in != null) {
            for (String s : in) {
                if (s != null && !s.isBlank()) {
                    out.add(s.trim());
                }
            }
        }
        return List.copyOf(out);
    }

    private static boolean isGlob(String s) {
        return s.indexOf('*') >= 0 || s.indexOf('?') >= 0;
    }

    private static List<Pattern> compile(List<String> globs) {
        List<Pattern> out = new ArrayList<>();
        for (String g : globs) {
            StringBuilder re = new StringBuilder();
            for (int i = 0; i < g.length(); i++) {
                char c = g.charAt(i);
                if (c == '*') {
                    re.append(".*");
                } else if (c == '?') {
                    re.append('.');
                } else {
                    re.append(Pattern.quote(String.valueOf(c)));
                }
            }
            out.add(Pattern.compile(re.toString(), Pattern.DOTALL));
        }
        return List.copyOf(out);
    }

    private static boolean any(List<Pattern> ps, String s) {
        if (ps.isEmpty()) {
            return true;
        }
        for (Pattern p : ps) {
            if (p.matcher(s).matches()) {
                return true;
            }
        }
        return false;
    }

    /** Whether nothing is filtered. */
    public boolean all() {
        return families.isEmpty() && tasks.isEmpty() && metrics.isEmpty();
    }

    public boolean family(String f) {
        return any(familyPatterns, f);
    }

    public boolean task(String t) {
        return any(taskPatterns, t);
    }

    public boolean metric(String m) {
        return any(metricPatterns, m);
    }

    /** Whether the series (family, task, metric) is kept. */
    public boolean keeps(String family, String task, String metric) {
        return family(family) && task(task) && metric(metric);
    }

    /** Whether the (family, task) is kept, whatever the metric. */
    public boolean keeps(String family, String task) {
        return family(family) && task(task);
    }

    /** The filter as given, for messages and provenance, e.g. {@code --task lambada* --metric acc}. */
    public String describe() {
        List<String> parts = new ArrayList<>();
        if (!families.isEmpty()) {
            parts.add("--family " + String.join(",", families));
        }
        if (!tasks.isEmpty()) {
            parts.add("--task " + String.join(",", tasks));
        }
        if (!metrics.isEmpty()) {
            parts.add("--metric " + String.join(",", metrics));
        }
        return String.join(" ", parts);
    }

    public List<String> families() {
        return families;
    }

    public List<String> tasks() {
        return tasks;
    }

    public List<String> metrics() {
        return metrics;
    }

    @Override
    public String toString() {
        return all() ? "all series" : describe();
    }
}

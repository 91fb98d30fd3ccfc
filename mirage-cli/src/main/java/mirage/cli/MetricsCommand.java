package mirage.cli;

import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import mirage.core.metric.Metric;
import mirage.core.metric.MetricKind;
import mirage.core.metric.Metrics;
import picocli.CommandLine.Command;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/** {@code mirage metrics}: the metric battery with every metric's declared properties. */
@Command(name = "metrics", mixinStandardHelpOptions = true,
        description = {"Lists the metric battery and the properties of each metric.",
            "For each metric: name, direction, range, whether continuous in the model's probabilities, "
                + "whether linear in the per-unit error, whether a proportion, what it needs, and the metrics it "
                + "is compared with on the same outputs."})
public final class MetricsCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        PrintWriter o = spec.commandLine().getOut();
        List<String[]> rows = new ArrayList<>();
        rows.add(new String[] {"metric", "better", "range", "continuous", "linear", "proportion", "needs", "partners"});
        for (MetricKind k : MetricKind.values()) {
            String name = switch (k.param()) {
                case REQUIRED_COUNT -> k.key() + "@k";
                case REQUIRED_POSITIVE -> k.key() + "@c";
                case OPTIONAL_COUNT -> k.key() + "[@K]";
                case NONE -> k.key();
            };
            Metric m = Metrics.parse(switch (k.param()) {
                case REQUIRED_COUNT -> k.key() + "@2";
                case REQUIRED_POSITIVE -> k.key() + "@1";
                default -> k.key();
            });
            String linear = m.linear() ? "yes" : "no";
            if (k.param() == MetricKind.Param.REQUIRED_COUNT && Metrics.parse(k.key() + "@1").linear() && !m.linear()) {
                linear = "k=1 only";
            }
            rows.add(new String[] {name, m.higherIsBetter() ? "higher" : "lower",
                "[" + bound(m.min()) + ", " + bound(m.max()) + "]", m.continuous() ? "yes" : "no", linear,
                m.proportion() ? "yes" : "no", m.requirement().fields(),
                m.partners().isEmpty() ? "-" : String.join(", ", m.partners())});
        }
        int[] width = new int[rows.get(0).length];
        for (String[] r : rows) {
            for (int i = 0; i < r.length; i++) {
                width[i] = Math.max(width[i], r[i].length());
            }
        }
        for (String[] r : rows) {
            StringBuilder sb = new StringBuilder();
            for (int i = 0; i < r.length; i++) {
                sb.append(i == r.length - 1 ? r[i] : String.format(Locale.ROOT, "%-" + (width[i] + 2) + "s", r[i]));
            }
            o.println(sb.toString().stripTrailing());
        }
        o.println();
        o.println("Smooth = continuous or linear; a non-smooth metric is compared with its partners on the same outputs");
        o.println("(docs/ANALYSIS.md, \"Metric properties\").");
        o.println();
        for (MetricKind k : MetricKind.values()) {
            o.println(k.key() + ": " + k.description());
        }
        o.flush();
        return 0;
    }

    private static String bound(double v) {
        if (Double.isInfinite(v)) {
            return v > 0 ? "inf" : "-inf";
        }
        return v == Math.rint(v) ? Long.toString((long) v) : Double.toString(v);
    }
}

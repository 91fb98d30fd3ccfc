package mirage.report.data;

import java.util.ArrayList;
import java.util.List;
import mirage.core.metric.MetricInfo;

/**
 * The curves of one (family, task, labels, axis): every metric computed on the same outputs. The page
 * shows a group as one card with two panels side by side (the discontinuous metric and its smooth
 * partner) and a metric switcher.
 */
public record PanelGroup(String family, String task, String labels, String axis, List<Curve> curves) {

    public PanelGroup {
        curves = List.copyOf(curves);
    }

    public Curve curve(String metric) {
        for (Curve c : curves) {
            if (c.metric().equals(metric)) {
                return c;
            }
        }
        return null;
    }

    /**
     * The metric shown on the left: the non-smooth metric with the strongest evidence of emergence
     * ({@link Curve#BY_EVIDENCE}: flagged, then the score's lower bound, then the score), else the first metric.
     */
    public Curve left() {
        Curve best = null;
        for (Curve c : curves) {
            if (c.info().smooth()) {
                continue;
            }
            if (best == null || Curve.BY_EVIDENCE.compare(c, best) < 0) {
                best = c;
            }
        }
        return best != null ? best : curves.get(0);
    }

    /** The curve that ranks the group: {@link #left()} when the group has a non-smooth metric, else its best curve by evidence. */
    public Curve headline() {
        Curve best = null;
        boolean anyRough = curves.stream().anyMatch(c -> !c.info().smooth());
        for (Curve c : curves) {
            if ((!anyRough || !c.info().smooth()) && (best == null || Curve.BY_EVIDENCE.compare(c, best) < 0)) {
                best = c;
            }
        }
        return best;
    }

    /** Ranks groups by the evidence of their headline curves ({@link Curve#BY_EVIDENCE}). */
    public static final java.util.Comparator<PanelGroup> BY_EVIDENCE = (a, b) -> Curve.BY_EVIDENCE.compare(a.headline(), b.headline());

    /**
     * The smooth partner of {@code c} in this group: the first of its declared partners present (matched
     * on canonical names), else the first smooth metric of the group, else the first other metric;
     * null when the group has one metric.
     */
    public Curve partner(Curve c) {
        for (String want : c.info().partners()) {
            for (Curve d : curves) {
                if (d != c && (d.metric().equals(want) || d.info().canonical().equals(want))) {
                    return d;
                }
            }
        }
        for (Curve d : curves) {
            if (d != c && d.info().smooth()) {
                return d;
            }
        }
        for (Curve d : curves) {
            if (d != c) {
                return d;
            }
        }
        return null;
    }

    /** Names of the group's metrics, in the group's order. */
    public List<String> metrics() {
        List<String> out = new ArrayList<>();
        for (Curve c : curves) {
            out.add(c.metric());
        }
        return out;
    }

    /** A short description of a metric's nature, e.g. "smooth (linear), lower is better". */
    public static String nature(MetricInfo m) {
        String dir = m.higherIsBetter() ? "higher is better" : "lower is better";
        if (m.continuous() && m.linear()) {
            return "smooth (continuous, linear), " + dir;
        }
        if (m.continuous()) {
            return "smooth (continuous), " + dir;
        }
        if (m.linear()) {
            return "smooth (linear), " + dir;
        }
        return (m.known() ? "discontinuous, nonlinear, " : "unknown metric (assumed discontinuous), ") + dir;
    }
}

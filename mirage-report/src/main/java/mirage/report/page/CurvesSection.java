package mirage.report.page;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import mirage.report.Charts;
import mirage.report.Report;
import mirage.report.data.Curve;
import mirage.report.data.PanelGroup;
import mirage.report.html.Html;
import mirage.report.plot.Axis;
import mirage.report.plot.Figure;
import mirage.report.plot.Plot;

/**
 * The scaling curves: every (family, task, labels, axis) group of the data, findable by words and drawn on demand by
 * the page's script from its numbers ({@link #encode}), ranked by evidence ({@link PanelGroup#BY_EVIDENCE}); one card per
 * group with the discontinuous metric and its smooth partner side by side; and the overlay of families on one plot
 * (the same task and metric, e.g. Pythia, OPT and BLOOM). The first {@code --max-figures} groups are also written to
 * {@code figures/} by Java, from the same numbers ({@link Charts#points}).
 *
 * <p>The data ({@code curves} in the page's JSON) is columnar and interned to keep the page small: {@code s} is the
 * table of strings, {@code p} the table of point sets ({@code [models, scales]}, the models as indices into {@code s},
 * by scale: groups of the same models share one); each group is {@code [family, task, labels, axis, axisTitle, left,
 * right, figure, pointSet, curves]} (strings as indices into {@code s}, -1 for none); each curve is {@code [metric,
 * smooth, nature, proportion, logY, es, esLower, flag, status, flip, intervals, values, bounds, n, chance]} with the
 * values aligned to the group's points (null where the curve has no such point), {@code bounds} either
 * {@code [halfWidths]} (intervals symmetric around the values) or {@code [lows, highs]} or null ({@link Charts#points}),
 * {@code n} a number when every point has the same item count, and {@code flag} 2 emergent, 1 unknown, 0 not flagged,
 * -1 not known.
 */
final class CurvesSection {
    private CurvesSection() {
    }

    static void write(Page page) {
        List<PanelGroup> groups = page.in.groups();
        if (groups.isEmpty()) {
            page.data.put("curves", null);
            return;
        }
        page.section("panels", "Scaling curves");
        page.p(null, "Every (family, task, labels) group of curves in the data, ranked by evidence of emergence (flagged on evidence,"
                + " then the emergence score's lower bound): type words to find any of them (a task, a family, a metric, a label"
                + " such as deduped=True). Each card shows, left, the discontinuous or nonlinear metric with the strongest evidence"
                + " and, right, its smooth partner on the same outputs; each panel's menu switches to any metric of the group,"
                + " \u21c4 flips between a metric and its partner, \u201clog y\u201d shows small values (an open triangle on the bottom"
                + " edge is a value the log axis cannot show, e.g. 0; perplexities start on a log axis). Dashed grey: chance level;"
                + " dashed light grey: the resolution floor 1/n of a proportion measured on n items.");
        int shown = Math.min(groups.size(), page.options.maxPanels());
        page.shownGroups = shown;
        if (shown < groups.size()) {
            page.cap("The page holds the " + shown + " groups with the strongest evidence of " + groups.size()
                    + " (--max-panels); every curve is in series.csv and every emergence score in emergence.csv.");
        }
        page.body.append("<div class=\"panel-controls\"><label class=\"finder\">Find a curve <input type=\"search\" id=\"panel-filter\""
                + " placeholder=\"words of a family, task, metric or label, e.g. lambada acc\" aria-label=\"find a curve\"></label>"
                + "<span id=\"panel-count\"></span><span class=\"pager\" id=\"panel-pager-top\"></span></div>\n"
                + "<div id=\"panel-list\"></div><div class=\"pager\" id=\"panel-pager\"></div>\n"
                + "<p class=\"print-only\">Printed: the current page of panels only.</p>"
                + "<p class=\"nojs\">The panels are drawn by the page's script; the figures folder holds the first groups as SVG and PNG.</p>\n");
        page.toc.add(new String[] {"overlay", "Compare families"});
        page.body.append("<h3 id=\"overlay\">Compare families on one plot</h3>"
                + "<p>The same task and metric for every family (and label set) that has it, on one plot: pick the task and the"
                + " metric; words narrow the curves (e.g. a family or deduped=False). Colours are families.</p>"
                + "<div class=\"overlay-controls\"><label>task <select id=\"ov-task\" aria-label=\"overlay task\"></select></label>"
                + " <label>metric <select id=\"ov-metric\" aria-label=\"overlay metric\"></select></label>"
                + " <label>only <input type=\"search\" id=\"ov-filter\" placeholder=\"words\" aria-label=\"overlay filter\"></label>"
                + " <label class=\"logy-label\"><input type=\"checkbox\" id=\"ov-log\"> log y</label></div>"
                + "<div id=\"overlay-plot\"></div><p class=\"overlay-note\" id=\"overlay-note\"></p>\n");
        Map<Integer, String> figureIds = figures(page, groups, shown);
        page.data.put("curves", encode(groups.subList(0, shown), figureIds));
        page.endSection();
    }

    /** Writes the first --max-figures groups to figures/ (the discontinuous metric and its partner). */
    private static Map<Integer, String> figures(Page page, List<PanelGroup> groups, int shown) {
        Map<Integer, String> ids = new HashMap<>();
        int n = Math.min(shown, page.options.maxFigures());
        for (int i = 0; i < n; i++) {
            PanelGroup g = groups.get(i);
            Axis x = Charts.groupAxis(g);
            Curve left = g.left();
            Curve right = g.partner(left);
            List<Plot> plots = new ArrayList<>();
            plots.add(Charts.scaling(left, x, left.logByDefault() && Charts.logable(left)));
            if (right != null) {
                plots.add(Charts.scaling(right, x, right.logByDefault() && Charts.logable(right)));
            }
            String id = String.format(Locale.ROOT, "panel-%03d-%s", i + 1, Report.slug(g.family() + "-" + g.task() + "-" + g.labels()));
            page.figures.add(new Figure(id, g.family() + " / " + g.task() + (g.labels().isEmpty() ? "" : " [" + g.labels() + "]")
                    + ": " + left.metric() + (right == null ? "" : " and its partner " + right.metric())
                    + " on the same outputs against " + Charts.axisTitle(g.axis()) + "; " + Charts.intervalNote(left) + ".",
                    plots, 2));
            ids.put(i, id);
        }
        if (n < shown) {
            page.notes.add("figures/ holds the first " + n + " of the " + shown + " groups on the page (--max-figures).");
        }
        return ids;
    }

    /** The metric the ⇄ button goes to from c: a discontinuous metric's partner; for a smooth metric, the discontinuous metric it partners (else the group's left metric). */
    static Curve flip(PanelGroup g, Curve c) {
        if (!c.info().smooth()) {
            return g.partner(c);
        }
        for (Curve d : g.curves()) {
            if (d != c && !d.info().smooth() && g.partner(d) == c) {
                return d;
            }
        }
        Curve l = g.left();
        if (l != c) {
            return l;
        }
        return g.partner(c);
    }

    /** Interned strings. */
    private static final class Strings {
        final Map<String, Integer> ids = new HashMap<>();
        final List<String> list = new ArrayList<>();

        int id(String s) {
            if (s == null) {
                return -1;
            }
            String c = Html.clean(s);
            Integer i = ids.get(c);
            if (i == null) {
                i = list.size();
                ids.put(c, i);
                list.add(c);
            }
            return i;
        }
    }

    static Map<String, Object> encode(List<PanelGroup> groups, Map<Integer, String> figureIds) {
        Strings s = new Strings();
        Map<List<Object>, Integer> pointSets = new HashMap<>();
        List<Object> pointSetList = new ArrayList<>();
        List<Object> gs = new ArrayList<>(groups.size());
        for (int gi = 0; gi < groups.size(); gi++) {
            PanelGroup g = groups.get(gi);
            // the group's points: (scale, model) of every curve, by scale then model
            TreeMap<String, double[]> byKey = new TreeMap<>();
            List<Charts.Points> pts = new ArrayList<>();
            for (Curve c : g.curves()) {
                Charts.Points p = Charts.points(c);
                pts.add(p);
                for (int i = 0; i < p.xs().length; i++) {
                    byKey.putIfAbsent(key(p.xs()[i], p.models()[i]), new double[] {p.xs()[i]});
                }
            }
            List<String> keys = new ArrayList<>(byKey.keySet());
            keys.sort((a, b) -> {
                int c = Double.compare(byKey.get(a)[0], byKey.get(b)[0]);
                return c != 0 ? c : a.substring(a.indexOf('\u0000') + 1).compareTo(b.substring(b.indexOf('\u0000') + 1));
            });
            Map<String, Integer> slot = new HashMap<>();
            List<Object> models = new ArrayList<>();
            List<Object> scales = new ArrayList<>();
            for (int i = 0; i < keys.size(); i++) {
                String k = keys.get(i);
                slot.put(k, i);
                models.add(s.id(k.substring(k.indexOf('\u0000') + 1)));
                scales.add(num(byKey.get(k)[0]));
            }
            List<Object> pointSet = List.of(models, scales);
            Integer ps = pointSets.get(pointSet);
            if (ps == null) {
                ps = pointSetList.size();
                pointSets.put(pointSet, ps);
                pointSetList.add(pointSet);
            }
            Curve left = g.left();
            Curve right = g.partner(left);
            List<Object> curves = new ArrayList<>();
            for (int ci = 0; ci < g.curves().size(); ci++) {
                Curve c = g.curves().get(ci);
                Charts.Points p = pts.get(ci);
                int m = keys.size();
                Object[] ys = new Object[m];
                Object[] lo = new Object[m];
                Object[] hi = new Object[m];
                Object[] hw = new Object[m];
                Object[] ns = new Object[m];
                boolean anyInterval = false;
                double commonN = Double.NaN;
                boolean sameN = true;
                for (int i = 0; i < p.xs().length; i++) {
                    int at = slot.get(key(p.xs()[i], p.models()[i]));
                    ys[at] = num(p.ys()[i]);
                    lo[at] = num(p.lo()[i]);
                    hi[at] = num(p.hi()[i]);
                    hw[at] = p.hw() == null ? null : num(p.hw()[i]);
                    anyInterval |= lo[at] != null;
                    ns[at] = num(p.n()[i]);
                    if (i == 0) {
                        commonN = p.n()[i];
                    } else if (Double.compare(commonN, p.n()[i]) != 0) {
                        sameN = false;
                    }
                }
                Curve flip = flip(g, c);
                List<Object> cj = new ArrayList<>(16);
                cj.add(s.id(c.metric()));
                cj.add(c.info().smooth() ? 1 : 0);
                cj.add(s.id(PanelGroup.nature(c.info())));
                cj.add(c.proportion() ? 1 : 0);
                cj.add(c.logByDefault() && Charts.logable(c) ? 1 : 0);
                cj.add(finiteOrInf(Charts.sig(c.emergence(), 4)));
                cj.add(finiteOrInf(Charts.sig(c.evidence().esLower(), 4)));
                cj.add(c.evidence().emergent().isEmpty() ? -1 : c.evidence().flagRank());
                cj.add(s.id(c.status()));
                cj.add(flip == null ? -1 : g.curves().indexOf(flip));
                cj.add(s.id(Charts.intervalNote(c)));
                cj.add(java.util.Arrays.asList(ys));
                // intervals: [half-widths] when symmetric around the values, else [lows, highs]; null when none
                cj.add(!anyInterval ? null : p.hw() != null ? List.of(java.util.Arrays.asList(hw))
                        : List.of(java.util.Arrays.asList(lo), java.util.Arrays.asList(hi)));
                cj.add(sameN ? num(commonN) : java.util.Arrays.asList(ns));
                cj.add(num(p.chance()));
                curves.add(java.util.Arrays.asList(cj.toArray()));
            }
            List<Object> gj = new ArrayList<>(11);
            gj.add(s.id(g.family()));
            gj.add(s.id(g.task()));
            gj.add(s.id(g.labels()));
            gj.add(s.id(g.axis()));
            gj.add(s.id(Charts.axisTitle(g.axis())));
            gj.add(g.curves().indexOf(left));
            gj.add(right == null ? -1 : g.curves().indexOf(right));
            gj.add(figureIds.containsKey(gi) ? s.id(figureIds.get(gi)) : -1);
            gj.add(ps);
            gj.add(curves);
            gs.add(gj);
        }
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("s", s.list);
        out.put("p", pointSetList);
        out.put("g", gs);
        return out;
    }

    private static String key(double scale, String model) {
        return Double.toString(scale) + '\u0000' + model;
    }

    /** A number for the page's JSON: null when not finite, an integer without ".0" when it is one. */
    static Object num(double v) {
        if (!Double.isFinite(v)) {
            return null;
        }
        return v == Math.rint(v) && Math.abs(v) < 1e15 ? (Object) (long) v : (Object) v;
    }

    private static Object finiteOrInf(double v) {
        if (Double.isNaN(v)) {
            return null;
        }
        return Double.isInfinite(v) ? (v > 0 ? "inf" : "-inf") : num(v);
    }
}

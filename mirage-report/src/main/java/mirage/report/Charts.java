package mirage.report;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import mirage.core.sim.MathModel;
import mirage.report.data.CsvTable;
import mirage.report.data.Curve;
import mirage.report.data.Labels;
import mirage.report.data.PanelGroup;
import mirage.report.data.SimulationRun;
import mirage.report.plot.Axis;
import mirage.report.plot.AxisScale;
import mirage.report.plot.Palette;
import mirage.report.plot.Plot;
import mirage.report.plot.PlotPainter;
import mirage.report.summary.Summary;

/** Builds the report's plots from the analysis data. */
public final class Charts {
    private Charts() {
    }

    /** z of a two-sided 95% normal interval, for points that have a standard error but no interval. */
    static final double Z95 = 1.959963984540054;

    /** Axis title of a scale axis key. */
    public static String axisTitle(String axis) {
        return switch (axis) {
            case "params" -> "parameters";
            case "non_embedding_params" -> "non-embedding parameters";
            case "tokens" -> "training tokens";
            case "flops" -> "training FLOPs";
            case "step" -> "training step";
            default -> axis;
        };
    }

    /** The shared horizontal axis of a group (log scale over every point of every curve). */
    public static Axis groupAxis(PanelGroup g) {
        List<Double> xs = new ArrayList<>();
        for (Curve c : g.curves()) {
            for (Curve.Point p : c.points()) {
                xs.add(p.scale());
            }
        }
        return Axis.auto(axisTitle(g.axis()), AxisScale.LOG, xs.stream().mapToDouble(Double::doubleValue).toArray(), false);
    }

    /** Whether a curve can be drawn on a log vertical axis (no negative values, some positive). */
    public static boolean logable(Curve c) {
        boolean positive = false;
        for (Curve.Point p : c.points()) {
            if (p.value() < 0) {
                return false;
            }
            positive |= p.value() > 0;
        }
        return positive;
    }

    /** The interval drawn for a point: [lower, upper] when given, else value +- 1.96 SE, else none. */
    static double[] interval(Curve c, Curve.Point p) {
        if (Double.isFinite(p.lower()) && Double.isFinite(p.upper())) {
            return new double[] {p.lower(), p.upper()};
        }
        if (Double.isFinite(p.stderr()) && p.stderr() > 0) {
            double lo = p.value() - Z95 * p.stderr();
            double hi = p.value() + Z95 * p.stderr();
            if (c.proportion()) {
                lo = Math.max(0, lo);
                hi = Math.min(1, hi);
            }
            return new double[] {lo, hi};
        }
        return new double[] {Double.NaN, Double.NaN};
    }

    /** What the vertical bars of a curve mean, for captions. */
    public static String intervalNote(Curve c) {
        boolean given = false;
        boolean se = false;
        for (Curve.Point p : c.points()) {
            if (Double.isFinite(p.lower()) && Double.isFinite(p.upper())) {
                given = true;
            } else if (Double.isFinite(p.stderr()) && p.stderr() > 0) {
                se = true;
            }
        }
        if (given && se) {
            return "bars: the analysis' intervals, or \u00b11.96 SE where it gave none";
        }
        if (given) {
            return "bars: the analysis' intervals (lower, upper)";
        }
        if (se) {
            return "bars: \u00b11.96 standard errors (normal approximation)";
        }
        return "no intervals in the data";
    }

    /**
     * The numbers of a curve as drawn, here and by the page's script (which gets exactly these in the page's data, so the
     * page and the figure files draw the same plot): scales, values to 5 significant digits, intervals ({@link #interval})
     * either as a half-width to 3 digits when symmetric around the value ({@code hw}, with {@code lo = y - hw},
     * {@code hi = y + hw}: the usual value +- 1.96 SE) or as ends to 4 digits, item counts, the mean chance level to 5.
     *
     * @param hw the half-widths when every interval is symmetric (NaN where a point has none), else null
     */
    public record Points(String[] models, double[] xs, double[] ys, double[] lo, double[] hi, double[] hw, double[] n,
                         double chance) {
    }

    /** Rounds to {@code digits} significant digits (half-even); non-finite values and 0 unchanged. */
    public static double sig(double v, int digits) {
        if (!Double.isFinite(v) || v == 0) {
            return v;
        }
        return new java.math.BigDecimal(v).round(new java.math.MathContext(digits, java.math.RoundingMode.HALF_EVEN)).doubleValue();
    }

    public static Points points(Curve c) {
        List<Curve.Point> pts = c.points();
        int k = pts.size();
        String[] models = new String[k];
        double[] xs = new double[k];
        double[] ys = new double[k];
        double[][] iv = new double[k][];
        double[] n = new double[k];
        boolean symmetric = true;
        for (int i = 0; i < k; i++) {
            Curve.Point p = pts.get(i);
            models[i] = p.model();
            xs[i] = p.scale();
            ys[i] = sig(p.value(), 5);
            iv[i] = interval(c, p);
            n[i] = p.n();
            if (Double.isFinite(iv[i][0])) {
                double mid = (iv[i][0] + iv[i][1]) / 2;
                symmetric &= Math.abs(mid - p.value()) <= 1e-9 * Math.max(1, Math.abs(p.value()));
            }
        }
        double[] lo = new double[k];
        double[] hi = new double[k];
        double[] hw = symmetric ? new double[k] : null;
        for (int i = 0; i < k; i++) {
            if (symmetric) {
                hw[i] = Double.isFinite(iv[i][0]) ? sig((iv[i][1] - iv[i][0]) / 2, 3) : Double.NaN;
                lo[i] = ys[i] - hw[i];
                hi[i] = ys[i] + hw[i];
            } else {
                lo[i] = sig(iv[i][0], 4);
                hi[i] = sig(iv[i][1], 4);
            }
        }
        return new Points(models, xs, ys, lo, hi, hw, n, sig(c.chance(), 5));
    }

    /** One metric's scaling curve: points with intervals, chance level, resolution floor 1/n. */
    public static Plot scaling(Curve c, Axis x, boolean logY) {
        Points pts = points(c);
        int k = pts.xs().length;
        double[] xs = pts.xs();
        double[] ys = pts.ys();
        double[] lo = pts.lo();
        double[] hi = pts.hi();
        double[] floor = new double[k];
        String[] tips = new String[k];
        boolean anyFloor = false;
        List<Double> range = new ArrayList<>();
        for (int i = 0; i < k; i++) {
            double n = pts.n()[i];
            floor[i] = c.proportion() && n >= 1 ? 1.0 / n : Double.NaN;
            anyFloor |= Double.isFinite(floor[i]);
            range.add(ys[i]);
            range.add(lo[i]);
            range.add(hi[i]);
            StringBuilder tip = new StringBuilder();
            tip.append(pts.models()[i].isEmpty() ? fmt(xs[i]) : pts.models()[i]).append(": ").append(fmt(ys[i]));
            if (Double.isFinite(n)) {
                tip.append(" (n=").append(fmt(n)).append(')');
            }
            if (Double.isFinite(lo[i])) {
                tip.append(", interval [").append(fmt(lo[i])).append(", ").append(fmt(hi[i])).append(']');
            }
            tip.append(" at ").append(fmt(xs[i]));
            tips[i] = tip.toString();
        }
        double chance = pts.chance();
        range.add(chance);
        if (logY) {
            for (double f : floor) {
                range.add(f);
            }
        }
        double[] rv = range.stream().mapToDouble(Double::doubleValue).toArray();
        Axis y = logY ? Axis.auto(c.metric(), AxisScale.LOG, rv, false) : Axis.auto(c.metric(), AxisScale.LINEAR, rv, includeZero(rv));
        String color = c.info().smooth() ? Palette.BLUE : Palette.VERMILLION;
        List<Plot.Layer> layers = new ArrayList<>();
        if (Double.isFinite(chance)) {
            layers.add(new Plot.RefLine(chance, "chance", Palette.GREY, true));
        }
        if (anyFloor) {
            layers.add(new Plot.Line("resolution 1/n", xs, floor, Palette.LIGHT_GREY, 1.2, true));
        }
        layers.add(new Plot.Line("", xs, ys, color, 1.6, false));
        layers.add(new Plot.Markers("", xs, ys, lo, hi, color, Plot.Shape.CIRCLE, true, tips));
        return new Plot(c.metric(), PanelGroup.nature(c.info()), x, y, layers);
    }

    /** Whether a linear axis over these values should reach 0 (all of one sign and not far from 0). */
    static boolean includeZero(double[] vs) {
        double lo = Double.POSITIVE_INFINITY;
        double hi = Double.NEGATIVE_INFINITY;
        for (double v : vs) {
            if (Double.isFinite(v)) {
                lo = Math.min(lo, v);
                hi = Math.max(hi, v);
            }
        }
        if (lo > hi) {
            return true;
        }
        if (lo >= 0) {
            return lo <= 2 * (hi - lo) || lo == 0;
        }
        if (hi <= 0) {
            return -hi <= 2 * (hi - lo) || hi == 0;
        }
        return true;
    }

    /** A number for tooltips and titles, as the summary's sentences write it ({@link Summary#fmt}). */
    public static String fmt(double v) {
        return Summary.fmt(v);
    }

    // ---------------------------------------------------------------- the mathematical model (Figure 2)

    private static double[] grid(SimulationRun run) {
        double lo = run.rows().get(0).params();
        double hi = run.rows().get(run.rows().size() - 1).params();
        double a = Math.log10(lo) - 0.15;
        double b = Math.log10(hi) + 0.15;
        int n = 200;
        List<Double> xs = new ArrayList<>();
        for (int i = 0; i <= n; i++) {
            xs.add(Math.pow(10, a + (b - a) * i / n));
        }
        MathModel m = run.model();
        if (m != null) {
            // the multiple-choice grade jumps where p = 1/k, i.e. CE = ln k: N* = c (ln k)^(1/alpha)
            double star = m.c() * Math.pow(Math.log(m.choices()), 1 / m.alpha());
            if (star > xs.get(0) && star < xs.get(xs.size() - 1)) {
                xs.add(star * (1 - 1e-9));
                xs.add(star * (1 + 1e-9));
            }
        }
        return xs.stream().mapToDouble(Double::doubleValue).sorted().toArray();
    }

    private interface Value {
        double of(MathModel.Point p);
    }

    private static Plot.Line closedLine(MathModel m, double[] grid, Value v, String name) {
        double[] ys = new double[grid.length];
        for (int i = 0; i < grid.length; i++) {
            ys[i] = v.of(m.closedForm(grid[i]));
        }
        return new Plot.Line(name, grid, ys, Palette.BLACK, 1.6, false);
    }

    private static double[] col(SimulationRun run, java.util.function.ToDoubleFunction<SimulationRun.Row> f) {
        return run.rows().stream().mapToDouble(f).toArray();
    }

    /** Colour and shape of the i-th simulated test set. */
    private static String simColor(int i) {
        return i == 0 ? Palette.VERMILLION : i == 1 ? Palette.BLUE : Palette.series(i + 1);
    }

    private static Plot.Shape simShape(int i) {
        return i == 0 ? Plot.Shape.CIRCLE : i == 1 ? Plot.Shape.SQUARE : Plot.Shape.DIAMOND;
    }

    private static String items(int n) {
        return String.format(Locale.ROOT, "%,d", n);
    }

    /**
     * The paper's Figure 2 from the closed form of the first run (dense curve) with the sizes of the
     * file as markers and, on the accuracy and edit-distance panels, the simulated test sets of every
     * run (+-1.96 SE): cross-entropy, per-token probability, exact match, token edit distance,
     * multiple-choice grade and Brier score against parameters.
     */
    public static List<Plot> figure2(List<SimulationRun> runs) {
        SimulationRun base = runs.get(0);
        MathModel m = base.model();
        double[] g = grid(base);
        double[] sizes = col(base, SimulationRun.Row::params);
        Axis x = Axis.auto("parameters N", AxisScale.LOG, g, false);
        int length = base.length();
        int k = base.choices();
        List<Plot> plots = new ArrayList<>();
        plots.add(modelPanel("A. Per-token cross-entropy", "(N/c)^\u03b1, \u03b1=" + fmt(base.alpha()) + ", c=" + fmt(base.c()),
                x, AxisScale.LOG, "cross-entropy (nats)", m, g, MathModel.Point::ceLoss, sizes, col(base, SimulationRun.Row::ceLoss),
                List.of(), false));
        plots.add(modelPanel("B. Per-token probability", "p(N) = exp(\u2212CE): smooth", x, AxisScale.LINEAR,
                "p(token correct)", m, g, MathModel.Point::pToken, sizes, col(base, SimulationRun.Row::pToken), List.of(), true));
        List<Plot.Layer> accSim = new ArrayList<>();
        List<Plot.Layer> tedSim = new ArrayList<>();
        int s = 0;
        for (SimulationRun run : runs) {
            if (!run.simulated()) {
                continue;
            }
            double[] xs = col(run, SimulationRun.Row::params);
            accSim.add(simMarkers(run, xs, col(run, SimulationRun.Row::simAccuracy), col(run, SimulationRun.Row::simAccuracySe), s, true));
            tedSim.add(simMarkers(run, xs, col(run, SimulationRun.Row::simTokenEditDistance),
                    col(run, SimulationRun.Row::simTokenEditDistanceSe), s, false));
            s++;
        }
        plots.add(modelPanel("C. Exact match, L=" + length, "accuracy \u2248 p^L: nonlinear", x, AxisScale.LINEAR, "accuracy",
                m, g, MathModel.Point::accuracy, sizes, col(base, SimulationRun.Row::accuracy), accSim, true));
        plots.add(modelPanel("D. Token edit distance, L=" + length, "\u2248 L(1\u2212p): linear", x, AxisScale.LINEAR,
                "token edit distance", m, g, MathModel.Point::tokenEditDistance, sizes,
                col(base, SimulationRun.Row::tokenEditDistance), tedSim, true));
        Plot mcg = modelPanel("E. Multiple-choice grade, " + k + " choices",
                "step at p = 1/k; below chance drawn at chance", x, AxisScale.LINEAR, "multiple-choice grade", m, g,
                p -> Math.max(p.multipleChoiceGrade(), p.chance()), sizes,
                col(base, r -> Math.max(r.multipleChoiceGrade(), r.chance())), List.of(), true);
        List<Plot.Layer> mcgLayers = new ArrayList<>(mcg.layers());
        mcgLayers.add(0, new Plot.RefLine(1.0 / k, "chance", Palette.GREY, true));
        plots.add(new Plot(mcg.title(), mcg.subtitle(), mcg.x(), Axis.fixedLinear("multiple-choice grade", 0, 1), mcgLayers));
        plots.add(modelPanel("F. Brier score", "(1\u2212p)^2: continuous", x, AxisScale.LINEAR, "Brier score",
                m, g, MathModel.Point::brier, sizes, col(base, SimulationRun.Row::brier), List.of(), true));
        return plots;
    }

    private static Plot.Markers simMarkers(SimulationRun run, double[] xs, double[] ys, double[] se, int index, boolean proportion) {
        double[] lo = new double[xs.length];
        double[] hi = new double[xs.length];
        String[] tips = new String[xs.length];
        for (int i = 0; i < xs.length; i++) {
            lo[i] = ys[i] - Z95 * se[i];
            hi[i] = ys[i] + Z95 * se[i];
            if (proportion) {
                lo[i] = Math.max(0, lo[i]);
                hi[i] = Math.min(1, hi[i]);
            }
            tips[i] = "N=" + fmt(xs[i]) + ", " + items(run.items()) + " items: " + fmt(ys[i]) + " \u00b1 " + fmt(Z95 * se[i]);
        }
        return new Plot.Markers(items(run.items()) + " test items", xs, ys, lo, hi, simColor(index), simShape(index), false, tips);
    }

    private static Plot modelPanel(String title, String subtitle, Axis x, AxisScale yScale, String yLabel, MathModel m,
                                   double[] grid, Value v, double[] sizes, double[] atSizes, List<Plot.Layer> extra,
                                   boolean includeZero) {
        List<Plot.Layer> layers = new ArrayList<>();
        List<Double> range = new ArrayList<>();
        if (m != null) {
            Plot.Line line = closedLine(m, grid, v, "closed form");
            layers.add(line);
            for (double y : line.ys()) {
                range.add(y);
            }
        }
        for (Plot.Layer l : extra) {
            layers.add(l);
            if (l instanceof Plot.Markers mk) {
                for (int i = 0; i < mk.ys().length; i++) {
                    range.add(mk.ys()[i]);
                    range.add(mk.lo(i));
                    range.add(mk.hi(i));
                }
            }
        }
        String[] tips = new String[sizes.length];
        for (int i = 0; i < sizes.length; i++) {
            tips[i] = "N=" + fmt(sizes[i]) + ": " + fmt(atSizes[i]);
            range.add(atSizes[i]);
        }
        layers.add(new Plot.Markers(m == null ? "closed form" : "", sizes, atSizes, null, null, Palette.BLACK,
                Plot.Shape.CIRCLE, true, tips));
        double[] rv = range.stream().mapToDouble(Double::doubleValue).toArray();
        Axis y = Axis.auto(yLabel, yScale, rv, includeZero);
        return new Plot(title, subtitle, x, y, layers);
    }

    /**
     * Resolution (the paper's Figure 3 argument): exact match on a log axis, closed form against every
     * simulated test set with its floor 1/n; an estimate of 0 shows as an open triangle on the bottom
     * edge. Second panel: token edit distance on the same simulated outputs.
     */
    public static List<Plot> resolution(List<SimulationRun> runs) {
        SimulationRun base = runs.get(0);
        MathModel m = base.model();
        double[] g = grid(base);
        Axis x = Axis.auto("parameters N", AxisScale.LOG, g, false);
        List<Plot.Layer> acc = new ArrayList<>();
        List<Plot.Layer> ted = new ArrayList<>();
        List<Double> range = new ArrayList<>();
        List<Double> tedRange = new ArrayList<>();
        if (m != null) {
            Plot.Line a = closedLine(m, g, MathModel.Point::accuracy, "closed form p^L");
            acc.add(a);
            Plot.Line t = closedLine(m, g, MathModel.Point::tokenEditDistance, "closed form L(1\u2212p)");
            ted.add(t);
            Arrays.stream(a.ys()).forEach(range::add);
            Arrays.stream(t.ys()).forEach(tedRange::add);
        }
        int s = 0;
        for (SimulationRun run : runs) {
            if (!run.simulated()) {
                continue;
            }
            double[] xs = col(run, SimulationRun.Row::params);
            double[] floor = col(run, r -> Double.isFinite(r.resolution()) ? r.resolution() : 1.0 / r.items());
            acc.add(new Plot.Line("floor 1/" + items(run.items()), xs, floor, simColor(s), 1, true));
            Plot.Markers mk = simMarkers(run, xs, col(run, SimulationRun.Row::simAccuracy), col(run, SimulationRun.Row::simAccuracySe), s, true);
            acc.add(mk);
            Plot.Markers tk = simMarkers(run, xs, col(run, SimulationRun.Row::simTokenEditDistance),
                    col(run, SimulationRun.Row::simTokenEditDistanceSe), s, false);
            ted.add(tk);
            Arrays.stream(floor).forEach(range::add);
            Arrays.stream(mk.ys()).forEach(range::add);
            Arrays.stream(tk.ys()).forEach(tedRange::add);
            s++;
        }
        Axis ya = Axis.auto("exact match", AxisScale.LOG, range.stream().mapToDouble(Double::doubleValue).toArray(), false);
        Axis yt = Axis.auto("token edit distance", AxisScale.LINEAR, tedRange.stream().mapToDouble(Double::doubleValue).toArray(), true);
        return List.of(new Plot("Exact match on finite test sets", "log scale: a 0 reads as below the floor 1/n", x, ya, acc),
                new Plot("Token edit distance, same outputs", "smooth at every test-set size", x, yt, ted));
    }

    // ---------------------------------------------------------------- accuracy vs target length

    /** A group of curves that differ only in their {@code target_length} label. */
    public record LengthGroup(String family, String task, String labels, String axis, Map<Double, PanelGroup> byLength) {
    }

    /** Groups whose labels include a numeric {@code target_length}, gathered by their other labels. */
    public static List<LengthGroup> lengthGroups(List<PanelGroup> groups) {
        Map<List<String>, Map<Double, PanelGroup>> m = new LinkedHashMap<>();
        for (PanelGroup g : groups) {
            TreeMap<String, String> labels = Labels.parse(g.labels());
            String len = labels.remove("target_length");
            if (len == null) {
                continue;
            }
            double l;
            try {
                l = CsvTable.parseNumber(len);
            } catch (NumberFormatException e) {
                continue;
            }
            if (!Double.isFinite(l)) {
                continue;
            }
            m.computeIfAbsent(List.of(g.family(), g.task(), Labels.format(labels), g.axis()), k -> new TreeMap<>()).put(l, g);
        }
        List<LengthGroup> out = new ArrayList<>();
        m.forEach((k, v) -> {
            if (v.size() >= 2) {
                out.add(new LengthGroup(k.get(0), k.get(1), k.get(2), k.get(3), v));
            }
        });
        return out;
    }

    /**
     * The metrics a length figure shows: the non-smooth metric that changes most with target length
     * (mean over models of its range across lengths relative to its mean magnitude), and its smooth
     * partner in the group ({@link PanelGroup#partner}); null entries when there is none.
     */
    public static String[] lengthMetrics(LengthGroup lg) {
        PanelGroup any = lg.byLength().values().iterator().next();
        String best = null;
        double bestVar = -1;
        for (Curve c : any.curves()) {
            if (c.info().smooth()) {
                continue;
            }
            double v = lengthVariation(lg, c.metric());
            if (v > bestVar) {
                bestVar = v;
                best = c.metric();
            }
        }
        Curve left = best == null ? any.left() : any.curve(best);
        Curve right = any.partner(left);
        return new String[] {left.metric(), right == null ? null : right.metric()};
    }

    private static double lengthVariation(LengthGroup lg, String metric) {
        Map<String, List<Double>> byModel = new LinkedHashMap<>();
        for (PanelGroup g : lg.byLength().values()) {
            Curve c = g.curve(metric);
            if (c == null) {
                continue;
            }
            for (Curve.Point p : c.points()) {
                byModel.computeIfAbsent(p.model() + "\u0000" + p.scale(), k -> new ArrayList<>()).add(p.value());
            }
        }
        double sum = 0;
        int n = 0;
        for (List<Double> vs : byModel.values()) {
            if (vs.size() < 2) {
                continue;
            }
            double lo = vs.stream().mapToDouble(Double::doubleValue).min().orElse(0);
            double hi = vs.stream().mapToDouble(Double::doubleValue).max().orElse(0);
            double mean = vs.stream().mapToDouble(v -> Math.abs(v)).average().orElse(0);
            sum += (hi - lo) / (mean + 1e-12);
            n++;
        }
        return n == 0 ? 0 : sum / n;
    }

    /**
     * One metric against target length, one line per model (colour from small = light to large = dark),
     * log vertical axis for proportions (a geometric fall is a straight line), else linear.
     */
    public static Plot length(LengthGroup lg, String metric) {
        Map<String, double[]> scaleOf = new TreeMap<>();
        Map<String, List<double[]>> byModel = new LinkedHashMap<>();
        boolean proportion = false;
        for (Map.Entry<Double, PanelGroup> e : lg.byLength().entrySet()) {
            Curve c = e.getValue().curve(metric);
            if (c == null) {
                continue;
            }
            proportion |= c.proportion();
            for (Curve.Point p : c.points()) {
                String model = p.model().isEmpty() ? fmt(p.scale()) : p.model();
                scaleOf.put(model, new double[] {p.scale()});
                byModel.computeIfAbsent(model, k -> new ArrayList<>()).add(new double[] {e.getKey(), p.value()});
            }
        }
        List<String> models = new ArrayList<>(byModel.keySet());
        models.sort((a, b) -> Double.compare(scaleOf.get(a)[0], scaleOf.get(b)[0]));
        List<Plot.Layer> layers = new ArrayList<>();
        List<Double> xs = new ArrayList<>();
        List<Double> ys = new ArrayList<>();
        for (int i = 0; i < models.size(); i++) {
            String model = models.get(i);
            List<double[]> pts = byModel.get(model);
            pts.sort((a, b) -> Double.compare(a[0], b[0]));
            double[] px = pts.stream().mapToDouble(a -> a[0]).toArray();
            double[] py = pts.stream().mapToDouble(a -> a[1]).toArray();
            String color = Palette.sequential(models.size() == 1 ? 1 : (double) i / (models.size() - 1));
            String[] tips = new String[px.length];
            for (int j = 0; j < px.length; j++) {
                tips[j] = model + ", length " + fmt(px[j]) + ": " + fmt(py[j]);
                xs.add(px[j]);
                ys.add(py[j]);
            }
            layers.add(new Plot.Line(model, px, py, color, 1.4, false));
            layers.add(new Plot.Markers("", px, py, null, null, color, Plot.Shape.CIRCLE, true, tips));
        }
        boolean logY = proportion && ys.stream().anyMatch(v -> v > 0);
        double[] yv = ys.stream().mapToDouble(Double::doubleValue).toArray();
        Axis y = logY ? Axis.auto(metric, AxisScale.LOG, yv, false) : Axis.auto(metric, AxisScale.LINEAR, yv, includeZero(yv));
        Axis x = Axis.auto("target length (tokens)", AxisScale.LINEAR, xs.stream().mapToDouble(Double::doubleValue).toArray(), false);
        return new Plot(metric + " vs target length", logY ? "log scale: a geometric fall is a straight line" : "", x, y, layers)
                .withLegendOutside();
    }

    // ---------------------------------------------------------------- by metric (the paper's Figure 5 question)

    /** Distribution of one metric's emergence scores. */
    public record MetricScores(String metric, boolean smooth, int series, double[] scores, int steps) {
        /** The q-quantile (linear interpolation, numpy's default); infinities sort to the ends. */
        public double quantile(double q) {
            if (scores.length == 0) {
                return Double.NaN;
            }
            double pos = q * (scores.length - 1);
            int i = (int) Math.floor(pos);
            int j = Math.min(i + 1, scores.length - 1);
            double f = pos - i;
            if (f == 0 || scores[i] == scores[j]) {
                return scores[i];
            }
            return scores[i] + f * (scores[j] - scores[i]);
        }
    }

    /** Emergence scores per metric from emergence.csv, highest median first. */
    public static List<MetricScores> metricScores(CsvTable emergence) {
        Map<String, List<Double>> scores = new LinkedHashMap<>();
        Map<String, int[]> counts = new LinkedHashMap<>();
        Map<String, Boolean> smooth = new LinkedHashMap<>();
        for (int i = 0; i < emergence.size(); i++) {
            String metric = emergence.get(i, "metric");
            double es = emergence.number(i, "emergence_score");
            counts.computeIfAbsent(metric, k -> new int[2])[0]++;
            if (Double.isInfinite(es)) {
                counts.get(metric)[1]++;
            }
            List<Double> l = scores.computeIfAbsent(metric, k -> new ArrayList<>());
            if (!Double.isNaN(es)) {
                l.add(es);
            }
            if (!smooth.containsKey(metric)) {
                Boolean cont = emergence.bool(i, "continuous");
                Boolean lin = emergence.bool(i, "linear");
                boolean s = cont == null && lin == null ? Curve.defaultInfo(metric).smooth()
                        : Boolean.TRUE.equals(cont) || Boolean.TRUE.equals(lin);
                smooth.put(metric, s);
            }
        }
        List<MetricScores> out = new ArrayList<>();
        scores.forEach((metric, l) -> {
            double[] v = l.stream().mapToDouble(Double::doubleValue).sorted().toArray();
            out.add(new MetricScores(metric, smooth.get(metric), counts.get(metric)[0], v, counts.get(metric)[1]));
        });
        out.sort((a, b) -> {
            double ma = a.quantile(0.5);
            double mb = b.quantile(0.5);
            if (Double.isNaN(ma) != Double.isNaN(mb)) {
                return Double.isNaN(ma) ? 1 : -1;
            }
            int c = Double.compare(mb, ma);
            return c != 0 ? c : a.metric().compareTo(b.metric());
        });
        return out;
    }

    /**
     * One row per metric: whiskers from the 5th to the 95th percentile, a thick bar over the
     * interquartile range, a dot at the median; red for discontinuous/nonlinear metrics, blue for smooth
     * ones; symmetric log axis; infinite scores (STEP) are drawn at the axis end.
     */
    public static Plot byMetric(List<MetricScores> ms) {
        List<Double> finite = new ArrayList<>();
        for (MetricScores m : ms) {
            for (double v : m.scores()) {
                if (Double.isFinite(v)) {
                    finite.add(v);
                }
            }
        }
        Axis x = Axis.auto("emergence score", AxisScale.SYMLOG, finite.stream().mapToDouble(Double::doubleValue).toArray(), true);
        int k = ms.size();
        List<Axis.Tick> ticks = new ArrayList<>();
        double maxLabel = 0;
        for (int i = 0; i < k; i++) {
            MetricScores m = ms.get(i);
            String label = m.metric() + " (" + m.series() + ")";
            ticks.add(new Axis.Tick(k - 1 - i, label, null));
            maxLabel = Math.max(maxLabel, PlotPainter.textWidth(label, PlotPainter.TICK_FONT));
        }
        ticks.sort((a, b) -> Double.compare(a.value(), b.value()));
        Axis y = new Axis("metric (series)", AxisScale.LINEAR, -0.7, k - 0.3, ticks);
        List<Plot.Layer> layers = new ArrayList<>();
        boolean namedSmooth = false;
        boolean namedRough = false;
        for (int i = 0; i < k; i++) {
            MetricScores m = ms.get(i);
            if (m.scores().length == 0) {
                continue;
            }
            double yy = k - 1 - i;
            String color = m.smooth() ? Palette.BLUE : Palette.VERMILLION;
            double p5 = clamp(m.quantile(0.05), x);
            double p25 = clamp(m.quantile(0.25), x);
            double p50 = clamp(m.quantile(0.5), x);
            double p75 = clamp(m.quantile(0.75), x);
            double p95 = clamp(m.quantile(0.95), x);
            layers.add(new Plot.Line("", new double[] {p5, p95}, new double[] {yy, yy}, color, 1, false));
            layers.add(new Plot.Line("", new double[] {p25, p75}, new double[] {yy, yy}, color, 5, false));
            String name = "";
            if (m.smooth() && !namedSmooth) {
                name = "smooth metric (median)";
                namedSmooth = true;
            } else if (!m.smooth() && !namedRough) {
                name = "discontinuous/nonlinear (median)";
                namedRough = true;
            }
            String tip = String.format(Locale.ROOT, "%s: %d series, median %s, IQR [%s, %s], 5-95%% [%s, %s]%s", m.metric(),
                    m.series(), fmt(m.quantile(0.5)), fmt(m.quantile(0.25)), fmt(m.quantile(0.75)), fmt(m.quantile(0.05)),
                    fmt(m.quantile(0.95)), m.steps() > 0 ? ", " + m.steps() + " STEP (infinite)" : "");
            layers.add(new Plot.Markers(name, new double[] {p50}, new double[] {yy}, null, null, color, Plot.Shape.DIAMOND, true,
                    new String[] {tip}));
        }
        double left = Math.min(260, Math.max(PlotPainter.LEFT, maxLabel + 14));
        return new Plot("Emergence scores by metric", "bar: interquartile range; whiskers: 5th-95th percentile", x, y, layers,
                left);
    }

    private static double clamp(double v, Axis a) {
        return Math.max(a.min(), Math.min(a.max(), v));
    }

    // ---------------------------------------------------------------- prediction backtests

    /** Column names of a predictions table the scatter plot understands. */
    public record PredictionColumns(String predicted, String observed, String lower, String upper) {
        public static PredictionColumns of(CsvTable t) {
            String pred = t.firstColumn("predicted", "prediction", "predicted_value", "pred");
            String obs = t.firstColumn("observed", "actual", "observed_value", "true_value", "value");
            if (pred == null || obs == null) {
                return null;
            }
            return new PredictionColumns(pred, obs, t.firstColumn("predicted_lower", "lower", "pred_lower"),
                    t.firstColumn("predicted_upper", "upper", "pred_upper"));
        }
    }

    /** Rows with both an observed and a predicted value, by metric (metrics with the most such rows first). */
    private static Map<String, List<Integer>> predictionRows(CsvTable t, PredictionColumns pc) {
        Map<String, List<Integer>> byMetric = new LinkedHashMap<>();
        for (int i = 0; i < t.size(); i++) {
            if (Double.isFinite(t.number(i, pc.observed())) && Double.isFinite(t.number(i, pc.predicted()))) {
                byMetric.computeIfAbsent(t.has("metric") ? t.get(i, "metric") : "", k -> new ArrayList<>()).add(i);
            }
        }
        List<Map.Entry<String, List<Integer>>> es = new ArrayList<>(byMetric.entrySet());
        es.sort((x, y) -> {
            int c = Integer.compare(y.getValue().size(), x.getValue().size());
            return c != 0 ? c : x.getKey().compareTo(y.getKey());
        });
        Map<String, List<Integer>> out = new LinkedHashMap<>();
        es.forEach(e -> out.put(e.getKey(), e.getValue()));
        return out;
    }

    /** How many metrics have at least one prediction to draw. */
    public static int metricsWithPredictions(CsvTable t, PredictionColumns pc) {
        return predictionRows(t, pc).size();
    }

    /** Colour and marker of a backtest route (the routes of docs/ANALYSIS.md; others cycle the palette). */
    private static final List<String> ROUTES = List.of("sigmoid", "power_law", "composed", "composed_fit");

    private static String routeColor(String route, int i) {
        return switch (route) {
            case "sigmoid" -> Palette.VERMILLION;
            case "power_law" -> Palette.BLUE;
            case "composed" -> Palette.GREEN;
            case "composed_fit" -> Palette.ORANGE;
            default -> Palette.series(i + 4);
        };
    }

    private static Plot.Shape routeShape(int i) {
        return Plot.Shape.values()[Math.floorMod(i, Plot.Shape.values().length)];
    }

    /**
     * Predicted against observed values with the identity line, one panel per metric (each on its own scale: an
     * accuracy, an edit distance and a log-probability do not share an axis), one colour and marker per route; at most
     * {@code maxPanels} metrics, those with the most predictions.
     */
    public static List<Plot> predictionsByMetric(CsvTable t, PredictionColumns pc, int maxPanels) {
        List<Plot> plots = new ArrayList<>();
        for (Map.Entry<String, List<Integer>> e : predictionRows(t, pc).entrySet()) {
            if (plots.size() == maxPanels) {
                break;
            }
            Map<String, List<Integer>> byRoute = new TreeMap<>((a, b) -> {
                int ia = ROUTES.indexOf(a);
                int ib = ROUTES.indexOf(b);
                ia = ia < 0 ? ROUTES.size() : ia;
                ib = ib < 0 ? ROUTES.size() : ib;
                return ia != ib ? Integer.compare(ia, ib) : a.compareTo(b);
            });
            for (int i : e.getValue()) {
                byRoute.computeIfAbsent(t.has("route") ? t.get(i, "route") : "", k -> new ArrayList<>()).add(i);
            }
            List<Double> all = new ArrayList<>();
            List<Plot.Layer> markers = new ArrayList<>();
            int r = 0;
            for (Map.Entry<String, List<Integer>> re : byRoute.entrySet()) {
                List<Integer> rows = re.getValue();
                int k = rows.size();
                double[] xs = new double[k];
                double[] ys = new double[k];
                double[] lo = new double[k];
                double[] hi = new double[k];
                String[] tips = new String[k];
                for (int j = 0; j < k; j++) {
                    int i = rows.get(j);
                    xs[j] = t.number(i, pc.observed());
                    ys[j] = t.number(i, pc.predicted());
                    lo[j] = pc.lower() == null ? Double.NaN : t.number(i, pc.lower());
                    hi[j] = pc.upper() == null ? Double.NaN : t.number(i, pc.upper());
                    StringBuilder tip = new StringBuilder();
                    for (String c : new String[] {"family", "task", "labels", "route", "model"}) {
                        if (t.has(c) && !t.get(i, c).isEmpty()) {
                            tip.append(tip.length() > 0 ? " / " : "").append(t.get(i, c));
                        }
                    }
                    tip.append(": predicted ").append(fmt(ys[j])).append(", observed ").append(fmt(xs[j]));
                    tips[j] = tip.toString();
                    all.add(xs[j]);
                    all.add(ys[j]);
                    if (Double.isFinite(lo[j])) {
                        all.add(lo[j]);
                    }
                    if (Double.isFinite(hi[j])) {
                        all.add(hi[j]);
                    }
                }
                String route = re.getKey().isEmpty() ? "prediction" : re.getKey();
                markers.add(new Plot.Markers(route, xs, ys, lo, hi, routeColor(re.getKey(), r), routeShape(r), true, tips));
                r++;
            }
            double[] av = all.stream().mapToDouble(Double::doubleValue).toArray();
            Axis ax = Axis.auto("observed", AxisScale.LINEAR, av, includeZero(av));
            Axis ay = new Axis("predicted", AxisScale.LINEAR, ax.min(), ax.max(), ax.ticks());
            List<Plot.Layer> layers = new ArrayList<>();
            layers.add(new Plot.Line("", new double[] {ax.min(), ax.max()}, new double[] {ax.min(), ax.max()}, Palette.GREY, 1, true));
            layers.addAll(markers);
            String metric = e.getKey().isEmpty() ? "predictions" : e.getKey();
            plots.add(new Plot(metric, e.getValue().size() + " predictions of held-out models", ax, ay, layers));
        }
        return plots;
    }
}

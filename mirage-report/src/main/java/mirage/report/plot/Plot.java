package mirage.report.plot;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * One panel: title, two axes and the layers drawn on them, in drawing order. The same plot is
 * rendered to SVG ({@link SvgCanvas}), to PNG ({@link Java2dCanvas}) and by the page's script (from
 * {@link #toJson()}), all following {@link PlotPainter}'s layout.
 *
 * @param title panel title (untrusted text allowed: every renderer escapes it)
 * @param subtitle a second, smaller line (may be empty)
 * @param x horizontal axis
 * @param y vertical axis
 * @param layers what is drawn
 * @param left left margin in CSS pixels (room for the vertical axis' tick labels)
 * @param legendOutside draw the legend at the right of the plot area, outside it, instead of in a corner (for many
 *     entries that would cover the data)
 */
public record Plot(String title, String subtitle, Axis x, Axis y, List<Layer> layers, double left, boolean legendOutside) {

    /** A plot with the default left margin ({@link PlotPainter#LEFT}). */
    public Plot(String title, String subtitle, Axis x, Axis y, List<Layer> layers) {
        this(title, subtitle, x, y, layers, PlotPainter.LEFT, false);
    }

    /** A plot with its legend in a corner. */
    public Plot(String title, String subtitle, Axis x, Axis y, List<Layer> layers, double left) {
        this(title, subtitle, x, y, layers, left, false);
    }

    /** The same plot with its legend at the right, outside the plot area. */
    public Plot withLegendOutside() {
        return new Plot(title, subtitle, x, y, layers, left, true);
    }

    public Plot {
        Objects.requireNonNull(x, "x");
        Objects.requireNonNull(y, "y");
        title = title == null ? "" : title;
        subtitle = subtitle == null ? "" : subtitle;
        layers = List.copyOf(layers);
    }

    /** Something drawn on a plot. */
    public sealed interface Layer permits Line, Markers, RefLine {
        Map<String, Object> toJson();
    }

    /** Marker shapes. */
    public enum Shape { CIRCLE, SQUARE, DIAMOND, TRIANGLE }

    /**
     * A polyline through (xs[i], ys[i]); a point that cannot be drawn (NaN, outside a log axis) breaks it.
     *
     * @param name legend entry (empty: none)
     */
    public record Line(String name, double[] xs, double[] ys, String color, double width, boolean dashed) implements Layer {
        public Line {
            if (xs.length != ys.length) {
                throw new IllegalArgumentException("xs and ys differ in length");
            }
            name = name == null ? "" : name;
        }

        @Override
        public Map<String, Object> toJson() {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("type", "line");
            m.put("name", name);
            m.put("xs", nums(xs));
            m.put("ys", nums(ys));
            m.put("color", color);
            m.put("width", width);
            m.put("dashed", dashed);
            return m;
        }
    }

    /**
     * Points with optional intervals [lo[i], hi[i]] (null arrays or NaN entries: none) and hover texts.
     * A point beyond the vertical range (a 0 on a log axis) is drawn as an open triangle on the edge.
     */
    public record Markers(String name, double[] xs, double[] ys, double[] lo, double[] hi, String color, Shape shape,
                          boolean filled, String[] tips) implements Layer {
        public Markers {
            if (xs.length != ys.length || (lo != null && lo.length != xs.length) || (hi != null && hi.length != xs.length)
                    || (tips != null && tips.length != xs.length)) {
                throw new IllegalArgumentException("marker arrays differ in length");
            }
            name = name == null ? "" : name;
        }

        public double lo(int i) {
            return lo == null ? Double.NaN : lo[i];
        }

        public double hi(int i) {
            return hi == null ? Double.NaN : hi[i];
        }

        public String tip(int i) {
            return tips == null ? null : tips[i];
        }

        @Override
        public Map<String, Object> toJson() {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("type", "markers");
            m.put("name", name);
            m.put("xs", nums(xs));
            m.put("ys", nums(ys));
            m.put("lo", lo == null ? null : nums(lo));
            m.put("hi", hi == null ? null : nums(hi));
            m.put("color", color);
            m.put("shape", shape.name().toLowerCase(java.util.Locale.ROOT));
            m.put("filled", filled);
            m.put("tips", tips == null ? null : Arrays.asList(tips));
            return m;
        }
    }

    /** A horizontal line across the plot at {@code y}, labelled at its right end (chance level). */
    public record RefLine(double y, String label, String color, boolean dashed) implements Layer {
        @Override
        public Map<String, Object> toJson() {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("type", "ref");
            m.put("y", num(y));
            m.put("label", label);
            m.put("color", color);
            m.put("dashed", dashed);
            return m;
        }
    }

    /** The plot as the page's script draws it. Non-finite numbers become null. */
    public Map<String, Object> toJson() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("title", title);
        m.put("subtitle", subtitle);
        m.put("x", x.toJson());
        m.put("y", y.toJson());
        List<Object> ls = new ArrayList<>();
        for (Layer l : layers) {
            ls.add(l.toJson());
        }
        m.put("layers", ls);
        m.put("left", left);
        m.put("legendOutside", legendOutside);
        return m;
    }

    static Object num(double v) {
        return Double.isFinite(v) ? (Object) v : null;
    }

    static List<Object> nums(double[] vs) {
        List<Object> out = new ArrayList<>(vs.length);
        for (double v : vs) {
            out.add(num(v));
        }
        return out;
    }
}

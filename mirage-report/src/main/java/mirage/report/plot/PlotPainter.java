package mirage.report.plot;

import java.util.ArrayList;
import java.util.List;

/**
 * Lays out and draws one {@link Plot} in a box of a {@link Canvas}: title (and subtitle) on top, tick
 * labels and axis titles on the left and bottom, grid lines at the ticks, then the layers clipped to the
 * plot area, then a legend in the corner holding the fewest points. The page's script
 * ({@code report.js}, function {@code paintPlot}) follows the same layout; keep them in step.
 */
public final class PlotPainter {
    private PlotPainter() {
    }

    public static final double LEFT = 56;
    public static final double RIGHT = 12;
    public static final double TOP = 22;
    public static final double SUBTITLE = 12;
    public static final double BOTTOM = 38;
    public static final double TICK_FONT = 10;
    public static final double LABEL_FONT = 11;
    public static final double TITLE_FONT = 12;
    public static final double LEGEND_FONT = 9.5;
    public static final double MARKER = 3.2;

    /** Estimated width of text: 0.56 em per character (DejaVu Sans / Helvetica average). */
    public static double textWidth(String s, double size) {
        return s.codePointCount(0, s.length()) * size * 0.56;
    }

    /** {@code s} shortened with an ellipsis to fit {@code width}. */
    public static String fit(String s, double size, double width) {
        if (textWidth(s, size) <= width) {
            return s;
        }
        int keep = Math.max(1, (int) Math.floor(width / (size * 0.56)) - 1);
        int end = s.offsetByCodePoints(0, Math.min(keep, s.codePointCount(0, s.length())));
        return s.substring(0, end) + "\u2026";
    }

    public static void paint(Plot p, Canvas c, double ox, double oy, double w, double h) {
        c.begin("panel", p.title().isEmpty() ? null : p.title() + (p.subtitle().isEmpty() ? "" : " \u2014 " + p.subtitle()));
        double top = oy + TOP + (p.subtitle().isEmpty() ? 0 : SUBTITLE);
        double left = ox + p.left();
        double legendW = p.legendOutside() ? legendWidth(p, w) : 0;
        double outside = legendW > 0 ? legendW + 8 : 0;
        double right = ox + w - RIGHT - outside;
        double bottom = oy + h - BOTTOM;
        double pw = right - left;
        double ph = bottom - top;
        c.rect(ox, oy, w, h, "#FFFFFF", null, 0);
        c.text(left + pw / 2, oy + 14, fit(p.title(), TITLE_FONT, pw + 2 * RIGHT - 8), TITLE_FONT, Canvas.Anchor.MIDDLE, true, "#222222", 0);
        if (!p.subtitle().isEmpty()) {
            c.text(left + pw / 2, oy + 14 + SUBTITLE, fit(p.subtitle(), TICK_FONT - 1, pw + 2 * RIGHT - 8), TICK_FONT - 1,
                    Canvas.Anchor.MIDDLE, false, Palette.GREY, 0);
        }
        Axis xa = p.x();
        Axis ya = p.y();
        // grid and ticks
        for (Axis.Tick t : ya.ticks()) {
            double f = ya.fraction(t.value());
            if (!(f >= -1e-9 && f <= 1 + 1e-9)) {
                continue;
            }
            double y = bottom - f * ph;
            c.line(left, y, right, y, Palette.GRID, 1, false);
            c.line(left - 4, y, left, y, Palette.GREY, 1, false);
            label(c, t, left - 6, y + TICK_FONT * 0.35, Canvas.Anchor.END, p.left() - 10);
        }
        for (Axis.Tick t : xa.ticks()) {
            double f = xa.fraction(t.value());
            if (!(f >= -1e-9 && f <= 1 + 1e-9)) {
                continue;
            }
            double x = left + f * pw;
            c.line(x, top, x, bottom, Palette.GRID, 1, false);
            c.line(x, bottom, x, bottom + 4, Palette.GREY, 1, false);
            label(c, t, x, bottom + 6 + TICK_FONT, Canvas.Anchor.MIDDLE, Double.POSITIVE_INFINITY);
        }
        c.rect(left, top, pw, ph, null, Palette.GREY, 1);
        c.text(left + pw / 2, oy + h - 6, fit(xa.label() + scaleNote(xa, false), LABEL_FONT, pw), LABEL_FONT, Canvas.Anchor.MIDDLE, false,
                "#222222", 0);
        c.text(ox + 13, top + ph / 2, axisLabel(ya.label(), scaleNote(ya, true), ph), LABEL_FONT, Canvas.Anchor.MIDDLE, false,
                "#222222", -90);

        List<double[]> occupied = new ArrayList<>();
        c.clip(left, top, pw, ph);
        for (Plot.Layer l : p.layers()) {
            if (l instanceof Plot.RefLine r) {
                double f = ya.fraction(r.y());
                if (f >= 0 && f <= 1) {
                    double y = bottom - f * ph;
                    c.line(left, y, right, y, r.color(), 1.2, r.dashed());
                    if (r.label() != null && !r.label().isEmpty()) {
                        c.text(right - 3, y - 3, r.label(), TICK_FONT - 1, Canvas.Anchor.END, false, r.color(), 0);
                    }
                }
            } else if (l instanceof Plot.Line ln) {
                double[] px = new double[ln.xs().length];
                double[] py = new double[ln.xs().length];
                int n = 0;
                for (int i = 0; i < ln.xs().length; i++) {
                    double fx = xa.fraction(ln.xs()[i]);
                    double fy = ya.fraction(ln.ys()[i]);
                    if (Double.isFinite(fx) && Double.isFinite(fy)) {
                        px[n] = left + fx * pw;
                        py[n] = bottom - fy * ph;
                        occupied.add(new double[] {px[n], py[n]});
                        n++;
                    } else {
                        if (n > 1) {
                            c.polyline(px, py, n, ln.color(), ln.width(), ln.dashed());
                        }
                        n = 0;
                    }
                }
                if (n > 1) {
                    c.polyline(px, py, n, ln.color(), ln.width(), ln.dashed());
                }
            } else if (l instanceof Plot.Markers m) {
                for (int i = 0; i < m.xs().length; i++) {
                    double fx = xa.fraction(m.xs()[i]);
                    if (!(fx >= -1e-9 && fx <= 1 + 1e-9)) {
                        continue;
                    }
                    double x = left + fx * pw;
                    double lo = m.lo(i);
                    double hi = m.hi(i);
                    if (Double.isFinite(lo) && Double.isFinite(hi)) {
                        double flo = ya.fraction(lo);
                        double fhi = ya.fraction(hi);
                        double ylo = Double.isFinite(flo) ? bottom - Math.max(-0.05, flo) * ph : bottom + 2;
                        double yhi = Double.isFinite(fhi) ? bottom - Math.min(1.05, fhi) * ph : bottom + 2;
                        if (ylo > yhi + 0.5) {
                            c.line(x, ylo, x, yhi, m.color(), 1, false);
                            c.line(x - 2.5, ylo, x + 2.5, ylo, m.color(), 1, false);
                            c.line(x - 2.5, yhi, x + 2.5, yhi, m.color(), 1, false);
                        }
                    }
                }
            }
        }
        c.unclip();
        // markers are drawn unclipped so that values beyond the range show on the edge
        for (Plot.Layer l : p.layers()) {
            if (!(l instanceof Plot.Markers m)) {
                continue;
            }
            for (int i = 0; i < m.xs().length; i++) {
                double fx = xa.fraction(m.xs()[i]);
                double yv = m.ys()[i];
                if (!(fx >= -1e-9 && fx <= 1 + 1e-9) || Double.isNaN(yv)) {
                    continue;
                }
                double x = left + fx * pw;
                double fy = ya.fraction(yv);
                String tip = m.tip(i);
                if (Double.isNaN(fy) || fy < -1e-9) { // below the range, or 0 on a log axis
                    c.edgeMarker(x, bottom - 1, false, MARKER + 0.6, m.color(), tip == null ? null : tip + " (below the axis)");
                    occupied.add(new double[] {x, bottom});
                } else if (fy > 1 + 1e-9) {
                    c.edgeMarker(x, top + 1, true, MARKER + 0.6, m.color(), tip == null ? null : tip + " (above the axis)");
                    occupied.add(new double[] {x, top});
                } else {
                    double y = bottom - fy * ph;
                    c.marker(x, y, m.shape(), MARKER, m.color(), m.filled(), tip);
                    occupied.add(new double[] {x, y});
                }
            }
        }
        if (p.legendOutside()) {
            legendAt(p, c, right + 8, top, legendW - 26);
        } else {
            legend(p, c, left, top, pw, ph, occupied);
        }
        c.end();
    }

    /**
     * The vertical axis title: the label with its scale note when both fit the plot's height; else the label alone (the
     * tick labels show the scale); else the label shortened with an ellipsis.
     */
    static String axisLabel(String label, String note, double room) {
        if (textWidth(label + note, LABEL_FONT) <= room) {
            return label + note;
        }
        return fit(label, LABEL_FONT, room);
    }

    private static String legendName(Plot.Layer l) {
        return l instanceof Plot.Line ln ? ln.name() : l instanceof Plot.Markers m ? m.name() : "";
    }

    /** Width of a legend drawn outside the plot: its longest entry, at most a third of the panel. */
    static double legendWidth(Plot p, double w) {
        double width = 0;
        for (Plot.Layer l : p.layers()) {
            String name = legendName(l);
            if (!name.isEmpty()) {
                width = Math.max(width, textWidth(fit(name, LEGEND_FONT, w / 3 - 26), LEGEND_FONT));
            }
        }
        return width == 0 ? 0 : width + 26;
    }

    /** The legend as a column at (x, y), outside the plot area. */
    private static void legendAt(Plot p, Canvas c, double x, double y, double room) {
        List<Plot.Layer> entries = new ArrayList<>();
        for (Plot.Layer l : p.layers()) {
            if (!legendName(l).isEmpty()) {
                entries.add(l);
            }
        }
        if (entries.isEmpty()) {
            return;
        }
        double row = LEGEND_FONT + 3.5;
        c.begin("legend", null);
        double yy = y + row / 2;
        for (Plot.Layer l : entries) {
            entry(c, l, x, yy, room);
            yy += row;
        }
        c.end();
    }

    private static void entry(Canvas c, Plot.Layer l, double x0, double y, double room) {
        if (l instanceof Plot.Line ln) {
            c.line(x0, y, x0 + 16, y, ln.color(), ln.width(), ln.dashed());
            c.text(x0 + 20, y + LEGEND_FONT * 0.35, fit(ln.name(), LEGEND_FONT, room), LEGEND_FONT, Canvas.Anchor.START, false, "#222222", 0);
        } else if (l instanceof Plot.Markers m) {
            c.marker(x0 + 8, y, m.shape(), MARKER, m.color(), m.filled(), null);
            c.text(x0 + 20, y + LEGEND_FONT * 0.35, fit(m.name(), LEGEND_FONT, room), LEGEND_FONT, Canvas.Anchor.START, false, "#222222", 0);
        }
    }

    /** What is appended to an axis title: " (log scale)" on x, " (log)" on the shorter y. */
    private static String scaleNote(Axis a, boolean vertical) {
        return switch (a.scale()) {
            case LOG -> vertical ? " (log)" : " (log scale)";
            case SYMLOG -> vertical ? " (symlog)" : " (symmetric log scale)";
            case LINEAR -> "";
        };
    }

    private static void label(Canvas c, Axis.Tick t, double x, double y, Canvas.Anchor a, double maxWidth) {
        if (t.exponent() == null) {
            c.text(x, y, fit(t.text(), TICK_FONT, maxWidth), TICK_FONT, a, false, "#333333", 0);
        } else {
            c.power(x, y, t.text(), t.exponent(), TICK_FONT, a, "#333333");
        }
    }

    private static void legend(Plot p, Canvas c, double left, double top, double pw, double ph, List<double[]> occupied) {
        List<Plot.Layer> entries = new ArrayList<>();
        double width = 0;
        for (Plot.Layer l : p.layers()) {
            String name = l instanceof Plot.Line ln ? ln.name() : l instanceof Plot.Markers m ? m.name() : "";
            if (!name.isEmpty()) {
                entries.add(l);
                width = Math.max(width, textWidth(fit(name, LEGEND_FONT, pw * 0.6), LEGEND_FONT));
            }
        }
        if (entries.isEmpty()) {
            return;
        }
        double row = LEGEND_FONT + 3.5;
        double bw = width + 26;
        double bh = entries.size() * row + 5;
        double[][] corners = {{left + pw - bw - 4, top + 4}, {left + 4, top + 4}, {left + pw - bw - 4, top + ph - bh - 4},
            {left + 4, top + ph - bh - 4}};
        double[] best = corners[0];
        int bestCount = Integer.MAX_VALUE;
        for (double[] k : corners) {
            int count = 0;
            for (double[] o : occupied) {
                if (o[0] >= k[0] - 3 && o[0] <= k[0] + bw + 3 && o[1] >= k[1] - 3 && o[1] <= k[1] + bh + 3) {
                    count++;
                }
            }
            if (count < bestCount) {
                bestCount = count;
                best = k;
            }
        }
        c.begin("legend", null);
        c.rect(best[0], best[1], bw, bh, "#FFFFFF", Palette.LIGHT_GREY, 0.8);
        double y = best[1] + 3 + row / 2;
        for (Plot.Layer l : entries) {
            double x0 = best[0] + 4;
            if (l instanceof Plot.Line ln) {
                c.line(x0, y, x0 + 16, y, ln.color(), ln.width(), ln.dashed());
                c.text(x0 + 20, y + LEGEND_FONT * 0.35, fit(ln.name(), LEGEND_FONT, pw * 0.6), LEGEND_FONT, Canvas.Anchor.START,
                        false, "#222222", 0);
            } else if (l instanceof Plot.Markers m) {
                c.marker(x0 + 8, y, m.shape(), MARKER, m.color(), m.filled(), null);
                c.text(x0 + 20, y + LEGEND_FONT * 0.35, fit(m.name(), LEGEND_FONT, pw * 0.6), LEGEND_FONT, Canvas.Anchor.START,
                        false, "#222222", 0);
            }
            y += row;
        }
        c.end();
    }
}

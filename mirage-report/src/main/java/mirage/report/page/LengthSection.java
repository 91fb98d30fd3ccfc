package mirage.report.page;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import mirage.report.Charts;
import mirage.report.Report;
import mirage.report.html.Html;
import mirage.report.plot.Figure;
import mirage.report.plot.Plot;

/** Accuracy against target length (the paper's Section 3), for groups with a {@code target_length} label. */
final class LengthSection {
    private LengthSection() {
    }

    /** Panels of the length figures: wider than the scaling panels, for the legend of models at the right. */
    static final double PANEL_WIDTH = 390;

    static void write(Page page) {
        List<Charts.LengthGroup> lgs = Charts.lengthGroups(page.in.groups());
        if (lgs.isEmpty()) {
            return;
        }
        page.section("length", "Accuracy against target length");
        page.p(null, "The paper's Section 3 predictions on the same outputs: relative to length 1, accuracy (exact match) falls about"
                + " geometrically with the target length (a straight line on the log axis) and token edit distance about linearly."
                + " One line per model, light = small, dark = large (the legend at the right lists them).");
        int shown = Math.min(lgs.size(), page.options.maxLengthFigures());
        if (shown < lgs.size()) {
            page.cap("Showing " + shown + " of " + lgs.size() + " groups with a target_length label.");
        }
        for (int i = 0; i < shown; i++) {
            Charts.LengthGroup lg = lgs.get(i);
            String[] pair = Charts.lengthMetrics(lg);
            String leftMetric = pair[0];
            String rightMetric = pair[1];
            List<Plot> plots = new ArrayList<>();
            plots.add(Charts.length(lg, leftMetric));
            if (rightMetric != null) {
                plots.add(Charts.length(lg, rightMetric));
            }
            String title = lg.family() + " / " + lg.task() + (lg.labels().isEmpty() ? "" : " [" + lg.labels() + "]");
            page.body.append("<h3>").append(Html.text(title)).append("</h3>");
            page.staticFigure(new Figure(String.format(Locale.ROOT, "length-%03d-%s", i + 1, Report.slug(lg.family() + "-" + lg.task() + "-"
                    + lg.labels())), title + ": " + leftMetric + (rightMetric == null ? "" : " and " + rightMetric)
                    + " against target length, one line per model.", plots, 2, PANEL_WIDTH, Figure.PANEL_HEIGHT),
                    leftMetric + (rightMetric == null ? "" : " and " + rightMetric) + " against target length, one line per model"
                    + " (the discontinuous metric that changes most with length, and its smooth partner).");
        }
        page.endSection();
    }
}

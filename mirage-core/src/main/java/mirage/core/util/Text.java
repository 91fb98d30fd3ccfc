package mirage.core.util;

import java.util.Locale;

/** Numbers in sentences for people: one format everywhere a verdict or a curve's shape is explained. */
public final class Text {
    private Text() {
    }

    /** Three significant digits ({@code %.3g}), {@code inf}/{@code -inf}, {@code n/a} for NaN. */
    public static String num(double v) {
        if (Double.isNaN(v)) {
            return "n/a";
        }
        if (Double.isInfinite(v)) {
            return v > 0 ? "inf" : "-inf";
        }
        return String.format(Locale.ROOT, "%.3g", v);
    }

    /** A share as a percentage with the given decimals ({@code n/a} for NaN). */
    public static String percent(double share, int decimals) {
        return Double.isNaN(share) ? "n/a" : String.format(Locale.ROOT, "%." + decimals + "f%%", 100 * share);
    }
}

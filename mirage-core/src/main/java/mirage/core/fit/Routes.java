package mirage.core.fit;

import java.util.Locale;
import java.util.Map;
import mirage.core.metric.MetricCatalog;
import mirage.core.metric.MetricInfo;

/**
 * Which smooth partner and which composition (link) the paper's route uses for a discontinuous metric.
 *
 * <p>Partner: among the metric's declared smooth partners ({@code MetricInfo.partners()}) measured on
 * the same (family, task, labels), a mean log-probability first, then a continuous one, then any
 * ({@link Partners}). Link ({@link Link}):
 * <ul>
 *   <li>exact match, exact string match, or accuracy on generated answers (no chance level): with a
 *       per-token partner ({@code token_prob}, {@code target_logprob}, {@code token_edit_distance}) and a
 *       known target length L (label {@code target_length}, or given), {@code p^L}; otherwise the
 *       effective-length link {@code exp(-gamma e)} fitted;</li>
 *   <li>{@code subset_accuracy@K} with partner {@code accuracy}: {@code p^K};</li>
 *   <li>anything else (multiple-choice grade and accuracy with a chance level, BLEU, ROUGE, pass@k, ...):
 *       the logistic link from the chance level (or 0) to the metric's maximum.</li>
 * </ul>
 */
public final class Routes {
    private Routes() {
    }

    /** Label holding the target length in tokens. */
    public static final String LENGTH_LABEL = "target_length";

    /** Target length from the labels (NaN when absent or not a positive number). */
    public static double length(Map<String, String> labels) {
        String v = labels.get(LENGTH_LABEL);
        if (v == null) {
            return Double.NaN;
        }
        try {
            double l = Double.parseDouble(v.trim());
            return l > 0 && Double.isFinite(l) ? l : Double.NaN;
        } catch (NumberFormatException e) {
            return Double.NaN;
        }
    }

    /**
     * The link template (unfitted when it has parameters).
     *
     * @param target the discontinuous metric's name
     * @param partner the smooth partner's name
     * @param form the partner's error form
     * @param length target length in tokens (NaN when unknown)
     * @param chance the target's chance level (NaN when none)
     */
    public static Link link(String target, String partner, ErrorForm form, double length, double chance) {
        MetricInfo t = MetricCatalog.lookup(target);
        String c = t.canonical().toLowerCase(Locale.ROOT);
        String pc = MetricCatalog.lookup(partner).canonical();
        if (c.startsWith("subset_accuracy@") && pc.equals("accuracy") && form.kind() == ErrorForm.Kind.NEG_LOG) {
            double k = Double.parseDouble(c.substring(c.indexOf('@') + 1));
            return new Link.ExactPower(k, "all " + ErrorForm.fmt(k) + " items of a group right");
        }
        boolean exactMatchLike = c.equals("exact_match") || (c.equals("accuracy") && Double.isNaN(chance))
                || c.startsWith("subset_accuracy");
        if (exactMatchLike) {
            if (length > 0 && form.perToken(partner)) {
                return new Link.ExactPower(length, "all " + ErrorForm.fmt(length) + " tokens right");
            }
            return new Link.EffectiveLength(Double.NaN);
        }
        double lo = Double.isFinite(chance) ? chance * t.scale() : 0;
        double hi = t.scale();
        if (!(hi > lo)) {
            hi = lo + t.scale();
        }
        return Link.Logistic.between(lo, hi);
    }
}

package mirage.core.analysis;

import java.util.Map;
import java.util.Objects;

/**
 * The verdict on one claimed emergent ability: one discontinuous metric D of one (family, task, labels),
 * judged against its smooth partner S on the same outputs, with the evidence. The rule that produces it
 * is {@link VerdictRule} (documented in docs/ANALYSIS.md, "The verdict"); the columns of
 * {@code verdicts.csv} are these fields (docs/FORMATS.md).
 *
 * @param family the model family
 * @param task the task
 * @param labels the conditions (sorted)
 * @param metric D, the discontinuous metric
 * @param partner S, its smooth partner (null when none was measured)
 * @param partnerDeclared whether S is one of D's declared partners (else: a smooth metric of the same
 *     task and conditions, assumed to be on the same outputs)
 * @param verdict the verdict
 * @param models sizes with both D and S (distinct scales)
 * @param minScale smallest of them
 * @param maxScale largest of them
 * @param minItems smallest item count behind a point of D (0 when unknown)
 * @param emergenceScore ES of D (oriented so that positive is improvement)
 * @param eta {@code ES / (models - 1)}: the mean step over the median step for a monotone curve (1 for
 *     equal steps, large when the change sits in few steps)
 * @param etaLower lower end of eta's interval (NaN when not computed)
 * @param etaUpper upper end of eta's interval (NaN when not computed)
 * @param etaMethod how that interval was made ({@code paired items}, {@code per point})
 * @param permutationP p-value of ES under the permutation null (values assigned to sizes in every order)
 * @param q Benjamini-Hochberg adjusted p over every triplet judged together
 * @param triplets how many triplets were judged together (the BH family)
 * @param partnerEta eta of S's error form in log ({@code ln e}; {@code e} itself when some e is not positive),
 *     computed when D is sharp (NaN otherwise): the same statistic as D's, so "S jumps" means what "D is sharp"
 *     means
 * @param partnerEtaLower lower end of its interval (NaN when not computed)
 * @param partnerEtaUpper upper end of its interval (NaN when not computed)
 * @param partnerP permutation p-value of S's emergence score (NaN when not computed)
 * @param partnerQ Benjamini-Hochberg q of that p over the partner tests of every triplet whose D is sharp
 * @param partnerMisfit largest misfit of S's smooth power law, as a share of S's range (NaN when not fitted)
 * @param partnerLofP lack-of-fit p-value of that power law (NaN when S's uncertainty is unknown)
 * @param partnerNoise median standard error of S's error form over its range (NaN when unknown)
 * @param errorForm S's error form, e.g. {@code e = -target_logprob}
 * @param link the composition that explained (or failed to explain) D, e.g. {@code p^5}
 * @param maxDiscrepancy largest |D - composed prediction| over D's range (NaN when not composed)
 * @param explains whether the composed route explains every point of D
 * @param confirmable whether the test set resolves the composed prediction where D looks absent
 * @param itemsNeeded items per size that would decide an unresolved verdict (0 when not applicable)
 * @param sizesNeeded sizes that would decide it, as text (empty when not applicable)
 * @param explanation one line for people
 */
public record Verdict(String family, String task, Map<String, String> labels, String metric, String partner,
                      boolean partnerDeclared, Kind verdict, int models, double minScale, double maxScale, long minItems,
                      double emergenceScore, double eta, double etaLower, double etaUpper, String etaMethod,
                      double permutationP, double q, int triplets, double partnerEta, double partnerEtaLower,
                      double partnerEtaUpper, double partnerP, double partnerQ, double partnerMisfit, double partnerLofP,
                      double partnerNoise, String errorForm, String link, double maxDiscrepancy, boolean explains,
                      boolean confirmable, long itemsNeeded, String sizesNeeded, String explanation) {

    /** The four verdicts. */
    public enum Kind {
        /** The continuous metric on the same outputs jumps too. */
        EMERGENT("emergent"),
        /** Sharp under D, smooth under S, and the composed prediction explains D within its interval. */
        MIRAGE("mirage"),
        /** No sharp transition under D. */
        SMOOTH("smooth"),
        /** The data cannot tell; the verdict says what would decide it. */
        UNRESOLVED("unresolved");

        private final String key;

        Kind(String key) {
            this.key = key;
        }

        /** As written in files: lower case. */
        public String key() {
            return key;
        }
    }

    public Verdict {
        Objects.requireNonNull(verdict, "verdict");
        Objects.requireNonNull(explanation, "explanation");
        labels = labels == null ? Map.of() : Map.copyOf(labels);
    }

    /** Labels as {@code k=v;k=v}, sorted. */
    public String labelText() {
        return new SeriesKey(family, task, metric, labels).labelText();
    }
}

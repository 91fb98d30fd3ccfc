package mirage.core.verdict;

import java.util.Map;
import java.util.Objects;
import mirage.core.analysis.SeriesKey;

/**
 * The verdict on one scaling curve of a discontinuous metric D of one (family, task, labels), judged against
 * its smooth partner S on the same outputs, with all of its evidence (computed whatever the outcome). The
 * rule is {@link VerdictRule} (docs/ANALYSIS.md, "The verdict"); {@code verdicts.csv} flattens these fields
 * (docs/FORMATS.md).
 *
 * @param family the model family
 * @param task the task
 * @param labels the conditions (sorted)
 * @param metric D, the discontinuous metric
 * @param partner S, its smooth partner
 * @param partnerDeclared whether S is one of D's declared partners
 * @param verdict the verdict
 * @param reason the decision path that gave it ({@link Decision.Reason})
 * @param models sizes with both D and S (distinct scales)
 * @param minScale smallest of them
 * @param maxScale largest of them
 * @param minItems smallest item count behind a point of D (0 when unknown)
 * @param triplets how many triplets were judged together (the Benjamini-Hochberg family)
 * @param sharpness D's evidence
 * @param partnerTrend S's evidence
 * @param route the composed route's evidence
 * @param resolution D's zeros against the test set's resolution
 * @param explanation one or two sentences for people
 */
public record Verdict(String family, String task, Map<String, String> labels, String metric, String partner,
                      boolean partnerDeclared, Kind verdict, Decision.Reason reason, int models, double minScale,
                      double maxScale, long minItems, int triplets, SharpnessEvidence sharpness,
                      PartnerEvidence partnerTrend, RouteEvidence route, ResolutionEvidence resolution,
                      String explanation) {

    /** The four verdicts. */
    public enum Kind {
        /** D is sharp and the continuous metric on the same outputs jumps too, where D jumps. */
        EMERGENT("emergent"),
        /** D looks sharp, S improves smoothly through D's jump, and S's trend composed through D's nonlinearity reproduces D. */
        MIRAGE("mirage"),
        /** No sharp rise under D: change spread over the sizes, flat within noise, at chance, falling or saturating. */
        SMOOTH("smooth"),
        /** The data cannot tell; the explanation says what would decide it. */
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

    /**
     * D's shape and sharpness.
     *
     * @param shape the curve's shape ({@link mirage.core.analysis.CurveShape.Kind#key()})
     * @param shapeDetail one phrase on the shape
     * @param changeZ D's best-minus-worst change in standard errors (NaN when unknown)
     * @param emergenceScore ES of D (oriented so that positive is improvement)
     * @param eta {@code ES/(k-1)}: mean step over median step for a monotone curve (1 for equal steps)
     * @param etaLower lower end of eta's interval
     * @param etaUpper upper end
     * @param method how the interval was made
     * @param sharpP one-sided p-value of "eta &gt; tau" (null: eta &lt;= tau)
     * @param sharpQ its Benjamini-Hochberg q over the judged triplets
     * @param smoothP one-sided p-value of "eta &lt; tau"
     * @param smoothQ its q
     * @param jumpFrom scale before D's largest step (NaN when there is no step)
     * @param jumpTo scale after it
     */
    public record SharpnessEvidence(String shape, String shapeDetail, double changeZ, double emergenceScore, double eta,
                                    double etaLower, double etaUpper, String method, double sharpP, double sharpQ,
                                    double smoothP, double smoothQ, double jumpFrom, double jumpTo) {
    }

    /**
     * S's behaviour on its error scale {@code e} (its error form): is S's error at the size after D's largest step
     * below what the trend of the two sizes before predicts (a power law through them, extended in log scale)?
     *
     * @param errorForm S's error form, e.g. {@code e = -target_logprob}
     * @param eta eta of {@code ln e} over all sizes (1 for a power law on a log-spaced grid), descriptive
     * @param etaLower its interval
     * @param etaUpper its interval
     * @param excess {@code ln(e_trend / e)} at the size after D's largest step: 0 for a power law, negative when S
     *     levels off, positive when S improves faster than its trend (NaN when not computable)
     * @param excessLower lower end of its interval
     * @param excessUpper upper end
     * @param method how the interval was made
     * @param jumpP one-sided p-value of "excess &gt; ln(jump ratio)" (S jumps)
     * @param jumpQ its q
     * @param noJumpP one-sided p-value of "excess &lt; ln(jump ratio)" (S does not jump)
     * @param noJumpQ its q
     * @param misfit largest misfit of S's power law with an irreducible term over all sizes, as a share of e's range
     * @param lofP lack-of-fit p-value of that power law (NaN when S's uncertainty is unknown)
     */
    public record PartnerEvidence(String errorForm, double eta, double etaLower, double etaUpper, double excess,
                                  double excessLower, double excessUpper, String method, double jumpP, double jumpQ,
                                  double noJumpP, double noJumpQ, double misfit, double lofP) {
    }

    /**
     * The paper's composed route: S's power law, then D's nonlinearity.
     *
     * @param link the link that explained (or failed to explain) D, e.g. {@code p^5}
     * @param maxDiscrepancy largest |D - composed prediction| over D's range (NaN when not composed)
     * @param explains whether the route explains every point of D (intervals overlap, or within the tolerance)
     * @param worstScale the scale of the worst miss (NaN when it explains or was not composed)
     * @param error why the route could not be fitted (empty when it was)
     */
    public record RouteEvidence(String link, double maxDiscrepancy, boolean explains, double worstScale, String error) {
    }

    /**
     * D's points near its floor against the test set's resolution.
     *
     * @param nearFloor D's points (before its largest step) where the composed route predicts D is near its floor
     * @param belowResolution how many of them the test set could not tell from the floor (it has fewer items than a
     *     one-sided test of the route's prediction against the floor needs)
     * @param itemsNeeded items per size that would tell the cheapest of them from the floor, or that would decide an
     *     unresolved verdict (0 when not applicable)
     * @param sizesNeeded sizes that would decide an unresolved verdict, as text (empty when not applicable)
     */
    public record ResolutionEvidence(int nearFloor, int belowResolution, long itemsNeeded, String sizesNeeded) {
    }

    public Verdict {
        Objects.requireNonNull(verdict, "verdict");
        Objects.requireNonNull(reason, "reason");
        Objects.requireNonNull(explanation, "explanation");
        labels = labels == null ? Map.of() : Map.copyOf(labels);
    }

    /** Labels as {@code k=v;k=v}, sorted. */
    public String labelText() {
        return new SeriesKey(family, task, metric, labels).labelText();
    }
}

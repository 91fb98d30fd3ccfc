package mirage.core.metric;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import mirage.core.fit.ErrorForm;
import mirage.core.fit.Partners;
import org.junit.jupiter.api.Test;

/** External metric names: perplexity-type metrics are partners of accuracy-like ones (LAMBADA acc / ppl). */
class MetricCatalogTest {

    @Test
    void accuracyAndExactMatchPairWithPerplexities() {
        for (String d : List.of("acc", "accuracy", "exact_match", "exact_str_match")) {
            assertThat(MetricCatalog.lookup(d).partners()).as(d)
                    .containsSubsequence("perplexity", "word_perplexity", "byte_perplexity", "bits_per_byte", "log_likelihood");
        }
        // the battery's own partners come first: per-item partners win when both are measured
        assertThat(MetricCatalog.lookup("acc").partners().get(0)).isEqualTo("choice_prob");
        assertThat(MetricCatalog.lookup("multiple_choice_grade").partners()).doesNotContain("perplexity");
        assertThat(MetricCatalog.lookup("acc_norm").partners()).doesNotContain("perplexity");
    }

    @Test
    void lambadaAccuracyFindsPerplexityAsItsPartner() {
        assertThat(Partners.declaredPartner("acc", List.of("acc", "ppl"))).isEqualTo("ppl");
        assertThat(Partners.declaredPartner("exact_match", List.of("exact_match", "word_perplexity"))).isEqualTo("word_perplexity");
        assertThat(Partners.declaredPartner("acc", List.of("acc", "bits_per_byte"))).isEqualTo("bits_per_byte");
        assertThat(Partners.declaredPartner("acc", List.of("acc", "log_likelihood"))).isEqualTo("log_likelihood");
        // a mean log-probability still wins over a perplexity
        assertThat(Partners.declaredPartner("exact_match", List.of("exact_match", "ppl", "target_logprob"))).isEqualTo("target_logprob");
        assertThat(Partners.declaredPartner("acc", List.of("acc", "acc_norm"))).isNull();
    }

    @Test
    void perplexityMapsToACrossEntropy() {
        // e = ln ppl: the per-target cross-entropy; the geometric-mean target probability is 1/ppl
        ErrorForm f = ErrorForm.forMetric("ppl", Double.NaN);
        assertThat(f.kind()).isEqualTo(ErrorForm.Kind.LOG);
        assertThat(Math.exp(-f.toError(4.0))).isCloseTo(0.25, org.assertj.core.api.Assertions.within(1e-15));
        assertThat(ErrorForm.forMetric("log_likelihood", Double.NaN).toError(-2.5)).isEqualTo(2.5);
        assertThat(ErrorForm.forMetric("bits_per_byte", Double.NaN).kind()).isEqualTo(ErrorForm.Kind.IDENTITY);
        assertThat(MetricCatalog.lookup("ppl").higherIsBetter()).isFalse();
        assertThat(MetricCatalog.lookup("ppl").smooth()).isTrue();
    }
}

package mirage.core.metric;

import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Properties of metric names as they appear in result files. mirage's own names (and
 * {@link Metrics#parse} aliases) come from the battery; well-known external names are listed here
 * with their meaning; anything else is returned with {@code known = false} and the assumption
 * "higher is better, discontinuous, not linear", which a caller must report.
 *
 * <p>External names: lm-evaluation-harness {@code acc}, {@code acc_norm} (accuracy over length-
 * normalised log-likelihoods), {@code ppl}, {@code perplexity}, {@code word_perplexity},
 * {@code byte_perplexity} and {@code bits_per_byte} (continuous, lower is better); BIG-bench
 * {@code exact_str_match}, {@code multiple_choice_grade}, {@code bleu}, {@code rougeLsum} (0-100),
 * {@code normalized_aggregate_score} (0-100), {@code log_likelihood}, {@code macro_f1}. Also (met in the
 * Pythia evals, harness logs and BIG-bench): {@code acc_mutual_info}, crows_pairs' {@code likelihood_difference}
 * (continuous, lower is better) and {@code pct_stereotype} (share of pairs where the stereotypical sentence is
 * more likely; the harness counts lower as better), {@code mcc}, {@code chrf}, {@code ter},
 * {@code case_insensitive_str_match}, {@code calibration_multiple_choice_brier_score} (BIG-bench's Brier score
 * of multiple-choice items: mirage's {@code brier_score}), {@code expected_calibration_error}, {@code bleurt},
 * {@code numeric_match_with_0_1_relative_error}.
 */
public final class MetricCatalog {
    private MetricCatalog() {
    }

    private static final Map<String, MetricInfo> EXTERNAL = Map.ofEntries(
            ext("acc_norm", "acc_norm", true, false, false, true, 1, List.of("choice_prob", "brier_score")),
            ext("ppl", "perplexity", false, true, false, false, 1, List.of()),
            ext("perplexity", "perplexity", false, true, false, false, 1, List.of()),
            ext("word_perplexity", "word_perplexity", false, true, false, false, 1, List.of()),
            ext("byte_perplexity", "byte_perplexity", false, true, false, false, 1, List.of()),
            ext("bits_per_byte", "bits_per_byte", false, true, false, false, 1, List.of()),
            ext("log_likelihood", "log_likelihood", true, true, false, false, 1, List.of()),
            ext("loglikelihood", "log_likelihood", true, true, false, false, 1, List.of()),
            ext("normalized_aggregate_score", "normalized_aggregate_score", true, false, false, false, 100, List.of()),
            ext("macro_f1", "macro_f1", true, false, false, false, 1, List.of()),
            ext("f1", "f1", true, false, false, false, 1, List.of()),
            ext("rougelsum", "rouge_lsum", true, false, false, false, 100, List.of("token_prob")),
            ext("rouge1", "rouge1", true, false, false, false, 100, List.of()),
            ext("rouge2", "rouge2", true, false, false, false, 100, List.of()),
            ext("sequence_f1", "sequence_f1", true, false, false, false, 100, List.of()),
            // lm-evaluation-harness names met in the Pythia evals and harness logs (io engineer)
            ext("acc_mutual_info", "acc_mutual_info", true, false, false, true, 1, List.of("choice_prob", "brier_score")),
            ext("likelihood_difference", "likelihood_difference", false, true, false, false, 1, List.of()),
            ext("pct_stereotype", "pct_stereotype", false, false, false, true, 1, List.of("likelihood_difference")),
            ext("mcc", "mcc", true, false, false, false, 1, List.of()),
            ext("chrf", "chrf", true, false, false, false, 100, List.of("token_prob", "char_edit_distance")),
            ext("ter", "ter", false, false, false, false, 100, List.of("token_prob", "char_edit_distance")),
            // BIG-bench names
            ext("case_insensitive_str_match", "case_insensitive_str_match", true, false, false, true, 1,
                    List.of("token_edit_distance", "token_prob", "target_logprob", "char_edit_distance")),
            ext("calibration_multiple_choice_brier_score", "brier_score", false, true, false, false, 1, List.of()),
            ext("expected_calibration_error", "expected_calibration_error", false, false, false, false, 1, List.of()),
            ext("bleurt", "bleurt", true, false, false, false, 1, List.of("token_prob", "token_edit_distance")),
            ext("numeric_match_with_0_1_relative_error", "numeric_match_with_0_1_relative_error", true, false, false,
                    true, 1, List.of("char_edit_distance")));

    private static Map.Entry<String, MetricInfo> ext(String name, String canonical, boolean hib, boolean cont, boolean lin,
                                                     boolean prop, double scale, List<String> partners) {
        return Map.entry(name, new MetricInfo(name, canonical, hib, cont, lin, prop, scale, partners, true));
    }

    /**
     * Smooth partners of accuracy-like metrics in result files that carry no per-item data: lm-evaluation-harness
     * writes LAMBADA's {@code acc} next to {@code ppl} (the perplexity of the target continuation, on the same
     * outputs), other tasks {@code word_perplexity}, {@code byte_perplexity}, {@code bits_per_byte}; BIG-bench
     * writes {@code log_likelihood}. Their error forms ({@link mirage.core.fit.ErrorForm}) are cross-entropies
     * ({@code ln ppl}: minus the log of the geometric-mean probability of the target, i.e. that probability is
     * {@code 1/ppl}; {@code bits_per_byte} as it is; {@code -log_likelihood}), the quantity the paper's route
     * fits with a power law. Appended after the battery's own partners, so per-item partners win when both are
     * measured.
     */
    public static final List<String> LIKELIHOOD_PARTNERS = List.of("perplexity", "word_perplexity", "byte_perplexity",
            "bits_per_byte", "log_likelihood");

    private static List<String> withLikelihoods(String canonical, List<String> partners) {
        if (!canonical.equals("accuracy") && !canonical.equals("exact_match")) {
            return partners;
        }
        List<String> out = new java.util.ArrayList<>(partners);
        for (String p : LIKELIHOOD_PARTNERS) {
            if (!out.contains(p)) {
                out.add(p);
            }
        }
        return List.copyOf(out);
    }

    /** Properties of a metric name; never null. */
    public static MetricInfo lookup(String name) {
        String key = name.trim().toLowerCase(Locale.ROOT);
        MetricInfo e = EXTERNAL.get(key);
        if (e != null) {
            return new MetricInfo(name, e.canonical(), e.higherIsBetter(), e.continuous(), e.linear(), e.proportion(),
                    e.scale(), e.partners(), true);
        }
        try {
            Metric m = Metrics.parse(key);
            return new MetricInfo(name, m.name(), m.higherIsBetter(), m.continuous(), m.linear(), m.proportion(), 1,
                    withLikelihoods(m.name(), m.partners()), true);
        } catch (UnknownMetricException ex) {
            return new MetricInfo(name, name, true, false, false, false, 1, List.of(), false);
        }
    }
}

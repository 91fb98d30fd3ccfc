package mirage.core.metric;

import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Properties of metric names as they appear in result files. mirage's own names (and
 * {@link Metrics#parse} aliases) come from the battery; well-known external names are listed here
 * with their meaning; anything else is returned with {@code known = false} and the assumption
 * "discontinuous, not linear, higher is better" - except that a name saying distance, error, loss,
 * perplexity or the like ({@link #lowerIsBetterByName}) is assumed lower-is-better - which a caller must
 * report, with {@link #suggest suggestions}. lm-evaluation-harness's {@code metric,filter} keys are looked up
 * by their metric. A {@code --map} entry can declare a name's properties ({@link #declared}).
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

    /**
     * Words in a metric's name that say lower values are better (a distance, an error rate, a loss, a
     * perplexity, ...): an unknown name holding one is never assumed higher-is-better.
     */
    static final List<String> LOWER_IS_BETTER_WORDS = List.of("distance", "dist", "error", "err", "loss", "perplexity", "ppl",
            "nll", "mse", "mae", "rmse", "cer", "wer", "ter", "bpb", "bpc", "bits", "entropy", "regret", "cost", "latency",
            "levenshtein", "brier", "ece", "divergence", "kl", "wrong", "miss", "fail", "failure");

    /** Whether an unknown metric's name says lower is better (a word of {@link #LOWER_IS_BETTER_WORDS}). */
    public static boolean lowerIsBetterByName(String name) {
        for (String w : name.toLowerCase(Locale.ROOT).split("[^a-z0-9]+")) {
            if (LOWER_IS_BETTER_WORDS.contains(w)) {
                return true;
            }
        }
        return false;
    }

    /** Properties of a metric name; never null. */
    public static MetricInfo lookup(String name) {
        MetricInfo direct = lookup0(name);
        int comma = name.indexOf(',');
        if (!direct.known() && comma > 0) {
            // lm-evaluation-harness's "metric,filter" keys (exact_match,strict-match): the metric before the comma
            MetricInfo base = lookup0(name.substring(0, comma));
            if (base.known()) {
                return new MetricInfo(name, base.canonical(), base.higherIsBetter(), base.continuous(), base.linear(),
                        base.proportion(), base.scale(), base.partners(), true);
            }
        }
        return direct;
    }

    private static MetricInfo lookup0(String name) {
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
            return new MetricInfo(name, name, !lowerIsBetterByName(name), false, false, false, 1, List.of(), false);
        }
    }

    /** Every name mirage knows the properties of: its metrics, their aliases' targets and the external names. */
    public static List<String> knownNames() {
        java.util.TreeSet<String> out = new java.util.TreeSet<>(MetricKind.keys());
        out.addAll(EXTERNAL.keySet());
        out.addAll(List.of("acc", "em", "exact_str_match"));
        return List.copyOf(out);
    }

    /**
     * Known metric names an unknown name may stand for, best first (at most 4): names whose words it contains or that
     * contain its words ({@code edit_distance}: {@code char_edit_distance}, {@code token_edit_distance};
     * {@code exact_match_accuracy}: {@code exact_match}, {@code accuracy}), then close spellings (edit distance at most 2).
     */
    public static List<String> suggest(String name) {
        String n = name.trim().toLowerCase(Locale.ROOT).replace('-', '_');
        int comma = n.indexOf(',');
        if (comma > 0) {
            n = n.substring(0, comma);
        }
        List<String> words = List.of(n.split("_+"));
        List<String> hits = new java.util.ArrayList<>();
        for (String k : knownNames()) {
            List<String> kw = List.of(k.split("_+"));
            boolean contains = !k.equals(n) && (k.contains(n) && n.length() >= 3 || kw.size() > 1 && n.contains(k)
                    || kw.size() == 1 && words.size() > 1 && words.contains(k));
            if (contains) {
                hits.add(k);
            }
        }
        hits.sort(java.util.Comparator.comparingInt((String k) -> Math.abs(k.length() - name.length())).thenComparing(k -> k));
        for (String k : knownNames()) {
            if (!hits.contains(k) && !k.equals(n) && Levenshtein.distance(k, n) <= Math.min(2, Math.max(1, n.length() / 3))) {
                hits.add(k);
            }
        }
        return hits.size() > 4 ? List.copyOf(hits.subList(0, 4)) : List.copyOf(hits);
    }

    /**
     * The properties a {@code --map} entry {@code metric:NAME = DECLARATION} gives a metric: a name mirage knows
     * ({@code char_edit_distance}: NAME is that metric), or properties
     * {@code higher_is_better=false, continuous=true, linear=true, proportion=false, scale=100, partner=token_prob}
     * (each optional; the others as mirage assumes for an unknown name).
     *
     * @throws IllegalArgumentException for an unknown metric name or property
     */
    public static MetricInfo declared(String name, String declaration) {
        String d = declaration.strip();
        if (!d.contains("=")) {
            MetricInfo m = lookup(d);
            if (!m.known()) {
                List<String> sug = suggest(d);
                throw new IllegalArgumentException("metric:" + name + " = " + d + ": '" + d + "' is not a metric mirage knows"
                        + (sug.isEmpty() ? "" : " (did you mean " + String.join(", ", sug) + "?)")
                        + "; declare its properties instead, e.g. metric:" + name + " = higher_is_better=false, continuous=true");
            }
            return new MetricInfo(name, m.canonical(), m.higherIsBetter(), m.continuous(), m.linear(), m.proportion(), m.scale(),
                    m.partners(), true);
        }
        MetricInfo base = lookup(name);
        boolean hib = base.higherIsBetter();
        boolean cont = base.continuous();
        boolean lin = base.linear();
        boolean prop = base.proportion();
        double scale = base.scale();
        List<String> partners = new java.util.ArrayList<>(base.partners());
        boolean directionGiven = false;
        for (String part : d.split(",")) {
            if (part.isBlank()) {
                continue;
            }
            int eq = part.indexOf('=');
            if (eq < 0) {
                throw new IllegalArgumentException("metric:" + name + ": '" + part.strip() + "' is not KEY=VALUE");
            }
            String k = part.substring(0, eq).strip().toLowerCase(Locale.ROOT);
            String v = part.substring(eq + 1).strip();
            switch (k) {
                case "higher_is_better" -> {
                    hib = bool(name, k, v);
                    directionGiven = true;
                }
                case "lower_is_better" -> {
                    hib = !bool(name, k, v);
                    directionGiven = true;
                }
                case "continuous" -> cont = bool(name, k, v);
                case "linear" -> lin = bool(name, k, v);
                case "proportion" -> prop = bool(name, k, v);
                case "scale" -> {
                    try {
                        scale = Double.parseDouble(v);
                    } catch (NumberFormatException e) {
                        scale = Double.NaN;
                    }
                    if (!(scale > 0) || Double.isInfinite(scale)) {
                        throw new IllegalArgumentException("metric:" + name + ": scale must be a positive number, got '" + v + "'");
                    }
                }
                case "partner", "partners" -> {
                    for (String p : v.split("[ /|]+")) {
                        if (p.isBlank()) {
                            continue;
                        }
                        MetricInfo pi = lookup(p);
                        if (!pi.known()) {
                            throw new IllegalArgumentException("metric:" + name + ": partner '" + p + "' is not a metric mirage knows");
                        }
                        partners.add(0, pi.canonical());
                    }
                }
                default -> throw new IllegalArgumentException("metric:" + name + ": unknown property '" + k + "' (known: "
                        + "higher_is_better, lower_is_better, continuous, linear, proportion, scale, partner)");
            }
        }
        if (!base.known() && !directionGiven) {
            throw new IllegalArgumentException("metric:" + name + ": say its direction (higher_is_better=true or false): "
                    + "mirage does not know '" + name + "'");
        }
        return new MetricInfo(name, base.canonical(), hib, cont, lin, prop, scale, List.copyOf(new java.util.LinkedHashSet<>(partners)), true);
    }

    private static boolean bool(String name, String k, String v) {
        return switch (v.toLowerCase(Locale.ROOT)) {
            case "true", "yes", "1" -> true;
            case "false", "no", "0" -> false;
            default -> throw new IllegalArgumentException("metric:" + name + ": " + k + " must be true or false, got '" + v + "'");
        };
    }
}

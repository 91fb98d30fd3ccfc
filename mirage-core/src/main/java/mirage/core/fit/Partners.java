package mirage.core.fit;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Locale;
import mirage.core.metric.MetricCatalog;
import mirage.core.metric.MetricInfo;

/**
 * The one place that chooses the smooth partner S of a discontinuous metric D among the metrics measured on
 * the same outputs: the verdict ({@code VerdictRule}), the meta-analysis's triplets, the per-item tables kept
 * for paired bootstraps and the backtest's composed route all ask here, so they always agree.
 */
public final class Partners {
    private Partners() {
    }

    /**
     * A discontinuous metric and the partner chosen for it.
     *
     * @param metric D
     * @param partner S
     * @param declared whether S is one of D's declared partners (else a smooth metric of the same task and
     *     conditions, assumed to be on the same outputs)
     */
    public record Pair(String metric, String partner, boolean declared) {
    }

    /**
     * Every discontinuous metric among {@code metrics} (in their order) with its partner among them; metrics
     * without one are left out. With {@code undeclared}, a smooth metric that is not a declared partner is taken
     * when no declared one was measured ({@link #undeclaredSmooth}).
     */
    public static List<Pair> pairs(Collection<String> metrics, boolean undeclared) {
        List<Pair> out = new ArrayList<>();
        for (String m : metrics) {
            if (MetricCatalog.lookup(m).smooth()) {
                continue;
            }
            Pair p = of(m, metrics, undeclared);
            if (p != null) {
                out.add(p);
            }
        }
        return out;
    }

    /**
     * The pair of one metric (the backtest also composes linear metrics such as edit distances), or null when it
     * has no partner among {@code available}.
     */
    public static Pair of(String metric, Collection<String> available, boolean undeclared) {
        String p = declaredPartner(metric, available);
        if (p != null) {
            return new Pair(metric, p, true);
        }
        if (undeclared) {
            p = undeclaredSmooth(metric, available);
            if (p != null) {
                return new Pair(metric, p, false);
            }
        }
        return null;
    }

    /**
     * The declared smooth partner of {@code target} to use among {@code available} metric names, or null.
     * Among the declared partners measured, the best for a power-law fit wins (ties: the metric's declared
     * order): (1) a mean log-probability ({@code target_logprob}: minus the mean per-token cross-entropy,
     * the paper's {@code L_CE}); (2) a probability that is continuous in the model's probabilities and
     * whose error form is a cross-entropy ({@code token_prob}, {@code choice_prob}: {@code e = -ln p});
     * (3) another continuous metric (Brier scores); (4) the others (token edit distance). Why: averaging
     * log-probabilities over items keeps a power law in the per-token cross-entropy a power law when items
     * differ in difficulty, averaging probabilities bends it; Brier scores and edit distances saturate at
     * their bounds for weak models (edit distance is also read off greedy outputs and stays below L when
     * almost every token is wrong, as shifted alignments match some digits), which no power law does. On a
     * simulated family with log-difficulty spread 0.3 ({@code BacktestTest}) the composed prediction of
     * exact match held out at the two largest sizes was off by ~0.09 via {@code token_prob} and within
     * 0.01 via {@code target_logprob}.
     */
    public static String declaredPartner(String target, Collection<String> available) {
        MetricInfo info = MetricCatalog.lookup(target);
        String best = null;
        int bestRank = Integer.MAX_VALUE;
        for (String p : info.partners()) {
            String canon = MetricCatalog.lookup(p).canonical();
            for (String a : available) {
                MetricInfo ai = MetricCatalog.lookup(a);
                if (a.equals(target) || !ai.canonical().equals(canon)) {
                    continue;
                }
                ErrorForm.Kind form = ErrorForm.forMetric(a, Double.NaN).kind();
                boolean logForm = form == ErrorForm.Kind.NEG_LOG || form == ErrorForm.Kind.NEG || form == ErrorForm.Kind.LOG;
                int rank = canon.equals("target_logprob") ? 0 : ai.continuous() && logForm ? 1 : ai.continuous() ? 2 : 3;
                if (rank < bestRank) {
                    best = a;
                    bestRank = rank;
                }
            }
        }
        return best;
    }

    /**
     * A smooth metric among {@code available} that is not a declared partner (e.g. lm-evaluation-harness
     * {@code ppl} next to {@code acc} of the same task): the caller must say it is assumed to be on the
     * same outputs. Prefers perplexities and log-likelihoods. Null when none.
     */
    public static String undeclaredSmooth(String target, Collection<String> available) {
        String best = null;
        int bestRank = Integer.MAX_VALUE;
        for (String a : available) {
            if (a.equals(target)) {
                continue;
            }
            MetricInfo i = MetricCatalog.lookup(a);
            if (!i.known() || !i.smooth()) {
                continue;
            }
            String c = i.canonical().toLowerCase(Locale.ROOT);
            int rank = c.equals("perplexity") ? 0 : c.contains("perplexity") || c.contains("log") ? 1 : 2;
            if (rank < bestRank || (rank == bestRank && a.compareTo(best) < 0)) {
                best = a;
                bestRank = rank;
            }
        }
        return best;
    }

}

package mirage.core.metric;

import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * BLEU-4 (Papineni, Roukos, Ward and Zhu, 2002, "BLEU: a method for automatic evaluation of machine
 * translation", ACL), one reference per item, uniform weights 1/4, no smoothing.
 *
 * <p>Formula: {@code BLEU = BP * exp(sum_{n=1..4} 1/4 log p_n)}, where {@code p_n} is the clipped n-gram
 * precision (each candidate n-gram counts at most as often as it occurs in the reference) and
 * {@code BP = 1 if c > r, else exp(1 - r/c)} with candidate length c and reference length r. Corpus BLEU
 * sums matches, totals and lengths over all items before taking the ratios; sentence BLEU is the same on
 * one item.
 *
 * <p>Empty and degenerate input: when any order has no candidate n-gram (c &lt; 4) or no match, BLEU is 0
 * (so an exact match of fewer than 4 tokens scores 0, as the paper's Appendix A notes). Values are in
 * [0, 1]; sacreBLEU prints 100 times this.
 *
 * <p>Agreement with reference tools (see {@code BleuTest}): equal to sacreBLEU 2.6.0
 * {@code corpus_bleu(..., tokenize='none', smooth_method='none')} and, for sentences,
 * {@code sentence_bleu(..., tokenize='none', smooth_method='none', use_effective_order=False)}
 * (sacreBLEU's default sentence BLEU uses the "effective order" and scores a 3-token exact match 100);
 * equal to NLTK 3.10.3 {@code corpus_bleu}/{@code sentence_bleu} with default settings whenever every
 * order has a match (when one has none, NLTK returns about 1e-77 rather than 0). sacreBLEU's default
 * {@code 13a} tokeniser splits punctuation; mirage uses the sample's tokens, else white-space splitting.
 *
 * <p>An instance holds reusable buffers and is not thread-safe; the static methods allocate.
 */
public final class Bleu {
    public static final int MAX_ORDER = 4;
    /** Ids of one pair must fit 16 bits to pack a 4-gram into a long. */
    private static final int PACKABLE = 1 << 16;

    private final int packable;
    private final TokenTable table = new TokenTable();
    private int[] cand = new int[64];
    private int[] ref = new int[64];
    private long[] keysC = new long[64];
    private long[] keysR = new long[64];

    /** A workspace for many pairs. */
    public Bleu() {
        this(PACKABLE);
    }

    /** For tests: pairs with {@code packable} or more distinct tokens take the direct n-gram count. */
    Bleu(int packable) {
        if (packable < 1 || packable > PACKABLE) {
            throw new IllegalArgumentException("packable must be in 1.." + PACKABLE);
        }
        this.packable = packable;
    }

    /** Sufficient statistics of one or more items: clipped matches and totals per order, lengths. */
    public static final class Stats implements java.io.Serializable {
        private static final long serialVersionUID = 1L;
        final long[] matches = new long[MAX_ORDER];
        final long[] totals = new long[MAX_ORDER];
        long candidateLength;
        long referenceLength;

        /** Adds another item's (or corpus's) statistics. */
        public void add(Stats o) {
            for (int i = 0; i < MAX_ORDER; i++) {
                matches[i] += o.matches[i];
                totals[i] += o.totals[i];
            }
            candidateLength += o.candidateLength;
            referenceLength += o.referenceLength;
        }

        /** Clipped matches of order n (1..4). */
        public long matches(int n) {
            return matches[n - 1];
        }

        /** Candidate n-grams of order n (1..4). */
        public long totals(int n) {
            return totals[n - 1];
        }

        /** BLEU-4 of these statistics, in [0, 1]; 0 when any order has no candidate n-gram or no match. */
        public double bleu() {
            double logSum = 0;
            for (int i = 0; i < MAX_ORDER; i++) {
                if (totals[i] == 0 || matches[i] == 0) {
                    return 0.0;
                }
                logSum += Math.log((double) matches[i] / totals[i]);
            }
            double bp = candidateLength > referenceLength ? 1.0
                    : Math.exp(1.0 - (double) referenceLength / candidateLength);
            return bp * Math.exp(logSum / MAX_ORDER);
        }
    }

    /** Adds the statistics of one candidate against one reference to {@code into}. */
    public void add(Stats into, List<String> candidate, List<String> reference) {
        int c = candidate.size();
        int r = reference.size();
        into.candidateLength += c;
        into.referenceLength += r;
        for (int n = 1; n <= MAX_ORDER; n++) {
            into.totals[n - 1] += Math.max(0, c - n + 1);
        }
        if (c == 0 || r == 0) {
            return;
        }
        table.reset(c + r);
        cand = table.intern(candidate, cand);
        ref = table.intern(reference, ref);
        if (table.size() >= packable) {
            addSlow(into, candidate, reference);
            return;
        }
        for (int n = 1; n <= MAX_ORDER && n <= c && n <= r; n++) {
            int kc = keys(cand, c, n, true);
            int kr = keys(ref, r, n, false);
            Arrays.sort(keysC, 0, kc);
            Arrays.sort(keysR, 0, kr);
            into.matches[n - 1] += clippedMatches(keysC, kc, keysR, kr);
        }
    }

    /** Unsmoothed sentence BLEU-4 of one candidate against one reference. */
    public double sentence(List<String> candidate, List<String> reference) {
        Stats s = new Stats();
        add(s, candidate, reference);
        return s.bleu();
    }

    /** Unsmoothed sentence BLEU-4 of one candidate against one reference (allocates a workspace). */
    public static double sentenceBleu(List<String> candidate, List<String> reference) {
        return new Bleu().sentence(candidate, reference);
    }

    /** Corpus BLEU-4 of parallel lists of candidates and references (allocates a workspace). */
    public static double corpusBleu(List<List<String>> candidates, List<List<String>> references) {
        if (candidates.size() != references.size()) {
            throw new IllegalArgumentException("need one reference per candidate");
        }
        Bleu b = new Bleu();
        Stats s = new Stats();
        for (int i = 0; i < candidates.size(); i++) {
            b.add(s, candidates.get(i), references.get(i));
        }
        return s.bleu();
    }

    private int keys(int[] seq, int len, int n, boolean candidate) {
        int k = len - n + 1;
        long[] out = candidate ? keysC : keysR;
        if (out.length < k) {
            out = new long[Math.max(k, 2 * out.length)];
            if (candidate) {
                keysC = out;
            } else {
                keysR = out;
            }
        }
        for (int i = 0; i < k; i++) {
            long key = 0;
            for (int t = 0; t < n; t++) {
                key = (key << 16) | seq[i + t];
            }
            out[i] = key;
        }
        return k;
    }

    /** Sum over distinct keys of min(count in candidate, count in reference); both arrays sorted. */
    static long clippedMatches(long[] a, int na, long[] b, int nb) {
        long match = 0;
        int i = 0;
        int j = 0;
        while (i < na && j < nb) {
            if (a[i] < b[j]) {
                i++;
            } else if (a[i] > b[j]) {
                j++;
            } else {
                long key = a[i];
                int ca = 0;
                while (i < na && a[i] == key) {
                    i++;
                    ca++;
                }
                int cb = 0;
                while (j < nb && b[j] == key) {
                    j++;
                    cb++;
                }
                match += Math.min(ca, cb);
            }
        }
        return match;
    }

    /** The direct definition with n-gram maps, for pairs with 65536 or more distinct tokens. */
    private static void addSlow(Stats into, List<String> candidate, List<String> reference) {
        for (int n = 1; n <= MAX_ORDER; n++) {
            Map<List<String>, Integer> refCounts = ngrams(reference, n);
            Map<List<String>, Integer> candCounts = ngrams(candidate, n);
            long match = 0;
            for (Map.Entry<List<String>, Integer> e : candCounts.entrySet()) {
                match += Math.min(e.getValue(), refCounts.getOrDefault(e.getKey(), 0));
            }
            into.matches[n - 1] += match;
        }
    }

    private static Map<List<String>, Integer> ngrams(List<String> tokens, int n) {
        Map<List<String>, Integer> m = new HashMap<>();
        for (int i = 0; i + n <= tokens.size(); i++) {
            m.merge(tokens.subList(i, i + n), 1, Integer::sum);
        }
        return m;
    }
}

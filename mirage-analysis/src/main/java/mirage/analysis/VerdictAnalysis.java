package mirage.analysis;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import mirage.core.analysis.Series;
import mirage.core.analysis.SeriesKey;
import mirage.core.verdict.Verdict;
import mirage.core.verdict.VerdictRule;
import mirage.core.data.ScaleAxis;
import mirage.core.fit.Partners;
import mirage.core.metric.MetricInfo;
import mirage.core.metric.MetricUnits;
import mirage.core.metric.MetricValue;
import mirage.io.csv.CsvNumbers;
import mirage.io.results.ItemTables;

/**
 * The verdict over a {@link MetaAnalysis}: finds every triplet (family, task, labels; a discontinuous metric
 * D; its declared smooth partner S measured on the same outputs), judges them together with
 * {@link VerdictRule} (Benjamini-Hochberg over all of them), with per-item tables for paired bootstraps
 * where the input was per-sample ({@link ItemTables}), per-point uncertainty otherwise.
 *
 * <p><b>Bound.</b> At most {@code maxTriplets} triplets are judged: those whose D looks most emergent on evidence
 * ({@link #evidenceRank}: rising beyond noise first, by the lower end of the emergence score's interval; ties by series
 * order). The others get no verdict; they still count in Benjamini-Hochberg with
 * p = 1, which keeps the false-discovery control valid for the judged ones (conservative), and the output
 * says how many were left out. Finding the triplets costs a hash lookup per series; judging one costs a
 * few milliseconds (the exact permutation null over up to 8! orders, 1,000 resamples of eta) up to a second
 * (the composed route's 200 refits), so the cap bounds the time of {@code mirage analyze} on huge inputs.
 */
public final class VerdictAnalysis {
    /** Default cap on judged triplets. */
    public static final int DEFAULT_MAX_TRIPLETS = 100;

    /**
     * @param report the rule's report (verdicts of the judged triplets)
     * @param candidates triplets found
     * @param judged triplets judged (at most the cap)
     * @param withItems judged triplets whose D had a per-item table
     * @param byPosition verdict per {@code series_id} of D
     * @param partnerOf partner metric per {@code series_id} of D, for every triplet found
     * @param series the D and S series of the judged triplets (for backtests)
     */
    public record Result(VerdictRule.Report report, int candidates, int judged, int withItems,
                         Map<Integer, Verdict> byPosition, Map<Integer, String> partnerOf, List<Series> series) {
        public List<Verdict> verdicts() {
            return report.verdicts();
        }
    }

    private VerdictAnalysis() {
    }

    private record GroupKey(int family, int task, int labels) {
    }

    /** Finds, bounds and judges the triplets. */
    public static Result run(MetaAnalysis a, ItemTables items, VerdictRule rule, int maxTriplets) {
        if (maxTriplets < 0) {
            throw new IllegalArgumentException("maxTriplets must be non-negative, got " + maxTriplets);
        }
        int n = a.seriesCount();
        // groups of (family, task, labels) in order of first appearance, each with its positions in order:
        // primitive arrays (a million series make a hundred thousand groups)
        mirage.io.util.IntTupleIndex groupIndex = new mirage.io.util.IntTupleIndex(3, Math.max(16, n / 4));
        int[] groupOf = new int[n];
        int[] key = new int[3];
        int[] metricOf = new int[n];
        for (int pos = 0; pos < n; pos++) {
            SeriesView v = a.series(pos);
            key[0] = v.familyId();
            key[1] = v.taskId();
            key[2] = v.labelsId();
            groupOf[pos] = groupIndex.intern(key, 0);
            metricOf[pos] = v.metricId();
        }
        int ng = groupIndex.size();
        int[] start = new int[ng + 1];
        for (int pos = 0; pos < n; pos++) {
            start[groupOf[pos] + 1]++;
        }
        for (int g = 0; g < ng; g++) {
            start[g + 1] += start[g];
        }
        int[] inGroup = new int[n];
        int[] fill = Arrays.copyOf(start, ng);
        for (int pos = 0; pos < n; pos++) {
            inGroup[fill[groupOf[pos]]++] = pos;
        }
        groupOf = null;
        fill = null;
        // partners: one decision per (D metric, metrics of the group), cached
        Map<String, Map<Integer, String>> partnerCache = new HashMap<>();
        Map<Integer, MetricInfo> infoCache = new HashMap<>();
        Map<Integer, String> metricName = new HashMap<>();
        int[] tripletD = new int[16]; // D position of triplet i
        int[] tripletS = new int[16]; // S position of triplet i
        int candidates = 0;
        int[] partnerMetric = new int[n]; // partner metric id per D position, -1 for none
        Arrays.fill(partnerMetric, -1);
        for (int g = 0; g < ng; g++) {
            int from = start[g];
            int size = start[g + 1] - from;
            if (size < 2) {
                continue;
            }
            Map<String, Integer> byMetric = new LinkedHashMap<>();
            int[] ids = new int[size];
            for (int i = 0; i < size; i++) {
                int pos = inGroup[from + i];
                byMetric.put(metricName.computeIfAbsent(metricOf[pos], m -> a.series(pos).metric()), pos);
                ids[i] = metricOf[pos];
            }
            Arrays.sort(ids);
            Map<Integer, String> partners = partnerCache.computeIfAbsent(Arrays.toString(ids), z -> new HashMap<>());
            for (int i = 0; i < size; i++) {
                int pos = inGroup[from + i];
                int mid = metricOf[pos];
                MetricInfo info = infoCache.computeIfAbsent(mid, z -> a.series(pos).metricInfo());
                if (info.smooth()) {
                    continue;
                }
                String partner = partners.computeIfAbsent(mid, z -> {
                    Partners.Pair p = Partners.of(metricName.get(mid), byMetric.keySet(), rule.config().undeclaredPartners());
                    return p == null ? "" : p.partner();
                });
                if (!partner.isEmpty()) {
                    if (candidates == tripletD.length) {
                        tripletD = Arrays.copyOf(tripletD, candidates * 2);
                        tripletS = Arrays.copyOf(tripletS, candidates * 2);
                    }
                    int sPos = byMetric.get(partner);
                    tripletD[candidates] = pos;
                    tripletS[candidates] = sPos;
                    candidates++;
                    partnerMetric[pos] = metricOf[sPos];
                }
            }
        }
        inGroup = null;
        List<int[]> chosen = new ArrayList<>();
        if (candidates > maxTriplets) {
            // the maxTriplets of highest evidence rank (ties: lower position first), by position
            double[] es = new double[candidates];
            for (int i = 0; i < candidates; i++) {
                es[i] = evidenceRank(a.series(tripletD[i]));
            }
            int[] top = topTriplets(es, tripletD, candidates, maxTriplets);
            for (int i : top) {
                chosen.add(new int[] {tripletD[i], tripletS[i]});
            }
            chosen.sort((x, y) -> Integer.compare(x[0], y[0]));
        } else {
            for (int i = 0; i < candidates; i++) {
                chosen.add(new int[] {tripletD[i], tripletS[i]});
            }
        }
        Map<Integer, String> partnerOf = new PartnerMap(partnerMetric, a.table());
        // one rule group per (family, task, labels) with the chosen D metrics and their partners
        Map<GroupKey, List<int[]>> byGroup = new LinkedHashMap<>();
        for (int[] t : chosen) {
            SeriesView d = a.series(t[0]);
            byGroup.computeIfAbsent(new GroupKey(d.familyId(), d.taskId(), d.labelsId()), k -> new ArrayList<>()).add(t);
        }
        List<VerdictRule.Group> ruleGroups = new ArrayList<>();
        Map<String, Integer> positionOf = new HashMap<>();
        List<Series> judgedSeries = new ArrayList<>();
        int withItems = 0;
        for (List<int[]> ts : byGroup.values()) {
            Set<Integer> members = new LinkedHashSet<>();
            Set<String> targets = new LinkedHashSet<>();
            for (int[] t : ts) {
                members.add(t[0]);
                members.add(t[1]);
                targets.add(a.series(t[0]).metric());
            }
            List<Series> series = new ArrayList<>();
            for (int pos : members) {
                series.add(toSeries(a.series(pos)));
            }
            judgedSeries.addAll(series);
            SeriesView first = a.series(ts.get(0)[0]);
            Map<String, MetricUnits.Table> tables = items == null || items.isEmpty() ? Map.of()
                    : items.tables(first.family(), first.task(), first.labels());
            for (int[] t : ts) {
                SeriesView d = a.series(t[0]);
                positionOf.put(d.family() + '\u0000' + d.task() + '\u0000' + d.labelText() + '\u0000' + d.metric(), t[0]);
                if (tables.containsKey(d.metric())) {
                    withItems++;
                }
            }
            ruleGroups.add(new VerdictRule.Group(series, tables, targets));
        }
        VerdictRule.Report rep = rule.assess(ruleGroups, candidates - chosen.size());
        Map<Integer, Verdict> byPosition = new HashMap<>();
        for (Verdict v : rep.verdicts()) {
            Integer pos = positionOf.get(v.family() + '\u0000' + v.task() + '\u0000' + v.labelText() + '\u0000' + v.metric());
            if (pos != null) {
                byPosition.put(pos, v);
            }
        }
        return new Result(rep, candidates, chosen.size(), withItems, byPosition, partnerOf, judgedSeries);
    }

    /**
     * How emergent-looking a series is on evidence, for the cap: curves rising beyond noise first, by the lower end of
     * their emergence score's interval (the score itself when it was not computed: below the threshold, or no noise
     * known), then the others by their score. Finite, so that both groups order within themselves.
     */
    static double evidenceRank(SeriesView s) {
        double es = s.emergenceScore();
        double lo = s.esLower();
        double key = Double.isNaN(lo) ? es : lo;
        key = Double.isNaN(key) ? -1e12 : Math.max(-1e12, Math.min(1e12, key));
        return s.shape() == mirage.core.analysis.CurveShape.Kind.RISING ? key + 3e12 : key;
    }

    /** Sort key of an emergence score, higher first: NaN counts as -inf (as Double.compare orders). */
    private static long scoreKey(double es) {
        double e = Double.isNaN(es) ? Double.NEGATIVE_INFINITY : es;
        long bits = Double.doubleToLongBits(e);
        return bits ^ ((bits >> 63) & 0x7FFFFFFFFFFFFFFFL);
    }

    /**
     * Indices of the k triplets of highest D emergence score (NaN lowest), ties by lower D position: the same
     * set as a full sort by that order cut after k, found with a bounded heap (k log k per candidate at worst).
     */
    static int[] topTriplets(double[] es, int[] dPos, int count, int k) {
        if (k == 0) {
            return new int[0];
        }
        long[] score = new long[count];
        for (int i = 0; i < count; i++) {
            score[i] = scoreKey(es[i]);
        }
        // heap of the k best so far, worst at the root ("worse": lower score, or equal score and higher position)
        int[] heap = new int[k];
        int size = 0;
        for (int i = 0; i < count; i++) {
            if (size < k) {
                heap[size] = i;
                int c = size++;
                while (c > 0) {
                    int parent = (c - 1) >>> 1;
                    if (worse(score, dPos, heap[c], heap[parent])) {
                        int t = heap[c];
                        heap[c] = heap[parent];
                        heap[parent] = t;
                        c = parent;
                    } else {
                        break;
                    }
                }
            } else if (worse(score, dPos, heap[0], i)) {
                heap[0] = i;
                int c = 0;
                while (true) {
                    int l = 2 * c + 1;
                    if (l >= size) {
                        break;
                    }
                    int m = l + 1 < size && worse(score, dPos, heap[l + 1], heap[l]) ? l + 1 : l;
                    if (worse(score, dPos, heap[m], heap[c])) {
                        int t = heap[c];
                        heap[c] = heap[m];
                        heap[m] = t;
                        c = m;
                    } else {
                        break;
                    }
                }
            }
        }
        return Arrays.copyOf(heap, size);
    }

    /** Whether triplet i ranks after triplet j. */
    private static boolean worse(long[] score, int[] dPos, int i, int j) {
        return score[i] != score[j] ? score[i] < score[j] : dPos[i] > dPos[j];
    }

    /** Partner metric per D position, as a read-only map (an int per series instead of a map entry per triplet). */
    private static final class PartnerMap extends java.util.AbstractMap<Integer, String> {
        private final int[] metric;
        private final PointTable t;
        private final int size;

        PartnerMap(int[] metric, PointTable t) {
            this.metric = metric;
            this.t = t;
            int c = 0;
            for (int m : metric) {
                c += m >= 0 ? 1 : 0;
            }
            size = c;
        }

        @Override
        public String get(Object key) {
            if (!(key instanceof Integer i) || i < 0 || i >= metric.length || metric[i] < 0) {
                return null;
            }
            return t.string(metric[i]);
        }

        @Override
        public boolean containsKey(Object key) {
            return get(key) != null;
        }

        @Override
        public int size() {
            return size;
        }

        @Override
        public java.util.Set<Map.Entry<Integer, String>> entrySet() {
            return new java.util.AbstractSet<>() {
                @Override
                public java.util.Iterator<Map.Entry<Integer, String>> iterator() {
                    return new java.util.Iterator<>() {
                        int next = advance(0);

                        private int advance(int from) {
                            int i = from;
                            while (i < metric.length && metric[i] < 0) {
                                i++;
                            }
                            return i;
                        }

                        @Override
                        public boolean hasNext() {
                            return next < metric.length;
                        }

                        @Override
                        public Map.Entry<Integer, String> next() {
                            if (next >= metric.length) {
                                throw new java.util.NoSuchElementException();
                            }
                            Map.Entry<Integer, String> e = Map.entry(next, t.string(metric[next]));
                            next = advance(next + 1);
                            return e;
                        }
                    };
                }

                @Override
                public int size() {
                    return size;
                }
            };
        }
    }

    /** A series of the analysis as a core {@link Series} (points named as {@link ItemTables#pointModel} names them). */
    public static Series toSeries(SeriesView v) {
        ScaleAxis axis = v.axis();
        List<Series.Point> pts = new ArrayList<>(v.size());
        for (int i = 0; i < v.size(); i++) {
            double nn = v.n(i);
            long count = Double.isNaN(nn) || nn < 0 ? 0 : (long) nn;
            MetricValue mv = new MetricValue(v.value(i), count, 0, v.stderr(i), v.lower(i), v.upper(i), v.chance(i));
            pts.add(new Series.Point(ItemTables.pointModel(axis, v.model(i), v.scale(i)), v.scale(i), mv));
        }
        return new Series(new SeriesKey(v.family(), v.task(), v.metric(), v.labels()), axis, pts);
    }

    /** The verdict columns of {@code emergence.csv} (empty for series without a partner). */
    public static SeriesAnnotator columns(Result r) {
        return new SeriesAnnotator() {
            @Override
            public List<String> columns() {
                return List.of("partner", "verdict", "reason", "eta", "eta_lower", "eta_upper", "sharp_q");
            }

            @Override
            public List<String> values(SeriesView s) {
                String partner = r.partnerOf().get(s.id());
                if (partner == null) {
                    return List.of("", "", "", "", "", "", "");
                }
                Verdict v = r.byPosition().get(s.id());
                if (v == null) {
                    return List.of(partner, "", "", "", "", "", "");
                }
                Verdict.SharpnessEvidence d = v.sharpness();
                return List.of(partner, v.verdict().key(), v.reason().key(), CsvNumbers.format(d.eta()),
                        CsvNumbers.format(d.etaLower()), CsvNumbers.format(d.etaUpper()), CsvNumbers.format(d.sharpQ()));
            }
        };
    }
}

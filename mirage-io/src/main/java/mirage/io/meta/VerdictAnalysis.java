package mirage.io.meta;

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
import mirage.core.analysis.Verdict;
import mirage.core.analysis.VerdictRule;
import mirage.core.data.ScaleAxis;
import mirage.core.fit.Routes;
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
 * <p><b>Bound.</b> At most {@code maxTriplets} triplets are judged: those whose D has the highest emergence
 * score (ties by series order). The others get no verdict; they still count in Benjamini-Hochberg with
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
        Map<GroupKey, List<Integer>> groups = new LinkedHashMap<>();
        for (int pos = 0; pos < n; pos++) {
            SeriesView v = a.series(pos);
            groups.computeIfAbsent(new GroupKey(v.familyId(), v.taskId(), v.labelsId()), k -> new ArrayList<>(4)).add(pos);
        }
        // partners: one decision per (D metric, metrics of the group), cached
        Map<String, String> partnerCache = new HashMap<>();
        Map<Integer, MetricInfo> infoCache = new HashMap<>();
        List<int[]> triplets = new ArrayList<>(); // {D position, S position}
        Map<Integer, String> partnerOf = new HashMap<>();
        for (List<Integer> g : groups.values()) {
            if (g.size() < 2) {
                continue;
            }
            Map<String, Integer> byMetric = new LinkedHashMap<>();
            int[] ids = new int[g.size()];
            for (int i = 0; i < g.size(); i++) {
                SeriesView v = a.series(g.get(i));
                byMetric.put(v.metric(), g.get(i));
                ids[i] = v.metricId();
            }
            int[] sorted = ids.clone();
            Arrays.sort(sorted);
            String sig = Arrays.toString(sorted);
            for (int pos : g) {
                SeriesView d = a.series(pos);
                MetricInfo info = infoCache.computeIfAbsent(d.metricId(), z -> d.metricInfo());
                if (info.smooth()) {
                    continue;
                }
                String partner = partnerCache.computeIfAbsent(d.metricId() + sig, z -> {
                    String p = Routes.declaredPartner(d.metric(), byMetric.keySet());
                    return p == null ? "" : p;
                });
                if (!partner.isEmpty()) {
                    triplets.add(new int[] {pos, byMetric.get(partner)});
                    partnerOf.put(pos, partner);
                }
            }
        }
        int candidates = triplets.size();
        List<int[]> chosen = triplets;
        if (candidates > maxTriplets) {
            chosen = new ArrayList<>(triplets);
            chosen.sort((x, y) -> {
                double ex = a.series(x[0]).emergenceScore();
                double ey = a.series(y[0]).emergenceScore();
                int c = Double.compare(Double.isNaN(ey) ? Double.NEGATIVE_INFINITY : ey, Double.isNaN(ex) ? Double.NEGATIVE_INFINITY : ex);
                return c != 0 ? c : Integer.compare(x[0], y[0]);
            });
            chosen = new ArrayList<>(chosen.subList(0, maxTriplets));
            chosen.sort((x, y) -> Integer.compare(x[0], y[0]));
        }
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
                return List.of("partner", "verdict", "eta", "eta_lower", "eta_upper", "permutation_p", "bh_q");
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
                return List.of(partner, v.verdict().key(), CsvNumbers.format(v.eta()), CsvNumbers.format(v.etaLower()),
                        CsvNumbers.format(v.etaUpper()), CsvNumbers.format(v.permutationP()), CsvNumbers.format(v.q()));
            }
        };
    }
}

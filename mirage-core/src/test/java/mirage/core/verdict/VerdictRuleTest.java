package mirage.core.analysis;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.DoubleUnaryOperator;
import java.util.stream.Collectors;
import mirage.core.data.Sample;
import mirage.core.data.ScaleAxis;
import mirage.core.metric.MetricUnits;
import mirage.core.metric.Metrics;
import mirage.core.metric.Scorer;
import mirage.core.sim.FamilySimulator;
import org.junit.jupiter.api.Test;

/**
 * The verdict on simulated families where the truth is known (samples from {@link FamilySimulator},
 * scored by the real metric battery).
 */
class VerdictRuleTest {

    static final double[] SIZES = logspace(1e6, 2.6e11, 10);

    static double[] logspace(double lo, double hi, int n) {
        double[] x = new double[n];
        for (int i = 0; i < n; i++) {
            x[i] = Math.pow(10, Math.log10(lo) + (Math.log10(hi) - Math.log10(lo)) * i / (n - 1));
        }
        return x;
    }

    /** Scores the samples, collects the series, and (optionally) the per-item tables for paired bootstraps. */
    static VerdictRule.Group group(List<Sample> samples, String metrics, boolean items) {
        Scorer scorer = new Scorer(Metrics.parseList(metrics));
        samples.forEach(scorer::accept);
        SeriesCollector c = new SeriesCollector(ScaleAxis.PARAMS);
        scorer.results().stream().filter(r -> r.value().n() > 0).forEach(r -> c.add(r.toMeasurement()));
        Map<String, MetricUnits.Table> tables = new LinkedHashMap<>();
        if (items) {
            Map<String, List<Sample>> byModel = samples.stream()
                    .collect(Collectors.groupingBy(s -> s.model().name(), LinkedHashMap::new, Collectors.toList()));
            for (String m : metrics.split(",")) {
                tables.put(m, MetricUnits.of(Metrics.parse(m), byModel));
            }
        }
        return new VerdictRule.Group(c.series(), tables);
    }

    static List<Sample> family(String name, DoubleUnaryOperator ce, double[] sizes, int items, double spread) {
        return new FamilySimulator(name, "add", ce, 5, spread).samples(sizes, items, 11);
    }

    static Verdict only(VerdictRule.Report r, String metric) {
        List<Verdict> v = r.verdicts().stream().filter(x -> x.metric().equals(metric)).toList();
        assertThat(v).as(r.toString()).hasSize(1);
        return v.get(0);
    }

    private static final String METRICS = "exact_match,target_logprob";

    @Test
    void smoothPerTokenPowerLawUnderExactMatchIsAMirage() {
        List<Sample> s = family("smooth", FamilySimulator.powerLaw(-0.5, 2e9), SIZES, 2000, 0.2);
        for (boolean items : new boolean[] {true, false}) {
            VerdictRule.Report rep = VerdictRule.create().withResamples(400, 100).assess(group(s, METRICS, items));
            Verdict v = only(rep, "exact_match");
            assertThat(v.verdict()).as(v.explanation()).isEqualTo(Verdict.Kind.MIRAGE);
            assertThat(v.partner()).isEqualTo("target_logprob");
            assertThat(v.etaLower()).isGreaterThanOrEqualTo(3);
            assertThat(v.q()).isLessThanOrEqualTo(0.05);
            assertThat(v.partnerMisfit()).isLessThan(0.10);
            assertThat(v.partnerEtaUpper()).as(v.explanation()).isLessThan(3);
            assertThat(v.explains()).isTrue();
            assertThat(v.confirmable()).isTrue();
            assertThat(v.link()).contains("p^5");
            assertThat(v.etaMethod()).startsWith(items ? "paired items" : "per point");
            assertThat(v.explanation()).contains("made by the metric", "the test set sees its small values above the floor");
        }
    }

    @Test
    void perTokenProbabilityThatJumpsIsEmergent() {
        // p ~ 0.05 below 1e9 parameters, ~0.95 above: the continuous metric jumps too
        List<Sample> s = family("jumpy", FamilySimulator.jump(3.0, 0.05, 1e9, 8), SIZES, 2000, 0.2);
        Verdict v = only(VerdictRule.create().withResamples(400, 100).assess(group(s, METRICS, true)), "exact_match");
        assertThat(v.verdict()).as(v.explanation()).isEqualTo(Verdict.Kind.EMERGENT);
        // judged by the same statistic as D, on S's error in log: sharp and significant
        assertThat(v.partnerEtaLower()).as(v.explanation()).isGreaterThanOrEqualTo(3);
        assertThat(v.partnerQ()).isLessThanOrEqualTo(0.05);
        // the power law's misfit stays in the evidence
        assertThat(v.partnerMisfit()).isGreaterThanOrEqualTo(0.10);
        assertThat(v.partnerLofP()).isLessThan(0.01);
        assertThat(v.explanation()).contains("jumps too");
    }

    @Test
    void tooFewItemsIsUnresolvedAndSaysHowManyWouldDecide() {
        List<Sample> s = family("small", FamilySimulator.powerLaw(-0.5, 2e9), SIZES, 20, 0.2);
        Verdict v = only(VerdictRule.create().withResamples(400, 100).assess(group(s, METRICS, true)), "exact_match");
        assertThat(v.verdict()).as(v.explanation()).isEqualTo(Verdict.Kind.UNRESOLVED);
        assertThat(v.itemsNeeded()).as(v.explanation()).isGreaterThan(20);
        assertThat(v.explanation()).contains("items per size");
    }

    @Test
    void exactMatchOverANarrowRangeIsSmooth() {
        // 1e9..1e11: p from 0.24 to 0.87, exact match rises without a sharp step
        List<Sample> s = family("narrow", FamilySimulator.powerLaw(-0.5, 2e9), logspace(1e9, 1e11, 6), 2000, 0.2);
        Verdict v = only(VerdictRule.create().withResamples(400, 100).assess(group(s, METRICS, true)), "exact_match");
        assertThat(v.verdict()).as(v.explanation()).isEqualTo(Verdict.Kind.SMOOTH);
        assertThat(v.etaUpper()).isLessThan(3);
    }

    @Test
    void multipleChoiceGradeOfTheMathematicalModelIsAMirage() {
        // the paper's Figure 2 model (identical 2-choice items, mass p on the correct one): the grade steps
        // from 0 to 1 where p crosses 1/2, the probability of the correct choice rises smoothly
        mirage.core.sim.MathModel m = new mirage.core.sim.MathModel(-0.5, 2e9, 5, 2);
        List<Sample> all = new java.util.ArrayList<>();
        double[] sizes = logspace(1e8, 1e11, 8);
        for (int i = 0; i < sizes.length; i++) {
            all.addAll(m.samples(sizes[i], "sim-" + i, 300, i));
        }
        VerdictRule.Report rep = VerdictRule.create().withResamples(200, 100)
                .assess(group(all, "multiple_choice_grade,brier_score,choice_prob", true));
        Verdict v = only(rep, "multiple_choice_grade");
        assertThat(v.partner()).isEqualTo("choice_prob");
        assertThat(v.verdict()).as(v.explanation()).isEqualTo(Verdict.Kind.MIRAGE);
        assertThat(v.link()).contains("logistic");
        // a perfect step: ES = +inf; only the sorted order is that extreme (ties broken by net rise): 4!4!/8!
        assertThat(v.permutationP()).isCloseTo(1.0 / 70, org.assertj.core.api.Assertions.within(1e-12));
    }

    @Test
    void tooFewSizesAndNoPartnerAreSaid() {
        List<Sample> s = family("few", FamilySimulator.powerLaw(-0.5, 2e9), logspace(1e8, 1e10, 3), 200, 0);
        VerdictRule.Report rep = VerdictRule.create().withResamples(100, 50).assess(group(s, METRICS, false));
        Verdict v = only(rep, "exact_match");
        assertThat(v.verdict()).isEqualTo(Verdict.Kind.UNRESOLVED);
        assertThat(v.sizesNeeded()).isEqualTo("at least 4 sizes with both metrics (have 3)");
        VerdictRule.Report lonely = VerdictRule.create().withResamples(100, 50).assess(group(s, "exact_match", false));
        assertThat(lonely.verdicts()).isEmpty();
        assertThat(lonely.notes()).anyMatch(n -> n.contains("no smooth partner measured"));
    }

    @Test
    void manyTripletsAreControlledTogether() {
        VerdictRule.Group a = group(family("a", FamilySimulator.powerLaw(-0.5, 2e9), SIZES, 500, 0.2), METRICS, false);
        VerdictRule.Group b = group(family("b", FamilySimulator.powerLaw(-0.5, 2e9), logspace(1e9, 1e11, 6), 500, 0.2),
                METRICS, false);
        VerdictRule.Report rep = VerdictRule.create().withResamples(200, 50).assess(List.of(a, b));
        assertThat(rep.triplets()).isEqualTo(2);
        assertThat(rep.multipleComparisons()).contains("Benjamini-Hochberg over 2 triplets");
        for (Verdict v : rep.verdicts()) {
            assertThat(v.q()).isGreaterThanOrEqualTo(v.permutationP());
            assertThat(v.triplets()).isEqualTo(2);
        }
        // seeded: the same verdicts again
        assertThat(VerdictRule.create().withResamples(200, 50).assess(List.of(a, b)).verdicts()).isEqualTo(rep.verdicts());
    }
}

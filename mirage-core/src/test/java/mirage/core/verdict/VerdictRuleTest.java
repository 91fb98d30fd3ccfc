package mirage.core.verdict;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import mirage.core.analysis.SeriesCollector;
import mirage.core.data.Sample;
import mirage.core.data.ScaleAxis;
import mirage.core.metric.MetricUnits;
import mirage.core.metric.Metrics;
import mirage.core.metric.Scorer;
import mirage.core.sim.GroundTruth;
import mirage.core.sim.GroundTruth.Mechanism;
import mirage.core.sim.GroundTruth.Task;
import mirage.core.sim.MathModel;
import org.junit.jupiter.api.Test;

/**
 * The verdict on families whose truth is known ({@link GroundTruth}, {@link MathModel}), scored by the real metric
 * battery, with and without per-item tables. The full grid is the ground-truth benchmark (docs/ANALYSIS.md); these
 * are its landmarks.
 */
class VerdictRuleTest {

    /** Scores the samples, collects the series and (optionally) the per-item tables, as mirage analyze does. */
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

    static Verdict only(VerdictRule.Report r, String metric) {
        List<Verdict> v = r.verdicts().stream().filter(x -> x.metric().equals(metric)).toList();
        assertThat(v).as(r.toString()).hasSize(1);
        return v.get(0);
    }

    static VerdictRule rule() {
        return VerdictRule.create().withResamples(400, 100).withThreads(2);
    }

    private static final String GEN = "exact_match,target_logprob";

    static Verdict judge(GroundTruth g, boolean items) {
        String metrics = g.task() == Task.GENERATION ? GEN : "multiple_choice_grade,choice_prob";
        return only(rule().assess(group(g.samples(), metrics, items)), g.task() == Task.GENERATION ? "exact_match" : "multiple_choice_grade");
    }

    @Test
    void thePapersFigure2ModelIsAMirageUnderExactMatchAndMultipleChoiceGrade() {
        MathModel m = MathModel.paperFigure2();
        List<Sample> all = new ArrayList<>();
        for (int i = 0; i < MathModel.PAPER_SIZES.length; i++) {
            all.addAll(m.samples(MathModel.PAPER_SIZES[i], "sim-" + i, 100_000, MathModel.streamSeed(0, i)));
        }
        VerdictRule.Report rep = rule().assess(List.of(group(all, GEN, true), group(all, "multiple_choice_grade,choice_prob", true)));
        Verdict em = only(rep, "exact_match");
        assertThat(em.verdict()).as(em.explanation()).isEqualTo(Verdict.Kind.MIRAGE);
        assertThat(em.reason()).isEqualTo(Decision.Reason.ROUTE_EXPLAINS);
        assertThat(em.sharpness().eta()).isGreaterThan(3);
        assertThat(em.sharpness().etaLower()).isGreaterThan(3);
        assertThat(em.sharpness().sharpQ()).isLessThan(0.05);
        // S = target_logprob follows its power law exactly: no excess at D's jump
        assertThat(Math.abs(em.partnerTrend().excess())).isLessThan(1e-9);
        assertThat(em.route().explains()).isTrue();
        // the smallest size's 6e-6 needs ~250,000 items to be seen: said, not required
        assertThat(em.resolution().belowResolution()).isEqualTo(1);
        assertThat(em.explanation()).contains("made by the metric", "below resolution");
        Verdict mc = only(rep, "multiple_choice_grade");
        assertThat(mc.verdict()).as(mc.explanation()).isEqualTo(Verdict.Kind.MIRAGE);
        assertThat(mc.partner()).isEqualTo("choice_prob");
        assertThat(mc.triplets()).isEqualTo(2);
    }

    @Test
    void aPerTokenErrorThatJumpsIsEmergent() {
        Verdict v = judge(new GroundTruth(Mechanism.JUMP, Task.GENERATION, 6, 1000, 0.5, 5, 1), true);
        assertThat(v.verdict()).as(v.explanation()).isEqualTo(Verdict.Kind.EMERGENT);
        assertThat(v.partnerTrend().excessLower()).isGreaterThan(Math.log(2));
        assertThat(v.partnerTrend().jumpQ()).isLessThan(0.05);
        assertThat(v.explanation()).contains("jumps with it");
        // multiple choice too
        Verdict mc = judge(new GroundTruth(Mechanism.JUMP, Task.MULTIPLE_CHOICE, 8, 1000, 1.0, 1, 1), true);
        assertThat(mc.verdict()).as(mc.explanation()).isEqualTo(Verdict.Kind.EMERGENT);
    }

    @Test
    void smoothPerTokenImprovementIsNotEmergentWithOrWithoutItems() {
        GroundTruth g = new GroundTruth(Mechanism.STEEP, Task.GENERATION, 8, 1000, 0.5, 5, 1);
        for (boolean items : new boolean[] {true, false}) {
            Verdict v = judge(g, items);
            assertThat(v.verdict()).as(v.explanation()).isIn(Verdict.Kind.MIRAGE, Verdict.Kind.SMOOTH);
            assertThat(Math.abs(v.partnerTrend().excess())).as(v.explanation()).isLessThan(0.2);
            assertThat(v.partnerTrend().noJumpQ()).isLessThan(0.05);
            assertThat(v.sharpness().method()).startsWith(items ? "paired items" : "per point");
        }
    }

    @Test
    void aBadlyTrainedModelIsNamedAndNotJudged() {
        Verdict v = judge(new GroundTruth(Mechanism.NON_MONOTONE, Task.GENERATION, 6, 1000, 0, 3, 1), true);
        assertThat(v.verdict()).isEqualTo(Verdict.Kind.UNRESOLVED);
        assertThat(v.reason()).isEqualTo(Decision.Reason.NON_MONOTONE);
        assertThat(v.sharpness().shape()).isEqualTo("non_monotone");
        assertThat(v.explanation()).contains("not monotone", "worse than");
    }

    @Test
    void saturationAndFlatCurvesAreSmoothAndNamed() {
        Verdict sat = judge(new GroundTruth(Mechanism.SATURATING, Task.GENERATION, 6, 1000, 0.5, 5, 1), true);
        assertThat(sat.verdict()).as(sat.explanation()).isEqualTo(Verdict.Kind.SMOOTH);
        assertThat(sat.reason()).isEqualTo(Decision.Reason.SATURATING);
        assertThat(sat.explanation()).contains("saturates");
        Verdict chance = judge(new GroundTruth(Mechanism.FLAT, Task.MULTIPLE_CHOICE, 6, 1000, 1.0, 1, 1), true);
        assertThat(chance.verdict()).as(chance.explanation()).isEqualTo(Verdict.Kind.SMOOTH);
        assertThat(chance.reason()).isEqualTo(Decision.Reason.AT_CHANCE);
    }

    @Test
    void tooFewSizesAndNoPartnerAreSaid() {
        GroundTruth g = new GroundTruth(Mechanism.STEEP, Task.GENERATION, 3, 200, 0, 5, 0);
        Verdict v = only(rule().assess(group(g.samples(), GEN, false)), "exact_match");
        assertThat(v.verdict()).isEqualTo(Verdict.Kind.UNRESOLVED);
        assertThat(v.reason()).isEqualTo(Decision.Reason.TOO_FEW_SIZES);
        assertThat(v.resolution().sizesNeeded()).isEqualTo("at least 4 sizes with both metrics (have 3)");
        VerdictRule.Report lonely = rule().assess(group(g.samples(), "exact_match", false));
        assertThat(lonely.verdicts()).isEmpty();
        assertThat(lonely.notes()).anyMatch(n -> n.contains("no smooth partner measured"));
    }

    @Test
    void manyTripletsAreControlledTogetherAndResultsDoNotDependOnThreads() {
        List<VerdictRule.Group> groups = List.of(
                group(new GroundTruth(Mechanism.STEEP, Task.GENERATION, 6, 300, 0.5, 5, 2).samples(), GEN, true),
                group(new GroundTruth(Mechanism.JUMP, Task.GENERATION, 6, 300, 0.5, 5, 2).samples(), GEN, true));
        VerdictRule.Report rep = rule().assess(groups);
        assertThat(rep.triplets()).isEqualTo(2);
        assertThat(rep.multipleComparisons()).contains("Benjamini-Hochberg", "2 triplets for D");
        for (Verdict v : rep.verdicts()) {
            assertThat(v.sharpness().sharpQ()).isGreaterThanOrEqualTo(v.sharpness().sharpP());
            assertThat(v.triplets()).isEqualTo(2);
        }
        assertThat(rule().withThreads(1).assess(groups).verdicts()).isEqualTo(rep.verdicts());
        // the same triplet judged alone gets the same evidence (seeds come from its key, not its position)
        Verdict alone = rule().assess(List.of(groups.get(1))).verdicts().get(0);
        assertThat(alone.sharpness().etaLower()).isEqualTo(rep.verdicts().get(1).sharpness().etaLower());
        assertThat(alone.partnerTrend().excessLower()).isEqualTo(rep.verdicts().get(1).partnerTrend().excessLower());
    }

    /**
     * The case of issue 13 ({@code eta = inf [-0.948, 0.799]}) as it came back in the demo's trained family at answer
     * length 1: 7 items, the same 5 right at five sizes and 6 at the largest, judged from per-point draws (Jeffreys
     * posteriors of the counts): ties make eta infinite while almost every draw is finite.
     */
    @Test
    void aCurveOfTiesGetsAnIntervalThatContainsItsInfiniteEta() {
        List<Sample> s = new ArrayList<>();
        for (int m = 0; m < 6; m++) {
            mirage.core.data.Model model = mirage.core.data.Model.of("fam", "fam-" + m, Math.pow(10, 3 + m));
            int right = m == 5 ? 6 : 5;
            double lp = -0.5 / (m + 1);
            for (int i = 0; i < 7; i++) {
                String out = i < right ? "12" : "13";
                s.add(Sample.builder(model, "t", Integer.toString(i)).target("12").output(out)
                        .targetTokens(List.of("1", "2")).outputTokens(List.of("1", out.substring(1)))
                        .targetLogProbs(lp, lp).build());
            }
        }
        Verdict v = only(rule().assess(group(s, "exact_match,target_logprob", false)),
                "exact_match");
        Verdict.SharpnessEvidence d = v.sharpness();
        assertThat(d.eta()).isInfinite();
        assertThat(d.etaLower()).as(v.explanation()).isLessThanOrEqualTo(d.eta());
        assertThat(d.etaUpper()).as(v.explanation()).isGreaterThanOrEqualTo(d.eta());
        assertThat(d.method()).endsWith(mirage.core.stats.PercentileInterval.WIDENED);
        assertThat(v.verdict()).as(v.explanation()).isNotEqualTo(Verdict.Kind.EMERGENT).isNotEqualTo(Verdict.Kind.MIRAGE);
    }
}

package mirage.io.results;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import mirage.core.data.Model;
import mirage.core.data.Sample;
import mirage.core.data.Scale;
import mirage.core.data.ScaleAxis;
import mirage.core.metric.MetricUnits;
import mirage.core.metric.Metrics;
import org.junit.jupiter.api.Test;

/**
 * The per-item tables of the verdict's paired bootstrap cover the same checkpoints as the curves they belong to: each
 * model's last checkpoint by default (PointTable's), every checkpoint as its own curve with {@code --all-steps}.
 * Before, samples with a {@code step} were filed under a {@code step} label that the default curves do not carry, so
 * no curve found its table and the verdict fell back to per-point draws (the demo's trained family).
 */
class ItemTablesTest {

    /** Model a (1e6) right on items 0..k-1 at each step; model b (1e7) likewise; steps 100 and 200. */
    static List<Sample> samples() {
        List<Sample> out = new ArrayList<>();
        int[][] right = {{1, 3}, {2, 4}}; // [model][checkpoint]: items right out of 4
        String[] names = {"a", "b"};
        double[] params = {1e6, 1e7};
        double[] steps = {200, 100}; // the later checkpoint first: the choice must not depend on the order
        for (int m = 0; m < 2; m++) {
            for (int c = 0; c < 2; c++) {
                Model model = new Model("fam", names[m], new Scale(params[m], Double.NaN, Double.NaN, Double.NaN, steps[c]));
                int r = right[m][steps[c] == 200 ? 1 : 0];
                for (int i = 0; i < 4; i++) {
                    out.add(Sample.builder(model, "t", "q" + i).target("x").output(i < r ? "x" : "y").targetLogProbs(-0.1).build());
                }
            }
        }
        // an item only the earlier checkpoint of a saw: not a unit of the last checkpoints' table
        out.add(Sample.builder(new Model("fam", "a", new Scale(1e6, Double.NaN, Double.NaN, Double.NaN, 100)), "t", "old")
                .target("x").output("x").targetLogProbs(-0.1).build());
        return out;
    }

    static double mean(MetricUnits.Table t, String model) {
        int j = t.models().indexOf(model);
        double sum = 0;
        double n = 0;
        for (int u = 0; u < t.units(); u++) {
            sum += t.data()[(u * t.models().size() + j) * t.dim()];
            n += t.data()[(u * t.models().size() + j) * t.dim() + 1];
        }
        return sum / n;
    }

    @Test
    void eachModelsLastCheckpointUnderTheLabelsOfItsCurve() {
        ItemTables it = new ItemTables(ScaleAxis.PARAMS, Metrics.parseList("exact_match,target_logprob"), 1_000_000);
        samples().forEach(it::accept);
        Map<String, MetricUnits.Table> tables = it.tables("fam", "t", Map.of());
        assertThat(tables).containsKey("exact_match");
        MetricUnits.Table t = tables.get("exact_match");
        assertThat(t.models()).containsExactlyInAnyOrder("a", "b");
        assertThat(t.unitIds()).containsExactlyInAnyOrder("q0", "q1", "q2", "q3");
        assertThat(mean(t, "a")).isEqualTo(0.75); // step 200: 3 of 4
        assertThat(mean(t, "b")).isEqualTo(1.0);
        assertThat(it.tables("fam", "t", Map.of("step", "200"))).isEmpty();
    }

    @Test
    void everyCheckpointItsOwnCurveWithAllSteps() {
        ItemTables it = new ItemTables(ScaleAxis.PARAMS, Metrics.parseList("exact_match,target_logprob"), 1_000_000, true);
        samples().forEach(it::accept);
        assertThat(it.tables("fam", "t", Map.of())).isEmpty();
        MetricUnits.Table early = it.tables("fam", "t", Map.of("step", "100")).get("exact_match");
        assertThat(early.models()).containsExactlyInAnyOrder("a", "b");
        assertThat(mean(early, "a")).isEqualTo(2.0 / 5); // 1 of q0..q3 and 'old'
        assertThat(mean(early, "b")).isEqualTo(0.5);
    }
}

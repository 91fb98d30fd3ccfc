package mirage.core.verdict;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import mirage.core.analysis.Series;
import mirage.core.analysis.SeriesKey;
import mirage.core.data.ScaleAxis;
import mirage.core.metric.MetricValue;
import org.junit.jupiter.api.Test;

class ResolutionCheckTest {
    static Series series(String metric, double[] y, double chance) {
        List<Series.Point> pts = new ArrayList<>();
        for (int i = 0; i < y.length; i++) {
            pts.add(new Series.Point("m" + i, Math.pow(10, 7 + i), MetricValue.of(y[i], 1000).withChance(chance)));
        }
        return new Series(new SeriesKey("f", "t", metric, Map.of()), ScaleAxis.PARAMS, pts);
    }

    @Test
    void aPredictionAtTheChanceLevelNeedsMoreItemsThanAnyTestSetAndSaysSo() {
        Series d = series("multiple_choice_grade", new double[] {0.25, 0.25, 0.26, 0.6, 0.9}, 0.25);
        Series s = series("choice_prob", new double[] {0.25, 0.26, 0.3, 0.5, 0.8}, Double.NaN);
        Triplet t = new Triplet(d, s, true, Map.of());
        VerdictConfig c = VerdictConfig.defaults();
        // a rate a hair above chance 0.25 would need more than 2^31 items: never seen, no exception (the ground-truth
        // benchmark stopped on this before)
        assertThat(ResolutionCheck.itemsToSee(t, 0.2500001, 0.25, c)).isEqualTo(Long.MAX_VALUE);
        // 0.35 against 0.25: a one-sided test at alpha 0.05 and power 0.8 needs about 140 items
        assertThat(ResolutionCheck.itemsToSee(t, 0.35, 0.25, c)).isBetween(100L, 200L);
        // at or below the floor there is nothing to see
        assertThat(ResolutionCheck.itemsToSee(t, 0.25, 0.25, c)).isEqualTo(Long.MAX_VALUE);
        assertThat(ResolutionCheck.itemsToSee(t, 0.2, 0.25, c)).isEqualTo(Long.MAX_VALUE);
    }
}

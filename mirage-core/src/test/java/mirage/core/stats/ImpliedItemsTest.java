package mirage.core.stats;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import mirage.core.metric.MetricCatalog;
import mirage.core.metric.MetricInfo;
import mirage.core.metric.MetricValue;
import org.junit.jupiter.api.Test;

/**
 * Item counts implied by lm-evaluation-harness standard errors. Reference values: rows of the Pythia v0 arithmetic
 * file (../shared/data/pythia/term_frequency_arithmetic_pythia_v0.csv.gz; about 50 problems per cell), whose
 * {@code acc_stderr} is lm-eval's {@code sqrt(p(1-p)/(n-1))}: 0.08 with 0.03875617133214441 and 0.82 with
 * 0.05488392203513869 both give n = 50 (numpy 2.x: 0.08*0.92/0.03875617133214441**2 + 1 = 50.000000000000).
 */
class ImpliedItemsTest {
    static final MetricInfo ACC = MetricCatalog.lookup("acc");

    @Test
    void countFromTheStandardErrorOfARate() {
        assertThat(ImpliedItems.fromStderr(0.08, 0.03875617133214441)).isCloseTo(50, within(1e-9));
        assertThat(ImpliedItems.fromStderr(0.82, 0.05488392203513869)).isCloseTo(50, within(1e-9));
        assertThat(ImpliedItems.fromStderr(0, 0)).isNaN();
        assertThat(ImpliedItems.fromStderr(1, 0.1)).isNaN();
        assertThat(ImpliedItems.fromStderr(0.5, Double.NaN)).isNaN();
    }

    static MetricValue v(double value, double se) {
        return new MetricValue(value, 0, 0, se, Double.NaN, Double.NaN, Double.NaN);
    }

    @Test
    void boundaryPointsOfASeriesGetTheMedianImpliedCount() {
        MetricValue[] s = {v(0, 0), v(0, 0), v(0.08, 0.03875617133214441), v(0.22, 0.059179), v(1, 0)};
        MetricValue[] c = ImpliedItems.complete(ACC, s);
        assertThat(c[0].n()).isEqualTo(50);
        assertThat(c[1].n()).isEqualTo(50);
        assertThat(c[4].n()).isEqualTo(50);
        assertThat(c[2]).isSameAs(s[2]); // interior points keep their standard error and no count
        assertThat(c[3]).isSameAs(s[3]);
        // the completed zero now carries the Jeffreys uncertainty of 0 of 50 instead of none
        assertThat(PointUncertainty.of(ACC, s[0]).known()).isFalse();
        assertThat(PointUncertainty.of(ACC, c[0]).standardError()).isCloseTo(Math.sqrt((0.5 / 51) * (50.5 / 51) / 50), within(1e-15));
    }

    @Test
    void nothingIsCompletedWithoutEvidenceOrForOtherMetrics() {
        MetricValue[] zeros = {v(0, 0), v(0, 0), v(1, 0)};
        assertThat(ImpliedItems.complete(ACC, zeros)).isSameAs(zeros);
        MetricValue[] counted = {new MetricValue(0, 40, 0, 0, Double.NaN, Double.NaN, Double.NaN), v(0.5, 0.1)};
        assertThat(ImpliedItems.complete(ACC, counted)[0].n()).isEqualTo(40);
        MetricValue[] ppl = {v(0, 0), v(3.2, 0.1)};
        assertThat(ImpliedItems.complete(MetricCatalog.lookup("ppl"), ppl)).isSameAs(ppl);
    }
}

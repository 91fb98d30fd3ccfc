package mirage.io.results;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import mirage.core.data.Measurement;
import mirage.core.data.Model;
import mirage.core.data.Scale;
import mirage.core.metric.MetricValue;
import org.junit.jupiter.api.Test;

class SeriesFilterTest {

    @Test
    void namesAndGlobsMatchWholeNames() {
        SeriesFilter f = new SeriesFilter(List.of("pythia", "o?t"), List.of("lambada*"), List.of());
        assertThat(f.keeps("pythia", "lambada_openai", "acc")).isTrue();
        assertThat(f.keeps("opt", "lambada_standard", "ppl")).isTrue();
        assertThat(f.keeps("pythia-deduped", "lambada_openai", "acc")).as("whole names").isFalse();
        assertThat(f.keeps("bloom", "lambada_openai", "acc")).isFalse();
        assertThat(f.keeps("pythia", "arc_easy", "acc")).isFalse();
        assertThat(f.keeps("pythia", "x.lambada", "acc")).isFalse();
        assertThat(SeriesFilter.ALL.all()).isTrue();
        assertThat(SeriesFilter.ALL.keeps("a", "b", "c")).isTrue();
        assertThat(f.describe()).isEqualTo("--family pythia,o?t --task lambada*");
        // regex characters are literal
        assertThat(new SeriesFilter(List.of(), List.of("a.b"), List.of()).task("axb")).isFalse();
    }

    @Test
    void aMetricNamedExactlyKeepsItsDeclaredSmoothPartners() {
        SeriesFilter f = new SeriesFilter(List.of(), List.of(), List.of("exact_match"));
        assertThat(f.metric("exact_match")).isTrue();
        assertThat(f.metric("token_edit_distance")).isTrue();
        assertThat(f.metric("target_logprob")).isTrue();
        assertThat(f.metric("brier_score")).isFalse();
        SeriesFilter glob = new SeriesFilter(List.of(), List.of(), List.of("exact_*"));
        assertThat(glob.metric("exact_match")).isTrue();
        assertThat(glob.metric("token_edit_distance")).as("a pattern brings no partners").isFalse();
    }

    @Test
    void theSinkPassesKeptValuesAndCountsTheOthers() {
        List<Measurement> got = new ArrayList<>();
        FilteringSink sink = new FilteringSink((m, file, line) -> got.add(m), new SeriesFilter(List.of(), List.of("add"), List.of()));
        Model m = new Model("f", "m1", new Scale(1e6, Double.NaN, Double.NaN, Double.NaN, Double.NaN));
        sink.accept(new Measurement(m, "add", "exact_match", Map.of(), MetricValue.of(0.5, 10)), "x", 1);
        sink.accept(new Measurement(m, "mul", "exact_match", Map.of(), MetricValue.of(0.5, 10)), "x", 2);
        assertThat(got).hasSize(1);
        assertThat(got.get(0).task()).isEqualTo("add");
        assertThat(sink.dropped()).isEqualTo(1);
    }
}

package mirage.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;

/** The conversion of JMH's JSON result into mirage's benchmark table, sealed by golden files. */
class JmhResultsTest {

    @Test
    void csvOfTheFixtureMatchesTheGoldenFile() throws Exception {
        Golden.assertMatches(JmhResults.csv(Golden.resource("fixtures/jmh-result.json")), "jmh-result.csv");
    }

    @Test
    void markdownOfTheFixtureMatchesTheGoldenFile() throws Exception {
        Golden.assertMatches(JmhResults.markdown(Golden.resource("fixtures/jmh-result.json")), "jmh-result.md");
    }

    @Test
    void threadsParameterIsTheThreadColumnAndOtherParametersTheSize() throws Exception {
        List<JmhResults.Result> rs = JmhResults.parse(Golden.resource("fixtures/jmh-result.json"));
        assertThat(rs).hasSize(6);
        assertThat(rs.get(0).workload()).isEqualTo("editDistance.token");
        assertThat(rs.get(0).size()).isEqualTo("size=SHORT");
        assertThat(rs.get(1).error()).isNaN();
        assertThat(rs.get(3).threads()).isEqualTo(2);
        assertThat(rs.get(3).size()).isEqualTo("-");
        assertThat(rs.get(5).size()).isEqualTo("alpha=a;zeta=b,c");
    }

    @Test
    void rejectsWhatIsNotAJmhResult() {
        assertThatThrownBy(() -> JmhResults.csv("{\"benchmark\": \"x\"}")).isInstanceOf(IllegalArgumentException.class);
    }
}

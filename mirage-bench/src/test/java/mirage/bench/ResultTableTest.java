package mirage.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.util.List;
import org.junit.jupiter.api.Test;

/** compare.sh's machine-readable table, sealed by golden files. */
class ResultTableTest {

    private static ResultTable fixture() throws Exception {
        return ResultTable.parse(Golden.resource("fixtures/compare-results.tsv").lines().toList());
    }

    @Test
    void csvOfTheFixtureMatchesTheGoldenFile() throws Exception {
        Golden.assertMatches(fixture().csv(), "compare-results.csv");
    }

    @Test
    void textOfTheFixtureMatchesTheGoldenFile() throws Exception {
        ResultTable t = fixture();
        Golden.assertMatches(t.text() + String.join("\n", t.checks()) + "\n", "compare-results.txt");
    }

    @Test
    void ratioIsMirageOverThePeerAtTheSameThreadsAndSize() throws Exception {
        ResultTable t = fixture();
        ResultTable.Row cpdist2 = t.rows().stream()
                .filter(r -> r.implementation().equals("rapidfuzz-cpdist") && r.threads() == 2).findFirst().orElseThrow();
        assertThat(t.ratio(cpdist2)).isCloseTo(2.0e7 / 6.0e6, within(1e-12));
        ResultTable.Row torch2 = t.rows().stream()
                .filter(r -> r.workload().equals("train-step") && r.threads() == 2).findFirst().orElseThrow();
        assertThat(t.ratio(torch2)).isNaN(); // no mirage row at 2 threads
    }

    @Test
    void checksFlagDisagreement() throws Exception {
        List<String> checks = fixture().checks();
        assertThat(checks).hasSize(2);
        assertThat(checks.get(0)).isEqualTo("check edit-distance 1-8: 6 runs agree (sum=12345)");
        assertThat(checks.get(1)).startsWith("check edit-distance 300-600: DIFFER");
    }

    @Test
    void numbersHaveFourSignificantDigits() {
        assertThat(ResultTable.number(12_345_678.9)).isEqualTo("12350000");
        assertThat(ResultTable.number(0.000123456)).isEqualTo("0.0001235");
        assertThat(ResultTable.number(30.5)).isEqualTo("30.5");
        assertThat(ResultTable.number(100)).isEqualTo("100");
    }

    @Test
    void badLinesAreRejectedWithTheirNumber() {
        assertThatThrownBy(() -> ResultTable.parse(List.of("# c", "a\tb\tx\t1\t2\tu\t")))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("line 2");
        assertThatThrownBy(() -> ResultTable.parse(List.of("a\tb\t1")))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("line 1");
    }

    @Test
    void rowLineRoundTrips() {
        ResultTable.Row r = new ResultTable.Row("w", "mirage", 2, "1-8", 1234.5, "pairs/s", "sum=1");
        assertThat(ResultTable.parse(List.of(r.line())).rows()).containsExactly(r);
    }
}

package mirage.core.fit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import mirage.core.analysis.Series;
import mirage.core.analysis.SeriesKey;
import org.junit.jupiter.api.Test;

class BacktestThreadsTest {

    /** The same family's curves under several task names: independent (family, task, labels) groups. */
    private static List<Series> groups(int tasks) {
        List<Series> base = BacktestTest.smoothFamily(7, 400, 0.3, "exact_match,target_logprob,token_edit_distance");
        List<Series> out = new ArrayList<>();
        for (int t = 0; t < tasks; t++) {
            for (Series s : base) {
                SeriesKey k = s.key();
                out.add(new Series(new SeriesKey(k.family(), k.task() + t, k.metric(), k.labels()), s.axis(), s.points()));
            }
        }
        return out;
    }

    @Test
    void theReportDoesNotDependOnTheThreadCount() {
        List<Series> series = groups(5);
        Backtest one = Backtest.create().withHoldout(1).withResamples(20).withSeed(7);
        Backtest.Report r1 = one.run(series);
        Backtest.Report r3 = one.withThreads(3).run(series);
        assertThat(r1.rows()).hasSizeGreaterThan(10);
        assertThat(r3.rows()).isEqualTo(r1.rows());
        assertThat(r3.notes()).isEqualTo(r1.notes());
        // rows come grouped in group order (family, task, labels), as with one thread
        assertThat(r3.rows().get(0).key().task()).isEqualTo(r1.rows().get(0).key().task());
        // more threads than groups
        assertThat(one.withThreads(16).run(series.subList(0, 3)).rows()).isEqualTo(one.run(series.subList(0, 3)).rows());
    }

    @Test
    void threadsMustBePositive() {
        assertThatThrownBy(() -> Backtest.create().withThreads(0)).isInstanceOf(IllegalArgumentException.class);
    }
}

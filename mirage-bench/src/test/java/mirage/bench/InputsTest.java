package mirage.bench;

import static org.assertj.core.api.Assertions.assertThat;

import mirage.core.metric.Levenshtein;
import mirage.core.metric.SequenceDistance;
import org.junit.jupiter.api.Test;

/** The benchmark inputs: seeded, in their size classes, and token and character forms equivalent. */
class InputsTest {

    @Test
    void pairsAreReproducibleAndInTheirSizeClass() {
        for (Inputs.Size size : Inputs.Size.values()) {
            Inputs.Pairs p = Inputs.editPairs(size, 200, 5);
            Inputs.Pairs q = Inputs.editPairs(size, 200, 5);
            assertThat(p.a()).isEqualTo(q.a());
            assertThat(p.bs()).isEqualTo(q.bs());
            for (int i = 0; i < p.count(); i++) {
                assertThat(p.a().get(i).size()).isBetween(size.min, size.max);
                assertThat(p.b().get(i)).isNotEmpty();
                assertThat(p.as()[i]).hasSize(p.a().get(i).size()).doesNotContain("\t", "\n");
            }
        }
        assertThat(Inputs.editPairs(Inputs.Size.SHORT, 50, 5).a()).isNotEqualTo(Inputs.editPairs(Inputs.Size.SHORT, 50, 6).a());
    }

    @Test
    void tokenAndCharacterDistancesAreEqual() {
        SequenceDistance sd = new SequenceDistance();
        for (Inputs.Size size : Inputs.Size.values()) {
            Inputs.Pairs p = Inputs.editPairs(size, size == Inputs.Size.LONG ? 20 : 300, 9);
            for (int i = 0; i < p.count(); i++) {
                int tokens = sd.levenshtein(p.a().get(i), p.b().get(i));
                assertThat(sd.levenshtein(p.as()[i], p.bs()[i])).isEqualTo(tokens);
                assertThat(Levenshtein.distance(p.as()[i], p.bs()[i])).isEqualTo(tokens);
            }
        }
    }

    @Test
    void longCsvHasOneRowPerPoint() {
        String csv = new String(Inputs.longCsv(25, 4, 1), java.nio.charset.StandardCharsets.US_ASCII);
        assertThat(csv.lines()).hasSize(1 + 25 * 4);
        assertThat(csv).startsWith("family,model,params,task,metric,value,n\n");
    }
}

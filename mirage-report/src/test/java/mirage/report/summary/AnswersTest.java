package mirage.report.summary;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import mirage.io.csv.AnalysisSchema;
import mirage.report.data.CsvTable;
import org.junit.jupiter.api.Test;

/** The answer in words, from verdicts.csv's columns: one sentence per judged (family, task), conclusive verdicts first. */
class AnswersTest {

    static String[] row(String... kv) {
        Map<String, String> m = new LinkedHashMap<>();
        for (int i = 0; i < kv.length; i += 2) {
            m.put(kv[i], kv[i + 1]);
        }
        String[] r = new String[AnalysisSchema.Verdicts.COLUMNS.size()];
        for (int i = 0; i < r.length; i++) {
            r[i] = m.getOrDefault(AnalysisSchema.Verdicts.COLUMNS.get(i), "");
        }
        return r;
    }

    static CsvTable table(String[]... rows) {
        List<String[]> rs = new ArrayList<>(List.of(rows));
        return CsvTable.of("verdicts.csv", AnalysisSchema.Verdicts.COLUMNS, rs);
    }

    @Test
    void theBriefsExample() {
        CsvTable t = table(row("family", "math-model", "task", "math_model_L5", "labels", "", "metric", "exact_match", "partner",
                "target_logprob", "verdict", "mirage", "reason", "route_explains", "eta", "9.1", "partner_excess", "0.01",
                "link", "p^5 (all 5 tokens right)", "explains", "true", "below_resolution", "0"));
        assertThat(Answers.of(t)).singleElement().extracting(Answers.Answer::sentence).isEqualTo("math-model / math_model_L5:"
                + " exact_match looks sharp; target_logprob on the same outputs improves along its trend, and its power law"
                + " composed as p^5 reproduces it: a mirage.");
    }

    @Test
    void everyReasonReadsAsASentence() {
        String[][] cases = {
            {"too_few_sizes", "unresolved", "d has 3 sizes with s, too few to judge a jump: unresolved."},
            {"flat", "smooth", "d shows no change beyond noise: smooth."},
            {"at_chance", "smooth", "d stays at chance: smooth."},
            {"falling", "smooth", "d gets worse with scale: smooth."},
            {"saturating", "smooth", "d saturates (an approach to the ceiling): smooth."},
            {"not_sharp", "smooth", "d rises gradually; s on the same outputs improves along its trend: smooth."},
            {"partner_jumps", "emergent", "d looks sharp; s on the same outputs jumps with it: emergent."},
            {"route_fails", "unresolved", "d looks sharp; s on the same outputs improves along its trend, but its power law composed"
                    + " as p^5 misses it: unresolved."},
            {"partner_uncertain", "unresolved", "d looks sharp; whether s jumps with it cannot be told yet: unresolved; about 2,417"
                    + " items per size would decide it."},
            {"jump_at_first_step", "unresolved", "d jumps at its first step, so s has no trend before it to compare with: unresolved;"
                    + " sizes between 1e8 and 1e9 would help."},
        };
        for (String[] c : cases) {
            CsvTable t = table(row("family", "f", "task", "t", "metric", "d", "partner", "s", "verdict", c[1], "reason", c[0],
                    "n_models", "3", "eta", "5", "partner_excess", "0.1", "link", "p^5", "explains", "false",
                    "items_needed", c[0].equals("partner_uncertain") ? "2417" : "",
                    "sizes_needed", c[0].equals("jump_at_first_step") ? "sizes between 1e8 and 1e9" : ""));
            assertThat(Answers.sentence(t, 0)).as(c[0]).isEqualTo(c[2]);
        }
    }

    @Test
    void conclusiveVerdictsFirstAndOneSentencePerFamilyAndTask() {
        CsvTable t = table(
                row("family", "a", "task", "t", "labels", "shots=0", "metric", "d", "partner", "s", "verdict", "unresolved", "reason",
                        "partner_uncertain", "eta", "9"),
                row("family", "a", "task", "t", "labels", "shots=5", "metric", "d", "partner", "s", "verdict", "smooth", "reason",
                        "not_sharp", "eta", "1", "eta_lower", "0.5"),
                row("family", "b", "task", "t", "metric", "d", "partner", "s", "verdict", "emergent", "reason", "partner_jumps",
                        "eta", "4", "eta_lower", "2"),
                row("family", "c", "task", "u", "metric", "d", "partner", "s", "verdict", "mirage", "reason", "route_explains",
                        "eta", "5", "eta_lower", "3", "link", "p^2", "explains", "true"));
        List<Answers.Answer> a = Answers.of(t);
        assertThat(a).extracting(Answers.Answer::family).containsExactly("b", "c", "a");
        assertThat(a.get(2).sentence()).startsWith("a / t [shots=5]: d rises gradually;")
                .endsWith(": smooth (2 judged curves of this task: 1 smooth, 1 unresolved).");
        assertThat(a.get(2).curves()).isEqualTo(2);
    }
}

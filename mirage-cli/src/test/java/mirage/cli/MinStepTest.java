package mirage.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code --min-step}: checkpoints of a warm-up left out. Along training, every task is at its random-initialization
 * level for the first steps and rises after them; on the step axis that reads as a late rise (Pythia: 224 series
 * flagged, 0 with {@code --min-step 3000}; docs/ANALYSIS.md).
 */
class MinStepTest {
    /** One model's accuracy along training: nothing until step 512, then learning. */
    static String csv() {
        StringBuilder b = new StringBuilder("family,model,params,step,task,metric,value,n\n");
        double[] steps = {1, 2, 4, 8, 16, 32, 64, 128, 256, 512, 1000, 3000, 13000, 23000, 33000, 43000};
        double[] acc = {0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0.06, 0.30, 0.52, 0.56, 0.59, 0.60};
        for (int i = 0; i < steps.length; i++) {
            b.append("f,m,1e9,").append((long) steps[i]).append(",lambada,acc,").append(acc[i]).append(",5000\n");
        }
        return b.toString();
    }

    @Test
    void checkpointsBeforeTheStepAreLeftOutAndSaid(@TempDir Path dir) throws Exception {
        Path in = dir.resolve("train.csv");
        Files.writeString(in, csv());
        CliTest.Run all = CliTest.run("analyze", in.toString(), "--axis", "step", "--no-report", "--out", dir.resolve("a").toString());
        assertThat(all.code()).as(all.err()).isZero();
        List<String> em = Files.readAllLines(dir.resolve("a/emergence.csv"));
        assertThat(em.get(1)).as("the rise out of the warm-up looks like a late rise").contains(",rising,true,");
        CliTest.Run late = CliTest.run("analyze", in.toString(), "--axis", "step", "--min-step", "3000", "--no-report", "--out",
                dir.resolve("b").toString());
        assertThat(late.code()).as(late.err()).isZero();
        assertThat(late.err()).contains("--min-step 3000: the 11 values of checkpoints before that step are left out");
        List<String> series = Files.readAllLines(dir.resolve("b/series.csv"));
        assertThat(series).hasSize(1 + 5);
        assertThat(Files.readAllLines(dir.resolve("b/emergence.csv")).get(1)).contains(",rising,false,");
        assertThat(Files.readString(dir.resolve("b/provenance.json"))).contains("\"min_step\" : 3000.0");
    }

    @Test
    void aBadStepIsOneLineExitTwo(@TempDir Path dir) throws Exception {
        Path in = dir.resolve("train.csv");
        Files.writeString(in, csv());
        for (String bad : new String[] {"0", "-5", "NaN"}) {
            CliTest.Run r = CliTest.run("analyze", in.toString(), "--axis", "step", "--min-step", bad, "--out", dir.resolve("o").toString());
            assertThat(r.code()).as(bad).isEqualTo(2);
            assertThat(r.err()).as(bad).hasLineCount(1).contains("--min-step must be a positive number");
        }
    }
}

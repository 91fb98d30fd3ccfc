package mirage.train.arith;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import mirage.core.data.Sample;
import mirage.io.samples.SampleJsonlReader;
import mirage.train.Progress;
import mirage.train.TrainingLoop;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A CI-sized family end to end: per-sample JSONL and models.csv, determinism (also across the number of
 * models trained in parallel), resume after a kill in the middle of the second model, refusal to resume
 * a run with other settings.
 */
class ArithmeticExperimentTest {
    static final int STEPS = 60;

    static ArithmeticExperiment.Settings settings(long seed, int testItems) {
        return new ArithmeticExperiment.Settings(ArithmeticTask.ADD, "ci", List.of(ModelSpec.of(8, 1), ModelSpec.of(16, 1)),
                STEPS, 16, testItems, seed, 20, 64, 1, 1.0, Double.NaN, false);
    }

    static final class Killed extends RuntimeException {
        Killed() {
            super("simulated kill");
        }
    }

    static ArithmeticExperiment.Outcome run(ArithmeticExperiment.Settings s, Path out, boolean resume, int parallel,
            TrainingLoop.Listener hook, StringWriter log) throws Exception {
        return ArithmeticExperiment.run(s, out, resume, parallel, Progress.NONE, new PrintWriter(log, true), hook);
    }

    @Test
    void familyEndToEndIsDeterministicAndResumesAfterAKill(@TempDir Path dir) throws Exception {
        ArithmeticExperiment.Settings s = settings(7, 25);
        Path a = dir.resolve("a");
        ArithmeticExperiment.Outcome o = run(s, a, false, 1, null, new StringWriter());

        // the records
        List<Sample> samples = SampleJsonlReader.readAll(a.resolve("samples.jsonl"));
        int perModel = java.util.Arrays.stream(o.testItems()).sum();
        assertThat(o.testItems()).hasSize(5);
        assertThat(o.testItems()[4]).isEqualTo(25);
        assertThat(samples).hasSize(2 * perModel);
        Set<String> ids8 = new HashSet<>();
        Set<String> ids16 = new HashSet<>();
        for (Sample smp : samples) {
            assertThat(smp.model().family()).isEqualTo("ci");
            assertThat(smp.task()).isEqualTo("add4");
            int len = Integer.parseInt(smp.label("target_length"));
            assertThat(smp.target()).hasSize(len);
            assertThat(smp.targetTokens()).hasSize(len);
            assertThat(smp.targetLogProbCount()).isEqualTo(len);
            for (int i = 0; i < len; i++) {
                assertThat(smp.targetLogProb(i)).isLessThanOrEqualTo(0.0).isGreaterThan(Double.NEGATIVE_INFINITY);
            }
            assertThat(smp.output()).isNotNull();
            assertThat(String.join("", smp.outputTokens())).isEqualTo(smp.output());
            assertThat(smp.prompt()).isEqualTo(smp.itemId() + "=");
            assertThat(smp.model().scale().params()).isPositive();
            assertThat(smp.model().scale().tokens()).isPositive();
            assertThat(smp.model().scale().step()).isEqualTo(STEPS);
            (smp.model().name().equals("w8-l1") ? ids8 : ids16).add(smp.itemId() + "/" + len);
        }
        assertThat(ids8).hasSize(perModel).isEqualTo(ids16); // every model answers the same items
        List<String> csv = Files.readAllLines(a.resolve("models.csv"));
        assertThat(csv.get(0)).startsWith("family,model,task,params,non_embedding_params,tokens,flops,steps,batch_size,"
                + "width,layers,heads,peak_lr,final_loss");
        assertThat(csv).hasSize(3);
        assertThat(csv.get(1)).startsWith("ci,w8-l1,add4,");
        assertThat(o.models().get(0).tokens()).isEqualTo(o.models().get(1).tokens()); // identical data and budget
        assertThat(o.models().get(0).finalLoss()).isGreaterThan(o.models().get(1).finalLoss() * 0.5);

        // the same run again, with both models trained at the same time: byte for byte the same
        Path b = dir.resolve("b");
        run(s, b, false, 2, null, new StringWriter());
        assertSameOutputs(a, b);

        // killed during the second model (after its checkpoint at step 40), then resumed
        Path c = dir.resolve("c");
        AtomicInteger calls = new AtomicInteger();
        assertThatThrownBy(() -> run(s, c, false, 1, (done, loss) -> {
            if (calls.incrementAndGet() == STEPS + 47) {
                throw new Killed();
            }
        }, new StringWriter())).isInstanceOf(Killed.class);
        assertThat(c.resolve("samples.jsonl")).doesNotExist();
        assertThat(c.resolve("work/w8-l1.json")).exists();
        assertThat(c.resolve("work/w16-l1.ckpt")).exists();
        StringWriter log = new StringWriter();
        run(s, c, true, 1, null, log);
        assertThat(log.toString()).contains("w8-l1: finished in an earlier run", "w16-l1: resumed at step 40");
        assertSameOutputs(a, c);

        // resuming a finished run changes nothing
        run(s, c, true, 1, null, new StringWriter());
        assertSameOutputs(a, c);
    }

    @Test
    void resumingWithOtherSettingsIsRefusedAndAFreshRunStartsOver(@TempDir Path dir) throws Exception {
        Path out = dir.resolve("o");
        assertThatThrownBy(() -> run(settings(1, 10), out, false, 1, (done, loss) -> {
            if (done == 30) {
                throw new Killed();
            }
        }, new StringWriter())).isInstanceOf(Killed.class);
        assertThatThrownBy(() -> run(settings(2, 10), out, true, 1, null, new StringWriter()))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("seed was 1, now 2");
        assertThat(out.resolve("work/w8-l1.ckpt")).exists();
        run(settings(2, 10), out, false, 1, null, new StringWriter()); // without --resume: starts over
        assertThat(Files.readString(out.resolve("run.json"))).contains("\"seed\" : 2");
        assertThat(out.resolve("samples.jsonl")).exists();
    }

    static void assertSameOutputs(Path x, Path y) throws Exception {
        assertThat(Files.mismatch(x.resolve("samples.jsonl"), y.resolve("samples.jsonl"))).isEqualTo(-1L);
        assertThat(Files.mismatch(x.resolve("models.csv"), y.resolve("models.csv"))).isEqualTo(-1L);
    }

    @Test
    void greedyOutputsAgreeWithTeacherForcedProbabilities(@TempDir Path dir) throws Exception {
        // Greedy decoding and the teacher-forced pass are separate computations. Where the greedy output
        // agrees with the target up to and including token j, target token j was the most probable next
        // token, so its teacher-forced probability is at least 1/vocabulary; where they agree before j
        // and differ at j, another token was at least as probable, so p(target j) <= 1/2.
        ArithmeticExperiment.Outcome o = run(settings(3, 40), dir.resolve("e"), false, 1, null, new StringWriter());
        int agreeing = 0;
        int diverging = 0;
        for (Sample smp : SampleJsonlReader.readAll(o.samples())) {
            String out = smp.output();
            String target = smp.target();
            for (int j = 0; j < target.length(); j++) {
                if (!out.startsWith(target.substring(0, j))) {
                    break;
                }
                double p = Math.exp(smp.targetLogProb(j));
                if (out.length() > j && out.charAt(j) == target.charAt(j)) {
                    assertThat(p).as("%s token %d", smp.itemId(), j).isGreaterThanOrEqualTo(1.0 / CharVocab.SIZE - 1e-6);
                    agreeing++;
                } else {
                    assertThat(p).as("%s token %d", smp.itemId(), j).isLessThanOrEqualTo(0.5 + 1e-6);
                    diverging++;
                }
            }
        }
        assertThat(agreeing).isPositive();
        assertThat(diverging).isPositive();
    }
}

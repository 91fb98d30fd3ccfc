package mirage.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import mirage.core.data.Sample;
import mirage.core.metric.Metrics;
import mirage.core.metric.Scorer;
import mirage.io.samples.SampleJsonlReader;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/**
 * The real thing, end to end: {@code mirage train arithmetic} trains a tiny family, {@code mirage serve}
 * serves it on a free loopback port, {@code mirage eval} evaluates it through HTTP, and the records equal
 * those the training run wrote by evaluating the same models in process (a different code path:
 * {@code ArithmeticEvaluator}, batched, with its own KV-cached greedy decoding): same items, prompts,
 * outputs, output and target tokens, hence the same exact match and token edit distance; target
 * log-probabilities within {@link #LOGPROB_TOLERANCE} nats (both are float32 values, computed once in a batch
 * and once alone).
 */
class EvalServeEndToEndTest {
    /** Absolute tolerance on each target token's log-probability, in nats. */
    static final double LOGPROB_TOLERANCE = 1e-5;

    static CliTest.Run run(String... args) {
        return CliTest.run(args);
    }

    /** mirage serve on a thread; stopped by interrupting it. */
    static final class Server implements AutoCloseable {
        final Thread thread;
        final StringWriter out = new StringWriter();
        final StringWriter err = new StringWriter();
        final int[] code = {-1};
        final String url;

        Server(Path models) throws InterruptedException {
            CommandLine cl = MirageCommand.commandLine();
            cl.setOut(new PrintWriter(out, true));
            cl.setErr(new PrintWriter(err, true));
            thread = new Thread(() -> code[0] = cl.execute("serve", "--models", models.toString(), "--port", "0", "--threads", "4"));
            thread.start();
            Pattern p = Pattern.compile("serving \\d+ models? at (http://127\\.0\\.0\\.1:\\d+/v1)");
            String found = null;
            for (int i = 0; i < 600 && found == null; i++) {
                Matcher m = p.matcher(out.toString());
                if (m.find()) {
                    found = m.group(1);
                } else if (!thread.isAlive()) {
                    throw new AssertionError("serve ended: " + out + err);
                } else {
                    Thread.sleep(50);
                }
            }
            assertThat(found).as("serve printed its URL: " + out + err).isNotNull();
            url = found;
        }

        @Override
        public void close() throws InterruptedException {
            thread.interrupt();
            thread.join(20_000);
            assertThat(thread.isAlive()).isFalse();
            assertThat(code[0]).as(err.toString()).isZero();
            assertThat(out.toString()).contains("stopped after");
        }
    }

    static Map<String, Sample> byModelAndItem(Path file) throws Exception {
        Map<String, Sample> m = new HashMap<>();
        for (Sample s : SampleJsonlReader.readAll(file)) {
            assertThat(m.put(s.model().name() + "|" + s.itemId(), s)).isNull();
        }
        return m;
    }

    static Map<String, Double> scores(Path file) throws Exception {
        Scorer scorer = new Scorer(Metrics.parseList("exact_match,token_edit_distance,char_edit_distance,target_logprob"));
        SampleJsonlReader.readAll(file).forEach(scorer::accept);
        Map<String, Double> out = new HashMap<>();
        for (Scorer.Result r : scorer.results()) {
            out.put(r.cell().model().name() + "|" + r.cell().labels().get("target_length") + "|" + r.metric().name(), r.value().value());
        }
        return out;
    }

    @Test
    void serveRefusesFoldersWithoutTrainedModelsAndBadOptions(@TempDir Path dir) throws Exception {
        CliTest.Run missing = run("serve", "--models", dir.resolve("nothing").toString(), "--port", "0");
        assertThat(missing.code()).isEqualTo(2);
        assertThat(missing.err()).hasLineCount(1).contains("nothing", "no such folder");
        CliTest.Run empty = run("serve", "--models", dir.toString(), "--port", "0");
        assertThat(empty.code()).isEqualTo(2);
        assertThat(empty.err()).hasLineCount(1).contains("holds no run.json");
        CliTest.Run port = run("serve", "--models", dir.toString(), "--port", "70000");
        assertThat(port.code()).isEqualTo(2);
        assertThat(port.err()).hasLineCount(1).contains("--port must be in 0..65535");
    }

    @Test
    void servedModelsEvaluatedThroughHttpEqualTheInProcessEvaluation(@TempDir Path dir) throws Exception {
        Path runDir = dir.resolve("run");
        CliTest.Run train = run("train", "arithmetic", "--sizes", "8x1,16x1", "--steps", "250", "--lr-scale", "4", "--test-items", "15", "--seed", "5",
                "--jobs", "2", "--out", runDir.toString(), "-q");
        assertThat(train.code()).as(train.err()).isZero();
        Path evalFile = dir.resolve("eval/add4.jsonl");
        String[] evalArgs;
        try (Server server = new Server(runDir)) {
            evalArgs = new String[] {"eval", "--endpoint", server.url, "--family-file", runDir.resolve("models.csv").toString(),
                "--task", "add4", "--format", "plain", "--shots", "0", "--items", "15", "--seed", "5", "--concurrency", "3",
                "--out", evalFile.toString(), "-q"};
            CliTest.Run ev = run(evalArgs);
            assertThat(ev.code()).as(ev.err()).isZero();
            assertThat(ev.out()).contains("exact_match", "token_edit_distance", "target_logprob");

            // record by record
            Map<String, Sample> inProcess = byModelAndItem(runDir.resolve("samples.jsonl"));
            Map<String, Sample> http = byModelAndItem(evalFile);
            assertThat(http.keySet()).isEqualTo(inProcess.keySet()).hasSize(2 * (7 + 15 * 4)); // 7 one-digit sums are held out for seed 5
            Set<String> outputs = new HashSet<>();
            int stoppedEarly = 0;
            int exact = 0;
            double worst = 0;
            for (Map.Entry<String, Sample> e : inProcess.entrySet()) {
                Sample a = e.getValue();
                Sample b = http.get(e.getKey());
                assertThat(b.model()).isEqualTo(a.model()); // family, name and scale from models.csv
                assertThat(b.task()).isEqualTo(a.task());
                assertThat(b.prompt()).isEqualTo(a.prompt());
                assertThat(b.target()).isEqualTo(a.target());
                assertThat(b.output()).as(e.getKey()).isEqualTo(a.output());
                assertThat(b.outputTokens()).isEqualTo(a.outputTokens());
                assertThat(b.targetTokens()).isEqualTo(a.targetTokens());
                assertThat(b.label("target_length")).isEqualTo(a.label("target_length"));
                assertThat(b.labels()).containsEntry("shots", "0").containsEntry("format", "plain");
                assertThat(b.targetLogProbCount()).isEqualTo(a.targetLogProbCount());
                for (int i = 0; i < a.targetLogProbCount(); i++) {
                    assertThat(b.targetLogProb(i)).as(e.getKey()).isCloseTo(a.targetLogProb(i), within(LOGPROB_TOLERANCE));
                    worst = Math.max(worst, Math.abs(b.targetLogProb(i) - a.targetLogProb(i)));
                }
                outputs.add(a.output());
                stoppedEarly += a.output().length() < 6 ? 1 : 0;
                exact += a.output().equals(a.target()) ? 1 : 0;
            }
            // the comparison is not vacuous: varied outputs, some ended by the end mark, some right
            assertThat(outputs).hasSizeGreaterThan(10);
            assertThat(stoppedEarly).isPositive();
            assertThat(exact).isPositive();
            System.out.printf("end-to-end: %d records equal, largest target log-probability difference %.2e nats%n",
                    inProcess.size(), worst);

            // the metrics on the two sets of records
            Map<String, Double> sa = scores(runDir.resolve("samples.jsonl"));
            Map<String, Double> sb = scores(evalFile);
            for (Map.Entry<String, Double> e : sa.entrySet()) {
                double tol = e.getKey().endsWith("target_logprob") ? LOGPROB_TOLERANCE : 0;
                assertThat(sb.get(e.getKey())).as(e.getKey()).isCloseTo(e.getValue(), within(tol));
            }
            assertThat(sb.keySet()).containsAll(sa.keySet());

            // rerunning the same command finds everything done and leaves the file as it was
            byte[] before = Files.readAllBytes(evalFile);
            CliTest.Run again = run(evalArgs);
            assertThat(again.code()).as(again.err()).isZero();
            assertThat(again.out()).contains("0 (model, item) pairs to ask (134 already in");
            assertThat(Files.readAllBytes(evalFile)).isEqualTo(before);

            // a second server on the same port: a one-line error, exit 2
            String port = server.url.replaceAll(".*:(\\d+)/v1$", "$1");
            CliTest.Run busy = run("serve", "--models", runDir.toString(), "--port", port);
            assertThat(busy.code()).isEqualTo(2);
            assertThat(busy.err()).hasLineCount(1).contains("cannot listen on 127.0.0.1:" + port, "choose another --port");

            // sampled answers are reproducible: the seed per (model, item) goes to the server
            Path s1 = dir.resolve("s1.jsonl");
            Path s2 = dir.resolve("s2.jsonl");
            for (Path p : List.of(s1, s2)) {
                CliTest.Run r = run("eval", "--endpoint", server.url, "--model", "mirage-add4/w16-l1", "--params", "3792", "--task", "add4",
                        "--format", "plain", "--shots", "0", "--items", "5", "--seed", "5", "--temperature", "1",
                        "--concurrency", p == s1 ? "1" : "4", "--no-target-logprobs", "--out", p.toString(), "-q");
                assertThat(r.code()).as(r.err()).isZero();
            }
            assertThat(Files.readAllBytes(s2)).isEqualTo(Files.readAllBytes(s1));
            long differ = SampleJsonlReader.readAll(s1).stream()
                    .filter(s -> !s.output().equals(inProcess.get("w16-l1|" + s.itemId()).output())).count();
            assertThat(differ).as("sampling differs from greedy somewhere").isPositive();
            assertThat(SampleJsonlReader.readAll(s1)).allSatisfy(s -> assertThat(s.targetLogProbs()).isNull());
        }
    }
}

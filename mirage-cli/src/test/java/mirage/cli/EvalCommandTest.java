package mirage.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import mirage.core.data.Sample;
import mirage.io.samples.SampleJsonlReader;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * mirage eval against a fake OpenAI-compatible server: a normal run, the API key, bounded concurrency,
 * retries, resume (also after a real SIGKILL of a separate process), and every kind of bad answer:
 * clear one-line errors (exit 2 for bad options, 1 for remote failures) and whole lines left behind.
 */
class EvalCommandTest {
    static final String KEY = "sk-test-Z9yXwV8uT7sR6qP5";

    @TempDir
    Path dir;
    FakeApi api;

    static CliTest.Run run(String... args) {
        return CliTest.run(args);
    }

    @AfterEach
    void stop() {
        EvalCommand.environment = System::getenv;
        if (api != null) {
            api.close();
        }
    }

    FakeApi api() throws Exception {
        api = new FakeApi();
        return api;
    }

    /** eval of a two-model family on add4 (qa, 2 shots, 3 items per target length: 15 items), fast retries. */
    String[] args(String url, Path out, String... more) {
        List<String> a = new ArrayList<>(List.of("eval", "--endpoint", url, "--model", "small", "--params", "70M", "--model", "big",
                "--params", "1.4B", "--family", "toy", "--task", "add4", "--items", "3", "--retries", "2", "--retry-base", "0.01",
                "--timeout", "5", "--out", out.toString(), "-q"));
        for (int i = 0; i < more.length; i++) {
            int at = a.indexOf(more[i]);
            if (at >= 0 && i + 1 < more.length && more[i].startsWith("--")) {
                a.set(at + 1, more[++i]); // an option given again replaces the default
            } else {
                a.add(more[i]);
            }
        }
        return a.toArray(new String[0]);
    }

    static void assertWholeRecords(Path file) throws Exception {
        byte[] b = Files.readAllBytes(file);
        if (b.length > 0) {
            assertThat(b[b.length - 1]).as("ends with a line break").isEqualTo((byte) '\n');
        }
        SampleJsonlReader.readAll(file); // every line parses
    }

    @Test
    void evaluatesAFamilyWithFewShotPromptsAndServerTokens() throws Exception {
        FakeApi s = api();
        Path out = dir.resolve("toy.jsonl");
        CliTest.Run r = run(args(s.url(), out, "--concurrency", "3"));
        assertThat(r.code()).as(r.err()).isZero();
        List<Sample> samples = SampleJsonlReader.readAll(out);
        assertThat(samples).hasSize(2 * 15);
        assertThat(s.count.get()).isEqualTo(2 * 2 * 15); // an answer and an echo per (model, item)
        Sample first = samples.get(0);
        assertThat(first.model().family()).isEqualTo("toy");
        assertThat(first.model().name()).isEqualTo("small");
        assertThat(first.model().scale().params()).isEqualTo(70e6);
        assertThat(samples.get(15).model().scale().params()).isEqualTo(1.4e9);
        assertThat(first.task()).isEqualTo("add4");
        assertThat(first.labels()).containsEntry("shots", "2").containsEntry("format", "qa").containsKey("target_length");
        // two solved examples, then the question
        assertThat(first.prompt()).matches("(?s)Q: What is \\d+ plus \\d+\\? A: \\d+\n\nQ: What is \\d+ plus \\d+\\? A: \\d+\n\n"
                + "Q: What is \\d+ plus \\d+\\? A:");
        assertThat(first.prompt()).endsWith("Q: What is " + first.itemId().replace("+", " plus ") + "? A:");
        for (Sample x : samples) {
            // target tokens are the server's tokens over " " + target; output tokens spell the output
            assertThat(String.join("", x.targetTokens())).isEqualTo(" " + x.target());
            assertThat(String.join("", x.outputTokens())).isEqualTo(x.output());
            assertThat(x.targetTokens()).isEqualTo(FakeApi.tokenize(" " + x.target()));
            assertThat(x.targetLogProbCount()).isEqualTo(x.targetTokens().size());
            long sum = Long.parseLong(x.target());
            assertThat(x.output().strip()).isEqualTo(Long.toString(sum % 5 == 0 ? sum + 1 : sum));
        }
        // items come in canonical order: models in family order, items in order of target length
        assertThat(samples.subList(0, 15)).allSatisfy(x -> assertThat(x.model().name()).isEqualTo("small"));
        assertThat(r.out()).contains("exact_match", "token_edit_distance", "char_edit_distance", "target_logprob");
        assertThat(dir.resolve("toy.jsonl.eval.json")).exists();
        String prov = Files.readString(dir.resolve("toy.jsonl.provenance.json"));
        assertThat(prov).contains("\"written\" : 30", "\"api_key_present\" : false", "\"complete\" : true");
    }

    @Test
    void theApiKeyIsSentAndNeverWrittenAnywhere() throws Exception {
        EvalCommand.environment = () -> Map.of("MY_KEY", KEY);
        FakeApi s = api();
        Path out = dir.resolve("k.jsonl");
        // a token in the endpoint's query string is sent but kept out of the outputs as well
        CliTest.Run ok = run(args(s.url() + "?api-version=1&token=qs-Q7wE4rT1", out, "--api-key-env", "MY_KEY"));
        assertThat(ok.code()).as(ok.err()).isZero();
        assertThat(s.queries).isNotEmpty().allSatisfy(q -> assertThat(q).isEqualTo("api-version=1&token=qs-Q7wE4rT1"));
        assertThat(s.authorizations).isNotEmpty().allSatisfy(a -> assertThat(a).isEqualTo("Bearer " + KEY));
        // a server that rejects the key and repeats it, whole and masked, in its message
        s.behaviour = (n, req) -> FakeApi.Reply.json(401, "{\"error\":{\"message\":\"Incorrect API key provided: " + KEY
                + " (sk-tes*****qP5). Header was Bearer " + KEY + "\",\"type\":\"invalid_request_error\"}}");
        Path out2 = dir.resolve("k2.jsonl");
        CliTest.Run bad = run(args(s.url(), out2, "--api-key-env", "MY_KEY"));
        assertThat(bad.code()).isEqualTo(2);
        assertThat(bad.err()).hasLineCount(1).contains("HTTP 401", "Incorrect API key provided: [API key]", "nothing was written");
        assertThat(out2).doesNotExist();
        List<String> texts = new ArrayList<>(List.of(ok.out(), ok.err(), bad.out(), bad.err()));
        try (var files = Files.list(dir)) {
            for (Path p : (Iterable<Path>) files::iterator) {
                texts.add(Files.readString(p, StandardCharsets.UTF_8));
            }
        }
        assertThat(texts).hasSizeGreaterThanOrEqualTo(7); // the rejected run wrote nothing (no empty output is left)
        for (String t : texts) {
            assertThat(t).doesNotContain(KEY).doesNotContain("Z9yXwV8u").doesNotContain("sk-tes*").doesNotContain("Q7wE4rT1");
        }
        assertThat(Files.readString(dir.resolve("k.jsonl.provenance.json"))).contains("\"api_key_env\" : \"MY_KEY\"",
                "\"api_key_present\" : true");
    }

    @Test
    void concurrencyIsBounded() throws Exception {
        FakeApi s = api();
        s.delayMillis = 15;
        // the first request is held until three are in flight (or 5 s passed), so the bound is reached on a busy machine too
        s.behaviour = (n, req) -> {
            for (int i = 0; n == 0 && i < 500 && s.inFlight.get() < 3; i++) {
                Thread.sleep(10);
            }
            return null;
        };
        CliTest.Run r = run(args(s.url(), dir.resolve("c.jsonl"), "--concurrency", "3"));
        assertThat(r.code()).as(r.err()).isZero();
        assertThat(s.maxInFlight.get()).isEqualTo(3);
        assertThat(SampleJsonlReader.readAll(dir.resolve("c.jsonl"))).hasSize(30);
    }

    @Test
    void serverErrorsAreRetriedAndTheRunCompletes() throws Exception {
        FakeApi s = api();
        s.behaviour = (n, req) -> n < 2 ? new FakeApi.Reply(503, Map.of("Retry-After", "0"), "{\"error\":{\"message\":\"overloaded\"}}")
                : n == 2 ? FakeApi.Reply.json(429, "slow down") : null;
        Path out = dir.resolve("r.jsonl");
        CliTest.Run r = run(args(s.url(), out, "--concurrency", "1", "--retries", "3"));
        assertThat(r.code()).as(r.err()).isZero();
        assertThat(SampleJsonlReader.readAll(out)).hasSize(30);
        assertThat(r.out()).contains("63 HTTP requests, 3 retries");
        assertThat(Files.readString(dir.resolve("r.jsonl.provenance.json"))).contains("\"HTTP 503\" : 2", "\"HTTP 429\" : 1");
    }

    @Test
    void aServerFailingMidRunLeavesWholeLinesAndTheRerunEqualsAnUninterruptedRun() throws Exception {
        FakeApi s = api();
        Path reference = dir.resolve("ref.jsonl");
        assertThat(run(args(s.url(), reference)).code()).isZero();
        int before = s.count.get();
        s.behaviour = (n, req) -> n >= before + 21 ? FakeApi.Reply.json(500, "{\"error\":{\"message\":\"GPU fell off\"}}") : null;
        Path out = dir.resolve("o.jsonl");
        CliTest.Run r = run(args(s.url(), out, "--concurrency", "2"));
        assertThat(r.code()).isEqualTo(1);
        assertThat(r.err()).hasLineCount(1).contains("gave up on model", "after 3 attempts: HTTP 500: GPU fell off",
                "records in " + out, "rerun the same command to continue");
        assertWholeRecords(out);
        long kept = Files.readAllLines(out).size();
        assertThat(kept).isBetween(8L, 11L);
        assertThat(Files.readString(dir.resolve("o.jsonl.provenance.json"))).contains("\"complete\" : false", "GPU fell off");
        s.behaviour = (n, req) -> null;
        CliTest.Run again = run(args(s.url(), out, "--concurrency", "4"));
        assertThat(again.code()).as(again.err()).isZero();
        assertThat(again.out()).contains((30 - kept) + " (model, item) pairs to ask (" + kept + " already in");
        assertThat(Files.readAllBytes(out)).isEqualTo(Files.readAllBytes(reference));
    }

    @Test
    void unreachableEndpointIsExitOneWithOneLine() throws Exception {
        int port;
        try (ServerSocket free = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            port = free.getLocalPort();
        }
        Path out = dir.resolve("u.jsonl");
        CliTest.Run r = run(args("http://127.0.0.1:" + port + "/v1", out, "--retries", "1"));
        assertThat(r.code()).isEqualTo(1);
        assertThat(r.err()).hasLineCount(1).contains("cannot connect to http://127.0.0.1:" + port + "/v1/completions", "after 2 attempts",
                "nothing was written");
        // nothing answered: the run leaves no empty output behind (so other options may use the same --out)
        assertThat(out).doesNotExist();
        assertThat(mirage.io.api.EvalOutput.definitionFile(out)).doesNotExist();
        assertThat(run(args("http://127.0.0.1:" + port + "/v1", out, "--retries", "0", "--shots", "1")).err()).contains("cannot connect");
        // an output that holds records is kept as it is when the server cannot be reached
        FakeApi s = api();
        assertThat(run(args(s.url(), out)).code()).isZero();
        byte[] before = Files.readAllBytes(out);
        CliTest.Run more = run("eval", "--endpoint", "http://127.0.0.1:" + port + "/v1", "--model", "huge", "--params", "7B", "--family", "toy",
                "--task", "add4", "--items", "3", "--retries", "0", "--out", out.toString(), "-q");
        assertThat(more.code()).isEqualTo(1);
        assertThat(more.err()).hasLineCount(1).contains("cannot connect", "the 30 records in " + out + " are complete lines: rerun");
        assertThat(Files.readAllBytes(out)).isEqualTo(before);
    }

    @Test
    void aServerThatDoesNotAnswerInTimeIsRetriedThenGivenUp() throws Exception {
        FakeApi s = api();
        s.delayMillis = 1500;
        CliTest.Run r = run(args(s.url(), dir.resolve("t.jsonl"), "--timeout", "0.2", "--retries", "1", "--concurrency", "1"));
        assertThat(r.code()).isEqualTo(1);
        assertThat(r.err()).hasLineCount(1).contains("no answer from", "within 0.2 s", "after 2 attempts");
    }

    /** Answers that are not usable completions: each is exit 1 with a one-line reason, and nothing torn. */
    @Test
    void badAnswersAreClearErrors() throws Exception {
        FakeApi s = api();
        record Case(String name, FakeApi.Behaviour b, String expected) {
        }
        List<Case> cases = List.of(
                new Case("malformed", (n, r) -> n >= 4 ? FakeApi.Reply.json(200, "{\"choices\": [ {\"text\": ") : null,
                        "the response is not valid JSON"),
                new Case("no logprobs", (n, r) -> {
                    if (n < 4) {
                        return null;
                    }
                    var a = FakeApi.answer(r);
                    ((com.fasterxml.jackson.databind.node.ObjectNode) a.get("choices").get(0)).putNull("logprobs");
                    return FakeApi.Reply.json(200, a.toString());
                }, "the response has no log-probabilities ('logprobs' is null)"),
                new Case("wrong item", (n, r) -> {
                    if (n < 4 || !r.path("echo").asBoolean()) {
                        return null;
                    }
                    var other = r.deepCopy();
                    ((com.fasterxml.jackson.databind.node.ObjectNode) other).put("prompt", "Q: What is 1 plus 1? A: 2");
                    return FakeApi.Reply.json(200, FakeApi.answer(other).toString());
                }, "the echoed text differs from the prompt and target sent"),
                new Case("echo ignored", (n, r) -> {
                    if (n < 4 || !r.path("echo").asBoolean()) {
                        return null;
                    }
                    var plain = r.deepCopy();
                    ((com.fasterxml.jackson.databind.node.ObjectNode) plain).put("echo", false);
                    return FakeApi.Reply.json(200, FakeApi.answer(plain).toString());
                }, "a server without 'echo' support needs --no-target-logprobs"),
                new Case("two choices", (n, r) -> {
                    if (n < 4) {
                        return null;
                    }
                    var a = FakeApi.answer(r);
                    ((com.fasterxml.jackson.databind.node.ArrayNode) a.get("choices")).add(a.get("choices").get(0).deepCopy());
                    return FakeApi.Reply.json(200, a.toString());
                }, "the response has 2 choices, expected 1"),
                new Case("choice index", (n, r) -> {
                    if (n < 4) {
                        return null;
                    }
                    var a = FakeApi.answer(r);
                    ((com.fasterxml.jackson.databind.node.ObjectNode) a.get("choices").get(0)).put("index", 3);
                    return FakeApi.Reply.json(200, a.toString());
                }, "choice has index 3, expected 0"),
                new Case("no text", (n, r) -> n >= 4 ? FakeApi.Reply.json(200, "{\"choices\":[{\"index\":0}]}") : null,
                        "the choice has no 'text' string"),
                new Case("error in a 200", (n, r) -> n >= 4 ? FakeApi.Reply.json(200, "{\"error\":{\"message\":\"context too long\"}}") : null,
                        "the server answered with an error: context too long"),
                new Case("terminal escapes", (n, r) -> n >= 4 ? FakeApi.Reply.json(200, "{\"error\":{\"message\":\"\\u001b[31mred\\u001b[0m\"}}")
                        : null, "the server answered with an error: \uFFFD[31mred\uFFFD[0m"),
                new Case("unscored target", (n, r) -> {
                    if (n < 4 || !r.path("echo").asBoolean()) {
                        return null;
                    }
                    var a = FakeApi.answer(r);
                    var vals = (com.fasterxml.jackson.databind.node.ArrayNode) a.get("choices").get(0).get("logprobs").get("token_logprobs");
                    vals.set(vals.size() - 1, com.fasterxml.jackson.databind.node.NullNode.getInstance());
                    return FakeApi.Reply.json(200, a.toString());
                }, "no log-probability for target token"));
        for (Case c : cases) {
            int base = s.count.get();
            FakeApi.Behaviour b = c.b();
            s.behaviour = (n, r) -> b.reply(n - base, r);
            Path out = dir.resolve(c.name().replace(' ', '-') + ".jsonl");
            CliTest.Run r = run(args(s.url(), out, "--concurrency", "1"));
            assertThat(r.code()).as(c.name() + ": " + r.err()).isEqualTo(1);
            assertThat(r.err()).as(c.name()).hasLineCount(1).contains(c.expected()).contains("model 'small', item")
                    .doesNotContain("\u001b");
            assertWholeRecords(out);
            assertThat(SampleJsonlReader.readAll(out)).as(c.name()).hasSizeBetween(1, 2);
        }
    }

    @Test
    void outputsThatAreNotNumbersAreKeptAsWrongAnswersAndCounted() throws Exception {
        FakeApi s = api();
        s.behaviour = (n, r) -> {
            if (r.path("echo").asBoolean() || !r.get("prompt").asText().contains("What is 1")) {
                return null;
            }
            var a = FakeApi.answer(r);
            var c = (com.fasterxml.jackson.databind.node.ObjectNode) a.get("choices").get(0);
            c.put("text", " banana");
            var lp = (com.fasterxml.jackson.databind.node.ObjectNode) c.get("logprobs");
            lp.putArray("tokens").add(" banana");
            lp.putArray("token_logprobs").add(-3.0);
            lp.remove("text_offset");
            return FakeApi.Reply.json(200, a.toString());
        };
        Path out = dir.resolve("b.jsonl");
        CliTest.Run r = run(args(s.url(), out));
        assertThat(r.code()).as(r.err()).isZero();
        long bananas = SampleJsonlReader.readAll(out).stream().filter(x -> x.output().equals(" banana")).count();
        assertThat(bananas).isPositive();
        assertThat(r.out()).contains("note: " + bananas + " output" + (bananas == 1 ? "" : "s") + " do not look like a number (e.g. \" banana\")");
        assertThat(SampleJsonlReader.readAll(out).stream().filter(x -> x.output().equals(" banana")))
                .allSatisfy(x -> assertThat(x.outputTokens()).containsExactly(" banana"));
    }

    @Test
    void aTornLastLineIsRemovedOnResume() throws Exception {
        FakeApi s = api();
        Path out = dir.resolve("torn.jsonl");
        assertThat(run(args(s.url(), out)).code()).isZero();
        byte[] full = Files.readAllBytes(out);
        Files.write(out, java.util.Arrays.copyOf(full, full.length - 40)); // the last record cut in the middle
        CliTest.Run r = run(args(s.url(), out));
        assertThat(r.code()).as(r.err()).isZero();
        assertThat(r.out()).contains("removed an incomplete last line", "1 (model, item) pairs to ask (29 already in");
        assertThat(Files.readAllBytes(out)).isEqualTo(full);
    }

    @Test
    void aKilledProcessLeavesWholeLinesAndTheRerunCompletesIt() throws Exception {
        FakeApi s = api();
        Path reference = dir.resolve("ref.jsonl");
        assertThat(run(args(s.url(), reference)).code()).isZero();
        s.delayMillis = 25;
        Path out = dir.resolve("killed.jsonl");
        List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-cp",
                System.getProperty("surefire.test.class.path", System.getProperty("java.class.path")), "mirage.cli.Main"));
        cmd.addAll(List.of(args(s.url(), out, "--concurrency", "2")));
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(dir.resolve("child.log").toFile()).start();
        try {
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
            while ((!Files.exists(out) || Files.readAllLines(out).size() < 6) && p.isAlive() && System.nanoTime() < deadline) {
                Thread.sleep(20);
            }
            assertThat(p.isAlive()).as("still running: " + Files.readString(dir.resolve("child.log"))).isTrue();
        } finally {
            p.destroyForcibly(); // SIGKILL: no shutdown hook, no flush, no cleanup
            p.waitFor(30, TimeUnit.SECONDS);
        }
        assertWholeRecords(out);
        long kept = Files.readAllLines(out).size();
        assertThat(kept).isBetween(6L, 29L);
        s.delayMillis = 0;
        CliTest.Run r = run(args(s.url(), out));
        assertThat(r.code()).as(r.err()).isZero();
        assertThat(r.out()).contains((30 - kept) + " (model, item) pairs to ask (" + kept + " already in");
        assertThat(Files.readAllBytes(out)).isEqualTo(Files.readAllBytes(reference));
    }

    @Test
    void anOutputOfAnotherEvaluationIsRefused() throws Exception {
        FakeApi s = api();
        Path out = dir.resolve("x.jsonl");
        assertThat(run(args(s.url(), out)).code()).isZero();
        CliTest.Run shots = run(args(s.url(), out, "--shots", "3"));
        assertThat(shots.code()).isEqualTo(2);
        assertThat(shots.err()).hasLineCount(1).contains("holds the results of another evaluation", "shots was 2, now 3");
        CliTest.Run params = run("eval", "--endpoint", s.url(), "--model", "small", "--params", "71M", "--family", "toy", "--task", "add4",
                "--items", "3", "--out", out.toString(), "-q");
        assertThat(params.code()).isEqualTo(2);
        assertThat(params.err()).hasLineCount(1).contains("already holds model 'small' with other settings", "params was 7.0E7, now 7.1E7");
        // a model added to the family is evaluated; the others are kept
        CliTest.Run more = run("eval", "--endpoint", s.url(), "--model", "huge", "--params", "7B", "--family", "toy", "--task", "add4",
                "--items", "3", "--out", out.toString(), "--retries", "0", "-q");
        assertThat(more.code()).as(more.err()).isZero();
        assertThat(SampleJsonlReader.readAll(out)).hasSize(45);
        Path foreign = dir.resolve("foreign.jsonl");
        Files.writeString(foreign, "{\"family\":\"f\",\"model\":\"m\",\"task\":\"add4\",\"item_id\":\"1\"}\n");
        CliTest.Run f = run(args(s.url(), foreign));
        assertThat(f.code()).isEqualTo(2);
        assertThat(f.err()).hasLineCount(1).contains("has no foreign.jsonl.eval.json");
        assertThat(Files.readString(foreign)).startsWith("{\"family\":\"f\"");
        // a line that does not belong is refused before anything changes: the definition keeps its models
        Path def = dir.resolve("x.jsonl.eval.json");
        byte[] defBefore = Files.readAllBytes(def);
        String line = Files.readAllLines(out).get(0);
        Files.writeString(out, line.replace("\"model\":\"small\"", "\"model\":\"ghost\"") + "\n",
                java.nio.file.StandardOpenOption.APPEND);
        CliTest.Run ghost = run("eval", "--endpoint", s.url(), "--model", "tiny", "--params", "1M", "--family", "toy", "--task", "add4",
                "--items", "3", "--out", out.toString(), "-q");
        assertThat(ghost.code()).isEqualTo(2);
        assertThat(ghost.err()).hasLineCount(1).contains("x.jsonl:46: field 'model': 'ghost' is not a model of this evaluation");
        assertThat(Files.readAllBytes(def)).isEqualTo(defBefore);
    }

    @Test
    void badOptionsAreExitTwoWithOneLine() throws Exception {
        Path famNoParams = dir.resolve("fam.csv");
        Files.writeString(famNoParams, "model,name\nm1,a\n");
        Path famBadNumber = dir.resolve("fam2.csv");
        Files.writeString(famBadNumber, "model,params\nm1,70M\nm2,lots\n");
        String[][] bad = {
            {"eval", "--endpoint", "http://127.0.0.1:9/v1", "--model", "a", "--task", "add4"},
            {"eval", "--endpoint", "http://127.0.0.1:9/v1", "--model", "a", "--params", "1M", "--task", "sub3"},
            {"eval", "--endpoint", "http://127.0.0.1:9/v1", "--model", "a", "--params", "1M", "--task", "add4", "--format", "chat"},
            {"eval", "--endpoint", "ftp://127.0.0.1/v1", "--model", "a", "--params", "1M", "--task", "add4"},
            {"eval", "--endpoint", "http://me:pw@127.0.0.1/v1", "--model", "a", "--params", "1M", "--task", "add4"},
            {"eval", "--model", "a", "--params", "1M", "--task", "add4"},
            {"eval", "--endpoint", "http://127.0.0.1:9/v1", "--model", "a", "--params", "-5", "--task", "add4"},
            {"eval", "--endpoint", "http://127.0.0.1:9/v1", "--model", "a", "--params", "1M", "--task", "add4", "--concurrency", "0"},
            {"eval", "--endpoint", "http://127.0.0.1:9/v1", "--model", "a", "--params", "1M", "--task", "add4", "--api-key-env", "A B"},
            {"eval", "--endpoint", "http://127.0.0.1:9/v1", "--family-file", famNoParams.toString(), "--task", "add4"},
            {"eval", "--endpoint", "http://127.0.0.1:9/v1", "--family-file", famBadNumber.toString(), "--task", "add4"},
            {"eval", "--endpoint", "http://127.0.0.1:9/v1", "--family-file", famBadNumber.toString(), "--model", "x", "--params", "1",
                "--task", "add4"},
        };
        String[] expected = {"--model and --params come in pairs", "--task", "--format", "must start with http:// or https://",
            "must not contain credentials", "--endpoint is required", "--params of a", "--concurrency must be in 1..256",
            "--api-key-env must name an environment variable", "fam.csv:1: field 'params': missing column",
            "fam2.csv:3: field 'params': expected a number", "cannot be combined"};
        for (int i = 0; i < bad.length; i++) {
            String[] a = java.util.Arrays.copyOf(bad[i], bad[i].length + 2);
            a[a.length - 2] = "--out";
            a[a.length - 1] = dir.resolve("bad" + i + ".jsonl").toString();
            CliTest.Run r = run(a);
            assertThat(r.code()).as(String.join(" ", bad[i]) + ": " + r.err()).isEqualTo(2);
            assertThat(r.err()).as(String.join(" ", bad[i])).hasLineCount(1).contains(expected[i]);
            assertThat(dir.resolve("bad" + i + ".jsonl")).doesNotExist();
        }
    }

    @Test
    void theModelsCsvOfATrainingRunIsAFamilyFile() throws Exception {
        FakeApi s = api();
        Path csv = dir.resolve("models.csv");
        Files.writeString(csv, "family,model,task,params,non_embedding_params,tokens,flops,steps,batch_size\n"
                + "fam,w8-l1,add4,1128,888,1000,5e9,300,64\nfam,w16-l1,add4,3792,3312,1000,1.2e10,300,64\n");
        Path out = dir.resolve("f.jsonl");
        CliTest.Run r = run("eval", "--endpoint", s.url(), "--family-file", csv.toString(), "--task", "mul2", "--format", "plain",
                "--shots", "1", "--items", "2", "--out", out.toString(), "-q");
        assertThat(r.code()).as(r.err()).isZero();
        List<Sample> samples = SampleJsonlReader.readAll(out);
        assertThat(samples).isNotEmpty();
        Sample x = samples.get(samples.size() - 1);
        assertThat(x.model().family()).isEqualTo("fam");
        assertThat(x.model().name()).isEqualTo("w16-l1");
        assertThat(x.model().scale().tokens()).isEqualTo(1000);
        assertThat(x.model().scale().step()).isEqualTo(300);
        assertThat(x.task()).isEqualTo("mul2");
        assertThat(x.prompt()).matches("\\d+\\*\\d+=\\d+\n" + java.util.regex.Pattern.quote(x.itemId()) + "=");
        JsonNode req = FakeApi.JSON.readTree("{}");
        assertThat(req).isNotNull();
    }
}

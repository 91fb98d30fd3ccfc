package mirage.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.Callable;
import java.util.function.Supplier;
import mirage.core.InputException;
import mirage.core.data.Model;
import mirage.core.data.Sample;
import mirage.core.data.Scale;
import mirage.core.metric.Metrics;
import mirage.core.metric.Scorer;
import mirage.io.api.ApiKey;
import mirage.io.api.CompletionsClient;
import mirage.io.api.Endpoint;
import mirage.io.api.EvalItem;
import mirage.io.api.EvalModel;
import mirage.io.api.EvalOutput;
import mirage.io.api.EvalRunner;
import mirage.io.api.FamilyFile;
import mirage.io.api.RejectedRequestException;
import mirage.io.api.RemoteFailureException;
import mirage.io.api.RetryPolicy;
import mirage.io.provenance.Provenance;
import mirage.io.samples.SampleJsonlReader;
import mirage.train.Progress;
import mirage.train.arith.ArithmeticPrompts;
import mirage.train.arith.ArithmeticTask;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/** {@code mirage eval}: a model family behind an OpenAI-compatible API on the paper's arithmetic tasks. */
@Command(name = "eval", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Evaluates a model family behind an OpenAI-compatible /v1/completions endpoint (vLLM, "
                + "llama.cpp's server, a hosted API, mirage serve) on the paper's arithmetic tasks.",
            "Few-shot prompts, greedy (or seeded sampled) answers with the server's tokens, and the teacher-forced "
                + "log-probabilities of the target (echo). Writes mirage per-sample JSONL as the answers come (FILE), its "
                + "definition (FILE.eval.json) and provenance (FILE.provenance.json). Interrupted? Rerun the same command: "
                + "the (model, item) pairs already in FILE are skipped. The API key is read from the environment "
                + "(--api-key-env) and written nowhere.", ""})
public final class EvalCommand implements Callable<Integer> {

    /** The environment the API key is read from (tests replace it). */
    static Supplier<Map<String, String>> environment = System::getenv;

    @Spec
    CommandSpec spec;

    @Option(names = "--endpoint", paramLabel = "URL",
            description = "the server's base URL, e.g. http://127.0.0.1:8000/v1 (/v1 is added to a URL without a path)")
    String endpoint;

    @Option(names = "--model", paramLabel = "NAME", description = "a model id on the server; repeat with --params for a family")
    List<String> models = new ArrayList<>();

    @Option(names = "--params", paramLabel = "N",
            description = "parameters of the --model at the same position (70426624, 7e7, 70M, 1.4B)")
    List<String> params = new ArrayList<>();

    @Option(names = "--family", paramLabel = "F", description = "the family name written in the records (default: the family "
            + "file's family column, else 'api')")
    String family;

    @Option(names = "--family-file", paramLabel = "FILE",
            description = "the family as a CSV with columns model,params[,name,family,endpoint,tokens,...] (docs/FORMATS.md); "
                    + "the models.csv of mirage train arithmetic is one")
    Path familyFile;

    @Option(names = "--task", required = true, paramLabel = "add4|mul2",
            description = "add4: addition of numbers of 1..4 digits; mul2: multiplication of numbers of 1..2 digits")
    String task;

    @Option(names = "--format", defaultValue = "qa", paramLabel = "qa|plain|padded",
            description = "prompt format: qa (GPT-3's 'Q: What is 48 plus 76? A: 124'), plain ('48+76=124', what mirage's "
                    + "own models read), padded ('0048+0076=124') (default: ${DEFAULT-VALUE})")
    String format;

    @Option(names = "--shots", defaultValue = "2", paramLabel = "K", description = "solved examples before each problem "
            + "(default: ${DEFAULT-VALUE}; mirage serve's models need 0)")
    int shots;

    @Option(names = "--items", defaultValue = "100", paramLabel = "N",
            description = "test items per target length (default: ${DEFAULT-VALUE}); the same held-out problems as "
                    + "mirage train arithmetic --test-items N with the same --seed")
    int items;

    @Option(names = "--seed", defaultValue = "0", paramLabel = "S",
            description = "seed of the test items, the examples, sampling and retry jitter (default: ${DEFAULT-VALUE})")
    long seed;

    @Option(names = "--temperature", defaultValue = "0", paramLabel = "T",
            description = "0: greedy; > 0: sampled, with a seed per (model, item) sent to the server (default: ${DEFAULT-VALUE})")
    double temperature;

    @Option(names = "--max-tokens", paramLabel = "N",
            description = "tokens to generate per answer (default: longest answer + 1, + 2 in the qa format)")
    Integer maxTokens;

    @Option(names = "--concurrency", defaultValue = "4", paramLabel = "C",
            description = "(model, item) pairs in flight at once (default: ${DEFAULT-VALUE})")
    int concurrency;

    @Option(names = "--timeout", defaultValue = "60", paramLabel = "SECONDS",
            description = "per request (default: ${DEFAULT-VALUE})")
    double timeout;

    @Option(names = "--retries", defaultValue = "5", paramLabel = "N",
            description = "retries of a request after 408/429/5xx, a timeout or a connection error (default: ${DEFAULT-VALUE})")
    int retries;

    @Option(names = "--retry-base", defaultValue = "1", paramLabel = "SECONDS",
            description = "delay before the first retry, doubled each retry up to --retry-max, with jitter; a server's "
                    + "Retry-After is honoured (default: ${DEFAULT-VALUE})")
    double retryBase;

    @Option(names = "--retry-max", defaultValue = "60", paramLabel = "SECONDS", description = "longest delay between retries "
            + "(default: ${DEFAULT-VALUE})")
    double retryMax;

    @Option(names = "--api-key-env", defaultValue = "OPENAI_API_KEY", paramLabel = "NAME",
            description = "environment variable holding the API key, sent as 'Authorization: Bearer' and never written "
                    + "anywhere (default: ${DEFAULT-VALUE}; unset: no key)")
    String apiKeyEnv;

    @Option(names = "--no-target-logprobs",
            description = "do not ask for the target's log-probabilities (for servers without echo); target_tokens and "
                    + "target_logprobs are then left out")
    boolean noTargetLogprobs;

    @Option(names = "--echo-max-tokens", defaultValue = "0", paramLabel = "0|1",
            description = "max_tokens of the echo request that scores the target (1 for servers that refuse 0) (default: ${DEFAULT-VALUE})")
    int echoMaxTokens;

    @Option(names = "--out", paramLabel = "FILE", description = "per-sample JSONL (default: mirage-out/eval/FAMILY-TASK.jsonl)")
    Path out;

    @Option(names = {"-q", "--quiet"}, description = "no progress")
    boolean quiet;

    @Override
    public Integer call() throws IOException, InterruptedException {
        CommandLine cl = spec.commandLine();
        PrintWriter o = cl.getOut();
        PrintWriter err = cl.getErr();
        ArithmeticTask t = parse(cl, "--task", () -> ArithmeticTask.parse(task));
        ArithmeticPrompts.Format f = parse(cl, "--format", () -> ArithmeticPrompts.Format.parse(format));
        check(cl, shots >= 0 && shots <= 64, "--shots must be in 0..64, got " + shots);
        check(cl, items >= 1 && items <= 1_000_000, "--items must be in 1..1000000, got " + items);
        check(cl, temperature >= 0 && temperature <= 2, "--temperature must be in 0..2, got " + temperature);
        check(cl, concurrency >= 1 && concurrency <= 256, "--concurrency must be in 1..256, got " + concurrency);
        check(cl, timeout > 0 && timeout <= 3600, "--timeout must be in (0, 3600] seconds, got " + timeout);
        check(cl, retries >= 0 && retries <= 100, "--retries must be in 0..100, got " + retries);
        check(cl, retryBase >= 0 && retryMax >= 0 && retryBase <= 3600 && retryMax <= 3600,
                "--retry-base and --retry-max must be in 0..3600 seconds");
        check(cl, echoMaxTokens == 0 || echoMaxTokens == 1, "--echo-max-tokens must be 0 or 1, got " + echoMaxTokens);
        int max = maxTokens != null ? maxTokens : ArithmeticPrompts.defaultMaxTokens(t, f);
        check(cl, max >= 1 && max <= 4096, "--max-tokens must be in 1..4096, got " + max);
        check(cl, apiKeyEnv != null && apiKeyEnv.matches("[A-Za-z_][A-Za-z0-9_]*"),
                "--api-key-env must name an environment variable (letters, digits, _), got '" + apiKeyEnv + "'");

        List<EvalModel> family = family(cl);
        String familyName = family.get(0).model().family();
        Path file = out != null ? out : Path.of("mirage-out", "eval", safe(familyName) + "-" + t.taskName() + ".jsonl");
        if (Files.isDirectory(file)) {
            throw new CommandLine.ParameterException(cl, "--out " + file + " is a folder; give a file name");
        }
        OutputPaths.file(cl, "--out", file);
        List<EvalItem> itemList = ArithmeticPrompts.items(t, f, shots, items, seed);
        List<String> stop = ArithmeticPrompts.stop(f);
        Map<String, Object> def = new LinkedHashMap<>();
        def.put("task", t.taskName());
        def.put("format", f.option());
        def.put("shots", shots);
        def.put("items_per_target_length", items);
        def.put("items", itemList.size());
        def.put("items_sha256", fingerprint(itemList));
        def.put("seed", seed);
        def.put("temperature", temperature);
        def.put("max_tokens", max);
        def.put("stop", stop);
        def.put("target_logprobs", !noTargetLogprobs);
        def.put("echo_max_tokens", echoMaxTokens);
        def.put("family", familyName);

        ApiKey key = ApiKey.fromEnvironment(apiKeyEnv, environment.get());
        Provenance prov = new Provenance("eval", shownArguments(cl.getParseResult().originalArgs()));
        def.forEach(prov::config);
        List<Map<String, Object>> modelCfg = new ArrayList<>();
        for (EvalModel m : family) {
            Map<String, Object> e = new LinkedHashMap<>();
            e.put("name", m.name());
            e.put("model", m.apiModel());
            e.put("endpoint", m.endpoint().display());
            e.put("params", m.model().scale().params());
            modelCfg.add(e);
        }
        prov.config("models", modelCfg).config("concurrency", concurrency).config("timeout_seconds", timeout)
                .config("retries", retries).config("retry_base_seconds", retryBase).config("retry_max_seconds", retryMax)
                .config("api_key_env", apiKeyEnv).config("api_key_present", key.present()).config("out", file.toString());
        if (familyFile != null) {
            prov.input(familyFile);
        }
        prov.seed("seed", seed);

        EvalOutput output = EvalOutput.open(file, def, family, t.taskName(), itemList);
        long todo = (long) family.size() * itemList.size();
        long already = 0;
        for (EvalModel m : family) {
            for (EvalItem it : itemList) {
                already += output.has(m.name(), it.id()) ? 1 : 0;
            }
        }
        o.printf(Locale.ROOT, "mirage eval: family %s (%d model%s) on %s, %s format, %d shot%s, %d items, %s; %d (model, item) pairs to ask%s%n",
                familyName, family.size(), family.size() == 1 ? "" : "s", t.taskName(), f.option(), shots, shots == 1 ? "" : "s",
                itemList.size(), temperature == 0 ? "greedy" : "temperature " + temperature, todo - already,
                already > 0 ? " (" + already + " already in " + file + ")" : "");
        if (output.tornBytes() > 0) {
            o.printf(Locale.ROOT, "removed an incomplete last line (%d bytes) left in %s by an interrupted run%n", output.tornBytes(), file);
        }
        o.flush();

        RetryPolicy policy = new RetryPolicy(retries, seconds(retryBase), seconds(retryMax), Duration.ofMinutes(10), seed);
        CompletionsClient client = new CompletionsClient(key, policy, seconds(timeout));
        EvalRunner.Settings settings = new EvalRunner.Settings(temperature, seed, max, stop, !noTargetLogprobs, echoMaxTokens,
                concurrency);
        Progress progress = quiet ? Progress.NONE : Progress.auto(System.err);
        EvalRunner.Outcome r;
        try (Progress.Task bar = progress.start("eval " + familyName + " " + t.taskName(), todo, "items", already)) {
            long base = already;
            r = EvalRunner.run(family, itemList, t.taskName(), output, client, settings, ArithmeticPrompts::looksLikeAnswer,
                    n -> bar.stepTo(base + n));
        } finally {
            output.close();
        }
        if (r.failure() != null && output.discardIfEmpty()) {
            // nothing was answered: no output, no definition, no provenance of an empty file
            String msg = key.redact(terminalLine(r.failure().getMessage()));
            err.println("mirage eval: " + msg + "; nothing was written");
            err.flush();
            return failureCode(r.failure());
        }
        boolean complete = r.failure() == null && output.complete();
        if (complete) {
            output.finish();
        }
        Map<String, Object> counts = new LinkedHashMap<>();
        counts.put("planned", r.planned());
        counts.put("already_present", r.alreadyPresent());
        counts.put("written", r.written());
        counts.put("torn_bytes_removed", output.tornBytes());
        counts.put("not_answers", r.notAnswers());
        counts.put("truncated_at_max_tokens", r.truncated());
        counts.put("straddling_target_tokens", r.straddling());
        counts.put("unaligned_output_tokens", r.misaligned());
        counts.put("http_requests", client.requests());
        counts.put("retries", client.retries());
        counts.put("retry_reasons", client.retryReasons());
        prov.note("counts", counts);
        prov.note("seconds", r.seconds());
        prov.note("items_per_second", r.written() / Math.max(1e-9, r.seconds()));
        prov.note("complete", complete);
        prov.note("load_average", TrainArithmeticCommand.loadAverage());
        if (r.failure() != null) {
            prov.note("failure", key.redact(String.valueOf(r.failure().getMessage())));
        }
        prov.output(file.getFileName().toString()).output(EvalOutput.definitionFile(file).getFileName().toString());
        prov.write(file.resolveSibling(file.getFileName() + ".provenance.json"));

        o.printf(Locale.ROOT, "wrote %d records in %.1f s (%.1f items/s, %d HTTP requests, %d retries)%n", r.written(), r.seconds(),
                r.written() / Math.max(1e-9, r.seconds()), client.requests(), client.retries());
        if (r.notAnswers() > 0) {
            o.printf(Locale.ROOT, "note: %d output%s do not look like a number (e.g. %s); kept as written and scored as wrong answers%n",
                    r.notAnswers(), r.notAnswers() == 1 ? "" : "s", quote(r.notAnswerExample()));
        }
        if (r.straddling() > 0) {
            o.printf(Locale.ROOT, "note: in %d record%s the server's tokeniser merged the prompt's end with the target's start; the "
                    + "merged token counts as a target token (docs/FORMATS.md)%n", r.straddling(), r.straddling() == 1 ? "" : "s");
        }
        if (r.misaligned() > 0) {
            o.printf(Locale.ROOT, "note: in %d record%s the output tokens do not spell the output text; they are kept as the server "
                    + "sent them%n", r.misaligned(), r.misaligned() == 1 ? "" : "s");
        }
        if (r.failure() != null) {
            o.flush();
            String msg = key.redact(terminalLine(r.failure().getMessage()));
            String kept = "; the " + (r.alreadyPresent() + r.written()) + " records in " + file + " are complete lines"
                    + (r.failure() instanceof RejectedRequestException ? " (the server refuses the request as sent: "
                            + "retrying it cannot help)" : ": rerun the same command to continue");
            err.println("mirage eval: " + msg + kept);
            err.flush();
            return failureCode(r.failure());
        }
        if (complete) {
            summary(o, file, family);
        }
        o.println("wrote " + file + ", " + EvalOutput.definitionFile(file).getFileName() + " and "
                + file.getFileName() + ".provenance.json");
        o.flush();
        return 0;
    }

    /** 2 for a request the server rejects (4xx: the options must change), 1 for a server that failed; others are rethrown. */
    private static int failureCode(Exception failure) throws IOException {
        if (failure instanceof RejectedRequestException) {
            return 2;
        }
        if (failure instanceof RemoteFailureException) {
            return 1;
        }
        if (failure instanceof IOException e) {
            throw e;
        }
        throw (RuntimeException) failure;
    }

    private List<EvalModel> family(CommandLine cl) throws IOException {
        List<EvalModel> out = new ArrayList<>();
        Endpoint common = null;
        if (endpoint != null) {
            try {
                common = Endpoint.parse(endpoint);
            } catch (IllegalArgumentException e) {
                throw new CommandLine.ParameterException(cl, "--endpoint: " + e.getMessage());
            }
        }
        if (familyFile != null) {
            if (!models.isEmpty() || !params.isEmpty()) {
                throw new CommandLine.ParameterException(cl, "--family-file and --model/--params cannot be combined; give one");
            }
            FamilyFile.Result r = FamilyFile.read(familyFile);
            String fam = family;
            for (FamilyFile.Entry e : r.entries()) {
                fam = fam != null ? fam : e.family();
            }
            fam = fam != null ? fam : "api";
            for (FamilyFile.Entry e : r.entries()) {
                Endpoint ep = e.endpoint() != null ? Endpoint.parse(e.endpoint()) : common;
                if (ep == null) {
                    throw new InputException(familyFile.toString(), e.line(), "endpoint", "no endpoint for model '" + e.apiModel()
                            + "'; give --endpoint or an endpoint column");
                }
                out.add(new EvalModel(new Model(fam, e.name(), e.scale()), e.apiModel(), ep));
            }
            return out;
        }
        if (models.isEmpty()) {
            throw new CommandLine.ParameterException(cl, "give the family: --model NAME --params N (repeated), or --family-file FILE");
        }
        if (models.size() != params.size()) {
            throw new CommandLine.ParameterException(cl, "--model and --params come in pairs; got " + models.size() + " --model and "
                    + params.size() + " --params");
        }
        if (common == null) {
            throw new CommandLine.ParameterException(cl, "--endpoint is required (the server's base URL, e.g. http://127.0.0.1:8000/v1)");
        }
        String fam = family != null ? family : "api";
        java.util.Set<String> seen = new java.util.HashSet<>();
        for (int i = 0; i < models.size(); i++) {
            String m = models.get(i).strip();
            if (m.isEmpty() || !seen.add(m)) {
                throw new CommandLine.ParameterException(cl, "--model '" + m + "' is empty or given twice");
            }
            double n;
            try {
                n = FamilyFile.parseCount(params.get(i));
            } catch (IllegalArgumentException e) {
                throw new CommandLine.ParameterException(cl, "--params of " + m + ": " + e.getMessage());
            }
            if (!(n > 0)) {
                throw new CommandLine.ParameterException(cl, "--params of " + m + " must be positive, got " + params.get(i));
            }
            out.add(new EvalModel(new Model(fam, m, Scale.ofParams(n)), m, common));
        }
        return out;
    }

    /**
     * The command's arguments as provenance records them: an endpoint's query string (which may hold a
     * token, e.g. {@code ?key=...}) is replaced by {@code ?...}, as {@link Endpoint#display()} shows it.
     */
    static List<String> shownArguments(List<String> args) {
        List<String> out = new ArrayList<>(args.size());
        for (int i = 0; i < args.size(); i++) {
            String a = args.get(i);
            if (a.equals("--endpoint") && i + 1 < args.size()) {
                out.add(a);
                out.add(shownEndpoint(args.get(++i)));
            } else if (a.startsWith("--endpoint=")) {
                out.add("--endpoint=" + shownEndpoint(a.substring("--endpoint=".length())));
            } else {
                out.add(a);
            }
        }
        return out;
    }

    private static String shownEndpoint(String url) {
        int q = url.indexOf('?');
        return q < 0 ? url : url.substring(0, q) + "?...";
    }

    /** SHA-256 of the items as sent (ids, prompts, continuations, labels): what makes a resumed output comparable. */
    static String fingerprint(List<EvalItem> items) {
        try {
            MessageDigest md = MessageDigest.getInstance("SHA-256");
            for (EvalItem it : items) {
                for (String s : new String[] {it.id(), it.prompt(), it.continuation(), it.labels().toString()}) {
                    md.update(s.getBytes(StandardCharsets.UTF_8));
                    md.update((byte) 0);
                }
            }
            return HexFormat.of().formatHex(md.digest());
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Exact match, token and character edit distance and target log-probability by model and target length. */
    static void summary(PrintWriter o, Path file, List<EvalModel> family) throws IOException {
        List<String> metrics = List.of("exact_match", "token_edit_distance", "char_edit_distance", "target_logprob");
        Scorer scorer = new Scorer(Metrics.parseList(String.join(",", metrics)));
        try (SampleJsonlReader r = SampleJsonlReader.open(file)) {
            for (Sample s = r.next(); s != null; s = r.next()) {
                scorer.accept(s);
            }
        }
        Map<String, Map<String, Map<Integer, Double>>> v = new TreeMap<>();
        int maxL = 0;
        for (Scorer.Result res : scorer.results()) {
            int len = Integer.parseInt(res.cell().labels().get("target_length"));
            maxL = Math.max(maxL, len);
            v.computeIfAbsent(res.metric().name(), k -> new TreeMap<>())
                    .computeIfAbsent(res.cell().model().name(), k -> new TreeMap<>()).put(len, res.value().value());
        }
        List<String> names = new ArrayList<>();
        for (EvalModel m : family) {
            names.add(m.name());
        }
        int w = Math.max(12, names.stream().mapToInt(String::length).max().orElse(0));
        for (String metric : metrics) {
            if (!v.containsKey(metric)) {
                continue;
            }
            o.println();
            o.printf(Locale.ROOT, "%-" + w + "s", metric);
            for (int l = 1; l <= maxL; l++) {
                o.printf(Locale.ROOT, " %9s", "L=" + l);
            }
            o.println();
            for (String n : names) {
                o.printf(Locale.ROOT, "%-" + w + "s", n);
                Map<Integer, Double> row = v.get(metric).getOrDefault(n, Map.of());
                for (int l = 1; l <= maxL; l++) {
                    Double x = row.get(l);
                    o.printf(Locale.ROOT, " %9s", x == null ? "-" : String.format(Locale.ROOT, "%.4f", x));
                }
                o.println();
            }
        }
        o.println();
    }

    private static String quote(String s) {
        if (s == null) {
            return "\"\"";
        }
        String t = s.length() > 40 ? s.substring(0, 40) + "..." : s;
        StringBuilder sb = new StringBuilder("\"");
        for (int i = 0; i < t.length(); i++) {
            char c = t.charAt(i);
            if (c == '\\' || c == '"') {
                sb.append('\\').append(c);
            } else if (c == '\n') {
                sb.append("\\n");
            } else if (c < 0x20 || (c >= 0x7f && c <= 0x9f)) {
                sb.append(String.format(Locale.ROOT, "\\u%04x", (int) c)); // untrusted text: no terminal escapes
            } else {
                sb.append(c);
            }
        }
        return sb.append('"').toString();
    }

    /** A message on one line without control characters (it may quote what a server sent). */
    static String terminalLine(String s) {
        return MirageCommand.oneLine(s).replaceAll("[\\x00-\\x1f\\x7f-\\x9f]", "\uFFFD");
    }

    private static String safe(String name) {
        return name.replaceAll("[^A-Za-z0-9._-]", "_");
    }

    private static Duration seconds(double s) {
        return Duration.ofNanos((long) (s * 1e9));
    }

    private static void check(CommandLine cl, boolean ok, String message) {
        if (!ok) {
            throw new CommandLine.ParameterException(cl, message);
        }
    }

    private static <T> T parse(CommandLine cl, String option, Supplier<T> p) {
        try {
            return p.get();
        } catch (IllegalArgumentException e) {
            throw new CommandLine.ParameterException(cl, option + ": " + e.getMessage());
        }
    }
}

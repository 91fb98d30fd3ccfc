package mirage.io.results;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import mirage.core.InputException;
import mirage.core.data.Choice;
import mirage.core.data.Measurement;
import mirage.core.data.Model;
import mirage.core.data.Sample;
import mirage.core.data.Scale;
import mirage.core.metric.MeanAccumulator;
import mirage.core.metric.MetricValue;
import mirage.core.metric.Scorer;
import mirage.io.ByteLines;
import mirage.io.CorruptInputException;
import mirage.io.InputFiles;

/**
 * Reads an lm-evaluation-harness per-sample log ({@code samples_<task>_<timestamp>.jsonl}, written with
 * {@code --log_samples}) and re-scores it with mirage's metrics. Each line is one document:
 * {@code doc_id, doc, target, arguments, resps, filtered_resps, filter, metrics} and the harness's own
 * per-document metric values. What a line becomes:
 * <ul>
 *   <li>log-likelihood requests ({@code filtered_resps} a list of {@code [loglik, is_greedy]} pairs) with
 *       two or more options, or an integer target: a multiple-choice item, the options being the
 *       continuations of {@code arguments} and their log-likelihoods, the correct option the target (an
 *       index, a digit string, or the text of an option) - so accuracy, multiple-choice grade, Brier score
 *       and the probability of the correct choice are computed by mirage;</li>
 *   <li>one log-likelihood with a text target (e.g. LAMBADA): the continuation as a single target token
 *       with its log-likelihood, so {@code target_logprob} is the continuation's total log-likelihood and
 *       {@code target_prob} its probability;</li>
 *   <li>generated text ({@code filtered_resps} strings): output = the first response, target = the
 *       target text;</li>
 *   <li>rolling log-likelihoods (perplexity tasks): nothing mirage can score per item.</li>
 * </ul>
 * The harness's numeric per-document values (e.g. {@code acc_norm}) are also averaged per cell and kept
 * under their own names, except those naming a metric mirage computed from the same documents ({@code acc}
 * is mirage's {@code accuracy}, {@code exact_match} mirage's {@code exact_match}): mirage's value replaces
 * them, which is reported; list-valued ones (corpus metrics such as
 * {@code word_perplexity}, {@code bleu}) are not averaged, which is reported. The task comes from the
 * file name, the model and shots from a {@code results_*.json} in the same directory (else the
 * directory name, {@code org__name} read as {@code org/name}); filter {@code none} adds no label, any
 * other filter adds {@code filter}. Memory does not grow with the file (one line at a time; per-cell
 * accumulators).
 */
public final class LmEvalSamplesReader {
    private LmEvalSamplesReader() {
    }

    private static final Pattern TRAILING_DIGITS = Pattern.compile("(\\d+)$");
    private static final Pattern NAME = Pattern.compile("^samples_(.+?)(?:_(\\d{4}-\\d{2}-\\d{2}T[0-9.\\-:]+))?\\.jsonl(?:\\.gz)?$");

    /** Model, task and shots of a sample file. */
    record Context(String model, String task, String shots, double params, double step) {
    }

    public static void read(InputStream in, String name, Path path, ReadContext ctx) throws IOException {
        Context c = context(path, name, ctx);
        String family = ctx.derivedFamily(c.model());
        Scale scale = ctx.completeScale(c.model(), new Scale(c.params(), Double.NaN, Double.NaN, Double.NaN, c.step()));
        Model model = new Model(family, c.model(), scale);
        Scorer scorer = new Scorer(ctx.metrics());
        // one-value log-likelihoods (the continuation's total, no per-token values): only metrics of the whole answer
        List<mirage.core.metric.Metric> whole = ctx.metrics().stream().filter(m -> !perToken(m)).toList();
        Scorer wholeScorer = new Scorer(whole);
        long wholeDocs = 0;
        Map<String, Map<String, MeanAccumulator>> harness = new TreeMap<>(); // filter -> field -> mean
        TreeSet<String> listValued = new TreeSet<>();
        ByteLines lines = new ByteLines(in, name);
        mirage.io.samples.SampleKeys seen = new mirage.io.samples.SampleKeys();
        long docs = 0;
        long unscorable = 0;
        while (true) {
            try {
                if (!lines.next()) {
                    break;
                }
            } catch (InputException e) {
                CorruptInputException.rethrowIfFatal(e);
                ctx.problems().skip(e.file(), e.line(), e.field(), e.reason());
                continue;
            }
            if (lines.blank()) {
                continue;
            }
            try {
                Doc d = parse(lines, name);
                String filter = d.filter == null ? "none" : d.filter;
                long first = seen.firstSeen(mirage.io.samples.SampleKeys.fingerprint(filter, d.id), lines.line());
                if (first >= 0) {
                    ctx.problems().skip(name, lines.line(), "doc_id", "repeated document: doc_id " + mirage.io.csv.CsvNumbers.clip(d.id)
                            + (filter.equals("none") ? "" : " (filter " + filter + ")") + " was already at " + name + ":" + first
                            + (ctx.problems().strict() ? "" : "; the document counts once (the first)"));
                    continue;
                }
                docs++;
                Map<String, String> labels = new TreeMap<>();
                if (c.shots() != null) {
                    labels.put("shots", c.shots());
                }
                if (d.filter != null && !d.filter.equals("none")) {
                    labels.put("filter", d.filter);
                }
                Sample s = toSample(d, model, c.task(), labels, name, lines.line());
                if (s == null) {
                    unscorable++;
                } else if (isWholeAnswer(s)) {
                    wholeScorer.accept(s);
                    wholeDocs++;
                } else {
                    scorer.accept(s);
                    ctx.itemSample(s);
                }
                Map<String, MeanAccumulator> acc = harness.computeIfAbsent(d.filter == null ? "none" : d.filter, k -> new TreeMap<>());
                d.numbers.forEach((k, v) -> acc.computeIfAbsent(k, x -> new MeanAccumulator(y -> Double.NaN, null)).add(v));
                listValued.addAll(d.lists);
            } catch (InputException e) {
                ctx.problems().skip(e.file(), e.line(), e.field(), e.reason());
            }
        }
        List<String> scored = new ArrayList<>();
        TreeSet<String> notApplicable = new TreeSet<>();
        List<Scorer.Result> results = new ArrayList<>(scorer.results());
        results.addAll(wholeScorer.results());
        for (Scorer.Result r : results) {
            if (r.value().n() == 0) {
                notApplicable.add(r.metric().name());
            } else if (!scored.contains(r.metric().name())) {
                scored.add(r.metric().name());
            }
        }
        notApplicable.removeAll(scored);
        // the harness's per-document value of a metric mirage re-scored (acc = accuracy, exact_match) is the same
        // measurement: one series, under the harness's name (so it joins the results file's series); when the two
        // disagree both are kept, the harness's under its name (lmeval_NAME if the names are equal) and said so
        Map<String, String> renamed = new java.util.HashMap<>(); // mirage metric + "\0" + filter -> harness name
        TreeSet<String> merged = new TreeSet<>();
        List<String> disagree = new ArrayList<>();
        Map<String, String> harnessName = new java.util.HashMap<>(); // filter + "\0" + field -> name kept under
        harness.forEach((filter, fields) -> fields.forEach((field, acc) -> {
            MetricValue v = acc.result();
            if (v.n() == 0 || !Double.isFinite(v.value())) {
                return;
            }
            String same = sameAsMirage(field, scored);
            if (same == null) {
                return;
            }
            Scorer.Result mine = null;
            for (Scorer.Result r : results) {
                if (r.metric().name().equals(same) && r.value().n() > 0
                        && java.util.Objects.equals(r.cell().labels().get("filter"), filter.equals("none") ? null : filter)) {
                    mine = r;
                }
            }
            if (mine == null) {
                return;
            }
            double a = mine.value().value();
            double h = v.value();
            if (mine.value().n() == v.n() && Math.abs(a - h) <= 1e-9 * Math.max(1, Math.abs(h))) {
                renamed.put(same + "\0" + filter, field);
                merged.add(field + (field.equals(same) ? "" : " = mirage's " + same));
            } else {
                String keep = field.equals(same) ? "lmeval_" + field : field;
                harnessName.put(filter + "\0" + field, keep);
                disagree.add("harness " + field + " = " + mirage.io.csv.CsvNumbers.format(h) + " (" + v.n() + " documents, kept as '"
                        + keep + "') but mirage's re-scored " + same + " = " + mirage.io.csv.CsvNumbers.format(a) + " ("
                        + mine.value().n() + " documents)" + (filter.equals("none") ? "" : " [filter " + filter + "]"));
            }
        }));
        for (Scorer.Result r : results) {
            if (r.value().n() == 0) {
                continue;
            }
            String f = r.cell().labels().getOrDefault("filter", "none");
            String as = renamed.get(r.metric().name() + "\0" + f);
            Measurement m = r.toMeasurement();
            if (as != null) {
                m = new Measurement(m.model(), m.task(), as, m.labels(), m.value());
            }
            ctx.sink().accept(m, name, 0);
        }
        harness.forEach((filter, fields) -> fields.forEach((field, acc) -> {
            MetricValue v = acc.result();
            if (v.n() == 0 || !Double.isFinite(v.value())) {
                return;
            }
            String keep = field;
            if (sameAsMirage(field, scored) != null) {
                keep = harnessName.get(filter + "\0" + field);
                if (keep == null) {
                    return; // merged with mirage's re-score (or nothing to compare: mirage's value stands)
                }
            }
            Map<String, String> labels = new TreeMap<>();
            if (c.shots() != null) {
                labels.put("shots", c.shots());
            }
            if (!filter.equals("none")) {
                labels.put("filter", filter);
            }
            if (field.equals("perplexity")) {
                // the harness's per-document "perplexity" is the document's log-likelihood; the metric is
                // exp(-mean) over documents (lm-eval's aggregation "perplexity"), not the mean
                ctx.sink().accept(new Measurement(model, c.task(), keep, labels, new MetricValue(Math.exp(-v.value()), v.n(), 0,
                        Double.NaN, Double.NaN, Double.NaN, Double.NaN)), name, 0);
                return;
            }
            ctx.sink().accept(new Measurement(model, c.task(), keep, labels,
                    new MetricValue(v.value(), v.n(), 0, v.stderr(), Double.NaN, Double.NaN, Double.NaN)), name, 0);
        }));
        ctx.problems().note(name + ": lm-evaluation-harness samples of model '" + c.model() + "', task '" + c.task() + "'"
                + (c.shots() == null ? "" : ", " + c.shots() + "-shot") + ": " + docs + " documents"
                + (scored.isEmpty() ? "" : "; re-scored with " + String.join(", ", scored))
                + (unscorable == 0 ? "" : "; " + unscorable + " documents have nothing mirage can score per item (rolling log-likelihoods)")
                + (harness.isEmpty() ? "" : "; harness values averaged: " + String.join(", ", harnessFields(harness)))
                + (listValued.isEmpty() ? "" : "; corpus-level harness values not averaged: " + String.join(", ", listValued)));
        if (!merged.isEmpty()) {
            ctx.problems().note(name + ": the harness's values and mirage's re-scores of the same documents agree (one series "
                    + "each, under the harness's name): " + String.join(", ", merged));
        }
        if (!disagree.isEmpty()) {
            ctx.problems().note(name + ": the harness's value and mirage's re-score of the same documents DISAGREE, both kept: "
                    + String.join("; ", disagree));
        }
        if (wholeDocs > 0) {
            ctx.problems().note(name + ": " + wholeDocs + " documents hold one log-likelihood (the whole continuation's, no "
                    + "per-token values): scored with the metrics of the whole answer (target_prob), not per token");
        }
        if (!notApplicable.isEmpty() && !scored.isEmpty()) {
            ctx.problems().note(name + ": metrics with nothing to score in these samples: " + String.join(", ", notApplicable));
        }
    }

    /** Metrics that read the target's log-probabilities token by token (a mean over tokens): wrong for one total. */
    static boolean perToken(mirage.core.metric.Metric m) {
        return m.requirement() == mirage.core.metric.Requirement.TARGET_LOGPROBS && !m.name().equals("target_prob");
    }

    /** A sample holding one log-likelihood of a whole continuation (no choices, no output). */
    static boolean isWholeAnswer(Sample s) {
        return s.choices().isEmpty() && s.output() == null && s.targetLogProbCount() == 1;
    }

    /** The mirage metric (among those scored) a harness field name stands for, or null. */
    private static String sameAsMirage(String field, List<String> scored) {
        try {
            String canonical = mirage.core.metric.Metrics.parse(field).name();
            return scored.contains(canonical) ? canonical : null;
        } catch (mirage.core.metric.UnknownMetricException e) {
            return null;
        }
    }

    private static List<String> harnessFields(Map<String, Map<String, MeanAccumulator>> h) {
        TreeSet<String> s = new TreeSet<>();
        h.values().forEach(m -> s.addAll(m.keySet()));
        return new ArrayList<>(s);
    }

    /** The model, task and shots of a sample file from its name and a results file beside it. */
    static Context context(Path path, String name, ReadContext ctx) throws IOException {
        String file = path != null && path.getFileName() != null ? path.getFileName().toString() : name;
        Matcher m = NAME.matcher(file);
        String task;
        String stamp = null;
        if (m.matches()) {
            task = m.group(1);
            stamp = m.group(2);
        } else {
            task = InputFiles.stem(Path.of(file.replace('/', '_')));
        }
        LmEvalResultsReader.RunInfo info = null;
        if (path != null && path.toAbsolutePath().getParent() != null) {
            Path dir = path.toAbsolutePath().getParent();
            List<Path> results = new ArrayList<>();
            try (DirectoryStream<Path> ds = Files.newDirectoryStream(dir, "results*.json")) {
                for (Path p : ds) {
                    results.add(p);
                }
            } catch (IOException e) {
                // no results file readable: fall back to the directory name
            }
            results.sort(null);
            Path pick = null;
            for (Path r : results) {
                if (stamp != null && r.getFileName().toString().contains(stamp)) {
                    pick = r;
                }
            }
            if (pick == null && !results.isEmpty()) {
                pick = results.get(results.size() - 1);
            }
            if (pick != null) {
                try (InputStream rin = InputFiles.open(pick)) {
                    info = LmEvalResultsReader.runInfo(rin, pick.toString());
                } catch (InputException e) {
                    ctx.problems().note(name + ": cannot use " + pick + " for the model and shots: " + e.getMessage());
                }
            }
        }
        String model = info != null ? info.model() : null;
        if (model == null) {
            Path dir = path == null ? null : path.toAbsolutePath().getParent();
            model = dir != null && dir.getFileName() != null ? dir.getFileName().toString().replace("__", "/") : "unknown";
            ctx.problems().note(name + ": no results file with the model beside it; model '" + model + "' taken from the directory name");
        }
        return new Context(model, task, info == null ? null : info.shotsOf(task), info == null ? Double.NaN : info.params(),
                info == null ? Double.NaN : info.step());
    }

    /** One parsed line. */
    static final class Doc {
        String id;
        Object target;
        List<String> continuations;
        List<Object> filtered;
        List<Object> resps;
        String filter;
        final Map<String, Double> numbers = new LinkedHashMap<>();
        final List<String> lists = new ArrayList<>();
    }

    static Doc parse(ByteLines lines, String name) throws IOException {
        long line = lines.line();
        Doc d = new Doc();
        try (JsonParser p = Json.FACTORY.createParser(lines.buffer(), lines.start(), lines.end() - lines.start())) {
            if (p.nextToken() != JsonToken.START_OBJECT) {
                throw new InputException(name, line, null, "expected a JSON object");
            }
            JsonToken t;
            while ((t = p.nextToken()) == JsonToken.FIELD_NAME) {
                String f = p.currentName();
                JsonToken v = p.nextToken();
                switch (f) {
                    case "doc_id" -> {
                        if (v != JsonToken.VALUE_NUMBER_INT && v != JsonToken.VALUE_STRING) {
                            throw new InputException(name, line, f, "expected an integer or a string, got " + Json.describe(p, v));
                        }
                        d.id = p.getText();
                    }
                    case "target" -> d.target = value(p, v, 0);
                    case "arguments" -> d.continuations = continuations(p, v, name, line);
                    case "filtered_resps" -> d.filtered = list(p, v, name, line, f);
                    case "resps" -> d.resps = list(p, v, name, line, f);
                    case "filter" -> d.filter = v == JsonToken.VALUE_STRING ? p.getText() : skipNull(p);
                    case "doc", "metrics", "doc_hash", "prompt_hash", "target_hash", "task_name", "arguments_hash" -> p.skipChildren();
                    default -> {
                        if (v == JsonToken.VALUE_NUMBER_INT || v == JsonToken.VALUE_NUMBER_FLOAT) {
                            d.numbers.put(f, p.getDoubleValue());
                        } else if (v == JsonToken.VALUE_TRUE || v == JsonToken.VALUE_FALSE) {
                            d.numbers.put(f, v == JsonToken.VALUE_TRUE ? 1.0 : 0.0);
                        } else if (v == JsonToken.START_ARRAY || v == JsonToken.START_OBJECT) {
                            d.lists.add(f);
                            p.skipChildren();
                        }
                    }
                }
            }
            if (t != JsonToken.END_OBJECT) {
                throw new InputException(name, line, null, "expected a field name or the end of the object");
            }
            if (p.nextToken() != null) {
                throw new InputException(name, line, null, "text after the JSON object (one object per line)");
            }
        } catch (java.io.CharConversionException | JsonProcessingException e) {
            throw Json.lineError(name, line, e);
        }
        if (d.id == null) {
            throw new InputException(name, line, "doc_id", "is required");
        }
        return d;
    }

    private static String skipNull(JsonParser p) throws IOException {
        p.skipChildren();
        return null;
    }

    /** A JSON value as String, Double, Boolean, List (depth-limited), or null. */
    private static Object value(JsonParser p, JsonToken v, int depth) throws IOException {
        switch (v) {
            case VALUE_STRING:
                return p.getText();
            case VALUE_NUMBER_INT:
            case VALUE_NUMBER_FLOAT:
                return p.getDoubleValue();
            case VALUE_TRUE:
                return Boolean.TRUE;
            case VALUE_FALSE:
                return Boolean.FALSE;
            case START_ARRAY: {
                if (depth > 3) {
                    p.skipChildren();
                    return null;
                }
                List<Object> out = new ArrayList<>();
                JsonToken e;
                while ((e = p.nextToken()) != JsonToken.END_ARRAY) {
                    out.add(value(p, e, depth + 1));
                    if (out.size() > 1_000_000) {
                        throw new InputException("list longer than a million elements");
                    }
                }
                return out;
            }
            case START_OBJECT:
                p.skipChildren();
                return null;
            default:
                return null;
        }
    }

    private static List<Object> list(JsonParser p, JsonToken v, String name, long line, String field) throws IOException {
        Object o = value(p, v, 0);
        if (o == null) {
            return null;
        }
        if (!(o instanceof List<?> l)) {
            throw new InputException(name, line, field, "expected a list");
        }
        return new ArrayList<>(l);
    }

    /** The continuation (second argument) of each request, null elements when not text. */
    private static List<String> continuations(JsonParser p, JsonToken v, String name, long line) throws IOException {
        List<String> out = new ArrayList<>();
        if (v == JsonToken.START_ARRAY) {
            JsonToken e;
            while ((e = p.nextToken()) != JsonToken.END_ARRAY) {
                if (e == JsonToken.START_ARRAY) {
                    int i = 0;
                    String cont = null;
                    JsonToken a;
                    while ((a = p.nextToken()) != JsonToken.END_ARRAY) {
                        if (i == 1 && a == JsonToken.VALUE_STRING) {
                            cont = p.getText();
                        } else {
                            p.skipChildren();
                        }
                        i++;
                    }
                    out.add(cont);
                } else {
                    p.skipChildren();
                    out.add(null);
                }
            }
            return out;
        }
        if (v == JsonToken.START_OBJECT) {
            // {"gen_args_0": {"arg_0": ctx, "arg_1": continuation}, ...} in order of the index
            TreeMap<Integer, String> byIndex = new TreeMap<>();
            int seq = 0;
            while (p.nextToken() == JsonToken.FIELD_NAME) {
                String k = p.currentName();
                JsonToken a = p.nextToken();
                int idx = seq++;
                Matcher m = TRAILING_DIGITS.matcher(k);
                if (m.find() && m.group(1).length() < 8) {
                    idx = Integer.parseInt(m.group(1));
                }
                String cont = null;
                if (a == JsonToken.START_OBJECT) {
                    while (p.nextToken() == JsonToken.FIELD_NAME) {
                        String ak = p.currentName();
                        JsonToken av = p.nextToken();
                        if (ak.equals("arg_1") && av == JsonToken.VALUE_STRING) {
                            cont = p.getText();
                        } else {
                            p.skipChildren();
                        }
                    }
                } else {
                    p.skipChildren();
                }
                byIndex.put(idx, cont);
            }
            out.addAll(byIndex.values());
            return out;
        }
        p.skipChildren();
        return null;
    }

    /** The sample a document becomes, or null when nothing can be scored per item. */
    static Sample toSample(Doc d, Model model, String task, Map<String, String> labels, String name, long line) {
        List<Object> resps = d.filtered;
        if (resps == null && d.resps != null) {
            resps = new ArrayList<>();
            for (Object o : d.resps) {
                resps.add(o instanceof List<?> l && l.size() == 1 ? l.get(0) : o);
            }
        }
        if (resps == null || resps.isEmpty()) {
            throw new InputException(name, line, "filtered_resps", "no responses (filtered_resps or resps)");
        }
        Sample.Builder b = Sample.builder(model, task, d.id).labels(labels);
        if (resps.stream().allMatch(LmEvalSamplesReader::isLoglikPair)) {
            double[] ll = new double[resps.size()];
            for (int i = 0; i < ll.length; i++) {
                ll[i] = number(((List<?>) resps.get(i)).get(0));
                if (Double.isNaN(ll[i]) || ll[i] == Double.POSITIVE_INFINITY) {
                    throw new InputException(name, line, "filtered_resps", "log-likelihood " + i + " is not a number");
                }
            }
            if (ll.length == 1) {
                String cont = d.continuations != null && !d.continuations.isEmpty() ? d.continuations.get(0) : null;
                String target = d.target instanceof String s ? s : cont;
                if (cont == null) {
                    cont = target == null ? "" : target;
                }
                return b.target(target).targetTokens(List.of(cont)).targetLogProbs(ll[0]).build();
            }
            int correct = correctIndex(d.target, d.continuations, ll.length);
            if (correct < 0) {
                throw new InputException(name, line, "target", "cannot tell the correct option: target "
                        + describe(d.target) + " is not an index into " + ll.length + " options nor one of their texts");
            }
            List<Choice> choices = new ArrayList<>(ll.length);
            for (int i = 0; i < ll.length; i++) {
                String text = d.continuations != null && i < d.continuations.size() && d.continuations.get(i) != null
                        ? d.continuations.get(i) : "";
                choices.add(new Choice(text, ll[i]));
            }
            return b.choices(choices, correct).build();
        }
        if (resps.stream().allMatch(o -> o instanceof String)) {
            String target = d.target instanceof String s ? s
                    : d.target instanceof List<?> l && !l.isEmpty() && l.get(0) instanceof String s0 ? s0
                    : d.target instanceof Double x ? numberText(x) : null;
            if (target == null) {
                throw new InputException(name, line, "target", "expected the target text, got " + describe(d.target));
            }
            return b.target(target).output((String) resps.get(0)).build();
        }
        if (resps.stream().allMatch(o -> o instanceof Double || (o instanceof List<?> l && l.size() == 1 && l.get(0) instanceof Double))) {
            return null;
        }
        throw new InputException(name, line, "filtered_resps", "responses are neither [log-likelihood, is_greedy] pairs, texts nor numbers");
    }

    private static boolean isLoglikPair(Object o) {
        if (!(o instanceof List<?> l) || l.size() != 2) {
            return false;
        }
        Object a = l.get(0);
        Object g = l.get(1);
        boolean num = a instanceof Double || (a instanceof String s && !Double.isNaN(parseOrNaN(s)));
        boolean flag = g instanceof Boolean || (g instanceof String s && (s.equals("True") || s.equals("False")
                || s.equals("true") || s.equals("false")));
        return num && flag;
    }

    private static double parseOrNaN(String s) {
        try {
            return mirage.io.csv.CsvNumbers.parse(s);
        } catch (NumberFormatException e) {
            return Double.NaN;
        }
    }

    private static double number(Object o) {
        if (o instanceof Double d) {
            return d;
        }
        return o instanceof String s ? parseOrNaN(s) : Double.NaN;
    }

    /** The correct option: an integer target, a digit string, or the text of one option (trimmed); -1 if none. */
    static int correctIndex(Object target, List<String> continuations, int n) {
        Object t = target instanceof List<?> l && !l.isEmpty() ? l.get(0) : target;
        if (t instanceof Double x) {
            return x == Math.rint(x) && x >= 0 && x < n ? (int) (double) x : -1;
        }
        if (t instanceof String s) {
            String st = s.strip();
            if (st.matches("\\d{1,6}")) {
                int i = Integer.parseInt(st);
                if (i < n) {
                    return i;
                }
            }
            if (continuations != null) {
                for (int i = 0; i < Math.min(n, continuations.size()); i++) {
                    String c = continuations.get(i);
                    if (c != null && c.strip().equals(st)) {
                        return i;
                    }
                }
            }
        }
        return -1;
    }

    private static String numberText(double x) {
        return x == Math.rint(x) && Math.abs(x) < 1e15 ? Long.toString((long) x) : Double.toString(x);
    }

    private static String describe(Object o) {
        if (o == null) {
            return "null";
        }
        String s = o instanceof String str ? "\"" + str + "\"" : o.toString();
        return mirage.io.csv.CsvNumbers.clip(s);
    }
}

package mirage.io.results;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.exc.StreamConstraintsException;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import mirage.core.InputException;
import mirage.core.data.Measurement;
import mirage.core.data.Model;
import mirage.core.data.Scale;
import mirage.core.metric.MetricValue;
import mirage.io.MirageText;

/**
 * Reads an lm-evaluation-harness aggregate result file ({@code results_*.json}), both key styles:
 * <ul>
 *   <li>old (harness &lt; 0.4, the Pythia evals): {@code "results": {task: {"acc": v, "acc_stderr": v}}},
 *       shots in {@code config.num_fewshot};</li>
 *   <li>new: {@code "results": {task: {"acc,none": v, "acc_stderr,none": v, "alias": ...}}}, shots in
 *       {@code "n-shot": {task: k}} (or {@code configs.<task>.num_fewshot}), items in
 *       {@code "n-samples": {task: {"effective": n}}}; a filter other than {@code none} becomes the
 *       label {@code filter}.</li>
 * </ul>
 * The model is {@code model_name}, else {@code pretrained=} of {@code config.model_args}, else
 * {@code config.model}; {@code revision=stepN} in the model arguments gives the checkpoint step; params
 * come from {@code config.model_num_parameters} when the harness wrote it. Family and missing scales
 * come from the {@code --scales} table or the model's name ({@link ModelNames}), reported. Values
 * written as {@code "N/A"} are reported and skipped. Line numbers are those of each metric's key.
 */
public final class LmEvalResultsReader {
    private LmEvalResultsReader() {
    }

    /** What a results file says about its run (also used to give context to sample files). */
    public record RunInfo(String model, double params, double step, Map<String, String> shots, Map<String, Long> nSamples,
                          String configShots, List<Issue> issues) {
        /** The shot count of a task: n-shot / configs, else config.num_fewshot; null when unknown. */
        public String shotsOf(String task) {
            String s = shots.get(task);
            return s != null ? s : configShots;
        }
    }

    private record Row(String task, String metric, String filter, double value, double stderr, long line) {
    }

    /** A value of the run information that cannot be used (reported by the caller: skipped.csv, --strict stops). */
    public record Issue(long line, String field, String reason) {
    }

    public static void read(InputStream in, String name, ReadContext ctx) throws IOException {
        List<Row> rows = new ArrayList<>();
        RunInfo info = parse(in, name, rows, ctx);
        for (Issue i : info.issues()) {
            ctx.problems().skip(name, i.line(), i.field(), i.reason());
        }
        if (info.model() == null) {
            throw new InputException(name, 0, "model_name", "cannot tell the model: no model_name and no pretrained= in config.model_args");
        }
        String family = ctx.derivedFamily(info.model());
        Scale sc = ctx.completeScale(info.model(), new Scale(info.params(), Double.NaN, Double.NaN, Double.NaN, info.step()));
        Model m = new Model(family, info.model(), sc);
        for (Row r : rows) {
            if (!Double.isFinite(r.value())) {
                ctx.problems().skip(name, r.line(), r.metric() + (r.filter() == null ? "" : "," + r.filter()),
                        Double.isNaN(r.value()) ? "value is N/A or NaN (not a measurement)" : "value is not finite");
                continue;
            }
            Map<String, String> labels = new TreeMap<>();
            String shots = info.shotsOf(r.task());
            if (shots != null) {
                labels.put("shots", shots);
            }
            if (r.filter() != null && !r.filter().equals("none")) {
                labels.put("filter", r.filter());
            }
            Long n = info.nSamples().get(r.task());
            double se = r.stderr() >= 0 ? r.stderr() : Double.NaN;
            ctx.sink().accept(new Measurement(m, r.task(), r.metric(), labels,
                    new MetricValue(r.value(), n == null ? 0 : n, 0, se, Double.NaN, Double.NaN, Double.NaN)), name, r.line());
        }
    }

    /** Reads the run information only (for sample files next to a results file). */
    public static RunInfo runInfo(InputStream in, String name) throws IOException {
        return parse(in, name, null, null);
    }

    private static RunInfo parse(InputStream in, String name, List<Row> rows, ReadContext ctx) throws IOException {
        String modelName = null;
        String modelArgs = null;
        String configModel = null;
        // model_args as an object: GPT-NeoX evaluate.py's load and iteration; lm-eval >= 0.4.9's pretrained, model, revision
        String[] neox = new String[5];
        double params = Double.NaN;
        String configShots = null;
        Map<String, String> shots = new HashMap<>();
        Map<String, Long> nSamples = new HashMap<>();
        List<Issue> issues = new ArrayList<>();
        boolean sawResults = false;
        try (JsonParser p = Json.FACTORY.createParser(in)) {
            if (p.nextToken() != JsonToken.START_OBJECT) {
                throw new InputException(name, BigBenchReader.line(p), null, "expected a JSON object (an lm-evaluation-harness results file)");
            }
            JsonToken t;
            while ((t = p.nextToken()) == JsonToken.FIELD_NAME) {
                String f = p.currentName();
                JsonToken v = p.nextToken();
                switch (f) {
                    case "results" -> {
                        sawResults = true;
                        if (v != JsonToken.START_OBJECT) {
                            throw new InputException(name, BigBenchReader.line(p), "results", "expected an object, got " + Json.describe(p, v));
                        }
                        if (rows == null) {
                            p.skipChildren();
                        } else {
                            results(p, name, rows, ctx);
                        }
                    }
                    case "model_name" -> modelName = v == JsonToken.VALUE_STRING ? p.getText() : skip(p);
                    case "config" -> {
                        if (v != JsonToken.START_OBJECT) {
                            p.skipChildren();
                            break;
                        }
                        while (p.nextToken() == JsonToken.FIELD_NAME) {
                            String k = p.currentName();
                            JsonToken cv = p.nextToken();
                            switch (k) {
                                case "model_args" -> {
                                    if (cv == JsonToken.VALUE_STRING) {
                                        modelArgs = p.getText();
                                    } else if (cv == JsonToken.START_OBJECT) {
                                        neoxArgs(p, neox);
                                    } else {
                                        p.skipChildren();
                                    }
                                }
                                case "model" -> configModel = cv == JsonToken.VALUE_STRING ? p.getText() : skip(p);
                                case "num_fewshot" -> configShots = shotText(p, cv);
                                case "model_num_parameters" -> {
                                    Double d = Json.number(p, cv);
                                    params = d != null && d > 0 && Double.isFinite(d) ? d : Double.NaN;
                                    if (cv != JsonToken.VALUE_NULL && Double.isNaN(params)) {
                                        issues.add(new Issue(BigBenchReader.line(p), "config.model_num_parameters", "expected a positive "
                                                + "number of parameters, got " + Json.describe(p, cv) + ": not used (the params come from "
                                                + "the scales table or the model's name)"));
                                    }
                                    if (d == null) {
                                        p.skipChildren();
                                    }
                                }
                                default -> p.skipChildren();
                            }
                        }
                    }
                    case "n-shot" -> {
                        if (v != JsonToken.START_OBJECT) {
                            p.skipChildren();
                            break;
                        }
                        while (p.nextToken() == JsonToken.FIELD_NAME) {
                            String task = p.currentName();
                            String s = shotText(p, p.nextToken());
                            if (s != null) {
                                shots.put(task, s);
                            }
                        }
                    }
                    case "configs" -> forEachTaskField(p, v, (task, k, kv) -> {
                        if (k.equals("num_fewshot")) {
                            String s = shotText(p, kv);
                            if (s != null) {
                                shots.putIfAbsent(task, s);
                            }
                        } else {
                            p.skipChildren();
                        }
                    });
                    case "n-samples" -> forEachTaskField(p, v, (task, k, kv) -> {
                        Double d = Json.number(p, kv);
                        if (k.equals("effective") && d != null && d >= 0 && d == Math.rint(d) && d < 1e15) {
                            nSamples.put(task, (long) (double) d);
                        } else if (d == null) {
                            p.skipChildren();
                        }
                    });
                    default -> p.skipChildren();
                }
            }
            if (t != JsonToken.END_OBJECT) {
                throw new InputException(name, BigBenchReader.line(p), null, "malformed JSON: expected a field name or the end of the object");
            }
        } catch (java.util.zip.ZipException | java.io.EOFException e) {
            throw new InputException(name, 0, null, "cannot decompress: " + e.getMessage());
        } catch (java.io.CharConversionException e) {
            throw new InputException(name, 0, null, "text is not valid UTF-8/16/32: " + MirageText.firstLine(e.getMessage()));
        } catch (StreamConstraintsException e) {
            throw new InputException(name, 0, null, "JSON too large or too deeply nested: " + MirageText.jsonMessage(e.getOriginalMessage()));
        } catch (JsonProcessingException e) {
            long l = e.getLocation() == null ? 0 : e.getLocation().getLineNr();
            throw new InputException(name, Math.max(0, l), null, "malformed JSON: " + MirageText.jsonMessage(e.getOriginalMessage()));
        }
        if (rows != null && !sawResults) {
            throw new InputException(name, 0, "results", "is required (an lm-evaluation-harness results file)");
        }
        Map<String, String> args = modelArgs(modelArgs);
        if (neox[2] != null) {
            args.putIfAbsent("pretrained", neox[2]);
        }
        if (neox[3] != null && !"neox".equals(configModel)) {
            args.putIfAbsent("pretrained", neox[3]); // local-completions etc.: model_args {"model": ..., "base_url": ...}
        }
        if (neox[4] != null) {
            args.putIfAbsent("revision", neox[4]);
        }
        String model = modelName != null && !modelName.isEmpty() ? modelName
                : args.containsKey("pretrained") ? args.get("pretrained") : null;
        double step = Double.NaN;
        String rev = args.get("revision");
        if (rev != null && rev.matches("step\\d{1,12}")) {
            step = Double.parseDouble(rev.substring(4));
        }
        if (model == null && "neox".equals(configModel)) {
            // GPT-NeoX's evaluate.py (the Pythia v0 evals): config.model is the framework, not the model; the model is
            // the file's name before -<k>shot / -global_step<N> / _eval_results, else the checkpoint folder (load)
            model = neoxModel(name, neox[0]);
            if (neox[1] != null) {
                step = Double.parseDouble(neox[1]);
            } else {
                java.util.regex.Matcher g = java.util.regex.Pattern.compile("global_step(\\d{1,12})").matcher(fileName(name));
                if (g.find()) {
                    step = Double.parseDouble(g.group(1));
                }
            }
        }
        if (model == null) {
            model = configModel;
        }
        if (model != null && model.isEmpty()) {
            model = null;
        }
        return new RunInfo(model, params, step, shots, nSamples, configShots, List.copyOf(issues));
    }

    /** Reads GPT-NeoX's model_args object: {@code load} (the checkpoint folder) and {@code iteration} (the step). */
    private static void neoxArgs(JsonParser p, String[] out) throws IOException {
        while (p.nextToken() == JsonToken.FIELD_NAME) {
            String k = p.currentName();
            JsonToken v = p.nextToken();
            if (k.equals("load") && v == JsonToken.VALUE_STRING) {
                out[0] = p.getText();
            } else if (k.equals("pretrained") && v == JsonToken.VALUE_STRING) {
                out[2] = p.getText();
            } else if (k.equals("model") && v == JsonToken.VALUE_STRING) {
                out[3] = p.getText();
            } else if (k.equals("revision") && v == JsonToken.VALUE_STRING) {
                out[4] = p.getText();
            } else if (k.equals("iteration") && v == JsonToken.VALUE_NUMBER_INT) {
                long it = p.getLongValue();
                out[1] = it >= 0 ? Long.toString(it) : null;
            } else {
                p.skipChildren();
            }
        }
    }

    private static final java.util.regex.Pattern NEOX_FILE =
            java.util.regex.Pattern.compile("^(.+?)(?:[-_]\\d+-?shot|[-_]global_step\\d+|_+eval_results).*$");

    /** The model of a GPT-NeoX evaluate.py file: from its file name, else the last folder of {@code load} that is not a step. */
    static String neoxModel(String path, String load) {
        java.util.regex.Matcher m = NEOX_FILE.matcher(fileName(path));
        if (m.matches()) {
            return m.group(1);
        }
        if (load != null) {
            String[] parts = load.split("[/\\\\]+");
            for (int i = parts.length - 1; i >= 0; i--) {
                if (!parts[i].isEmpty() && !parts[i].matches("global_step\\d+")) {
                    return parts[i];
                }
            }
        }
        return null;
    }

    private static String fileName(String path) {
        int slash = Math.max(path.lastIndexOf('/'), path.lastIndexOf('\\'));
        return path.substring(slash + 1);
    }

    /** A field of a task's object, its value's first token just read; the callee consumes the value. */
    @FunctionalInterface
    private interface TaskField {
        void accept(String task, String key, JsonToken value) throws IOException;
    }

    /**
     * For an object of per-task objects ({@code {"task": {"key": value, ...}, ...}}, as {@code configs} and
     * {@code n-samples} are), calls {@code f} for every field of every task; anything that is not an object is skipped.
     */
    private static void forEachTaskField(JsonParser p, JsonToken v, TaskField f) throws IOException {
        if (v != JsonToken.START_OBJECT) {
            p.skipChildren();
            return;
        }
        while (p.nextToken() == JsonToken.FIELD_NAME) {
            String task = p.currentName();
            if (p.nextToken() != JsonToken.START_OBJECT) {
                p.skipChildren();
                continue;
            }
            while (p.nextToken() == JsonToken.FIELD_NAME) {
                String k = p.currentName();
                f.accept(task, k, p.nextToken());
            }
        }
    }

    private static String skip(JsonParser p) throws IOException {
        p.skipChildren();
        return null;
    }

    private static String shotText(JsonParser p, JsonToken v) throws IOException {
        Double d = Json.number(p, v);
        if (d == null) {
            p.skipChildren();
            return null;
        }
        if (Double.isNaN(d) || d < 0 || d != Math.rint(d) || d > 1e9) {
            return null;
        }
        return Long.toString((long) (double) d);
    }

    /** {@code k=v,k=v} of the harness's model_args. */
    static Map<String, String> modelArgs(String text) {
        Map<String, String> out = new LinkedHashMap<>();
        if (text == null) {
            return out;
        }
        for (String part : text.split(",")) {
            int eq = part.indexOf('=');
            if (eq > 0) {
                out.put(part.substring(0, eq).strip(), part.substring(eq + 1).strip());
            }
        }
        return out;
    }

    /** Per-task fields of lm-eval &gt;= 0.4 results that are bookkeeping, not values. */
    static final java.util.Set<String> BOOKKEEPING = java.util.Set.of("alias", " ", "name", "sample_len", "samples");

    private static void results(JsonParser p, String name, List<Row> rows, ReadContext ctx) throws IOException {
        while (p.nextToken() == JsonToken.FIELD_NAME) {
            String task = p.currentName();
            JsonToken tv = p.nextToken();
            if (tv != JsonToken.START_OBJECT) {
                ctx.problems().skip(name, BigBenchReader.line(p), "results." + task, "expected an object of metrics, got " + Json.describe(p, tv));
                p.skipChildren();
                continue;
            }
            Map<String, double[]> values = new LinkedHashMap<>(); // "metric\0filter" -> {value, stderr, line}
            while (p.nextToken() == JsonToken.FIELD_NAME) {
                String key = p.currentName();
                JsonToken v = p.nextToken();
                long line = BigBenchReader.line(p);
                if (BOOKKEEPING.contains(key)) {
                    // the harness's own labels of the task (its name, its alias in tables, how many samples a
                    // task's log holds): not measurements
                    p.skipChildren();
                    continue;
                }
                int comma = key.indexOf(',');
                String metric = comma >= 0 ? key.substring(0, comma) : key;
                String filter = comma >= 0 ? key.substring(comma + 1) : null;
                boolean isStderr = metric.endsWith("_stderr");
                if (isStderr) {
                    metric = metric.substring(0, metric.length() - "_stderr".length());
                }
                Double d = Json.number(p, v);
                if (d == null) {
                    ctx.problems().skip(name, line, key, "expected a number, got " + Json.describe(p, v));
                    p.skipChildren();
                    continue;
                }
                String k = metric + "\u0000" + (filter == null ? "" : filter);
                double[] e = values.computeIfAbsent(k, x -> new double[] {Double.NaN, -1, 0, 0});
                if (isStderr) {
                    e[1] = Double.isFinite(d) && d >= 0 ? d : -1;
                } else {
                    e[0] = d;
                    e[2] = line;
                    e[3] = 1;
                }
            }
            values.forEach((k, e) -> {
                if (e[3] == 0) {
                    return; // a stderr without its value
                }
                String[] mf = k.split("\u0000", -1);
                rows.add(new Row(task, mf[0], mf[1].isEmpty() ? null : mf[1], e[0], e[1], (long) e[2]));
            });
        }
    }
}

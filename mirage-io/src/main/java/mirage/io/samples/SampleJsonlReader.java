package mirage.io.samples;

import com.fasterxml.jackson.core.JsonParseException;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.exc.StreamConstraintsException;
import com.fasterxml.jackson.core.JsonToken;
import java.io.BufferedReader;
import java.io.Closeable;
import java.io.IOException;
import java.io.InputStream;
import java.io.Reader;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;
import mirage.core.InputException;
import mirage.core.data.Choice;
import mirage.core.data.Model;
import mirage.core.data.Sample;
import mirage.core.data.Scale;
import mirage.io.ByteLines;
import mirage.io.InputFiles;
import mirage.io.MirageText;
import static mirage.io.samples.SampleJsonl.*;

/**
 * Streams mirage per-sample JSONL, one {@link Sample} per non-blank line; memory does not grow with the
 * file. A bad line throws {@link InputException} naming the file, the line and the field; the reader
 * stays usable, so a lenient caller may record the error and continue with {@link #next()}. Files are read
 * as bytes ({@link ByteLines}): gzip is recognised by its magic bytes, a UTF-8 byte-order mark is skipped, a
 * line over 64 MiB is an error of its own line (not held in memory), invalid UTF-8 is an error of its line,
 * and truncated or corrupt gzip data ends the file ({@link mirage.io.CorruptInputException}). Fields not in
 * the format are ignored and collected in {@link #unknownFields()} so a caller can warn about typos.
 *
 * <p>A sample whose values some metrics cannot use (a NaN, infinite or positive target log-probability, a NaN
 * or infinite choice log-probability, a negative error) is returned, since other metrics score it; what is
 * wrong is in {@link #issues()}, for the caller to report (docs/ANALYSIS.md, "NaN, infinities, empty input").
 */
public final class SampleJsonlReader implements Closeable {
    /** Log-probabilities up to this are float rounding of 0 (as the metrics read them). */
    static final double LOGPROB_TOLERANCE = 1e-6;

    /** A value of the last sample that some metrics cannot use. */
    public record Issue(String field, String reason) {
    }

    private final BufferedReader in;
    private final ByteLines bytes;
    private final java.io.InputStream raw;
    private final String name;
    private final List<Issue> issues = new ArrayList<>();
    private final Map<Model, Model> models = new HashMap<>();
    private final TreeSet<String> unknown = new TreeSet<>();
    private long line;

    /** Reads text already decoded (tests, single lines); lines are not limited in length. */
    public SampleJsonlReader(Reader in, String displayName) {
        this.in = in instanceof BufferedReader b ? b : new BufferedReader(in, 1 << 16);
        this.bytes = null;
        this.raw = null;
        this.name = displayName;
    }

    /** Reads UTF-8 bytes (already decompressed; see {@link InputFiles#maybeGunzip}), lines limited to 64 MiB. */
    public SampleJsonlReader(InputStream in, String displayName) {
        this(in, displayName, ByteLines.MAX_LINE);
    }

    /** With another line limit (tests). */
    public SampleJsonlReader(InputStream in, String displayName, int maxLine) {
        this.in = null;
        this.raw = in;
        this.bytes = new ByteLines(in, displayName, maxLine);
        this.name = displayName;
    }

    /** Opens a file: gzip recognised by its magic bytes, a UTF-8 byte-order mark skipped ({@link InputFiles}). */
    public static SampleJsonlReader open(Path file) throws IOException {
        return new SampleJsonlReader(InputFiles.openText(file), file.toString());
    }

    /** Reads every sample of a file; throws on the first bad line. For small files and tests. */
    public static List<Sample> readAll(Path file) throws IOException {
        List<Sample> out = new ArrayList<>();
        try (SampleJsonlReader r = open(file)) {
            for (Sample s = r.next(); s != null; s = r.next()) {
                out.add(s);
            }
        }
        return out;
    }

    /** The 1-based number of the line last read. */
    public long line() {
        return line;
    }

    public String name() {
        return name;
    }

    /** What some metrics cannot use in the sample last returned (empty when nothing). */
    public List<Issue> issues() {
        return List.copyOf(issues);
    }

    /** Field names seen that the format does not define. */
    public TreeSet<String> unknownFields() {
        return new TreeSet<>(unknown);
    }

    /**
     * The next sample, or null at the end of the input.
     *
     * @throws InputException for a line that is not a valid sample (the next call continues after it)
     * @throws IOException when the input cannot be read
     */
    public Sample next() throws IOException {
        issues.clear();
        if (bytes != null) {
            do {
                try {
                    if (!bytes.next()) {
                        return null;
                    }
                } finally {
                    line = bytes.line();
                }
            } while (bytes.blank());
            JsonParser p;
            try {
                // Jackson guesses the encoding from the first bytes (a NUL byte there reads as UTF-16/32): the line is
                // JSON text only when it is UTF-8
                p = FACTORY.createParser(bytes.buffer(), bytes.start(), bytes.end() - bytes.start());
            } catch (java.io.CharConversionException | JsonProcessingException e) {
                throw new InputException(name, line, null, "not valid JSON text (UTF-8): " + MirageText.jsonMessage(e.getMessage()));
            }
            for (int i = bytes.start(); i < Math.min(bytes.end(), bytes.start() + 4); i++) {
                if (bytes.buffer()[i] == 0) {
                    p.close();
                    throw new InputException(name, line, null, "not valid JSON text (UTF-8): a NUL byte at column " + (i - bytes.start() + 1));
                }
            }
            return parse(p);
        }
        String text;
        do {
            text = in.readLine();
            if (text == null) {
                return null;
            }
            line++;
        } while (text.isBlank());
        return parse(FACTORY.createParser(text));
    }

    private Sample parse(JsonParser parser) throws IOException {
        String field;
        try (JsonParser p = parser) {
            if (p.nextToken() != JsonToken.START_OBJECT) {
                throw bad(null, "expected a JSON object");
            }
            String family = null;
            String modelName = null;
            double params = Double.NaN;
            double nonEmb = Double.NaN;
            double tokens = Double.NaN;
            double flops = Double.NaN;
            double step = Double.NaN;
            String task = null;
            String itemId = null;
            Sample.Builder b = Sample.builder(null, null, null);
            List<String> choices = null;
            double[] choiceLogProbs = null;
            int correct = -1;
            int attempts = -1;
            int passes = -1;
            Map<String, String> labels = new TreeMap<>();
            JsonToken t;
            while ((t = p.nextToken()) == JsonToken.FIELD_NAME) {
                field = p.currentName();
                assert field != null;
                JsonToken v = p.nextToken();
                switch (field) {
                    case FAMILY -> family = string(p, v, field);
                    case MODEL -> modelName = string(p, v, field);
                    case PARAMS -> params = nonNegative(p, v, field);
                    case NON_EMBEDDING_PARAMS -> nonEmb = nonNegative(p, v, field);
                    case TOKENS -> tokens = nonNegative(p, v, field);
                    case FLOPS -> flops = nonNegative(p, v, field);
                    case STEP -> step = nonNegative(p, v, field);
                    case TASK -> task = string(p, v, field);
                    case ITEM_ID -> itemId = idString(p, v, field);
                    case PROMPT -> b.prompt(string(p, v, field));
                    case TARGET -> b.target(string(p, v, field));
                    case OUTPUT -> b.output(string(p, v, field));
                    case TARGET_TOKENS -> b.targetTokens(strings(p, v, field));
                    case OUTPUT_TOKENS -> b.outputTokens(strings(p, v, field));
                    case TARGET_LOGPROBS -> b.targetLogProbs(numbers(p, v, field));
                    case CHOICES -> choices = strings(p, v, field);
                    case CHOICE_LOGPROBS -> choiceLogProbs = numbers(p, v, field);
                    case CORRECT_CHOICE -> correct = integer(p, v, field);
                    case GROUP -> b.group(idString(p, v, field));
                    case ATTEMPTS -> attempts = integer(p, v, field);
                    case PASSES -> passes = integer(p, v, field);
                    case ERROR -> b.error(number(p, v, field));
                    case LABELS -> labels = labels(p, v, field);
                    default -> {
                        unknown.add(field);
                        p.skipChildren();
                    }
                }
            }
            if (t != JsonToken.END_OBJECT) {
                throw bad(null, "expected a field name or the end of the object");
            }
            if (p.nextToken() != null) {
                throw bad(null, "text after the JSON object (one object per line)");
            }
            require(family, FAMILY);
            require(modelName, MODEL);
            require(task, TASK);
            require(itemId, ITEM_ID);
            if (modelName.isEmpty()) {
                throw bad(MODEL, "must not be empty");
            }
            if (family.isEmpty()) {
                throw bad(FAMILY, "must not be empty (the family groups the models whose scaling curve is drawn together)");
            }
            if (choices != null || choiceLogProbs != null) {
                int nc = choices != null ? choices.size() : choiceLogProbs.length;
                if (choices != null && choiceLogProbs != null && choices.size() != choiceLogProbs.length) {
                    throw bad(CHOICE_LOGPROBS, "has " + choiceLogProbs.length + " values but choices has " + choices.size());
                }
                if (correct < 0 || correct >= nc) {
                    throw bad(CORRECT_CHOICE, correct < 0 ? "is required with choices" : "is " + correct + ", not an index into " + nc + " choices");
                }
                List<Choice> cs = new ArrayList<>(nc);
                for (int i = 0; i < nc; i++) {
                    cs.add(new Choice(choices != null ? choices.get(i) : "", choiceLogProbs != null ? choiceLogProbs[i] : Double.NaN));
                }
                b.choices(cs, correct);
            } else if (correct >= 0) {
                throw bad(CORRECT_CHOICE, "given without choices");
            }
            if (attempts >= 0 || passes >= 0) {
                if (attempts < 0 || passes < 0) {
                    throw bad(attempts < 0 ? ATTEMPTS : PASSES, "attempts and passes go together");
                }
                if (passes > attempts) {
                    throw bad(PASSES, passes + " exceeds attempts " + attempts);
                }
                b.attempts(attempts, passes);
            }
            Model m = new Model(family, modelName, new Scale(params, nonEmb, tokens, flops, step));
            m = models.computeIfAbsent(m, x -> x);
            Sample sample;
            try {
                sample = b.model(m).task(task).itemId(itemId).labels(labels).build();
            } catch (IllegalArgumentException e) {
                throw bad(null, e.getMessage());
            }
            check(sample, choiceLogProbs != null);
            return sample;
        } catch (StreamConstraintsException e) {
            throw new InputException(name, line, null, "JSON too large or too deeply nested: "
                    + MirageText.jsonMessage(e.getOriginalMessage()));
        } catch (JsonParseException e) {
            long col = e.getLocation() == null ? -1 : e.getLocation().getColumnNr();
            throw new InputException(name, line, null, "malformed JSON" + (col > 0 ? " at column " + col : "")
                    + ": " + MirageText.firstLine(e.getOriginalMessage()));
        } catch (java.io.CharConversionException | JsonProcessingException e) {
            throw new InputException(name, line, null, "not valid JSON text (UTF-8): " + MirageText.jsonMessage(e.getMessage()));
        }
    }

    /** Records the values of a sample that some metrics cannot use (the metrics leave such an item out). */
    private void check(Sample s, boolean choiceLogProbsGiven) {
        int n = s.targetLogProbCount();
        for (int i = 0; i < n; i++) {
            double lp = s.targetLogProb(i);
            if (Double.isNaN(lp) || lp > LOGPROB_TOLERANCE) {
                issues.add(new Issue(TARGET_LOGPROBS, "element " + i + " is " + numberText(lp) + ", not a log-probability"
                        + (lp > 0 && lp != Double.POSITIVE_INFINITY ? " (above 0: a negative log-likelihood with the wrong sign?)" : "")
                        + ": the metrics that use target_logprobs leave this sample out"));
                break;
            }
        }
        if (s.isMultipleChoice() && choiceLogProbsGiven) {
            for (int i = 0; i < s.choices().size(); i++) {
                double lp = s.choices().get(i).logProb();
                if (Double.isNaN(lp) || lp == Double.POSITIVE_INFINITY) {
                    issues.add(new Issue(CHOICE_LOGPROBS, "element " + i + " is " + numberText(lp)
                            + ": the metrics that use choice_logprobs leave this sample out"));
                    break;
                }
            }
        }
        if (s.error() < 0) {
            issues.add(new Issue(ERROR, "is " + numberText(s.error()) + ", not a non-negative error: mse and reconstruction@c "
                    + "leave this sample out"));
        }
    }

    private static String numberText(double d) {
        return Double.isNaN(d) ? "NaN" : d == Double.POSITIVE_INFINITY ? "Infinity" : d == Double.NEGATIVE_INFINITY ? "-Infinity"
                : mirage.io.csv.CsvNumbers.format(d);
    }

    private InputException bad(String field, String reason) {
        return new InputException(name, line, field, reason);
    }

    private void require(Object v, String field) {
        if (v == null) {
            throw bad(field, "is required");
        }
    }

    private String string(JsonParser p, JsonToken v, String field) throws IOException {
        if (v == JsonToken.VALUE_NULL) {
            return null;
        }
        if (v != JsonToken.VALUE_STRING) {
            throw bad(field, "expected a string, got " + describe(p, v));
        }
        return p.getText();
    }

    /** Ids may be written as strings or integers. */
    private String idString(JsonParser p, JsonToken v, String field) throws IOException {
        if (v == JsonToken.VALUE_NUMBER_INT) {
            return p.getText();
        }
        return string(p, v, field);
    }

    private double number(JsonParser p, JsonToken v, String field) throws IOException {
        switch (v) {
            case VALUE_NULL:
                return Double.NaN;
            case VALUE_NUMBER_INT:
            case VALUE_NUMBER_FLOAT:
                return p.getDoubleValue();
            case VALUE_STRING:
                switch (p.getText()) {
                    case "NaN": return Double.NaN;
                    case "Infinity": case "+Infinity": case "inf": return Double.POSITIVE_INFINITY;
                    case "-Infinity": case "-inf": return Double.NEGATIVE_INFINITY;
                    default: throw bad(field, "expected a number, got \"" + clip(p.getText()) + "\"");
                }
            default:
                throw bad(field, "expected a number, got " + describe(p, v));
        }
    }

    private double nonNegative(JsonParser p, JsonToken v, String field) throws IOException {
        double d = number(p, v, field);
        if (!Double.isNaN(d) && (d < 0 || Double.isInfinite(d))) {
            throw bad(field, "expected a non-negative finite number, got " + p.getText());
        }
        return d;
    }

    private int integer(JsonParser p, JsonToken v, String field) throws IOException {
        if (v == JsonToken.VALUE_NULL) {
            return -1;
        }
        if (v != JsonToken.VALUE_NUMBER_INT) {
            throw bad(field, "expected a non-negative integer, got " + describe(p, v));
        }
        long l = p.getValueAsLong();
        if (l < 0 || l > Integer.MAX_VALUE || p.getNumberType() == JsonParser.NumberType.BIG_INTEGER) {
            throw bad(field, "expected a non-negative integer, got " + p.getText());
        }
        return (int) l;
    }

    private List<String> strings(JsonParser p, JsonToken v, String field) throws IOException {
        if (v == JsonToken.VALUE_NULL) {
            return null;
        }
        if (v != JsonToken.START_ARRAY) {
            throw bad(field, "expected an array of strings, got " + describe(p, v));
        }
        List<String> out = new ArrayList<>();
        JsonToken t;
        while ((t = p.nextToken()) != JsonToken.END_ARRAY) {
            if (t != JsonToken.VALUE_STRING) {
                throw bad(field, "element " + out.size() + ": expected a string, got " + describe(p, t));
            }
            out.add(p.getText());
        }
        return out;
    }

    private double[] numbers(JsonParser p, JsonToken v, String field) throws IOException {
        if (v == JsonToken.VALUE_NULL) {
            return null;
        }
        if (v != JsonToken.START_ARRAY) {
            throw bad(field, "expected an array of numbers, got " + describe(p, v));
        }
        double[] out = new double[8];
        int n = 0;
        JsonToken t;
        while ((t = p.nextToken()) != JsonToken.END_ARRAY) {
            if (t == JsonToken.START_ARRAY || t == JsonToken.START_OBJECT) {
                throw bad(field, "element " + n + ": expected a number, got " + describe(p, t));
            }
            if (n == out.length) {
                out = java.util.Arrays.copyOf(out, n * 2);
            }
            out[n++] = number(p, t, field);
        }
        return java.util.Arrays.copyOf(out, n);
    }

    private Map<String, String> labels(JsonParser p, JsonToken v, String field) throws IOException {
        Map<String, String> out = new TreeMap<>();
        if (v == JsonToken.VALUE_NULL) {
            return out;
        }
        if (v != JsonToken.START_OBJECT) {
            throw bad(field, "expected an object of label values, got " + describe(p, v));
        }
        JsonToken t;
        while ((t = p.nextToken()) == JsonToken.FIELD_NAME) {
            String key = p.currentName();
            JsonToken lv = p.nextToken();
            switch (lv) {
                case VALUE_STRING, VALUE_NUMBER_INT, VALUE_NUMBER_FLOAT, VALUE_TRUE, VALUE_FALSE -> out.put(key, p.getText());
                case VALUE_NULL -> { }
                default -> throw bad(field + "." + key, "expected a string, number or boolean, got " + describe(p, lv));
            }
        }
        return out;
    }

    private static String describe(JsonParser p, JsonToken t) throws IOException {
        return switch (t) {
            case START_ARRAY -> "an array";
            case START_OBJECT -> "an object";
            case VALUE_STRING -> "\"" + clip(p.getText()) + "\"";
            case VALUE_NULL -> "null";
            default -> clip(p.getText());
        };
    }

    private static String clip(String s) {
        return s.length() > 40 ? s.substring(0, 40) + "..." : s;
    }

    @Override
    public void close() throws IOException {
        if (in != null) {
            in.close();
        } else {
            raw.close();
        }
    }
}

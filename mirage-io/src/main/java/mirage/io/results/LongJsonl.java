package mirage.io.results;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.JsonProcessingException;
import java.io.IOException;
import java.io.InputStream;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.Map;
import java.util.TreeMap;
import mirage.core.InputException;
import mirage.core.data.Measurement;
import mirage.core.data.Model;
import mirage.core.data.Scale;
import mirage.core.metric.MetricValue;
import mirage.io.ByteLines;
import mirage.io.CorruptInputException;
import mirage.io.csv.CsvNumbers;

/**
 * The long format as JSONL: one object per line with the long CSV's fields ({@code family, model, params,
 * task, metric, value, shots, n, stderr, step, tokens, flops, non_embedding_params, skipped}, or the
 * fields the column map names); a {@code labels} object and any other scalar field are labels. A bad
 * line is reported and skipped.
 */
final class LongJsonl {
    private LongJsonl() {
    }

    static void read(InputStream in, String name, ReadContext ctx) throws IOException {
        Map<String, Role> fieldRole = new HashMap<>();
        Map<Role, Double> factor = new EnumMap<>(Role.class);
        for (Role r : Role.values()) {
            ColumnMap.ColumnRef ref = ctx.map().role(r);
            if (ref != null) {
                fieldRole.put(ref.column(), r);
                factor.put(r, ref.factor());
            }
        }
        for (Role r : Role.values()) {
            if (!fieldRole.containsValue(r)) {
                fieldRole.putIfAbsent(r.key(), r);
                for (String a : r.aliases()) {
                    fieldRole.putIfAbsent(a, r);
                }
            }
        }
        ByteLines lines = new ByteLines(in, name);
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
            long line = lines.line();
            try {
                Measurement m = parse(lines, name, fieldRole, factor, ctx);
                ctx.sink().accept(m, name, line);
            } catch (InputException e) {
                ctx.problems().skip(e.file(), e.line(), e.field(), e.reason());
            }
        }
    }

    private static Measurement parse(ByteLines lines, String name, Map<String, Role> fieldRole, Map<Role, Double> factor,
                                     ReadContext ctx) throws IOException {
        long line = lines.line();
        String[] text = new String[Role.values().length];
        double[] num = new double[Role.values().length];
        java.util.Arrays.fill(num, Double.NaN);
        Map<String, String> labels = new TreeMap<>();
        try (JsonParser p = Json.FACTORY.createParser(lines.buffer(), lines.start(), lines.end() - lines.start())) {
            if (p.nextToken() != JsonToken.START_OBJECT) {
                throw new InputException(name, line, null, "expected a JSON object");
            }
            JsonToken t;
            while ((t = p.nextToken()) == JsonToken.FIELD_NAME) {
                String f = p.currentName();
                JsonToken v = p.nextToken();
                Role r = fieldRole.get(f);
                if (r == null) {
                    if (f.equals("labels") && v == JsonToken.START_OBJECT) {
                        while (p.nextToken() == JsonToken.FIELD_NAME) {
                            String k = p.currentName();
                            JsonToken lv = p.nextToken();
                            String s = Json.scalarText(p, lv);
                            if (lv == JsonToken.START_OBJECT || lv == JsonToken.START_ARRAY) {
                                throw new InputException(name, line, "labels." + k, "expected a string, number or boolean, got " + Json.describe(p, lv));
                            }
                            if (s != null) {
                                labels.put(k, s);
                            }
                        }
                        continue;
                    }
                    if (v == JsonToken.START_OBJECT || v == JsonToken.START_ARRAY) {
                        throw new InputException(name, line, f, "expected a string, number or boolean (a label), got " + Json.describe(p, v));
                    }
                    String s = Json.scalarText(p, v);
                    if (s != null) {
                        labels.put(f, s);
                    }
                    continue;
                }
                switch (r) {
                    case FAMILY, MODEL, TASK, METRIC -> {
                        if (v == JsonToken.VALUE_NULL) {
                            break;
                        }
                        if (v != JsonToken.VALUE_STRING && v != JsonToken.VALUE_NUMBER_INT) {
                            throw new InputException(name, line, f, "expected a string, got " + Json.describe(p, v));
                        }
                        text[r.ordinal()] = p.getText();
                    }
                    case SHOTS -> {
                        String s = Json.scalarText(p, v);
                        if (v == JsonToken.START_OBJECT || v == JsonToken.START_ARRAY) {
                            throw new InputException(name, line, f, "expected a number, got " + Json.describe(p, v));
                        }
                        if (s != null && !s.isEmpty()) {
                            labels.put("shots", ChunkParser.normalizeShots(s));
                        }
                    }
                    default -> {
                        Double d = Json.number(p, v);
                        if (d == null) {
                            throw new InputException(name, line, f, "expected a number, got " + Json.describe(p, v));
                        }
                        num[r.ordinal()] = d * factor.getOrDefault(r, 1.0);
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
        String model = required(text, Role.MODEL, name, line);
        String task = required(text, Role.TASK, name, line);
        String metric = required(text, Role.METRIC, name, line);
        double value = num[Role.VALUE.ordinal()];
        if (Double.isNaN(value)) {
            throw new InputException(name, line, "value", "missing value (or NaN: not a measurement)");
        }
        if (Double.isInfinite(value)) {
            throw new InputException(name, line, "value", "value is not finite");
        }
        for (Role r : new Role[] {Role.PARAMS, Role.NON_EMBEDDING_PARAMS, Role.TOKENS, Role.FLOPS, Role.STEP, Role.STDERR}) {
            double x = num[r.ordinal()];
            if (x < 0 || Double.isInfinite(x)) {
                throw new InputException(name, line, r.key(), "expected a non-negative finite number, got " + CsvNumbers.format(x));
            }
        }
        for (Role r : new Role[] {Role.N, Role.SKIPPED}) {
            double x = num[r.ordinal()];
            if (x < 0 || Double.isInfinite(x) || (!Double.isNaN(x) && x != Math.rint(x)) || x > Long.MAX_VALUE / 2.0) {
                throw new InputException(name, line, r.key(), "expected a non-negative integer, got " + CsvNumbers.format(x));
            }
        }
        String family = text[Role.FAMILY.ordinal()];
        if (family == null || family.isEmpty()) {
            family = ctx.derivedFamily(model);
        }
        Scale sc = new Scale(num[Role.PARAMS.ordinal()], num[Role.NON_EMBEDDING_PARAMS.ordinal()], num[Role.TOKENS.ordinal()],
                num[Role.FLOPS.ordinal()], num[Role.STEP.ordinal()]);
        sc = ctx.completeScale(model, sc);
        double n = num[Role.N.ordinal()];
        double sk = num[Role.SKIPPED.ordinal()];
        MetricValue mv = new MetricValue(value, Double.isNaN(n) ? 0 : (long) n, Double.isNaN(sk) ? 0 : (long) sk,
                num[Role.STDERR.ordinal()], Double.NaN, Double.NaN, Double.NaN);
        return new Measurement(new Model(family, model, sc), task, metric, labels, mv);
    }

    private static String required(String[] text, Role r, String name, long line) {
        String s = text[r.ordinal()];
        if (s == null || s.isEmpty()) {
            throw new InputException(name, line, r.key(), "is required");
        }
        return s;
    }
}

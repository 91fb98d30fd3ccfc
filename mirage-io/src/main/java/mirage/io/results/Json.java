package mirage.io.results;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonFactoryBuilder;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.core.json.JsonReadFeature;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.exc.StreamConstraintsException;
import java.io.IOException;
import mirage.core.InputException;
import mirage.io.MirageText;

/** Shared JSON settings of the readers: NaN/Infinity accepted (Python's json writes them), bounded nesting. */
final class Json {
    private Json() {
    }

    static final JsonFactory FACTORY = new JsonFactoryBuilder()
            .enable(JsonReadFeature.ALLOW_NON_NUMERIC_NUMBERS)
            .streamReadConstraints(StreamReadConstraints.builder().maxNestingDepth(200)
                    .maxStringLength(64 << 20).maxNumberLength(1000).build())
            .build();

    /**
     * The one-line error for a JSON line that could not be read: text that is not UTF-8/16/32, JSON too large or
     * too deeply nested, or malformed JSON (with the column when known).
     */
    static InputException lineError(String name, long line, IOException e) {
        if (e instanceof StreamConstraintsException s) {
            return new InputException(name, line, null, "JSON too large or too deeply nested: " + MirageText.jsonMessage(s.getOriginalMessage()));
        }
        if (e instanceof JsonProcessingException j) {
            long col = j.getLocation() == null ? -1 : j.getLocation().getColumnNr();
            return new InputException(name, line, null, "malformed JSON" + (col > 0 ? " at column " + col : "")
                    + ": " + MirageText.jsonMessage(j.getOriginalMessage()));
        }
        return new InputException(name, line, null, "text is not valid UTF-8/16/32: " + MirageText.firstLine(e.getMessage()));
    }

    /** A number token, or a string that spells a number (NaN, Infinity, "N/A" -> NaN); null otherwise. */
    static Double number(JsonParser p, JsonToken t) throws IOException {
        if (t == JsonToken.VALUE_NUMBER_INT || t == JsonToken.VALUE_NUMBER_FLOAT) {
            return p.getDoubleValue();
        }
        if (t == JsonToken.VALUE_STRING) {
            String s = p.getText().strip();
            switch (s) {
                case "NaN", "nan", "N/A", "n/a", "":
                    return Double.NaN;
                case "Infinity", "+Infinity", "inf", "+inf":
                    return Double.POSITIVE_INFINITY;
                case "-Infinity", "-inf":
                    return Double.NEGATIVE_INFINITY;
                default:
                    try {
                        return mirage.io.csv.CsvNumbers.parse(s);
                    } catch (NumberFormatException e) {
                        return null;
                    }
            }
        }
        if (t == JsonToken.VALUE_NULL) {
            return Double.NaN;
        }
        return null;
    }

    /** A scalar as label text (numbers written as integers when integral); null for objects and arrays. */
    static String scalarText(JsonParser p, JsonToken t) throws IOException {
        switch (t) {
            case VALUE_STRING:
                return p.getText();
            case VALUE_NUMBER_INT:
                return p.getText();
            case VALUE_NUMBER_FLOAT: {
                double d = p.getDoubleValue();
                return d == Math.rint(d) && Math.abs(d) < 1e15 ? Long.toString((long) d) : p.getText();
            }
            case VALUE_TRUE:
                return "true";
            case VALUE_FALSE:
                return "false";
            case VALUE_NULL:
                return null;
            default:
                return null;
        }
    }

    /** Short description of a token for messages. */
    static String describe(JsonParser p, JsonToken t) throws IOException {
        if (t == null) {
            return "the end of the input";
        }
        return switch (t) {
            case START_OBJECT -> "an object";
            case START_ARRAY -> "an array";
            case VALUE_STRING -> "\"" + mirage.io.csv.CsvNumbers.clip(p.getText()) + "\"";
            case VALUE_TRUE, VALUE_FALSE -> p.getText();
            case VALUE_NULL -> "null";
            default -> p.getText();
        };
    }
}

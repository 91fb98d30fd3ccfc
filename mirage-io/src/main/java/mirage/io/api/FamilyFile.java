package mirage.io.api;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import mirage.core.InputException;
import mirage.core.data.Scale;
import mirage.io.csv.CsvRecord;
import mirage.io.csv.StreamingCsvReader;

/**
 * A family file for {@code mirage eval --family-file}: a CSV with a header, one row per model
 * (docs/FORMATS.md, "Family file"). Columns, by name, in any order:
 *
 * <ul>
 *   <li>{@code model} (required): the id the server knows the model by;</li>
 *   <li>{@code params} (required): total parameters, a number ({@code 70426624}, {@code 7e7}) or with a
 *       suffix K, M, B (or G), T ({@code 70M}, {@code 1.4B});</li>
 *   <li>{@code name}: the model's name in the records (default: {@code model});</li>
 *   <li>{@code family}: the family (one value for the whole file; {@code --family} overrides it);</li>
 *   <li>{@code endpoint}: this model's server (default: {@code --endpoint});</li>
 *   <li>{@code non_embedding_params}, {@code tokens}, {@code flops}, {@code step} (or {@code steps}):
 *       further scale axes, as in the per-sample format.</li>
 * </ul>
 * Other columns are ignored and listed ({@link Result#ignoredColumns()}), so the {@code models.csv} that
 * {@code mirage train arithmetic} writes is a family file of the run's models.
 */
public final class FamilyFile {
    private FamilyFile() {
    }

    /** One row. {@code family} and {@code endpoint} are null when the file does not give them. */
    public record Entry(String family, String name, String apiModel, String endpoint, Scale scale, long line) {
    }

    public record Result(List<Entry> entries, List<String> ignoredColumns) {
    }

    private static final Set<String> KNOWN = Set.of("model", "params", "name", "family", "endpoint",
            "non_embedding_params", "tokens", "flops", "step", "steps");

    public static Result read(Path file) throws IOException {
        String name = file.toString();
        if (!Files.isRegularFile(file)) {
            throw new InputException(name, 0, null, "no such file");
        }
        try (InputStream in = Files.newInputStream(file)) {
            StreamingCsvReader r = new StreamingCsvReader(in, name);
            CsvRecord h = r.next();
            if (h == null) {
                throw new InputException(name, 0, null, "the file is empty; expected a header with columns model,params");
            }
            String[] header = h.toArray();
            Map<String, Integer> col = new HashMap<>();
            List<String> ignored = new ArrayList<>();
            for (int i = 0; i < header.length; i++) {
                String c = header[i].strip().toLowerCase(Locale.ROOT);
                header[i] = c;
                if (col.putIfAbsent(c, i) != null) {
                    throw new InputException(name, h.line(), c, "column appears twice in the header");
                }
                if (!KNOWN.contains(c)) {
                    ignored.add(c);
                }
            }
            for (String need : List.of("model", "params")) {
                if (!col.containsKey(need)) {
                    throw new InputException(name, h.line(), need, "missing column; a family file needs at least model,params"
                            + " (header is " + String.join(",", header) + ")");
                }
            }
            if (col.containsKey("step") && col.containsKey("steps")) {
                throw new InputException(name, h.line(), "steps", "give step or steps, not both");
            }
            r.header(header);
            List<Entry> out = new ArrayList<>();
            Set<String> names = new HashSet<>();
            Set<String> families = new TreeSet<>();
            for (CsvRecord rec = r.next(); rec != null; rec = r.next()) {
                long line = rec.line();
                if (rec.size() != header.length) {
                    throw new InputException(name, line, null, rec.size() + " fields, the header has " + header.length);
                }
                String model = text(rec, col.get("model"));
                if (model == null) {
                    throw new InputException(name, line, "model", "empty");
                }
                String nm = col.containsKey("name") ? text(rec, col.get("name")) : null;
                nm = nm == null ? model : nm;
                if (!names.add(nm)) {
                    throw new InputException(name, line, col.containsKey("name") ? "name" : "model",
                            "'" + nm + "' appears twice; names must be unique within the family");
                }
                double params = number(rec, col.get("params"), name, "params", line);
                if (Double.isNaN(params) || params <= 0) {
                    throw new InputException(name, line, "params", "expected a positive number of parameters, got '"
                            + rec.get(col.get("params")) + "'");
                }
                Scale scale = new Scale(params, opt(rec, col, "non_embedding_params", name, line), opt(rec, col, "tokens", name, line),
                        opt(rec, col, "flops", name, line),
                        col.containsKey("steps") ? opt(rec, col, "steps", name, line) : opt(rec, col, "step", name, line));
                String fam = col.containsKey("family") ? text(rec, col.get("family")) : null;
                if (fam != null) {
                    families.add(fam);
                }
                String ep = col.containsKey("endpoint") ? text(rec, col.get("endpoint")) : null;
                if (ep != null) {
                    try {
                        Endpoint.parse(ep);
                    } catch (IllegalArgumentException e) {
                        throw new InputException(name, line, "endpoint", e.getMessage());
                    }
                }
                out.add(new Entry(fam, nm, model, ep, scale, line));
            }
            if (out.isEmpty()) {
                throw new InputException(name, 0, null, "the file lists no model");
            }
            if (families.size() > 1) {
                throw new InputException(name, 0, "family", "the file lists several families " + families
                        + "; a family file describes one family");
            }
            return new Result(out, ignored);
        }
    }

    private static String text(CsvRecord rec, int i) {
        String s = rec.get(i).strip();
        return s.isEmpty() ? null : s;
    }

    private static double opt(CsvRecord rec, Map<String, Integer> col, String c, String file, long line) {
        if (!col.containsKey(c)) {
            return Double.NaN;
        }
        double v = number(rec, col.get(c), file, c, line);
        if (!Double.isNaN(v) && v < 0) {
            throw new InputException(file, line, c, "must not be negative, got '" + rec.get(col.get(c)) + "'");
        }
        return v;
    }

    private static double number(CsvRecord rec, int i, String file, String c, long line) {
        String s = rec.get(i).strip();
        if (s.isEmpty()) {
            return Double.NaN;
        }
        try {
            return parseCount(s);
        } catch (IllegalArgumentException e) {
            throw new InputException(file, line, c, e.getMessage());
        }
    }

    /**
     * A count such as {@code 70426624}, {@code 7.04e7}, {@code 70M}, {@code 1.4B}: a finite non-negative
     * number, optionally followed by K (10^3), M (10^6), B or G (10^9), T (10^12), either case.
     */
    public static double parseCount(String text) {
        String s = text.strip().replace("_", "");
        double mult = 1;
        if (!s.isEmpty()) {
            char last = Character.toUpperCase(s.charAt(s.length() - 1));
            switch (last) {
                case 'K' -> mult = 1e3;
                case 'M' -> mult = 1e6;
                case 'B', 'G' -> mult = 1e9;
                case 'T' -> mult = 1e12;
                default -> mult = 1;
            }
            if (mult != 1) {
                s = s.substring(0, s.length() - 1).strip();
            }
        }
        double v;
        try {
            v = Double.parseDouble(s);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("expected a number such as 70426624, 7e7, 70M or 1.4B, got '" + text + "'");
        }
        if (s.endsWith("d") || s.endsWith("D") || s.endsWith("f") || s.endsWith("F") || Double.isNaN(v) || Double.isInfinite(v) || v < 0) {
            throw new IllegalArgumentException("expected a finite non-negative number, got '" + text + "'");
        }
        double r = v * mult;
        if (mult != 1 && Math.abs(r - Math.rint(r)) <= 1e-9 * r) {
            r = Math.rint(r); // 1.4B is 1400000000, not 1399999999.9999998
        }
        return r;
    }
}

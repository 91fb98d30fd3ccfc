package mirage.io.results;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import mirage.core.InputException;
import mirage.io.csv.CsvNumbers;

/**
 * The {@code --map} option: which column of a CSV table plays which role, and what the metric columns
 * of a wide table mean. Syntax (docs/FORMATS.md, "Column maps"):
 * <pre>
 *   ROLE = COLUMN                 family, model, task, metric, value, shots, n, stderr, skipped
 *   ROLE = COLUMN * FACTOR        scale roles params, non_embedding_params, tokens, flops, step
 *                                 (e.g. params = Model Size (B) * 1e9)
 *   drop = COLUMN                 ignore a column (it is neither a role, a label nor a metric)
 *   columns = TEMPLATE            wide tables: how metric column names decompose, e.g.
 *                                 {task}_{shots}_{metric}; {shots} matches digits, other placeholders
 *                                 any text (the last one greedily); other placeholder names are labels
 *   metric:NAME = METRIC | k=v,...  what a metric of the results is: a metric mirage knows
 *                                 (metric:edit_distance = char_edit_distance), or its properties
 *                                 (metric:f1_err = higher_is_better=false, continuous=true, partner=token_prob)
 *   column:NAME = k=v, k=v        wide tables: one column's meaning, e.g.
 *                                 column:ipa_bleu = task=ipa_transliterate, metric=bleu, shots=2
 *   scales.ROLE = COLUMN [* F]    the same roles for the --scales table (model, family, scale roles)
 * </pre>
 * On the command line entries are separated by {@code ;} (and the option may be repeated); a value
 * without {@code =} that names a file is a map file: entries one per line, {@code #} starting a comment
 * line ({@code ;} is then part of the text, so column names may contain it).
 */
public final class ColumnMap {
    /** A column with the factor its numbers are multiplied by. */
    public record ColumnRef(String column, double factor) {
        @Override
        public String toString() {
            return factor == 1 ? column : column + " * " + CsvNumbers.format(factor);
        }
    }

    private final Map<Role, ColumnRef> roles = new EnumMap<>(Role.class);
    private final Map<Role, ColumnRef> scaleRoles = new EnumMap<>(Role.class);
    private final Set<String> drop = new LinkedHashSet<>();
    private final Map<String, Map<String, String>> columns = new LinkedHashMap<>();
    private String template;
    private final List<String> entries = new ArrayList<>();
    private final Map<String, mirage.core.metric.MetricInfo> metrics = new java.util.LinkedHashMap<>();

    /** An empty map: every column is read by its name. */
    public static final ColumnMap EMPTY = new ColumnMap();

    /** Parses {@code --map} values. */
    public static ColumnMap parse(List<String> specs) {
        ColumnMap m = new ColumnMap();
        if (specs == null) {
            return m;
        }
        for (String spec : specs) {
            if (spec == null) {
                continue;
            }
            String s = spec.strip();
            Path asFile = null;
            if (!s.contains("=")) {
                try {
                    Path f = Path.of(s.startsWith("@") ? s.substring(1).strip() : s);
                    if (Files.isRegularFile(f)) {
                        asFile = f;
                    }
                } catch (java.nio.file.InvalidPathException e) {
                    asFile = null;
                }
                if (asFile == null) {
                    throw new InputException("--map: '" + s + "' is neither KEY = VALUE entries nor a readable map file");
                }
            }
            if (asFile != null) {
                Path file = asFile;
                List<String> lines;
                try {
                    lines = Files.readAllLines(file, StandardCharsets.UTF_8);
                } catch (IOException e) {
                    throw new InputException(file.toString(), 0, null, "cannot read the column map: " + e.getMessage());
                }
                for (int i = 0; i < lines.size(); i++) {
                    String line = lines.get(i).strip();
                    if (line.isEmpty() || line.startsWith("#")) {
                        continue;
                    }
                    m.entry(line, file.toString(), i + 1);
                }
            } else {
                for (String part : s.split(";")) {
                    if (!part.isBlank()) {
                        m.entry(part.strip(), null, 0);
                    }
                }
            }
        }
        return m;
    }

    private void entry(String text, String file, long line) {
        int eq = text.indexOf('=');
        if (eq <= 0) {
            throw bad(file, line, "map entry '" + text + "' is not KEY = VALUE");
        }
        String key = text.substring(0, eq).strip();
        String value = text.substring(eq + 1).strip();
        if (value.isEmpty()) {
            throw bad(file, line, "map entry '" + text + "' has no value");
        }
        entries.add(key + " = " + value);
        String lk = key.toLowerCase(java.util.Locale.ROOT);
        if (lk.equals("drop")) {
            drop.add(value);
        } else if (lk.equals("columns")) {
            template = value;
            compileTemplate(value, file, line);
        } else if (lk.startsWith("column:")) {
            String col = key.substring("column:".length()).strip();
            if (col.isEmpty()) {
                throw bad(file, line, "map entry '" + text + "': no column name after 'column:'");
            }
            Map<String, String> meaning = new TreeMap<>();
            for (String kv : value.split(",")) {
                int e2 = kv.indexOf('=');
                if (e2 <= 0 || kv.substring(e2 + 1).isBlank()) {
                    throw bad(file, line, "map entry '" + text + "': expected k=v pairs separated by commas, got '" + kv.strip() + "'");
                }
                meaning.put(kv.substring(0, e2).strip(), kv.substring(e2 + 1).strip());
            }
            if (!meaning.containsKey("metric")) {
                throw bad(file, line, "map entry '" + text + "' must say metric=...");
            }
            columns.put(col, meaning);
        } else if (lk.startsWith("metric:")) {
            String metric = key.substring("metric:".length()).strip();
            if (metric.isEmpty()) {
                throw bad(file, line, "map entry '" + text + "': no metric name after 'metric:'");
            }
            try {
                metrics.put(metric, mirage.core.metric.MetricCatalog.declared(metric, value));
            } catch (IllegalArgumentException e) {
                throw bad(file, line, "map entry '" + text + "': " + e.getMessage());
            }
        } else if (lk.startsWith("scales.")) {
            Role r = Role.byKey(key.substring("scales.".length()));
            if (r == null || !(r == Role.MODEL || r == Role.FAMILY || r.isScale())) {
                throw bad(file, line, "unknown map key '" + key + "'; scales tables take scales.model, scales.family, "
                        + "scales.params, scales.non_embedding_params, scales.tokens, scales.flops, scales.step");
            }
            scaleRoles.put(r, ref(r, value, file, line));
        } else {
            Role r = Role.byKey(key);
            if (r == null) {
                throw bad(file, line, "unknown map key '" + key + "'; expected one of "
                        + Arrays.stream(Role.values()).map(Role::key).collect(Collectors.joining(", "))
                        + ", drop, columns, column:NAME, metric:NAME, scales.ROLE");
            }
            roles.put(r, ref(r, value, file, line));
        }
    }

    private static ColumnRef ref(Role r, String value, String file, long line) {
        int star = value.lastIndexOf('*');
        if (star > 0) {
            String f = value.substring(star + 1).strip();
            double factor;
            try {
                factor = CsvNumbers.parse(f);
            } catch (NumberFormatException e) {
                factor = Double.NaN;
            }
            if (!f.isEmpty() && !Double.isNaN(factor)) {
                if (!r.isScale() && r != Role.VALUE && r != Role.STDERR) {
                    throw bad(file, line, "map entry '" + r.key() + " = " + value + "': only scale columns, value and stderr take a factor");
                }
                if (!(factor > 0) || Double.isInfinite(factor)) {
                    throw bad(file, line, "map entry '" + r.key() + " = " + value + "': the factor must be a positive number");
                }
                return new ColumnRef(value.substring(0, star).strip(), factor);
            }
        }
        return new ColumnRef(value, 1);
    }

    private Pattern pattern;
    private List<String> placeholders;

    private void compileTemplate(String t, String file, long line) {
        Matcher m = Pattern.compile("\\{([A-Za-z_][A-Za-z0-9_]*)}").matcher(t);
        List<String> names = new ArrayList<>();
        List<int[]> spans = new ArrayList<>();
        while (m.find()) {
            names.add(m.group(1));
            spans.add(new int[] {m.start(), m.end()});
        }
        if (!names.contains("metric")) {
            throw bad(file, line, "template '" + t + "' must contain {metric}");
        }
        if (new LinkedHashSet<>(names).size() != names.size()) {
            throw bad(file, line, "template '" + t + "' names a placeholder twice");
        }
        StringBuilder re = new StringBuilder("^");
        int at = 0;
        for (int i = 0; i < names.size(); i++) {
            int[] sp = spans.get(i);
            re.append(Pattern.quote(t.substring(at, sp[0])));
            boolean last = i == names.size() - 1;
            re.append(names.get(i).equals("shots") ? "(\\d+)" : last ? "(.+)" : "(.+?)");
            at = sp[1];
        }
        if (at < t.length()) {
            re.append(Pattern.quote(t.substring(at)));
        }
        re.append('$');
        pattern = Pattern.compile(re.toString());
        placeholders = List.copyOf(names);
    }

    private static InputException bad(String file, long line, String reason) {
        return file == null ? new InputException("--map: " + reason) : new InputException(file, line, null, reason);
    }

    /** The column mapped to a role, or null. */
    public ColumnRef role(Role r) {
        return roles.get(r);
    }

    /** The column mapped to a role of the scales table, or null. */
    public ColumnRef scaleRole(Role r) {
        return scaleRoles.get(r);
    }

    public Map<Role, ColumnRef> roles() {
        return Collections.unmodifiableMap(roles);
    }

    public Set<String> dropped() {
        return Collections.unmodifiableSet(drop);
    }

    /** Explicit meanings of wide columns (k=v with at least metric). */
    public Map<String, Map<String, String>> columns() {
        return Collections.unmodifiableMap(columns);
    }

    public String template() {
        return template;
    }

    /** The placeholders of a column name under the template, or null when no template or no match. */
    public Map<String, String> matchTemplate(String column) {
        if (pattern == null) {
            return null;
        }
        Matcher m = pattern.matcher(column);
        if (!m.matches()) {
            return null;
        }
        Map<String, String> out = new LinkedHashMap<>();
        for (int i = 0; i < placeholders.size(); i++) {
            out.put(placeholders.get(i), m.group(i + 1));
        }
        return out;
    }

    /** Metrics declared with {@code metric:NAME = ...} entries: their properties, by the name in the results. */
    public Map<String, mirage.core.metric.MetricInfo> metrics() {
        return java.util.Collections.unmodifiableMap(metrics);
    }

    /** The entries as given (normalised), for provenance. */
    public List<String> entries() {
        return List.copyOf(entries);
    }

    public boolean isEmpty() {
        return entries.isEmpty();
    }
}

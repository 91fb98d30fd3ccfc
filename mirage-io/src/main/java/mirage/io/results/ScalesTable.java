package mirage.io.results;

import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import mirage.core.InputException;
import mirage.core.data.Scale;
import mirage.io.csv.CsvRecord;
import mirage.io.csv.StreamingCsvReader;

/**
 * The {@code --scales FILE} table: model scales (and optionally families) kept apart from the results,
 * joined on the model name (or {@code FAMILY/MODEL} when the table has a family column). Columns come from the {@code scales.ROLE} entries of the column map, else
 * from columns named after the roles ({@code model}, {@code family}, {@code params}, ...; ignoring case),
 * the model column defaulting to the one the results use. A model listed twice keeps its first row
 * (the second is reported); a bad number skips its row (reported).
 */
public final class ScalesTable {
    /** One model's row. */
    public record Entry(String family, Scale scale, String file, long line) {
    }

    private final String file;
    private final Map<String, Entry> byModel = new HashMap<>();
    /** Rows with a family also under {@code FAMILY/MODEL}: the model ids of mirage serve and mirage eval. */
    private final Map<String, Entry> byQualified = new HashMap<>();
    private final List<String> columnsUsed = new ArrayList<>();

    private ScalesTable(String file) {
        this.file = file;
    }

    public String file() {
        return file;
    }

    public int size() {
        return byModel.size();
    }

    /**
     * The row of a model, or null: by its name, else as {@code FAMILY/MODEL} of a row with a family (how
     * {@code mirage serve} names its models, e.g. {@code mirage-add4/w16-l1} for the row
     * {@code mirage-add4,w16-l1} of {@code models.csv}).
     */
    public Entry get(String model) {
        Entry e = byModel.get(model);
        return e != null ? e : byQualified.get(model);
    }

    /** What was read from which column, for the user. */
    public List<String> columnsUsed() {
        return columnsUsed;
    }

    /**
     * Reads a scales table.
     *
     * @param map the column map ({@code scales.ROLE} entries; {@code model} is also tried)
     */
    public static ScalesTable read(InputStream in, String name, ColumnMap map, Problems problems) throws IOException {
        ScalesTable t = new ScalesTable(name);
        try (StreamingCsvReader r = new StreamingCsvReader(in, name)) {
            CsvRecord h = r.next();
            if (h == null) {
                throw new InputException(name, 0, null, "the scales table is empty");
            }
            String[] header = h.toArray();
            r.header(header);
            Map<Role, Integer> cols = new EnumMap<>(Role.class);
            Map<Role, Double> factors = new EnumMap<>(Role.class);
            for (Role role : new Role[] {Role.MODEL, Role.FAMILY, Role.PARAMS, Role.NON_EMBEDDING_PARAMS, Role.TOKENS,
                Role.FLOPS}) {
                ColumnMap.ColumnRef ref = map.scaleRole(role);
                String want = ref != null ? ref.column() : null;
                if (want == null && role == Role.MODEL && map.role(Role.MODEL) != null) {
                    want = map.role(Role.MODEL).column();
                }
                int c = -1;
                if (want != null) {
                    c = find(header, want);
                    if (c < 0 && ref != null) {
                        throw new InputException(name, 1, null, "the map says scales." + role.key() + " = " + want
                                + " but there is no such column; columns are: " + String.join(", ", header));
                    }
                }
                if (c < 0) {
                    c = find(header, role.key());
                }
                if (c < 0 && role == Role.PARAMS) {
                    c = find(header, "total_params");
                }
                if (c >= 0) {
                    cols.put(role, c);
                    factors.put(role, ref != null ? ref.factor() : 1.0);
                    t.columnsUsed.add(role.key() + " <- '" + header[c] + "'" + (ref != null && ref.factor() != 1 ? " * " + mirage.io.csv.CsvNumbers.format(ref.factor()) : ""));
                }
            }
            if (!cols.containsKey(Role.MODEL)) {
                throw new InputException(name, 1, null, "no model column in the scales table; columns are: "
                        + String.join(", ", header) + " (say which with --map 'scales.model=COLUMN')");
            }
            if (cols.size() == 1) {
                throw new InputException(name, 1, null, "the scales table has no family or scale column; columns are: "
                        + String.join(", ", header) + " (say which with --map 'scales.params=COLUMN')");
            }
            while (true) {
                CsvRecord rec;
                try {
                    rec = r.next();
                } catch (InputException e) {
                    mirage.io.CorruptInputException.rethrowIfFatal(e);
                    problems.skip(e.file(), e.line(), e.field(), e.reason());
                    continue;
                }
                if (rec == null) {
                    break;
                }
                if (rec.size() != header.length) {
                    problems.skip(name, rec.line(), null, "row has " + rec.size() + " fields, the header has " + header.length);
                    continue;
                }
                String model = rec.get(cols.get(Role.MODEL));
                if (model.isEmpty()) {
                    problems.skip(name, rec.line(), header[cols.get(Role.MODEL)], "missing model name");
                    continue;
                }
                double[] v = {Double.NaN, Double.NaN, Double.NaN, Double.NaN};
                Role[] sr = {Role.PARAMS, Role.NON_EMBEDDING_PARAMS, Role.TOKENS, Role.FLOPS};
                boolean ok = true;
                for (int k = 0; k < sr.length && ok; k++) {
                    Integer c = cols.get(sr[k]);
                    if (c == null || rec.isEmpty(c)) {
                        continue;
                    }
                    try {
                        double x = rec.number(c) * factors.get(sr[k]);
                        if (Double.isNaN(x)) {
                            continue;
                        }
                        if (x < 0 || Double.isInfinite(x)) {
                            problems.skip(name, rec.line(), header[c], "expected a non-negative finite number, got " + rec.get(c));
                            ok = false;
                        }
                        v[k] = x;
                    } catch (NumberFormatException e) {
                        problems.skip(name, rec.line(), header[c], e.getMessage());
                        ok = false;
                    }
                }
                if (!ok) {
                    continue;
                }
                String fam = cols.containsKey(Role.FAMILY) ? rec.get(cols.get(Role.FAMILY)) : null;
                Entry e = new Entry(fam == null || fam.isEmpty() ? null : fam, new Scale(v[0], v[1], v[2], v[3], Double.NaN),
                        name, rec.line());
                if (e.family() != null) {
                    t.byQualified.putIfAbsent(e.family() + "/" + model, e);
                }
                Entry prev = t.byModel.putIfAbsent(model, e);
                if (prev != null && e.family() != null && prev.family() != null && !prev.family().equals(e.family())) {
                    // the same name in another family: reachable as FAMILY/MODEL, ambiguous by its name alone
                    continue;
                }
                if (prev != null) {
                    problems.skip(name, rec.line(), header[cols.get(Role.MODEL)], "model '" + model
                            + "' is listed twice in the scales table (kept line " + prev.line() + ")");
                }
            }
        }
        return t;
    }

    private static int find(String[] header, String name) {
        for (int i = 0; i < header.length; i++) {
            if (header[i].equals(name)) {
                return i;
            }
        }
        for (int i = 0; i < header.length; i++) {
            if (header[i].toLowerCase(Locale.ROOT).equals(name.toLowerCase(Locale.ROOT))) {
                return i;
            }
        }
        return -1;
    }
}

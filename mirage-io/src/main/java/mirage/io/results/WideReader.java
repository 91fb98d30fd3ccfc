package mirage.io.results;

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
import mirage.core.metric.MetricCatalog;
import mirage.core.metric.MetricValue;
import mirage.io.csv.CsvNumbers;
import mirage.io.csv.CsvRecord;
import mirage.io.csv.StreamingCsvReader;

/**
 * Reads a wide table: one row per model (or per model and task), one column per metric (docs/FORMATS.md,
 * "Wide CSV"). Role columns (model, family, scales, task, shots, n, stderr) are found as in the long
 * format ({@link LongLayout}); every other column not dropped is a metric column whose meaning comes,
 * in this order, from a {@code column:NAME} map entry, the {@code columns} template, the row's task
 * column (the column name is then the metric), or the default rule: the longest suffix {@code _X} that
 * is a metric mirage knows ({@link MetricCatalog}) is the metric and the rest the task, else the whole
 * name is the task and the metric is {@code value}. A column {@code X_stderr} next to metric column
 * {@code X} is X's standard error. Each non-empty cell is one measurement; an empty cell is reported
 * ("empty cell") so that nothing disappears unseen.
 */
public final class WideReader {
    private WideReader() {
    }

    /** What a metric column means. */
    record ColumnMeaning(int col, String name, String task, String metric, Map<String, String> labels, int stderrCol) {
    }

    public static void read(InputStream in, String name, ReadContext ctx) throws IOException {
        try (StreamingCsvReader r = new StreamingCsvReader(in, name)) {
            CsvRecord h = r.next();
            if (h == null) {
                throw new InputException(name, 0, null, "the file is empty (no header)");
            }
            String[] header = h.toArray();
            r.header(header);
            LongLayout layout = new LongLayout(name, header, ctx.map(), false);
            layout.notes.forEach(ctx.problems()::note);
            List<ColumnMeaning> cols = meanings(layout, ctx, name);
            int cModel = layout.col(Role.MODEL);
            int cFamily = layout.col(Role.FAMILY);
            int cTask = layout.col(Role.TASK);
            int cShots = layout.col(Role.SHOTS);
            int cN = layout.col(Role.N);
            Role[] scaleRoles = {Role.PARAMS, Role.NON_EMBEDDING_PARAMS, Role.TOKENS, Role.FLOPS, Role.STEP};
            if (cFamily < 0) {
                ctx.problems().note(name + ": no family column; each model's family comes from the --scales table or its name");
            }
            Map<String, String> familyCache = new HashMap<>();
            while (true) {
                CsvRecord rec;
                try {
                    rec = r.next();
                } catch (InputException e) {
                    mirage.io.CorruptInputException.rethrowIfFatal(e);
                    ctx.problems().skip(e.file(), e.line(), e.field(), e.reason());
                    continue;
                }
                if (rec == null) {
                    break;
                }
                long line = rec.line();
                if (rec.size() != header.length) {
                    ctx.problems().skip(name, line, null, "row has " + rec.size() + " fields, the header has " + header.length);
                    continue;
                }
                String model = rec.get(cModel);
                if (model.isEmpty()) {
                    ctx.problems().skip(name, line, header[cModel], "missing model name");
                    continue;
                }
                String family = cFamily >= 0 ? rec.get(cFamily) : familyCache.computeIfAbsent(model, ctx::derivedFamily);
                if (family.isEmpty()) {
                    ctx.problems().skip(name, line, header[cFamily], "missing family");
                    continue;
                }
                double[] sc = new double[scaleRoles.length];
                boolean ok = true;
                for (int k = 0; k < scaleRoles.length && ok; k++) {
                    sc[k] = Double.NaN;
                    int c = layout.col(scaleRoles[k]);
                    if (c >= 0 && !rec.isEmpty(c)) {
                        try {
                            sc[k] = rec.number(c) * layout.factor(scaleRoles[k]);
                        } catch (NumberFormatException e) {
                            ctx.problems().skip(name, line, header[c], e.getMessage() + " (the row is skipped)");
                            ok = false;
                            continue;
                        }
                        if (sc[k] < 0 || Double.isInfinite(sc[k])) {
                            ctx.problems().skip(name, line, header[c], "expected a non-negative finite number, got "
                                    + CsvNumbers.clip(rec.get(c)) + " (the row is skipped)");
                            ok = false;
                        }
                    }
                }
                if (!ok) {
                    continue;
                }
                Scale scale = ctx.completeScale(model, new Scale(sc[0], sc[1], sc[2], sc[3], sc[4]));
                String rowTask = null;
                if (cTask >= 0) {
                    rowTask = rec.get(cTask);
                    if (rowTask.isEmpty()) {
                        ctx.problems().skip(name, line, header[cTask], "missing task name");
                        continue;
                    }
                }
                String shots = cShots >= 0 && !rec.isEmpty(cShots) ? ChunkParser.normalizeShots(rec.get(cShots)) : null;
                long n = 0;
                if (cN >= 0 && !rec.isEmpty(cN)) {
                    double nv;
                    try {
                        nv = rec.number(cN);
                    } catch (NumberFormatException e) {
                        nv = -1;
                    }
                    if (!(nv >= 0) || nv != Math.rint(nv)) {
                        ctx.problems().skip(name, line, header[cN], "expected a non-negative integer, got "
                                + CsvNumbers.clip(rec.get(cN)) + " (the row is skipped)");
                        continue;
                    }
                    n = (long) nv;
                }
                Model m = new Model(family, model, scale);
                for (ColumnMeaning cm : cols) {
                    int c = cm.col();
                    if (rec.isEmpty(c)) {
                        ctx.problems().skip(name, line, cm.name(), "empty cell (no value for model '" + model + "')");
                        continue;
                    }
                    double v;
                    try {
                        v = rec.number(c) * layout.factor(Role.VALUE);
                    } catch (NumberFormatException e) {
                        ctx.problems().skip(name, line, cm.name(), e.getMessage());
                        continue;
                    }
                    if (!Double.isFinite(v)) {
                        ctx.problems().skip(name, line, cm.name(), Double.isNaN(v) ? "value is NaN (not a measurement)" : "value is not finite");
                        continue;
                    }
                    double se = Double.NaN;
                    if (cm.stderrCol() >= 0 && !rec.isEmpty(cm.stderrCol())) {
                        try {
                            se = rec.number(cm.stderrCol());
                        } catch (NumberFormatException e) {
                            ctx.problems().skip(name, line, header[cm.stderrCol()], e.getMessage());
                            continue;
                        }
                        if (se < 0 || Double.isInfinite(se)) {
                            ctx.problems().skip(name, line, header[cm.stderrCol()], "expected a non-negative finite number, got "
                                    + CsvNumbers.clip(rec.get(cm.stderrCol())));
                            continue;
                        }
                    }
                    Map<String, String> labels = new TreeMap<>(cm.labels());
                    if (shots != null) {
                        labels.put("shots", shots);
                    }
                    String task = cm.task() != null ? cm.task() : rowTask;
                    ctx.sink().accept(new Measurement(m, task, cm.metric(), labels,
                            new MetricValue(v, n, 0, se, Double.NaN, Double.NaN, Double.NaN)), name, line);
                }
            }
        }
    }

    /** Decides what each metric column means, and tells the user. */
    static List<ColumnMeaning> meanings(LongLayout layout, ReadContext ctx, String name) {
        ColumnMap map = ctx.map();
        boolean taskColumn = layout.col(Role.TASK) >= 0;
        Map<String, Integer> candidates = new LinkedHashMap<>();
        int[] inFileOrder = layout.labelCols.clone();
        java.util.Arrays.sort(inFileOrder);
        for (int c : inFileOrder) {
            candidates.put(layout.header[c], c);
        }
        // X_stderr next to X is X's standard error
        Map<String, Integer> stderrOf = new HashMap<>();
        for (String col : new ArrayList<>(candidates.keySet())) {
            if (col.endsWith("_stderr") && candidates.containsKey(col.substring(0, col.length() - "_stderr".length()))) {
                stderrOf.put(col.substring(0, col.length() - "_stderr".length()), candidates.remove(col));
            }
        }
        for (String explicit : map.columns().keySet()) {
            if (!candidates.containsKey(explicit)) {
                throw new InputException(name, 1, null, "the map describes column '" + explicit + "', which is not a metric column of the file"
                        + " (columns are: " + String.join(", ", layout.header) + ")");
            }
        }
        List<ColumnMeaning> out = new ArrayList<>();
        List<String> described = new ArrayList<>();
        List<String> unmatched = new ArrayList<>();
        for (Map.Entry<String, Integer> e : candidates.entrySet()) {
            String col = e.getKey();
            String task;
            String metric;
            Map<String, String> labels = new TreeMap<>();
            Map<String, String> explicit = map.columns().get(col);
            Map<String, String> parts = explicit != null ? explicit : map.matchTemplate(col);
            if (parts == null && map.template() != null) {
                unmatched.add(col);
                continue;
            }
            if (parts != null) {
                task = parts.get("task");
                metric = parts.get("metric");
                parts.forEach((k, v) -> {
                    if (!k.equals("task") && !k.equals("metric")) {
                        labels.put(k, k.equals("shots") ? ChunkParser.normalizeShots(v) : v);
                    }
                });
                if (task == null && !taskColumn) {
                    task = col;
                }
            } else if (taskColumn) {
                task = null;
                metric = col;
            } else {
                String[] tm = splitKnownSuffix(col);
                task = tm[0];
                metric = tm[1];
            }
            if (metric == null || metric.isEmpty() || (task != null && task.isEmpty())) {
                throw new InputException(name, 1, col, "the column's name gives an empty task or metric");
            }
            out.add(new ColumnMeaning(e.getValue(), col, task, metric, labels, stderrOf.getOrDefault(col, -1)));
            described.add(col + " -> " + (task == null ? "task from column '" + layout.header[layout.col(Role.TASK)] + "'" : "task " + task)
                    + ", metric " + metric + (labels.isEmpty() ? "" : ", " + labels)
                    + (stderrOf.containsKey(col) ? ", stderr from " + layout.header[stderrOf.get(col)] : ""));
        }
        if (out.isEmpty()) {
            throw new InputException(name, 1, null, "no metric columns: every column is a role or dropped"
                    + (unmatched.isEmpty() ? "" : ", or does not match the template '" + map.template() + "' ("
                    + String.join(", ", unmatched) + ")"));
        }
        String desc = described.size() <= 12 ? String.join("; ", described)
                : String.join("; ", described.subList(0, 12)) + "; ... (" + described.size() + " columns)";
        ctx.problems().note(name + ": wide table, model column '" + layout.header[layout.col(Role.MODEL)] + "'"
                + (layout.describe().isEmpty() ? "" : ", " + layout.describe()) + "; metric columns: " + desc);
        if (!unmatched.isEmpty()) {
            ctx.problems().note(name + ": columns not matching the template '" + map.template() + "' are not read: "
                    + String.join(", ", unmatched));
        }
        return out;
    }

    /** {task, metric} by the longest known metric suffix; {name, "value"} when there is none. */
    static String[] splitKnownSuffix(String col) {
        for (int i = col.indexOf('_'); i > 0 && i < col.length() - 1; i = col.indexOf('_', i + 1)) {
            String metric = col.substring(i + 1);
            if (MetricCatalog.lookup(metric).known()) {
                return new String[] {col.substring(0, i), metric};
            }
        }
        return new String[] {col, "value"};
    }
}

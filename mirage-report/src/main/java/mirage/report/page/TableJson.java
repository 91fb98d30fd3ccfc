package mirage.report.page;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import mirage.report.data.CsvTable;
import mirage.report.html.Html;

/**
 * A table as the page's script reads it: {@code columns}, {@code kinds} ({@code num} or {@code text} per column),
 * {@code rows} (at most the cap, in the order given: the evidence order for the analysis tables), {@code total} (rows
 * in the file), optional {@code links} (per row, {@code [group, metric]} of the curve it opens, or null) and
 * {@code layout} ({@code verdicts} for the verdicts table: verdict and explanation first, the rest as details), and
 * {@code dicts}: for a column that repeats a few values (families, tasks, labels), its distinct values, the rows then
 * holding their indices.
 */
final class TableJson {
    private TableJson() {
    }

    /** The columns of {@code t} with {@code lead} (those present) first, then the others in file order. */
    static List<String> leadFirst(CsvTable t, List<String> lead) {
        List<String> cols = new ArrayList<>();
        for (String c : lead) {
            if (t.has(c) && !cols.contains(c)) {
                cols.add(c);
            }
        }
        for (String c : t.header()) {
            if (!cols.contains(c)) {
                cols.add(c);
            }
        }
        return cols;
    }

    /**
     * The first {@code cap} rows of {@code t} in the given order, with the given columns.
     *
     * @param links per row of {@code t}: the curve it opens ({@code [group, metric]}) or null; null for no links
     */
    static Map<String, Object> of(CsvTable t, List<String> columns, List<Integer> order, int cap, List<Object> links) {
        List<List<String>> rows = new ArrayList<>();
        List<Object> rowLinks = links == null ? null : new ArrayList<>();
        for (int k = 0; k < Math.min(order.size(), cap); k++) {
            int i = order.get(k);
            List<String> row = new ArrayList<>(columns.size());
            for (String c : columns) {
                row.add(compact(Html.clean(t.get(i, c))));
            }
            rows.add(row);
            if (rowLinks != null) {
                rowLinks.add(links.get(i));
            }
        }
        Map<String, Object> m = of(columns, rows, t.size());
        if (rowLinks != null) {
            m.put("links", rowLinks);
        }
        return m;
    }

    /**
     * A number of more than 6 significant digits rounded to 6 (the page shows 4; the CSV file keeps every digit), other
     * fields as they are.
     */
    static String compact(String f) {
        if (f == null || f.length() <= 8 || f.indexOf('.') < 0) {
            return f;
        }
        double v;
        try {
            v = Double.parseDouble(f);
        } catch (NumberFormatException e) {
            return f;
        }
        if (!Double.isFinite(v)) {
            return f;
        }
        String r = mirage.io.csv.CsvWriter.number(mirage.report.Charts.sig(v, 6));
        return r.length() < f.length() ? r : f;
    }

    /** A table of the rows of {@code t} in file order, every column. */
    static Map<String, Object> of(CsvTable t, int cap) {
        List<Integer> order = new ArrayList<>();
        for (int i = 0; i < t.size(); i++) {
            order.add(i);
        }
        return of(t, t.header(), order, cap, null);
    }

    static Map<String, Object> of(List<String> cols, List<List<String>> rows, int total) {
        List<String> kinds = new ArrayList<>();
        for (int c = 0; c < cols.size(); c++) {
            boolean any = false;
            boolean num = true;
            for (List<String> r : rows) {
                String f = c < r.size() ? r.get(c) : "";
                if (f.isBlank()) {
                    continue;
                }
                any = true;
                try {
                    CsvTable.parseNumber(f);
                } catch (NumberFormatException e) {
                    num = false;
                    break;
                }
            }
            kinds.add(any && num ? "num" : "text");
        }
        Map<String, Object> m = new LinkedHashMap<>();
        List<String> cleanCols = new ArrayList<>();
        for (String c : cols) {
            cleanCols.add(Html.clean(c));
        }
        m.put("columns", cleanCols);
        m.put("kinds", kinds);
        // columns that repeat a few values (families, tasks, labels, metrics) are written once, as a dictionary
        Map<String, Object> dicts = new LinkedHashMap<>();
        List<List<Object>> out = new ArrayList<>(rows.size());
        for (List<String> r : rows) {
            out.add(new ArrayList<>(r));
        }
        for (int c = 0; c < cols.size(); c++) {
            Map<String, Integer> ids = new LinkedHashMap<>();
            long plain = 0;
            for (List<String> r : rows) {
                String f = c < r.size() ? r.get(c) : "";
                ids.putIfAbsent(f, ids.size());
                plain += f.length() + 3;
            }
            long coded = 0;
            for (String f : ids.keySet()) {
                coded += f.length() + 3;
            }
            coded += rows.size() * (long) (Integer.toString(ids.size()).length() + 1);
            if (rows.size() > 20 && coded < plain / 2) {
                dicts.put(Integer.toString(c), new ArrayList<>(ids.keySet()));
                for (List<Object> r : out) {
                    r.set(c, ids.get(c < r.size() ? (String) r.get(c) : ""));
                }
            }
        }
        if (!dicts.isEmpty()) {
            m.put("dicts", dicts);
        }
        m.put("rows", out);
        m.put("total", total);
        m.put("sort", -1);
        m.put("desc", false);
        return m;
    }
}

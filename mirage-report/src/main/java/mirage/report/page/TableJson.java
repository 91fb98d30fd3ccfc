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
 * {@code layout} ({@code verdicts} for the verdicts table: verdict and explanation first, the rest as details).
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
                row.add(Html.clean(t.get(i, c)));
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
        m.put("rows", rows);
        m.put("total", total);
        m.put("sort", -1);
        m.put("desc", false);
        return m;
    }
}

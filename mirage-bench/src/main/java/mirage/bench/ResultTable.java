package mirage.bench;

import java.io.IOException;
import java.math.BigDecimal;
import java.math.MathContext;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;

/**
 * The machine-readable table of {@code bench/compare.sh}, and its text rendering.
 *
 * <p><b>Input</b> (what both sides of compare.sh append to one results file): one measurement per line,
 * tab-separated {@code workload, implementation, threads, size, throughput, unit, check}; lines starting
 * with {@code #} and blank lines are ignored. {@code check} is a digest of the computed results (for
 * example the sum of the distances), empty where implementations legitimately differ (random
 * resampling, training).
 *
 * <p><b>Output</b> ({@link #csv()}): a CSV with the header
 * {@code workload,implementation,threads,size,throughput,unit,ratio}, one row per measurement, ordered by
 * workload and size (in order of first appearance), then threads, the implementation {@code mirage}
 * first, then the others in order of appearance. {@code throughput} is rounded to 4 significant digits;
 * {@code ratio} = throughput of {@code mirage} at the same workload, size and thread count / this row's
 * throughput, 2 decimals (so {@code mirage} rows have 1.00, and a peer row's ratio says how many times
 * faster mirage was), empty when there is no such mirage row. {@link #checks()} says, per workload and
 * size, whether all implementations with a check agree.
 */
public final class ResultTable {
    /** The reference implementation of the ratios. */
    public static final String MIRAGE = "mirage";
    public static final String HEADER = "workload,implementation,threads,size,throughput,unit,ratio";

    /** One measurement. */
    public record Row(String workload, String implementation, int threads, String size, double throughput, String unit,
            String check) {
        public Row {
            Objects.requireNonNull(workload);
            Objects.requireNonNull(implementation);
            Objects.requireNonNull(size);
            Objects.requireNonNull(unit);
            check = check == null ? "" : check;
        }

        /** The input line of this row. */
        public String line() {
            return String.join("\t", workload, implementation, Integer.toString(threads), size,
                    Double.toString(throughput), unit, check);
        }
    }

    private final List<Row> rows;

    public ResultTable(List<Row> rows) {
        List<Row> in = List.copyOf(rows);
        Map<String, Integer> groupOrder = new HashMap<>();
        Map<String, Integer> implOrder = new HashMap<>();
        for (Row r : in) {
            groupOrder.putIfAbsent(r.workload() + '\0' + r.size(), groupOrder.size());
            implOrder.putIfAbsent(r.implementation(), implOrder.size());
        }
        List<Row> sorted = new ArrayList<>(in);
        sorted.sort(Comparator.<Row>comparingInt(r -> groupOrder.get(r.workload() + '\0' + r.size()))
                .thenComparingInt(Row::threads)
                .thenComparingInt(r -> r.implementation().equals(MIRAGE) ? -1 : implOrder.get(r.implementation())));
        this.rows = List.copyOf(sorted);
    }

    public List<Row> rows() {
        return rows;
    }

    /** Parses the tab-separated input (see the class comment). */
    public static ResultTable parse(List<String> lines) {
        List<Row> rows = new ArrayList<>();
        int n = 0;
        for (String line : lines) {
            n++;
            if (line.isBlank() || line.startsWith("#")) {
                continue;
            }
            String[] f = line.split("\t", -1);
            if (f.length < 6) {
                throw new IllegalArgumentException("line " + n + ": expected 7 tab-separated fields "
                        + "(workload, implementation, threads, size, throughput, unit, check), got " + f.length + ": " + line);
            }
            try {
                rows.add(new Row(f[0], f[1], Integer.parseInt(f[2].trim()), f[3], Double.parseDouble(f[4].trim()), f[5],
                        f.length > 6 ? f[6] : ""));
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("line " + n + ": threads and throughput must be numbers: " + line, e);
            }
        }
        return new ResultTable(rows);
    }

    public static ResultTable read(Path file) throws IOException {
        return parse(Files.readAllLines(file, StandardCharsets.UTF_8));
    }

    /** mirage's throughput at the row's workload, size and threads divided by the row's; NaN when none. */
    public double ratio(Row r) {
        for (Row m : rows) {
            if (m.implementation().equals(MIRAGE) && m.workload().equals(r.workload()) && m.size().equals(r.size())
                    && m.threads() == r.threads()) {
                return m.throughput() / r.throughput();
            }
        }
        return Double.NaN;
    }

    /** The CSV (see the class comment), lines ending in {@code \n}. */
    public String csv() {
        StringBuilder sb = new StringBuilder(HEADER).append('\n');
        for (Row r : rows) {
            sb.append(csvField(r.workload())).append(',').append(csvField(r.implementation())).append(',').append(r.threads())
                    .append(',').append(csvField(r.size())).append(',').append(number(r.throughput())).append(',')
                    .append(csvField(r.unit())).append(',').append(ratioText(ratio(r))).append('\n');
        }
        return sb.toString();
    }

    /** An aligned text table of the same rows, for people. */
    public String text() {
        List<String[]> cells = new ArrayList<>();
        cells.add(new String[] {"workload", "size", "threads", "implementation", "throughput", "unit", "mirage is"});
        for (Row r : rows) {
            double q = ratio(r);
            String ratio = Double.isNaN(q) ? "" : r.implementation().equals(MIRAGE) ? "-" : ratioText(q) + "x";
            cells.add(new String[] {r.workload(), r.size(), Integer.toString(r.threads()), r.implementation(),
                number(r.throughput()), r.unit(), ratio});
        }
        return align(cells, new boolean[] {false, false, true, false, true, false, true});
    }

    /**
     * One line per workload and size whose rows carry checks: "agree" with the check when all equal,
     * otherwise "DIFFER" with every implementation's check.
     */
    public List<String> checks() {
        Map<String, Map<String, String>> byGroup = new LinkedHashMap<>();
        for (Row r : rows) {
            if (!r.check().isEmpty()) {
                byGroup.computeIfAbsent(r.workload() + " " + r.size(), k -> new LinkedHashMap<>())
                        .putIfAbsent(r.implementation() + "/" + r.threads(), r.check());
            }
        }
        List<String> out = new ArrayList<>();
        for (Map.Entry<String, Map<String, String>> e : byGroup.entrySet()) {
            Map<String, String> m = e.getValue();
            boolean same = m.values().stream().distinct().count() == 1;
            if (same) {
                out.add("check " + e.getKey() + ": " + m.size() + " runs agree (" + m.values().iterator().next() + ")");
            } else {
                StringBuilder sb = new StringBuilder("check " + e.getKey() + ": DIFFER");
                m.forEach((k, v) -> sb.append("; ").append(k).append('=').append(v));
                out.add(sb.toString());
            }
        }
        return out;
    }

    /** 4 significant digits, plain notation (no exponent). */
    static String number(double v) {
        if (!Double.isFinite(v)) {
            return Double.toString(v);
        }
        if (v == 0) {
            return "0";
        }
        BigDecimal d = new BigDecimal(v).round(new MathContext(4));
        return d.scale() < 0 ? d.setScale(0).toPlainString() : d.stripTrailingZeros().toPlainString();
    }

    static String ratioText(double q) {
        return Double.isNaN(q) ? "" : String.format(Locale.ROOT, "%.2f", q);
    }

    static String csvField(String s) {
        if (s.indexOf(',') < 0 && s.indexOf('"') < 0 && s.indexOf('\n') < 0) {
            return s;
        }
        return '"' + s.replace("\"", "\"\"") + '"';
    }

    static String align(List<String[]> cells, boolean[] right) {
        int[] w = new int[cells.get(0).length];
        for (String[] row : cells) {
            for (int i = 0; i < row.length; i++) {
                w[i] = Math.max(w[i], row[i].length());
            }
        }
        StringBuilder sb = new StringBuilder();
        for (String[] row : cells) {
            StringBuilder line = new StringBuilder();
            for (int i = 0; i < row.length; i++) {
                String pad = " ".repeat(w[i] - row[i].length());
                line.append(i == 0 ? "" : "  ").append(right[i] ? pad + row[i] : row[i] + pad);
            }
            sb.append(line.toString().stripTrailing()).append('\n');
        }
        return sb.toString();
    }

    /**
     * {@code java -cp mirage-bench.jar mirage.bench.ResultTable RESULTS.tsv [OUT.csv]}: prints the text
     * table and the checks, and writes the CSV when asked.
     */
    public static void main(String[] args) throws IOException {
        if (args.length < 1) {
            System.err.println("usage: ResultTable RESULTS.tsv [OUT.csv]");
            System.exit(2);
        }
        ResultTable t = read(Path.of(args[0]));
        System.out.print(t.text());
        for (String c : t.checks()) {
            System.out.println(c);
        }
        if (args.length > 1) {
            Files.writeString(Path.of(args[1]), t.csv(), StandardCharsets.UTF_8);
        }
    }
}

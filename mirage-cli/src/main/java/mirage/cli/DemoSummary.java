package mirage.cli;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import mirage.report.data.CsvTable;

/**
 * The demo's five-line summary, read from the analysis files in the demo folder: the mathematical model (from
 * the report's summary), what the simulated test sets of each size read, the trained arithmetic family's exact
 * match at the longest answer against token edit distance on the same outputs, the verdict on that triplet,
 * and how both metrics change with the answer length ({@code lengths.csv}). A line whose files are missing
 * is replaced by the report's own summary lines, so the summary always has up to five lines.
 */
final class DemoSummary {
    private DemoSummary() {
    }

    static List<String> lines(Path dir, List<String> reportSummary) throws IOException {
        List<String> out = new ArrayList<>();
        reportSummary.stream().filter(l -> l.startsWith("Mathematical model")).findFirst().ifPresent(out::add);
        CsvTable series = table(dir, "series.csv");
        CsvTable emergence = table(dir, "emergence.csv");
        if (series != null) {
            simulated(series).ifPresent(out::add);
        }
        if (series != null && emergence != null) {
            out.addAll(family(dir, series, emergence));
        }
        for (String l : reportSummary) {
            if (out.size() >= 5) {
                break;
            }
            if (!out.contains(l)) {
                out.add(l);
            }
        }
        return out.size() > 5 ? out.subList(0, 5) : out;
    }

    private static CsvTable table(Path dir, String name) throws IOException {
        Path p = dir.resolve(name);
        return Files.isRegularFile(p) ? CsvTable.read(p) : null;
    }

    /** "Simulated test sets: exact match read 0 at 2 of 4 sizes with 100 items, at 0 of 4 with 100,000." */
    private static java.util.Optional<String> simulated(CsvTable s) {
        Map<Integer, int[]> zeros = new TreeMap<>(); // items -> {zeros, sizes}
        for (int i = 0; i < s.size(); i++) {
            if (!s.get(i, "family").equals("math-model") || !s.get(i, "metric").equals("exact_match")) {
                continue;
            }
            String items = label(s.get(i, "labels"), "test_items");
            if (items == null) {
                continue;
            }
            int[] z = zeros.computeIfAbsent(Integer.parseInt(items), k -> new int[2]);
            z[0] += s.number(i, "value") == 0 ? 1 : 0;
            z[1]++;
        }
        if (zeros.isEmpty()) {
            return java.util.Optional.empty();
        }
        StringBuilder sb = new StringBuilder("Same model, finite test sets: exact match reads 0 at ");
        boolean first = true;
        for (Map.Entry<Integer, int[]> e : zeros.entrySet()) {
            sb.append(first ? "" : ", at ").append(e.getValue()[0]).append(" of ").append(e.getValue()[1]).append(" sizes with ")
                    .append(String.format(Locale.ROOT, "%,d", e.getKey())).append(" items");
            first = false;
        }
        return java.util.Optional.of(sb.append(" (too few items hide small rates: the resolution floor 1/n).").toString());
    }

    /** The trained family's lines: exact match vs token edit distance at the longest answer, the verdict, lengths. */
    private static List<String> family(Path dir, CsvTable series, CsvTable emergence) throws IOException {
        // the exact_match row of a trained family with the largest target_length
        int best = -1;
        int bestLength = -1;
        for (int i = 0; i < emergence.size(); i++) {
            String len = label(emergence.get(i, "labels"), "target_length");
            if (emergence.get(i, "family").startsWith("mirage-") && emergence.get(i, "metric").equals("exact_match") && len != null
                    && Integer.parseInt(len) > bestLength) {
                best = i;
                bestLength = Integer.parseInt(len);
            }
        }
        List<String> out = new ArrayList<>();
        if (best < 0) {
            return out;
        }
        String family = emergence.get(best, "family");
        String labels = emergence.get(best, "labels");
        Map<String, double[]> values = new LinkedHashMap<>(); // metric -> values by increasing scale
        Map<String, double[]> scales = new LinkedHashMap<>();
        for (String metric : List.of("exact_match", "token_edit_distance")) {
            List<double[]> pts = new ArrayList<>();
            for (int i = 0; i < series.size(); i++) {
                if (series.get(i, "family").equals(family) && series.get(i, "metric").equals(metric)
                        && series.get(i, "labels").equals(labels)) {
                    pts.add(new double[] {series.number(i, "scale"), series.number(i, "value")});
                }
            }
            pts.sort((a, b) -> Double.compare(a[0], b[0]));
            values.put(metric, pts.stream().mapToDouble(p -> p[1]).toArray());
            scales.put(metric, pts.stream().mapToDouble(p -> p[0]).toArray());
        }
        double[] em = values.get("exact_match");
        double[] ted = values.get("token_edit_distance");
        double[] sc = scales.get("exact_match");
        if (em.length == 0) {
            return out;
        }
        double esTed = Double.NaN;
        for (int i = 0; i < emergence.size(); i++) {
            if (emergence.get(i, "family").equals(family) && emergence.get(i, "metric").equals("token_edit_distance")
                    && emergence.get(i, "labels").equals(labels)) {
                esTed = emergence.number(i, "emergence_score");
            }
        }
        out.add(String.format(Locale.ROOT, "Trained here, %s (%d models, %s..%s parameters), answers of %d digits: exact match %s"
                + " (emergence score %s); token edit distance on the same outputs %s (score %s).", family, em.length, num(sc[0]),
                num(sc[sc.length - 1]), bestLength, path(em), num(emergence.number(best, "emergence_score")),
                ted.length == 0 ? "-" : path(ted), num(esTed)));
        CsvTable verdicts = table(dir, "verdicts.csv");
        if (verdicts != null) {
            for (int i = 0; i < verdicts.size(); i++) {
                if (verdicts.get(i, "family").equals(family) && verdicts.get(i, "metric").equals("exact_match")
                        && verdicts.get(i, "labels").equals(labels)) {
                    String why = verdicts.get(i, "explanation");
                    int cut = why.indexOf("; ");
                    out.add("Verdict on exact_match vs " + verdicts.get(i, "partner") + " there: "
                            + verdicts.get(i, "verdict").toUpperCase(Locale.ROOT) + " - " + (cut > 0 ? why.substring(0, cut) : why)
                            + " (verdicts.csv).");
                }
            }
        }
        CsvTable lengths = table(dir, "lengths.csv");
        if (lengths != null) {
            String em5 = preferred(lengths, family, "exact_match");
            String ted5 = preferred(lengths, family, "token_edit_distance");
            if (em5 != null && ted5 != null) {
                out.add("Against answer length (models for which AIC prefers the geometric / the linear shape / either): exact match "
                        + em5 + ", token edit distance " + ted5 + " (lengths.csv; the paper: p^L and L(1-p)).");
            }
        }
        return out;
    }

    private static String preferred(CsvTable t, String family, String metric) {
        int geo = 0;
        int lin = 0;
        int either = 0;
        boolean any = false;
        for (int i = 0; i < t.size(); i++) {
            if (t.get(i, "family").equals(family) && t.get(i, "metric").equals(metric)) {
                any = true;
                switch (t.get(i, "better")) {
                    case "geometric" -> geo++;
                    case "linear" -> lin++;
                    case "either" -> either++;
                    default -> { }
                }
            }
        }
        return any ? geo + " / " + lin + " / " + either : null;
    }

    private static String path(double[] v) {
        return String.join(" \u2192 ", Arrays.stream(v).mapToObj(DemoSummary::num).toList());
    }

    static String num(double v) {
        if (Double.isNaN(v)) {
            return "-";
        }
        if (v == Math.rint(v) && Math.abs(v) < 1e6) {
            return Long.toString((long) v);
        }
        return String.format(Locale.ROOT, "%.3g", v);
    }

    private static String label(String labels, String key) {
        for (String kv : labels.split(";")) {
            int eq = kv.indexOf('=');
            if (eq > 0 && kv.substring(0, eq).trim().equals(key)) {
                return kv.substring(eq + 1).trim();
            }
        }
        return null;
    }
}

package mirage.spark;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import mirage.io.csv.CsvRecord;
import mirage.io.csv.StreamingCsvReader;

/**
 * Compares two CSV outputs cell by cell: text cells must be equal, numeric cells equal within a relative
 * tolerance (for partial accumulators combined in another order than one pass: the last bits of a mean differ).
 * Returns the differences (empty when the files agree) and records the largest relative difference seen.
 */
final class CsvCompare {
    double maxRelative;
    double maxAbsolute;
    long numbersDiffering;

    List<String> compare(Path expected, Path actual, double relTol) throws IOException {
        List<String> diffs = new ArrayList<>();
        List<String[]> a = read(expected);
        List<String[]> b = read(actual);
        if (a.size() != b.size()) {
            diffs.add(expected.getFileName() + ": " + a.size() + " rows, " + b.size() + " rows");
            return diffs;
        }
        for (int r = 0; r < a.size(); r++) {
            String[] x = a.get(r);
            String[] y = b.get(r);
            if (x.length != y.length) {
                diffs.add(expected.getFileName() + " row " + r + ": " + x.length + " vs " + y.length + " fields");
                continue;
            }
            for (int c = 0; c < x.length; c++) {
                if (x[c].equals(y[c])) {
                    continue;
                }
                double u = number(x[c]);
                double v = number(y[c]);
                if (Double.isNaN(u) || Double.isNaN(v)) {
                    diffs.add(expected.getFileName() + " row " + r + " field " + c + ": '" + x[c] + "' vs '" + y[c] + "'");
                    continue;
                }
                numbersDiffering++;
                maxAbsolute = Math.max(maxAbsolute, Math.abs(u - v));
                double rel = Math.abs(u - v) / Math.max(Math.abs(u), Math.abs(v));
                if (Math.max(Math.abs(u), Math.abs(v)) >= 1e-6) {
                    maxRelative = Math.max(maxRelative, rel);
                }
                // values at zero (a fitted intercept of 1e-16) have no relative scale: 1e-12 absolute is equal
                if (Math.abs(u - v) > 1e-12 && rel > relTol) {
                    diffs.add(expected.getFileName() + " row " + r + " field " + c + ": " + x[c] + " vs " + y[c] + " (relative " + rel + ")");
                }
            }
        }
        return diffs;
    }

    private static double number(String s) {
        try {
            return Double.parseDouble(s);
        } catch (NumberFormatException e) {
            return Double.NaN;
        }
    }

    private static List<String[]> read(Path p) throws IOException {
        List<String[]> out = new ArrayList<>();
        try (StreamingCsvReader r = new StreamingCsvReader(Files.newInputStream(p), p.toString())) {
            for (CsvRecord rec = r.next(); rec != null; rec = r.next()) {
                out.add(rec.toArray());
            }
        }
        return out;
    }
}

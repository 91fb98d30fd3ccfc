import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Compares the CSV outputs of two analyze runs (the engine benchmark, docs/PERFORMANCE.md): for each of series,
 * emergence, verdicts, by_metric, backtest, lengths, skipped present in the first folder, whether it is
 * byte-identical, else whether it has the same rows and text with numbers within a relative tolerance (default
 * 1e-9; differences at or below 1e-12 absolute are equal), and the largest absolute and relative differences.
 *
 * <p>{@code java bench/CompareOutputs.java DIR_A DIR_B [relTol]}; exits 1 when a file differs beyond the tolerance.
 */
public final class CompareOutputs {
    public static void main(String[] args) throws IOException {
        Path a = Path.of(args[0]);
        Path b = Path.of(args[1]);
        double tol = args.length > 2 ? Double.parseDouble(args[2]) : 1e-9;
        boolean ok = true;
        for (String f : List.of("series.csv", "emergence.csv", "verdicts.csv", "by_metric.csv", "backtest.csv", "lengths.csv", "skipped.csv")) {
            Path x = a.resolve(f);
            Path y = b.resolve(f);
            if (!Files.exists(x)) {
                System.out.printf("%-14s absent in %s%s%n", f, a, Files.exists(y) ? " but present in " + b : "");
                ok &= !Files.exists(y);
                continue;
            }
            if (Files.mismatch(x, y) == -1L) {
                System.out.printf("%-14s byte-identical (%d bytes)%n", f, Files.size(x));
                continue;
            }
            List<String> la = Files.readAllLines(x);
            List<String> lb = Files.readAllLines(y);
            if (la.size() != lb.size()) {
                System.out.printf("%-14s DIFFERENT: %d vs %d lines%n", f, la.size(), lb.size());
                ok = false;
                continue;
            }
            double max = 0;
            double maxAbs = 0;
            long numbers = 0;
            List<String> bad = new ArrayList<>();
            for (int i = 0; i < la.size(); i++) {
                String[] u = la.get(i).split(",", -1);
                String[] v = lb.get(i).split(",", -1);
                if (u.length != v.length) {
                    bad.add("line " + (i + 1) + ": fields");
                    continue;
                }
                for (int j = 0; j < u.length; j++) {
                    if (u[j].equals(v[j])) {
                        continue;
                    }
                    double p;
                    double q;
                    try {
                        p = Double.parseDouble(u[j]);
                        q = Double.parseDouble(v[j]);
                    } catch (NumberFormatException e) {
                        bad.add("line " + (i + 1) + " field " + (j + 1) + ": '" + u[j] + "' vs '" + v[j] + "'");
                        continue;
                    }
                    numbers++;
                    maxAbs = Math.max(maxAbs, Math.abs(p - q));
                    double r = Math.abs(p - q) / Math.max(Math.abs(p), Math.abs(q));
                    if (Math.max(Math.abs(p), Math.abs(q)) >= 1e-6) {
                        max = Math.max(max, r);
                    }
                    if (Math.abs(p - q) > 1e-12 && r > tol) {
                        bad.add("line " + (i + 1) + " field " + (j + 1) + ": " + u[j] + " vs " + v[j]);
                    }
                }
            }
            System.out.printf("%-14s %s: %d numbers differ, largest difference %.3e absolute, %.3e relative (among "
                    + "values of magnitude 1e-6 or more)%s%n", f, bad.isEmpty() ? "within " + tol : "DIFFERENT", numbers, maxAbs, max,
                    bad.isEmpty() ? "" : "; e.g. " + bad.get(0));
            ok &= bad.isEmpty();
        }
        System.exit(ok ? 0 : 1);
    }
}

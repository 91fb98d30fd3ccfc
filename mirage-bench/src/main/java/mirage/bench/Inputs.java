package mirage.bench;

import java.io.BufferedWriter;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;

/**
 * Seeded inputs of the benchmarks, shared by the JMH benchmarks and {@link CompareMain}, and written to
 * files for the Python peers of {@code bench/compare.sh} so that both sides measure the same data.
 *
 * <ul>
 *   <li><b>Edit-distance pairs</b> ({@link #editPairs}): a reference sequence of a length drawn uniformly
 *       from the size class, and a "model output" made from it by random edits (per position 10%
 *       substitution, 5% deletion, 5% insertion), so that many short pairs are equal or nearly so, as
 *       model outputs are. {@link Size#SHORT} uses the 16 arithmetic tokens {@code 0-9 + - * = ( )};
 *       the longer classes draw from 2,000 word tokens {@code w0 .. w1999} with a skewed (cubed
 *       uniform) frequency. Equal tokens are the same String instance (a vocabulary), as a tokenizer
 *       or an interning reader gives them (a fresh String per token may cost cache misses in
 *       {@code hashCode}/{@code equals} over large batches; see docs/PERFORMANCE.md). Every token maps to exactly one character ({@link #charOf}: arithmetic
 *       tokens are their own character, word {@code wi} is U+4E00+i), so the Levenshtein distance of the
 *       token lists equals that of the character strings: the peers get the strings.</li>
 *   <li><b>Paired binary scores</b> ({@link #binaryScores}): items x models, item difficulty shared by
 *       the models, success rates rising with the model index (as {@code BootstrapBenchMain}).</li>
 *   <li><b>Scaling curves</b> ({@link #curves}): series x points, noisy sigmoids in log scale, a tenth
 *       of them steep (as {@code bench/GenerateLongCsv.java}); points already sorted by scale.</li>
 * </ul>
 */
public final class Inputs {
    private Inputs() {
    }

    /** Length classes of the edit-distance workloads (inclusive bounds, in tokens). */
    public enum Size {
        SHORT(1, 8), MEDIUM(32, 64), LONG(300, 600);

        public final int min;
        public final int max;

        Size(int min, int max) {
            this.min = min;
            this.max = max;
        }

        /** "1-8", "32-64", "300-600": the size column of the tables. */
        public String label() {
            return min + "-" + max;
        }

        public static Size parse(String s) {
            for (Size z : values()) {
                if (z.name().equalsIgnoreCase(s) || z.label().equals(s)) {
                    return z;
                }
            }
            throw new IllegalArgumentException("unknown size " + s + " (short, medium, long)");
        }
    }

    static final String[] ARITH = {"0", "1", "2", "3", "4", "5", "6", "7", "8", "9", "+", "-", "*", "=", "(", ")"};
    static final int WORDS = 2000;
    /** The word vocabulary: one String instance per token, as a tokenizer's vocabulary hands them out. */
    static final String[] WORD_TOKENS = new String[WORDS];

    static {
        for (int i = 0; i < WORDS; i++) {
            WORD_TOKENS[i] = "w" + i;
        }
    }

    /** Pairs of token sequences and the equivalent character strings (one character per token). */
    public record Pairs(Size size, List<List<String>> a, List<List<String>> b, String[] as, String[] bs) {
        public int count() {
            return as.length;
        }
    }

    /** The single character a token stands for (see the class comment). */
    public static char charOf(String token) {
        if (token.length() == 1) {
            return token.charAt(0);
        }
        if (token.charAt(0) == 'w') {
            return (char) (0x4E00 + Integer.parseInt(token, 1, token.length(), 10));
        }
        throw new IllegalArgumentException("not a benchmark token: " + token);
    }

    /** {@code count} seeded pairs of the size class. */
    public static Pairs editPairs(Size size, int count, long seed) {
        SplittableRandom r = new SplittableRandom(seed * 31 + size.ordinal());
        List<List<String>> as = new ArrayList<>(count);
        List<List<String>> bs = new ArrayList<>(count);
        String[] sa = new String[count];
        String[] sb = new String[count];
        for (int i = 0; i < count; i++) {
            int len = size.min + r.nextInt(size.max - size.min + 1);
            List<String> a = new ArrayList<>(len);
            for (int k = 0; k < len; k++) {
                a.add(token(size, r));
            }
            List<String> b = new ArrayList<>(len + 8);
            for (String t : a) {
                double u = r.nextDouble();
                if (u < 0.10) {
                    b.add(token(size, r));          // substitution (may draw the same token)
                } else if (u < 0.15) {
                    continue;                       // deletion
                } else if (u < 0.20) {
                    b.add(token(size, r));          // insertion before t
                    b.add(t);
                } else {
                    b.add(t);
                }
            }
            if (b.isEmpty()) {
                b.add(token(size, r));
            }
            as.add(List.copyOf(a));
            bs.add(List.copyOf(b));
            sa[i] = chars(a);
            sb[i] = chars(b);
        }
        return new Pairs(size, as, bs, sa, sb);
    }

    private static String token(Size size, SplittableRandom r) {
        if (size == Size.SHORT) {
            return ARITH[r.nextInt(ARITH.length)];
        }
        double u = r.nextDouble();
        return WORD_TOKENS[(int) (WORDS * u * u * u)];
    }

    static String chars(List<String> tokens) {
        char[] c = new char[tokens.size()];
        for (int i = 0; i < c.length; i++) {
            c[i] = charOf(tokens.get(i));
        }
        return new String(c);
    }

    /** Writes the pairs' strings as UTF-8 lines {@code a TAB b} (no token character is a tab or newline). */
    public static void writePairs(Pairs p, Path file) throws IOException {
        try (BufferedWriter w = Files.newBufferedWriter(file, StandardCharsets.UTF_8)) {
            for (int i = 0; i < p.count(); i++) {
                w.write(p.as()[i]);
                w.write('\t');
                w.write(p.bs()[i]);
                w.write('\n');
            }
        }
    }

    /** scores[model][item] in {0, 1}: the paired bootstrap's data (seed 2024 in the benchmarks). */
    public static double[][] binaryScores(int models, int items, long seed) {
        SplittableRandom r = new SplittableRandom(seed);
        double[][] s = new double[models][items];
        for (int u = 0; u < items; u++) {
            double difficulty = r.nextDouble();
            for (int j = 0; j < models; j++) {
                double pj = 0.05 + 0.08 * j + 0.1 * difficulty;
                s[j][u] = r.nextDouble() < pj ? 1 : 0;
            }
        }
        return s;
    }

    /** Writes scores item-major as bytes (item u, model j at u * models + j), numpy's {@code uint8 (N, M)}. */
    public static void writeScores(double[][] s, Path file) throws IOException {
        int models = s.length;
        int items = s[0].length;
        byte[] b = new byte[models * items];
        for (int u = 0; u < items; u++) {
            for (int j = 0; j < models; j++) {
                b[u * models + j] = (byte) s[j][u];
            }
        }
        Files.write(file, b);
    }

    /** curves[series][point]: values of noisy sigmoids at increasing scale (distinct, already sorted). */
    public static double[][] curves(int series, int points, long seed) {
        double[][] y = new double[series][points];
        for (int s = 0; s < series; s++) {
            SplittableRandom r = new SplittableRandom(seed * 0x9E3779B97F4A7C15L + s);
            double mid = r.nextDouble(0, points);
            double steep = r.nextInt(10) == 0 ? r.nextDouble(3, 8) : r.nextDouble(0.3, 1.2);
            for (int m = 0; m < points; m++) {
                double p = 1 / (1 + Math.exp(-steep * (m - mid)));
                y[s][m] = Math.min(1, Math.max(0, p + r.nextGaussian() * 0.02));
            }
        }
        return y;
    }

    /** The scales of the curves' points: log-spaced 1e7 .. 1e11 parameters. */
    public static double[] scales(int points) {
        double[] x = new double[points];
        for (int m = 0; m < points; m++) {
            x[m] = Math.rint(1e7 * Math.pow(1e4, m / (double) Math.max(1, points - 1)));
        }
        return x;
    }

    /** Writes curves row-major as little-endian float64, numpy's {@code float64 (S, P)}. */
    public static void writeCurves(double[][] y, Path file) throws IOException {
        int points = y[0].length;
        try (OutputStream o = Files.newOutputStream(file)) {
            ByteBuffer bb = ByteBuffer.allocate(8 * points * 1024).order(ByteOrder.LITTLE_ENDIAN);
            for (double[] row : y) {
                if (bb.remaining() < 8 * points) {
                    o.write(bb.array(), 0, bb.position());
                    bb.clear();
                }
                for (double v : row) {
                    bb.putDouble(v);
                }
            }
            o.write(bb.array(), 0, bb.position());
        }
    }

    /**
     * A long CSV ({@code family,model,params,task,metric,value,n}) of {@code series} curves of {@code points}
     * models each, in model-major order as {@code bench/GenerateLongCsv.java} writes it: 10 families, the
     * metrics cycling through exact_match, accuracy, multiple_choice_grade, bleu and rouge_l.
     */
    public static byte[] longCsv(int series, int points, long seed) {
        String[] metrics = {"exact_match", "accuracy", "multiple_choice_grade", "bleu", "rouge_l"};
        int families = 10;
        int perFamily = (series + families - 1) / families;
        double[][] y = curves(series, points, seed);
        double[] x = scales(points);
        StringBuilder sb = new StringBuilder(series * points * 48);
        sb.append("family,model,params,task,metric,value,n\n");
        for (int f = 0; f < families; f++) {
            for (int m = 0; m < points; m++) {
                for (int k = 0; k < perFamily; k++) {
                    int s = f * perFamily + k;
                    if (s >= series) {
                        break;
                    }
                    sb.append("fam").append(f).append(",fam").append(f).append("-m").append(m).append(',').append((long) x[m])
                            .append(",task").append(k / metrics.length).append(',').append(metrics[k % metrics.length]).append(',')
                            .append(y[s][m]).append(",1000\n");
                }
            }
        }
        return sb.toString().getBytes(StandardCharsets.US_ASCII);
    }

    /** A per-line description for logs. */
    public static String describe(Pairs p) {
        long ta = 0;
        long tb = 0;
        for (int i = 0; i < p.count(); i++) {
            ta += p.as()[i].length();
            tb += p.bs()[i].length();
        }
        return String.format(Locale.ROOT, "%d pairs of %s tokens (mean lengths %.1f / %.1f)", p.count(), p.size().label(),
                ta / (double) p.count(), tb / (double) p.count());
    }
}

package mirage.io.results;

import java.util.ArrayList;
import java.util.List;
import mirage.core.data.Scale;
import mirage.io.csv.CsvNumbers;
import mirage.io.csv.CsvRecord;
import mirage.io.csv.CsvScanner;
import mirage.io.util.ByteInterner;
import mirage.io.util.IntTupleIndex;

/**
 * Parses a block of complete records of a long CSV into a {@link RowBatch}. Stateless between blocks
 * (a fresh dictionary per block), so blocks can be parsed on any thread. Each bad row becomes a problem
 * with its relative line and the reason; nothing is dropped without one.
 */
final class ChunkParser {
    private final LongLayout layout;
    private final ReadContext ctx;
    private final int cFamily;
    private final int cModel;
    private final int cTask;
    private final int cMetric;
    private final int cValue;
    private final int[] scaleCols;
    private final double[] scaleFactors;
    private final int cN;
    private final int cStderr;
    private final int cSkipped;
    private final double fValue;
    private final double fStderr;
    /** Label keys in sorted order and the column of each; "shots" comes from the shots role. */
    private final String[] keys;
    private final int[] keyCols;
    private final int shotsKey;

    private static final Role[] SCALES = {Role.PARAMS, Role.NON_EMBEDDING_PARAMS, Role.TOKENS, Role.FLOPS, Role.STEP};

    ChunkParser(LongLayout layout, ReadContext ctx) {
        this.layout = layout;
        this.ctx = ctx;
        cFamily = layout.col(Role.FAMILY);
        cModel = layout.col(Role.MODEL);
        cTask = layout.col(Role.TASK);
        cMetric = layout.col(Role.METRIC);
        cValue = layout.col(Role.VALUE);
        scaleCols = new int[SCALES.length];
        scaleFactors = new double[SCALES.length];
        for (int k = 0; k < SCALES.length; k++) {
            scaleCols[k] = layout.col(SCALES[k]);
            scaleFactors[k] = layout.factor(SCALES[k]);
        }
        cN = layout.col(Role.N);
        cStderr = layout.col(Role.STDERR);
        cSkipped = layout.col(Role.SKIPPED);
        fValue = layout.factor(Role.VALUE);
        fStderr = layout.factor(Role.STDERR);
        List<String> ks = new ArrayList<>(List.of(layout.labelKeys));
        List<Integer> cs = new ArrayList<>();
        for (int c : layout.labelCols) {
            cs.add(c);
        }
        int shotsCol = layout.col(Role.SHOTS);
        if (shotsCol >= 0) {
            int at = 0;
            while (at < ks.size() && ks.get(at).compareTo("shots") < 0) {
                at++;
            }
            ks.add(at, "shots");
            cs.add(at, shotsCol);
        }
        keys = ks.toArray(String[]::new);
        keyCols = cs.stream().mapToInt(Integer::intValue).toArray();
        shotsKey = ks.indexOf("shots");
    }

    RowBatch parse(byte[] buf, int from, int to, String file) {
        ByteInterner strings = new ByteInterner();
        List<String[]> labelSets = new ArrayList<>();
        IntTupleIndex labelIndex = keys.length == 0 ? null : new IntTupleIndex(keys.length, 64);
        RowBatch b = new RowBatch(file, strings.strings(), labelSets, Math.max(16, (to - from) / 48));
        int[] tuple = new int[keys.length];
        int[] familyOfModel = new int[64];
        Scale[] scaleOfModel = new Scale[64];
        java.util.Arrays.fill(familyOfModel, -1);
        CsvRecord r = new CsvRecord();
        int ncols = layout.header.length;
        Last last = new Last(ncols);
        long rel = 0;
        int pos = from;
        double[] sc = new double[SCALES.length];
        boolean completeNeeded = ctx.scales() != null || scaleCols[0] < 0;
        while (pos < to) {
            int next = CsvScanner.scan(buf, pos, to, true, r);
            if (r.size() == 0) {
                break;
            }
            long line = rel;
            rel += r.newlines();
            pos = next;
            if (r.isBlank()) {
                continue;
            }
            if (r.error() != null) {
                b.problem(line, layout.name(r.errorField()), r.error());
                continue;
            }
            int bad = r.invalidUtf8Field();
            if (bad >= 0) {
                b.problem(line, layout.name(bad), r.invalidUtf8Reason(bad));
                continue;
            }
            if (r.size() != ncols) {
                b.problem(line, null, "row has " + r.size() + " fields, the header has " + ncols);
                continue;
            }
            int model = str(r, cModel, strings, last);
            if (model < 0) {
                b.problem(line, layout.name(cModel), "missing model name");
                continue;
            }
            int task = str(r, cTask, strings, last);
            if (task < 0) {
                b.problem(line, layout.name(cTask), "missing task name");
                continue;
            }
            int metric = str(r, cMetric, strings, last);
            if (metric < 0) {
                b.problem(line, layout.name(cMetric), "missing metric name");
                continue;
            }
            int family;
            if (cFamily >= 0) {
                family = str(r, cFamily, strings, last);
                if (family < 0) {
                    b.problem(line, layout.name(cFamily), "missing family");
                    continue;
                }
            } else {
                if (model >= familyOfModel.length) {
                    int old = familyOfModel.length;
                    familyOfModel = java.util.Arrays.copyOf(familyOfModel, Math.max(model + 1, old * 2));
                    java.util.Arrays.fill(familyOfModel, old, familyOfModel.length, -1);
                }
                family = familyOfModel[model];
                if (family < 0) {
                    family = strings.intern(ctx.derivedFamily(strings.string(model)));
                    familyOfModel[model] = family;
                }
            }
            if (r.isEmpty(cValue)) {
                b.problem(line, layout.name(cValue), "missing value");
                continue;
            }
            double value;
            try {
                value = r.number(cValue) * fValue;
            } catch (NumberFormatException e) {
                b.problem(line, layout.name(cValue), e.getMessage());
                continue;
            }
            if (!Double.isFinite(value)) {
                b.problem(line, layout.name(cValue), Double.isNaN(value) ? "value is NaN (not a measurement)" : "value is not finite");
                continue;
            }
            boolean ok = true;
            for (int k = 0; k < SCALES.length && ok; k++) {
                sc[k] = Double.NaN;
                int c = scaleCols[k];
                if (c >= 0 && !r.isEmpty(c)) {
                    try {
                        double x = r.number(c) * scaleFactors[k];
                        if (x < 0 || Double.isInfinite(x)) {
                            b.problem(line, layout.name(c), "expected a non-negative finite number, got " + CsvNumbers.clip(r.get(c)));
                            ok = false;
                        }
                        sc[k] = x;
                    } catch (NumberFormatException e) {
                        b.problem(line, layout.name(c), e.getMessage());
                        ok = false;
                    }
                }
            }
            if (!ok) {
                continue;
            }
            double n = opt(r, cN, b, line, true);
            if (n == BAD) {
                continue;
            }
            double se = opt(r, cStderr, b, line, false);
            if (se == BAD) {
                continue;
            }
            se *= fStderr;
            double skipped = opt(r, cSkipped, b, line, true);
            if (skipped == BAD) {
                continue;
            }
            if (completeNeeded || Double.isNaN(sc[0])) {
                if (Double.isNaN(sc[0]) && Double.isNaN(sc[1]) && Double.isNaN(sc[2]) && Double.isNaN(sc[3])) {
                    if (model >= scaleOfModel.length) {
                        scaleOfModel = java.util.Arrays.copyOf(scaleOfModel, Math.max(model + 1, scaleOfModel.length * 2));
                    }
                    Scale s = scaleOfModel[model];
                    if (s == null) {
                        s = ctx.completeScale(strings.string(model), Scale.UNKNOWN);
                        scaleOfModel[model] = s;
                    }
                    sc[0] = s.params();
                    sc[1] = s.nonEmbeddingParams();
                    sc[2] = s.tokens();
                    sc[3] = s.flops();
                } else {
                    Scale s = ctx.completeScale(strings.string(model), new Scale(sc[0], sc[1], sc[2], sc[3], Double.NaN));
                    sc[0] = s.params();
                    sc[1] = s.nonEmbeddingParams();
                    sc[2] = s.tokens();
                    sc[3] = s.flops();
                }
            }
            int labels = -1;
            if (labelIndex != null) {
                boolean any = false;
                for (int k = 0; k < keys.length; k++) {
                    int c = keyCols[k];
                    tuple[k] = r.isEmpty(c) ? -1 : intern(r, c, strings);
                    any |= tuple[k] >= 0;
                }
                if (any) {
                    labels = labelIndex.intern(tuple, 0);
                    if (labels == labelSets.size()) {
                        labelSets.add(labelSet(tuple, strings));
                    }
                }
            }
            int i = b.add();
            b.family[i] = family;
            b.model[i] = model;
            b.task[i] = task;
            b.metric[i] = metric;
            b.labels[i] = labels;
            b.params[i] = sc[0];
            b.nonEmb[i] = sc[1];
            b.tokens[i] = sc[2];
            b.flops[i] = sc[3];
            b.step[i] = sc[4];
            b.value[i] = value;
            b.n[i] = n;
            b.stderr[i] = se;
            b.skipped[i] = skipped;
            b.line[i] = line;
        }
        b.lines(rel);
        return b;
    }

    private String[] labelSet(int[] tuple, ByteInterner strings) {
        List<String> kv = new ArrayList<>();
        for (int k = 0; k < keys.length; k++) {
            if (tuple[k] >= 0) {
                kv.add(keys[k]);
                String v = strings.string(tuple[k]);
                kv.add(k == shotsKey ? normalizeShots(v) : v);
            }
        }
        return kv.toArray(String[]::new);
    }

    /** A shot count written as an integral number ("5.0") reads as the integer ("5"). */
    static String normalizeShots(String v) {
        try {
            double d = Double.parseDouble(v.strip());
            if (d == Math.rint(d) && Math.abs(d) < 1e9) {
                return Long.toString((long) d);
            }
        } catch (NumberFormatException e) {
            // not a number: kept as written
        }
        return v;
    }

    private static final double BAD = -1.5e308;

    /** An optional number: NaN when absent or empty; BAD (after recording a problem) when malformed. */
    private double opt(CsvRecord r, int c, RowBatch b, long line, boolean count) {
        if (c < 0 || r.isEmpty(c)) {
            return Double.NaN;
        }
        double x;
        try {
            x = r.number(c);
        } catch (NumberFormatException e) {
            b.problem(line, layout.name(c), e.getMessage());
            return BAD;
        }
        if (Double.isNaN(x)) {
            return x;
        }
        if (x < 0 || Double.isInfinite(x) || (count && x != Math.rint(x))) {
            b.problem(line, layout.name(c), "expected a non-negative " + (count ? "integer" : "finite number") + ", got "
                    + CsvNumbers.clip(r.get(c)));
            return BAD;
        }
        return x;
    }

    private static int str(CsvRecord r, int c, ByteInterner strings, Last last) {
        if (r.isEmpty(c)) {
            return -1;
        }
        if (r.escaped(c)) {
            return strings.intern(r.get(c));
        }
        // rows of one model (or task) come together: the same bytes as this column's last value need no lookup
        byte[] b = r.buffer();
        int s = r.start(c);
        int e = r.end(c);
        int len = e - s;
        if (last.len[c] == len && last.buf == b) {
            int o = last.off[c];
            if (java.util.Arrays.equals(b, o, o + len, b, s, e)) {
                return last.id[c];
            }
        }
        int id = strings.intern(b, s, e);
        last.buf = b;
        last.off[c] = s;
        last.len[c] = len;
        last.id[c] = id;
        return id;
    }

    /** The last interned (unescaped) value of each column: offset and length in the block, and its id. */
    private static final class Last {
        byte[] buf;
        final int[] off;
        final int[] len;
        final int[] id;

        Last(int ncols) {
            off = new int[ncols];
            len = new int[ncols];
            id = new int[ncols];
            java.util.Arrays.fill(len, -1);
        }
    }

    private static int intern(CsvRecord r, int c, ByteInterner strings) {
        if (r.escaped(c)) {
            return strings.intern(r.get(c));
        }
        return strings.intern(r.buffer(), r.start(c), r.end(c));
    }
}

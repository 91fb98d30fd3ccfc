package mirage.analysis.fuzz;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.zip.GZIPOutputStream;
import mirage.analysis.MetaAnalysis;
import mirage.analysis.PointTable;
import mirage.analysis.SeriesView;
import mirage.core.InputException;
import mirage.core.data.ScaleAxis;
import mirage.core.metric.Metrics;
import mirage.io.CorruptInputException;
import mirage.io.InputFiles;
import mirage.io.Limits;
import mirage.io.results.ColumnMap;
import mirage.io.results.ReadContext;
import mirage.io.results.ResultFormat;
import mirage.io.results.ResultReaders;
import mirage.io.results.ScalesTable;
import mirage.io.results.SkipLog;

/**
 * The kinds of damage issue 17 found, made from fuzz input and fed to every stream reader: the first byte chooses
 * the reader, the second the damage (bits), two more bytes place it, the rest is the text. Damage: a UTF-8 or
 * UTF-16 byte-order mark in front; a repeated line (a copy of one line appended); a line longer than the line
 * limit ({@link Limits#MAX_LINE}; the fuzz JVM sets {@code -Dmirage.io.maxLineBytes} small so such lines are
 * cheap); gzip, truncated or with bytes flipped. Besides "only {@link InputException} escapes", what must hold:
 *
 * <ul>
 *   <li>truncated gzip is always a {@link CorruptInputException} (whatever the reader saw first);</li>
 *   <li>intact gzip reads as the text itself; a UTF-8 byte-order mark changes nothing; a UTF-16 one is refused;</li>
 *   <li>a repeated line of a JSONL file (per-sample records, lm-evaluation-harness samples, long JSONL) changes no
 *       value: the item, document or value counts once;</li>
 *   <li>a huge line of a JSONL file is reported ("longer than") and changes no value of the per-sample formats.</li>
 * </ul>
 */
final class DamagedInput {
    private DamagedInput() {
    }

    private static final FuzzTargets.Target[] READERS = {FuzzTargets.Target.LONG_CSV, FuzzTargets.Target.LONG_JSONL,
        FuzzTargets.Target.WIDE, FuzzTargets.Target.BIGBENCH, FuzzTargets.Target.LMEVAL_RESULTS, FuzzTargets.Target.LMEVAL_SAMPLES,
        FuzzTargets.Target.SAMPLES, FuzzTargets.Target.DETECT, FuzzTargets.Target.SCALES};

    static final int BOM = 1;
    static final int UTF16 = 2;
    static final int REPEAT = 4;
    static final int HUGE = 8;
    static final int GZIP = 16;
    static final int TRUNCATE = 32;
    static final int FLIP = 64;

    /** What a run gave: the values of every series point, every skipped row, and the error that ended it (or null). */
    record Outcome(List<String> points, List<String> skipped, InputException error) {
    }

    static void run(byte[] data) throws IOException {
        if (data.length < 4) {
            return;
        }
        FuzzTargets.Target reader = READERS[(data[0] & 0xff) % READERS.length];
        int flags = data[1] & 0xff;
        int p1 = data[2] & 0xff;
        int p2 = data[3] & 0xff;
        byte[] text = Arrays.copyOfRange(data, 4, data.length);
        boolean jsonl = reader == FuzzTargets.Target.SAMPLES || reader == FuzzTargets.Target.LMEVAL_SAMPLES
                || reader == FuzzTargets.Target.LONG_JSONL;
        boolean perSample = reader == FuzzTargets.Target.SAMPLES || reader == FuzzTargets.Target.LMEVAL_SAMPLES;

        byte[] damaged = text;
        if ((flags & REPEAT) != 0) {
            damaged = withRepeatedLine(damaged, p1);
        }
        if ((flags & HUGE) != 0) {
            damaged = withHugeLine(damaged, p1, p2);
        }
        boolean bomOnly = (flags & BOM) != 0 && !startsWithBom(damaged);
        if ((flags & BOM) != 0) {
            damaged = concat(new byte[] {(byte) 0xEF, (byte) 0xBB, (byte) 0xBF}, damaged);
        }
        if ((flags & UTF16) != 0) {
            damaged = concat(new byte[] {(byte) 0xFF, (byte) 0xFE}, damaged);
        }
        byte[] bytes = damaged;
        boolean truncated = false;
        boolean flipped = false;
        if ((flags & GZIP) != 0) {
            bytes = gzip(damaged);
            if ((flags & TRUNCATE) != 0) {
                int cut = 2 + (int) ((long) p2 * (bytes.length - 2) / 256);
                bytes = Arrays.copyOf(bytes, cut);
                truncated = true;
            }
            if ((flags & FLIP) != 0 && bytes.length > 12) {
                int at = 10 + p1 % (bytes.length - 10);
                bytes[at] ^= (byte) (p2 | 1);
                flipped = true;
            }
        }
        Outcome got = read(reader, bytes);

        if (truncated) {
            if (!(got.error() instanceof CorruptInputException)) {
                throw new AssertionError("truncated gzip not reported as such: " + got.error());
            }
            return;
        }
        if (flipped) {
            return; // flipped bytes may hit fields the decompressor does not check (the header's time stamp): anything but a crash
        }
        if ((flags & UTF16) != 0) {
            if (got.error() == null || !(got.error().getMessage().contains("UTF-16") || got.error().getMessage().contains("UTF-32"))) {
                throw new AssertionError("a UTF-16 byte-order mark was not refused: " + got.error());
            }
            return;
        }
        byte[] plain = (flags & (REPEAT | HUGE)) != 0 ? text : damaged;
        boolean magic = damaged.length >= 2 && (damaged[0] & 0xff) == 0x1f && (damaged[1] & 0xff) == 0x8b;
        if (((flags & GZIP) != 0 || bomOnly) && !magic) {
            // gzip and a byte-order mark are transparent
            Outcome ref = read(reader, (flags & BOM) != 0 && bomOnly ? withoutBom(damaged) : damaged);
            same(ref, got, "gzip/BOM");
        }
        if (jsonl && (flags & REPEAT) != 0 && (flags & HUGE) == 0 && (flags & BOM) == 0) {
            Outcome ref = read(reader, text);
            if (ref.error() == null && got.error() == null && !ref.points().equals(got.points())) {
                throw new AssertionError("a repeated line changed the values:\n" + ref.points() + "\n" + got.points());
            }
        }
        if (jsonl && (flags & HUGE) != 0 && got.error() == null) {
            if (got.skipped().stream().noneMatch(s -> s.contains("longer than"))) {
                throw new AssertionError("a huge line was not reported: " + got.skipped());
            }
            if (perSample && (flags & REPEAT) == 0 && (flags & BOM) == 0) {
                Outcome ref = read(reader, plain);
                if (ref.error() == null && !ref.points().equals(got.points())) {
                    throw new AssertionError("a huge line changed the values:\n" + ref.points() + "\n" + got.points());
                }
            }
        }
    }

    private static void same(Outcome a, Outcome b, String what) {
        String ea = a.error() == null ? null : a.error().getMessage();
        String eb = b.error() == null ? null : b.error().getMessage();
        if (!a.points().equals(b.points()) || !a.skipped().equals(b.skipped()) || !java.util.Objects.equals(ea, eb)) {
            throw new AssertionError(what + " changed what was read:\n" + a + "\n" + b);
        }
    }

    /** Reads as a file would be read: the reader, then the rest of the stream (the gzip check), the cause of an error. */
    static Outcome read(FuzzTargets.Target reader, byte[] bytes) throws IOException {
        SkipLog log = new SkipLog(false);
        PointTable table = new PointTable(ScaleAxis.PARAMS, log);
        InputException error = null;
        InputStream in = null;
        try {
            in = InputFiles.maybeGunzip(new ByteArrayInputStream(bytes), "fuzz");
            InputStream shielded = new FilterInputStream(in) {
                @Override
                public void close() {
                }
            };
            ReadContext ctx = new ReadContext(ColumnMap.EMPTY, table, log, null, 1, Metrics.defaults(), null, true);
            switch (reader) {
                case LONG_CSV -> ResultReaders.read(shielded, "fuzz", null, new ResultReaders.Detection(ResultFormat.LONG, false, "fuzz"), ctx);
                case LONG_JSONL -> ResultReaders.read(shielded, "fuzz", null, new ResultReaders.Detection(ResultFormat.LONG, true, "fuzz"), ctx);
                case WIDE -> ResultReaders.read(shielded, "fuzz", null, new ResultReaders.Detection(ResultFormat.WIDE, false, "fuzz"), ctx);
                case BIGBENCH -> ResultReaders.read(shielded, "fuzz", null, new ResultReaders.Detection(ResultFormat.BIGBENCH, false, "fuzz"), ctx);
                case LMEVAL_RESULTS -> ResultReaders.read(shielded, "fuzz", null,
                        new ResultReaders.Detection(ResultFormat.LMEVAL_RESULTS, false, "fuzz"), ctx);
                case LMEVAL_SAMPLES -> ResultReaders.read(shielded, "fuzz", null,
                        new ResultReaders.Detection(ResultFormat.LMEVAL_SAMPLES, true, "fuzz"), ctx);
                case SAMPLES -> ResultReaders.read(shielded, "fuzz", null, new ResultReaders.Detection(ResultFormat.SAMPLES, true, "fuzz"), ctx);
                case DETECT -> {
                    byte[] all = in.readAllBytes();
                    ResultReaders.Detection d = ResultReaders.detect(all, true, ColumnMap.EMPTY, "fuzz");
                    ResultReaders.read(new ByteArrayInputStream(all), "fuzz", null, d, ctx);
                }
                case SCALES -> ScalesTable.read(shielded, "fuzz.csv", ColumnMap.EMPTY, log);
                default -> throw new AssertionError(reader);
            }
            InputFiles.drain(in);
        } catch (InputException e) {
            error = e;
            boolean gz = bytes.length >= 2 && (bytes[0] & 0xff) == 0x1f && (bytes[1] & 0xff) == 0x8b;
            if (!(e instanceof CorruptInputException) && gz) {
                // as InputFiles.rootCause does for a file: corrupt gzip data is the cause of what the reader saw
                try {
                    InputFiles.checkGzip(new ByteArrayInputStream(bytes), "fuzz");
                } catch (CorruptInputException c) {
                    error = c;
                }
            }
        }
        if (error != null && (error.getMessage() == null || error.getMessage().isEmpty())) {
            throw new AssertionError("an InputException without a message", error);
        }
        List<String> points = new ArrayList<>();
        if (error == null) {
            MetaAnalysis a = MetaAnalysis.run(table, log, null, 1);
            for (int i = 0; i < a.seriesCount(); i++) {
                SeriesView s = a.series(i);
                for (int k = 0; k < s.size(); k++) {
                    points.add(s.family() + "|" + s.task() + "|" + s.metric() + "|" + s.labelText() + "|" + s.model(k) + "|"
                            + s.scale(k) + "|" + s.value(k) + "|" + s.n(k) + "|" + s.stderr(k));
                }
            }
        }
        List<String> skipped = new ArrayList<>();
        for (SkipLog.Entry e : log.entries()) {
            skipped.add(e.message());
        }
        return new Outcome(points, skipped, error);
    }

    /** The text with a copy of its line number {@code p % lines} appended (after a line feed). */
    static byte[] withRepeatedLine(byte[] text, int p) {
        List<int[]> lines = lines(text);
        if (lines.isEmpty()) {
            return text;
        }
        int[] l = lines.get(p % lines.size());
        ByteArrayOutputStream b = new ByteArrayOutputStream();
        b.write(text, 0, text.length);
        if (text.length > 0 && text[text.length - 1] != '\n') {
            b.write('\n');
        }
        b.write(text, l[0], l[1] - l[0]);
        b.write('\n');
        return b.toByteArray();
    }

    /** The text with a line longer than the line limit inserted after line {@code p % (lines + 1)}. */
    static byte[] withHugeLine(byte[] text, int p, int q) {
        List<int[]> lines = lines(text);
        int after = lines.isEmpty() ? 0 : p % (lines.size() + 1);
        int at = after == 0 ? 0 : Math.min(text.length, lines.get(after - 1)[1] + 1);
        byte[] huge = new byte[Limits.MAX_LINE + 1 + q * 13];
        Arrays.fill(huge, (byte) 'x');
        huge[0] = '{';
        ByteArrayOutputStream b = new ByteArrayOutputStream();
        b.write(text, 0, at);
        if (at > 0 && text[at - 1] != '\n') {
            b.write('\n');
        }
        b.write(huge, 0, huge.length);
        b.write('\n');
        b.write(text, at, text.length - at);
        return b.toByteArray();
    }

    /** [start, end) of every line (without its line feed). */
    private static List<int[]> lines(byte[] text) {
        List<int[]> out = new ArrayList<>();
        int s = 0;
        for (int i = 0; i < text.length; i++) {
            if (text[i] == '\n') {
                out.add(new int[] {s, i});
                s = i + 1;
            }
        }
        if (s < text.length) {
            out.add(new int[] {s, text.length});
        }
        return out;
    }

    private static boolean startsWithBom(byte[] b) {
        return b.length >= 3 && (b[0] & 0xff) == 0xEF && (b[1] & 0xff) == 0xBB && (b[2] & 0xff) == 0xBF
                || b.length >= 2 && ((b[0] & 0xff) == 0xFF && (b[1] & 0xff) == 0xFE || (b[0] & 0xff) == 0xFE && (b[1] & 0xff) == 0xFF)
                || b.length >= 2 && (b[0] & 0xff) == 0x1f && (b[1] & 0xff) == 0x8b;
    }

    private static byte[] withoutBom(byte[] b) {
        return Arrays.copyOfRange(b, 3, b.length);
    }

    static byte[] concat(byte[] a, byte[] b) {
        byte[] c = Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, c, a.length, b.length);
        return c;
    }

    static byte[] gzip(byte[] text) throws IOException {
        ByteArrayOutputStream b = new ByteArrayOutputStream();
        try (GZIPOutputStream z = new GZIPOutputStream(b)) {
            z.write(text);
        }
        return b.toByteArray();
    }
}

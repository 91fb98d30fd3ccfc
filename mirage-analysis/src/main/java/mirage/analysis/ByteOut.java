package mirage.analysis;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import mirage.io.csv.CsvNumbers;

/** A growable byte buffer for formatting CSV rows without intermediate strings. Not thread-safe. */
final class ByteOut {
    private byte[] buf;
    private int len;

    ByteOut(int capacity) {
        buf = new byte[Math.max(64, capacity)];
    }

    private void room(int n) {
        if (len + n > buf.length) {
            buf = Arrays.copyOf(buf, Math.max(buf.length * 2, len + n));
        }
    }

    ByteOut write(byte[] b) {
        room(b.length);
        System.arraycopy(b, 0, buf, len, b.length);
        len += b.length;
        return this;
    }

    ByteOut write(char c) {
        room(1);
        buf[len++] = (byte) c;
        return this;
    }

    /** Text known to be ASCII (numbers, keywords). */
    ByteOut ascii(String s) {
        int n = s.length();
        room(n);
        for (int i = 0; i < n; i++) {
            buf[len++] = (byte) s.charAt(i);
        }
        return this;
    }

    ByteOut number(long v) {
        if (v < 0) {
            if (v == Long.MIN_VALUE) {
                return ascii(Long.toString(v));
            }
            write('-');
            v = -v;
        }
        if (v < 10) {
            return write((char) ('0' + v));
        }
        int n = digits(v);
        room(n);
        int end = len + n;
        int i = end;
        // two digits per division
        while (v >= 100) {
            int r = (int) (v % 100);
            v /= 100;
            buf[--i] = DIGIT_ONES[r];
            buf[--i] = DIGIT_TENS[r];
        }
        if (v >= 10) {
            int r = (int) v;
            buf[--i] = DIGIT_ONES[r];
            buf[--i] = DIGIT_TENS[r];
        } else {
            buf[--i] = (byte) ('0' + v);
        }
        len = end;
        return this;
    }

    private static final byte[] DIGIT_TENS = new byte[100];
    private static final byte[] DIGIT_ONES = new byte[100];
    private static final long[] POW10 = new long[19];

    static {
        for (int i = 0; i < 100; i++) {
            DIGIT_TENS[i] = (byte) ('0' + i / 10);
            DIGIT_ONES[i] = (byte) ('0' + i % 10);
        }
        POW10[0] = 1;
        for (int i = 1; i < POW10.length; i++) {
            POW10[i] = POW10[i - 1] * 10;
        }
    }

    /** Decimal digits of v >= 0. */
    private static int digits(long v) {
        int n = 1;
        while (n < 19 && v >= POW10[n]) {
            n++;
        }
        return n;
    }

    /** A number as {@link CsvNumbers#format(double)} writes it (the same text, without a String on the way). */
    ByteOut number(double v) {
        if (Double.isNaN(v)) {
            return this;
        }
        if (v == Math.rint(v) && Math.abs(v) < 1e15) {
            return number((long) v);
        }
        long packed = CsvNumbers.shortestDigits(Math.abs(v));
        if (packed == 0) {
            return ascii(CsvNumbers.format(v));
        }
        long m = Math.abs(packed);
        long c = m >>> 5;
        int k = (int) (m & 31);
        while (c % 10 == 0 && k > 0) {
            c /= 10;
            k--;
        }
        if (v < 0) {
            write('-');
        }
        if (k == 0) {
            return number(c);
        }
        int nd = digits(c);
        int intDigits = nd - k;
        if (intDigits <= 0) {
            write('0').write('.');
            for (int i = 0; i < -intDigits; i++) {
                write('0');
            }
            return number(c);
        }
        room(nd + 1);
        int end = len + nd + 1;
        int pos = end - 1;
        for (int i = 0; i < k; i++) {
            buf[pos--] = (byte) ('0' + c % 10);
            c /= 10;
        }
        buf[pos--] = '.';
        while (pos >= len) {
            buf[pos--] = (byte) ('0' + c % 10);
            c /= 10;
        }
        len = end;
        return this;
    }

    ByteOut bool(boolean b) {
        return ascii(b ? "true" : "false");
    }

    /** Empties the buffer (keeping its capacity). */
    ByteOut reset() {
        len = 0;
        return this;
    }

    /** Writes the bytes so far to out. */
    void writeTo(java.io.OutputStream out) throws java.io.IOException {
        out.write(buf, 0, len);
    }

    byte[] toBytes() {
        return Arrays.copyOf(buf, len);
    }

    int length() {
        return len;
    }

    /** A CSV field (quoted when needed) as UTF-8 bytes. */
    static byte[] field(String f) {
        StringBuilder sb = new StringBuilder(f.length() + 2);
        AnalysisWriter.field(sb, f);
        return sb.toString().getBytes(StandardCharsets.UTF_8);
    }
}

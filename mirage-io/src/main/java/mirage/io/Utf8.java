package mirage.io;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;

/**
 * UTF-8 validation of raw bytes (RFC 3629: no overlong forms, no surrogates, nothing above U+10FFFF), for the
 * readers that decode bytes themselves (CSV): invalid text is reported, never turned into U+FFFD silently. ASCII
 * is checked eight bytes at a time.
 */
public final class Utf8 {
    private Utf8() {
    }

    private static final VarHandle LONGS = MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);

    /** The position of the first byte of b[from, to) that is not part of valid UTF-8, or -1 when all is valid. */
    public static int firstInvalid(byte[] b, int from, int to) {
        int i = from;
        while (i < to) {
            if (i + 8 <= to && ((long) LONGS.get(b, i) & 0x8080808080808080L) == 0) {
                i += 8;
                continue;
            }
            int c = b[i] & 0xff;
            if (c < 0x80) {
                i++;
                continue;
            }
            int n;
            int min;
            if (c >= 0xC2 && c <= 0xDF) {
                n = 1;
                min = 0x80;
            } else if (c >= 0xE0 && c <= 0xEF) {
                n = 2;
                min = 0x800;
            } else if (c >= 0xF0 && c <= 0xF4) {
                n = 3;
                min = 0x10000;
            } else {
                return i;
            }
            if (i + n >= to) {
                return i; // fewer continuation bytes than the lead byte announces
            }
            int cp = c & (0x3F >> n);
            for (int k = 1; k <= n; k++) {
                int cc = b[i + k] & 0xff;
                if ((cc & 0xC0) != 0x80) {
                    return i;
                }
                cp = (cp << 6) | (cc & 0x3F);
            }
            if (cp < min || cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF)) {
                return i;
            }
            i += n + 1;
        }
        return -1;
    }

    /** A short description of the bad byte for messages: "byte 0xFF at byte N of the field". */
    public static String describe(byte[] b, int from, int at) {
        return String.format(java.util.Locale.ROOT, "not valid UTF-8 (byte 0x%02X at byte %d)", b[at] & 0xff, at - from + 1);
    }
}

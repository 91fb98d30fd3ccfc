package mirage.io.util;

import java.util.Arrays;

/**
 * A growable column of doubles that takes two bytes a value while it holds at most 65,536 distinct values (bit
 * patterns): each value is a code into a table of the distinct values. Columns such as model scales or item
 * counts repeat a few values over millions of rows. On the 65,537th distinct value the column turns into a
 * plain {@link BlockedDoubles} (eight bytes a value) and stays so. Values read back bit for bit as written;
 * unwritten elements read as the fill value. Not thread-safe for writing; reading is safe once writing is done.
 */
public final class CodedDoubles {
    private static final int MAX_CODES = 1 << 16;

    private final double fill;
    private char[][] blocks = new char[16][];
    private long size;
    private double[] values = new double[16];
    private int codes;
    // open addressing: raw bits -> code + 1 (0 = empty)
    private long[] keys = new long[64];
    private int[] slots = new int[64];
    private long lastBits;
    private int lastCode = -1;
    private BlockedDoubles plain;

    public CodedDoubles(double fill) {
        this.fill = fill;
        code(fill); // code 0: the fill value, which unwritten blocks read as
    }

    public long size() {
        return plain != null ? plain.size() : size;
    }

    public void add(double v) {
        set(size(), v);
    }

    /** Sets element i, growing the column to i + 1 elements when needed. */
    public void set(long i, double v) {
        if (plain != null) {
            plain.set(i, v);
            return;
        }
        int c = code(v);
        if (c < 0) {
            toPlain();
            plain.set(i, v);
            return;
        }
        int b = (int) (i >>> BlockedDoubles.SHIFT);
        if (b >= blocks.length) {
            blocks = Arrays.copyOf(blocks, Math.max(b + 1, blocks.length * 2));
        }
        char[] blk = blocks[b];
        if (blk == null) {
            if (c == 0) {
                if (i >= size) {
                    size = i + 1;
                }
                return;
            }
            blk = new char[BlockedDoubles.SIZE];
            blocks[b] = blk;
        }
        blk[(int) (i & BlockedDoubles.MASK)] = (char) c;
        if (i >= size) {
            size = i + 1;
        }
    }

    public double get(long i) {
        if (plain != null) {
            return plain.get(i);
        }
        int b = (int) (i >>> BlockedDoubles.SHIFT);
        if (b >= blocks.length) {
            return fill;
        }
        char[] blk = blocks[b];
        return blk == null ? fill : values[blk[(int) (i & BlockedDoubles.MASK)]];
    }

    /** Whether the column has given up codes (more than 65,536 distinct values). */
    public boolean plain() {
        return plain != null;
    }

    /** The code of v, added when new; -1 when the table is full. */
    private int code(double v) {
        long bits = Double.doubleToRawLongBits(v);
        if (bits == lastBits && lastCode >= 0) {
            return lastCode;
        }
        int mask = keys.length - 1;
        int h = (int) mix(bits) & mask;
        while (slots[h] != 0) {
            if (keys[h] == bits) {
                lastBits = bits;
                lastCode = slots[h] - 1;
                return lastCode;
            }
            h = (h + 1) & mask;
        }
        if (codes == MAX_CODES) {
            return -1;
        }
        int c = codes++;
        if (c == values.length) {
            values = Arrays.copyOf(values, c * 2);
        }
        values[c] = v;
        keys[h] = bits;
        slots[h] = c + 1;
        if (codes * 2 > keys.length) {
            rehash();
        }
        lastBits = bits;
        lastCode = c;
        return c;
    }

    private static long mix(long x) {
        x = (x ^ (x >>> 33)) * 0xFF51AFD7ED558CCDL;
        x = (x ^ (x >>> 33)) * 0xC4CEB9FE1A85EC53L;
        return x ^ (x >>> 33);
    }

    private void rehash() {
        long[] ok = keys;
        int[] os = slots;
        keys = new long[ok.length * 2];
        slots = new int[os.length * 2];
        int mask = keys.length - 1;
        for (int j = 0; j < ok.length; j++) {
            if (os[j] != 0) {
                int h = (int) mix(ok[j]) & mask;
                while (slots[h] != 0) {
                    h = (h + 1) & mask;
                }
                keys[h] = ok[j];
                slots[h] = os[j];
            }
        }
    }

    private void toPlain() {
        BlockedDoubles p = new BlockedDoubles(fill);
        for (int b = 0; b < blocks.length; b++) {
            char[] blk = blocks[b];
            if (blk == null) {
                continue;
            }
            long base = (long) b << BlockedDoubles.SHIFT;
            for (int j = 0; j < blk.length && base + j < size; j++) {
                p.set(base + j, values[blk[j]]);
            }
        }
        if (p.size() < size) {
            p.set(size - 1, fill); // trailing unwritten elements read as the fill value: keep the size
        }
        blocks = null;
        keys = null;
        slots = null;
        plain = p;
    }
}

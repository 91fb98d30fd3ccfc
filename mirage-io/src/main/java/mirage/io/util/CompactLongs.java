package mirage.io.util;

import java.util.Arrays;

/**
 * A growable column of longs that takes four bytes a value while every value fits in an int (e.g. line
 * numbers), and turns into a plain {@link BlockedLongs} (eight bytes a value) on the first one that does not.
 * Values read back as written. Not thread-safe for writing; reading is safe once writing is done.
 */
public final class CompactLongs {
    private int[][] blocks = new int[16][];
    private long size;
    private BlockedLongs plain;

    public long size() {
        return plain != null ? plain.size() : size;
    }

    public void add(long v) {
        if (plain != null) {
            plain.add(v);
            return;
        }
        if (v != (int) v) {
            BlockedLongs p = new BlockedLongs();
            for (long i = 0; i < size; i++) {
                p.add(blocks[(int) (i >>> BlockedDoubles.SHIFT)][(int) (i & BlockedDoubles.MASK)]);
            }
            p.add(v);
            blocks = null;
            plain = p;
            return;
        }
        long i = size;
        int b = (int) (i >>> BlockedDoubles.SHIFT);
        if (b >= blocks.length) {
            blocks = Arrays.copyOf(blocks, Math.max(b + 1, blocks.length * 2));
        }
        int[] blk = blocks[b];
        if (blk == null) {
            blk = new int[BlockedDoubles.SIZE];
            blocks[b] = blk;
        }
        blk[(int) (i & BlockedDoubles.MASK)] = (int) v;
        size = i + 1;
    }

    public long get(long i) {
        if (plain != null) {
            return plain.get(i);
        }
        return blocks[(int) (i >>> BlockedDoubles.SHIFT)][(int) (i & BlockedDoubles.MASK)];
    }
}

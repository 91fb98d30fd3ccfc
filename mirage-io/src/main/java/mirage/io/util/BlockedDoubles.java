package mirage.io.util;

import java.util.Arrays;

/**
 * A growable column of doubles stored in fixed blocks of 32,768 values (256 KiB: below half a G1 region of a
 * small heap, so a block is never a "humongous" object that would take a whole region): appending never copies what is
 * already stored (no doubling spikes on millions of values) and random access is two array loads.
 * Blocks not yet written read as the fill value (NaN for optional columns), so a column that stays
 * empty costs nothing.
 */
public final class BlockedDoubles {
    static final int SHIFT = 15;
    static final int SIZE = 1 << SHIFT;
    static final int MASK = SIZE - 1;

    private double[][] blocks = new double[16][];
    private final double fill;
    private long size;

    public BlockedDoubles(double fill) {
        this.fill = fill;
    }

    public long size() {
        return size;
    }

    public void add(double v) {
        set(size, v);
    }

    /** Sets element i, growing the column to i + 1 elements when needed. */
    public void set(long i, double v) {
        int b = (int) (i >>> SHIFT);
        if (b >= blocks.length) {
            blocks = Arrays.copyOf(blocks, Math.max(b + 1, blocks.length * 2));
        }
        double[] blk = blocks[b];
        if (blk == null) {
            if (v == fill || (Double.isNaN(v) && Double.isNaN(fill))) {
                if (i >= size) {
                    size = i + 1;
                }
                return;
            }
            blk = new double[SIZE];
            if (fill != 0) {
                Arrays.fill(blk, fill);
            }
            blocks[b] = blk;
        }
        blk[(int) (i & MASK)] = v;
        if (i >= size) {
            size = i + 1;
        }
    }

    public double get(long i) {
        int b = (int) (i >>> SHIFT);
        if (b >= blocks.length) {
            return fill;
        }
        double[] blk = blocks[b];
        return blk == null ? fill : blk[(int) (i & MASK)];
    }

    /** Whether any element differs from the fill value (blocks were allocated). */
    public boolean anySet() {
        for (double[] b : blocks) {
            if (b != null) {
                return true;
            }
        }
        return false;
    }
}

package mirage.io.samples;

import java.util.Map;
import mirage.core.data.Model;
import mirage.core.data.Sample;

/**
 * Finds repeated items: the same (family, model and its scale, task, labels, item id) answered twice, which would
 * count one item twice. Each item is kept as a 64-bit fingerprint with the place where it was first seen, in
 * open-addressing primitive arrays (16 bytes a slot, at most 75% full: about 21 to 43 bytes per distinct item),
 * so memory grows with the items of one scope (a file, or the files {@code mirage score} combines) and nothing
 * else. Two different items with the same fingerprint would be taken for a repeat: with n items the chance is
 * about n^2 / 2^65 (2.7e-7 for ten million items); the report names both places, so such a case can be checked.
 * Not thread-safe.
 */
public final class SampleKeys {
    private long[] keys = new long[1 << 10];
    private long[] places = new long[1 << 10];
    private int size;
    private boolean hasZero;
    private long zeroPlace;

    /** The fingerprint of a sample's item (its model with family and scale, task, labels, item id). */
    public static long fingerprint(Sample s) {
        Model m = s.model();
        long h = 0x243F6A8885A308D3L;
        h = text(h, m.family());
        h = text(h, m.name());
        h = number(h, m.scale().params());
        h = number(h, m.scale().nonEmbeddingParams());
        h = number(h, m.scale().tokens());
        h = number(h, m.scale().flops());
        h = number(h, m.scale().step());
        h = text(h, s.task());
        for (Map.Entry<String, String> e : s.labels().entrySet()) {
            h = text(h, e.getKey());
            h = text(h, e.getValue());
        }
        h = text(h, s.itemId());
        return fmix(h);
    }

    /** The fingerprint of any fields (lm-evaluation-harness documents: file, filter and doc_id). */
    public static long fingerprint(String... parts) {
        long h = 0x13198A2E03707344L;
        for (String p : parts) {
            h = text(h, p);
        }
        return fmix(h);
    }

    /** FNV-1a over the characters, with the length first so that field boundaries count. */
    private static long text(long h, String s) {
        if (s == null) {
            return (h ^ 0xFFFF_FFFFL) * 0x100000001B3L;
        }
        h = (h ^ s.length()) * 0x100000001B3L;
        for (int i = 0; i < s.length(); i++) {
            h = (h ^ s.charAt(i)) * 0x100000001B3L;
        }
        return fmix(h);
    }

    private static long number(long h, double d) {
        return fmix(h ^ Double.doubleToLongBits(d));
    }

    /** MurmurHash3's 64-bit finaliser. */
    private static long fmix(long k) {
        k ^= k >>> 33;
        k *= 0xff51afd7ed558ccdL;
        k ^= k >>> 33;
        k *= 0xc4ceb9fe1a85ec53L;
        k ^= k >>> 33;
        return k;
    }

    /**
     * Records where an item was first seen.
     *
     * @param place where it is now (any non-negative number the caller decodes, e.g. a line)
     * @return the place it was first seen, or -1 when it is new (then {@code place} is kept)
     */
    public long firstSeen(long fingerprint, long place) {
        if (fingerprint == 0) {
            if (hasZero) {
                return zeroPlace;
            }
            hasZero = true;
            zeroPlace = place;
            size++;
            return -1;
        }
        int mask = keys.length - 1;
        int i = (int) (fingerprint ^ (fingerprint >>> 32)) & mask;
        while (true) {
            long k = keys[i];
            if (k == 0) {
                keys[i] = fingerprint;
                places[i] = place;
                if (++size > keys.length * 3 / 4) {
                    grow();
                }
                return -1;
            }
            if (k == fingerprint) {
                return places[i];
            }
            i = (i + 1) & mask;
        }
    }

    /** Distinct items seen. */
    public int size() {
        return size;
    }

    private void grow() {
        long[] ok = keys;
        long[] op = places;
        keys = new long[ok.length * 2];
        places = new long[ok.length * 2];
        int mask = keys.length - 1;
        for (int j = 0; j < ok.length; j++) {
            long k = ok[j];
            if (k == 0) {
                continue;
            }
            int i = (int) (k ^ (k >>> 32)) & mask;
            while (keys[i] != 0) {
                i = (i + 1) & mask;
            }
            keys[i] = k;
            places[i] = op[j];
        }
    }
}

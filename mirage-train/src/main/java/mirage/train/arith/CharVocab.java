package mirage.train.arith;

import java.util.ArrayList;
import java.util.List;

/**
 * Character-level tokens: one token per character of {@code 0123456789+*=}, an end mark {@code $}
 * that ends every answer, and a padding token (index 0, never a training target).
 */
public final class CharVocab {
    public static final int PAD = 0;
    public static final String CHARS = "_0123456789+*=$";
    public static final int EOS = CHARS.indexOf('$');
    public static final int SIZE = CHARS.length();

    private CharVocab() {
    }

    public static int id(char c) {
        int i = CHARS.indexOf(c);
        if (i <= 0) {
            throw new IllegalArgumentException("no token for character '" + c + "'");
        }
        return i;
    }

    public static char symbol(int id) {
        return CHARS.charAt(id);
    }

    /** The tokens of a string, as one-character strings (the per-sample {@code *_tokens} fields). */
    public static List<String> split(String s) {
        List<String> out = new ArrayList<>(s.length());
        for (int i = 0; i < s.length(); i++) {
            out.add(String.valueOf(s.charAt(i)));
        }
        return out;
    }

    public static void encode(String s, long[] into, int offset) {
        for (int i = 0; i < s.length(); i++) {
            into[offset + i] = id(s.charAt(i));
        }
    }
}

package mirage.io.api;

import java.util.ArrayList;
import java.util.List;

/**
 * Where the tokens a server returns sit in its text, and from that the target's and the output's
 * tokens in the server's own tokenisation. mirage never re-tokenises: the tokens of a per-sample record
 * are the server's.
 *
 * <p><b>Spans.</b> A token's character span is found by spelling: walking the text, each token must
 * continue it exactly. Where that fails (byte-level tokens such as vLLM's {@code bytes:\xe2}, or a
 * server that spells tokens differently from the text), the server's {@code text_offset} values are used,
 * read as code-point offsets (Python's, and OpenAI's, string indices) from the start of the text
 * (with echo) or relative to the first token (without). With neither, the response is unusable.
 *
 * <p><b>Target tokens</b> (from the echo of prompt + continuation, continuation = lead + target): the
 * echoed tokens whose span overlaps the continuation's characters, in order. A token that also holds
 * the prompt's last characters (the tokeniser merged across the boundary) is kept, written as its part
 * inside the continuation, and counted as straddling; its log-probability is the whole token's. Empty
 * tokens are left out.
 *
 * <p><b>Output tokens</b> (from the completion without echo): the tokens up to the end of the returned
 * text; a token that runs past the text's end (it held a stop sequence that the server cut from the
 * text) is written as its part inside the text; tokens after the text's end (an end-of-text token) are
 * left out.
 */
public final class TokenAlignment {
    private TokenAlignment() {
    }

    /** Character spans [start, end) of tokens in a text; {@code spelled} when found by spelling. */
    public record Spans(int[] start, int[] end, boolean spelled) {
    }

    /** The target's tokens and log-probabilities, read from an echo. */
    public record Target(List<String> tokens, double[] logprobs, boolean straddling, boolean spelled) {
    }

    /** The output's tokens. {@code aligned} is false when they could not be placed in the text (kept as given). */
    public record Output(List<String> tokens, boolean aligned) {
    }

    /**
     * Spans of the tokens in {@code text}; null when neither spelling nor offsets place them.
     *
     * @param fromStart offsets count from the start of the text (echo); otherwise relative to the first token
     * @param upTo only the first {@code upTo} characters need to be covered by spelling
     */
    static Spans spans(List<String> tokens, int[] offsets, String text, boolean fromStart, int upTo) {
        int n = tokens.size();
        int[] s = new int[n];
        int[] e = new int[n];
        int pos = 0;
        int i = 0;
        for (; i < n && pos < upTo; i++) {
            String t = tokens.get(i);
            if (text.startsWith(t, pos)) {
                s[i] = pos;
                e[i] = pos + t.length();
                pos += t.length();
            } else if (t.startsWith(text.substring(pos)) && pos + t.length() > text.length()) {
                s[i] = pos; // runs past the end of the text
                e[i] = pos + t.length();
                pos = text.length();
            } else {
                break;
            }
        }
        if (pos >= upTo) {
            for (; i < n; i++) {
                s[i] = pos;
                e[i] = pos + tokens.get(i).length();
                pos = e[i];
            }
            return new Spans(s, e, true);
        }
        if (offsets == null || offsets.length != n || n == 0) {
            return null;
        }
        int cpLength = text.codePointCount(0, text.length());
        int base = fromStart ? 0 : offsets[0];
        int prev = 0;
        for (int k = 0; k < n; k++) {
            int cp = offsets[k] - base;
            if (cp < prev || cp > cpLength) {
                return null;
            }
            prev = cp;
            s[k] = text.offsetByCodePoints(0, cp);
        }
        for (int k = 0; k < n; k++) {
            // up to the next token's start (equal starts: a zero-width token, such as a special token)
            e[k] = k + 1 < n ? s[k + 1] : Math.min(text.length(), s[k] + tokens.get(k).length());
        }
        return new Spans(s, e, false);
    }

    /**
     * The target tokens of an echo of {@code prompt + continuation}.
     *
     * @throws ProtocolException when the echo does not repeat the prompt and continuation (an answer to
     *     another item, or a server that rewrote the text), when no token covers the continuation, or when
     *     a target token has no log-probability
     */
    public static Target target(Completion echo, String prompt, String continuation, String what) throws ProtocolException {
        String full = prompt + continuation;
        String text = echo.text();
        if (!text.startsWith(full)) {
            int d = 0;
            while (d < Math.min(text.length(), full.length()) && text.charAt(d) == full.charAt(d)) {
                d++;
            }
            throw new ProtocolException(what + ": the echoed text differs from the prompt and target sent at character "
                    + d + " (sent " + quote(full, d) + ", echoed " + quote(text, d) + "): an answer to another item,"
                    + " or a server that does not echo the prompt verbatim" + (d == 0 && !text.isEmpty() && full.length() > 0
                            ? " (a server without 'echo' support needs --no-target-logprobs)" : ""));
        }
        Spans sp = spans(echo.tokens(), echo.textOffsets(), text, true, full.length());
        if (sp == null) {
            throw new ProtocolException(what + ": the echoed tokens do not spell the text and carry no usable text_offset");
        }
        int from = prompt.length();
        int to = full.length();
        List<String> tokens = new ArrayList<>();
        List<Double> lps = new ArrayList<>();
        boolean straddling = false;
        for (int i = 0; i < sp.start().length; i++) {
            int s = sp.start()[i];
            int e = sp.end()[i];
            if (e <= s || e <= from || s >= to) {
                continue;
            }
            if (s < from) {
                straddling = true;
            }
            double lp = echo.tokenLogprobs()[i];
            if (Double.isNaN(lp)) {
                throw new ProtocolException(what + ": the server sent no log-probability for target token " + tokens.size()
                        + " (" + quote(echo.tokens().get(i), 0) + ")" + (i == 0 ? "; it is the first token of the text" : ""));
            }
            if (lp > 1e-4) {
                throw new ProtocolException(what + ": target token " + tokens.size() + " has log-probability " + lp
                        + ", which is not a log-probability (> 0)");
            }
            tokens.add(text.substring(Math.max(s, from), Math.min(e, to)));
            lps.add(Math.min(lp, 0.0));
        }
        if (tokens.isEmpty()) {
            throw new ProtocolException(what + ": no echoed token covers the target");
        }
        double[] v = new double[lps.size()];
        for (int i = 0; i < v.length; i++) {
            v[i] = lps.get(i);
        }
        return new Target(tokens, v, straddling, sp.spelled());
    }

    /** The output tokens of a completion (no echo). */
    public static Output output(Completion c) {
        String text = c.text();
        List<String> toks = c.tokens();
        if (toks == null) {
            return new Output(null, false);
        }
        Spans sp = spans(toks, c.textOffsets(), text, false, text.length());
        if (sp == null) {
            return new Output(List.copyOf(toks), text.isEmpty() && toks.isEmpty());
        }
        List<String> out = new ArrayList<>();
        for (int i = 0; i < toks.size(); i++) {
            int s = sp.start()[i];
            int e = Math.min(sp.end()[i], text.length());
            if (s >= text.length()) {
                break;
            }
            if (e > s) {
                out.add(text.substring(s, e));
            }
        }
        return new Output(out, true);
    }

    /** A short quoted excerpt of s from character i, for messages (control characters escaped). */
    static String quote(String s, int i) {
        int from = Math.max(0, i - 10);
        String part = s.substring(from, Math.min(s.length(), i + 20));
        StringBuilder sb = new StringBuilder("\"");
        if (from > 0) {
            sb.append("...");
        }
        for (int k = 0; k < part.length(); k++) {
            char ch = part.charAt(k);
            if (ch == '\n') {
                sb.append("\\n");
            } else if (ch == '"') {
                sb.append("\\\"");
            } else if (ch < 0x20) {
                sb.append(String.format("\\u%04x", (int) ch));
            } else {
                sb.append(ch);
            }
        }
        if (i + 20 < s.length()) {
            sb.append("...");
        }
        return sb.append('"').toString();
    }
}

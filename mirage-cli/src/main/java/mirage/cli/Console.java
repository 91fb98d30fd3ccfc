package mirage.cli;

import java.io.PrintWriter;
import java.io.Writer;

/**
 * What mirage prints on the console carries text from its inputs (file, model, task and label names, values
 * quoted in messages), which is untrusted: a name could hold terminal escape sequences (ESC, CSI), NUL, a carriage
 * return that overwrites the line, or bidirectional overrides that reorder it. Every console line goes through
 * {@link #clean}: such characters become U+FFFD (the rule the eval client applies to a server's text). The
 * command line installs this on stdout and stderr of every command ({@link MirageCommand#commandLine()}); data a
 * command writes to stdout on purpose (the CSV of {@code mirage score} without {@code --out}) goes to
 * {@link #raw} unchanged.
 */
final class Console {
    private Console() {
    }

    /** Whether a character is unsafe on a terminal: C0 controls but tab and line feed, DEL, C1, bidirectional controls. */
    static boolean unsafe(char c) {
        return (c < 0x20 && c != '\n' && c != '\t') || (c >= 0x7f && c <= 0x9f) || (c >= '\u202a' && c <= '\u202e')
                || (c >= '\u2066' && c <= '\u2069');
    }

    /** The text with every unsafe character replaced by U+FFFD. */
    static String clean(String s) {
        if (s == null) {
            return null;
        }
        int i = 0;
        while (i < s.length() && !unsafe(s.charAt(i))) {
            i++;
        }
        if (i == s.length()) {
            return s;
        }
        StringBuilder sb = new StringBuilder(s.length());
        for (int k = 0; k < s.length(); k++) {
            char c = s.charAt(k);
            sb.append(unsafe(c) ? '\uFFFD' : c);
        }
        return sb.toString();
    }

    /** A writer for the console: everything printed is cleaned; flushed at each println. Idempotent. */
    static PrintWriter terminal(PrintWriter w) {
        return w instanceof Terminal ? w : new Terminal(w);
    }

    /** The writer under a console writer, for data that must stay as it is. */
    static PrintWriter raw(PrintWriter w) {
        return w instanceof Terminal t ? t.raw : w;
    }

    private static final class Terminal extends PrintWriter {
        final PrintWriter raw;

        Terminal(PrintWriter raw) {
            super(new Cleaning(raw), true);
            this.raw = raw;
        }
    }

    private static final class Cleaning extends Writer {
        private final PrintWriter to;

        Cleaning(PrintWriter to) {
            this.to = to;
        }

        @Override
        public void write(char[] cbuf, int off, int len) {
            int run = off;
            for (int i = off; i < off + len; i++) {
                if (unsafe(cbuf[i])) {
                    to.write(cbuf, run, i - run);
                    to.write('\uFFFD');
                    run = i + 1;
                }
            }
            to.write(cbuf, run, off + len - run);
        }

        @Override
        public void write(String s, int off, int len) {
            int run = off;
            for (int i = off; i < off + len; i++) {
                if (unsafe(s.charAt(i))) {
                    to.write(s, run, i - run);
                    to.write('\uFFFD');
                    run = i + 1;
                }
            }
            to.write(s, run, off + len - run);
        }

        @Override
        public void flush() {
            to.flush();
        }

        @Override
        public void close() {
            to.flush();
        }
    }
}

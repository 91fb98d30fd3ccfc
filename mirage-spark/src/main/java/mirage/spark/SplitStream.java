package mirage.spark;

import java.io.IOException;
import java.io.InputStream;

/**
 * The bytes of the lines a split owns: every line (ended by '\n') that starts at or after {@code start} and
 * before {@code end}, the last one read to its end even past {@code end}. Consecutive splits of a file thus
 * give each line exactly once, whatever the split size ("\r\n" is never cut, as the cut follows a '\n'). The
 * underlying stream must be positioned at {@code start - 1} (at 0 when {@code start} is 0).
 */
final class SplitStream extends InputStream {
    private final InputStream in;
    private final long end;
    private long pos;
    private boolean lastNewline;
    private boolean done;

    SplitStream(InputStream in, long start, long end) throws IOException {
        this.in = in;
        this.end = end;
        if (start == 0) {
            pos = 0;
            lastNewline = true;
        } else {
            pos = start - 1;
            int b;
            while ((b = in.read()) >= 0) {
                pos++;
                if (b == '\n') {
                    break;
                }
            }
            lastNewline = true;
            if (b < 0) {
                done = true;
            }
        }
    }

    @Override
    public int read() throws IOException {
        byte[] one = new byte[1];
        int n = read(one, 0, 1);
        return n < 0 ? -1 : one[0] & 0xff;
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
        if (done) {
            return -1;
        }
        if (len == 0) {
            return 0;
        }
        if (pos < end) {
            int n = in.read(b, off, (int) Math.min(len, end - pos));
            if (n < 0) {
                done = true;
                return -1;
            }
            pos += n;
            lastNewline = b[off + n - 1] == '\n';
            return n;
        }
        if (lastNewline) {
            done = true;
            return -1;
        }
        int n = in.read(b, off, len);
        if (n < 0) {
            done = true;
            return -1;
        }
        for (int i = 0; i < n; i++) {
            if (b[off + i] == '\n') {
                n = i + 1;
                done = true;
                break;
            }
        }
        pos += n;
        return n;
    }

    @Override
    public void close() throws IOException {
        in.close();
    }
}

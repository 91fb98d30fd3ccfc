package mirage.spark;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** Splits of a file give every line exactly once, whatever the split size and the line ends. */
class SplitStreamTest {

    private static byte[] split(byte[] file, long start, long end) throws IOException {
        InputStream in = new ByteArrayInputStream(file);
        if (start > 0) {
            in.skipNBytes(start - 1);
        }
        try (SplitStream s = new SplitStream(in, start, end)) {
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            byte[] buf = new byte[3]; // small reads cross the split's end in the middle of a read
            int n;
            while ((n = s.read(buf, 0, buf.length)) >= 0) {
                out.write(buf, 0, n);
            }
            return out.toByteArray();
        }
    }

    @Test
    void splitsConcatenateToTheFileAndStartAtLineStarts() throws IOException {
        Random r = new Random(3);
        for (int rep = 0; rep < 50; rep++) {
            StringBuilder sb = new StringBuilder();
            int lines = r.nextInt(30);
            for (int i = 0; i < lines; i++) {
                sb.append("x".repeat(r.nextInt(12)));
                sb.append(switch (r.nextInt(4)) {
                    case 0 -> "\r\n";
                    case 1 -> "\n\n";
                    default -> "\n";
                });
            }
            if (r.nextBoolean()) {
                sb.append("tail without newline");
            }
            byte[] file = sb.toString().getBytes(StandardCharsets.UTF_8);
            for (int size = 1; size <= file.length + 1; size++) {
                ByteArrayOutputStream all = new ByteArrayOutputStream();
                for (long start = 0; start < Math.max(1, file.length); start += size) {
                    byte[] part = split(file, start, Math.min(file.length, start + size));
                    if (part.length > 0 && start > 0) {
                        assertThat(file[(int) (all.size() - 1)]).as("a split starts after a newline").isEqualTo((byte) '\n');
                    }
                    all.write(part);
                }
                assertThat(all.toByteArray()).as("size %d of %s", size, sb).isEqualTo(file);
            }
        }
    }
}

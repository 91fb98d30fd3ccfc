package mirage.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Golden files in src/test/resources/golden. The comparison is exact (line endings included). After an
 * intended change of a format, regenerate with {@code mvn -o -pl mirage-bench test -Dmirage.bench.updateGolden=true}
 * and review the diff of the golden file: it is the format's specification.
 */
final class Golden {
    private Golden() {
    }

    static String resource(String name) throws IOException {
        try (InputStream in = Golden.class.getResourceAsStream("/" + name)) {
            if (in == null) {
                throw new IllegalStateException("missing test resource " + name);
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    static void assertMatches(String actual, String golden) throws IOException {
        if (Boolean.getBoolean("mirage.bench.updateGolden")) {
            Path p = Path.of("src/test/resources/golden", golden);
            Files.writeString(p, actual, StandardCharsets.UTF_8);
            return;
        }
        assertThat(actual).as("output differs from golden file %s", golden).isEqualTo(resource("golden/" + golden));
    }
}

package mirage.io;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AtomicFileTest {

    @Test
    void writesWholeFileReadableByAll(@TempDir Path dir) throws IOException {
        Path f = dir.resolve("out.csv");
        AtomicFile.writeString(f, "a,b\n");
        assertThat(f).hasContent("a,b");
        // the permissions of any new file of this process (its umask): rw-r--r-- under the usual 022
        Path probe = Files.createFile(dir.resolve("probe"));
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(f)))
                .isEqualTo(PosixFilePermissions.toString(Files.getPosixFilePermissions(probe)));
    }

    @Test
    void aTargetThatIsNotARegularFileIsRefusedAndLeftAlone(@TempDir Path dir) throws Exception {
        Path folder = Files.createDirectories(dir.resolve("folder"));
        assertThatThrownBy(() -> AtomicFile.writeString(folder, "x")).isInstanceOf(mirage.core.InputException.class)
                .hasMessageContaining("not a regular file");
        assertThat(folder).isDirectory();
        Path fifo = dir.resolve("fifo");
        if (new ProcessBuilder("mkfifo", fifo.toString()).start().waitFor() == 0) {
            assertThatThrownBy(() -> AtomicFile.writeString(fifo, "x")).isInstanceOf(mirage.core.InputException.class);
            assertThat(Files.isRegularFile(fifo)).isFalse();
            assertThat(Files.exists(fifo)).isTrue();
        }
        try (var files = Files.list(dir)) {
            assertThat(files.map(p -> p.getFileName().toString())).as("no temporary file left").allSatisfy(n -> assertThat(n)
                    .isIn("folder", "fifo"));
        }
    }

    @Test
    void failureKeepsOldFileAndLeavesNoTemporary(@TempDir Path dir) throws IOException {
        Path f = dir.resolve("out.csv");
        AtomicFile.writeString(f, "old\n");
        assertThatThrownBy(() -> AtomicFile.writeText(f, w -> {
            w.write("half of the new");
            throw new IOException("disk full");
        })).hasMessage("disk full");
        assertThat(f).hasContent("old");
        try (var files = Files.list(dir)) {
            assertThat(files).containsExactly(f);
        }
    }
}

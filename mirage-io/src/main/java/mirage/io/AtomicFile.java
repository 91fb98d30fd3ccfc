package mirage.io;

import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;

/**
 * Writes a file so that readers see either the old file or the complete new one, never half of it:
 * the content goes to a temporary file in the same directory ({@code .NAME.RANDOM.tmp}), which is renamed
 * over the target when (and only when) writing succeeded. On failure the temporary file is deleted; a kill
 * leaves it behind, and the commands that own a folder remove such leftovers ({@link OutputFolder}). The
 * temporary file is created with the process's umask, as any new file, so every output has the same
 * permissions (0644 under the usual umask 022). A target that exists and is not a regular file (a device such
 * as /dev/null, a FIFO, a folder) is refused: renaming over it would replace it.
 */
public final class AtomicFile {
    private AtomicFile() {
    }

    /** Something that writes the whole content. */
    @FunctionalInterface
    public interface Content<T> {
        void writeTo(T out) throws IOException;
    }

    public static void write(Path target, Content<OutputStream> content) throws IOException {
        if (Files.exists(target) && !Files.isRegularFile(target)) {
            throw new mirage.core.InputException(target.toString(), 0, null, "exists and is not a regular file (a folder, a device or "
                    + "a FIFO): an output is written to a new file renamed into place, which cannot replace it");
        }
        Path dir = target.toAbsolutePath().getParent();
        Files.createDirectories(dir);
        Path tmp = createTemp(dir, target.getFileName().toString());
        boolean ok = false;
        try {
            try (OutputStream out = Files.newOutputStream(tmp)) {
                content.writeTo(out);
            }
            try {
                Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(tmp, target, StandardCopyOption.REPLACE_EXISTING);
            }
            ok = true;
        } finally {
            if (!ok) {
                Files.deleteIfExists(tmp);
            }
        }
    }

    /**
     * A new, empty {@code .NAME.RANDOM.tmp} in {@code dir}, created as any new file is (permissions from the umask;
     * {@link Files#createTempFile} would make it owner-only).
     */
    public static Path createTemp(Path dir, String name) throws IOException {
        java.util.concurrent.ThreadLocalRandom r = java.util.concurrent.ThreadLocalRandom.current();
        for (int attempt = 0; ; attempt++) {
            Path tmp = dir.resolve("." + name + "." + Long.toUnsignedString(r.nextLong() & Long.MAX_VALUE, 36) + ".tmp");
            try {
                return Files.createFile(tmp);
            } catch (java.nio.file.FileAlreadyExistsException e) {
                if (attempt > 100) {
                    throw e;
                }
            }
        }
    }

    /** Writes UTF-8 text atomically. */
    public static void writeText(Path target, Content<Writer> content) throws IOException {
        write(target, out -> {
            Writer w = new java.io.BufferedWriter(new java.io.OutputStreamWriter(out, StandardCharsets.UTF_8), 1 << 16);
            content.writeTo(w);
            w.flush();
        });
    }

    /** Writes a string atomically, wrapping I/O errors. */
    public static void writeString(Path target, String text) {
        try {
            writeText(target, w -> w.write(text));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + target, e);
        }
    }
}

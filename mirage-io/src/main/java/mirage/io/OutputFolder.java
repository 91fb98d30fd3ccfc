package mirage.io;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;
import mirage.core.InputException;

/**
 * A folder of outputs that appear together (the outputs of {@code mirage analyze}): a run writes its files into a
 * fresh staging folder inside DIR ({@code .mirage-staging-RUN}), however long that takes, and then commits them:
 *
 * <ol>
 *   <li>the list of files to move into DIR and of old files to remove is written to the journal
 *       {@code DIR/.mirage-commit} (atomically);</li>
 *   <li>each staged file is renamed into DIR (a folder such as {@code figures/} is swapped: the old one is moved
 *       into the staging folder first), in the order given, then the old files of other runs that the new set
 *       does not replace are removed (moved into the staging folder when they are folders);</li>
 *   <li>the staging folder is deleted, then the journal.</li>
 * </ol>
 *
 * A kill before step 1 leaves DIR as it was (plus the staging folder, a leftover); a kill after step 3 leaves the
 * new set. A kill in between leaves the journal: readers ({@link #checkComplete}, e.g. {@code mirage report})
 * refuse the folder, and the next run into DIR ({@link #begin}) or {@link #recover} completes the commit from the
 * staging folder, which holds every file not yet moved (each step can be redone). Every rename stays within one
 * file system, so each is atomic. Leftovers of killed runs (staging folders, temporary files of
 * {@link AtomicFile} named after an owned output, the report's {@code .figures-*} folders) are removed by
 * {@link #begin}. Only names the caller owns are touched: other files in DIR are left alone.
 *
 * <p>One run at a time: {@link #begin} takes an exclusive lock on {@code DIR/.mirage-lock} and holds it until
 * {@link #close}, which deletes the file; a second run into the same DIR, from this or another process, is refused
 * with one line (exit 2) instead of removing the first run's staging folder as a leftover and mixing the two sets. The
 * operating system drops the lock of a killed process, so a kill never leaves DIR locked (only the empty file, which
 * the next run takes over). A lock is only trusted when the file it is on is still the one at the path (a run that
 * deleted the file as it ended cannot leave two runs each holding a lock on a different file): otherwise it is taken
 * again.
 */
public final class OutputFolder implements AutoCloseable {
    /** The lock file of the run writing into DIR. */
    public static final String LOCK = ".mirage-lock";
    /** The journal of a commit in progress. */
    public static final String JOURNAL = ".mirage-commit";
    /** Prefix of the staging folders. */
    public static final String STAGING = ".mirage-staging-";

    private static final ObjectMapper JSON = new ObjectMapper();

    private final Path dir;
    private final Path staging;
    private final Held held;

    /** DIR's lock file, open, and its lock. */
    private record Held(FileChannel channel, FileLock lock) {
    }

    private OutputFolder(Path dir, Path staging, Held held) {
        this.dir = dir;
        this.staging = staging;
        this.held = held;
    }

    /** The identity (device and inode) of the file at a path, null when there is none. */
    private static Object fileKey(Path p) {
        try {
            return Files.readAttributes(p, BasicFileAttributes.class,
                    LinkOption.NOFOLLOW_LINKS).fileKey();
        } catch (IOException e) {
            return null;
        }
    }

    /** An open channel on DIR's lock file and its lock, or InputException (exit 2) when another run holds it. */
    private static Held lock(Path dir) throws IOException {
        Path file = dir.resolve(LOCK);
        for (int attempt = 0; attempt < 100; attempt++) {
            FileChannel ch = FileChannel.open(file,
                    StandardOpenOption.CREATE, StandardOpenOption.WRITE);
            Object opened = fileKey(file);
            FileLock l;
            try {
                l = ch.tryLock();
            } catch (OverlappingFileLockException e) {
                l = null; // held by another run in this JVM
            }
            if (l == null) {
                ch.close();
                throw new InputException(dir.toString(), 0, null, "another mirage run is writing into this folder now ("
                        + LOCK + " is locked); wait for it to finish or choose another --out");
            }
            Object now = fileKey(file);
            if (now != null && now.equals(opened)) {
                return new Held(ch, l);
            }
            l.release(); // the file was deleted or replaced by a run that ended meanwhile: take the new one
            ch.close();
        }
        throw new IOException(file + ": the lock file keeps changing");
    }

    /**
     * Prepares DIR for a run: makes it when missing, completes a commit a killed run left, removes the leftovers
     * of killed runs and makes a fresh staging folder.
     *
     * @param owned the names of the outputs that belong to the command (their temporary files are leftovers)
     */
    public static OutputFolder begin(Path dir, Collection<String> owned) throws IOException {
        Files.createDirectories(dir);
        Held held = lock(dir);
        try {
            recover(dir);
            Set<String> names = new LinkedHashSet<>(owned);
            names.add(JOURNAL);
            removeLeftovers(dir, names);
            String id = Long.toString(System.currentTimeMillis(), 36) + "-" + Long.toString(ProcessHandle.current().pid(), 36);
            Path staging = Files.createDirectory(dir.resolve(STAGING + id));
            return new OutputFolder(dir, staging, held);
        } catch (IOException | RuntimeException e) {
            Files.deleteIfExists(dir.resolve(LOCK));
            held.lock().release();
            held.channel().close();
            throw e;
        }
    }

    /** Releases DIR's lock (after the commit and everything written beside it, such as the report). */
    @Override
    public void close() {
        try {
            if (held.lock().isValid()) {
                Files.deleteIfExists(dir.resolve(LOCK)); // while still held: a run waiting on it then sees another file
                held.lock().release();
            }
            held.channel().close();
        } catch (IOException e) {
            // the lock goes with the channel or the process; a left file is taken over by the next run
        }
    }

    /** The folder the outputs appear in. */
    public Path dir() {
        return dir;
    }

    /** Where the run writes its outputs before the commit. */
    public Path staging() {
        return staging;
    }

    /** The staged path of an output. */
    public Path stage(String name) {
        return staging.resolve(name);
    }

    /**
     * Moves every staged output into DIR as one set (files in name order, {@code provenance.json} last), and removes
     * the owned outputs of earlier runs named in {@code remove} that the new set does not have.
     */
    public void commit(Collection<String> remove) throws IOException {
        List<String> moves = new ArrayList<>();
        try (Stream<Path> s = Files.list(staging)) {
            s.map(p -> p.getFileName().toString()).sorted(Comparator.comparing((String n) -> n.equals("provenance.json"))
                    .thenComparing(Comparator.naturalOrder())).forEach(moves::add);
        }
        List<String> deletes = new ArrayList<>();
        for (String r : remove) {
            if (!moves.contains(r)) {
                deletes.add(r);
            }
        }
        ObjectNode j = JSON.createObjectNode();
        j.put("staging", staging.getFileName().toString());
        moves.forEach(j.putArray("moves")::add);
        deletes.forEach(j.putArray("deletes")::add);
        AtomicFile.writeString(dir.resolve(JOURNAL), JSON.writerWithDefaultPrettyPrinter().writeValueAsString(j) + "\n");
        crashPoint("journal");
        apply(dir, staging, moves, deletes);
    }

    /** Deletes the staging folder of a run that ends without a commit (a failure). */
    public void abandon() {
        try {
            deleteTree(staging);
        } catch (IOException e) {
            // a leftover the next run removes
        }
    }

    /** Completes a commit a killed run left in DIR (nothing when there is none). */
    public static void recover(Path dir) throws IOException {
        Path journal = dir.resolve(JOURNAL);
        if (!Files.isRegularFile(journal)) {
            return;
        }
        JsonNode j;
        try {
            j = JSON.readTree(journal.toFile());
        } catch (IOException e) {
            throw new InputException(journal.toString(), 0, null, "cannot read the journal of an interrupted commit (" + e.getMessage()
                    + "): remove it, and rerun the command that writes " + dir);
        }
        String st = j.path("staging").asText("");
        if (!st.startsWith(STAGING) || st.contains("/") || st.contains("\\")) {
            throw new InputException(journal.toString(), 0, "staging", "is not a staging folder of this folder: '" + st + "'");
        }
        List<String> moves = new ArrayList<>();
        j.path("moves").forEach(n -> moves.add(n.asText()));
        List<String> deletes = new ArrayList<>();
        j.path("deletes").forEach(n -> deletes.add(n.asText()));
        for (String n : moves) {
            safeName(journal, n);
        }
        for (String n : deletes) {
            safeName(journal, n);
        }
        apply(dir, dir.resolve(st), moves, deletes);
    }

    /**
     * For readers of the folder: refuses one a killed run left between two sets of outputs (a journal remains),
     * as bad input naming the folder.
     */
    public static void checkComplete(Path dir) {
        if (Files.exists(dir.resolve(JOURNAL))) {
            throw new InputException(dir.toString(), 0, null, "an interrupted 'mirage analyze' left this folder between two runs "
                    + "(killed while renaming its outputs into place: some files are new, some old); run 'mirage analyze' into it "
                    + "again, which first completes the interrupted run");
        }
    }

    private static void safeName(Path journal, String n) {
        if (n.isEmpty() || n.contains("/") || n.contains("\\") || n.equals(".") || n.equals("..")) {
            throw new InputException(journal.toString(), 0, null, "names a path that is not a file of this folder: '" + n + "'");
        }
    }

    /** The commit's steps; each can be redone after a kill. */
    private static void apply(Path dir, Path staging, List<String> moves, List<String> deletes) throws IOException {
        if (Files.isDirectory(staging)) {
            for (String n : moves) {
                Path from = staging.resolve(n);
                Path to = dir.resolve(n);
                if (!Files.exists(from, LinkOption.NOFOLLOW_LINKS)) {
                    continue; // moved before the kill
                }
                if (Files.isDirectory(from)) {
                    if (Files.exists(to)) {
                        Path old = staging.resolve(".old-" + n);
                        deleteTree(old);
                        move(to, old);
                    }
                    move(from, to);
                } else {
                    if (Files.isDirectory(to)) {
                        Path old = staging.resolve(".old-" + n);
                        deleteTree(old);
                        move(to, old);
                    }
                    move(from, to);
                }
                crashPoint("commit:" + n);
            }
            for (String n : deletes) {
                Path p = dir.resolve(n);
                if (Files.isDirectory(p, LinkOption.NOFOLLOW_LINKS)) {
                    Path old = staging.resolve(".old-" + n);
                    deleteTree(old);
                    move(p, old);
                } else {
                    Files.deleteIfExists(p);
                }
            }
            deleteTree(staging);
        } else {
            for (String n : deletes) {
                Path p = dir.resolve(n);
                if (Files.isDirectory(p, LinkOption.NOFOLLOW_LINKS)) {
                    deleteTree(p);
                } else {
                    Files.deleteIfExists(p);
                }
            }
        }
        Files.deleteIfExists(dir.resolve(JOURNAL));
    }

    /**
     * Removes what killed runs leave: staging folders, the report's {@code .figures-*} folders, and temporary files
     * {@code .NAME.*.tmp} of the owned names (also those of the old skipped.csv writer).
     */
    static void removeLeftovers(Path dir, Set<String> owned) throws IOException {
        try (DirectoryStream<Path> ds = Files.newDirectoryStream(dir, ".*")) {
            for (Path p : ds) {
                String n = p.getFileName().toString();
                if (n.startsWith(STAGING) || n.startsWith(".figures-")) {
                    deleteTree(p);
                    continue;
                }
                if (n.endsWith(".tmp") && Files.isRegularFile(p, LinkOption.NOFOLLOW_LINKS)) {
                    for (String o : owned) {
                        if (n.startsWith("." + o + ".")) {
                            Files.deleteIfExists(p);
                            break;
                        }
                    }
                }
            }
        }
    }

    private static void move(Path from, Path to) throws IOException {
        try {
            Files.move(from, to, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (AtomicMoveNotSupportedException e) {
            Files.move(from, to, StandardCopyOption.REPLACE_EXISTING);
        }
    }

    /** Deletes a file or a folder with everything in it (links are removed, not followed). */
    public static void deleteTree(Path p) throws IOException {
        if (!Files.exists(p, LinkOption.NOFOLLOW_LINKS)) {
            return;
        }
        try (Stream<Path> s = Files.walk(p)) {
            for (Path q : (Iterable<Path>) s.sorted(Comparator.reverseOrder())::iterator) {
                Files.deleteIfExists(q);
            }
        }
    }

    /**
     * A test hook of the kill tests: when the system property {@code mirage.crashtest.stop} names this point, the
     * process says so on stderr and waits there until it is killed. Does nothing otherwise.
     */
    public static void crashPoint(String point) {
        String stop = System.getProperty("mirage.crashtest.stop");
        if (stop == null || !stop.equals(point)) {
            return;
        }
        System.err.println("crashtest: stopped at " + point);
        System.err.flush();
        while (true) {
            try {
                Thread.sleep(60_000);
            } catch (InterruptedException e) {
                // keep waiting for the kill
            }
        }
    }
}

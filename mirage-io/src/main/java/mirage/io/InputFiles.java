package mirage.io;

import java.io.BufferedInputStream;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.zip.GZIPInputStream;

/**
 * Opens input files for every reader, with one set of rules: gzip is recognised by its magic bytes (not by the
 * file name); truncated or corrupt gzip data is a {@link CorruptInputException} naming the file, thrown by every
 * read from then on (a reader cannot skip past it); a UTF-8 byte-order mark at the start of the text is skipped
 * and a UTF-16 or UTF-32 one is bad input. The SHA-256 of the file as stored on disk can be computed while it is
 * read, so provenance needs no second pass over a large input.
 */
public final class InputFiles {
    private InputFiles() {
    }

    /** An open input with the digest of the bytes read so far from the file (compressed bytes for .gz). */
    public static final class Opened extends FilterInputStream {
        private final MessageDigest digest;
        private final CountingStream raw;
        private final boolean gzip;

        private Opened(InputStream in, CountingStream raw, MessageDigest digest, boolean gzip) {
            super(in);
            this.raw = raw;
            this.digest = digest;
            this.gzip = gzip;
        }

        /** Whether the file is gzip-compressed. */
        public boolean gzip() {
            return gzip;
        }

        /** Bytes read from the file so far. */
        public long fileBytes() {
            return raw.count;
        }

        private String sha;

        /**
         * Reads what is left of the file (so the digest covers all of it, even when a reader stopped early)
         * and returns the hex SHA-256 of the file's bytes. May be called before or after {@link #close()}.
         */
        public String sha256() throws IOException {
            if (sha == null) {
                byte[] skip = new byte[1 << 16];
                while (raw.read(skip) >= 0) {
                    // drain into the digest
                }
                sha = HexFormat.of().formatHex(digest.digest());
            }
            return sha;
        }

        @Override
        public void close() throws IOException {
            if (sha == null) {
                try {
                    sha256();
                } catch (IOException e) {
                    // the digest stays unknown; closing must still happen
                    sha = "unknown";
                }
            }
            super.close();
        }
    }

    /** Counts and digests the raw file bytes. */
    private static final class CountingStream extends FilterInputStream {
        private final MessageDigest digest;
        private long count;

        CountingStream(InputStream in, MessageDigest digest) {
            super(in);
            this.digest = digest;
        }

        @Override
        public int read() throws IOException {
            int b = super.read();
            if (b >= 0) {
                digest.update((byte) b);
                count++;
            }
            return b;
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            int n = super.read(b, off, len);
            if (n > 0) {
                digest.update(b, off, n);
                count += n;
            }
            return n;
        }

        @Override
        public long skip(long n) throws IOException {
            byte[] buf = new byte[(int) Math.min(n, 1 << 16)];
            long done = 0;
            while (done < n) {
                int r = read(buf, 0, (int) Math.min(buf.length, n - done));
                if (r < 0) {
                    break;
                }
                done += r;
            }
            return done;
        }
    }

    /** Opens a file, decompressing gzip (detected by its magic bytes), digesting the file bytes. */
    public static Opened open(Path file) throws IOException {
        MessageDigest md = sha256();
        CountingStream raw = new CountingStream(Files.newInputStream(file), md);
        try {
            BufferedInputStream b = new BufferedInputStream(raw, 1 << 16);
            boolean gz = isGzip(b);
            return new Opened(text(gz ? gunzip(b, file.toString()) : b, file.toString()), raw, md, gz);
        } catch (IOException | RuntimeException e) {
            raw.close();
            throw e;
        }
    }

    /** Opens a file's text without a digest: gzip recognised by its magic bytes, the byte-order-mark rule of {@link #open}. */
    public static InputStream openText(Path file) throws IOException {
        InputStream raw = Files.newInputStream(file);
        try {
            return maybeGunzip(new BufferedInputStream(raw, 1 << 16), file.toString());
        } catch (IOException | RuntimeException e) {
            raw.close();
            throw e;
        }
    }

    /**
     * Wraps a stream that is not a file (tests, fuzzing, chunks): decompresses gzip when the magic bytes say so
     * and applies the byte-order-mark rule of {@link #open}.
     */
    public static InputStream maybeGunzip(InputStream in, String name) throws IOException {
        BufferedInputStream b = in instanceof BufferedInputStream bb ? bb : new BufferedInputStream(in, 1 << 16);
        return text(isGzip(b) ? gunzip(b, name) : b, name);
    }

    private static boolean isGzip(BufferedInputStream b) throws IOException {
        b.mark(2);
        int b0 = b.read();
        int b1 = b.read();
        b.reset();
        return b0 == 0x1f && b1 == 0x8b;
    }

    /**
     * The one byte-order-mark rule of every reader: a UTF-8 byte-order mark at the start of the (decompressed)
     * text is skipped; a UTF-16 or UTF-32 one is bad input (mirage reads UTF-8), named with the file.
     */
    private static InputStream text(InputStream in, String name) throws IOException {
        BufferedInputStream b = in instanceof BufferedInputStream bb ? bb : new BufferedInputStream(in, 1 << 16);
        b.mark(4);
        byte[] head = b.readNBytes(4);
        b.reset();
        int n = head.length;
        int h0 = n > 0 ? head[0] & 0xff : -1;
        int h1 = n > 1 ? head[1] & 0xff : -1;
        int h2 = n > 2 ? head[2] & 0xff : -1;
        int h3 = n > 3 ? head[3] & 0xff : -1;
        if (h0 == 0xEF && h1 == 0xBB && h2 == 0xBF) {
            b.skipNBytes(3);
            return b;
        }
        String other = null;
        if (h0 == 0 && h1 == 0 && h2 == 0xFE && h3 == 0xFF) {
            other = "UTF-32";
        } else if (h0 == 0xFF && h1 == 0xFE && h2 == 0 && h3 == 0) {
            other = "UTF-32";
        } else if ((h0 == 0xFE && h1 == 0xFF) || (h0 == 0xFF && h1 == 0xFE)) {
            other = "UTF-16";
        }
        if (other != null) {
            throw new mirage.core.InputException(name, 0, null, "starts with a " + other + " byte-order mark: mirage reads UTF-8 text;"
                    + " convert the file (e.g. iconv -f " + other + " -t UTF-8)");
        }
        return b;
    }

    /** A gzip stream whose truncated or corrupt data is one {@link CorruptInputException} naming the file. */
    private static InputStream gunzip(InputStream b, String name) throws IOException {
        try {
            return new BufferedInputStream(new CheckedGunzip(new GZIPInputStream(b, 1 << 16), name), 1 << 16);
        } catch (java.util.zip.ZipException | java.io.EOFException e) {
            throw new CorruptInputException(name, "starts like gzip but is not valid gzip (" + e.getMessage() + "): repair or remove "
                    + "the file", e);
        }
    }

    /**
     * Turns the decompressor's failures (a truncated stream, bad data, a wrong check sum) into one
     * {@link CorruptInputException}, thrown again by every later read: a reader cannot read past it.
     */
    private static final class CheckedGunzip extends FilterInputStream {
        private final String name;
        private long out;
        private CorruptInputException failed;

        CheckedGunzip(InputStream in, String name) {
            super(in);
            this.name = name;
        }

        private CorruptInputException fail(IOException e) {
            if (failed == null) {
                failed = new CorruptInputException(name, "truncated or corrupt gzip data after " + out + " decompressed bytes ("
                        + e.getMessage() + "): repair or remove the file", e);
            }
            return failed;
        }

        @Override
        public int read() throws IOException {
            if (failed != null) {
                throw failed;
            }
            try {
                int c = super.read();
                if (c >= 0) {
                    out++;
                }
                return c;
            } catch (java.util.zip.ZipException | java.io.EOFException e) {
                throw fail(e);
            }
        }

        @Override
        public int read(byte[] buf, int off, int len) throws IOException {
            if (failed != null) {
                throw failed;
            }
            try {
                int n = super.read(buf, off, len);
                if (n > 0) {
                    out += n;
                }
                return n;
            } catch (java.util.zip.ZipException | java.io.EOFException e) {
                throw fail(e);
            }
        }

        @Override
        public long skip(long n) throws IOException {
            byte[] tmp = new byte[(int) Math.min(n, 1 << 16)];
            long done = 0;
            while (done < n) {
                int r = read(tmp, 0, (int) Math.min(tmp.length, n - done));
                if (r < 0) {
                    break;
                }
                done += r;
            }
            return done;
        }
    }

    /**
     * What a reader's error about a file comes from: when the file is gzip whose data is truncated or corrupt, that
     * ({@link CorruptInputException}, with {@code e} suppressed): garbage decompressed from corrupt data often fails
     * a parser before the gzip check sum does. Otherwise {@code e}.
     */
    public static mirage.core.InputException rootCause(Path file, mirage.core.InputException e) {
        if (e instanceof CorruptInputException || file == null) {
            return e;
        }
        try (InputStream raw = Files.newInputStream(file)) {
            if (raw.read() != 0x1f || raw.read() != 0x8b) {
                return e;
            }
        } catch (IOException x) {
            return e;
        }
        try (InputStream raw = new BufferedInputStream(Files.newInputStream(file), 1 << 16)) {
            checkGzip(raw, file.toString());
        } catch (CorruptInputException c) {
            c.addSuppressed(e);
            return c;
        } catch (IOException | RuntimeException x) {
            // unreadable for another reason: the reader's error stands
        }
        return e;
    }

    /**
     * Decompresses gzip bytes to their end (nothing is kept), throwing the {@link CorruptInputException} of truncated
     * or corrupt data; the text's byte-order-mark rule is not applied.
     */
    public static void checkGzip(InputStream raw, String name) throws IOException {
        drain(gunzip(raw, name));
    }

    /**
     * Reads what is left of a decompressed stream, so that a reader that stopped at the end of its document still
     * finds a truncated or corrupt gzip stream (its end and check sum come last).
     */
    public static void drain(InputStream in) throws IOException {
        byte[] buf = new byte[1 << 16];
        while (in.read(buf) >= 0) {
            // nothing: reading is the check
        }
    }

    private static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is required of every Java platform", e);
        }
    }

    /** The file name without directories and without the extensions .gz, .csv, .jsonl, .json, .tsv. */
    public static String stem(Path file) {
        String n = file.getFileName() == null ? file.toString() : file.getFileName().toString();
        for (String ext : new String[] {".gz", ".csv", ".jsonl", ".ndjson", ".json", ".tsv"}) {
            if (n.length() > ext.length() && n.toLowerCase(java.util.Locale.ROOT).endsWith(ext)) {
                n = n.substring(0, n.length() - ext.length());
            }
        }
        return n;
    }
}

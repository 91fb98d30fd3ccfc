package mirage.io.provenance;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import mirage.io.AtomicFile;

/**
 * What produced an output: tool version and git commit, Java and OS, the command and its fully
 * resolved configuration, the seeds, and every input file with its size and SHA-256. Written as
 * {@code provenance.json} next to every output (format in docs/FORMATS.md).
 */
public final class Provenance {
    private final String command;
    private final List<String> arguments;
    private final Map<String, Object> config = new TreeMap<>();
    private final Map<String, Long> seeds = new TreeMap<>();
    private final List<Map<String, Object>> inputs = new ArrayList<>();
    private final List<String> outputs = new ArrayList<>();
    private final Map<String, Object> notes = new TreeMap<>();
    private final Instant started = Instant.now();

    public Provenance(String command, List<String> arguments) {
        this.command = command;
        this.arguments = List.copyOf(arguments);
    }

    /** Records one resolved option (after defaults were applied). */
    public Provenance config(String key, Object value) {
        config.put(key, value);
        return this;
    }

    public Provenance seed(String key, long seed) {
        seeds.put(key, seed);
        return this;
    }

    /** Records an input file with its size and SHA-256 (a directory: each regular file under it). */
    public Provenance input(Path file) throws IOException {
        if (Files.isDirectory(file)) {
            try (var walk = Files.walk(file)) {
                for (Path p : (Iterable<Path>) walk.filter(Files::isRegularFile).sorted()::iterator) {
                    input(p);
                }
            }
            return this;
        }
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("path", file.toString());
        m.put("bytes", Files.size(file));
        m.put("sha256", sha256(file));
        inputs.add(m);
        return this;
    }

    /** Records an input whose size and SHA-256 were computed while it was read (no second pass over the file). */
    public Provenance input(Path file, long bytes, String sha256) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("path", file.toString());
        m.put("bytes", bytes);
        m.put("sha256", sha256);
        inputs.add(m);
        return this;
    }

    /** Records an input named by a URI or path that need not be local (e.g. {@code hdfs://...}), read elsewhere. */
    public Provenance input(String path, long bytes, String sha256) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("path", path);
        m.put("bytes", bytes);
        m.put("sha256", sha256);
        inputs.add(m);
        return this;
    }

    public Provenance output(String relativePath) {
        outputs.add(relativePath);
        return this;
    }

    /** A free-form fact worth keeping (counts of skipped rows, detected formats, ...). */
    public Provenance note(String key, Object value) {
        notes.put(key, value);
        return this;
    }

    /** The JSON tree as written. */
    public Map<String, Object> toMap() {
        Map<String, Object> m = new LinkedHashMap<>();
        Map<String, Object> tool = new LinkedHashMap<>();
        tool.put("name", "mirage");
        tool.put("version", version());
        GitInfo git = GitInfo.get();
        tool.put("git_commit", git.commit());
        tool.put("git_dirty", git.dirty());
        m.put("tool", tool);
        m.put("command", command);
        m.put("arguments", arguments);
        m.put("config", config);
        m.put("seeds", seeds);
        m.put("inputs", inputs);
        m.put("outputs", outputs);
        m.put("notes", notes);
        Map<String, Object> env = new LinkedHashMap<>();
        env.put("java_version", System.getProperty("java.version"));
        env.put("java_vendor", System.getProperty("java.vendor"));
        env.put("os_name", System.getProperty("os.name"));
        env.put("os_version", System.getProperty("os.version"));
        env.put("os_arch", System.getProperty("os.arch"));
        env.put("available_processors", Runtime.getRuntime().availableProcessors());
        env.put("max_heap_bytes", Runtime.getRuntime().maxMemory());
        m.put("environment", env);
        m.put("started", started.toString());
        m.put("finished", Instant.now().toString());
        return m;
    }

    /** Writes {@code provenance.json} atomically. */
    public void write(Path file) throws IOException {
        ObjectMapper om = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
        byte[] json = om.writeValueAsBytes(toMap());
        AtomicFile.write(file, out -> {
            out.write(json);
            out.write('\n');
        });
    }

    /** mirage's version, from the build. */
    public static String version() {
        try (InputStream in = Provenance.class.getResourceAsStream("/mirage/io/version.properties")) {
            Properties p = new Properties();
            if (in != null) {
                p.load(in);
            }
            return p.getProperty("version", "unknown");
        } catch (IOException e) {
            return "unknown";
        }
    }

    /** Hex SHA-256 of a file's bytes. */
    public static String sha256(Path file) throws IOException {
        MessageDigest md = digest();
        byte[] buf = new byte[1 << 16];
        try (InputStream in = Files.newInputStream(file)) {
            int n;
            while ((n = in.read(buf)) > 0) {
                md.update(buf, 0, n);
            }
        }
        return HexFormat.of().formatHex(md.digest());
    }

    public static String sha256(String text) {
        return HexFormat.of().formatHex(digest().digest(text.getBytes(StandardCharsets.UTF_8)));
    }

    private static MessageDigest digest() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is required of every Java platform", e);
        }
    }

    /** The git commit of the checkout mirage runs from, looked up once. */
    public record GitInfo(String commit, Boolean dirty) {
        private static volatile GitInfo cached;

        public static GitInfo get() {
            GitInfo g = cached;
            if (g == null) {
                g = lookUp();
                cached = g;
            }
            return g;
        }

        private static GitInfo lookUp() {
            String prop = System.getProperty("mirage.git.commit");
            if (prop != null && !prop.isBlank()) {
                return new GitInfo(prop, null);
            }
            try {
                Path here = Path.of(Provenance.class.getProtectionDomain().getCodeSource().getLocation().toURI());
                Path dir = Files.isDirectory(here) ? here : here.getParent();
                String commit = run(dir, "git", "rev-parse", "HEAD");
                if (commit == null || commit.length() < 7) {
                    return new GitInfo("unknown", null);
                }
                String status = run(dir, "git", "status", "--porcelain", "--untracked-files=no");
                return new GitInfo(commit, status == null ? null : !status.isEmpty());
            } catch (Exception e) {
                return new GitInfo("unknown", null);
            }
        }

        private static String run(Path dir, String... cmd) throws IOException, InterruptedException {
            Process p = new ProcessBuilder(cmd).directory(dir.toFile()).redirectErrorStream(false)
                    .redirectError(ProcessBuilder.Redirect.DISCARD).start();
            byte[] out = p.getInputStream().readAllBytes();
            if (!p.waitFor(5, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                return null;
            }
            return p.exitValue() == 0 ? new String(out, StandardCharsets.UTF_8).trim() : null;
        }
    }
}

package mirage.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The launcher {@code ./mirage} when it builds: Maven's output (which, even with -q -B, holds colour resets ESC[0m) does
 * not reach the terminal, so the first {@code ./mirage --help} starts with the usage; a failed build shows Maven's
 * output without escape sequences. A stand-in {@code mvn} writes the escapes (and the jar), a stand-in {@code java}
 * prints the usage.
 */
class LauncherTest {

    static Path launcher() {
        Path p = Path.of(System.getProperty("user.dir")).resolve("..").resolve("mirage").normalize();
        Assumptions.assumeTrue(Files.isRegularFile(p), "launcher not found at " + p);
        return p;
    }

    static void script(Path p, String body) throws Exception {
        Files.writeString(p, "#!/usr/bin/env bash\n" + body + "\n", StandardCharsets.UTF_8);
        Files.setPosixFilePermissions(p, PosixFilePermissions.fromString("rwxr-xr-x"));
    }

    record Result(int code, String out, String err) {
    }

    static Result run(Path root, Path bin) throws Exception {
        ProcessBuilder pb = new ProcessBuilder("bash", root.resolve("mirage").toString(), "--help");
        pb.environment().put("PATH", bin + ":" + System.getenv("PATH"));
        Path out = root.resolve("out.txt");
        Path err = root.resolve("err.txt");
        pb.redirectOutput(out.toFile()).redirectError(err.toFile());
        int code = pb.start().waitFor();
        return new Result(code, Files.readString(out), Files.readString(err));
    }

    @Test
    void theFirstHelpHasNoEscapeJunkFromTheBuild(@TempDir Path tmp) throws Exception {
        Path root = Files.createDirectories(tmp.resolve("repo"));
        Files.copy(launcher(), root.resolve("mirage"));
        Path bin = Files.createDirectories(tmp.resolve("bin"));
        script(bin.resolve("mvn"), "printf '\\033[0m\\033[0m'; printf '\\033[0m\\033[0m' >&2\n"
                + "mkdir -p mirage-cli/target/lib && touch mirage-cli/target/mirage-cli.jar");
        script(bin.resolve("java"), "echo 'Usage: mirage [-hV] [COMMAND]'");
        Result r = run(root, bin);
        assertThat(r.code()).isZero();
        assertThat(r.out()).isEqualTo("Usage: mirage [-hV] [COMMAND]\n");
        assertThat(r.err()).startsWith("mirage: building").doesNotContain("\u001b");
        // built: the second run does not build
        r = run(root, bin);
        assertThat(r.err()).isEmpty();
    }

    @Test
    void aFailedBuildShowsMavensOutputWithoutEscapes(@TempDir Path tmp) throws Exception {
        Path root = Files.createDirectories(tmp.resolve("repo"));
        Files.copy(launcher(), root.resolve("mirage"));
        Path bin = Files.createDirectories(tmp.resolve("bin"));
        script(bin.resolve("mvn"), "printf '\\033[1;31m[ERROR]\\033[m cannot find symbol\\n'; exit 1");
        script(bin.resolve("java"), "echo 'should not run'");
        Result r = run(root, bin);
        assertThat(r.code()).isEqualTo(1);
        assertThat(r.out()).isEmpty();
        assertThat(r.err()).contains("[ERROR] cannot find symbol").contains("mirage: build failed").doesNotContain("\u001b");
    }
}

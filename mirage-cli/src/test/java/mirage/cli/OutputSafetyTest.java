package mirage.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 17: outputs never replace inputs, a non-file --out is refused with a sentence, every output has the same
 * permissions, a run leaves no stale report and no leftovers, a half-committed folder is refused by the report,
 * and text from the inputs reaches the console without terminal control characters.
 */
class OutputSafetyTest {

    @Test
    void anOutputThatWouldReplaceAnInputIsRefused(@TempDir Path dir) throws Exception {
        Path samples = dir.resolve("s.jsonl");
        String text = SampleIntegrityTest.base();
        Files.writeString(samples, text);
        CliTest.Run s = CliTest.run("score", samples.toString(), "--out", samples.toString(), "--metrics", "exact_match");
        assertThat(s.code()).isEqualTo(2);
        assertThat(s.err()).hasLineCount(1).contains(samples.toString(), "input");
        assertThat(Files.readString(samples)).isEqualTo(text);
        // through another name of the same file
        Path link = dir.resolve("link.jsonl");
        Files.createSymbolicLink(link, samples);
        CliTest.Run s2 = CliTest.run("score", link.toString(), "--out", samples.toString(), "--metrics", "exact_match");
        assertThat(s2.code()).isEqualTo(2);
        assertThat(Files.readString(samples)).isEqualTo(text);

        Path csv = dir.resolve("long.csv");
        String long4 = AnalyzeCommandTest.LONG;
        Files.writeString(csv, long4);
        CliTest.Run p = CliTest.run("predict", csv.toString(), "--out", csv.toString());
        assertThat(p.code()).isEqualTo(2);
        assertThat(p.err()).hasLineCount(1).contains(csv.toString(), "input");
        assertThat(Files.readString(csv)).isEqualTo(long4);

        // an input named series.csv inside --out
        Path out = Files.createDirectories(dir.resolve("out"));
        Path inside = out.resolve("series.csv");
        Files.writeString(inside, long4);
        CliTest.Run a = CliTest.run("analyze", inside.toString(), "--out", out.toString(), "--no-report");
        assertThat(a.code()).isEqualTo(2);
        assertThat(a.err()).hasLineCount(1).contains(inside.toString(), "input");
        assertThat(Files.readString(inside)).isEqualTo(long4);
        // the folder itself as input and output
        CliTest.Run a2 = CliTest.run("analyze", out.toString(), "--out", out.toString(), "--no-report");
        assertThat(a2.code()).isEqualTo(2);
        assertThat(Files.readString(inside)).isEqualTo(long4);
    }

    /** --out that is not a file (a FIFO or a device such as /dev/null) or, for a folder, an existing file: exit 2, a sentence. */
    @Test
    void anOutThatCannotBeWrittenIsBadInput(@TempDir Path dir) throws Exception {
        Path samples = dir.resolve("s.jsonl");
        Files.writeString(samples, SampleIntegrityTest.base());
        Path fifo = dir.resolve("fifo");
        Process mk = new ProcessBuilder("mkfifo", fifo.toString()).start();
        assumeTrue(mk.waitFor() == 0, "mkfifo is needed");
        CliTest.Run s = CliTest.run("score", samples.toString(), "--out", fifo.toString(), "--metrics", "exact_match");
        assertThat(s.code()).as(s.err()).isEqualTo(2);
        assertThat(s.err()).hasLineCount(1).contains("--out", fifo.toString(), "not a regular file");
        assertThat(Files.isRegularFile(fifo)).as("the FIFO is left as it was").isFalse();
        Path csv = dir.resolve("long.csv");
        Files.writeString(csv, AnalyzeCommandTest.LONG);
        CliTest.Run p = CliTest.run("predict", csv.toString(), "--out", fifo.toString());
        assertThat(p.code()).isEqualTo(2);
        assertThat(p.err()).hasLineCount(1).contains("not a regular file");
        // analyze --out at an existing file, and at a device
        CliTest.Run a = CliTest.run("analyze", csv.toString(), "--out", samples.toString(), "--no-report");
        assertThat(a.code()).isEqualTo(2);
        assertThat(a.err()).hasLineCount(1).contains("--out", samples.toString(), "not a folder");
        CliTest.Run d = CliTest.run("analyze", csv.toString(), "--out", "/dev/null", "--no-report");
        assertThat(d.code()).isEqualTo(2);
        assertThat(d.err()).hasLineCount(1).contains("--out", "/dev/null", "not a folder");
        CliTest.Run sim = CliTest.run("simulate", "--out", samples.toString());
        assertThat(sim.code()).isEqualTo(2);
        assertThat(sim.err()).hasLineCount(1).contains("not a folder");
    }

    @Test
    void skippedCsvHasThePermissionsOfEveryOtherOutput(@TempDir Path dir) throws Exception {
        assumeTrue(dir.getFileSystem().supportedFileAttributeViews().contains("posix"));
        Path csv = dir.resolve("long.csv");
        Files.writeString(csv, AnalyzeCommandTest.LONG);
        Path out = dir.resolve("out");
        CliTest.Run r = CliTest.run("analyze", csv.toString(), "--out", out.toString(), "--no-report");
        assertThat(r.code()).as(r.err()).isZero();
        String series = PosixFilePermissions.toString(Files.getPosixFilePermissions(out.resolve("series.csv")));
        for (String f : new String[] {"skipped.csv", "emergence.csv", "provenance.json", "verdicts.csv"}) {
            assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(out.resolve(f)))).as(f).isEqualTo(series);
        }
        // what a file created with the process's umask gets (rw-r--r-- under the usual 022)
        Path probe = Files.createFile(dir.resolve("probe"));
        assertThat(series).isEqualTo(PosixFilePermissions.toString(Files.getPosixFilePermissions(probe)));
    }

    /** --no-report after a run with a report removes the old report: it described other results. */
    @Test
    void noReportLeavesNoOldReportBesideNewResultsAndLeftoversAreCleaned(@TempDir Path dir) throws Exception {
        Path csv = dir.resolve("long.csv");
        Files.writeString(csv, AnalyzeCommandTest.LONG);
        Path out = dir.resolve("out");
        assertThat(CliTest.run("analyze", csv.toString(), "--out", out.toString()).code()).isZero();
        assertThat(out.resolve("report.html")).exists();
        // leftovers of killed runs
        Files.writeString(out.resolve(".series.csv.123456.tmp"), "half");
        Files.writeString(out.resolve(".skipped.csv.987.tmp"), "half");
        Files.createDirectories(out.resolve(".figures-42/x"));
        Files.createDirectories(out.resolve(".figures-old-7"));
        Files.writeString(out.resolve("notes.txt"), "the user's own file");
        CliTest.Run r = CliTest.run("analyze", csv.toString(), "--out", out.toString(), "--no-report");
        assertThat(r.code()).as(r.err()).isZero();
        assertThat(out.resolve("report.html")).doesNotExist();
        assertThat(out.resolve("report.provenance.json")).doesNotExist();
        assertThat(out.resolve("figures")).doesNotExist();
        assertThat(out.toFile().list()).containsExactlyInAnyOrder("series.csv", "emergence.csv", "by_metric.csv", "verdicts.csv",
                "backtest.csv", "skipped.csv", "provenance.json", "notes.txt");
    }

    /**
     * Two runs into one folder: the second is refused while the first holds the folder (before, it removed the first
     * run's staging folder as a leftover); from another process (a child JVM holding the lock) and from this one.
     */
    @Test
    void aSecondRunIntoAFolderInUseIsRefused(@TempDir Path dir) throws Exception {
        Path csv = dir.resolve("long.csv");
        Files.writeString(csv, AnalyzeCommandTest.LONG);
        Path out = dir.resolve("out");
        try (mirage.io.OutputFolder first = mirage.io.OutputFolder.begin(out, AnalyzeCommand.OUTPUTS)) {
            CliTest.Run r = CliTest.run("analyze", csv.toString(), "--out", out.toString());
            assertThat(r.code()).isEqualTo(2);
            assertThat(r.err()).hasLineCount(1).contains("another mirage run is writing into this folder");
            assertThat(first.staging()).isDirectory(); // the first run's staging folder is not taken for a leftover
        }
        java.util.List<String> cmd = java.util.List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-cp",
                System.getProperty("java.class.path"), LockHolder.class.getName(), out.toString());
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        try {
            java.io.BufferedReader in = new java.io.BufferedReader(new java.io.InputStreamReader(p.getInputStream()));
            assertThat(in.readLine()).isEqualTo("locked");
            CliTest.Run r = CliTest.run("analyze", csv.toString(), "--out", out.toString());
            assertThat(r.code()).isEqualTo(2);
            assertThat(r.err()).contains("another mirage run is writing into this folder");
        } finally {
            p.destroyForcibly(); // a killed holder leaves no lock behind
            p.waitFor();
        }
        CliTest.Run after = CliTest.run("analyze", csv.toString(), "--out", out.toString(), "--no-report");
        assertThat(after.code()).as(after.err()).isZero();
    }

    /** Holds an output folder (its lock) until killed: the other process of {@link #aSecondRunIntoAFolderInUseIsRefused}. */
    public static final class LockHolder {
        public static void main(String[] args) throws Exception {
            mirage.io.OutputFolder f = mirage.io.OutputFolder.begin(Path.of(args[0]), AnalyzeCommand.OUTPUTS);
            System.out.println("locked");
            System.out.flush();
            Thread.sleep(120_000);
            f.close();
        }
    }

    /** A folder that an interrupted analyze left between two runs is refused by the report. */
    @Test
    void theReportRefusesAHalfCommittedFolder(@TempDir Path dir) throws Exception {
        Path csv = dir.resolve("long.csv");
        Files.writeString(csv, AnalyzeCommandTest.LONG);
        Path out = dir.resolve("out");
        assertThat(CliTest.run("analyze", csv.toString(), "--out", out.toString(), "--no-report").code()).isZero();
        Files.writeString(out.resolve(".mirage-commit"), "{\"staging\": \".mirage-staging-x\", \"moves\": [\"series.csv\"], "
                + "\"deletes\": []}\n");
        CliTest.Run r = CliTest.run("report", out.toString());
        assertThat(r.code()).isEqualTo(2);
        assertThat(r.err()).hasLineCount(1).contains(out.toString(), "interrupted");
        assertThat(out.resolve("report.html")).doesNotExist();
    }

    /** Terminal escape sequences and NUL in names never reach the console raw. */
    @Test
    void consoleLinesCarryNoControlCharacters(@TempDir Path dir) throws Exception {
        Path csv = dir.resolve("evil.csv");
        String evil = "\"evil\u001b[2J\u001b]0;pwned\u0007\u0000\u009b31m\"";
        Files.writeString(csv, "model,task,metric,value\n"
                + "org/" + evil.substring(1, evil.length() - 1).replace("\"", "") + "-70m,add,acc,0.1\n"
                + "\"org/" + evil.substring(1, evil.length() - 1) + "-1b\",\"t\u001b[31m\",acc,0.2\n");
        Path out = dir.resolve("out");
        CliTest.Run r = CliTest.run("analyze", csv.toString(), "--out", out.toString(), "--no-report", "--strict");
        CliTest.Run l = CliTest.run("analyze", csv.toString(), "--out", out.toString(), "--no-report");
        for (CliTest.Run x : new CliTest.Run[] {r, l}) {
            assertThat(x.err() + x.out()).as(x.err() + x.out()).doesNotContain("\u001b").doesNotContain("\u0000")
                    .doesNotContain("\u0007").doesNotContain("\u009b").contains("evil");
        }
        Path bad = dir.resolve("evil\u001b[31m.csv");
        CliTest.Run m = CliTest.run("analyze", bad.toString(), "--out", out.toString());
        assertThat(m.code()).isEqualTo(2);
        assertThat(m.err()).doesNotContain("\u001b").contains("evil");
    }
}

package mirage.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/**
 * The help of every command at 80 columns: lines break at spaces only (picocli's own wrapping broke file names at
 * their dots, {@code backtest.}/{@code csv}), no line is longer than 80 characters unless it is one word, and the
 * command list shows each command's first sentence whole.
 */
class HelpTextTest {

    static List<CommandLine> all(CommandLine c) {
        List<CommandLine> out = new ArrayList<>(List.of(c));
        for (CommandLine s : c.getSubcommands().values()) {
            if (!s.getCommandName().equals("help")) {
                out.addAll(all(s));
            }
        }
        return out;
    }

    static String usage(CommandLine c) {
        StringWriter w = new StringWriter();
        c.usage(new PrintWriter(w), CommandLine.Help.Ansi.OFF);
        return w.toString();
    }

    static List<String> words(String s) {
        return Arrays.stream(s.split("\\s+")).filter(x -> !x.isEmpty()).toList();
    }

    @Test
    void everyHelpBreaksLinesAtSpacesOnlyWithin80Columns() {
        List<CommandLine> commands = all(MirageCommand.commandLine());
        // the same help unwrapped: picocli at a width where nothing wraps, without the layout
        CommandLine unwrapped = new CommandLine(new MirageCommand());
        unwrapped.setUsageHelpWidth(HelpLayout.UNWRAPPED);
        List<CommandLine> plains = all(unwrapped);
        assertThat(commands).hasSizeGreaterThan(12).hasSameSizeAs(plains);
        for (int k = 0; k < commands.size(); k++) {
            CommandLine c = commands.get(k);
            CommandLine plain = plains.get(k);
            String laidOut = usage(c);
            String name = c.getCommandSpec().qualifiedName();
            assertThat(plain.getCommandSpec().qualifiedName()).isEqualTo(name);
            assertThat(words(laidOut)).as(name + ": the words of the help, none split across lines").isEqualTo(words(usage(plain)));
            for (String line : laidOut.split("\n")) {
                assertThat(line.length() <= HelpLayout.WIDTH || words(line).size() == 1)
                        .as(name + ": line over 80 columns: " + line).isTrue();
            }
            assertThat(laidOut).as(name).doesNotContain("\u001b");
        }
        // the cases that were broken: a file name at its dot, a map example, a command summary
        String analyze = CliTest.run("analyze", "--help").out();
        assertThat(analyze).contains("backtest.csv").doesNotContainPattern("backtest\\.\\n");
        String top = CliTest.run("--help").out();
        assertThat(top).contains("one long\n              CSV row per cell and metric.");
    }

    @Test
    void theCommandListShowsEachFirstSentenceWhole() {
        for (CommandLine c : all(MirageCommand.commandLine())) {
            String[] d = c.getCommandSpec().usageMessage().description();
            if (d.length == 0) {
                continue;
            }
            assertThat(d[0].trim()).as(c.getCommandSpec().qualifiedName() + ": its summary is a sentence").matches("(?s)[A-Z].*[.?]")
                    .doesNotContain("\n");
            assertThat(d[0].length()).as(c.getCommandSpec().qualifiedName() + ": a summary of at most three lines").isLessThan(200);
        }
    }

    @Test
    void wrapsAtSpacesUnderTheDescription() {
        String line = "      --map=ENTRIES|FILE   column roles, e.g. 'model=Model;params=Model Size (B)*1e9;columns={task}_{shots}_{metric}',"
                + " or a map FILE with one entry per line (docs/FORMATS.md, \"Column maps\"); repeatable";
        String w = HelpLayout.wrap(line, 80, -1);
        for (String l : w.split("\n")) {
            assertThat(l.length()).isLessThanOrEqualTo(80);
        }
        assertThat(w.split("\n")[1]).startsWith(" ".repeat(29) + "(B)*1e9;");
        assertThat(w).contains("docs/FORMATS.md,");
        assertThat(HelpLayout.wrap("short", 80, -1)).isEqualTo("short");
    }
}

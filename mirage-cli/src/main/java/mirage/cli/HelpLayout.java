package mirage.cli;

import java.util.LinkedHashMap;
import java.util.Map;
import picocli.CommandLine;
import picocli.CommandLine.IHelpSectionRenderer;

/**
 * Lays out the help text at {@link #WIDTH} columns, breaking lines only at spaces. picocli wraps with the JDK's line
 * break rules, which break after a dot or a slash inside a word ({@code backtest.}/{@code csv},
 * {@code docs/FORMATS.}/{@code md}); here picocli renders every section without wrapping (a very wide usage width) and
 * each line is wrapped again: an option's or a command's description continues under its first word (indented by
 * two), a paragraph at its own indentation, the synopsis under the command's options.
 */
final class HelpLayout {
    private HelpLayout() {
    }

    /** Columns of the help text. */
    static final int WIDTH = 80;
    /** picocli's width, so that it never wraps (the layout here does). */
    static final int UNWRAPPED = 1000;

    /** Installs the layout on a command and all its subcommands. */
    static void install(CommandLine root) {
        root.setUsageHelpWidth(UNWRAPPED);
        installTree(root);
    }

    private static void installTree(CommandLine c) {
        Map<String, IHelpSectionRenderer> map = new LinkedHashMap<>(c.getHelpSectionMap());
        for (Map.Entry<String, IHelpSectionRenderer> e : map.entrySet()) {
            IHelpSectionRenderer r = e.getValue();
            boolean synopsis = e.getKey().equals(CommandLine.Model.UsageMessageSpec.SECTION_KEY_SYNOPSIS);
            e.setValue(help -> {
                String text = r.render(help);
                if (synopsis) { // printed after its heading, "Usage: "
                    String heading = help.commandSpec().usageMessage().synopsisHeading();
                    String prefix = heading == null ? "" : heading;
                    String wrapped = wrap(prefix + text, WIDTH, (prefix + help.commandSpec().qualifiedName() + " ").length());
                    return wrapped.substring(prefix.length());
                }
                return wrap(text, WIDTH, -1);
            });
        }
        c.setHelpSectionMap(map);
        for (CommandLine sub : c.getSubcommands().values()) {
            installTree(sub);
        }
    }

    /**
     * Wraps every line longer than {@code width} at spaces.
     *
     * @param hanging indentation of continuation lines; -1: found per line (see class comment)
     */
    static String wrap(String text, int width, int hanging) {
        StringBuilder out = new StringBuilder(text.length() + 64);
        String[] lines = text.split("\r?\n", -1);
        for (int li = 0; li < lines.length; li++) {
            String line = lines[li];
            if (li > 0) {
                out.append('\n');
            }
            if (line.length() <= width) {
                out.append(line);
                continue;
            }
            int start = hanging >= 0 ? 0 : descriptionStart(line);
            int indent = hanging >= 0 ? hanging : start == 0 ? 0 : start + 2;
            if (indent > width / 2) {
                indent = Math.min(start, 8);
            }
            out.append(line, 0, start);
            int col = start;
            boolean first = true;
            for (String word : line.substring(start).split(" +")) {
                if (word.isEmpty()) {
                    continue;
                }
                if (!first && col + 1 + word.length() > width) {
                    out.append('\n').append(" ".repeat(indent));
                    col = indent;
                    first = true;
                }
                if (!first) {
                    out.append(' ');
                    col++;
                }
                out.append(word);
                col += word.length();
                first = false;
            }
        }
        return out.toString();
    }

    /**
     * Where a line's text starts: after the first run of two or more spaces that follows a non-space (an option's or a
     * command's description), else after its leading spaces.
     */
    static int descriptionStart(String line) {
        int lead = 0;
        while (lead < line.length() && line.charAt(lead) == ' ') {
            lead++;
        }
        int gap = line.indexOf("  ", lead);
        while (gap >= 0) {
            int end = gap;
            while (end < line.length() && line.charAt(end) == ' ') {
                end++;
            }
            if (end < line.length()) {
                return end;
            }
            gap = line.indexOf("  ", end);
        }
        return lead;
    }
}

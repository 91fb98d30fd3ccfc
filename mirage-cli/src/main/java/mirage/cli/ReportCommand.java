package mirage.cli;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import mirage.report.Report;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/** {@code mirage report DIR}: the self-contained HTML report and its figures, from the analysis files in DIR. */
@Command(name = "report", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Writes the report of an analysis folder: one self-contained page (report.html) and its figures.",
            "DIR/report.html (no network access, opens in any modern browser, prints; it opens with the "
                + "answer, then every curve, findable and drawn on demand), DIR/figures/ (figures as SVG and PNG, "
                + "listed in figures.csv) and DIR/report.provenance.json, from the analysis files in DIR: "
                + "series.csv, emergence.csv, by_metric.csv, skipped.csv, verdicts.csv, backtest.csv, "
                + "lengths.csv, provenance.json, and simulation.csv in DIR or its sub-folders (docs/FORMATS.md). "
                + "Each file is optional; a missing one leaves its section out, with a note. --family, --task and "
                + "--metric report on part of the data."})
public final class ReportCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Parameters(index = "0", paramLabel = "DIR", description = "folder with the analysis files; the report is written into it")
    Path dir;

    @Option(names = "--max-panels", paramLabel = "n", defaultValue = "" + Report.Options.DEFAULT_MAX_PANELS,
            description = "(family, task, labels) groups of curves in the page, findable and drawn on demand, strongest"
                    + " evidence first (default: ${DEFAULT-VALUE}, i.e. all of them in practice)")
    int maxPanels;

    @Option(names = "--max-figures", paramLabel = "n", defaultValue = "40",
            description = "groups also written to figures/ as SVG and PNG (default: ${DEFAULT-VALUE})")
    int maxFigures;

    @Option(names = "--max-table-rows", paramLabel = "n", defaultValue = "20000",
            description = "rows per table in the page (default: ${DEFAULT-VALUE})")
    int maxTableRows;

    @Option(names = "--png-dpi", paramLabel = "dpi", defaultValue = "300",
            description = "resolution of the PNG figures; panels are 300 x 230 CSS pixels, 3.125 x 2.4 inches (default: ${DEFAULT-VALUE})")
    double pngDpi;

    @Option(names = "--no-figures", description = "do not write figures/")
    boolean noFigures;

    @picocli.CommandLine.Mixin
    SeriesFilterOptions select;

    @Override
    public Integer call() throws Exception {
        if (maxPanels < 0 || maxFigures < 0 || maxTableRows < 0) {
            throw new IllegalArgumentException("--max-panels, --max-figures and --max-table-rows must be at least 0");
        }
        Report.Options opts = Report.Options.defaults().withMaxPanels(maxPanels).withMaxFigures(maxFigures)
                .withMaxTableRows(maxTableRows).withFigures(!noFigures).withPngDpi(pngDpi)
                .withArguments(spec.commandLine().getParseResult().originalArgs()).withFilter(select.filter());
        Report.Result r = new Report(opts).write(dir);
        PrintWriter o = spec.commandLine().getOut();
        print(o, r);
        o.flush();
        return 0;
    }

    /** Prints where the report is, its summary and its notes. */
    static void print(PrintWriter o, Report.Result r) {
        o.println("report: " + r.page().toAbsolutePath().normalize());
        if (r.figures() > 0) {
            o.println("figures: " + r.page().toAbsolutePath().normalize().resolveSibling(Report.FIGURES) + " (" + r.figures()
                    + " figures as SVG and PNG)");
        }
        o.println("panels: " + r.groupsShown() + " of " + r.groups() + " groups of scaling curves, findable and drawable in the page");
        r.summary().print(o, AnalyzeCommand.CONSOLE_ANSWERS);
        for (String n : r.notes()) {
            o.println("note: " + n);
        }
    }
}

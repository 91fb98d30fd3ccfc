package mirage.cli;

import java.util.List;
import mirage.io.results.SeriesFilter;
import picocli.CommandLine.Option;

/** {@code --family/--task/--metric}: which series {@code mirage analyze} analyses and {@code mirage report} shows. */
public final class SeriesFilterOptions {
    @Option(names = "--family", split = ",", paramLabel = "NAMES",
            description = "only these families: names or patterns (* any text, ? one character), comma-separated (default: all)")
    List<String> families;

    @Option(names = "--task", split = ",", paramLabel = "NAMES",
            description = "only these tasks, e.g. 'lambada*' (names or patterns as --family; default: all)")
    List<String> tasks;

    @Option(names = "--metric", split = ",", paramLabel = "NAMES",
            description = "only these metrics (names or patterns as --family); a metric named exactly also keeps its declared"
                    + " smooth partners, so its verdict can still be judged (default: all)")
    List<String> metrics;

    SeriesFilter filter() {
        return new SeriesFilter(families, tasks, metrics);
    }
}

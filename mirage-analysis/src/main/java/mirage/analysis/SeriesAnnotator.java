package mirage.analysis;

import java.util.List;

/**
 * Extra columns of {@code emergence.csv}, computed per series (e.g. the verdict of the uncertainty
 * analysis, which looks up partner series with {@link SeriesView#partner(String)}). Columns are appended
 * after mirage's own, in the order the annotators are given. Called from several threads at once.
 */
public interface SeriesAnnotator {
    /** The column names. */
    List<String> columns();

    /** The values of the columns for one series, as written to CSV (empty string for unknown). */
    List<String> values(SeriesView s);
}

package mirage.io.csv;

import java.io.IOException;
import java.io.Writer;
import java.util.ArrayList;
import java.util.List;
import mirage.core.fit.Backtest;

/**
 * {@code backtest.csv}: one row per (series, route, held-out model) of a prediction backtest
 * ({@link Backtest}; columns in docs/FORMATS.md "backtest.csv").
 */
public final class BacktestCsv {
    /** The columns, in order. */
    public static final List<String> COLUMNS = AnalysisSchema.Backtest.COLUMNS;

    private BacktestCsv() {
    }

    public static void write(Writer out, Backtest.Report report) throws IOException {
        CsvWriter w = new CsvWriter(out);
        w.row(COLUMNS);
        for (Backtest.Row r : report.rows()) {
            List<String> f = new ArrayList<>(COLUMNS.size());
            f.add(r.key().family());
            f.add(r.key().task());
            f.add(r.key().labelText());
            f.add(r.key().metric());
            f.add(r.route());
            f.add(r.model());
            f.add(CsvWriter.number(r.scale()));
            f.add(CsvWriter.number(r.trainingPoints()));
            f.add(CsvWriter.number(r.observed()));
            f.add(CsvWriter.number(r.observedInterval().lower()));
            f.add(CsvWriter.number(r.observedInterval().upper()));
            f.add(CsvWriter.number(r.predicted()));
            f.add(r.interval() == null ? "" : CsvWriter.number(r.interval().lower()));
            f.add(r.interval() == null ? "" : CsvWriter.number(r.interval().upper()));
            f.add(r.interval() == null ? "" : r.interval().method());
            f.add(CsvWriter.number(r.error()));
            f.add(r.ok() ? Boolean.toString(r.within()) : "");
            f.add(r.status());
            f.add(r.detail());
            w.row(f);
        }
    }
}

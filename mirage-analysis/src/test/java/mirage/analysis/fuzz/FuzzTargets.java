package mirage.analysis.fuzz;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import mirage.core.InputException;
import mirage.core.data.ScaleAxis;
import mirage.core.metric.Metrics;
import mirage.io.InputFiles;
import mirage.io.csv.CsvRecord;
import mirage.io.csv.StreamingCsvReader;
import mirage.analysis.MetaAnalysis;
import mirage.analysis.PointTable;
import mirage.analysis.SeriesView;
import mirage.io.results.ColumnMap;
import mirage.io.results.ReadContext;
import mirage.io.results.ResultFormat;
import mirage.io.results.ResultReaders;
import mirage.io.results.ScalesTable;
import mirage.io.results.SkipLog;

/**
 * The fuzz targets: each feeds arbitrary bytes to one reader and lets only {@link InputException} pass
 * (any other exception, an error or a hang is a finding). Readers of aggregate formats feed a
 * {@link PointTable} and the meta-analysis runs on what was read, so the analysis is fuzzed too.
 */
final class FuzzTargets {
    private FuzzTargets() {
    }

    /** The readers, in the order of the selector byte of {@link AllReadersFuzzTest} (new ones go at the end). */
    enum Target { CSV, LONG_CSV, LONG_JSONL, WIDE, BIGBENCH, LMEVAL_RESULTS, LMEVAL_SAMPLES, SAMPLES, DETECT, COLUMN_MAP, SCALES, DAMAGED }

    static void run(Target t, byte[] data) throws IOException {
        try {
            switch (t) {
                case CSV -> csv(data);
                case LONG_CSV -> analyse(data, ResultFormat.LONG, false, ColumnMap.EMPTY);
                case LONG_JSONL -> analyse(data, ResultFormat.LONG, true, ColumnMap.EMPTY);
                case WIDE -> analyse(data, ResultFormat.WIDE, false, ColumnMap.parse(List.of("columns={task}_{shots}_{metric}")));
                case BIGBENCH -> analyse(data, ResultFormat.BIGBENCH, false, ColumnMap.EMPTY);
                case LMEVAL_RESULTS -> analyse(data, ResultFormat.LMEVAL_RESULTS, false, ColumnMap.EMPTY);
                case LMEVAL_SAMPLES -> analyse(data, ResultFormat.LMEVAL_SAMPLES, true, ColumnMap.EMPTY);
                case SAMPLES -> analyse(data, ResultFormat.SAMPLES, true, ColumnMap.EMPTY);
                case DETECT -> detectAndRead(data);
                case COLUMN_MAP -> ColumnMap.parse(List.of(new String(data, StandardCharsets.UTF_8)))
                        .matchTemplate("word_unscrambling_2_exact_match");
                case SCALES -> ScalesTable.read(InputFiles.maybeGunzip(new ByteArrayInputStream(data), "fuzz"), "fuzz.csv",
                        ColumnMap.EMPTY, new SkipLog(false));
                case DAMAGED -> DamagedInput.run(data);
                default -> throw new AssertionError(t);
            }
        } catch (InputException e) {
            // the one bad-input type: expected
            if (e.getMessage() == null || e.getMessage().isEmpty()) {
                throw new AssertionError("an InputException without a message", e);
            }
        }
    }

    static void csv(byte[] data) throws IOException {
        try (StreamingCsvReader r = new StreamingCsvReader(InputFiles.maybeGunzip(new ByteArrayInputStream(data), "fuzz"), "fuzz.csv", 4096)) {
            for (int guard = 0; guard < 100_000; guard++) {
                CsvRecord rec;
                try {
                    rec = r.next();
                } catch (InputException e) {
                    continue;
                }
                if (rec == null) {
                    break;
                }
                for (int i = 0; i < rec.size(); i++) {
                    rec.get(i);
                    try {
                        rec.number(i);
                    } catch (NumberFormatException e) {
                        // not a number: fine
                    }
                }
            }
        }
    }

    static void analyse(byte[] data, ResultFormat f, boolean jsonl, ColumnMap map) throws IOException {
        SkipLog log = new SkipLog(false);
        PointTable table = new PointTable(ScaleAxis.PARAMS, log);
        ReadContext ctx = new ReadContext(map, table, log, null, 1, Metrics.defaults(), null, true);
        InputStream in = InputFiles.maybeGunzip(new ByteArrayInputStream(data), "fuzz");
        ResultReaders.read(in, "fuzz", null, new ResultReaders.Detection(f, jsonl, "fuzz"), ctx);
        MetaAnalysis a = MetaAnalysis.run(table, log, null, 1);
        a.diagnostics();
        a.byMetric(10);
        for (int i = 0; i < a.seriesCount(); i++) {
            SeriesView s = a.series(i);
            s.labelText();
            s.otherLabelText();
            s.partner("accuracy");
            for (int k = 0; k < s.size(); k++) {
                s.source(k);
            }
        }
    }

    static void detectAndRead(byte[] data) throws IOException {
        InputStream in = InputFiles.maybeGunzip(new ByteArrayInputStream(data), "fuzz");
        byte[] all = in.readAllBytes();
        ResultReaders.Detection d = ResultReaders.detect(all, true, ColumnMap.EMPTY, "fuzz");
        analyse(all, d.format(), d.jsonl(), ColumnMap.EMPTY);
    }
}

package mirage.io.csv;

import java.io.IOException;
import java.io.Writer;
import java.util.ArrayList;
import java.util.List;
import mirage.core.verdict.Verdict;

/**
 * {@code verdicts.csv}: one row per (family, task, labels, discontinuous metric) verdict ({@link Verdict}; columns
 * in docs/FORMATS.md "verdicts.csv"): the key, the verdict with its reason, D's shape and the explanation first,
 * then every piece of evidence (D's sharpness, S's trend at D's jump, the composed route, the resolution of D's
 * zeros), then one column per label key ({@link AnalysisSchema#LABEL_PREFIX}). Readers look columns up by name
 * ({@link AnalysisSchema.Verdicts}); a golden-file test seals the header and the rows of a fixture.
 */
public final class VerdictsCsv {
    /** The columns, in order. */
    public static final List<String> COLUMNS = AnalysisSchema.Verdicts.COLUMNS;

    private VerdictsCsv() {
    }

    public static void write(Writer out, List<Verdict> verdicts) throws IOException {
        CsvWriter w = new CsvWriter(out);
        java.util.TreeSet<String> keys = new java.util.TreeSet<>();
        for (Verdict v : verdicts) {
            keys.addAll(v.labels().keySet());
        }
        List<String> header = new ArrayList<>(COLUMNS);
        header.addAll(AnalysisSchema.labelColumns(keys));
        w.row(header);
        for (Verdict v : verdicts) {
            Verdict.SharpnessEvidence d = v.sharpness();
            Verdict.PartnerEvidence s = v.partnerTrend();
            Verdict.RouteEvidence r = v.route();
            Verdict.ResolutionEvidence z = v.resolution();
            List<String> f = new ArrayList<>(COLUMNS.size());
            f.add(v.family());
            f.add(v.task());
            f.add(v.labelText());
            f.add(v.metric());
            f.add(v.partner() == null ? "" : v.partner());
            f.add(v.verdict().key());
            f.add(v.reason().key());
            f.add(d.shape());
            f.add(v.explanation());
            f.add(Boolean.toString(v.partnerDeclared()));
            f.add(CsvWriter.number(v.models()));
            f.add(CsvWriter.number(v.minScale()));
            f.add(CsvWriter.number(v.maxScale()));
            f.add(CsvWriter.number(v.minItems()));
            f.add(CsvWriter.number(v.triplets()));
            f.add(CsvWriter.number(d.emergenceScore()));
            f.add(CsvWriter.number(d.eta()));
            f.add(CsvWriter.number(d.etaLower()));
            f.add(CsvWriter.number(d.etaUpper()));
            f.add(d.method());
            f.add(CsvWriter.number(d.sharpP()));
            f.add(CsvWriter.number(d.sharpQ()));
            f.add(CsvWriter.number(d.smoothP()));
            f.add(CsvWriter.number(d.smoothQ()));
            f.add(CsvWriter.number(d.changeZ()));
            f.add(CsvWriter.number(d.jumpFrom()));
            f.add(CsvWriter.number(d.jumpTo()));
            f.add(s.errorForm());
            f.add(CsvWriter.number(s.eta()));
            f.add(CsvWriter.number(s.etaLower()));
            f.add(CsvWriter.number(s.etaUpper()));
            f.add(CsvWriter.number(s.excess()));
            f.add(CsvWriter.number(s.excessLower()));
            f.add(CsvWriter.number(s.excessUpper()));
            f.add(s.method());
            f.add(CsvWriter.number(s.jumpP()));
            f.add(CsvWriter.number(s.jumpQ()));
            f.add(CsvWriter.number(s.noJumpP()));
            f.add(CsvWriter.number(s.noJumpQ()));
            f.add(CsvWriter.number(s.misfit()));
            f.add(CsvWriter.number(s.lofP()));
            f.add(r.link());
            f.add(CsvWriter.number(r.maxDiscrepancy()));
            f.add(Boolean.toString(r.explains()));
            f.add(r.error());
            f.add(CsvWriter.number(z.nearFloor()));
            f.add(CsvWriter.number(z.belowResolution()));
            f.add(z.itemsNeeded() > 0 ? CsvWriter.number(z.itemsNeeded()) : "");
            f.add(z.sizesNeeded());
            f.addAll(AnalysisSchema.labelFields(keys, v.labels()));
            w.row(f);
        }
    }
}

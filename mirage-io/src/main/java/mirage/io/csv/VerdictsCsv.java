package mirage.io.csv;

import java.io.IOException;
import java.io.Writer;
import java.util.ArrayList;
import java.util.List;
import mirage.core.analysis.Verdict;

/**
 * {@code verdicts.csv}: one row per (family, task, labels, discontinuous metric) verdict
 * ({@link Verdict}; columns in docs/FORMATS.md "verdicts.csv"). Readers look columns up by name.
 */
public final class VerdictsCsv {
    /** The columns, in order. */
    public static final List<String> COLUMNS = List.of("family", "task", "labels", "metric", "partner", "partner_declared",
            "verdict", "n_models", "min_scale", "max_scale", "min_items", "emergence_score", "eta", "eta_lower", "eta_upper",
            "eta_method", "permutation_p", "bh_q", "triplets", "partner_eta", "partner_eta_lower", "partner_eta_upper",
            "partner_permutation_p", "partner_bh_q", "partner_misfit", "partner_lof_p", "partner_noise",
            "error_form", "link", "max_discrepancy", "explains", "confirmable", "items_needed", "sizes_needed",
            "explanation");

    private VerdictsCsv() {
    }

    public static void write(Writer out, List<Verdict> verdicts) throws IOException {
        CsvWriter w = new CsvWriter(out);
        w.row(COLUMNS);
        for (Verdict v : verdicts) {
            List<String> f = new ArrayList<>(COLUMNS.size());
            f.add(v.family());
            f.add(v.task());
            f.add(v.labelText());
            f.add(v.metric());
            f.add(v.partner() == null ? "" : v.partner());
            f.add(Boolean.toString(v.partnerDeclared()));
            f.add(v.verdict().key());
            f.add(CsvWriter.number(v.models()));
            f.add(CsvWriter.number(v.minScale()));
            f.add(CsvWriter.number(v.maxScale()));
            f.add(CsvWriter.number(v.minItems()));
            f.add(CsvWriter.number(v.emergenceScore()));
            f.add(CsvWriter.number(v.eta()));
            f.add(CsvWriter.number(v.etaLower()));
            f.add(CsvWriter.number(v.etaUpper()));
            f.add(v.etaMethod());
            f.add(CsvWriter.number(v.permutationP()));
            f.add(CsvWriter.number(v.q()));
            f.add(CsvWriter.number(v.triplets()));
            f.add(CsvWriter.number(v.partnerEta()));
            f.add(CsvWriter.number(v.partnerEtaLower()));
            f.add(CsvWriter.number(v.partnerEtaUpper()));
            f.add(CsvWriter.number(v.partnerP()));
            f.add(CsvWriter.number(v.partnerQ()));
            f.add(CsvWriter.number(v.partnerMisfit()));
            f.add(CsvWriter.number(v.partnerLofP()));
            f.add(CsvWriter.number(v.partnerNoise()));
            f.add(v.errorForm());
            f.add(v.link());
            f.add(CsvWriter.number(v.maxDiscrepancy()));
            f.add(Boolean.toString(v.explains()));
            f.add(Boolean.toString(v.confirmable()));
            f.add(v.itemsNeeded() > 0 ? CsvWriter.number(v.itemsNeeded()) : "");
            f.add(v.sizesNeeded());
            f.add(v.explanation());
            w.row(f);
        }
    }
}

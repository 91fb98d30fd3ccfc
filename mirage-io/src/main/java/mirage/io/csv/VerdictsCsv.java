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
 * zeros). Readers look columns up by name; a golden-file test seals the header and the rows of a fixture.
 */
public final class VerdictsCsv {
    /** The columns, in order. */
    public static final List<String> COLUMNS = List.of("family", "task", "labels", "metric", "partner", "verdict", "reason",
            "shape", "explanation", "partner_declared", "n_models", "min_scale", "max_scale", "min_items", "triplets",
            "emergence_score", "eta", "eta_lower", "eta_upper", "eta_method", "sharp_p", "sharp_q", "gradual_p", "gradual_q",
            "change_z", "jump_from", "jump_to", "error_form", "partner_eta", "partner_eta_lower", "partner_eta_upper",
            "partner_excess", "partner_excess_lower", "partner_excess_upper", "partner_method", "partner_jump_p",
            "partner_jump_q", "partner_no_jump_p", "partner_no_jump_q", "partner_misfit", "partner_lof_p", "link",
            "max_discrepancy", "explains", "route_error", "near_floor", "below_resolution", "items_needed", "sizes_needed");

    private VerdictsCsv() {
    }

    public static void write(Writer out, List<Verdict> verdicts) throws IOException {
        CsvWriter w = new CsvWriter(out);
        w.row(COLUMNS);
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
            w.row(f);
        }
    }
}

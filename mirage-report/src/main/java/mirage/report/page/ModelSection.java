package mirage.report.page;

import java.util.ArrayList;
import java.util.List;
import mirage.io.csv.CsvWriter;
import mirage.report.Charts;
import mirage.report.data.AnalysisInputs;
import mirage.report.data.SimulationRun;
import mirage.report.plot.Figure;

/** The paper's mathematical model (Figure 2) and the resolution of finite test sets, when the folder has a simulation. */
final class ModelSection {
    private ModelSection() {
    }

    static void write(Page page) {
        List<SimulationRun> runs = page.in.simulations();
        if (runs.isEmpty()) {
            return;
        }
        page.section("model", "The mathematical model (the paper's Figure 2)");
        SimulationRun base = runs.get(0);
        page.p(null, "Per-token cross-entropy falls as a power law in parameters, so the probability p of each token being right"
                + " rises smoothly. Exact match over L = " + base.length() + " tokens (\u2248 p^L) and the multiple-choice grade"
                + " turn that into sharp, \u201cemergent\u201d-looking curves; token edit distance (\u2248 L(1\u2212p)) and the"
                + " Brier score stay smooth on the same outputs (Schaeffer, Miranda, Koyejo 2023, Section 2).");
        if (base.model() == null) {
            page.notes.add(AnalysisInputs.SIMULATION + ": alpha and c unknown; the closed-form curves are drawn only at the sizes of the file.");
        }
        page.staticFigure(new Figure("fig2-math-model", "The paper's mathematical model: cross-entropy (N/c)^alpha, alpha = "
                + Charts.fmt(base.alpha()) + ", c = " + Charts.fmt(base.c()) + "; L = " + base.length() + " tokens, "
                + base.choices() + " choices. Line: closed form; dots: the sizes of simulation.csv; open markers: simulated"
                + " test sets (bars \u00b11.96 SE).", Charts.figure2(runs), 2),
                "Figure 2 of the paper, recomputed. Left column: what a nonlinear or discontinuous metric shows; right column: a"
                + " smooth metric on the same model. Open markers: estimates from simulated test sets with \u00b11.96 standard errors.");
        if (runs.stream().anyMatch(SimulationRun::simulated)) {
            page.staticFigure(new Figure("fig2-resolution", "Resolution: exact match of simulated test sets against the closed form"
                    + " on a log scale, with each test set's floor 1/n; token edit distance on the same outputs.",
                    Charts.resolution(runs), 2),
                    "Resolution. With n test items an accuracy below 1/n usually reads 0 (open triangles on the bottom edge), so a"
                    + " small test set turns smooth improvement into a jump; a large one shows the closed form's steady rise."
                    + " Token edit distance on the same outputs is smooth at every n.");
            List<String> cols = List.of("run", "params", "p_token", "accuracy", "items", "sim_accuracy", "floor_1_over_n",
                    "reads_zero", "token_edit_distance", "sim_token_edit_distance");
            List<List<String>> rows = new ArrayList<>();
            for (SimulationRun r : runs) {
                for (SimulationRun.Row row : r.rows()) {
                    rows.add(List.of(r.name().isEmpty() ? "." : r.name(), CsvWriter.number(row.params()),
                            CsvWriter.number(row.pToken()), CsvWriter.number(row.accuracy()),
                            r.simulated() ? Integer.toString(row.items()) : "", CsvWriter.number(row.simAccuracy()),
                            CsvWriter.number(row.resolution()), r.simulated() ? Boolean.toString(row.simAccuracy() == 0) : "",
                            CsvWriter.number(row.tokenEditDistance()), CsvWriter.number(row.simTokenEditDistance())));
                }
            }
            page.tables.put("simulation", TableJson.of(cols, rows, rows.size()));
            page.body.append("<h3>Simulated test sets</h3>");
            page.tableHost("simulation");
        }
        page.endSection();
    }
}

package mirage.report.page;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import mirage.report.Report;
import mirage.report.data.AnalysisInputs;
import mirage.report.html.Html;
import mirage.report.plot.Figure;
import mirage.report.summary.Summary;

/**
 * The page under construction: its body (HTML of the sections, in order), the table of contents, the data the page's
 * script reads ({@code #mirage-data}), the figures to write to {@code figures/} and the notes on the input. Each
 * section of the page is its own class ({@link #build()} lists them in page order); they share these helpers.
 */
public final class Page {
    final AnalysisInputs in;
    final Report.Options options;
    final Summary summary;
    final List<Figure> figures = new ArrayList<>();
    final List<String> notes = new ArrayList<>();
    final StringBuilder body = new StringBuilder(1 << 16);
    final Map<String, Object> data = new LinkedHashMap<>();
    final Map<String, Object> tables = new LinkedHashMap<>();
    final List<String[]> toc = new ArrayList<>();
    int shownGroups;
    int svgSeq;

    public Page(AnalysisInputs in, Report.Options options) {
        this.in = in;
        this.options = options;
        this.summary = Summary.of(in);
        notes.addAll(in.notes());
    }

    /** Writes every section, in page order. */
    public Page build() {
        data.put("panelPageSize", options.panelPageSize());
        data.put("tables", tables);
        SummarySection.write(this);
        ModelSection.write(this);
        CurvesSection.write(this);
        LengthSection.write(this);
        TableSections.emergence(this);
        TableSections.byMetric(this);
        TableSections.verdicts(this);
        TableSections.predictions(this);
        TableSections.skipped(this);
        return this;
    }

    public List<Figure> figures() {
        return figures;
    }

    public List<String> notes() {
        return notes;
    }

    public Summary summary() {
        return summary;
    }

    public int groups() {
        return in.groups().size();
    }

    public int shownGroups() {
        return shownGroups;
    }

    /** The whole page, with the provenance section last. */
    public String html(Map<String, Object> ownProvenance, java.time.Instant started) {
        ProvenanceSection.write(this, ownProvenance);
        return PageHtml.assemble(this, ownProvenance, started);
    }

    // ------------------------------------------------------------------ helpers of the sections

    void section(String id, String title) {
        toc.add(new String[] {id, title});
        body.append("<section id=\"").append(id).append("\"><h2>").append(Html.text(title)).append("</h2>\n");
    }

    void endSection() {
        body.append("</section>\n");
    }

    void p(String cls, String text) {
        body.append("<p").append(cls == null ? "" : " class=\"" + cls + "\"").append('>').append(Html.text(text)).append("</p>\n");
    }

    void staticFigure(Figure f, String caption) {
        figures.add(f);
        body.append("<figure class=\"static\" id=\"fig-").append(f.id()).append("\">")
                .append(f.svg("s" + (svgSeq++), true))
                .append("<figcaption>").append(Html.text(caption)).append(" <span class=\"file\">(figures/")
                .append(f.id()).append(".svg, .png)</span></figcaption></figure>\n");
    }

    void tableHost(String key) {
        body.append("<div class=\"table-host\" id=\"table-").append(key).append("\"></div>")
                .append("<p class=\"nojs\">This table needs JavaScript; the CSV file holds the same rows.</p>\n");
    }

    /** A note on the page where the cap applies, and in the notes. */
    void cap(String text) {
        p("cap", text);
        notes.add(text);
    }
}

package mirage.report.page;

import java.util.List;
import mirage.report.html.Html;
import mirage.report.summary.Answers;

/**
 * The opening of the page: the answer first (one plain sentence per judged family and task, strongest evidence first,
 * each linked to its curves), then what else the data show, then the notes on the input. The words are the
 * summariser's ({@link mirage.report.summary.Summary}), the same the console prints.
 */
final class SummarySection {
    private SummarySection() {
    }

    /** Answers shown before the rest fold into "more". */
    static final int OPEN_ANSWERS = 8;

    static void write(Page page) {
        StringBuilder b = page.body;
        List<Answers.Answer> answers = page.summary.answers();
        List<Object> answerCurves = new java.util.ArrayList<>();
        for (Answers.Answer a : answers) {
            answerCurves.add(List.of(page.in.groupOf(a.family(), a.task(), a.labels()), a.metric()));
        }
        page.data.put("answerCurves", answerCurves); // the overlay starts on the first answer's task that several families share
        b.append("<section id=\"summary\">");
        if (!answers.isEmpty()) {
            b.append("<div class=\"answer\"><h2>The answer</h2><p class=\"lead\">One sentence per judged family and task, strongest"
                    + " evidence first (conclusive verdicts, then unresolved ones); the verdicts table below has the evidence.</p><ol class=\"answers\">");
            for (int i = 0; i < answers.size(); i++) {
                if (i == OPEN_ANSWERS) {
                    b.append("</ol><details class=\"more-answers\"><summary>").append(answers.size() - OPEN_ANSWERS)
                            .append(" more</summary><ol class=\"answers\" start=\"").append(OPEN_ANSWERS + 1).append("\">");
                }
                Answers.Answer a = answers.get(i);
                b.append("<li class=\"answer-item v-").append(Html.attr(a.verdict())).append("\"><span class=\"verdict v-")
                        .append(Html.attr(a.verdict())).append("\">").append(Html.text(a.verdict())).append("</span> ")
                        .append(Html.text(a.sentence()));
                int g = page.in.groupOf(a.family(), a.task(), a.labels());
                if (g >= 0) {
                    b.append(" <a class=\"curve-link\" href=\"#panels\" data-group=\"").append(g).append("\" data-metric=\"")
                            .append(Html.attr(a.metric())).append("\">show the curves</a>");
                }
                b.append("</li>");
            }
            b.append(answers.size() > OPEN_ANSWERS ? "</ol></details>" : "</ol>").append("</div>");
        }
        b.append("<div class=\"summary\"><strong>").append(answers.isEmpty() ? "What the data show" : "What else the data show")
                .append("</strong><ul>");
        for (String s : page.summary.findings()) {
            b.append("<li>").append(Html.text(s)).append("</li>");
        }
        if (page.summary.findings().isEmpty()) {
            b.append("<li>Nothing to summarise.</li>");
        }
        b.append("</ul></div>");
        b.append("<!--notes-->"); // the notes are known only when every section is written (PageHtml fills them in)
        b.append("<noscript><p class=\"nojs\">JavaScript is off: the static figures show, the interactive panels and tables do"
                + " not; the CSV files and figures/ hold everything.</p></noscript></section>\n");
    }

    /** The notes on the input, as HTML. */
    static String notes(List<String> notes) {
        if (notes.isEmpty()) {
            return "";
        }
        StringBuilder sb = new StringBuilder("<div class=\"notes\"><strong>Notes on the input</strong><ul>");
        for (String n : notes) {
            sb.append("<li>").append(Html.text(n)).append("</li>");
        }
        return sb.append("</ul></div>").toString();
    }
}

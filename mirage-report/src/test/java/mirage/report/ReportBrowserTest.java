package mirage.report;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.fail;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The report in a real browser (headless Chromium over the DevTools protocol; see {@link Chromium} for
 * how it is found and when its absence fails rather than skips): the page loads without console
 * errors, the expected plots render, the metric switcher changes a plot, tables sort and filter,
 * injected markup does not run, and the print layout hides the controls.
 */
class ReportBrowserTest {
    @TempDir
    static Path tmp;

    static Chromium browser;
    static Path full;
    static Path demo;
    static Path families;
    static Path many;

    @BeforeAll
    static void start() throws Exception {
        var exe = Chromium.find();
        if (exe.isEmpty()) {
            String msg = "no chromium found (PATH, -Dmirage.chromium or MIRAGE_CHROMIUM); install it with"
                    + " 'apt-get install -y chromium' or run scripts/setup.sh as root";
            if (Chromium.required()) {
                fail("browser tests are required here (MIRAGE_REQUIRE_BROWSER / -Dmirage.browser.required) but " + msg);
            }
            System.err.println("ReportBrowserTest skipped: " + msg);
            Assumptions.abort(msg);
        }
        full = Fixtures.arithmetic(tmp.resolve("full"), 200, true);
        new Report(Report.Options.defaults().withMaxFigures(3).withPngDpi(48)).write(full);
        families = Fixtures.families(tmp.resolve("families"));
        new Report(Report.Options.defaults().withMaxFigures(2).withPngDpi(48)).write(families);
        many = Fixtures.many(tmp.resolve("many"), 400);
        new Report(Report.Options.defaults().withMaxFigures(0)).write(many);
        demo = tmp.resolve("demo");
        Fixtures.simulation(Files.createDirectories(demo.resolve("simulation-100")), 100);
        Fixtures.simulation(Files.createDirectories(demo.resolve("simulation-10000")), 10000);
        new Report(Report.Options.defaults().withPngDpi(48)).write(demo);
        browser = Chromium.launch(exe.get(), 1280, 1000);
    }

    @AfterAll
    static void stop() {
        if (browser != null) {
            browser.close();
        }
    }

    static void open(Path dir) {
        browser.navigate(dir.resolve(Report.PAGE).toUri().toString());
        JsonNode ready = browser.eval("document.body.getAttribute('data-ready')");
        assertThat(ready.asText()).as("the page's script finished (problems: %s)", browser.problems()).isEqualTo("true");
    }

    static int count(String selector) {
        return browser.eval("document.querySelectorAll(" + json(selector) + ").length").asInt();
    }

    static String json(String s) {
        return "'" + s.replace("\\", "\\\\").replace("'", "\\'") + "'";
    }

    /** The checks below can fail: the recorder sees console errors, exceptions and markup that ran. */
    @Test
    void harnessSeesErrorsAndInjectedScripts() throws IOException {
        Path page = tmp.resolve("bad.html");
        Files.writeString(page, "<!DOCTYPE html><html><body><p>x</p><script>window.__pwned=1; console.error('boom');"
                + " setTimeout(function(){ undefinedFunction(); }, 0);</script></body></html>");
        browser.navigate(page.toUri().toString());
        browser.eval("new Promise(function(r){ setTimeout(r, 50); })");
        assertThat(browser.eval("typeof window.__pwned").asText()).isEqualTo("number");
        assertThat(String.join("\n", browser.problems())).contains("boom").contains("undefinedFunction");
    }

    @Test
    void fullReportLoadsWithoutErrorsAndRendersEveryPlot() {
        open(full);
        assertThat(browser.problems()).as("console errors, exceptions, CSP violations").isEmpty();
        // static figures: Figure 2 is absent (no simulation.csv); length figures: 2 panels each; by-metric 1; predictions 1
        int lengthGroups = 1; // toy-arith/add has target lengths 1..5
        assertThat(count("#length svg.figure g.panel")).isEqualTo(2 * lengthGroups);
        assertThat(count("#by-metric svg.figure g.panel")).isEqualTo(1);
        // the backtest: one panel per metric (token_prob and exact_match have predictions), colour by route
        assertThat(count("#predictions svg.figure g.panel")).isEqualTo(2);
        // scaling panels: 6 groups (5 lengths + the hostile family), 10 per page: 6 cards of 2 plots
        assertThat(count("#panel-list article.card")).isEqualTo(6);
        assertThat(count("#panel-list svg.plot g.panel")).isEqualTo(12);
        // every drawn plot has points and tick labels
        assertThat(browser.eval("Array.from(document.querySelectorAll('#panel-list svg.plot')).every(function(s){"
                + "return s.querySelectorAll('g.pt').length>=4 && s.querySelectorAll('text').length>=6;})").asBoolean()).isTrue();
        // tables: emergence, metric summary, by_metric.csv, verdicts, predictions, skipped
        for (String t : List.of("emergence", "metric-summary", "by-metric", "verdicts", "predictions", "skipped")) {
            assertThat(count("#table-" + t + " table.data tbody tr")).as(t).isGreaterThan(0);
        }
        assertThat(count("#table-verdicts span.verdict")).isEqualTo(3);
        assertThat(count("#table-verdicts td.explanation")).isEqualTo(3);
        // the length figures' legend of models sits beside the plot area, not on the data
        assertThat(browser.eval("Array.from(document.querySelectorAll('#length svg.figure g.panel')).every(function(p){"
                + "var f=p.querySelector(':scope > rect:nth-of-type(2)').getBBox(), l=p.querySelector('g.legend').getBBox();"
                + "return l.x >= f.x + f.width;})").asBoolean()).isTrue();
        // scales read as 2e11, not 200000000000 (the exact value in the tooltip)
        JsonNode maxScale = browser.eval("(function(){var k=Array.from(document.querySelectorAll('#table-emergence thead th'))"
                + ".map(function(t){return t.getAttribute('data-col');}).indexOf('max_scale');"
                + " var td=Array.from(document.querySelectorAll('#table-emergence tbody tr')).map(function(r){return r.children[k];})"
                + ".filter(function(c){return c.title==='200000000000';})[0]; return [td.textContent, td.title];})()");
        assertThat(maxScale.get(0).asText()).isEqualTo("2e11");
        assertThat(maxScale.get(1).asText()).isEqualTo("200000000000");
        assertThat(browser.eval("document.querySelector('#summary').innerText").asText()).contains("scaling curves");
    }

    @Test
    void metricSwitcherChangesThePlot() {
        open(full);
        browser.eval("(function(){var i=document.getElementById('panel-filter'); i.value='toy-arith target_length=5';"
                + " i.dispatchEvent(new Event('input'));})()");
        assertThat(count("#panel-list article.card")).isEqualTo(1);
        String slot = "#panel-list article.card:first-child figure.slot:first-child";
        // the left panel starts on the group's most emergent-looking discontinuous metric
        String start = browser.eval("document.querySelector(" + json(slot + " svg.plot") + ").getAttribute('data-metric')").asText();
        assertThat(start).isIn("exact_match", "multiple_choice_grade");
        browser.eval("(function(){var s=document.querySelector(" + json(slot + " select") + "); s.value='exact_match';"
                + " s.dispatchEvent(new Event('change'));})()");
        String before = browser.eval("document.querySelector(" + json(slot + " svg.plot") + ").getAttribute('data-metric')").asText();
        String beforeSvg = svgOf(slot);
        assertThat(before).isEqualTo("exact_match");
        // the flip button goes to the smooth partner on the same outputs ...
        browser.eval("document.querySelector(" + json(slot + " button.flip") + ").click()");
        String after = browser.eval("document.querySelector(" + json(slot + " svg.plot") + ").getAttribute('data-metric')").asText();
        assertThat(after).isEqualTo("token_edit_distance");
        assertThat(browser.eval("document.querySelector(" + json(slot + " svg.plot text[font-weight=bold]") + ").textContent").asText())
                .isEqualTo("token_edit_distance");
        assertThat(svgOf(slot)).isNotEqualTo(beforeSvg);
        // ... and back
        browser.eval("document.querySelector(" + json(slot + " button.flip") + ").click()");
        assertThat(svgOf(slot)).isEqualTo(beforeSvg);
        // the menu reaches any metric of the group
        browser.eval("(function(){var s=document.querySelector(" + json(slot + " select") + "); s.value='token_prob';"
                + " s.dispatchEvent(new Event('change'));})()");
        assertThat(browser.eval("document.querySelector(" + json(slot + " svg.plot") + ").getAttribute('data-metric')").asText())
                .isEqualTo("token_prob");
        // log y: the vertical axis title says so and the tick labels change
        browser.eval("(function(){var s=document.querySelector(" + json(slot + " select") + "); s.value='exact_match';"
                + " s.dispatchEvent(new Event('change'));})()");
        String linTicks = browser.eval("Array.from(document.querySelectorAll(" + json(slot + " svg.plot text") + ")).map(function(t){"
                + "return t.textContent;}).join('|')").asText();
        browser.eval("(function(){var c=document.querySelector(" + json(slot + " input.logy") + "); c.checked=true;"
                + " c.dispatchEvent(new Event('change'));})()");
        String logTicks = browser.eval("Array.from(document.querySelectorAll(" + json(slot + " svg.plot text") + ")).map(function(t){"
                + "return t.textContent;}).join('|')").asText();
        assertThat(logTicks).contains("exact_match (log)").isNotEqualTo(linTicks);
        assertThat(browser.problems()).isEmpty();
    }

    /** The markup of a slot's plot without its clip-path ids (fresh on every drawing). */
    static String svgOf(String slot) {
        return browser.eval("document.querySelector(" + json(slot + " svg.plot") + ").outerHTML").asText().replaceAll("jsclip\\d+", "clip");
    }

    @Test
    void injectedMarkupShowsAsTextAndDoesNotRun() {
        open(full);
        assertThat(browser.eval("typeof window.__pwned").asText()).isEqualTo("undefined");
        assertThat(count("img")).isZero();
        assertThat(count("script")).isEqualTo(2);
        assertThat(count("b[onmouseover]")).isZero();
        assertThat(count("[onerror], [onload]")).isZero();
        // the names show as text: in the card header, in the tables, in the provenance
        browser.eval("(function(){var i=document.getElementById('panel-filter'); i.value='pwned=1';"
                + " i.dispatchEvent(new Event('input'));})()");
        assertThat(count("#panel-list article.card")).isEqualTo(1);
        String header = browser.eval("document.querySelector('#panel-list article.card h3').textContent").asText();
        assertThat(header).isEqualTo(Fixtures.EVIL_FAMILY + " \u00b7 " + Fixtures.EVIL_TASK);
        String card = browser.eval("document.querySelector('#panel-list article.card').textContent").asText();
        assertThat(card).contains("shots=" + Fixtures.EVIL_LABEL);
        // an SVG tooltip carries the model name as text
        String tips = browser.eval("Array.from(document.querySelectorAll('#panel-list svg.plot title')).map(function(t){"
                + "return t.textContent;}).join('\\n')").asText();
        assertThat(tips).contains(Fixtures.EVIL_MODEL);
        // the metric menu lists the hostile metric name as text
        assertThat(browser.eval("Array.from(document.querySelectorAll('#panel-list select option')).map(function(o){"
                + "return o.value;}).indexOf(" + json(Fixtures.EVIL_METRIC) + ")>=0").asBoolean()).isTrue();
        String verdicts = browser.eval("document.getElementById('table-verdicts').textContent").asText();
        assertThat(verdicts).contains(Fixtures.EVIL_EVIDENCE.replace("\u2028", "\u2028")).contains(Fixtures.EVIL_FAMILY);
        String prov = browser.eval("document.getElementById('provenance').textContent").asText();
        assertThat(prov).contains("</script><!-- hostile");
        // flipping in the hostile card still draws (the metric names are only text)
        browser.eval("document.querySelector('#panel-list article.card figure.slot button.flip').click()");
        assertThat(browser.eval("typeof window.__pwned").asText()).isEqualTo("undefined");
        assertThat(browser.problems()).isEmpty();
    }

    @Test
    void tablesSortAndFilter() {
        open(full);
        String table = "#table-emergence";
        int all = count(table + " tbody tr");
        assertThat(all).isEqualTo(33); // 6 metrics x 5 lengths + 3 hostile curves, on one page of 50
        browser.eval("(function(){var i=document.querySelector(" + json(table + " input.table-filter") + ");"
                + " i.value='token_edit_distance add'; i.dispatchEvent(new Event('input'));})()");
        assertThat(count(table + " tbody tr")).isEqualTo(5); // 5 target lengths
        // a click on a numeric column sorts it descending, another ascending
        String col = "Array.from(document.querySelectorAll(" + json(table + " thead th") + ")).map(function(t){return t.getAttribute('data-col');})"
                + ".indexOf('emergence_score')";
        String values = "(function(){var k=" + col + "; return Array.from(document.querySelectorAll(" + json(table + " tbody tr")
                + ")).map(function(r){return parseFloat(r.children[k].title || r.children[k].textContent);});})()";
        browser.eval("document.querySelectorAll(" + json(table + " thead th") + ")[" + col + "].click()");
        List<Double> first = doubles(browser.eval(values));
        browser.eval("document.querySelectorAll(" + json(table + " thead th") + ")[" + col + "].click()");
        List<Double> second = doubles(browser.eval(values));
        assertThat(first).hasSize(5).isSortedAccordingTo((a, b) -> Double.compare(b, a));
        assertThat(second).hasSize(5).isSortedAccordingTo(Double::compare).isNotEqualTo(first);
        // "show" opens the row's curve: its group alone, with the row's metric on the left
        browser.eval("document.querySelector(" + json(table + " button.show-plot") + ").click()");
        assertThat(browser.eval("document.getElementById('panel-filter').value").asText()).startsWith("toy-arith add target_length=");
        assertThat(count("#panel-list article.card")).isEqualTo(1);
        assertThat(browser.eval("document.querySelector('#panel-list figure.slot').getAttribute('data-metric')").asText())
                .isEqualTo("token_edit_distance");
        assertThat(browser.problems()).isEmpty();
    }

    /** The page opens with the answer: one sentence per judged (family, task), conclusive first, each opening its curves. */
    @Test
    void opensWithOneSentencePerJudgedFamilyAndTask() {
        open(full);
        JsonNode items = browser.eval("Array.from(document.querySelectorAll('#summary ol.answers li')).map(function(l){return l.textContent;})");
        assertThat(items.size()).isEqualTo(2); // toy-arith / add, and the hostile family's task
        assertThat(items.get(0).asText()).startsWith("emergent").contains(Fixtures.EVIL_FAMILY + " / " + Fixtures.EVIL_TASK
                + ": exact_match looks sharp; " + Fixtures.EVIL_METRIC + " on the same outputs jumps with it: emergent.");
        assertThat(items.get(1).asText()).startsWith("mirage").contains("toy-arith / add [target_length=5]: exact_match looks sharp;"
                + " token_edit_distance on the same outputs improves along its trend, and its power law composed as p^5 reproduces it:"
                + " a mirage (2 judged curves of this task: 1 mirage, 1 unresolved).");
        // the answer is the first thing on the page after the navigation
        assertThat(browser.eval("document.querySelector('main > section').id").asText()).isEqualTo("summary");
        assertThat(browser.eval("document.querySelector('#summary ol.answers').getBoundingClientRect().top < window.innerHeight").asBoolean()).isTrue();
        // its link opens the curve it speaks of
        browser.eval("document.querySelectorAll('#summary a.curve-link')[1].click()");
        assertThat(count("#panel-list article.card")).isEqualTo(1);
        assertThat(browser.eval("document.querySelector('#panel-list article.card .labels').textContent").asText()).isEqualTo("target_length=5");
        assertThat(browser.eval("document.querySelector('#panel-list figure.slot').getAttribute('data-metric')").asText()).isEqualTo("exact_match");
        assertThat(browser.problems()).isEmpty();
    }

    /** Every group is findable and drawable, not only the first page: the last of 400 groups, by a word of its task. */
    @Test
    void findsATaskOutsideTheTopGroupsAndDrawsIt() {
        open(many);
        assertThat(browser.eval("document.getElementById('panel-count').textContent").asText()).startsWith("400 of 400 groups match");
        assertThat(count("#panel-list article.card")).isEqualTo(10);
        // the task whose group ranks last
        String last = browser.eval("(function(){var d=JSON.parse(document.getElementById('mirage-data').textContent).curves;"
                + " return d.s[d.g[d.g.length-1][1]];})()").asText();
        assertThat(last).startsWith("task-");
        assertThat(browser.eval("document.getElementById('panel-list').textContent.indexOf(" + json(last + "\u00b7") + ")").asInt()).isNegative();
        browser.eval("(function(){var i=document.getElementById('panel-filter'); i.value=" + json(last) + "; i.dispatchEvent(new Event('input'));})()");
        assertThat(count("#panel-list article.card")).isEqualTo(1);
        assertThat(browser.eval("document.querySelector('#panel-list article.card h3').textContent").asText()).endsWith("\u00b7 " + last);
        // drawn: both panels, 5 points each, tick labels
        assertThat(count("#panel-list svg.plot")).isEqualTo(2);
        assertThat(browser.eval("Array.from(document.querySelectorAll('#panel-list svg.plot')).every(function(s){"
                + "return s.querySelectorAll('g.pt').length===5 && s.querySelectorAll('text').length>=6;})").asBoolean()).isTrue();
        // a word that is in no group finds nothing, and says so
        browser.eval("(function(){var i=document.getElementById('panel-filter'); i.value='lambada'; i.dispatchEvent(new Event('input'));})()");
        assertThat(count("#panel-list article.card")).isZero();
        assertThat(browser.eval("document.getElementById('panel-count').textContent").asText()).startsWith("0 of 400");
        assertThat(browser.problems()).isEmpty();
    }

    /** Pythia, OPT and BLOOM on the same task and metric, on one plot; perplexity starts on a log axis. */
    @Test
    void overlaysFamiliesOnOnePlot() {
        open(families);
        browser.eval("(function(){var t=document.getElementById('ov-task'); t.value='lambada_openai'; t.dispatchEvent(new Event('change'));"
                + " var m=document.getElementById('ov-metric'); m.value='acc'; m.dispatchEvent(new Event('change'));})()");
        String legend = "Array.from(document.querySelectorAll('#overlay-plot g.legend text')).map(function(t){return t.textContent;})";
        List<String> names = new ArrayList<>();
        browser.eval(legend).forEach(n -> names.add(n.asText()));
        assertThat(names).containsExactlyInAnyOrder("pythia deduped=False", "pythia deduped=True", "opt", "bloom");
        assertThat(count("#overlay-plot g.pt") - count("#overlay-plot g.legend g.pt")).isEqualTo(8 + 8 + 5 + 5);
        assertThat(browser.eval("document.getElementById('overlay-note').textContent").asText()).startsWith("4 curves of 3 families");
        // the legend sits beside the plot area, not on the data
        assertThat(browser.eval("(function(){var s=document.querySelector('#overlay-plot svg'); var frame=s.querySelector('g.panel > rect:nth-of-type(2)');"
                + " var l=s.querySelector('g.legend').getBBox(); var f=frame.getBBox(); return l.x >= f.x + f.width;})()").asBoolean()).isTrue();
        // words narrow the curves
        browser.eval("(function(){var i=document.getElementById('ov-filter'); i.value='pythia'; i.dispatchEvent(new Event('input'));})()");
        assertThat(count("#overlay-plot g.pt") - count("#overlay-plot g.legend g.pt")).isEqualTo(16);
        browser.eval("(function(){var i=document.getElementById('ov-filter'); i.value=''; i.dispatchEvent(new Event('input'));"
                + " var m=document.getElementById('ov-metric'); m.value='ppl'; m.dispatchEvent(new Event('change'));})()");
        assertThat(browser.eval("document.getElementById('ov-log').checked").asBoolean()).isTrue();
        assertThat(browser.eval("Array.from(document.querySelectorAll('#overlay-plot text')).map(function(t){return t.textContent;}).join('|')")
                .asText()).contains("ppl (log)");
        // a card's "compare families" opens the overlay on its task and metric
        browser.eval("(function(){var i=document.getElementById('panel-filter'); i.value='opt lambada'; i.dispatchEvent(new Event('input'));})()");
        browser.eval("document.querySelector('#panel-list article.card figure.slot button.compare').click()");
        assertThat(browser.eval("document.getElementById('ov-task').value").asText()).isEqualTo("lambada_openai");
        assertThat(browser.eval("document.getElementById('ov-metric').value").asText()).isEqualTo("acc");
        // a perplexity card starts on a log axis too
        assertThat(browser.eval("(function(){var s=Array.from(document.querySelectorAll('#panel-list figure.slot')).filter(function(f){"
                + "return f.getAttribute('data-metric')==='ppl';})[0]; return s.querySelector('input.logy').checked;})()").asBoolean()).isTrue();
        assertThat(browser.problems()).isEmpty();
    }

    /** At 800 px the page does not scroll sideways (navigation wraps, tables scroll in their boxes); the verdict's explanation shows. */
    @Test
    void readableAt800PixelsWithoutScrollingSideways() {
        browser.send("Emulation.setDeviceMetricsOverride", Map.of("width", 800, "height", 900, "deviceScaleFactor", 1, "mobile", false));
        try {
            for (Path dir : List.of(full, families, demo)) {
                open(dir);
                assertThat(browser.eval("window.innerWidth").asInt()).isEqualTo(800);
                assertThat(browser.eval("document.documentElement.scrollWidth").asInt()).as(dir + ": page width").isLessThanOrEqualTo(800);
                // the navigation wraps onto several lines rather than widening the page
                assertThat(browser.eval("document.querySelector('nav.toc').getBoundingClientRect().right").asDouble()).isLessThanOrEqualTo(800);
            }
            open(full);
            assertThat(browser.eval("document.querySelector('nav.toc').getBoundingClientRect().height > 30").asBoolean()).as("nav wraps").isTrue();
            // each verdict's explanation is within the window and within its table's box, without scrolling sideways
            browser.eval("document.getElementById('verdicts').scrollIntoView()");
            JsonNode fit = browser.eval("Array.from(document.querySelectorAll('#table-verdicts td.explanation')).map(function(td){"
                    + "var r=td.getBoundingClientRect(), w=td.closest('.table-wrap').getBoundingClientRect();"
                    + "return r.left >= 0 && r.right <= window.innerWidth && r.right <= w.right + 0.5 && r.width >= 200;})");
            assertThat(fit.size()).isEqualTo(3);
            fit.forEach(x -> assertThat(x.asBoolean()).isTrue());
            assertThat(browser.eval("document.querySelector('#table-verdicts .table-wrap').scrollLeft").asInt()).isZero();
            // rows hold their text, not blank space: no row much taller than its explanation
            assertThat(browser.eval("Array.from(document.querySelectorAll('#table-verdicts tbody tr')).every(function(tr){"
                    + "return tr.getBoundingClientRect().height <= tr.querySelector('td.explanation').scrollHeight + 40;})").asBoolean()).isTrue();
            // a wide table scrolls inside its own box
            assertThat(browser.eval("(function(){var w=document.querySelector('#table-emergence .table-wrap');"
                    + " return w.scrollWidth > w.clientWidth && getComputedStyle(w).overflowX === 'auto';})()").asBoolean()).isTrue();
            assertThat(browser.problems()).isEmpty();
        } finally {
            browser.send("Emulation.clearDeviceMetricsOverride", Map.of());
        }
    }

    private static List<Double> doubles(JsonNode n) {
        List<Double> out = new ArrayList<>();
        n.forEach(x -> out.add(x.asDouble()));
        return out;
    }

    @Test
    void pageTickLabelsMatchTheFigureFile() throws IOException {
        open(full);
        // the first card is written as figures/panel-001-*.svg by Java; the page draws it with its script
        String file = browser.eval("document.querySelector('#panel-list article.card').querySelector('.file').textContent").asText();
        Matcher m = Pattern.compile("figures/(\\S+)\\.svg").matcher(file);
        assertThat(m.find()).isTrue();
        String svg = Files.readString(full.resolve("figures").resolve(m.group(1) + ".svg"), StandardCharsets.UTF_8);
        List<String> fileTexts = new ArrayList<>();
        Matcher t = Pattern.compile("<text[^>]*>([^<]*)").matcher(svg);
        while (t.find()) {
            fileTexts.add(t.group(1).replace("&amp;", "&").replace("&lt;", "<").replace("&gt;", ">").replace("&quot;", "\"")
                    .replace("&#39;", "'"));
        }
        JsonNode page = browser.eval("Array.from(document.querySelectorAll('#panel-list article.card:first-child svg.plot text'))"
                + ".map(function(t){return t.firstChild ? t.firstChild.textContent : '';})");
        List<String> pageTexts = new ArrayList<>();
        page.forEach(x -> pageTexts.add(x.asText()));
        assertThat(pageTexts).containsExactlyElementsOf(fileTexts);
    }

    @Test
    void demoReportShowsTheMathematicalModel() throws IOException {
        open(demo);
        assertThat(browser.problems()).isEmpty();
        assertThat(count("#model svg.figure")).isEqualTo(2);
        assertThat(count("#model svg.figure g.panel")).isEqualTo(8); // Figure 2 (6) + resolution (2)
        assertThat(count("#panel-list article.card")).isEqualTo(2); // the simulated test sets of 100 and 10,000 items
        // an exact match that reads 0 (the 100-item set at the two smallest sizes, ...) sits on the bottom edge of the log axis
        int zeros = 0;
        for (String run : List.of("simulation-100", "simulation-10000")) {
            var t = mirage.report.data.CsvTable.read(demo.resolve(run).resolve("simulation.csv"));
            for (int i = 0; i < t.size(); i++) {
                zeros += t.number(i, "sim_accuracy") == 0 ? 1 : 0;
            }
        }
        assertThat(zeros).isGreaterThanOrEqualTo(2);
        assertThat(count("#fig-fig2-resolution g.pt.edge")).isEqualTo(zeros);
        assertThat(count("#table-simulation tbody tr")).isEqualTo(8);
    }

    @Test
    void printLayoutHidesControlsAndKeepsPlots() {
        open(full);
        browser.send("Emulation.setEmulatedMedia", Map.of("media", "print"));
        try {
            assertThat(browser.eval("getComputedStyle(document.querySelector('.panel-controls')).display").asText()).isEqualTo("none");
            assertThat(browser.eval("getComputedStyle(document.querySelector('.slot .controls')).display").asText()).isEqualTo("none");
            assertThat(browser.eval("getComputedStyle(document.querySelector('#panel-list svg.plot')).display").asText())
                    .isNotEqualTo("none");
            byte[] pdf = browser.pdf();
            assertThat(new String(pdf, 0, 5, StandardCharsets.ISO_8859_1)).isEqualTo("%PDF-");
        } finally {
            browser.send("Emulation.setEmulatedMedia", Map.of("media", ""));
        }
    }
}

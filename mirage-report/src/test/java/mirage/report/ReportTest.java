package mirage.report;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import javax.imageio.ImageIO;
import javax.xml.parsers.DocumentBuilderFactory;
import mirage.core.InputException;
import mirage.report.data.AnalysisInputs;
import mirage.report.data.CsvTable;
import mirage.report.data.SimulationRun;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The report's files, without a browser (see ReportBrowserTest for the page in Chromium). */
class ReportTest {
    @TempDir
    Path tmp;

    /** Small PNGs keep these tests fast (full-resolution PNGs: FigureTest). */
    static final Report.Options FAST = Report.Options.defaults().withPngDpi(48);

    static int occurrences(String s, String what) {
        int n = 0;
        for (int i = s.indexOf(what); i >= 0; i = s.indexOf(what, i + 1)) {
            n++;
        }
        return n;
    }

    @Test
    void simulationFolderGivesFigure2FiguresAndProvenance() throws Exception {
        Path dir = tmp.resolve("demo");
        Fixtures.simulation(Files.createDirectories(dir.resolve("simulation-100")), 100);
        Report.Result r = new Report(Report.Options.defaults().withPngDpi(96)).write(dir);
        assertThat(r.page()).isRegularFile();
        assertThat(r.groups()).isEqualTo(1);
        String html = Files.readString(r.page());
        assertThat(html).contains("The mathematical model").contains("data-figure=\"fig2-math-model\"");
        assertThat(html).doesNotContain("src=\"http").doesNotContain("href=\"http").doesNotContain("<link");
        // figures: Figure 2, resolution, one panel; each as SVG and PNG, listed in figures.csv
        Path figs = dir.resolve("figures");
        CsvTable index = CsvTable.read(figs.resolve("figures.csv"));
        assertThat(index.size()).isEqualTo(3).isEqualTo(r.figures());
        for (int i = 0; i < index.size(); i++) {
            assertThat(figs.resolve(index.get(i, "svg"))).isRegularFile();
            var img = ImageIO.read(figs.resolve(index.get(i, "png")).toFile());
            assertThat(img.getWidth()).isEqualTo(600); // two 300-pixel panels at 96 dpi
            assertThat(index.get(i, "caption")).isNotBlank();
        }
        // every axis title whole: panel A's "cross-entropy (nats)" drops its "(log)" rather than being cut
        String fig2 = Files.readString(figs.resolve("fig2-math-model.svg"));
        assertThat(fig2).contains(">cross-entropy (nats)</text>").doesNotContain("(lo\u2026");
        assertThat(fig2.replaceAll("<title>[^<]*</title>", "")).doesNotContain("\u2026");
        // the summary reports the closed form and the resolution effect in numbers
        assertThat(String.join("\n", r.summary().lines())).contains("0.09159").contains("0.9048").contains("100 items read exact match 0 at 2 of 4");
        // provenance of the report: the inputs with their SHA-256
        JsonNode prov = new ObjectMapper().readTree(dir.resolve(Report.PROVENANCE).toFile());
        assertThat(prov.path("command").asText()).isEqualTo("report");
        assertThat(prov.path("inputs").size()).isEqualTo(2); // simulation.csv and its provenance.json
        assertThat(prov.path("inputs").get(0).path("sha256").asText()).hasSize(64);
        assertThat(r.notes()).anyMatch(n -> n.contains("No series.csv")).anyMatch(n -> n.contains("No verdicts.csv"));
    }

    @Test
    void simulationWithoutProvenanceFitsAlphaAndC() throws Exception {
        Path dir = Fixtures.simulation(Files.createDirectories(tmp.resolve("s")), 50);
        Files.delete(dir.resolve("provenance.json"));
        AnalysisInputs in = AnalysisInputs.load(dir);
        SimulationRun run = in.simulations().get(0);
        assertThat(run.alpha()).isCloseTo(-0.5, within(1e-9));
        assertThat(run.c()).isCloseTo(2e9, within(1e-2));
        assertThat(run.length()).isEqualTo(5);
        assertThat(run.items()).isEqualTo(50);
    }

    @Test
    void hostileNamesAreEscapedInThePageAndTheFigures() throws Exception {
        Path dir = Fixtures.arithmetic(tmp.resolve("h"), 50, true);
        new Report(FAST).write(dir);
        String html = Files.readString(dir.resolve(Report.PAGE));
        assertThat(occurrences(html, "<script")).isEqualTo(2); // the data block and the page's script
        assertThat(occurrences(html.toLowerCase(), "</script")).isEqualTo(2);
        assertThat(html).doesNotContain("<img").doesNotContain("<b onmouseover").doesNotContain("<svg onload")
                .doesNotContain("<!--<svg");
        // the data block holds the names with < > & escaped as \\u003c etc.
        Matcher m = Pattern.compile("<script type=\"application/json\" id=\"mirage-data\">(.*?)</script>", Pattern.DOTALL).matcher(html);
        assertThat(m.find()).isTrue();
        JsonNode data = new ObjectMapper().readTree(m.group(1));
        assertThat(data.path("curves").path("s").toString()).contains("window.__pwned=1");
        // every SVG figure parses as XML and has no script element
        try (Stream<Path> s = Files.list(dir.resolve("figures"))) {
            for (Path svg : s.filter(p -> p.toString().endsWith(".svg")).toList()) {
                var doc = DocumentBuilderFactory.newInstance().newDocumentBuilder()
                        .parse(new ByteArrayInputStream(Files.readAllBytes(svg)));
                assertThat(doc.getElementsByTagName("script").getLength()).as(svg.toString()).isZero();
            }
        }
        // the Content-Security-Policy allows only the page's own script, by hash
        assertThat(html).containsPattern("script-src 'sha256-[A-Za-z0-9+/=]{44}'").contains("default-src 'none'");
    }

    @Test
    void manyGroupsAreCappedAndTheCapIsSaid() throws Exception {
        Path dir = Fixtures.many(tmp.resolve("m"), 400);
        Report.Result r = new Report(FAST.withMaxPanels(120).withMaxFigures(5).withMaxTableRows(300)).write(dir);
        assertThat(r.groups()).isEqualTo(400);
        assertThat(r.groupsShown()).isEqualTo(120);
        assertThat(r.notes()).anyMatch(n -> n.contains("The page holds the 120 groups with the strongest evidence of 400"))
                .anyMatch(n -> n.contains("emergence.csv: the table holds 300 of 800 rows"))
                .anyMatch(n -> n.contains("figures/ holds the first 5 of the 120"));
        assertThat(CsvTable.read(dir.resolve("figures/figures.csv")).size()).isEqualTo(5 + 1); // 5 panels + by-metric
        String html = Files.readString(dir.resolve(Report.PAGE));
        assertThat(html.length()).isLessThan(3_000_000);
        // the embedded groups rank by evidence: flagged first, then the score's lower bound (the fixture's: half the score)
        Matcher m = Pattern.compile("<script type=\"application/json\" id=\"mirage-data\">(.*?)</script>", Pattern.DOTALL).matcher(html);
        assertThat(m.find()).isTrue();
        JsonNode curves = new ObjectMapper().readTree(m.group(1)).path("curves");
        JsonNode groups = curves.path("g");
        assertThat(groups.size()).isEqualTo(120);
        double lastFlag = Double.POSITIVE_INFINITY;
        double last = Double.POSITIVE_INFINITY;
        int flagged = 0;
        for (JsonNode g : groups) {
            JsonNode left = g.get(9).get(g.get(5).asInt());
            double flag = left.get(7).asDouble();
            double lower = left.get(6).isNumber() ? left.get(6).asDouble() : left.get(6).isTextual() ? Double.POSITIVE_INFINITY
                    : Double.NEGATIVE_INFINITY;
            assertThat(flag).isLessThanOrEqualTo(lastFlag);
            if (flag < lastFlag) {
                last = Double.POSITIVE_INFINITY;
            }
            assertThat(lower).isLessThanOrEqualTo(last);
            lastFlag = flag;
            last = lower;
            flagged += flag == 2 ? 1 : 0;
        }
        assertThat(flagged).isPositive();
    }

    /** Every group is in the page as numbers (not only the first ones as plots): 400 groups stay small. */
    @Test
    void everyGroupIsEmbeddedAsNumbers() throws Exception {
        Path dir = Fixtures.many(tmp.resolve("all"), 400);
        Report.Result r = new Report(FAST.withMaxFigures(0)).write(dir);
        assertThat(r.groupsShown()).isEqualTo(400);
        String html = Files.readString(dir.resolve(Report.PAGE));
        Matcher m = Pattern.compile("<script type=\"application/json\" id=\"mirage-data\">(.*?)</script>", Pattern.DOTALL).matcher(html);
        assertThat(m.find()).isTrue();
        JsonNode curves = new ObjectMapper().readTree(m.group(1)).path("curves");
        assertThat(curves.path("g").size()).isEqualTo(400);
        assertThat(curves.path("s").toString()).contains("task-399");
        assertThat(html.length()).as("about 400 bytes a group of two 5-point curves").isLessThan(400 * 700 + 200_000);
    }

    @Test
    void figuresFolderIsReplacedOnEveryRun() throws Exception {
        Path dir = Fixtures.simulation(Files.createDirectories(tmp.resolve("r")), 20);
        new Report(FAST).write(dir);
        Files.writeString(dir.resolve("figures/stale.svg"), "<svg/>");
        new Report(FAST).write(dir);
        assertThat(dir.resolve("figures/stale.svg")).doesNotExist();
        assertThat(dir.resolve("figures/fig2-math-model.svg")).isRegularFile();
        try (Stream<Path> s = Files.list(dir)) {
            assertThat(s.map(p -> p.getFileName().toString())).noneMatch(n -> n.startsWith(".figures"));
        }
        new Report(FAST.withFigures(false)).write(dir);
        assertThat(dir.resolve("figures/fig2-math-model.svg")).isRegularFile(); // left alone
    }

    @Test
    void minimalSeriesWithoutOptionalColumnsOrOtherFiles() throws Exception {
        Path dir = Files.createDirectories(tmp.resolve("min"));
        Files.writeString(dir.resolve("series.csv"), "family,task,metric,scale,value\n"
                + "f,t,exact_match,1e6,0\nf,t,exact_match,1e7,0.1\nf,t,exact_match,1e8,0.9\n"
                + "f,t,brier_score,1e6,0.5\nf,t,brier_score,1e7,0.3\nf,t,brier_score,1e8,0.1\nf,t,brier_score,,0.2\n");
        Report.Result r = new Report(FAST).write(dir);
        assertThat(r.groups()).isEqualTo(1);
        assertThat(r.notes()).anyMatch(n -> n.contains("1 rows without a positive scale")).anyMatch(n -> n.contains("No emergence.csv"));
        String html = Files.readString(r.page());
        assertThat(html).doesNotContain("id=\"emergence\"").doesNotContain("id=\"verdicts\"").contains("id=\"panels\"");
    }

    @Test
    void badInputIsReportedWithFileAndColumn() throws Exception {
        Path empty = Files.createDirectories(tmp.resolve("empty"));
        assertThatThrownBy(() -> new Report(FAST).write(empty)).isInstanceOf(InputException.class)
                .hasMessageContaining("nothing to report");
        assertThatThrownBy(() -> new Report(FAST).write(tmp.resolve("absent"))).isInstanceOf(InputException.class)
                .hasMessageContaining("no such folder");
        Path bad = Files.createDirectories(tmp.resolve("bad"));
        Files.writeString(bad.resolve("series.csv"), "family,task,value\nf,t,1\n");
        assertThatThrownBy(() -> new Report(FAST).write(bad)).isInstanceOf(InputException.class)
                .hasMessage("series.csv:1: field 'metric': missing column (docs/FORMATS.md, \"Analysis outputs\")");
        Files.writeString(bad.resolve("series.csv"), "family,task,metric,scale,value\nf,t,m,1e6,high\n");
        assertThatThrownBy(() -> new Report(FAST).write(bad)).isInstanceOf(InputException.class)
                .hasMessage("series.csv:2: field 'value': expected a number, got \"high\"");
        assertThat(bad.resolve(Report.PAGE)).doesNotExist();
    }

    @Test
    void lengthPanelsFromTargetLengthLabels() throws Exception {
        Path dir = Fixtures.arithmetic(tmp.resolve("len"), 60, false);
        Report.Result r = new Report(FAST).write(dir);
        String html = Files.readString(r.page());
        assertThat(html).contains("id=\"length\"").contains("data-figure=\"length-001-toy-arith-add\"");
        assertThat(dir.resolve("figures/length-001-toy-arith-add.png")).isRegularFile();
        assertThat(r.summary().findings()).anyMatch(s -> s.startsWith("Verdicts on 2 triplets") && s.contains("1 mirage, 1 unresolved"));
        // the answer first: one sentence per judged (family, task), the conclusive verdict leading
        assertThat(r.summary().answers()).hasSize(1);
        assertThat(r.summary().answers().get(0).sentence()).isEqualTo("toy-arith / add [target_length=5]: exact_match looks sharp;"
                + " token_edit_distance on the same outputs improves along its trend, and its power law composed as p^5 reproduces it:"
                + " a mirage (2 judged curves of this task: 1 mirage, 1 unresolved).");
    }

    @Test
    void slugsAreSafe() {
        assertThat(Report.slug("../../etc/passwd")).isEqualTo("etc-passwd");
        assertThat(Report.slug("<script>")).isEqualTo("script");
        assertThat(Report.slug("***")).isEqualTo("x");
        assertThat(Report.slug("a".repeat(80))).hasSize(50);
        assertThat(List.of(Report.slug("Ünïcode täsk"))).containsExactly("n-code-t-sk");
    }
}

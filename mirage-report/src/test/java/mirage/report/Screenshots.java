package mirage.report;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;
import org.junit.jupiter.api.io.TempDir;

/**
 * Makes the screenshots of the report in {@code docs/screenshots/}: run {@code scripts/screenshots.sh}
 * (it runs {@code mirage demo} and then this class with {@code -Dmirage.screenshots=docs/screenshots
 * -Dmirage.screenshots.demo=DEMO_DIR}). Not part of the ordinary test run (disabled without the property).
 *
 * <p>Pages: the demo's report (its opening, the mathematical model, the page at 800 pixels), the report of the
 * arithmetic-like test fixture ({@link Fixtures#arithmetic}: the model's simulated outputs at target lengths 1..5 scored
 * by mirage's metric battery; its verdicts are invented and shown only for the table's layout) and the overlay of
 * families on {@link Fixtures#families} (invented smooth curves shaped like the Pythia evals).
 */
@EnabledIfSystemProperty(named = "mirage.screenshots", matches = ".+")
class Screenshots {
    @TempDir
    Path tmp;

    @Test
    void writeScreenshots() throws Exception {
        Path out = Path.of(System.getProperty("mirage.screenshots"));
        Files.createDirectories(out);
        String demoProp = System.getProperty("mirage.screenshots.demo", "");
        Path demo;
        if (!demoProp.isBlank()) {
            demo = Path.of(demoProp);
        } else {
            demo = tmp.resolve("demo");
            Fixtures.simulation(Files.createDirectories(demo.resolve("simulation-100")), 100);
            Fixtures.simulation(Files.createDirectories(demo.resolve("simulation-100000")), 100000);
        }
        if (!Files.isRegularFile(demo.resolve(Report.PAGE))) {
            new Report(Report.Options.defaults()).write(demo);
        }
        Path fixture = Fixtures.arithmetic(tmp.resolve("arith"), 1000, false);
        new Report(Report.Options.defaults().withMaxFigures(2)).write(fixture);
        Path families = Fixtures.families(tmp.resolve("families"));
        new Report(Report.Options.defaults().withMaxFigures(0)).write(families);
        Path exe = Chromium.find().orElseThrow(() -> new IllegalStateException("no chromium (see Chromium's class comment)"));
        try (Chromium b = Chromium.launch(exe, 1200, 900)) {
            b.send("Emulation.setDeviceMetricsOverride", Map.of("width", 1200, "height", 900, "deviceScaleFactor", 1, "mobile", false));
            b.navigate(demo.resolve(Report.PAGE).toUri().toString());
            assertThat(b.problems()).isEmpty();
            b.eval("document.body.style.background='#fff'");
            Files.write(out.resolve("report-top.png"), b.screenshot(0, 0, 1200, 640, 1));
            Files.write(out.resolve("report-figure2.png"), b.screenshot("#fig-fig2-math-model", 1));
            Files.write(out.resolve("report-resolution.png"), b.screenshot("#fig-fig2-resolution", 1));

            b.navigate(fixture.resolve(Report.PAGE).toUri().toString());
            assertThat(b.problems()).isEmpty();
            b.eval("(function(){var i=document.getElementById('panel-filter'); i.value='toy-arith target_length=4';"
                    + " i.dispatchEvent(new Event('input'));"
                    + " var s=document.querySelectorAll('#panel-list article.card figure.slot select');"
                    + " s[0].value='exact_match'; s[0].dispatchEvent(new Event('change'));"
                    + " s[1].value='token_edit_distance'; s[1].dispatchEvent(new Event('change'));})()");
            Files.write(out.resolve("report-switcher.png"), b.screenshot("#panel-list article.card", 1));
            Files.write(out.resolve("report-length.png"), b.screenshot("#length figure", 1));
            b.eval("(function(){var i=document.querySelector('#table-emergence input.table-filter'); i.value='target_length=4';"
                    + " i.dispatchEvent(new Event('input'));})()");
            Files.write(out.resolve("report-emergence-table.png"), b.screenshot("#emergence", 1));
            Files.write(out.resolve("report-by-metric.png"), b.screenshot("#fig-by-metric", 1));
            Files.write(out.resolve("report-verdicts.png"), b.screenshot("#verdicts", 1));
            assertThat(b.problems()).isEmpty();

            // families on one plot (a fixture shaped like the Pythia evals: Pythia in two label sets, OPT, BLOOM)
            b.navigate(families.resolve(Report.PAGE).toUri().toString());
            assertThat(b.problems()).isEmpty();
            b.eval("(function(){var t=document.getElementById('ov-task'); t.value='lambada_openai'; t.dispatchEvent(new Event('change'));"
                    + " var m=document.getElementById('ov-metric'); m.value='acc'; m.dispatchEvent(new Event('change'));})()");
            Files.write(out.resolve("report-overlay.png"), b.screenshot("#overlay-plot svg", 1));
            // the page at 800 pixels: the navigation wraps, nothing scrolls sideways
            b.send("Emulation.setDeviceMetricsOverride", Map.of("width", 800, "height", 900, "deviceScaleFactor", 1, "mobile", false));
            b.navigate(demo.resolve(Report.PAGE).toUri().toString());
            Files.write(out.resolve("report-800px.png"), b.screenshot(0, 0, 800, 900, 1));
            assertThat(b.problems()).isEmpty();
        }
        System.out.println("screenshots written to " + out.toAbsolutePath());
    }
}

package mirage.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Tables as users keep them (plain spreadsheets exported to CSV), read by {@code mirage analyze}: a model at two
 * sizes, metric names mirage does not know, a table without a family column, an input with no sizes at all.
 */
class AnalyzeInputsTest {

    static Path write(Path dir, String name, String text) throws IOException {
        Path p = dir.resolve(name);
        Files.writeString(p, text);
        return p;
    }

    static List<String> rows(Path out, String file, String prefix) throws IOException {
        return Files.readAllLines(out.resolve(file)).stream().filter(l -> l.startsWith(prefix)).toList();
    }

    /** A column of emergence.csv (by its header) on the row that starts with {@code prefix}; quoted fields not split. */
    static String column(Path out, String prefix, String name) throws IOException {
        List<String> all = Files.readAllLines(out.resolve("emergence.csv"));
        List<String> header = List.of(all.get(0).split(","));
        String row = all.stream().filter(l -> l.startsWith(prefix)).findFirst().orElseThrow();
        java.util.List<String> cells = new java.util.ArrayList<>();
        StringBuilder cur = new StringBuilder();
        boolean q = false;
        for (char c : row.toCharArray()) {
            if (c == '"') {
                q = !q;
            } else if (c == ',' && !q) {
                cells.add(cur.toString());
                cur.setLength(0);
            } else {
                cur.append(c);
            }
        }
        cells.add(cur.toString());
        return cells.get(header.indexOf(name));
    }

    @Test
    void oneModelNameAtTwoSizesIsAConflictReportedWithBothPlacesAndNeitherKept(@TempDir Path dir) throws IOException {
        Path in = write(dir, "results.csv", """
                family,model,params,task,metric,value
                fam,small,1e6,add,accuracy,0.1
                fam,mid,1e7,add,accuracy,0.2
                fam,big,1e8,add,accuracy,0.4
                fam,huge,1e9,add,accuracy,0.8
                fam,big,3e9,add,accuracy,0.9
                """);
        Path out = dir.resolve("out");
        CliTest.Run r = CliTest.run("analyze", in.toString(), "--out", out.toString(), "--no-report", "--holdout", "0");
        assertThat(r.code()).as(r.err()).isZero();
        List<String> skipped = rows(out, "skipped.csv", "");
        assertThat(skipped).filteredOn(l -> l.contains("conflict")).hasSize(2)
                .anySatisfy(l -> assertThat(l).contains(in + ",6,params", "'big' has two params", "100000000", "3000000000",
                        "0.4", "0.9", "neither is kept"))
                .anySatisfy(l -> assertThat(l).contains(in + ",4,params", "0.4", "is not kept", in + ":6"));
        assertThat(rows(out, "series.csv", "fam,add,accuracy")).hasSize(3).noneMatch(l -> l.contains(",big,"));
        assertThat(r.out()).contains("analysed 3 values");
        assertThat(r.err()).contains("conflict");
    }

    @Test
    void metricsNamedForDistancesAreNeverAssumedHigherIsBetterAndGetSuggestions(@TempDir Path dir) throws IOException {
        Path in = write(dir, "results.csv", """
                family,model,params,task,metric,value
                fam,a,1e6,spell,edit_distance,4.0
                fam,b,1e7,spell,edit_distance,3.1
                fam,c,1e8,spell,edit_distance,1.5
                fam,d,1e9,spell,edit_distance,0.2
                fam,a,1e6,spell,"exact_match,strict-match",0.0
                fam,b,1e7,spell,"exact_match,strict-match",0.0
                fam,c,1e8,spell,"exact_match,strict-match",0.1
                fam,d,1e9,spell,"exact_match,strict-match",0.7
                fam,a,1e6,spell,exact_match_accuracy,0.0
                fam,b,1e7,spell,exact_match_accuracy,0.1
                fam,c,1e8,spell,exact_match_accuracy,0.2
                fam,d,1e9,spell,exact_match_accuracy,0.7
                """);
        Path out = dir.resolve("out");
        CliTest.Run r = CliTest.run("analyze", in.toString(), "--out", out.toString(), "--no-report", "--holdout", "0");
        assertThat(r.code()).as(r.err()).isZero();
        // emergence.csv: family,task,metric,shots,labels,n_models,min_scale,max_scale,emergence_score,status,higher_is_better,...
        assertThat(column(out, "fam,spell,edit_distance,", "higher_is_better")).isEqualTo("false");
        assertThat(column(out, "fam,spell,edit_distance,", "metric_known")).isEqualTo("false");
        assertThat(r.err()).contains("edit_distance (lower is better: its name says so), did you mean char_edit_distance or "
                + "token_edit_distance?", "exact_match_accuracy (higher is better), did you mean exact_match or accuracy",
                "--map 'metric:");
        // lm-eval's metric,filter key is its metric: known
        assertThat(column(out, "fam,spell,\"exact_match,strict-match\"", "metric_known")).isEqualTo("true");
        assertThat(r.err()).doesNotContain("exact_match,strict-match (higher");

        // declared with --map: as a metric mirage knows, or by its properties
        Path out2 = dir.resolve("out2");
        CliTest.Run d = CliTest.run("analyze", in.toString(), "--out", out2.toString(), "--no-report", "--holdout", "0",
                "--map", "metric:edit_distance = char_edit_distance; metric:exact_match_accuracy = higher_is_better=true, "
                        + "continuous=false, partner=char_edit_distance");
        assertThat(d.code()).as(d.err()).isZero();
        assertThat(d.err()).doesNotContain("metrics mirage does not know");
        // char_edit_distance's properties: lower is better, discontinuous, linear
        mirage.core.metric.MetricInfo ced = mirage.core.metric.MetricCatalog.lookup("char_edit_distance");
        assertThat(column(out2, "fam,spell,edit_distance,", "higher_is_better")).isEqualTo("false");
        assertThat(column(out2, "fam,spell,edit_distance,", "continuous")).isEqualTo(String.valueOf(ced.continuous()));
        assertThat(column(out2, "fam,spell,edit_distance,", "linear")).isEqualTo("true").isEqualTo(String.valueOf(ced.linear()));
        assertThat(column(out2, "fam,spell,edit_distance,", "metric_known")).isEqualTo("true");
        CliTest.Run bad = CliTest.run("analyze", in.toString(), "--out", dir.resolve("out3").toString(), "--map",
                "metric:edit_distance = edit_dist");
        assertThat(bad.code()).isEqualTo(2);
        assertThat(bad.err()).hasLineCount(1).contains("'edit_dist' is not a metric mirage knows");
    }

    @Test
    void aTableWithoutAFamilyColumnSaysWhatHappenedAndHowToFixIt(@TempDir Path dir) throws IOException {
        Path in = write(dir, "scores.csv", """
                model,params,task,metric,value
                alpha,1e6,qa,accuracy,0.1
                beta,1e7,qa,accuracy,0.2
                gamma,1e8,qa,accuracy,0.3
                delta,1e9,qa,accuracy,0.9
                """);
        Path out = dir.resolve("out");
        CliTest.Run r = CliTest.run("analyze", in.toString(), "--out", out.toString(), "--no-report", "--holdout", "0");
        assertThat(r.code()).as(r.err()).isZero();
        assertThat(r.err()).contains("no family column", "4 of the 4 model names carry no size", "each of these models is a "
                + "family of its own", "--map 'family=COLUMN'");
        // the fix the note names: --scales with a family column
        Path scales = write(dir, "scales.csv", "model,family\nalpha,greek\nbeta,greek\ngamma,greek\ndelta,greek\n");
        CliTest.Run f = CliTest.run("analyze", in.toString(), "--scales", scales.toString(), "--out", dir.resolve("o2").toString(),
                "--no-report", "--holdout", "0");
        assertThat(f.code()).as(f.err()).isZero();
        assertThat(f.err()).doesNotContain("a family of its own");
        assertThat(rows(dir.resolve("o2"), "emergence.csv", "greek,qa,accuracy,,,4,")).hasSize(1);
    }

    @Test
    void noSizesAnywhereIsExitTwoWithWhatIsMissing(@TempDir Path dir) throws IOException {
        Path in = write(dir, "api.csv", "family,model,task,metric,value\napi,gpt-x,qa,accuracy,0.5\napi,claude-y,qa,accuracy,0.7\n");
        CliTest.Run r = CliTest.run("analyze", in.toString(), "--out", dir.resolve("out").toString());
        assertThat(r.code()).isEqualTo(2);
        String last = r.err().strip().lines().reduce((a, b) -> b).orElseThrow();
        assertThat(last).contains("nothing to analyse", "claude-y, gpt-x", "--scales FILE", "model,params");
        assertThat(dir.resolve("out/series.csv")).doesNotExist();
        // a wrong --format: nothing read
        CliTest.Run w = CliTest.run("analyze", in.toString(), "--format", "bigbench", "--out", dir.resolve("out").toString());
        assertThat(w.code()).isEqualTo(2);
    }

    /** The command lines the shipped map files give in their comments work as written (the map file after --map). */
    @Test
    void theMapFilesCommentedCommandLinesWorkAsWritten(@TempDir Path dir) throws IOException {
        Path in = write(dir, "pythia.csv", """
                family,model,total_params,task,metric,value,size,source
                pythia,pythia-70m,70426624,piqa,acc,0.59,70m,a.json
                pythia,pythia-160m,162322944,piqa,acc,0.62,160m,b.json
                pythia,pythia-410m,405334016,piqa,acc,0.67,410m,c.json
                """);
        for (String name : List.of("pythia.map", "obsscaling.map")) {
            Path map = AnalyzeSharedDataTest.repo("examples/maps/" + name);
            String comment = Files.readAllLines(map).stream().filter(l -> l.contains("--map ")).findFirst().orElseThrow();
            String arg = comment.substring(comment.indexOf("--map ") + 6).strip().split("\\s+")[0];
            assertThat(arg).as(comment).endsWith("examples/maps/" + name);
            // the argument as written, its path resolved from the repository's root
            String asWritten = arg.replace("examples/maps/" + name, map.toString());
            if (name.equals("pythia.map")) {
                CliTest.Run r = CliTest.run("analyze", in.toString(), "--map", asWritten, "--out", dir.resolve("out").toString(),
                        "--no-report", "--holdout", "0");
                assertThat(r.code()).as(comment + "\n" + r.err()).isZero();
            } else {
                assertThat(mirage.io.results.ColumnMap.parse(List.of(asWritten)).isEmpty()).isFalse();
            }
        }
    }

    /** Per-sample JSONL: family is required, by score and analyze alike, as docs/FORMATS.md says. */
    @Test
    void perSampleJsonlWithoutAFamilyIsRefusedByScoreAndSkippedByAnalyzeAlike(@TempDir Path dir) throws IOException {
        StringBuilder sb = new StringBuilder();
        String[] models = {"m1", "m2", "m3"};
        for (int i = 0; i < 3; i++) {
            for (int k = 0; k < 4; k++) {
                sb.append("{\"family\":\"f\",\"model\":\"").append(models[i]).append("\",\"params\":").append((long) Math.pow(10, 6 + i))
                        .append(",\"task\":\"add\",\"item_id\":\"").append(k).append("\",\"target\":\"4\",\"output\":\"")
                        .append(k <= i ? "4" : "5").append("\"}\n");
            }
        }
        sb.append("{\"model\":\"m4\",\"params\":1e9,\"task\":\"add\",\"item_id\":\"0\",\"target\":\"4\",\"output\":\"4\"}\n");
        Path in = write(dir, "samples.jsonl", sb.toString());
        CliTest.Run score = CliTest.run("score", in.toString());
        assertThat(score.code()).isEqualTo(2);
        assertThat(score.err()).hasLineCount(1).contains("samples.jsonl:13", "field 'family'", "is required");
        CliTest.Run a = CliTest.run("analyze", in.toString(), "--out", dir.resolve("out").toString(), "--no-report", "--holdout", "0");
        assertThat(a.code()).as(a.err()).isZero();
        assertThat(rows(dir.resolve("out"), "skipped.csv", in.toString())).singleElement().asString().contains(",13,family,is required");
        Path empty = write(dir, "empty.jsonl", "");
        CliTest.Run e = CliTest.run("score", empty.toString());
        assertThat(e.code()).isEqualTo(2);
        assertThat(e.err()).hasLineCount(1).contains("no samples to score", "per-sample JSONL");
    }
}

package mirage.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 17, "silent changes to the results": a repeated item and an unusable log-probability are counted,
 * listed with their places, and stop a --strict run; the item is counted once.
 */
class SampleIntegrityTest {

    static String rec(String model, double params, String item, String output, String extra) {
        return "{\"family\":\"toy\",\"model\":\"" + model + "\",\"params\":" + params + ",\"task\":\"add\",\"item_id\":\"" + item
                + "\",\"target\":\"1\",\"output\":\"" + output + "\"" + extra + "}\n";
    }

    /** 4 models x 3 items; line numbers: model m item i is line 3m+i+1. */
    static String base() {
        StringBuilder sb = new StringBuilder();
        String[] models = {"toy-1m", "toy-10m", "toy-100m", "toy-1b"};
        for (int m = 0; m < 4; m++) {
            for (int i = 0; i < 3; i++) {
                sb.append(rec(models[m], Math.pow(10, 6 + m), "i" + i, i < m ? "1" : "2", ""));
            }
        }
        return sb.toString();
    }

    /** The series.csv row of a model and metric, split. */
    static String[] point(Path out, String model, String metric) throws Exception {
        for (String l : Files.readAllLines(out.resolve("series.csv"))) {
            String[] f = l.split(",", -1);
            if (f[5].equals(model) && f[2].equals(metric)) {
                return f;
            }
        }
        throw new AssertionError("no point " + model + " " + metric);
    }

    @Test
    void aRepeatedItemIsReportedWithBothPlacesAndCountedOnce(@TempDir Path dir) throws Exception {
        Path f = dir.resolve("s.jsonl");
        // toy-1m answered item i0 wrongly on line 1; a second record of the same item (right) on line 13
        Files.writeString(f, base() + rec("toy-1m", 1e6, "i0", "1", ""));
        Path out = dir.resolve("out");
        CliTest.Run r = CliTest.run("analyze", f.toString(), "--out", out.toString(), "--no-report", "--metrics", "exact_match");
        assertThat(r.code()).as(r.err()).isZero();
        String skipped = Files.readString(out.resolve("skipped.csv"));
        assertThat(skipped).contains(f + ",13,item_id,").contains(f + ":1");
        String[] p = point(out, "toy-1m", "exact_match");
        assertThat(p[7]).as("the first record counts: 0 of 3 right").isEqualTo("0");
        assertThat(p[8]).as("n").isEqualTo("3");
        assertThat(r.err()).contains("skipped 1 rows");

        CliTest.Run s = CliTest.run("analyze", f.toString(), "--out", dir.resolve("strict").toString(), "--no-report",
                "--metrics", "exact_match", "--strict");
        assertThat(s.code()).isEqualTo(2);
        assertThat(s.err()).hasLineCount(1).contains(f + ":13", f + ":1").doesNotContain("skipped");

        // score: the same values as without the repeated record, and said so
        Path clean = dir.resolve("clean.jsonl");
        Files.writeString(clean, base());
        CliTest.Run sc = CliTest.run("score", f.toString(), "--metrics", "exact_match");
        CliTest.Run sc0 = CliTest.run("score", clean.toString(), "--metrics", "exact_match");
        assertThat(sc.code()).as(sc.err()).isZero();
        assertThat(sc.out()).isEqualTo(sc0.out());
        assertThat(sc.err()).contains("repeated", f + ":13", f + ":1");
        // plan (PassUntil) counts an item once too
        Path pu = dir.resolve("pu.jsonl");
        String a = "{\"family\":\"toy\",\"model\":\"m\",\"task\":\"code\",\"item_id\":\"p1\",\"attempts\":10,\"passes\":1}\n";
        Files.writeString(pu, a + a.replace("p1", "p2").replace("\"attempts\":10", "\"attempts\":4") + a);
        CliTest.Run pl = CliTest.run("plan", pu.toString());
        assertThat(pl.err()).contains("repeated", pu + ":3", pu + ":1");
        assertThat(pl.out()).as("items 2, k 1, attempts 14").containsPattern("toy \\| m \\| code\\s+2\\s+1\\s+14\\s");
    }

    @Test
    void aRepeatedLmEvalDocIdIsReportedAndCountedOnce(@TempDir Path dir) throws Exception {
        Path f = dir.resolve("samples_arc_easy_2024-05-01T10-00-00.000001.jsonl");
        String d0 = "{\"doc_id\": 0, \"target\": 0, \"arguments\": [[\"Q\", \" a\"], [\"Q\", \" b\"]], "
                + "\"filtered_resps\": [[-0.5, false], [-1.5, false]], \"filter\": \"none\"}\n";
        String d1 = d0.replace("\"doc_id\": 0", "\"doc_id\": 1").replace("-0.5", "-2.5");
        // doc 1 again, answered right this time
        Files.writeString(f, d0 + d1 + d1.replace("-2.5", "-0.5"));
        Files.writeString(dir.resolve("results_2024-05-01T10-00-00.000001.json"), "{\"results\": {}, \"model_name\": \"org/toy-1m\","
                + " \"config\": {\"model_num_parameters\": 1000000}, \"n-shot\": {\"arc_easy\": 0}}");
        Path out = dir.resolve("out");
        CliTest.Run r = CliTest.run("analyze", f.toString(), "--out", out.toString(), "--no-report", "--metrics", "accuracy");
        assertThat(r.code()).as(r.err()).isZero();
        assertThat(Files.readString(out.resolve("skipped.csv"))).contains(f + ",3,doc_id,").contains(f + ":2");
        String[] p = point(out, "org/toy-1m", "accuracy");
        assertThat(p[7]).isEqualTo("0.5");
        assertThat(p[8]).isEqualTo("2");
        CliTest.Run s = CliTest.run("analyze", f.toString(), "--out", dir.resolve("o2").toString(), "--no-report", "--metrics",
                "accuracy", "--strict");
        assertThat(s.code()).isEqualTo(2);
        assertThat(s.err()).contains(f + ":3", "doc_id");
    }

    /** --strict stopping at a second value of a model on a series does not claim the value "is skipped". */
    @Test
    void strictStopOnADuplicateValueDoesNotSayItIsSkipped(@TempDir Path dir) throws Exception {
        Path f = dir.resolve("long.csv");
        Files.writeString(f, "family,model,params,task,metric,value\ntoy,a,1e6,t,acc,0.1\ntoy,a,1e6,t,acc,0.2\n");
        CliTest.Run s = CliTest.run("analyze", f.toString(), "--out", dir.resolve("o").toString(), "--no-report", "--strict");
        assertThat(s.code()).isEqualTo(2);
        assertThat(ReaderHardeningTest.lastLine(s.err())).startsWith("mirage analyze: " + f + ":3").contains("duplicate", f + ":2")
                .doesNotContain("skipped");
    }

    /** NaN, +Infinity and positive target log-probabilities and NaN choice log-probabilities are listed, noted, strict stops. */
    @Test
    void unusableLogProbabilitiesAreCountedAndListed(@TempDir Path dir) throws Exception {
        StringBuilder sb = new StringBuilder(base());
        sb.append(rec("toy-1m", 1e6, "lp1", "1", ",\"target_tokens\":[\"1\"],\"target_logprobs\":[NaN]"));          // line 13
        sb.append(rec("toy-1m", 1e6, "lp2", "1", ",\"target_tokens\":[\"1\"],\"target_logprobs\":[Infinity]"));     // 14
        sb.append(rec("toy-1m", 1e6, "lp3", "1", ",\"target_tokens\":[\"1\"],\"target_logprobs\":[0.7]"));          // 15
        sb.append(rec("toy-1m", 1e6, "lp4", "1", ",\"target_tokens\":[\"1\"],\"target_logprobs\":[-0.7]"));         // 16 (fine)
        sb.append("{\"family\":\"toy\",\"model\":\"toy-1m\",\"params\":1e6,\"task\":\"mc\",\"item_id\":\"q1\",\"choices\":[\"a\",\"b\"],"
                + "\"choice_logprobs\":[-0.1,NaN],\"correct_choice\":0}\n");                                       // 17
        Path f = dir.resolve("s.jsonl");
        Files.writeString(f, sb.toString());
        Path out = dir.resolve("out");
        CliTest.Run r = CliTest.run("analyze", f.toString(), "--out", out.toString(), "--no-report",
                "--metrics", "exact_match,target_logprob,multiple_choice_grade");
        assertThat(r.code()).as(r.err()).isZero();
        String skipped = Files.readString(out.resolve("skipped.csv"));
        assertThat(skipped).contains(f + ",13,target_logprobs,", f + ",14,target_logprobs,", f + ",15,target_logprobs,",
                f + ",17,choice_logprobs,").doesNotContain(f + ",16,");
        assertThat(r.err()).contains("skipped 4 rows");
        // the target log-probability of toy-1m: the one usable item (line 16)
        String[] p = point(out, "toy-1m", "target_logprob");
        assertThat(p[7]).isEqualTo("-0.7");
        assertThat(p[8]).isEqualTo("1");
        // exact match still scores every item (the log-probabilities do not matter to it)
        CliTest.Run s = CliTest.run("analyze", f.toString(), "--out", dir.resolve("o2").toString(), "--no-report", "--strict",
                "--metrics", "exact_match,target_logprob");
        assertThat(s.code()).isEqualTo(2);
        assertThat(s.err()).hasLineCount(1).contains(f + ":13", "target_logprobs", "NaN");
        CliTest.Run sc = CliTest.run("score", f.toString(), "--metrics", "target_logprob,multiple_choice_grade");
        assertThat(sc.code()).as(sc.err()).isZero();
        assertThat(sc.err()).contains("4 samples have unusable values", f + ":13");
        List<String> rows = sc.out().lines().toList();
        assertThat(rows).anySatisfy(l -> assertThat(l).startsWith("toy,toy-1m,1000000,add,target_logprob,-0.7,1,,6"));
        // skipped: the 3 items without log-probabilities and the 3 with unusable ones
    }
}

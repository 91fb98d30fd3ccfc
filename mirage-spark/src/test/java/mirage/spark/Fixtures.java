package mirage.spark;

import java.io.IOException;
import java.io.OutputStream;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import java.util.zip.GZIPOutputStream;
import mirage.core.data.Sample;
import mirage.core.sim.FamilySimulator;
import mirage.io.samples.SampleJsonlWriter;

/**
 * Inputs for comparing the engines: per-sample JSONL of two simulated families (one file plain, one gzip, with
 * target lengths so that lengths.csv is written), a file with bad lines and a duplicate cell, mirage's example of
 * every metric, a long CSV (read on the driver), and lm-evaluation-harness samples files of two models.
 */
final class Fixtures {
    private Fixtures() {
    }

    static Path write(Path dir) throws IOException {
        Path in = Files.createDirectories(dir.resolve("inputs"));
        double[] sizes = {1e6, 1e7, 1e8, 1e9, 1e10, 1e11};
        try (Writer w = Files.newBufferedWriter(in.resolve("a-family.jsonl")); SampleJsonlWriter sw = new SampleJsonlWriter(w)) {
            for (int len = 1; len <= 3; len++) {
                FamilySimulator sim = new FamilySimulator("toy", "add", FamilySimulator.powerLaw(-0.5, 2e9), len, 0.2);
                for (Sample x : sim.samples(sizes, 150, 3 + len)) {
                    sw.write(x.toBuilder().labels(java.util.Map.of("target_length", Integer.toString(len))).build());
                }
            }
        }
        try (OutputStream raw = new GZIPOutputStream(Files.newOutputStream(in.resolve("b-family.jsonl.gz")));
             Writer w = new java.io.OutputStreamWriter(raw, StandardCharsets.UTF_8); SampleJsonlWriter sw = new SampleJsonlWriter(w)) {
            FamilySimulator sim = new FamilySimulator("other", "mul", FamilySimulator.powerLaw(-0.4, 5e8), 3, 0.3);
            for (Sample x : sim.samples(new double[] {1e7, 1e8, 1e9, 1e10}, 120, 17)) {
                sw.write(x);
            }
        }
        // bad lines among good ones, and a cell that a.family already has (a duplicate)
        StringBuilder bad = new StringBuilder();
        Random r = new Random(5);
        for (int i = 0; i < 40; i++) {
            // two checkpoints of every model (the later first in the file): curves and item tables take the last one
            boolean right = r.nextBoolean();
            double lp = -r.nextDouble();
            for (int step : new int[] {1000, 500}) {
                bad.append(String.format(Locale.ROOT, "{\"family\":\"third\",\"model\":\"m%d\",\"params\":%d,\"step\":%d,\"task\":\"qa\","
                        + "\"item_id\":\"q%d\",\"target\":\"x\",\"output\":\"%s\",\"target_logprobs\":[%s],\"target_tokens\":[\"x\"]}%n",
                        i % 4, (long) Math.pow(10, 6 + i % 4), step, i / 4, right == (step == 1000) ? "x" : "y",
                        step == 1000 ? lp : 2 * lp));
            }
            if (i % 9 == 4) {
                bad.append("{\"family\":\"third\",\"model\":\"m1\",\"params\":\"abc\",\"task\":\"qa\",\"item_id\":\"z\"}\n");
            }
            if (i % 13 == 7) {
                bad.append("{not json\n\n");
            }
        }
        bad.append("{\"family\":\"toy\",\"model\":\"toy-0\",\"params\":1000000,\"task\":\"add\",\"item_id\":\"d\",\"target\":\"1\",\"output\":\"1\","
                + "\"labels\":{\"target_length\":\"2\"}}\n");
        Files.writeString(in.resolve("c-bad.jsonl"), bad.toString());
        Path example = Path.of("../mirage-cli/src/test/resources/mirage/cli/score-example.jsonl");
        Files.copy(example, in.resolve("d-example.jsonl"));
        Files.writeString(in.resolve("e-long.csv"), "family,model,params,task,metric,value\n"
                + "flat,f-1,1e6,t,exact_match,0.01\nflat,f-2,1e7,t,exact_match,0.02\nflat,f-3,1e8,t,exact_match,0.5\nflat,f-4,1e9,t,exact_match,0.9\n"
                + "flat,f-5,1e10,t,exact_match,nope\n");
        // a JSON file that is no result file: noted and not read, under a directory
        Files.writeString(in.resolve("f-other.json"), "{\"hello\": 1}\n");
        // lm-evaluation-harness samples of two models (folders named as the harness names them)
        String[] models = {"EleutherAI__pythia-70m", "EleutherAI__pythia-410m"};
        for (int k = 0; k < models.length; k++) {
            Path md = Files.createDirectories(in.resolve("lmeval").resolve(models[k]));
            StringBuilder s = new StringBuilder();
            Random g = new Random(k);
            for (int d = 0; d < 30; d++) {
                int target = d % 3;
                double[] ll = {-1 - g.nextDouble(), -1 - g.nextDouble(), -1 - g.nextDouble()};
                ll[target] += k * 0.6 * g.nextDouble();
                s.append(String.format(Locale.ROOT, "{\"doc_id\":%d,\"target\":%d,\"arguments\":[[\"q\",\" a\"],[\"q\",\" b\"],[\"q\",\" c\"]],"
                        + "\"resps\":[[[%s,false]],[[%s,false]],[[%s,false]]],\"filtered_resps\":[[%s,false],[%s,false],[%s,false]],"
                        + "\"filter\":\"none\",\"acc\":%d,\"acc_norm\":%d}%n", d, target, ll[0], ll[1], ll[2], ll[0], ll[1], ll[2],
                        g.nextInt(2), g.nextInt(2)));
            }
            s.append("{\"doc_id\":99,\"target\":7}\n");
            Files.writeString(md.resolve("samples_arc_easy_2024-01-01T00-00-00.000000.jsonl"), s.toString());
        }
        return in;
    }

    /** The sample files alone (for the Parquet comparison). */
    static List<Path> sampleFiles(Path in) {
        return List.of(in.resolve("a-family.jsonl"));
    }
}

import java.io.BufferedOutputStream;
import java.io.FileOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.SplittableRandom;

/**
 * Seeded generator of mirage per-sample JSONL for the engine benchmark (docs/PERFORMANCE.md, "Spark engine"):
 * FAMILIES x TASKS x MODELS x ITEMS records, written family by family, task by task, model by model (each
 * (model, task) cell contiguous, as a harness writes one model's run of one task; the layout that partitions
 * well, docs/SPARK.md). Each item is an L-digit answer (L = 2..6 by task); every model of a family answers the
 * same items; a digit is right with probability p = sigmoid(slope (log10 size - midpoint)) shifted by the item's
 * difficulty, so exact match rises sharply and per-token metrics smoothly. Fields: family, model, params, task,
 * item_id, target, output, target_tokens, output_tokens, target_logprobs (about 330 bytes a record).
 *
 * <p>Run with the Java launcher (no build): {@code java bench/GenerateSamples.java OUT.jsonl [records] [seed]};
 * records is rounded down to a multiple of 1,000 (10 families x 10 tasks x 10 models x records/1,000 items).
 */
public final class GenerateSamples {
    public static void main(String[] args) throws IOException {
        String out = args.length > 0 ? args[0] : "samples.jsonl";
        long records = args.length > 1 ? Long.parseLong(args[1]) : 10_000_000L;
        long seed = args.length > 2 ? Long.parseLong(args[2]) : 1;
        int families = 10;
        int tasks = 10;
        int models = 10;
        int items = (int) (records / ((long) families * tasks * models));
        StringBuilder sb = new StringBuilder(512);
        long written = 0;
        try (OutputStream os = new BufferedOutputStream(new FileOutputStream(out), 1 << 20)) {
            for (int f = 0; f < families; f++) {
                for (int t = 0; t < tasks; t++) {
                    int len = 2 + t % 5;
                    SplittableRandom taskRng = new SplittableRandom(seed * 1_000_003L + f * 1009L + t);
                    double midpoint = 8.5 + 1.5 * taskRng.nextDouble();
                    double slope = 1.0 + taskRng.nextDouble();
                    double[] difficulty = new double[items];
                    String[] targets = new String[items];
                    for (int i = 0; i < items; i++) {
                        difficulty[i] = 0.5 * taskRng.nextGaussian();
                        StringBuilder d = new StringBuilder();
                        for (int k = 0; k < len; k++) {
                            d.append((char) ('0' + taskRng.nextInt(10)));
                        }
                        targets[i] = d.toString();
                    }
                    for (int m = 0; m < models; m++) {
                        double size = Math.pow(10, 7 + 4.0 * m / (models - 1));
                        SplittableRandom rng = new SplittableRandom(seed * 7_919L + f * 104_729L + t * 1_299_709L + m);
                        String family = "fam" + f;
                        String model = family + "-m" + m;
                        for (int i = 0; i < items; i++) {
                            double z = slope * (Math.log10(size) - midpoint) - difficulty[i];
                            double p = 1 / (1 + Math.exp(-z));
                            String target = targets[i];
                            StringBuilder output = new StringBuilder();
                            sb.setLength(0);
                            sb.append("{\"family\":\"").append(family).append("\",\"model\":\"").append(model)
                                    .append("\",\"params\":").append((long) size).append(",\"task\":\"task").append(t)
                                    .append("\",\"item_id\":\"i").append(i).append('"');
                            StringBuilder tt = new StringBuilder();
                            StringBuilder ot = new StringBuilder();
                            StringBuilder lp = new StringBuilder();
                            for (int k = 0; k < len; k++) {
                                char c = target.charAt(k);
                                char o = rng.nextDouble() < p ? c : (char) ('0' + rng.nextInt(10));
                                output.append(o);
                                tt.append(k == 0 ? "" : ",").append('"').append(c).append('"');
                                ot.append(k == 0 ? "" : ",").append('"').append(o).append('"');
                                double l = Math.log(Math.max(1e-12, Math.min(1, p * Math.exp(0.1 * rng.nextGaussian()))));
                                lp.append(k == 0 ? "" : ",").append(String.format(Locale.ROOT, "%.5f", Math.min(0, l)));
                            }
                            sb.append(",\"target\":\"").append(target).append("\",\"output\":\"").append(output)
                                    .append("\",\"target_tokens\":[").append(tt).append("],\"output_tokens\":[").append(ot)
                                    .append("],\"target_logprobs\":[").append(lp).append("]}\n");
                            os.write(sb.toString().getBytes(StandardCharsets.UTF_8));
                            written++;
                        }
                    }
                }
            }
        }
        System.err.println("wrote " + written + " records to " + out);
    }
}

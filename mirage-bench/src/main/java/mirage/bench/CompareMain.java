package mirage.bench;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import mirage.core.analysis.EmergenceScore;
import mirage.core.metric.SequenceDistance;
import mirage.core.stats.Bootstrap;
import mirage.core.stats.PairedUnits;
import mirage.train.bench.TrainStepBenchmark;

/**
 * The mirage side of {@code bench/compare.sh}: generates the shared inputs and measures mirage on them,
 * appending one line per measurement to a results file in {@link ResultTable}'s input format. The Python
 * side ({@code bench/python/peers.py}) reads the same input files and appends to the same results file.
 *
 * <p>Usage: {@code java -cp mirage-bench/target/mirage-bench.jar mirage.bench.CompareMain WORKLOAD
 * --dir DIR --out RESULTS.tsv [--tiny] [--threads 1,2]}, WORKLOAD one of {@code prepare} (write the
 * inputs to DIR), {@code edit}, {@code bootstrap}, {@code emergence}, {@code train}.
 *
 * <p>Timing: each measurement warms up (repeating the work for at least {@code warm} seconds, at least
 * once), then times {@code reps} runs of the whole batch and reports work items per second of the
 * median run. Thread counts above 1 split the batch into contiguous parts, one per thread, each with
 * its own {@link SequenceDistance}; the bootstrap and the training step use their own thread options.
 */
public final class CompareMain {
    /** Sizes of the full and the tiny run. */
    record Plan(int[] editPairs, int resamples, int items, int models, int series, int points, int trainWarmup,
            int trainSteps, int reps, double warm) {
        static Plan full() {
            return new Plan(new int[] {200_000, 20_000, 2_000}, 10_000, 100_000, 10, 1_000_000, 8, 10, 50, 5, 1.0);
        }

        static Plan tiny() {
            return new Plan(new int[] {5_000, 500, 50}, 200, 10_000, 10, 10_000, 8, 1, 2, 1, 0.05);
        }
    }

    static final long SEED = 20261123L;
    static final long SCORES_SEED = 2024L;

    private final Plan plan;
    private final Path dir;
    private final Path out;
    private final int[] threads;
    private final PrintStream log = System.out;

    CompareMain(Plan plan, Path dir, Path out, int[] threads) {
        this.plan = plan;
        this.dir = dir;
        this.out = out;
        this.threads = threads;
    }

    public static void main(String[] args) throws Exception {
        if (args.length < 1) {
            System.err.println("usage: CompareMain prepare|edit|bootstrap|emergence|train --dir DIR --out RESULTS.tsv [--tiny] [--threads 1,2]");
            System.exit(2);
        }
        Path dir = Path.of("/tmp/mirage-compare");
        Path out = null;
        boolean tiny = false;
        int[] threads = {1, 2};
        for (int i = 1; i < args.length; i++) {
            switch (args[i]) {
                case "--dir" -> dir = Path.of(args[++i]);
                case "--out" -> out = Path.of(args[++i]);
                case "--tiny" -> tiny = true;
                case "--threads" -> threads = Arrays.stream(args[++i].split(",")).mapToInt(s -> Integer.parseInt(s.trim())).toArray();
                default -> throw new IllegalArgumentException("unknown option " + args[i]);
            }
        }
        CompareMain c = new CompareMain(tiny ? Plan.tiny() : Plan.full(), dir, out, threads);
        switch (args[0]) {
            case "prepare" -> c.prepare();
            case "edit" -> c.edit();
            case "bootstrap" -> c.bootstrap();
            case "emergence" -> c.emergence();
            case "train" -> c.train();
            default -> throw new IllegalArgumentException("unknown workload " + args[0]);
        }
    }

    // ------------------------------------------------------------------ inputs

    void prepare() throws IOException {
        Files.createDirectories(dir);
        Inputs.Size[] sizes = Inputs.Size.values();
        for (int k = 0; k < sizes.length; k++) {
            Inputs.Pairs p = Inputs.editPairs(sizes[k], plan.editPairs()[k], SEED);
            Inputs.writePairs(p, dir.resolve("edit-" + sizes[k].name().toLowerCase(Locale.ROOT) + ".tsv"));
            log.println("inputs: " + Inputs.describe(p));
        }
        Inputs.writeScores(Inputs.binaryScores(plan.models(), plan.items(), SCORES_SEED), dir.resolve("scores.u8"));
        log.printf(Locale.ROOT, "inputs: paired binary scores, %d items x %d models (bootstrap: %d resamples)%n",
                plan.items(), plan.models(), plan.resamples());
        Inputs.writeCurves(Inputs.curves(plan.series(), plan.points(), SEED), dir.resolve("curves.f64"));
        log.printf(Locale.ROOT, "inputs: %d scaling curves x %d points%n", plan.series(), plan.points());
        Files.writeString(dir.resolve("plan.txt"), String.format(Locale.ROOT,
                "resamples=%d%nitems=%d%nmodels=%d%nseries=%d%npoints=%d%ntrain_warmup=%d%ntrain_steps=%d%nreps=%d%nwarm=%s%n",
                plan.resamples(), plan.items(), plan.models(), plan.series(), plan.points(), plan.trainWarmup(), plan.trainSteps(),
                plan.reps(), plan.warm()), StandardCharsets.UTF_8);
    }

    // ------------------------------------------------------------------ workloads

    void edit() throws Exception {
        for (Inputs.Size size : Inputs.Size.values()) {
            Inputs.Pairs p = Inputs.editPairs(size, plan.editPairs()[size.ordinal()], SEED);
            for (int t : threads) {
                long[] sum = new long[1];
                SequenceDistance[] sds = new SequenceDistance[t];
                double tokens = time(() -> sum[0] = parallelSum(p.count(), t, sds,
                        (sd, i) -> sdOf(sd).levenshtein(p.a().get(i), p.b().get(i))), p.count());
                emit("edit-distance", "mirage", t, size.label(), tokens, "pairs/s", "sum=" + sum[0]);
                double chars = time(() -> sum[0] = parallelSum(p.count(), t, sds,
                        (sd, i) -> sdOf(sd).levenshtein(p.as()[i], p.bs()[i])), p.count());
                emit("edit-distance", "mirage-chars", t, size.label(), chars, "pairs/s", "sum=" + sum[0]);
            }
        }
    }

    void bootstrap() {
        double[][] s = Inputs.binaryScores(plan.models(), plan.items(), SCORES_SEED);
        PairedUnits d = PairedUnits.means(s);
        String size = plan.resamples() + "x" + plan.items() + "x" + plan.models();
        for (int t : threads) {
            Bootstrap b = Bootstrap.create().withResamples(plan.resamples()).withSeed(1).withThreads(t);
            b.withResamples(Math.max(2, plan.resamples() / 10)).values(d); // JIT warm-up on a tenth of the work
            String[] path = new String[1];
            double thr = time(() -> {
                Bootstrap.Result r = b.values(d);
                path[0] = r.path();
                return 0;
            }, plan.resamples());
            log.println("bootstrap path: " + path[0]);
            emit("paired-bootstrap", "mirage", t, size, thr, "resamples/s", "");
        }
    }

    void emergence() throws Exception {
        double[][] y = Inputs.curves(plan.series(), plan.points(), SEED);
        double[] x = Inputs.scales(plan.points());
        String size = plan.series() + "x" + plan.points();
        for (int t : threads) {
            long[] n = new long[1];
            SequenceDistance[] unused = new SequenceDistance[t];
            double thr = time(() -> n[0] = parallelSum(y.length, t, unused, (sd, i) -> {
                double v = EmergenceScore.of(x, y[i], true).value();
                return v > 10 ? 1 : 0;
            }), y.length);
            emit("emergence-score", "mirage", t, size, thr, "series/s", "above10=" + n[0]);
        }
    }

    void train() {
        for (int t : threads) {
            TrainStepBenchmark.Figure f = TrainStepBenchmark.measure(128, 5, 4, 64, 13, 16, t, plan.trainWarmup(), plan.trainSteps());
            log.println(f);
            emit("train-step", "mirage", t, "gpt d128 L5 h4 b64 s13", f.stepsPerSecond(), "steps/s", "params=" + f.params());
        }
    }

    // ------------------------------------------------------------------ helpers

    private static SequenceDistance sdOf(Object o) {
        return (SequenceDistance) o;
    }

    /** A per-item function with a per-thread SequenceDistance. */
    interface Item {
        long apply(Object state, int i);
    }

    private ExecutorService pool;

    /** Sum of f(i) over i in [0, n), split into {@code t} contiguous parts run on t threads. */
    private long parallelSum(int n, int t, SequenceDistance[] states, Item f) throws Exception {
        for (int k = 0; k < t; k++) {
            if (states[k] == null) {
                states[k] = new SequenceDistance();
            }
        }
        if (t == 1) {
            long s = 0;
            SequenceDistance sd = states[0];
            for (int i = 0; i < n; i++) {
                s += f.apply(sd, i);
            }
            return s;
        }
        if (pool == null) {
            pool = Executors.newFixedThreadPool(Math.max(2, Arrays.stream(threads).max().orElse(2)), r -> {
                Thread th = new Thread(r, "compare");
                th.setDaemon(true);
                return th;
            });
        }
        List<Future<Long>> parts = new ArrayList<>();
        for (int k = 0; k < t; k++) {
            int lo = (int) ((long) n * k / t);
            int hi = (int) ((long) n * (k + 1) / t);
            SequenceDistance sd = states[k];
            parts.add(pool.submit(() -> {
                long s = 0;
                for (int i = lo; i < hi; i++) {
                    s += f.apply(sd, i);
                }
                return s;
            }));
        }
        long s = 0;
        for (Future<Long> p : parts) {
            s += p.get();
        }
        return s;
    }

    interface Work {
        long run() throws Exception;
    }

    /** Items per second of the median of {@code reps} timed runs, after a warm-up. */
    private double time(Work w, long items) {
        try {
            long w0 = System.nanoTime();
            do {
                w.run();
            } while (System.nanoTime() - w0 < plan.warm() * 1e9);
            double[] secs = new double[plan.reps()];
            for (int r = 0; r < secs.length; r++) {
                long a = System.nanoTime();
                w.run();
                secs[r] = (System.nanoTime() - a) / 1e9;
            }
            Arrays.sort(secs);
            double med = secs.length % 2 == 1 ? secs[secs.length / 2] : (secs[secs.length / 2 - 1] + secs[secs.length / 2]) / 2;
            return items / med;
        } catch (RuntimeException e) {
            throw e;
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private void emit(String workload, String impl, int threads, String size, double throughput, String unit, String check) {
        ResultTable.Row row = new ResultTable.Row(workload, impl, threads, size, throughput, unit, check);
        log.printf(Locale.ROOT, "%-16s %-14s threads=%d size=%-10s %s %s %s%n", workload, impl, threads, size,
                ResultTable.number(throughput), unit, check);
        if (out != null) {
            try {
                Files.writeString(out, row.line() + "\n", StandardCharsets.UTF_8, StandardOpenOption.CREATE, StandardOpenOption.APPEND);
            } catch (IOException e) {
                throw new IllegalStateException("cannot append to " + out + ": " + e.getMessage(), e);
            }
        }
    }
}

package mirage.train;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Runs the per-model work of a family (train, evaluate, write) on the available cores. Models that
 * run on one intra-op thread ({@link TorchEngine#threadsFor}) are run up to {@code parallel} at a
 * time, each on its own Java thread (two small models on two cores instead of one model on two cores
 * spending its time in synchronisation), the costliest first; models that use several intra-op
 * threads run alone afterwards, in the given order. Results are returned in the given order. A model's arithmetic depends only on its own intra-op thread count, never on what runs
 * beside it, so results do not depend on {@code parallel}.
 *
 * <p>If one job fails, the others are interrupted ({@link TrainingLoop} stops at the next step,
 * keeping its last checkpoint) and the first failure is rethrown.
 */
public final class ModelScheduler {

    /** One model's work. */
    public interface Job<R> {
        /** Intra-op threads the job's model is trained with. */
        int threads();

        /**
         * Relative cost (e.g. training FLOPs); parallel jobs start in decreasing cost, so the longest
         * job does not start last (longest-processing-time-first scheduling).
         */
        default double cost() {
            return 1;
        }

        R run() throws Exception;
    }

    private ModelScheduler() {
    }

    public static <R> List<R> run(List<? extends Job<R>> jobs, int parallel) throws IOException {
        if (parallel < 1) {
            throw new IllegalArgumentException("parallel jobs must be at least 1, got " + parallel);
        }
        List<R> results = new ArrayList<>(jobs.size());
        for (int i = 0; i < jobs.size(); i++) {
            results.add(null);
        }
        List<Integer> single = new ArrayList<>();
        List<Integer> multi = new ArrayList<>();
        for (int i = 0; i < jobs.size(); i++) {
            (parallel > 1 && jobs.get(i).threads() == 1 ? single : multi).add(i);
        }
        single.sort((x, y) -> Double.compare(jobs.get(y).cost(), jobs.get(x).cost()));
        if (!single.isEmpty()) {
            AtomicInteger n = new AtomicInteger();
            ExecutorService pool = Executors.newFixedThreadPool(Math.min(parallel, single.size()), r -> {
                Thread t = new Thread(r, "mirage-train-" + n.incrementAndGet());
                t.setDaemon(true);
                return t;
            });
            List<Future<R>> futures = new ArrayList<>();
            try {
                for (int i : single) {
                    Job<R> job = jobs.get(i);
                    futures.add(pool.submit(() -> {
                        TorchEngine.setThreads(1);
                        return job.run();
                    }));
                }
                for (int k = 0; k < futures.size(); k++) {
                    try {
                        results.set(single.get(k), futures.get(k).get());
                    } catch (ExecutionException e) {
                        for (Future<R> f : futures) {
                            f.cancel(true);
                        }
                        throw rethrow(e.getCause());
                    } catch (InterruptedException e) {
                        for (Future<R> f : futures) {
                            f.cancel(true);
                        }
                        Thread.currentThread().interrupt();
                        throw new java.util.concurrent.CancellationException("interrupted");
                    }
                }
            } finally {
                pool.shutdownNow();
            }
        }
        for (int i : multi) {
            Job<R> job = jobs.get(i);
            TorchEngine.setThreads(job.threads());
            try {
                results.set(i, job.run());
            } catch (Exception e) {
                throw rethrow(e);
            } finally {
                TorchEngine.setThreads(1);
            }
        }
        return results;
    }

    private static RuntimeException rethrow(Throwable t) throws IOException {
        if (t instanceof IOException io) {
            throw io;
        }
        if (t instanceof RuntimeException re) {
            return re;
        }
        if (t instanceof Error err) {
            throw err;
        }
        return new UncheckedIOException(new IOException(t));
    }

    /** Parallel jobs by default: the available processors, at most 4. */
    public static int defaultParallel() {
        return Math.max(1, Math.min(4, Runtime.getRuntime().availableProcessors()));
    }
}

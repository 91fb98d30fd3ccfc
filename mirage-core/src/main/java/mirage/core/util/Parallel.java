package mirage.core.util;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.IntConsumer;

/**
 * Runs {@code job(0..n-1)} on a few daemon threads, each taking the next index: for work whose items are
 * independent and whose results are stored by index, so that the outcome does not depend on the thread count.
 */
public final class Parallel {
    private Parallel() {
    }

    /**
     * Calls {@code job.accept(i)} for every i in [0, n), on {@code min(threads, n)} threads named {@code name}
     * (on the calling thread when that is 1); waits for all, rethrows the first failure (a RuntimeException or
     * Error as it is, a checked one wrapped in IllegalStateException).
     */
    public static void forEachIndex(int n, int threads, String name, IntConsumer job) {
        int t = Math.min(threads, n);
        if (t <= 1) {
            for (int i = 0; i < n; i++) {
                job.accept(i);
            }
            return;
        }
        ExecutorService pool = Executors.newFixedThreadPool(t, r -> {
            Thread th = new Thread(r, name);
            th.setDaemon(true);
            return th;
        });
        try {
            AtomicInteger next = new AtomicInteger();
            List<Future<?>> fs = new ArrayList<>();
            for (int w = 0; w < t; w++) {
                fs.add(pool.submit(() -> {
                    for (int i = next.getAndIncrement(); i < n; i = next.getAndIncrement()) {
                        job.accept(i);
                    }
                }));
            }
            for (Future<?> f : fs) {
                f.get();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        } catch (ExecutionException e) {
            if (e.getCause() instanceof RuntimeException r) {
                throw r;
            }
            if (e.getCause() instanceof Error err) {
                throw err;
            }
            throw new IllegalStateException(e.getCause());
        } finally {
            pool.shutdownNow();
        }
    }
}

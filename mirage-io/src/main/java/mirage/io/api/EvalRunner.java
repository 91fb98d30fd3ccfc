package mirage.io.api;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Predicate;
import mirage.core.data.Sample;

/**
 * Evaluates the models of a family on a list of items through {@code /v1/completions} and appends a
 * per-sample record per (model, item) to an {@link EvalOutput}, skipping what the output already holds.
 *
 * <p>Per (model, item), two requests:
 * <ol>
 *   <li><b>the answer</b>: the prompt, {@code max_tokens}, {@code temperature} (0 = greedy; otherwise
 *       with a {@code seed} derived from (seed, model, item), so a rerun asks for the same sample),
 *       {@code stop}, {@code logprobs: 1}; the record's {@code output} is the returned text as it is,
 *       its {@code output_tokens} the returned tokens ({@link TokenAlignment#output});</li>
 *   <li><b>the target's log-probabilities</b> (unless switched off): prompt + continuation with
 *       {@code echo: true}, {@code max_tokens: 0} (or {@code echoMaxTokens}), {@code logprobs: 1}; the
 *       record's {@code target_tokens} and {@code target_logprobs} are the echoed tokens over the
 *       continuation ({@link TokenAlignment#target}), which also proves that the answer is for this item.</li>
 * </ol>
 * At most {@code concurrency} (model, item) pairs are in flight. The first failure stops new work; the
 * pairs in flight finish (and are written if they succeed); the failure is returned, not thrown, so the
 * caller can record what was done.
 */
public final class EvalRunner {

    /**
     * @param temperature 0 = greedy
     * @param seed root of the per-request sampling seeds
     * @param maxTokens the answer's {@code max_tokens}
     * @param stop the answer's stop sequences
     * @param targetLogprobs ask for the target's log-probabilities (the echo request)
     * @param echoMaxTokens {@code max_tokens} of the echo request (0, or 1 for servers that refuse 0)
     * @param concurrency (model, item) pairs in flight
     */
    public record Settings(double temperature, long seed, int maxTokens, List<String> stop, boolean targetLogprobs,
            int echoMaxTokens, int concurrency) {
        public Settings {
            stop = List.copyOf(stop);
            if (concurrency < 1) {
                throw new IllegalArgumentException("concurrency must be at least 1");
            }
        }
    }

    /** Called after each record is written, with the number written in this run. */
    public interface Listener {
        void written(long count);
    }

    /**
     * What a run did.
     *
     * @param planned (model, item) pairs of the evaluation
     * @param alreadyPresent pairs found in the output when it was opened
     * @param written records written by this run
     * @param notAnswers outputs that do not look like an answer of the task (kept as wrong answers)
     * @param notAnswerExample one such output (null when none)
     * @param truncated answers that ended at {@code max_tokens} ({@code finish_reason: length})
     * @param straddling records whose first target token also held prompt characters
     * @param misaligned answers whose tokens could not be placed in the text (tokens kept as given)
     * @param seconds wall-clock time of the requests
     * @param failure the error that stopped the run, or null
     */
    public record Outcome(long planned, long alreadyPresent, long written, long notAnswers, String notAnswerExample,
            long truncated, long straddling, long misaligned, double seconds, Exception failure) {
    }

    private EvalRunner() {
    }

    private record Pair(EvalModel model, EvalItem item) {
    }

    /**
     * Runs the evaluation.
     *
     * @param looksLikeAnswer whether an output looks like an answer of the task (for the count of outputs
     *     that do not; those are ordinary wrong answers and are written as they are)
     */
    public static Outcome run(List<EvalModel> models, List<EvalItem> items, String task, EvalOutput out,
            CompletionsClient client, Settings s, Predicate<String> looksLikeAnswer, Listener listener)
            throws InterruptedException {
        List<Pair> todo = new ArrayList<>();
        for (EvalModel m : models) {
            for (EvalItem it : items) {
                if (!out.has(m.name(), it.id())) {
                    todo.add(new Pair(m, it));
                }
            }
        }
        long planned = (long) models.size() * items.size();
        AtomicInteger next = new AtomicInteger();
        AtomicBoolean stop = new AtomicBoolean();
        AtomicReference<Exception> failure = new AtomicReference<>();
        AtomicLong written = new AtomicLong();
        AtomicLong notAnswers = new AtomicLong();
        AtomicReference<String> example = new AtomicReference<>();
        AtomicLong truncated = new AtomicLong();
        AtomicLong straddling = new AtomicLong();
        AtomicLong misaligned = new AtomicLong();
        long t0 = System.nanoTime();
        int threads = Math.max(1, Math.min(s.concurrency(), todo.size()));
        ExecutorService pool = Executors.newFixedThreadPool(threads, r -> {
            Thread t = new Thread(r, "mirage-eval");
            t.setDaemon(true);
            return t;
        });
        List<Future<?>> workers = new ArrayList<>();
        try {
            for (int w = 0; w < threads; w++) {
                workers.add(pool.submit(() -> {
                    while (!stop.get()) {
                        int i = next.getAndIncrement();
                        if (i >= todo.size()) {
                            return null;
                        }
                        Pair p = todo.get(i);
                        try {
                            Result r = evaluate(p.model(), p.item(), task, client, s);
                            if (!looksLikeAnswer.test(r.sample().output())) {
                                notAnswers.incrementAndGet();
                                example.compareAndSet(null, r.sample().output());
                            }
                            if (r.truncated()) {
                                truncated.incrementAndGet();
                            }
                            if (r.straddling()) {
                                straddling.incrementAndGet();
                            }
                            if (r.misaligned()) {
                                misaligned.incrementAndGet();
                            }
                            out.append(r.sample());
                            long n = written.incrementAndGet();
                            if (listener != null) {
                                synchronized (listener) {
                                    listener.written(n);
                                }
                            }
                        } catch (InterruptedException e) {
                            stop.set(true);
                            Thread.currentThread().interrupt();
                            return null;
                        } catch (RuntimeException | IOException e) {
                            failure.compareAndSet(null, e);
                            stop.set(true);
                        }
                    }
                    return null;
                }));
            }
            for (Future<?> f : workers) {
                try {
                    f.get();
                } catch (java.util.concurrent.ExecutionException e) {
                    failure.compareAndSet(null, e.getCause() instanceof Exception x ? x : new RuntimeException(e.getCause()));
                }
            }
        } catch (InterruptedException e) {
            stop.set(true);
            pool.shutdownNow();
            throw e;
        } finally {
            pool.shutdown();
            pool.awaitTermination(1, TimeUnit.MINUTES);
        }
        return new Outcome(planned, out.present(), written.get(), notAnswers.get(), example.get(), truncated.get(),
                straddling.get(), misaligned.get(), (System.nanoTime() - t0) / 1e9, failure.get());
    }

    private record Result(Sample sample, boolean truncated, boolean straddling, boolean misaligned) {
    }

    /** The seed sent with a sampled request: non-negative, below 2^31 (servers differ in the seed types they take). */
    public static long requestSeed(long seed, String model, String itemId) {
        long h = seed ^ 0x9E3779B97F4A7C15L;
        for (char c : (model + "\u0000" + itemId).toCharArray()) {
            h = (h ^ c) * 0x100000001b3L;
        }
        h = (h ^ (h >>> 30)) * 0xBF58476D1CE4E5B9L;
        h = (h ^ (h >>> 27)) * 0x94D049BB133111EBL;
        h ^= h >>> 31;
        return h >>> 33;
    }

    private static Result evaluate(EvalModel m, EvalItem it, String task, CompletionsClient client, Settings s)
            throws RemoteFailureException, InterruptedException {
        String what = "model '" + m.name() + "', item " + it.id();
        Long seed = s.temperature() > 0 ? requestSeed(s.seed(), m.name(), it.id()) : null;
        Completion answer = client.complete(m.endpoint(), new CompletionRequest(m.apiModel(), it.prompt(), s.maxTokens(),
                s.temperature(), seed, s.stop(), 1, false), what + " (answer)");
        TokenAlignment.Output o = TokenAlignment.output(answer);
        Sample.Builder b = Sample.builder(m.model(), task, it.id()).prompt(it.prompt()).target(it.target())
                .output(answer.text()).outputTokens(o.tokens()).labels(it.labels());
        boolean straddling = false;
        if (s.targetLogprobs()) {
            Completion echo = client.complete(m.endpoint(), new CompletionRequest(m.apiModel(), it.prompt() + it.continuation(),
                    s.echoMaxTokens(), 0.0, null, List.of(), 1, true), what + " (target log-probabilities)");
            TokenAlignment.Target t = TokenAlignment.target(echo, it.prompt(), it.continuation(), what + " (target log-probabilities)");
            b.targetTokens(t.tokens()).targetLogProbs(t.logprobs());
            straddling = t.straddling();
        }
        return new Result(b.build(), "length".equals(answer.finishReason()), straddling, !o.aligned());
    }
}

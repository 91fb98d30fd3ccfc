package mirage.train.arith;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.SplittableRandom;
import mirage.core.util.Seeds;

/**
 * The data of an arithmetic family: the training stream, the held-out split and the test sets, all
 * functions of (task, seed).
 *
 * <ul>
 *   <li><b>Training distribution.</b> n-digit problems with n uniform on 1..maxDigits: both operands
 *       uniform among numbers of exactly n digits (0..9 for n = 1), as "n-digit addition" is defined in
 *       GPT-3's and BIG-bench's arithmetic tasks. The mixture of n makes the answer length vary (1..5
 *       digits for addition, 1..4 for multiplication). Sequences are {@code a+b=answer$}; the loss is
 *       the cross-entropy of the answer's digits and the end mark.</li>
 *   <li><b>Split.</b> A problem is held out when a hash of (split seed, unordered operand pair) falls
 *       below {@link #HOLDOUT}: both {@code a+b} and {@code b+a} are then held out, so commutativity
 *       cannot leak an answer. Training draws reject held-out problems; test items are held-out
 *       problems only.</li>
 *   <li><b>Training batch of step s</b> comes from a generator seeded by (seed, task, s): the same for
 *       every model of the family and regenerated exactly on resume.</li>
 *   <li><b>Test set for target length L</b>: n distinct held-out problems whose answer has L digits,
 *       drawn without replacement from the training distribution conditioned on that length, in draw
 *       order (so the first 1,000 of a 100,000-item test set are the 1,000-item test set). Where all
 *       problems of that length can be listed (addition up to 3 digits, all of multiplication) they are
 *       weighted by their training probability and sampled by Efraimidis-Spirakis keys; otherwise by
 *       rejection from the training generator. If fewer than n held-out problems of that length exist,
 *       the test set is all of them.</li>
 * </ul>
 */
public final class ArithmeticData {
    /** Fraction of (unordered) operand pairs held out for testing. */
    public static final double HOLDOUT = 0.1;

    private final ArithmeticTask task;
    private final long seed;
    private final long splitSeed;
    private final boolean padded;

    public ArithmeticData(ArithmeticTask task, long seed) {
        this(task, seed, false);
    }

    /**
     * @param padded write operands zero-padded to the task's operand width in prompts (see {@link Problem})
     */
    public ArithmeticData(ArithmeticTask task, long seed, boolean padded) {
        this.task = task;
        this.seed = seed;
        this.splitSeed = Seeds.derive(seed, "split/" + task.taskName(), 0);
        this.padded = padded;
    }

    public boolean padded() {
        return padded;
    }

    public ArithmeticTask task() {
        return task;
    }

    /** Whether the problem (either operand order) belongs to the held-out test pool. */
    public boolean heldOut(int a, int b) {
        long lo = Math.min(a, b);
        long hi = Math.max(a, b);
        long h = Seeds.mix(splitSeed ^ Seeds.mix((lo << 32) | hi));
        return (h >>> 11) * 0x1.0p-53 < HOLDOUT;
    }

    /** A draw from the training distribution (held-out or not). */
    public Problem draw(SplittableRandom rng) {
        int d = 1 + rng.nextInt(task.maxDigits());
        return new Problem(task, operand(rng, d), operand(rng, d), padded);
    }

    /** A uniform number of exactly d digits (0..9 for one digit). */
    private static int operand(SplittableRandom rng, int d) {
        if (d == 1) {
            return rng.nextInt(10);
        }
        int lo = (int) Math.pow(10, d - 1);
        return lo + rng.nextInt(9 * lo);
    }

    /** A training problem: a draw that is not held out. */
    public Problem drawTraining(SplittableRandom rng) {
        while (true) {
            Problem p = draw(rng);
            if (!heldOut(p.a(), p.b())) {
                return p;
            }
        }
    }

    /**
     * Probability of the operand pair under the training distribution, up to a constant factor (0 for
     * operands of different digit counts, which the distribution never draws).
     */
    double weight(int a, int b) {
        if (ArithmeticTask.digits(a) != ArithmeticTask.digits(b)) {
            return 0;
        }
        return 1.0 / (rangeSize(a) * rangeSize(b));
    }

    private static double rangeSize(int v) {
        int d = ArithmeticTask.digits(v);
        return d == 1 ? 10 : 9 * Math.pow(10, d - 1);
    }

    /**
     * A training batch: tokens and next-token targets [batch, T] (right-padded, T the longest sequence
     * of the batch minus one), loss weights 1 at the positions that predict the answer and the end mark.
     *
     * @param tokens model input, row-major [batch, T]
     * @param targets next token at each position
     * @param weights 1 where the target is scored, else 0
     * @param length T
     * @param sequenceTokens tokens of the batch's sequences (prompt + answer + end mark): the training budget unit
     * @param scored positions with weight 1
     */
    public record Batch(long[] tokens, long[] targets, float[] weights, int length, long sequenceTokens, long scored) {
    }

    /** The training batch of step {@code step} (a pure function of seed, task and step). */
    public Batch batch(long step, int batchSize) {
        SplittableRandom rng = new SplittableRandom(Seeds.derive(seed, "train-batch/" + task.taskName(), step));
        String[] seqs = new String[batchSize];
        int[] promptLen = new int[batchSize];
        int t = 0;
        long seqTokens = 0;
        for (int i = 0; i < batchSize; i++) {
            Problem p = drawTraining(rng);
            String prompt = p.prompt();
            seqs[i] = prompt + p.answer() + "$";
            promptLen[i] = prompt.length();
            t = Math.max(t, seqs[i].length() - 1);
            seqTokens += seqs[i].length();
        }
        long[] x = new long[batchSize * t];
        long[] y = new long[batchSize * t];
        float[] w = new float[batchSize * t];
        long scored = 0;
        for (int i = 0; i < batchSize; i++) {
            String s = seqs[i];
            for (int j = 0; j + 1 < s.length(); j++) {
                x[i * t + j] = CharVocab.id(s.charAt(j));
                y[i * t + j] = CharVocab.id(s.charAt(j + 1));
                if (j >= promptLen[i] - 1) {
                    w[i * t + j] = 1f;
                    scored++;
                }
            }
        }
        return new Batch(x, y, w, t, seqTokens, scored);
    }

    /** Sequence tokens of the batches of steps 0..steps-1 (the family's training budget in tokens). */
    public long tokensOfSteps(long steps, int batchSize) {
        long n = 0;
        for (long s = 0; s < steps; s++) {
            n += batch(s, batchSize).sequenceTokens();
        }
        return n;
    }

    /** The number of steps whose batches first reach {@code tokens} sequence tokens. */
    public long stepsForTokens(long tokens, int batchSize) {
        long n = 0;
        long s = 0;
        while (n < tokens) {
            n += batch(s++, batchSize).sequenceTokens();
        }
        return Math.max(1, s);
    }

    /** Whether every problem whose answer has {@code length} digits can be listed cheaply. */
    boolean enumerable(int length) {
        return task == ArithmeticTask.MUL || length <= 3;
    }

    /** Every held-out problem whose answer has {@code length} digits (only when {@link #enumerable}). */
    List<Problem> heldOutPool(int length) {
        List<Problem> out = new ArrayList<>();
        long limit = (long) Math.pow(10, length);
        int max = task.maxOperand();
        for (int a = 0; a <= max; a++) {
            for (int b = 0; b <= max; b++) {
                long r = task.apply(a, b);
                if (r >= limit) {
                    if (a > 0) {
                        break; // results grow with b
                    }
                    continue;
                }
                if (ArithmeticTask.digits(r) == length && weight(a, b) > 0 && heldOut(a, b)) {
                    out.add(new Problem(task, a, b, padded));
                }
            }
        }
        return out;
    }

    /** The test set of target length {@code length}: up to n distinct held-out problems (see class comment). */
    public List<Problem> testSet(int length, int n) {
        if (length < 1 || length > task.maxTargetLength()) {
            throw new IllegalArgumentException("target length " + length + " is outside 1.." + task.maxTargetLength());
        }
        SplittableRandom rng = new SplittableRandom(Seeds.derive(seed, "test/" + task.taskName(), length));
        if (enumerable(length)) {
            List<Problem> pool = heldOutPool(length);
            double[] keys = new double[pool.size()];
            Integer[] order = new Integer[pool.size()];
            for (int i = 0; i < pool.size(); i++) {
                Problem p = pool.get(i);
                double u = 1.0 - rng.nextDouble(); // (0, 1]
                keys[i] = Math.log(u) / weight(p.a(), p.b()); // Efraimidis-Spirakis: largest keys first
                order[i] = i;
            }
            Arrays.sort(order, (i, j) -> Double.compare(keys[j], keys[i]));
            List<Problem> out = new ArrayList<>(Math.min(n, pool.size()));
            for (int i = 0; i < Math.min(n, pool.size()); i++) {
                out.add(pool.get(order[i]));
            }
            return out;
        }
        List<Problem> out = new ArrayList<>(n);
        Set<Long> seen = new HashSet<>();
        while (out.size() < n) {
            Problem p = draw(rng);
            if (p.targetLength() == length && heldOut(p.a(), p.b()) && seen.add(((long) p.a() << 32) | p.b())) {
                out.add(p);
            }
        }
        return out;
    }
}

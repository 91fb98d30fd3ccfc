package mirage.train;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * The trainable parameters of a model: named float32 arrays that require gradients, in a fixed order,
 * all owned by one {@link NDManager} (closed with the set). The optimizer ({@link AdamW}) and the
 * checkpoint ({@link TensorFile}) work on this, whatever the model is (transformer, CNN, ...), so a
 * model need not be a DJL {@code Block}.
 *
 * <p>Initial values come from a Java {@link SplittableRandom} (not from the engine's generator), so
 * they are a pure function of the seed, the same for every thread count and engine build.
 */
public final class ParameterSet implements AutoCloseable {
    private final NDManager manager;
    private final Map<String, NDArray> arrays = new LinkedHashMap<>();
    private final Map<String, Boolean> decay = new LinkedHashMap<>();

    public ParameterSet(NDManager parent) {
        this.manager = parent.newSubManager();
    }

    public NDManager manager() {
        return manager;
    }

    /**
     * Adds a parameter with the given initial values.
     *
     * @param weightDecay whether the optimizer applies weight decay to it (matrices yes; biases,
     *     normalisation gains no)
     */
    public NDArray add(String name, Shape shape, float[] values, boolean weightDecay) {
        if (arrays.containsKey(name)) {
            throw new IllegalArgumentException("duplicate parameter " + name);
        }
        if (values.length != shape.size()) {
            throw new IllegalArgumentException(name + ": " + values.length + " values for shape " + shape);
        }
        NDArray a = manager.create(values, shape);
        a.setRequiresGradient(true);
        arrays.put(name, a);
        decay.put(name, weightDecay);
        return a;
    }

    /** A parameter drawn from N(0, std^2). */
    public NDArray normal(String name, Shape shape, double std, SplittableRandom rng) {
        return add(name, shape, gaussian((int) shape.size(), std, rng), shape.dimension() >= 2);
    }

    /** A parameter filled with one value (no weight decay: biases, gains). */
    public NDArray constant(String name, Shape shape, float value) {
        float[] v = new float[(int) shape.size()];
        java.util.Arrays.fill(v, value);
        return add(name, shape, v, false);
    }

    public NDArray get(String name) {
        NDArray a = arrays.get(name);
        if (a == null) {
            throw new IllegalArgumentException("no parameter " + name);
        }
        return a;
    }

    public List<String> names() {
        return Collections.unmodifiableList(new ArrayList<>(arrays.keySet()));
    }

    public boolean weightDecay(String name) {
        return decay.get(name);
    }

    /** Total number of scalar parameters. */
    public long count() {
        long n = 0;
        for (NDArray a : arrays.values()) {
            n += a.size();
        }
        return n;
    }

    /** Number of scalar parameters whose name starts with one of the prefixes. */
    public long count(String... prefixes) {
        long n = 0;
        for (Map.Entry<String, NDArray> e : arrays.entrySet()) {
            for (String p : prefixes) {
                if (e.getKey().startsWith(p)) {
                    n += e.getValue().size();
                    break;
                }
            }
        }
        return n;
    }

    /** A copy of the current values, by name, in order. */
    public Map<String, TensorFile.Tensor> snapshot() {
        Map<String, TensorFile.Tensor> m = new LinkedHashMap<>();
        for (Map.Entry<String, NDArray> e : arrays.entrySet()) {
            m.put(e.getKey(), TensorFile.Tensor.of(e.getValue()));
        }
        return m;
    }

    /** Overwrites every parameter with saved values (names and shapes must match exactly). */
    public void load(Map<String, TensorFile.Tensor> saved, String prefix) {
        for (Map.Entry<String, NDArray> e : arrays.entrySet()) {
            TensorFile.Tensor t = saved.get(prefix + e.getKey());
            if (t == null) {
                throw new IllegalArgumentException("checkpoint has no tensor " + prefix + e.getKey());
            }
            NDArray a = e.getValue();
            if (!a.getShape().equals(t.shape())) {
                throw new IllegalArgumentException("checkpoint tensor " + prefix + e.getKey() + " has shape " + t.shape()
                        + ", the model expects " + a.getShape());
            }
            a.set(java.nio.FloatBuffer.wrap(t.values()));
        }
    }

    /** n draws from N(0, std^2) by the Box-Muller transform of the generator's doubles. */
    public static float[] gaussian(int n, double std, SplittableRandom rng) {
        float[] v = new float[n];
        for (int i = 0; i < n; i += 2) {
            double u1 = 1.0 - rng.nextDouble(); // (0, 1]
            double u2 = rng.nextDouble();
            double r = Math.sqrt(-2.0 * Math.log(u1)) * std;
            v[i] = (float) (r * Math.cos(2 * Math.PI * u2));
            if (i + 1 < n) {
                v[i + 1] = (float) (r * Math.sin(2 * Math.PI * u2));
            }
        }
        return v;
    }

    @Override
    public void close() {
        manager.close();
    }
}

package mirage.train;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDManager;
import ai.djl.pytorch.jni.JniUtils;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The one place mirage starts DJL's PyTorch engine (CPU), shared by every trained family
 * ({@code mirage train arithmetic}, later {@code mirage train vision}).
 *
 * <ul>
 *   <li><b>Offline.</b> {@code ai.djl.offline=true} is set unless the user set it: nothing is
 *       downloaded at run time. The PyTorch native library comes from the
 *       {@code pytorch-native-cpu:2.7.1:linux-x86_64} jar on the classpath and the JNI glue from
 *       {@code pytorch-jni}; DJL copies both once into its cache folder ({@code ~/.djl.ai/pytorch},
 *       or {@code $DJL_CACHE_DIR}) and loads them from there. A fresh machine therefore needs only
 *       the Maven Central artifacts.</li>
 *   <li><b>Threads.</b> Inter-op parallelism is off ({@code ai.djl.pytorch.num_interop_threads=1},
 *       nothing here runs independent ops concurrently). Intra-op threads are set per model with
 *       {@link #setThreads(int)}; {@link #threadsFor(long)} is the policy by model size (see
 *       {@link #ONE_THREAD_MAX_PARAMS} for the measurements behind it).</li>
 * </ul>
 */
public final class TorchEngine {
    /**
     * Models with at most this many parameters are trained on one thread by {@link #threadsFor(long)}.
     * Measured on the 2-core development machine (DJL 0.35.1, PyTorch 2.7.1): a 1.0M-parameter model ran
     * 10 steps/s on one thread and 15.5 on two while the machine was otherwise quiet, but 0.5..7 steps/s
     * on two threads while other processes kept the cores busy (PyTorch for Python alike: 0.4..12.7),
     * because every parallel region waits for its slowest thread. Families are trained several models at a
     * time ({@link ModelScheduler}), one thread each, which uses the cores without that risk.
     */
    public static final long ONE_THREAD_MAX_PARAMS = 4_000_000;

    private static Engine engine;

    private TorchEngine() {
    }

    /** Starts (once) and returns the PyTorch engine, offline. */
    public static synchronized Engine get() {
        if (engine == null) {
            setIfAbsent("ai.djl.offline", "true");
            setIfAbsent("ai.djl.pytorch.num_interop_threads", "1");
            setIfAbsent("ai.djl.pytorch.num_threads", "1");
            setIfAbsent("ai.djl.pytorch.graph_optimizer", "false");
            try {
                engine = Engine.getEngine("PyTorch");
            } catch (RuntimeException | LinkageError e) {
                throw new IllegalStateException("cannot start the PyTorch engine (DJL " + Engine.getDjlVersion()
                        + "); is pytorch-native-cpu:2.7.1:linux-x86_64 on the classpath? " + e.getMessage(), e);
            }
        }
        return engine;
    }

    private static void setIfAbsent(String key, String value) {
        if (System.getProperty(key) == null) {
            System.setProperty(key, value);
        }
    }

    /** A new root NDManager on the CPU (close it when done). */
    public static NDManager newManager() {
        return get().newBaseManager();
    }

    /** Sets PyTorch's intra-op thread count for what follows (process-wide). */
    public static void setThreads(int threads) {
        get();
        if (threads < 1) {
            throw new IllegalArgumentException("threads must be at least 1, got " + threads);
        }
        JniUtils.setNumThreads(threads);
    }

    public static int threads() {
        get();
        return JniUtils.getNumThreads();
    }

    /**
     * Intra-op threads for a model of {@code params} parameters: 1 up to {@link #ONE_THREAD_MAX_PARAMS}
     * (tiny models spend their time in per-operation overhead, which threads do not shorten), otherwise
     * every available processor (at most 4).
     */
    public static int threadsFor(long params) {
        if (params <= ONE_THREAD_MAX_PARAMS) {
            return 1;
        }
        return Math.max(1, Math.min(4, Runtime.getRuntime().availableProcessors()));
    }

    /** Facts for provenance: DJL and PyTorch versions, the native library folder, thread settings. */
    public static Map<String, Object> describe() {
        Engine e = get();
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("djl_version", Engine.getDjlVersion());
        m.put("engine", e.getEngineName());
        m.put("pytorch_version", e.getVersion());
        m.put("offline", System.getProperty("ai.djl.offline"));
        m.put("interop_threads", JniUtils.getNumInteropThreads());
        return m;
    }
}

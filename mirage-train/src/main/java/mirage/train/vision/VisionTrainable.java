package mirage.train.vision;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import mirage.train.Autograd;
import mirage.train.ParameterSet;
import mirage.core.util.Seeds;
import mirage.train.Trainable;

/**
 * A vision model on its training data, as the shared {@link mirage.train.TrainingLoop} trains it.
 *
 * <p><b>Data order.</b> The training images are visited epoch by epoch, each epoch in the order of a
 * permutation drawn with {@code Seeds.derive(seed, "vision-epoch", epoch)}; batch s holds the images at
 * positions {@code s*B .. s*B+B-1} of that endless stream. The order is a function of the seed and the
 * data only, so every model of a family sees the same images in the same order, and a resumed run sees
 * the batches an uninterrupted one would.
 *
 * <p><b>Loss.</b> CNN: mean cross-entropy (natural log) of the labels under the softmax of the logits.
 * Autoencoder: mean over the batch and the pixels of the squared error {@code (x - x_hat)^2}, the same
 * quantity as the per-item {@code error} mirage writes, averaged.
 */
public final class VisionTrainable implements Trainable {
    private final VisionModel model;
    private final VisionData.Split train;
    private final int rows;
    private final int cols;
    private final int batch;
    private final long seed;
    private final boolean classify;
    private long cachedEpoch = -1;
    private int[] cachedPerm;

    public VisionTrainable(VisionModel model, VisionData.Dataset data, int batch, long seed) {
        this.model = model;
        this.train = data.train();
        this.rows = data.rows();
        this.cols = data.cols();
        this.batch = batch;
        this.seed = seed;
        this.classify = model instanceof VisionModel.LeNet;
        if (batch < 1) {
            throw new IllegalArgumentException("batch size must be at least 1, got " + batch);
        }
        if (train.count() < 1) {
            throw new IllegalArgumentException("no training images");
        }
    }

    @Override
    public ParameterSet parameters() {
        return model.parameters();
    }

    /** Indices into the training split of step {@code step}'s batch. */
    public int[] batchIndices(long step) {
        int n = train.count();
        int[] idx = new int[batch];
        for (int i = 0; i < batch; i++) {
            long pos = step * batch + i;
            long epoch = pos / n;
            idx[i] = permutation(epoch)[(int) (pos % n)];
        }
        return idx;
    }

    private int[] permutation(long epoch) {
        if (epoch != cachedEpoch) {
            cachedPerm = VisionData.permutation(train.count(), Seeds.derive(seed, "vision-epoch", epoch));
            cachedEpoch = epoch;
        }
        return cachedPerm;
    }

    @Override
    public Loss loss(NDManager m, long step) {
        int[] idx = batchIndices(step);
        int px = rows * cols;
        float[] x = new float[idx.length * px];
        float[] y = new float[idx.length];
        for (int i = 0; i < idx.length; i++) {
            System.arraycopy(train.pixels(), idx[i] * px, x, i * px, px);
            y[i] = train.labels()[idx[i]];
        }
        NDArray xb = m.create(x, new Shape(idx.length, 1, rows, cols));
        NDArray out = model.forward(xb);
        NDArray loss;
        if (classify) {
            NDArray labels = m.create(y, new Shape(idx.length)).toType(DataType.INT64, false);
            NDArray logp = out.logSoftmax(-1);
            loss = logp.gather(labels.expandDims(-1), -1).mean().neg();
        } else {
            loss = out.sub(xb.reshape(idx.length, px)).square().mean();
        }
        return new Loss(loss, idx.length);
    }

    /**
     * CNN: natural-log class probabilities of the images, [n * C] row-major (log-softmax of the logits).
     * Autoencoder: per-image mean squared reconstruction error {@code (1/D) sum_d (x_d - x_hat_d)^2}, [n].
     * Computed in batches of 500 without gradient recording ({@link Autograd#off()}, needed on the worker
     * threads of {@link mirage.train.ModelScheduler}).
     */
    public static float[] evaluate(VisionModel model, VisionData.Split split, int rows, int cols, NDManager manager) {
        int px = rows * cols;
        boolean classify = model instanceof VisionModel.LeNet;
        int n = split.count();
        float[] out = null;
        int per = -1;
        try (Autograd off = Autograd.off()) {
            for (int start = 0; start < n; start += 500) {
                int b = Math.min(500, n - start);
                try (NDManager m = manager.newSubManager()) {
                    float[] x = new float[b * px];
                    System.arraycopy(split.pixels(), start * px, x, 0, b * px);
                    NDArray xb = m.create(x, new Shape(b, 1, rows, cols));
                    NDArray y = model.forward(xb);
                    NDArray r = classify ? y.logSoftmax(-1) : y.sub(xb.reshape(b, px)).square().mean(new int[] {1});
                    float[] v = r.toFloatArray();
                    if (out == null) {
                        per = v.length / b;
                        out = new float[n * per];
                    }
                    System.arraycopy(v, 0, out, start * per, v.length);
                }
            }
        }
        return out;
    }
}

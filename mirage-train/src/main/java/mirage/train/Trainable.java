package mirage.train;

import mirage.core.util.Seeds;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;

/**
 * A model the {@link TrainingLoop} can train: its parameters, and the loss of the training batch of a
 * given step. The batch must be a pure function of the step (drawn from a generator seeded by
 * {@link Seeds#derive}), so that a resumed run sees exactly the batches an uninterrupted run would.
 */
public interface Trainable {
    ParameterSet parameters();

    /**
     * The scalar training loss of step {@code step}'s batch. Every array created must be attached to
     * {@code m} (the loop closes it after the step), never to the parameters' manager.
     */
    Loss loss(NDManager m, long step);

    /**
     * @param value the scalar loss (mean over the scored units of the batch)
     * @param units what the batch counts toward the training budget (tokens for a language model,
     *     images for a vision model)
     */
    record Loss(NDArray value, long units) {
    }
}

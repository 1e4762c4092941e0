package org.rnn4j.model;

/**
 * An Adam optimizer bound to one model: it reads that model's gradients from the last
 * {@link Model#forwardBackward} and updates its trainable parameters in place, where they live
 * (host arrays or device buffers). Frozen tensors are skipped.
 *
 * <p>A trainable embedding is a parameter group of its own, as a second entry of PyTorch's
 * {@code param_groups} would be: its learning rate is the optimizer's times
 * {@link #setEmbeddingLrScale a scale}, and it counts its own steps for the bias correction.
 * Scale 0 freezes it for the moment, exactly as {@code requires_grad = False} does for a tensor
 * already in a PyTorch optimizer: no update, moments and step count untouched, and its gradient
 * left out of the clipping norm. That is how a trainer unfreezes the embedding after some epochs
 * without building a new model (the model is created with a trainable embedding).
 */
public interface Optimizer extends AutoCloseable {
  AdamConfig config();

  /** Clips the gradients (if configured) and applies one Adam update. */
  void step();

  /** Number of updates applied so far (PyTorch's {@code state['step']}). */
  long stepCount();

  /**
   * The moments, as tensors named {@code exp_avg.<param>} and {@code exp_avg_sq.<param>} for
   * every trainable parameter.
   */
  Parameters state();

  /**
   * Restores moments written by {@link #state()} and the step count, e.g. from a checkpoint; the
   * embedding's step count becomes {@code stepCount} too.
   */
  default void loadState(Parameters state, long stepCount) {
    loadState(state, stepCount, stepCount);
  }

  /**
   * Changes the learning rate for subsequent steps (schedules). Cheap: a host-side value read by
   * the next {@link #step}, on the GPU a kernel argument of an update that runs outside any
   * captured CUDA graph.
   */
  void setLearningRate(double lr);

  /**
   * Sets the embedding's learning rate to {@code scale} times the optimizer's (default 1); 0
   * freezes the embedding (see the class comment). Has no effect when the embedding is frozen
   * in the model.
   *
   * @throws IllegalArgumentException for a negative or non-finite scale
   */
  void setEmbeddingLrScale(double scale);

  /** The embedding's learning-rate scale (1 unless {@link #setEmbeddingLrScale} changed it). */
  double embeddingLrScale();

  /**
   * Updates applied to the embedding so far (its own {@code state['step']}): equal to
   * {@link #stepCount} unless the embedding was frozen by scale 0 for some steps.
   */
  long embeddingStepCount();

  /**
   * As {@link #loadState(Parameters, long)}, with the embedding's own step count (see
   * {@link #embeddingStepCount}).
   */
  void loadState(Parameters state, long stepCount, long embeddingStepCount);

  /** Checks a scale for {@link #setEmbeddingLrScale}. */
  static double checkLrScale(double scale) {
    if (!(scale >= 0) || !Double.isFinite(scale)) {
      throw new IllegalArgumentException("the embedding's learning-rate scale must be finite and "
          + "non-negative (0 = frozen), got " + scale);
    }
    return scale;
  }

  @Override
  void close();

  static String expAvg(String param) {
    return "exp_avg." + param;
  }

  static String expAvgSq(String param) {
    return "exp_avg_sq." + param;
  }
}

package org.rnn4j.model;

/**
 * An Adam optimizer bound to one model: it reads that model's gradients from the last
 * {@link Model#forwardBackward} and updates its trainable parameters in place, where they live
 * (host arrays or device buffers). Frozen tensors are skipped.
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

  /** Restores moments written by {@link #state()} and the step count, e.g. from a checkpoint. */
  void loadState(Parameters state, long stepCount);

  /** Changes the learning rate for subsequent steps (schedules). */
  void setLearningRate(double lr);

  @Override
  void close();

  static String expAvg(String param) {
    return "exp_avg." + param;
  }

  static String expAvgSq(String param) {
    return "exp_avg_sq." + param;
  }
}

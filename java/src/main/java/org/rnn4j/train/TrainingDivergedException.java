package org.rnn4j.train;

import java.nio.file.Path;

/**
 * The loss (or, at an epoch's end, a weight) became NaN or infinite, so training stopped. The
 * model's weights are then unusable; the last checkpoint, if any, was written before and is intact.
 */
public final class TrainingDivergedException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  private final int epoch;
  private final int step;
  private final double loss;

  /**
   * @param epoch      1-based epoch in which it happened
   * @param step       1-based batch within the epoch (0 when found after the epoch)
   * @param loss       the offending loss (NaN when a weight was the problem)
   * @param what       what was found, e.g. "the loss became NaN"
   * @param checkpoint the last good checkpoint directory, or null
   * @param lastEpoch  the epoch that checkpoint holds
   */
  public TrainingDivergedException(int epoch, int step, double loss, String what, Path checkpoint,
      int lastEpoch) {
    super("training diverged: " + what + " at epoch " + epoch
        + (step > 0 ? ", step " + step : "") + "; "
        + (checkpoint == null ? "no checkpoint was written"
            : "the last good checkpoint (epoch " + lastEpoch + ") is in " + checkpoint)
        + ". Try a lower learning rate or gradient clipping.");
    this.epoch = epoch;
    this.step = step;
    this.loss = loss;
  }

  public int epoch() {
    return epoch;
  }

  public int step() {
    return step;
  }

  public double loss() {
    return loss;
  }
}

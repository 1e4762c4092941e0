package org.rnn4j.train;

/**
 * One training batch as {@link TrainListener#onBatchEnd} hears of it. The trainer reads a batch's
 * loss one step late (a GPU backend queues batch {@code k + 1} before batch {@code k}'s numbers
 * arrive), so the event for step {@code k} fires when its result is read, just after step
 * {@code k + 1} was queued; the last step's event fires before the epoch's evaluation.
 *
 * @param epoch            1-based epoch number
 * @param epochs           the epoch the run trains up to ({@link TrainConfig#epochs()})
 * @param step             1-based step (batch) within the epoch
 * @param steps            steps in the epoch
 * @param globalStep       optimizer steps since the run began, this one included (a resumed
 *                         run continues the count of the checkpoint)
 * @param batchSize        reviews in this batch
 * @param loss             this batch's mean cross-entropy
 * @param accuracy         fraction of this batch's reviews classified correctly
 * @param epochLoss        mean cross-entropy over the epoch's reviews so far
 * @param epochAccuracy    fraction of the epoch's reviews so far classified correctly
 * @param reviewsPerSecond training reviews per second since the epoch began
 * @param elapsedSeconds   seconds since the epoch began
 * @param secondsLeft      estimated seconds until the epoch's last step (the time per step so
 *                         far times the steps left); 0 at the last step
 */
public record BatchProgress(int epoch, int epochs, int step, int steps, long globalStep,
    int batchSize, double loss, double accuracy, double epochLoss, double epochAccuracy,
    double reviewsPerSecond, double elapsedSeconds, double secondsLeft) {

  public BatchProgress {
    if (epoch < 1 || step < 1 || step > steps) {
      throw new IllegalArgumentException("BatchProgress: epoch and step start at 1 and step is at "
          + "most steps, got epoch " + epoch + ", step " + step + " of " + steps);
    }
  }

  /** The part of the epoch done, {@code step / steps}. */
  public double fraction() {
    return (double) step / steps;
  }

  /** Whether this is the epoch's last step. */
  public boolean lastStep() {
    return step == steps;
  }

  /** The plain progress line of {@link ProgressLog}. */
  @Override
  public String toString() {
    return ProgressText.line(this);
  }
}

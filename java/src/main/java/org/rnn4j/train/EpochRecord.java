package org.rnn4j.train;

import java.util.Locale;

/**
 * What one training epoch did.
 *
 * @param epoch            1-based epoch number
 * @param steps            optimizer steps taken in this epoch (batches)
 * @param trainLoss        mean training cross-entropy over the epoch's reviews (dropout on, weights
 *                         changing as it goes, so not comparable to {@code test.loss()})
 * @param trainAccuracy    fraction of training reviews classified correctly during the epoch
 * @param test             metrics on the test set after the epoch, or null when none was given or
 *                         when a validation set was (the test set is then read once, at the end)
 * @param seconds          wall time of the training pass (without evaluation)
 * @param evalSeconds      wall time of the evaluation (0 when none)
 * @param reviewsPerSecond training reviews per second of {@code seconds}
 * @param validation       metrics on the validation set after the epoch, or null without one
 * @param lr               the learning rate of the epoch's last step
 */
public record EpochRecord(int epoch, int steps, double trainLoss, double trainAccuracy,
    Evaluation test, double seconds, double evalSeconds, double reviewsPerSecond,
    Evaluation validation, double lr) {

  public EpochRecord {
    if (epoch < 1) {
      throw new IllegalArgumentException("epoch numbers start at 1, got " + epoch);
    }
  }

  /** A record without validation metrics or learning rate (NaN), as before they existed. */
  public EpochRecord(int epoch, int steps, double trainLoss, double trainAccuracy,
      Evaluation test, double seconds, double evalSeconds, double reviewsPerSecond) {
    this(epoch, steps, trainLoss, trainAccuracy, test, seconds, evalSeconds, reviewsPerSecond,
        null, Double.NaN);
  }

  /** One line for logs. */
  @Override
  public String toString() {
    String t = (validation == null ? "" : "validation " + validation + " | ")
        + (test == null ? "no test set" : "test " + test);
    return String.format(Locale.ROOT,
        "epoch %d: train loss %.4f acc %.2f%% | %s | %.1f s (%.0f reviews/s) + eval %.1f s",
        epoch, trainLoss, 100 * trainAccuracy, t, seconds, reviewsPerSecond, evalSeconds);
  }
}

package org.rnn4j.train;

import java.util.List;
import org.rnn4j.data.ValidationSplit;

/**
 * Where a training run stands, as saved in a checkpoint's {@code trainer.json}: enough, with the
 * model and optimizer state, to continue exactly where it stopped. Shuffling and dropout of epoch
 * {@code e} are seeded from {@code (seed, e)} alone, so no random generator state is needed; the
 * learning-rate schedule is a function of {@code steps}; the best epoch so far and whether
 * patience ran out follow from the history's validation results.
 *
 * @param epochsCompleted epochs finished (the next one is {@code epochsCompleted + 1})
 * @param seed            the run's seed
 * @param steps           optimizer steps taken over all epochs
 * @param history         one record per completed epoch, in order
 * @param validation      the validation set the history's validation results come from
 */
public record TrainerState(int epochsCompleted, long seed, long steps, List<EpochRecord> history,
    ValidationSplit validation) {

  public TrainerState {
    history = List.copyOf(history);
    validation = validation == null ? ValidationSplit.none() : validation;
    if (epochsCompleted < 0 || steps < 0) {
      throw new IllegalArgumentException("epochsCompleted and steps must be non-negative, got "
          + epochsCompleted + ", " + steps);
    }
  }

  /** A state without a validation set. */
  public TrainerState(int epochsCompleted, long seed, long steps, List<EpochRecord> history) {
    this(epochsCompleted, seed, steps, history, ValidationSplit.none());
  }

  /** A run that has not started. */
  public static TrainerState start(long seed) {
    return new TrainerState(0, seed, 0, List.of());
  }

  /** A run that has not started, validating on {@code validation}. */
  public static TrainerState start(long seed, ValidationSplit validation) {
    return new TrainerState(0, seed, 0, List.of(), validation);
  }

  /**
   * The best epoch by validation accuracy, ties to the lower validation loss, then to the
   * earlier epoch; 0 when no epoch has validation results.
   */
  public int bestEpoch() {
    EpochRecord best = null;
    for (EpochRecord r : history) {
      if (r.validation() != null && (best == null || better(r.validation(), best.validation()))) {
        best = r;
      }
    }
    return best == null ? 0 : best.epoch();
  }

  /** Whether {@code a} beats {@code b}: higher accuracy, or equal accuracy and lower loss. */
  static boolean better(Evaluation a, Evaluation b) {
    return a.accuracy() > b.accuracy() || a.accuracy() == b.accuracy() && a.loss() < b.loss();
  }

  /** Whether {@code patience} epochs in a row after the best brought nothing better. */
  public boolean patienceExhausted(int patience) {
    int best = bestEpoch();
    return patience > 0 && best > 0 && epochsCompleted - best >= patience;
  }
}

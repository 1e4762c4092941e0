package org.rnn4j.train;

import java.util.List;

/**
 * What {@link Trainer#run} produced. With a validation set the model holds the best epoch's
 * weights afterwards and {@code test} was measured on them, once; without one the model holds
 * the last epoch's weights and {@code test} is the last epoch's test result.
 *
 * @param history        every epoch, including those restored by {@link Trainer#resume}
 * @param bestEpoch      the epoch whose weights the model holds (the best by validation, or the
 *                       last); 0 when no epoch ran
 * @param bestValidation that epoch's validation metrics, or null without a validation set
 * @param test           the test metrics of those weights, or null without a test set
 * @param stoppedEarly   whether training stopped before the configured epochs because the
 *                       validation results stopped improving
 */
public record TrainResult(List<EpochRecord> history, int bestEpoch, Evaluation bestValidation,
    Evaluation test, boolean stoppedEarly) {

  public TrainResult {
    history = List.copyOf(history);
  }
}

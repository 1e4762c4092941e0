package org.rnn4j.train;

import java.util.List;

/**
 * Where a training run stands, as saved in a checkpoint's {@code trainer.json}: enough, with the
 * model and optimizer state, to continue exactly where it stopped. Shuffling and dropout of epoch
 * {@code e} are seeded from {@code (seed, e)} alone, so no random generator state is needed.
 *
 * @param epochsCompleted epochs finished (the next one is {@code epochsCompleted + 1})
 * @param seed            the run's seed
 * @param steps           optimizer steps taken over all epochs
 * @param history         one record per completed epoch, in order
 */
public record TrainerState(int epochsCompleted, long seed, long steps, List<EpochRecord> history) {

  public TrainerState {
    history = List.copyOf(history);
    if (epochsCompleted < 0 || steps < 0) {
      throw new IllegalArgumentException("epochsCompleted and steps must be non-negative, got "
          + epochsCompleted + ", " + steps);
    }
  }

  /** A run that has not started. */
  public static TrainerState start(long seed) {
    return new TrainerState(0, seed, 0, List.of());
  }
}

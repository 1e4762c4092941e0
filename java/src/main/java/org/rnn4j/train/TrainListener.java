package org.rnn4j.train;

import java.nio.file.Path;

/**
 * Hears about a {@link Trainer}'s progress; every method is optional.
 *
 * <p>Listeners are called on the training thread, in the order they were added, so a slow
 * listener slows training down. A listener that throws stops training: the exception leaves
 * {@link Trainer#fit} unchanged, and the epoch it interrupted gets no record and no checkpoint
 * (an exception from {@link #onCheckpointSaved} or {@link #onEpochEnd} comes after that epoch's
 * checkpoint was written).
 */
public interface TrainListener {
  /** Before the first batch of {@code epoch} (1-based), which has {@code batches} batches. */
  default void onEpochStart(int epoch, int batches) {}

  /**
   * After a batch's loss and accuracy were read, which is one step late (see
   * {@link BatchProgress}): every batch of the epoch is reported once, in order.
   */
  default void onBatchEnd(BatchProgress progress) {}

  /** After the epoch's evaluation and checkpoint. */
  default void onEpochEnd(EpochRecord record) {}

  /** After a checkpoint for {@code epoch} was completely written to {@code dir}. */
  default void onCheckpointSaved(Path dir, int epoch) {}

  /**
   * When training stops after {@code epoch} because {@code patience} epochs in a row brought no
   * better validation result than {@code bestEpoch}'s.
   */
  default void onEarlyStop(int epoch, int bestEpoch, int patience) {}
}

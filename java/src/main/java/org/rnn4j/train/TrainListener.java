package org.rnn4j.train;

import java.nio.file.Path;

/** Hears about a {@link Trainer}'s progress; every method is optional. Called on the training thread. */
public interface TrainListener {
  /** Before the first batch of {@code epoch} (1-based), which has {@code batches} batches. */
  default void onEpochStart(int epoch, int batches) {}

  /** After the epoch's evaluation and checkpoint. */
  default void onEpochEnd(EpochRecord record) {}

  /** After a checkpoint for {@code epoch} was completely written to {@code dir}. */
  default void onCheckpointSaved(Path dir, int epoch) {}
}

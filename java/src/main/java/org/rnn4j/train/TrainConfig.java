package org.rnn4j.train;

import java.nio.file.Path;
import org.rnn4j.data.ValidationSplit;
import org.rnn4j.model.AdamConfig;

/**
 * How to train.
 *
 * @param epochs           total number of epochs (a resumed run continues up to this number)
 * @param batchSize        reviews per training batch
 * @param bucketBatches    length-bucketing window in batches (see {@link org.rnn4j.data.Batcher});
 *                         1 = plain shuffling as in the tutorial
 * @param adam             optimizer settings; its {@code lr} is the schedule's base rate
 * @param seed             seeds the shuffling and the dropout masks of every epoch (as
 *                         {@code f(seed, epoch)}, so a resumed run repeats them exactly); when
 *                         resuming, the checkpoint's seed is used instead
 * @param checkpointDir    where a checkpoint is saved after every epoch, or null for none
 * @param progressBar      show a progress bar on stderr (only when a terminal is attached)
 * @param evalBatchSize    reviews per evaluation batch
 * @param schedule         the learning rate per optimizer step ({@link LrSchedule})
 * @param validation       how the validation set passed to {@link Trainer#run} was drawn
 *                         ({@link ValidationSplit#none()} without one): recorded in checkpoints
 *                         and checked on resume, so a resumed run validates on the same reviews
 * @param patience         early stopping: stop when this many epochs in a row brought no better
 *                         validation result; 0 = run every epoch
 * @param unfreezeAfter    keep a trainable embedding frozen for this many epochs, then train it
 *                         (the model must be built with {@code trainEmbedding}); 0 = the embedding
 *                         trains from the start when the model's does
 * @param embeddingLrScale the embedding's learning rate as a multiple of the others' (PyTorch: a
 *                         parameter group of its own), in (0, 1e3]
 */
public record TrainConfig(int epochs, int batchSize, int bucketBatches, AdamConfig adam, long seed,
    Path checkpointDir, boolean progressBar, int evalBatchSize, LrSchedule schedule,
    ValidationSplit validation, int patience, int unfreezeAfter, double embeddingLrScale) {

  public TrainConfig {
    atLeastOne("epochs", epochs);
    atLeastOne("batchSize", batchSize);
    atLeastOne("bucketBatches", bucketBatches);
    atLeastOne("evalBatchSize", evalBatchSize);
    if (adam == null) {
      throw new IllegalArgumentException("adam settings must not be null");
    }
    schedule = schedule == null ? LrSchedule.constant() : schedule;
    validation = validation == null ? ValidationSplit.none() : validation;
    if (patience < 0 || unfreezeAfter < 0) {
      throw new IllegalArgumentException("patience and unfreezeAfter must be 0 (off) or positive, "
          + "got " + patience + " and " + unfreezeAfter);
    }
    if (patience > 0 && !validation.enabled()) {
      throw new IllegalArgumentException("early stopping (patience " + patience + ") needs a "
          + "validation set: set withValidation too");
    }
    if (!(embeddingLrScale > 0 && embeddingLrScale <= 1e3)) {
      throw new IllegalArgumentException("embeddingLrScale must be in (0, 1000], got "
          + embeddingLrScale);
    }
  }

  /** The settings of the time before schedules: constant rate, no validation, no unfreezing. */
  public TrainConfig(int epochs, int batchSize, int bucketBatches, AdamConfig adam, long seed,
      Path checkpointDir, boolean progressBar, int evalBatchSize) {
    this(epochs, batchSize, bucketBatches, adam, seed, checkpointDir, progressBar, evalBatchSize,
        LrSchedule.constant(), ValidationSplit.none(), 0, 0, 1);
  }

  /**
   * The recipe of {@code examples/ImdbBiLstm} (so the library and the command line train alike
   * from the same seed): the tutorial's 4 epochs of batch 64 and Adam at its learning rate 0.01
   * (otherwise PyTorch's defaults), length bucketing over windows of 20 batches, seed 42, no
   * checkpoints, a progress bar, evaluation batches of 256, a constant rate, no validation set.
   * {@code withBucketBatches(1)} gives the tutorial's plain shuffling.
   */
  public static TrainConfig defaults() {
    return new TrainConfig(4, 64, 20, AdamConfig.defaults().withLr(0.01), 42, null, true, 256);
  }

  public TrainConfig withEpochs(int v) {
    return new TrainConfig(v, batchSize, bucketBatches, adam, seed, checkpointDir, progressBar, evalBatchSize, schedule, validation, patience, unfreezeAfter, embeddingLrScale);
  }

  public TrainConfig withBatchSize(int v) {
    return new TrainConfig(epochs, v, bucketBatches, adam, seed, checkpointDir, progressBar, evalBatchSize, schedule, validation, patience, unfreezeAfter, embeddingLrScale);
  }

  public TrainConfig withBucketBatches(int v) {
    return new TrainConfig(epochs, batchSize, v, adam, seed, checkpointDir, progressBar, evalBatchSize, schedule, validation, patience, unfreezeAfter, embeddingLrScale);
  }

  public TrainConfig withAdam(AdamConfig v) {
    return new TrainConfig(epochs, batchSize, bucketBatches, v, seed, checkpointDir, progressBar, evalBatchSize, schedule, validation, patience, unfreezeAfter, embeddingLrScale);
  }

  public TrainConfig withSeed(long v) {
    return new TrainConfig(epochs, batchSize, bucketBatches, adam, v, checkpointDir, progressBar, evalBatchSize, schedule, validation, patience, unfreezeAfter, embeddingLrScale);
  }

  public TrainConfig withCheckpointDir(Path v) {
    return new TrainConfig(epochs, batchSize, bucketBatches, adam, seed, v, progressBar, evalBatchSize, schedule, validation, patience, unfreezeAfter, embeddingLrScale);
  }

  public TrainConfig withProgressBar(boolean v) {
    return new TrainConfig(epochs, batchSize, bucketBatches, adam, seed, checkpointDir, v, evalBatchSize, schedule, validation, patience, unfreezeAfter, embeddingLrScale);
  }

  public TrainConfig withEvalBatchSize(int v) {
    return new TrainConfig(epochs, batchSize, bucketBatches, adam, seed, checkpointDir, progressBar, v, schedule, validation, patience, unfreezeAfter, embeddingLrScale);
  }

  /** The learning-rate schedule (see {@link LrSchedule}). */
  public TrainConfig withSchedule(LrSchedule v) {
    return new TrainConfig(epochs, batchSize, bucketBatches, adam, seed, checkpointDir, progressBar, evalBatchSize, v, validation, patience, unfreezeAfter, embeddingLrScale);
  }

  /** Describes the validation set given to {@link Trainer#run} (see {@link ValidationSplit}). */
  public TrainConfig withValidation(ValidationSplit v) {
    return new TrainConfig(epochs, batchSize, bucketBatches, adam, seed, checkpointDir, progressBar, evalBatchSize, schedule, v, patience, unfreezeAfter, embeddingLrScale);
  }

  /** Stop after this many epochs without a better validation result; 0 = never. */
  public TrainConfig withPatience(int v) {
    return new TrainConfig(epochs, batchSize, bucketBatches, adam, seed, checkpointDir, progressBar, evalBatchSize, schedule, validation, v, unfreezeAfter, embeddingLrScale);
  }

  /** Keep the embedding frozen for the first {@code v} epochs, then train it; 0 = off. */
  public TrainConfig withUnfreezeAfter(int v) {
    return new TrainConfig(epochs, batchSize, bucketBatches, adam, seed, checkpointDir, progressBar, evalBatchSize, schedule, validation, patience, v, embeddingLrScale);
  }

  /** The embedding's learning rate as a multiple of the others' (default 1). */
  public TrainConfig withEmbeddingLrScale(double v) {
    return new TrainConfig(epochs, batchSize, bucketBatches, adam, seed, checkpointDir, progressBar, evalBatchSize, schedule, validation, patience, unfreezeAfter, v);
  }

  private static void atLeastOne(String name, int v) {
    if (v < 1) {
      throw new IllegalArgumentException(name + " must be at least 1, got " + v);
    }
  }
}

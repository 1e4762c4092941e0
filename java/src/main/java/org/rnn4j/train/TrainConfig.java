package org.rnn4j.train;

import java.nio.file.Path;
import org.rnn4j.model.AdamConfig;

/**
 * How to train.
 *
 * @param epochs        total number of epochs (a resumed run continues up to this number)
 * @param batchSize     reviews per training batch
 * @param bucketBatches length-bucketing window in batches (see {@link org.rnn4j.data.Batcher});
 *                      1 = plain shuffling as in the tutorial
 * @param adam          optimizer settings
 * @param seed          seeds the shuffling and the dropout masks of every epoch (as
 *                      {@code f(seed, epoch)}, so a resumed run repeats them exactly); when
 *                      resuming, the checkpoint's seed is used instead
 * @param checkpointDir where a checkpoint is saved after every epoch, or null for none
 * @param progressBar   show a progress bar on stderr (only when a terminal is attached)
 * @param evalBatchSize reviews per evaluation batch
 */
public record TrainConfig(int epochs, int batchSize, int bucketBatches, AdamConfig adam, long seed,
    Path checkpointDir, boolean progressBar, int evalBatchSize) {

  public TrainConfig {
    atLeastOne("epochs", epochs);
    atLeastOne("batchSize", batchSize);
    atLeastOne("bucketBatches", bucketBatches);
    atLeastOne("evalBatchSize", evalBatchSize);
    if (adam == null) {
      throw new IllegalArgumentException("adam settings must not be null");
    }
  }

  /**
   * The recipe of {@code examples/ImdbBiLstm} (so the library and the command line train alike
   * from the same seed): the tutorial's 4 epochs of batch 64 and Adam at its learning rate 0.01
   * (otherwise PyTorch's defaults), length bucketing over windows of 20 batches, seed 42, no
   * checkpoints, a progress bar, evaluation batches of 256. {@code withBucketBatches(1)} gives
   * the tutorial's plain shuffling.
   */
  public static TrainConfig defaults() {
    return new TrainConfig(4, 64, 20, AdamConfig.defaults().withLr(0.01), 42, null, true, 256);
  }

  public TrainConfig withEpochs(int v) {
    return new TrainConfig(v, batchSize, bucketBatches, adam, seed, checkpointDir, progressBar, evalBatchSize);
  }

  public TrainConfig withBatchSize(int v) {
    return new TrainConfig(epochs, v, bucketBatches, adam, seed, checkpointDir, progressBar, evalBatchSize);
  }

  public TrainConfig withBucketBatches(int v) {
    return new TrainConfig(epochs, batchSize, v, adam, seed, checkpointDir, progressBar, evalBatchSize);
  }

  public TrainConfig withAdam(AdamConfig v) {
    return new TrainConfig(epochs, batchSize, bucketBatches, v, seed, checkpointDir, progressBar, evalBatchSize);
  }

  public TrainConfig withSeed(long v) {
    return new TrainConfig(epochs, batchSize, bucketBatches, adam, v, checkpointDir, progressBar, evalBatchSize);
  }

  public TrainConfig withCheckpointDir(Path v) {
    return new TrainConfig(epochs, batchSize, bucketBatches, adam, seed, v, progressBar, evalBatchSize);
  }

  public TrainConfig withProgressBar(boolean v) {
    return new TrainConfig(epochs, batchSize, bucketBatches, adam, seed, checkpointDir, v, evalBatchSize);
  }

  public TrainConfig withEvalBatchSize(int v) {
    return new TrainConfig(epochs, batchSize, bucketBatches, adam, seed, checkpointDir, progressBar, v);
  }

  private static void atLeastOne(String name, int v) {
    if (v < 1) {
      throw new IllegalArgumentException(name + " must be at least 1, got " + v);
    }
  }
}

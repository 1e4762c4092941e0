package org.rnn4j.examples;

import org.rnn4j.data.ValidationSplit;
import org.rnn4j.model.Cell;
import org.rnn4j.model.Pooling;
import org.rnn4j.train.LrSchedule;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import org.rnn4j.data.LoadOptions;
import org.rnn4j.model.AdamConfig;
import org.rnn4j.model.ModelConfig;
import org.rnn4j.train.TrainConfig;

/**
 * Everything that defines a training run once the defaults, the CPU defaults or a checkpoint have
 * been applied: data encoding and subsets, model shape, optimizer and batching. Immutable.
 *
 * @param maxLen         tokens kept per review
 * @param minFreq        occurrences a word needs for its own id
 * @param maxVocab       vocabulary cap including the specials, 0 = none
 * @param trainLimit     balanced training subset size, 0 = all
 * @param testLimit      balanced test subset size, 0 = all
 * @param seed           seeds initialisation, subsets, shuffling, dropout and the embedding rows
 *                       of words without a GloVe vector
 * @param epochs         total epochs
 * @param batchSize      reviews per training batch
 * @param bucket         length-bucketing window in batches, 1 = off
 * @param lr             Adam learning rate
 * @param clip           gradient global-norm clip, 0 = off
 * @param embed          E
 * @param hidden         H
 * @param layers         L
 * @param dropout        dropout between layers
 * @param trainEmbedding whether the embedding is trained; null until known (it depends on GloVe)
 * @param extras         the settings beyond the tutorial's (pooling, validation, schedule, ...)
 */
record RunSettings(int maxLen, int minFreq, int maxVocab, int trainLimit, int testLimit, long seed,
    int epochs, int batchSize, int bucket, double lr, double clip, int embed, int hidden,
    int layers, double dropout, Boolean trainEmbedding, Extras extras) {

  /**
   * The settings beyond the tutorial's.
   *
   * @param recipe         the recipe the defaults came from, or "" for none
   * @param pooling        the head's pooling
   * @param embedDropout   dropout on the embedding output
   * @param validation     training reviews held out for validation (seed {@link #VALIDATION_SEED}),
   *                       0 = none: then every epoch is evaluated on the test reviews
   * @param patience       early stopping after this many epochs without a better validation
   *                       result, 0 = off
   * @param schedule       the learning-rate schedule
   * @param unfreezeAfter  epochs the (trainable) embedding stays frozen first, 0 = none
   * @param embedLrScale   the embedding's learning rate as a multiple of the others'
   * @param weightDecay    weight decay, 0 = none
   * @param adamW          decoupled weight decay (AdamW) instead of Adam's L2 term
   * @param padded         every review padded or cut to max-len and fed whole, as the tutorial's
   *                       PyTorch code does
   * @param cell           the recurrent cell
   */
  record Extras(String recipe, Pooling pooling, double embedDropout, int validation, int patience,
      LrSchedule schedule, int unfreezeAfter, double embedLrScale, double weightDecay,
      boolean adamW, boolean padded, Cell cell) {
    /** The tutorial's: nothing beyond it. */
    static final Extras NONE = new Extras("", Pooling.FIRST_LAST, 0, 0, 0, LrSchedule.constant(),
        0, 1, 0, false, false, Cell.LSTM);

    Extras {
      if (!(embedDropout >= 0 && embedDropout < 1)) {
        throw new UsageException("--embed-dropout must be in [0, 1), got " + embedDropout);
      }
      if (validation < 0 || patience < 0 || unfreezeAfter < 0) {
        throw new UsageException("--validation, --patience and --unfreeze-after must be 0 (off) "
            + "or positive, got " + validation + ", " + patience + " and " + unfreezeAfter);
      }
      if (patience > 0 && validation == 0) {
        throw new UsageException("--patience " + patience + " stops early on the validation "
            + "accuracy: give --validation N too");
      }
      if (!(embedLrScale > 0 && embedLrScale <= 1e3)) {
        throw new UsageException("--embed-lr-scale must be in (0, 1000], got " + embedLrScale);
      }
      if (!(weightDecay >= 0) || !Double.isFinite(weightDecay)) {
        throw new UsageException("--weight-decay must be 0 or positive, got " + weightDecay);
      }
    }
  }

  /** The seed of the validation draw: the same reviews whatever --seed, so seeds compare. */
  static final long VALIDATION_SEED = 42;

  /** Reviews per evaluation batch: large, since evaluation keeps no gradients (batches sorted by length). */
  static final int EVAL_BATCH = 256;

  /** Keys of {@link #dataSettings}: what a checkpoint must remember to rebuild the run's data. */
  static final String MAX_LEN = "max_len";
  static final String MIN_FREQ = "min_freq";
  static final String MAX_VOCAB = "max_vocab";
  static final String TRAIN_LIMIT = "train_limit";
  static final String TEST_LIMIT = "test_limit";
  static final String SEED = "seed";
  static final String EPOCHS = "epochs";
  static final String BATCH_SIZE = "batch_size";
  static final String BUCKET = "bucket_batches";
  static final String GLOVE = "glove";
  static final String GLOVE_DIM = "glove_dim";
  static final String DATA = "data";
  static final String VALIDATION = "validation";
  static final String PATIENCE = "patience";
  static final String SCHEDULE = "schedule";
  static final String UNFREEZE_AFTER = "unfreeze_after";
  static final String EMBED_LR_SCALE = "embed_lr_scale";
  static final String PADDED = "padded";
  static final String RECIPE = "recipe";
  /** The base learning rate: the optimizer's own rate in a checkpoint is the schedule's last. */
  static final String LR = "lr";

  RunSettings {
    positive("--max-len", maxLen);
    positive("--min-freq", minFreq);
    positive("--epochs", epochs);
    positive("--batch-size", batchSize);
    positive("--bucket", bucket);
    positive("--embed", embed);
    positive("--hidden", hidden);
    positive("--layers", layers);
    if (maxVocab != 0 && maxVocab < 2) {
      throw new UsageException("--max-vocab must be 0 (no cap) or at least 2, got " + maxVocab);
    }
    if (trainLimit < 0 || testLimit < 0) {
      throw new UsageException("--train-limit and --test-limit must be 0 (all) or positive, got "
          + trainLimit + " and " + testLimit);
    }
    if (!(lr > 0) || !Double.isFinite(lr)) {
      throw new UsageException("--lr must be positive, got " + lr);
    }
    if (!(clip >= 0) || !Double.isFinite(clip)) {
      throw new UsageException("--clip must be 0 (off) or positive, got " + clip);
    }
    if (!(dropout >= 0 && dropout < 1)) {
      throw new UsageException("--dropout must be in [0, 1), got " + dropout);
    }
  }

  private static void positive(String option, int v) {
    if (v < 1) {
      throw new UsageException(option + " must be at least 1, got " + v);
    }
  }

  RunSettings withTrainEmbedding(boolean v) {
    return new RunSettings(maxLen, minFreq, maxVocab, trainLimit, testLimit, seed, epochs,
        batchSize, bucket, lr, clip, embed, hidden, layers, dropout, v, extras);
  }

  /** The model for a vocabulary of {@code vocabSize} ids (bidirectional, two classes). */
  ModelConfig modelConfig(int vocabSize) {
    if (trainEmbedding == null) {
      throw new IllegalStateException("trainEmbedding is decided before the model is built");
    }
    boolean train = trainEmbedding || extras.unfreezeAfter() > 0;
    return new ModelConfig(vocabSize, embed, train, hidden, layers, true, dropout, 2,
        extras.pooling(), extras.embedDropout(), extras.cell());
  }

  AdamConfig adam() {
    return AdamConfig.defaults().withLr(lr).withClipNorm(clip).withWeightDecay(extras.weightDecay())
        .withDecoupledWeightDecay(extras.adamW());
  }

  /** The validation split, or none. */
  ValidationSplit validation() {
    return extras.validation() == 0 ? ValidationSplit.none()
        : new ValidationSplit(extras.validation(), VALIDATION_SEED);
  }

  /** Training settings; checkpoints go to {@code saveDir} (null: none). */
  TrainConfig trainConfig(Path saveDir) {
    return TrainConfig.defaults().withEpochs(epochs).withBatchSize(batchSize)
        .withBucketBatches(bucket).withAdam(adam()).withSeed(seed).withCheckpointDir(saveDir)
        .withEvalBatchSize(EVAL_BATCH).withSchedule(extras.schedule()).withValidation(validation())
        .withPatience(extras.patience()).withUnfreezeAfter(extras.unfreezeAfter())
        .withEmbeddingLrScale(extras.embedLrScale());
  }

  /**
   * Data loading settings, with GloVe when {@code glove} is not null. The limits' subsets are
   * drawn by the library; the vocabulary still comes from all training reviews, as it did before
   * the library read subsets, so a limited run keeps its vocabulary and results.
   */
  LoadOptions loadOptions(Path glove) {
    LoadOptions o = LoadOptions.defaults().withMaxLen(maxLen).withMinFreq(minFreq)
        .withMaxVocab(maxVocab).withSeed(seed).withTrainLimit(trainLimit).withTestLimit(testLimit)
        .withFullTrainVocabulary(true).withValidation(validation());
    return glove == null ? o : o.withGlove(glove, embed);
  }

  /**
   * What a checkpoint stores beside the model and optimizer so that {@code --resume} rebuilds the
   * same data, subsets and batches (see {@link SettingsResolver}).
   */
  Map<String, String> dataSettings(Path data, Path glove) {
    Map<String, String> m = new LinkedHashMap<>();
    m.put(MAX_LEN, Integer.toString(maxLen));
    m.put(MIN_FREQ, Integer.toString(minFreq));
    m.put(MAX_VOCAB, Integer.toString(maxVocab));
    m.put(TRAIN_LIMIT, Integer.toString(trainLimit));
    m.put(TEST_LIMIT, Integer.toString(testLimit));
    m.put(SEED, Long.toString(seed));
    m.put(EPOCHS, Integer.toString(epochs));
    m.put(BATCH_SIZE, Integer.toString(batchSize));
    m.put(BUCKET, Integer.toString(bucket));
    m.put(GLOVE, glove == null ? "none" : glove.toAbsolutePath().toString());
    m.put(GLOVE_DIM, glove == null ? "0" : Integer.toString(embed));
    m.put(DATA, data.toAbsolutePath().toString());
    m.put(RECIPE, extras.recipe());
    m.put(LR, Double.toString(lr));
    m.put(VALIDATION, Integer.toString(extras.validation()));
    m.put(PATIENCE, Integer.toString(extras.patience()));
    m.put(SCHEDULE, ScheduleOption.format(extras.schedule()));
    m.put(UNFREEZE_AFTER, Integer.toString(extras.unfreezeAfter()));
    m.put(EMBED_LR_SCALE, Double.toString(extras.embedLrScale()));
    m.put(PADDED, Boolean.toString(extras.padded()));
    return m;
  }

  /** The cell as the log names it: LSTM, GRU, RNN (tanh), RNN (relu). */
  static String cellName(Cell cell) {
    return switch (cell) {
      case LSTM -> "LSTM";
      case GRU -> "GRU";
      case RNN_TANH -> "RNN (tanh)";
      case RNN_RELU -> "RNN (relu)";
    };
  }

  /** One line for the log. */
  String describe(int vocabSize) {
    String embedding = extras.unfreezeAfter() > 0 ? "frozen for " + extras.unfreezeAfter()
        + " epoch(s), then trained" : Boolean.TRUE.equals(trainEmbedding) ? "trained" : "frozen";
    return String.format(Locale.ROOT, "%smodel: embedding %d x %d (%s%s), %d-layer Bi%s H=%d, "
        + "dropout %s, %s pooling; %s lr %s%s%s, %s, batch %d, bucket %d, %d epoch%s, max-len %d%s, "
        + "seed %d; %s",
        extras.recipe().isEmpty() ? "" : "recipe " + extras.recipe() + ": ", vocabSize, embed,
        embedding, extras.embedDropout() > 0 ? ", dropout " + fmt(extras.embedDropout()) : "",
        layers, cellName(extras.cell()), hidden, fmt(dropout), extras.pooling(), extras.adamW() ? "AdamW" : "Adam", fmt(lr),
        clip > 0 ? ", clip " + fmt(clip) : "",
        extras.weightDecay() > 0 ? ", weight decay " + fmt(extras.weightDecay()) : "",
        extras.schedule().describe(), batchSize, bucket, epochs, epochs == 1 ? "" : "s", maxLen,
        extras.padded() ? " (every review padded to it)" : "", seed,
        extras.validation() > 0 ? "validation: " + extras.validation() + " training reviews held out"
            + (extras.patience() > 0 ? ", early stopping after " + extras.patience() : "")
            : "no validation set (every epoch is evaluated on the test reviews)");
  }

  static String fmt(double v) {
    return v == Math.rint(v) && Math.abs(v) < 1e6 ? Long.toString((long) v) : Double.toString(v);
  }
}

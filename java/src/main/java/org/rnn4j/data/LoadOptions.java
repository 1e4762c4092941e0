package org.rnn4j.data;

import java.nio.file.Path;

/**
 * Settings for {@link ImdbData#load(Path, LoadOptions)} and {@link TextDataset#build}. Immutable;
 * start from {@link #defaults()} and use the {@code with...} methods.
 *
 * @param minFreq             a training word needs this many occurrences for its own id (at
 *                            least 1)
 * @param maxVocab            the largest vocabulary size including {@code <pad>} and
 *                            {@code <unk>}, 0 for no cap
 * @param maxLen              tokens kept per review (the first ones), at least 1
 * @param vocabulary          a vocabulary to use instead of building one (e.g. a checkpoint's),
 *                            or null
 * @param glove               GloVe vectors to build the embedding matrix from (text, .gz or
 *                            .zip), or null
 * @param gloveDim            E, the GloVe dimension to read (picks the zip member), 0 for the
 *                            file's
 * @param seed                seed for the embedding rows of words without a vector, and (through
 *                            {@link Subsets#seedFor}) for the subsets of the limits
 * @param trainLimit          keep a balanced random subset of this many training items
 *                            ({@link Subsets}), 0 for all
 * @param testLimit           the same for the test items
 * @param fullTrainVocabulary with a {@code trainLimit}, build the vocabulary from every training
 *                            item rather than from the subset kept (then the whole training split
 *                            is read and tokenized); without a limit it changes nothing
 * @param validation          a validation set carved from the training items before anything
 *                            else ({@link ValidationSplit}; {@link ImdbData} only), or none
 */
public record LoadOptions(int minFreq, int maxVocab, int maxLen, Vocabulary vocabulary,
    Path glove, int gloveDim, long seed, int trainLimit, int testLimit,
    boolean fullTrainVocabulary, ValidationSplit validation) {

  public LoadOptions {
    if (minFreq < 1) {
      throw new IllegalArgumentException("minFreq must be at least 1, got " + minFreq);
    }
    if (maxVocab != 0 && maxVocab < 2) {
      throw new IllegalArgumentException("maxVocab must be 0 (no cap) or at least 2, got "
          + maxVocab);
    }
    if (maxLen < 1) {
      throw new IllegalArgumentException("maxLen must be at least 1, got " + maxLen);
    }
    if (gloveDim < 0) {
      throw new IllegalArgumentException("gloveDim must be positive or 0 (the file's), got "
          + gloveDim);
    }
    if (trainLimit < 0 || testLimit < 0) {
      throw new IllegalArgumentException("trainLimit and testLimit must be 0 (all) or positive, "
          + "got " + trainLimit + " and " + testLimit);
    }
    if (validation == null) {
      validation = ValidationSplit.none();
    }
  }

  /** Options without a validation set, as before validation sets existed. */
  public LoadOptions(int minFreq, int maxVocab, int maxLen, Vocabulary vocabulary, Path glove,
      int gloveDim, long seed, int trainLimit, int testLimit, boolean fullTrainVocabulary) {
    this(minFreq, maxVocab, maxLen, vocabulary, glove, gloveDim, seed, trainLimit, testLimit,
        fullTrainVocabulary, ValidationSplit.none());
  }

  /** Options without limits (all items of both splits), as before limits existed. */
  public LoadOptions(int minFreq, int maxVocab, int maxLen, Vocabulary vocabulary, Path glove,
      int gloveDim, long seed) {
    this(minFreq, maxVocab, maxLen, vocabulary, glove, gloveDim, seed, 0, 0, false);
  }

  /**
   * The tutorial's settings as {@code examples/ImdbBiLstm} uses them: minFreq 5, no cap, 500
   * tokens, no GloVe, 100 dimensions, seed 42 (the command line's, so both encode alike), all
   * items of both splits.
   */
  public static LoadOptions defaults() {
    return new LoadOptions(5, 0, 500, null, null, 100, 42);
  }

  public LoadOptions withMinFreq(int v) {
    return new LoadOptions(v, maxVocab, maxLen, vocabulary, glove, gloveDim, seed, trainLimit,
        testLimit, fullTrainVocabulary, validation);
  }

  public LoadOptions withMaxVocab(int v) {
    return new LoadOptions(minFreq, v, maxLen, vocabulary, glove, gloveDim, seed, trainLimit,
        testLimit, fullTrainVocabulary, validation);
  }

  public LoadOptions withMaxLen(int v) {
    return new LoadOptions(minFreq, maxVocab, v, vocabulary, glove, gloveDim, seed, trainLimit,
        testLimit, fullTrainVocabulary, validation);
  }

  public LoadOptions withVocabulary(Vocabulary v) {
    return new LoadOptions(minFreq, maxVocab, maxLen, v, glove, gloveDim, seed, trainLimit,
        testLimit, fullTrainVocabulary, validation);
  }

  /** GloVe vectors at {@code file} with dimension {@code dim} (0: the file's). */
  public LoadOptions withGlove(Path file, int dim) {
    return new LoadOptions(minFreq, maxVocab, maxLen, vocabulary, file, dim, seed, trainLimit,
        testLimit, fullTrainVocabulary, validation);
  }

  public LoadOptions withSeed(long v) {
    return new LoadOptions(minFreq, maxVocab, maxLen, vocabulary, glove, gloveDim, v, trainLimit,
        testLimit, fullTrainVocabulary, validation);
  }

  /** A balanced random subset of {@code n} training items (0: all); see {@link Subsets}. */
  public LoadOptions withTrainLimit(int n) {
    return new LoadOptions(minFreq, maxVocab, maxLen, vocabulary, glove, gloveDim, seed, n,
        testLimit, fullTrainVocabulary, validation);
  }

  /** A balanced random subset of {@code n} test items (0: all); see {@link Subsets}. */
  public LoadOptions withTestLimit(int n) {
    return new LoadOptions(minFreq, maxVocab, maxLen, vocabulary, glove, gloveDim, seed,
        trainLimit, n, fullTrainVocabulary, validation);
  }

  /** Whether a limited load builds its vocabulary from the whole training split. */
  public LoadOptions withFullTrainVocabulary(boolean v) {
    return new LoadOptions(minFreq, maxVocab, maxLen, vocabulary, glove, gloveDim, seed,
        trainLimit, testLimit, v, validation);
  }

  /** A validation set carved from the training items (see {@link ValidationSplit}). */
  public LoadOptions withValidation(ValidationSplit v) {
    return new LoadOptions(minFreq, maxVocab, maxLen, vocabulary, glove, gloveDim, seed,
        trainLimit, testLimit, fullTrainVocabulary, v);
  }

  /** Whether either split is limited. */
  public boolean limited() {
    return trainLimit > 0 || testLimit > 0;
  }

  /** The limit of {@code split}, 0 for all. */
  public int limit(Split split) {
    return split == Split.TRAIN ? trainLimit : testLimit;
  }
}

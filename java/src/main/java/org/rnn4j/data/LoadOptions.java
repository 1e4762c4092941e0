package org.rnn4j.data;

import java.nio.file.Path;

/**
 * Settings for {@link ImdbData#load(Path, LoadOptions)}. Immutable; start from
 * {@link #defaults()} and use the {@code with...} methods.
 *
 * @param minFreq    a training word needs this many occurrences for its own id (at least 1)
 * @param maxVocab   the largest vocabulary size including {@code <pad>} and {@code <unk>}, 0 for
 *                   no cap
 * @param maxLen     tokens kept per review (the first ones), at least 1
 * @param vocabulary a vocabulary to use instead of building one (e.g. a checkpoint's), or null
 * @param glove      GloVe vectors to build the embedding matrix from (text, .gz or .zip), or null
 * @param gloveDim   E, the GloVe dimension to read (picks the zip member), 0 for the file's
 * @param seed       seed for the embedding rows of words without a vector
 */
public record LoadOptions(int minFreq, int maxVocab, int maxLen, Vocabulary vocabulary,
    Path glove, int gloveDim, long seed) {

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
  }

  /**
   * The tutorial's settings as {@code examples/ImdbBiLstm} uses them: minFreq 5, no cap, 500
   * tokens, no GloVe, 100 dimensions, seed 42 (the command line's, so both encode alike).
   */
  public static LoadOptions defaults() {
    return new LoadOptions(5, 0, 500, null, null, 100, 42);
  }

  public LoadOptions withMinFreq(int v) {
    return new LoadOptions(v, maxVocab, maxLen, vocabulary, glove, gloveDim, seed);
  }

  public LoadOptions withMaxVocab(int v) {
    return new LoadOptions(minFreq, v, maxLen, vocabulary, glove, gloveDim, seed);
  }

  public LoadOptions withMaxLen(int v) {
    return new LoadOptions(minFreq, maxVocab, v, vocabulary, glove, gloveDim, seed);
  }

  public LoadOptions withVocabulary(Vocabulary v) {
    return new LoadOptions(minFreq, maxVocab, maxLen, v, glove, gloveDim, seed);
  }

  /** GloVe vectors at {@code file} with dimension {@code dim} (0: the file's). */
  public LoadOptions withGlove(Path file, int dim) {
    return new LoadOptions(minFreq, maxVocab, maxLen, vocabulary, file, dim, seed);
  }

  public LoadOptions withSeed(long v) {
    return new LoadOptions(minFreq, maxVocab, maxLen, vocabulary, glove, gloveDim, v);
  }
}

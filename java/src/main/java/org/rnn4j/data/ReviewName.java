package org.rnn4j.data;

import java.nio.file.Path;

/**
 * Where a review file sits in the IMDB layout: {@code [...]/SPLIT/LABEL/ID_RATING.txt} with SPLIT
 * {@code train} or {@code test} and LABEL {@code pos}, {@code neg} or {@code unsup}. Only the last
 * three path components count, so {@code aclImdb/}, {@code ./aclImdb/} or no prefix all work.
 */
record ReviewName(Split split, int label, int id, int rating) {

  /**
   * The review file that {@code name} (an archive entry or a relative path with '/' separators)
   * names, or null for anything else (folders, README, vocabulary, feature files, hidden files).
   *
   * @throws DataFileException for a {@code .txt} file in a review folder whose name is not
   *                           {@code ID_RATING.txt}
   */
  static ReviewName parse(String name, Path container) throws DataFileException {
    int end = name.length();
    int slash3 = name.lastIndexOf('/', end - 1);
    if (slash3 < 0 || slash3 == end - 1) {
      return null;
    }
    int slash2 = name.lastIndexOf('/', slash3 - 1);
    if (slash2 < 0) {
      return null;
    }
    int slash1 = name.lastIndexOf('/', slash2 - 1);
    int label = labelOf(name, slash2 + 1, slash3);
    if (label == Integer.MIN_VALUE) {
      return null;
    }
    Split split = Split.ofFolder(name.substring(slash1 + 1, slash2));
    if (split == null || (label == Review.UNLABELLED && split != Split.TRAIN)) {
      return null;
    }
    int fileStart = slash3 + 1;
    if (name.charAt(fileStart) == '.' || !name.endsWith(".txt")) {
      return null;
    }
    int underscore = name.indexOf('_', fileStart);
    int dot = end - 4;
    int id = underscore < 0 ? -1 : parseNonNegative(name, fileStart, underscore);
    int rating = underscore < 0 ? -1 : parseNonNegative(name, underscore + 1, dot);
    if (id < 0 || rating < 0) {
      throw new DataFileException("review file name " + name.substring(fileStart)
          + " is not ID_RATING.txt", container, name, 0, null);
    }
    return new ReviewName(split, label, id, rating);
  }

  private static int labelOf(String name, int from, int to) {
    if (name.startsWith("pos", from) && to - from == 3) {
      return Review.POS;
    }
    if (name.startsWith("neg", from) && to - from == 3) {
      return Review.NEG;
    }
    if (name.startsWith("unsup", from) && to - from == 5) {
      return Review.UNLABELLED;
    }
    return Integer.MIN_VALUE;
  }

  /** Decimal digits in {@code [from, to)} as an int, or -1 if empty, not digits or too large. */
  private static int parseNonNegative(String s, int from, int to) {
    if (to <= from || to - from > 9) {
      return -1;
    }
    int v = 0;
    for (int i = from; i < to; i++) {
      char c = s.charAt(i);
      if (c < '0' || c > '9') {
        return -1;
      }
      v = v * 10 + (c - '0');
    }
    return v;
  }
}

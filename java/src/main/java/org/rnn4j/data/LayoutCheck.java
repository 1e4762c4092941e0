package org.rnn4j.data;

import java.nio.file.Path;

/** Counts reviews per split and label while reading, to report a missing IMDB layout clearly. */
final class LayoutCheck {
  private final boolean unsupExpected;
  private final int[] counts = new int[Split.values().length * 3];

  LayoutCheck(boolean unsupExpected) {
    this.unsupExpected = unsupExpected;
  }

  void add(Split split, int label) {
    counts[split.ordinal() * 3 + label + 1]++;
  }

  int count(Split split, int label) {
    return counts[split.ordinal() * 3 + label + 1];
  }

  /** Throws naming the first split/label folder without reviews. */
  void verify(Path source, String expected) throws DataFileException {
    for (Split split : Split.values()) {
      for (int label : new int[] {Review.NEG, Review.POS}) {
        requireSome(source, split, label, expected);
      }
    }
    if (unsupExpected) {
      requireSome(source, Split.TRAIN, Review.UNLABELLED, expected);
    }
  }

  private void requireSome(Path source, Split split, int label, String expected)
      throws DataFileException {
    if (count(split, label) == 0) {
      String folder = split.folder() + "/" + Review.labelFolder(label);
      throw new DataFileException("does not have the IMDB layout: no reviews under " + folder
          + " (expected " + expected + ")", source);
    }
  }
}

/*
 * Dimension key: B batch, T padded length, V vocabulary, C classes.
 */
package org.rnn4j.model;


/**
 * Checks that every backend applies to a batch before using it, so that a caller's mistake becomes
 * an IllegalArgumentException naming the bad value rather than a wrong answer or a crash in a
 * kernel. Padding positions ({@code t >= length}) are not read by any model and are not checked.
 */
public final class BatchChecks {
  private BatchChecks() {}

  /** Every id within each sample's length lies in {@code [0, vocabSize)}. */
  public static void checkIds(Batch batch, int vocabSize) {
    int[] ids = batch.ids();
    int t = batch.maxLen();
    for (int b = 0; b < batch.size(); b++) {
      int len = batch.lengths()[b];
      for (int s = 0; s < len; s++) {
        int id = ids[b * t + s];
        if (id < 0 || id >= vocabSize) {
          throw new IllegalArgumentException("token id " + id + " of sample " + b + " at step " + s
              + " is outside the vocabulary [0, " + vocabSize + ")");
        }
      }
    }
  }

  /** The batch has labels, each in {@code [0, classes)}. */
  public static void checkLabels(Batch batch, int classes) {
    int[] labels = batch.labels();
    if (labels == null) {
      throw new IllegalArgumentException("forwardBackward needs a labelled batch, but labels is null");
    }
    for (int b = 0; b < labels.length; b++) {
      if (labels[b] < 0 || labels[b] >= classes) {
        throw new IllegalArgumentException("label " + labels[b] + " of sample " + b
            + " is outside [0, " + classes + ")");
      }
    }
  }
}

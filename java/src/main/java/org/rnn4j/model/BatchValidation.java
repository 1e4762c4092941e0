/*
 * Dimension key: B batch, T padded length, V vocabulary, C classes.
 */
package org.rnn4j.model;

import org.rnn4j.data.Batch;

/**
 * Checks a batch against a model before any backend touches it, so that a bad id or label is
 * reported as a caller mistake naming the value and its place, not as a crash deep inside.
 */
public final class BatchValidation {
  private BatchValidation() {}

  /**
   * @param needLabels whether labels are required (training) or ignored (prediction)
   * @throws IllegalArgumentException naming the first bad id or label and where it is
   */
  public static void check(Batch batch, ModelConfig config, boolean needLabels) {
    int t = batch.maxLen();
    int v = config.vocabSize();
    for (int b = 0; b < batch.size(); b++) {
      int len = batch.lengths()[b];
      for (int s = 0; s < len; s++) {
        int id = batch.ids()[b * t + s];
        if (id < 0 || id >= v) {
          throw new IllegalArgumentException("token id " + id + " at sample " + b + ", step " + s
              + " is outside the vocabulary [0, " + v + ")");
        }
      }
    }
    if (!needLabels) {
      return;
    }
    if (batch.labels() == null) {
      throw new IllegalArgumentException("this batch has no labels; training needs them");
    }
    for (int b = 0; b < batch.size(); b++) {
      int y = batch.labels()[b];
      if (y < 0 || y >= config.classes()) {
        throw new IllegalArgumentException("label " + y + " of sample " + b + " is outside [0, "
            + config.classes() + ")");
      }
    }
  }
}

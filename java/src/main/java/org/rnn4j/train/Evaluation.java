/*
 * Dimension key: C classes.
 */
package org.rnn4j.train;

import java.util.Arrays;
import java.util.Locale;

/**
 * Classification results over a data set: the confusion matrix {@code [C, C]} (row = true class,
 * column = predicted class) and the mean cross-entropy. Precision, recall and F1 are per class;
 * the no-argument forms are for the positive class, label 1 (a positive review), and the
 * {@code macro*} forms average the per-class values with equal weight (scikit-learn's
 * {@code average='macro'}). A ratio whose denominator is zero is 0, as in scikit-learn.
 *
 * @param confusion {@code confusion[actual][predicted]} counts, copied
 * @param loss      mean softmax cross-entropy over all samples (NaN when there are none)
 */
public record Evaluation(long[][] confusion, double loss) {
  /** The class whose precision, recall and F1 the no-argument methods report. */
  public static final int POSITIVE = 1;

  public Evaluation {
    int c = confusion.length;
    if (c < 2) {
      throw new IllegalArgumentException("a confusion matrix needs at least 2 classes, got " + c);
    }
    long[][] copy = new long[c][];
    for (int i = 0; i < c; i++) {
      if (confusion[i].length != c) {
        throw new IllegalArgumentException("confusion matrix row " + i + " has " + confusion[i].length
            + " entries, expected " + c);
      }
      copy[i] = confusion[i].clone();
    }
    confusion = copy;
  }

  /** A copy of the confusion matrix, {@code [actual][predicted]}. */
  @Override
  public long[][] confusion() {
    long[][] copy = new long[confusion.length][];
    for (int i = 0; i < copy.length; i++) {
      copy[i] = confusion[i].clone();
    }
    return copy;
  }

  public long confusion(int actual, int predicted) {
    return confusion[actual][predicted];
  }

  public int classes() {
    return confusion.length;
  }

  /** Number of samples. */
  public long count() {
    long n = 0;
    for (long[] row : confusion) {
      for (long v : row) {
        n += v;
      }
    }
    return n;
  }

  /** Number of samples predicted correctly (the diagonal). */
  public long correct() {
    long n = 0;
    for (int i = 0; i < confusion.length; i++) {
      n += confusion[i][i];
    }
    return n;
  }

  public double accuracy() {
    return ratio(correct(), count());
  }

  /** Samples whose true class is {@code c}. */
  public long support(int c) {
    long n = 0;
    for (long v : confusion[c]) {
      n += v;
    }
    return n;
  }

  /** Samples predicted as class {@code c}. */
  public long predicted(int c) {
    long n = 0;
    for (long[] row : confusion) {
      n += row[c];
    }
    return n;
  }

  public double precision(int c) {
    return ratio(confusion[c][c], predicted(c));
  }

  public double recall(int c) {
    return ratio(confusion[c][c], support(c));
  }

  /** Harmonic mean of precision and recall of class {@code c}. */
  public double f1(int c) {
    return ratio(2 * confusion[c][c], support(c) + predicted(c));
  }

  public double precision() {
    return precision(POSITIVE);
  }

  public double recall() {
    return recall(POSITIVE);
  }

  public double f1() {
    return f1(POSITIVE);
  }

  public double macroPrecision() {
    double s = 0;
    for (int c = 0; c < classes(); c++) {
      s += precision(c);
    }
    return s / classes();
  }

  public double macroRecall() {
    double s = 0;
    for (int c = 0; c < classes(); c++) {
      s += recall(c);
    }
    return s / classes();
  }

  /** Mean of the per-class F1 scores (not the F1 of the macro precision and recall). */
  public double macroF1() {
    double s = 0;
    for (int c = 0; c < classes(); c++) {
      s += f1(c);
    }
    return s / classes();
  }

  /** One line: loss, accuracy, positive-class precision/recall/F1, macro F1, count. */
  @Override
  public String toString() {
    return String.format(Locale.ROOT,
        "loss %.4f  acc %.2f%%  P %.4f  R %.4f  F1 %.4f  macro-F1 %.4f  (n=%d)",
        loss, 100 * accuracy(), precision(), recall(), f1(), macroF1(), count());
  }

  /** The confusion matrix as aligned text, one row per true class. */
  public String confusionTable() {
    int width = Math.max(9, Long.toString(count()).length() + 2);
    StringBuilder sb = new StringBuilder(String.format(Locale.ROOT, "%-12s", "true\\pred"));
    for (int c = 0; c < classes(); c++) {
      sb.append(String.format(Locale.ROOT, "%" + width + "d", c));
    }
    for (int a = 0; a < classes(); a++) {
      sb.append('\n').append(String.format(Locale.ROOT, "%-12d", a));
      for (int p = 0; p < classes(); p++) {
        sb.append(String.format(Locale.ROOT, "%" + width + "d", confusion[a][p]));
      }
    }
    return sb.toString();
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof Evaluation e && Arrays.deepEquals(e.confusion, confusion)
        && Double.compare(e.loss, loss) == 0;
  }

  @Override
  public int hashCode() {
    return Arrays.deepHashCode(confusion) * 31 + Double.hashCode(loss);
  }

  private static double ratio(long num, long den) {
    return den == 0 ? 0.0 : (double) num / den;
  }
}

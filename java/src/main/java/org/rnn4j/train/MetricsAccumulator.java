/*
 * Dimension key: B batch, C classes.
 */
package org.rnn4j.train;

/**
 * Accumulates predictions batch by batch into an {@link Evaluation}: the confusion matrix and the
 * summed per-sample cross-entropy, computed in double precision from the logits. The predicted
 * class is the arg-max logit, the first one on ties (as {@code torch.argmax}).
 */
public final class MetricsAccumulator {
  private final long[][] confusion;
  private double lossSum;
  private long count;

  public MetricsAccumulator(int classes) {
    if (classes < 2) {
      throw new IllegalArgumentException("classes must be at least 2, got " + classes);
    }
    this.confusion = new long[classes][classes];
  }

  /** Adds one batch: logits {@code [B, C]} row-major and labels {@code [B]}. */
  public void add(float[] logits, int[] labels) {
    int c = confusion.length;
    if (logits.length != labels.length * c) {
      throw new IllegalArgumentException("logits has " + logits.length + " entries, expected B*C = "
          + labels.length + "*" + c);
    }
    for (int b = 0; b < labels.length; b++) {
      int off = b * c;
      int arg = 0;
      double max = logits[off];
      for (int k = 1; k < c; k++) {
        if (logits[off + k] > max) {
          max = logits[off + k];
          arg = k;
        }
      }
      double sum = 0;
      for (int k = 0; k < c; k++) {
        sum += Math.exp(logits[off + k] - max);
      }
      int y = label(labels[b]);
      add(y, arg, max + Math.log(sum) - logits[off + y]);
    }
  }

  /** Adds one sample with its own cross-entropy. */
  public void add(int actual, int predicted, double loss) {
    confusion[label(actual)][label(predicted)]++;
    lossSum += loss;
    count++;
  }

  public long count() {
    return count;
  }

  /** The results so far. */
  public Evaluation result() {
    return new Evaluation(confusion, count == 0 ? Double.NaN : lossSum / count);
  }

  private int label(int y) {
    if (y < 0 || y >= confusion.length) {
      throw new IllegalArgumentException("label " + y + " is outside [0, " + confusion.length + ")");
    }
    return y;
  }
}

package org.rnn4j.model;

/**
 * What one training step reports: the mean loss over the batch and how many predictions were
 * right. A GPU backend may return before the numbers have arrived; the accessors then wait.
 */
public interface StepResult {
  /** Mean softmax cross-entropy over the batch. */
  double loss();

  /** Number of samples whose arg-max logit equals the label. */
  int correct();

  /** Number of samples in the batch. */
  int size();

  static StepResult of(double loss, int correct, int size) {
    return new Immediate(loss, correct, size);
  }

  /** A result that is known at once. */
  record Immediate(double loss, int correct, int size) implements StepResult {}
}

package org.rnn4j.cuda;

import org.rnn4j.model.StepResult;

/**
 * A training step whose loss and correct count are still on their way from the device. The first
 * accessor waits for them (only for this step's copy, not for later work); afterwards the numbers
 * are plain fields.
 */
final class PendingStep implements StepResult {
  private HostStaging staging;
  private final int slot;
  private final int size;
  private boolean resolved;
  private double loss;
  private int correct;

  PendingStep(HostStaging staging, int slot, int size) {
    this.staging = staging;
    this.slot = slot;
    this.size = size;
  }

  int slot() {
    return slot;
  }

  synchronized void resolve() {
    if (!resolved) {
      if (staging == null) {
        throw new IllegalStateException("the model was closed before this step's result was read");
      }
      HostStaging.Stats v = staging.read(slot);
      loss = v.loss();
      correct = v.correct();
      resolved = true;
      staging.forget(this);
      staging = null;
    }
  }

  /** The model is closing: resolve now if possible, else fail on later reads. */
  synchronized void detach() {
    try {
      resolve();
    } catch (RuntimeException e) {
      staging = null;
    }
  }

  @Override
  public double loss() {
    resolve();
    return loss;
  }

  @Override
  public int correct() {
    resolve();
    return correct;
  }

  @Override
  public int size() {
    return size;
  }
}

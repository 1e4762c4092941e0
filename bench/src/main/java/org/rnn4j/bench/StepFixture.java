/*
 * Dimension key: B batch, T padded length, V vocabulary, C classes.
 */
package org.rnn4j.bench;

import org.apache.commons.math3.random.RandomGenerator;
import org.rnn4j.model.Batch;
import org.rnn4j.model.AdamConfig;
import org.rnn4j.model.Model;
import org.rnn4j.model.Optimizer;
import org.rnn4j.model.StepResult;

/**
 * What the step benchmarks share: a model, its Adam optimizer (only where a training step is
 * timed, so that an inference benchmark's memory holds no optimizer state), one fixed batch, and a
 * device barrier that each timed call ends with. On the GPU the barrier is the model's stream
 * synchronize: without it a call would time the kernel launches, not the work.
 */
final class StepFixture implements AutoCloseable {
  private final Model model;
  private final Optimizer optimizer;
  private final Batch batch;
  private final Runnable barrier;

  /**
   * @param withOptimizer create an Adam optimizer (PyTorch's defaults) for {@link #trainStep}
   * @param barrier       waits for all queued device work; a no-op for host backends
   */
  StepFixture(Model model, boolean withOptimizer, Batch batch, Runnable barrier) {
    this.model = model;
    this.optimizer = withOptimizer ? model.newOptimizer(AdamConfig.defaults()) : null;
    this.batch = batch;
    this.barrier = barrier;
    model.setTraining(true);
  }

  Model model() {
    return model;
  }

  /** forwardBackward in training mode (dropout on), an Adam step, then the barrier. */
  double trainStep() {
    return trainSteps(1);
  }

  /**
   * {@code n} training steps queued back to back and one barrier at the end, as the trainer runs
   * them; returns the last loss.
   */
  double trainSteps(int n) {
    if (optimizer == null) {
      throw new IllegalStateException("this fixture was built without an optimizer");
    }
    StepResult r = null;
    for (int i = 0; i < n; i++) {
      r = model.forwardBackward(batch);
      optimizer.step();
    }
    barrier.run();
    return r.loss();
  }

  /** The logits in evaluation mode (no dropout); back to training mode afterwards. */
  float[] inference() {
    model.setTraining(false);
    try {
      float[] logits = model.logits(batch); // a host copy: waits for the device
      barrier.run();
      return logits;
    } finally {
      model.setTraining(true);
    }
  }

  @Override
  public void close() {
    try {
      if (optimizer != null) {
        optimizer.close();
      }
    } finally {
      model.close();
    }
  }

  /**
   * B samples of exactly T random ids in {@code [2, V)} (never padding or {@code <unk>}: timing
   * on zeros can flatter kernels) and random labels in {@code [0, C)}.
   */
  static Batch fullLengthBatch(RandomGenerator rng, int b, int t, int vocab, int classes) {
    if (vocab < 3) {
      throw new IllegalArgumentException("vocabulary too small for random ids: " + vocab);
    }
    int[][] seqs = new int[b][t];
    int[] labels = new int[b];
    for (int i = 0; i < b; i++) {
      for (int s = 0; s < t; s++) {
        seqs[i][s] = 2 + rng.nextInt(vocab - 2);
      }
      labels[i] = rng.nextInt(classes);
    }
    return Batch.of(seqs, labels);
  }
}

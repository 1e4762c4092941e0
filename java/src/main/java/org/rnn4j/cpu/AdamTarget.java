package org.rnn4j.cpu;

import org.rnn4j.model.ParameterLayout;

/**
 * What {@link CpuAdam} updates: a model whose parameters and gradients live in host float arrays,
 * flat in the PyTorch layout.
 */
interface AdamTarget {
  ParameterLayout layout();

  /** The live parameter array of {@code name}; the optimizer writes into it. */
  float[] parameter(String name);

  /** The live gradient array of a trainable tensor; clipping scales it in place, as PyTorch does. */
  float[] gradient(String name);

  /** Throws IllegalStateException when the target is closed or has no gradients yet. */
  void checkCanStep();
}

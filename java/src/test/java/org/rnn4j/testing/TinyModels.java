package org.rnn4j.testing;

import org.rnn4j.cpu.CpuBackend;
import org.rnn4j.model.Model;
import org.rnn4j.model.ModelConfig;

/**
 * Small real models for training-loop and checkpoint tests: the product's own {@code cpu}
 * backend (one thread, so results are the same on every machine) with a two-layer bidirectional
 * LSTM small enough to train on {@link ToyReviews} in well under a second per epoch.
 */
public final class TinyModels {
  private TinyModels() {}

  /** V words of E dimensions, H = 4, two bidirectional layers with {@code dropout} between, 2 classes. */
  public static ModelConfig config(int vocab, int embed, boolean trainEmbedding, double dropout) {
    return new ModelConfig(vocab, embed, trainEmbedding, 4, 2, true, dropout, 2);
  }

  /** A {@code cpu} model of {@code config} on one thread, initialised and seeded from {@code seed}. */
  public static Model cpu(ModelConfig config, long seed) {
    return new CpuBackend(1).create(config, seed);
  }
}

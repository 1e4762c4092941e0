package org.rnn4j.cpu;

import org.rnn4j.model.Backend;
import org.rnn4j.model.Initializer;
import org.rnn4j.model.Model;
import org.rnn4j.model.ModelConfig;
import org.rnn4j.model.ParameterLayout;

/** The {@code cpu} backend: {@link CpuModel}s on this machine's processors; always available. */
public final class CpuBackend implements Backend {
  private final int threads;

  /** A backend whose models use every available processor. */
  public CpuBackend() {
    this(Runtime.getRuntime().availableProcessors());
  }

  /** A backend whose models use {@code threads} threads each (at least 1). */
  public CpuBackend(int threads) {
    if (threads < 1) {
      throw new IllegalArgumentException("threads must be at least 1, got " + threads);
    }
    this.threads = threads;
  }

  @Override
  public String name() {
    return "cpu";
  }

  @Override
  public String describe() {
    return "CPU (" + threads + (threads == 1 ? " thread" : " threads") + ", Java "
        + Runtime.version().feature() + ")";
  }

  @Override
  public Model create(ModelConfig config, long seed) {
    return new CpuModel(config, Initializer.pytorchDefault(ParameterLayout.of(config), seed), seed, threads);
  }
}

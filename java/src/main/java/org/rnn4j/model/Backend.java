package org.rnn4j.model;

/**
 * A way to build models: the plain-Java {@code cpu} backend or the GPU {@code cudnn} backend.
 */
public interface Backend {
  /** {@code cpu} or {@code cudnn}. */
  String name();

  /** Whether models can be created here: always, unless a backend needs something it may lack. */
  default boolean isAvailable() {
    return true;
  }

  /** Why not, in one sentence; empty when available. */
  default String unavailableReason() {
    return "";
  }

  /** What will run the model, for logs (e.g. the device name and memory). */
  String describe();

  /**
   * A new model with PyTorch's default initialisation from {@code seed}; {@code seed} also seeds
   * dropout.
   */
  Model create(ModelConfig config, long seed);
}

package org.rnn4j.cpu;

import java.util.LinkedHashMap;
import java.util.Map;
import org.rnn4j.model.ParamSpec;
import org.rnn4j.model.ParameterLayout;
import org.rnn4j.model.Parameters;
import org.rnn4j.model.Tensor;

/**
 * The host parameter and gradient store of the CPU models: each tensor of the layout as one flat
 * float array in the PyTorch layout, a gradient array per trainable tensor, and whether the
 * gradients hold a complete set yet. The model computes into it and {@link CpuAdam} updates it in
 * place. The GPU twin is {@code cuda.DeviceParameters}, two flat device buffers.
 */
final class HostParameters {
  private final String owner;
  private final ParameterLayout layout;
  private final Map<String, float[]> params = new LinkedHashMap<>();
  private final Map<String, float[]> grads = new LinkedHashMap<>();
  private boolean hasGradients;
  private boolean closed;

  /** @param owner the owning model's backend name, for error messages */
  HostParameters(String owner, ParameterLayout layout) {
    this.owner = owner;
    this.layout = layout;
    for (ParamSpec s : layout.specs()) {
      params.put(s.name(), new float[s.size()]);
      if (s.trainable()) {
        grads.put(s.name(), new float[s.size()]);
      }
    }
  }

  ParameterLayout layout() {
    return layout;
  }

  /** The live parameter array of {@code name}; the optimizer writes into it. */
  float[] parameter(String name) {
    return params.get(layout.spec(name).name());
  }

  /** The live gradient array of a trainable tensor; clipping scales it in place, as PyTorch does. */
  float[] gradient(String name) {
    float[] g = grads.get(name);
    if (g == null) {
      throw new IllegalArgumentException("'" + name + "' is not a trainable tensor of this model");
    }
    return g;
  }

  /** Copies {@code values} in (names and shapes must match the layout). */
  void set(Parameters values) {
    values.checkMatches(layout, false);
    params.forEach((name, dst) -> System.arraycopy(values.get(name).data(), 0, dst, 0, dst.length));
  }

  /** A copy of every parameter. */
  Parameters copyOfParameters() {
    return copyOf(params);
  }

  /** A copy of every gradient. */
  Parameters copyOfGradients() {
    return copyOf(grads);
  }

  /** Records that the gradient arrays now hold a complete set from a backward pass. */
  void gradientsWritten() {
    hasGradients = true;
  }

  /** Throws IllegalStateException when the store is closed or has no gradients yet. */
  void checkCanStep() {
    checkOpen();
    if (!hasGradients) {
      throw new IllegalStateException("optimizer step before any forwardBackward: no gradients yet");
    }
  }

  /** Throws IllegalStateException once the owning model is closed. */
  void checkOpen() {
    if (closed) {
      throw new IllegalStateException("this " + owner + " model is closed");
    }
  }

  /** Marks the store closed: every later {@link #checkOpen} throws. */
  void close() {
    closed = true;
  }

  private Parameters copyOf(Map<String, float[]> arrays) {
    Parameters p = new Parameters();
    arrays.forEach((name, a) -> p.put(name, Tensor.wrap(layout.spec(name).shape(), a.clone())));
    return p;
  }
}

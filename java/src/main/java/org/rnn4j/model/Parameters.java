package org.rnn4j.model;

import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

/**
 * Named host tensors in insertion order: model weights, gradients or optimizer state, keyed by
 * PyTorch {@code state_dict} names.
 */
public final class Parameters {
  private final Map<String, Tensor> tensors = new LinkedHashMap<>();

  public Parameters() {}

  /** Zero tensors for every spec of {@code layout} ({@code trainableOnly}: skip frozen ones). */
  public static Parameters zeros(ParameterLayout layout, boolean trainableOnly) {
    Parameters p = new Parameters();
    for (ParamSpec s : layout.specs()) {
      if (!trainableOnly || s.trainable()) {
        p.put(s.name(), Tensor.zeros(s.shape()));
      }
    }
    return p;
  }

  public Parameters put(String name, Tensor t) {
    tensors.put(name, t);
    return this;
  }

  /** The tensor named {@code name}; IllegalArgumentException naming what exists when absent. */
  public Tensor get(String name) {
    Tensor t = tensors.get(name);
    if (t == null) {
      throw new IllegalArgumentException("no tensor named '" + name + "'; present: " + tensors.keySet());
    }
    return t;
  }

  public boolean contains(String name) {
    return tensors.containsKey(name);
  }

  public Set<String> names() {
    return Collections.unmodifiableSet(tensors.keySet());
  }

  public Map<String, Tensor> asMap() {
    return Collections.unmodifiableMap(tensors);
  }

  public int count() {
    return tensors.size();
  }

  /** A deep copy. */
  public Parameters copy() {
    Parameters p = new Parameters();
    tensors.forEach((k, v) -> p.put(k, v.copy()));
    return p;
  }

  /**
   * Checks that every spec of {@code layout} is present with its exact shape (frozen ones too
   * unless {@code trainableOnly}) and that nothing else is; throws IllegalArgumentException naming
   * the first difference.
   */
  public void checkMatches(ParameterLayout layout, boolean trainableOnly) {
    int expected = 0;
    for (ParamSpec s : layout.specs()) {
      if (trainableOnly && !s.trainable()) {
        continue;
      }
      expected++;
      Tensor t = tensors.get(s.name());
      if (t == null) {
        throw new IllegalArgumentException("missing tensor '" + s.name() + "' " + Arrays.toString(s.shape()));
      }
      if (!t.sameShape(s.shape())) {
        throw new IllegalArgumentException("tensor '" + s.name() + "' has shape "
            + Arrays.toString(t.shape()) + " but the model needs " + Arrays.toString(s.shape()));
      }
    }
    if (expected != tensors.size()) {
      for (String name : tensors.keySet()) {
        if (!layout.contains(name) || (trainableOnly && !layout.spec(name).trainable())) {
          throw new IllegalArgumentException("unexpected tensor '" + name + "' for this model");
        }
      }
    }
  }
}

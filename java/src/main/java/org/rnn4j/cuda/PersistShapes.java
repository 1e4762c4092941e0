/*
 * Dimension key: B batch, T padded length.
 */
package org.rnn4j.cuda;

import java.util.HashMap;
import java.util.Map;

/**
 * Which batch shapes may run cuDNN's persistent algorithm ({@code PERSIST_STATIC_SMALL_H}).
 *
 * <p>cuDNN accepting the persistent descriptors when the model is built (a probe at B=1, T=1)
 * says little about a real batch: it may refuse a shape later, and not always with a
 * "not supported" status (PyTorch has met NOT_SUPPORTED; BAD_PARAM or EXECUTION_FAILED are as
 * plausible for a shape the kernels cannot hold). So the first use of the persistent algorithm at
 * each shape is a trial: any failure during that use (sizing or any of the RNN calls) counts as
 * cuDNN refusing that shape, which then runs on STANDARD for the model's life. Once a use at a
 * shape has succeeded, a later failure there is a real error and is reported as such.
 *
 * <p>Pure bookkeeping, no CUDA: {@link Encoder} asks and reports.
 */
final class PersistShapes {
  /** One kind of use of the encoder: the batch shape, dropout, and how far the call goes. */
  record Shape(int batch, int maxLen, boolean dropout, boolean keepReserve, boolean backward) {
    @Override
    public String toString() {
      return "B=" + batch + ", T=" + maxLen + (dropout ? ", dropout" : "")
          + (backward ? ", training step" : keepReserve ? ", training-mode forward" : ", inference");
    }
  }

  /** Why a shape was refused: the call that failed, its status and cuDNN's text. */
  record Refusal(String call, int status, String message) {}

  private final Map<Shape, Boolean> proven = new HashMap<>();
  private final Map<Shape, Refusal> refused = new HashMap<>();

  /** Whether the persistent algorithm may run this shape (it has not been refused). */
  boolean allowed(Shape s) {
    return !refused.containsKey(s);
  }

  /** Whether a failure at this shape is a refusal: no use of it has succeeded yet. */
  boolean onTrial(Shape s) {
    return allowed(s) && !proven.containsKey(s);
  }

  /** Records a successful use: from now on a failure at this shape is a real error. */
  void succeeded(Shape s) {
    if (allowed(s)) {
      proven.put(s, Boolean.TRUE);
    }
  }

  /**
   * Records that cuDNN refused this shape; later uses run STANDARD.
   *
   * @return whether this is the model's first refusal (the one to log as a warning)
   */
  boolean refuse(Shape s, Refusal why) {
    boolean first = refused.isEmpty();
    refused.put(s, why);
    proven.remove(s);
    return first;
  }

  /** How many shapes cuDNN refused. */
  int refusedCount() {
    return refused.size();
  }

  /** Why cuDNN refused this shape, or null where it has not. */
  Refusal refusal(Shape s) {
    return refused.get(s);
  }
}

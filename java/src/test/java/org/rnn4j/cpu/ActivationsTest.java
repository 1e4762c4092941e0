package org.rnn4j.cpu;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** {@link Activations}'s activations: float-accurate rational tanh and sigmoid. */
class ActivationsTest {
  @Test
  void rationalTanhAndSigmoidAreFloatAccurate() {
    double worstTanh = 0;
    double worstSigmoid = 0;
    for (int i = -400000; i <= 400000; i++) {
      float x = i * 5e-5f;
      double t = Math.tanh(x);
      double err = Math.abs(Activations.tanhOf(x) - t) / Math.max(Math.abs(t), Float.MIN_NORMAL);
      worstTanh = Math.max(worstTanh, err);
      float[] s = {x};
      Activations.sigmoid(s, 0, 1);
      worstSigmoid = Math.max(worstSigmoid, Math.abs(s[0] - 1 / (1 + Math.exp(-x))));
    }
    assertTrue(worstTanh < 4e-7, "tanh relative error " + worstTanh);
    // 1/2 + tanh(x/2)/2 cannot go below the clamp: for x < -15.8 it gives ~2.3e-7 instead of e^x.
    assertTrue(worstSigmoid < 2.5e-7, "sigmoid absolute error " + worstSigmoid);
    assertEquals(1.0, Activations.tanhOf(Float.POSITIVE_INFINITY), 3e-7);
    assertEquals(-1.0, Activations.tanhOf(-1e30f), 3e-7);
    assertEquals(0f, Activations.tanhOf(0f));
    assertTrue(Float.isNaN(Activations.tanhOf(Float.NaN)), "NaN propagates");
  }
}

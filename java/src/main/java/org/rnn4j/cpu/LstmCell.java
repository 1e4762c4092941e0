/*
 * Dimension key: H hidden; a gate row holds 4H values in PyTorch's order i, f, g, o.
 */
package org.rnn4j.cpu;

/** The element-wise part of one LSTM step for one sample, forward and backward, in float. */
final class LstmCell {
  private LstmCell() {}

  /**
   * Turns the pre-activations in {@code gate} into the activations i, f, g, o (in place), and writes
   * the new cell state, its tanh, and h into {@code y[col .. col+H)}.
   */
  static void forward(float[] gate, float[] cPrev, float[] c, float[] tanhC, float[] y, int col, int hs) {
    for (int j = 0; j < hs; j++) {
      float i = sigmoid(gate[j]);
      float f = sigmoid(gate[hs + j]);
      float g = tanh(gate[2 * hs + j]);
      float o = sigmoid(gate[3 * hs + j]);
      float cj = f * cPrev[j] + i * g;
      float tc = tanh(cj);
      gate[j] = i;
      gate[hs + j] = f;
      gate[2 * hs + j] = g;
      gate[3 * hs + j] = o;
      c[j] = cj;
      tanhC[j] = tc;
      y[col + j] = o * tc;
    }
  }

  /**
   * Backward through one step: reads the activations in {@code gate} and replaces them with the
   * gradients of the pre-activations. {@code dh} and {@code dc} carry the recurrent gradients of h
   * and c into this step; {@code dc} leaves holding the gradient of the previous cell state.
   */
  static void backward(float[] gate, float[] tanhC, float[] cPrev, float[] dy, int col, float[] dh,
      float[] dc, int hs) {
    for (int j = 0; j < hs; j++) {
      float i = gate[j];
      float f = gate[hs + j];
      float g = gate[2 * hs + j];
      float o = gate[3 * hs + j];
      float tc = tanhC[j];
      float dhj = dy[col + j] + dh[j];
      float dcj = dhj * o * (1 - tc * tc) + dc[j];
      gate[j] = dcj * g * i * (1 - i);
      gate[hs + j] = dcj * cPrev[j] * f * (1 - f);
      gate[2 * hs + j] = dcj * i * (1 - g * g);
      gate[3 * hs + j] = dhj * tc * o * (1 - o);
      dc[j] = dcj * f;
    }
  }

  /** Logistic sigmoid; evaluated in double, where 1/(1+exp(-x)) neither overflows nor loses 0. */
  static float sigmoid(float x) {
    return (float) (1.0 / (1.0 + Math.exp(-(double) x)));
  }

  /**
   * tanh as 1 - 2/(exp(2x)+1) in double: one intrinsic exp instead of the slower Math.tanh, exact
   * limits ±1 at overflow, and an absolute error of ~1e-16, below float resolution for |x| > 1e-8.
   */
  static float tanh(float x) {
    double e = Math.exp(2.0 * x);
    return (float) (1.0 - 2.0 / (e + 1.0));
  }
}

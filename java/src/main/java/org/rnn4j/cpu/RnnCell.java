/*
 * Dimension key: H hidden; a plain RNN's gate row is H wide.
 */
package org.rnn4j.cpu;

/**
 * The element-wise part of one plain RNN step for one sample, {@code h = tanh(a)} or
 * {@code h = relu(a)} with {@code a = W_ih x + b_ih + W_hh h_prev + b_hh}, forward and backward,
 * in float.
 */
final class RnnCell {
  private RnnCell() {}

  /** Replaces the pre-activation in {@code gate} by h and copies h into {@code y[col .. col+H)}. */
  static void forward(boolean relu, float[] gate, float[] y, int col, int hs) {
    if (relu) {
      for (int j = 0; j < hs; j++) {
        gate[j] = Math.max(0f, gate[j]);
      }
    } else {
      Activations.tanh(gate, 0, hs);
    }
    System.arraycopy(gate, 0, y, col, hs);
  }

  /**
   * Backward through one step: replaces h in {@code gate} by the gradient of its pre-activation,
   * from {@code dy[col ..]} plus the recurrent gradient {@code dh}, which leaves zeroed (all of the
   * previous h's gradient goes through W_hh).
   */
  static void backward(boolean relu, float[] gate, float[] dy, int col, float[] dh, int hs) {
    for (int j = 0; j < hs; j++) {
      float h = gate[j];
      float d = dy[col + j] + dh[j];
      gate[j] = relu ? (h > 0 ? d : 0f) : d * (1 - h * h);
      dh[j] = 0f;
    }
  }
}

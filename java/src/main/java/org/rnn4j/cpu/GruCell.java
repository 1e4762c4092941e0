/*
 * Dimension key: H hidden. A GRU gate row here holds 4H values: a_r, a_z (input and recurrent
 * products summed, with both biases), gi_n = W_in x + b_in and gh_n = W_hn h_prev + b_hn, kept
 * apart because the reset gate multiplies only the second.
 */
package org.rnn4j.cpu;

/**
 * The element-wise part of one GRU step for one sample, forward and backward, in float, with
 * PyTorch's (and cuDNN's) formula: {@code r = sigmoid(a_r)}, {@code z = sigmoid(a_z)},
 * {@code n = tanh(gi_n + r gh_n)}, {@code h = (1 - z) n + z h_prev}. Written for HotSpot's
 * vectoriser like {@link LstmCell}.
 */
final class GruCell {
  /** Per-thread rows of H floats. */
  static final class Scratch {
    final float[] r;
    final float[] z;
    final float[] n;
    final float[] hn;
    final float[] hp;
    final float[] a;

    Scratch(int hidden) {
      r = new float[hidden];
      z = new float[hidden];
      n = new float[hidden];
      hn = new float[hidden];
      hp = new float[hidden];
      a = new float[hidden];
    }
  }

  private GruCell() {}

  /**
   * Turns the pre-activations in {@code gate} into r, z, n (in place; gh_n stays, the backward
   * pass needs it) and writes {@code h} into {@code y[col .. col+H)}. {@code hPrev[col ..]} is
   * the previous hidden state (zeros at a sample's first step).
   */
  static void forward(float[] gate, float[] hPrev, float[] y, int col, int hs, Scratch w) {
    Activations.sigmoid(gate, 0, 2 * hs);
    System.arraycopy(gate, 0, w.r, 0, hs);
    System.arraycopy(gate, hs, w.z, 0, hs);
    System.arraycopy(gate, 2 * hs, w.n, 0, hs);
    System.arraycopy(gate, 3 * hs, w.hn, 0, hs);
    System.arraycopy(hPrev, col, w.hp, 0, hs);
    for (int j = 0; j < hs; j++) {
      w.n[j] += w.r[j] * w.hn[j];
    }
    Activations.tanh(w.n, 0, hs);
    for (int j = 0; j < hs; j++) {
      w.a[j] = (1 - w.z[j]) * w.n[j] + w.z[j] * w.hp[j];
    }
    System.arraycopy(w.n, 0, gate, 2 * hs, hs);
    System.arraycopy(w.a, 0, y, col, hs);
  }

  /**
   * Backward through one step: reads r, z, n, gh_n in {@code gate} and replaces them with the
   * gradients of a_r, a_z, gi_n and gh_n. {@code dh} carries the recurrent gradient of h into
   * this step and leaves holding the part of the previous h's gradient that bypasses W_hh
   * ({@code z dh}); the caller adds the W_hh part.
   */
  static void backward(float[] gate, float[] hPrev, float[] dy, int col, float[] dh, int hs, Scratch w) {
    System.arraycopy(gate, 0, w.r, 0, hs);
    System.arraycopy(gate, hs, w.z, 0, hs);
    System.arraycopy(gate, 2 * hs, w.n, 0, hs);
    System.arraycopy(gate, 3 * hs, w.hn, 0, hs);
    System.arraycopy(hPrev, col, w.hp, 0, hs);
    System.arraycopy(dy, col, w.a, 0, hs);
    for (int j = 0; j < hs; j++) {
      float r = w.r[j];
      float z = w.z[j];
      float n = w.n[j];
      float dhj = w.a[j] + dh[j];
      float dn = dhj * (1 - z) * (1 - n * n);
      w.r[j] = dn * w.hn[j] * r * (1 - r);
      w.z[j] = dhj * (w.hp[j] - n) * z * (1 - z);
      w.n[j] = dn;
      w.hn[j] = dn * r;
      dh[j] = dhj * z;
    }
    System.arraycopy(w.r, 0, gate, 0, hs);
    System.arraycopy(w.z, 0, gate, hs, hs);
    System.arraycopy(w.n, 0, gate, 2 * hs, hs);
    System.arraycopy(w.hn, 0, gate, 3 * hs, hs);
  }
}

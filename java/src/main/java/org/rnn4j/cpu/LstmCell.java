/*
 * Dimension key: H hidden; a gate row holds 4H values in PyTorch's order i, f, g, o.
 */
package org.rnn4j.cpu;

/**
 * The element-wise part of one LSTM step for one sample, forward and backward, in float.
 *
 * <p>Written so that HotSpot vectorises it: every loop indexes all its arrays from the same base
 * (the gate blocks are copied into scratch rows first; see {@link Sgemm} for why), with the
 * rational tanh and sigmoid of {@link Activations}. Where the Vector API runs ({@link Sgemm#VECTOR}),
 * {@link VectorCell} does the same arithmetic without the copies.
 */
final class LstmCell {
  /** Per-thread rows of H floats that hold one gate block or one intermediate at a time. */
  static final class Scratch {
    final float[] i;
    final float[] f;
    final float[] g;
    final float[] o;
    final float[] a;
    final float[] b;

    Scratch(int hidden) {
      i = new float[hidden];
      f = new float[hidden];
      g = new float[hidden];
      o = new float[hidden];
      a = new float[hidden];
      b = new float[hidden];
    }
  }

  private LstmCell() {}

  /**
   * Turns the pre-activations in {@code gate} into the activations i, f, g, o (in place), and writes
   * the new cell state c, tanh(c), and h = o tanh(c) into {@code y[col .. col+H)}.
   */
  static void forward(float[] gate, float[] cPrev, float[] c, float[] tanhC, float[] y, int col, int hs,
      Scratch w) {
    if (Sgemm.VECTOR) {
      VectorCell.lstmForward(gate, cPrev, c, tanhC, y, col, hs);
    } else {
      forwardLoops(gate, cPrev, c, tanhC, y, col, hs, w);
    }
  }

  /** {@link #forward} on HotSpot's own vectorisation. */
  static void forwardLoops(float[] gate, float[] cPrev, float[] c, float[] tanhC, float[] y, int col, int hs,
      Scratch w) {
    Activations.sigmoid(gate, 0, 2 * hs);
    Activations.tanh(gate, 2 * hs, 3 * hs);
    Activations.sigmoid(gate, 3 * hs, 4 * hs);
    System.arraycopy(gate, 0, w.i, 0, hs);
    System.arraycopy(gate, hs, w.f, 0, hs);
    System.arraycopy(gate, 2 * hs, w.g, 0, hs);
    System.arraycopy(gate, 3 * hs, w.o, 0, hs);
    cellState(w.i, w.f, w.g, cPrev, c, tanhC, hs);
    Activations.tanh(tanhC, 0, hs);
    times(w.o, tanhC, w.a, hs);
    System.arraycopy(w.a, 0, y, col, hs);
  }

  private static void cellState(float[] i, float[] f, float[] g, float[] cPrev, float[] c, float[] tanhC,
      int hs) {
    for (int j = 0; j < hs; j++) {
      float cj = f[j] * cPrev[j] + i[j] * g[j];
      c[j] = cj;
      tanhC[j] = cj;
    }
  }

  private static void times(float[] x, float[] y, float[] out, int n) {
    for (int j = 0; j < n; j++) {
      out[j] = x[j] * y[j];
    }
  }

  /**
   * Backward through one step: reads the activations in {@code gate} and replaces them with the
   * gradients of the pre-activations. {@code dh} and {@code dc} carry the recurrent gradients of h
   * and c into this step; {@code dc} leaves holding the gradient of the previous cell state.
   */
  static void backward(float[] gate, float[] tanhC, float[] cPrev, float[] dy, int col, float[] dh,
      float[] dc, int hs, Scratch w) {
    if (Sgemm.VECTOR) {
      VectorCell.lstmBackward(gate, tanhC, cPrev, dy, col, dh, dc, hs);
    } else {
      backwardLoops(gate, tanhC, cPrev, dy, col, dh, dc, hs, w);
    }
  }

  /** {@link #backward} on HotSpot's own vectorisation. */
  static void backwardLoops(float[] gate, float[] tanhC, float[] cPrev, float[] dy, int col, float[] dh,
      float[] dc, int hs, Scratch w) {
    System.arraycopy(gate, 0, w.i, 0, hs);
    System.arraycopy(gate, hs, w.f, 0, hs);
    System.arraycopy(gate, 2 * hs, w.g, 0, hs);
    System.arraycopy(gate, 3 * hs, w.o, 0, hs);
    System.arraycopy(dy, col, w.a, 0, hs);
    backwardRows(w.i, w.f, w.g, w.o, tanhC, cPrev, w.a, dh, dc, w.b, hs);
    System.arraycopy(w.i, 0, gate, 0, hs);
    System.arraycopy(w.f, 0, gate, hs, hs);
    System.arraycopy(w.g, 0, gate, 2 * hs, hs);
    System.arraycopy(w.o, 0, gate, 3 * hs, hs);
  }

  /** {@link #backward} for hidden units [from, H) only, one at a time (the rest of a vector pass). */
  static void backwardElements(float[] gate, float[] tanhC, float[] cPrev, float[] dy, int col, float[] dh,
      float[] dc, int hs, int from) {
    for (int j = from; j < hs; j++) {
      float ij = gate[j];
      float fj = gate[hs + j];
      float gj = gate[2 * hs + j];
      float oj = gate[3 * hs + j];
      float tc = tanhC[j];
      float dhj = dy[col + j] + dh[j];
      float dcj = dhj * oj * (1 - tc * tc) + dc[j];
      gate[j] = dcj * gj * ij * (1 - ij);
      gate[hs + j] = dcj * cPrev[j] * fj * (1 - fj);
      gate[2 * hs + j] = dcj * ij * (1 - gj * gj);
      gate[3 * hs + j] = dhj * tc * oj * (1 - oj);
      dc[j] = dcj * fj;
    }
  }

  /** The backward step on separate rows; i, f, g, o leave holding the pre-activation gradients. */
  private static void backwardRows(float[] i, float[] f, float[] g, float[] o, float[] tanhC, float[] cPrev,
      float[] dy, float[] dh, float[] dc, float[] tmp, int hs) {
    for (int j = 0; j < hs; j++) {
      float ij = i[j];
      float fj = f[j];
      float gj = g[j];
      float oj = o[j];
      float tc = tanhC[j];
      float dhj = dy[j] + dh[j];
      float dcj = dhj * oj * (1 - tc * tc) + dc[j];
      i[j] = dcj * gj * ij * (1 - ij);
      f[j] = dcj * cPrev[j] * fj * (1 - fj);
      g[j] = dcj * ij * (1 - gj * gj);
      o[j] = dhj * tc * oj * (1 - oj);
      dc[j] = dcj * fj;
    }
  }
}

/*
 * Dimension key: H hidden; a gate row holds 4H values in PyTorch's order i, f, g, o.
 */
package org.rnn4j.cpu;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorSpecies;

/**
 * {@link LstmCell}'s step on the JDK's Vector API: eight hidden units per pass, read straight from
 * the gate row's four blocks (no copies into scratch rows), the rest of a row through
 * {@link LstmCell}'s per-element code. Every element goes through the same float operations in the
 * same order as in {@link LstmCell} and {@link Activations}, so both give the same bits.
 *
 * <p>Why: HotSpot vectorises {@link LstmCell}'s loops, but unrolls them for 64 floats a pass on
 * AVX-512, so over a row of H = 100 about a third of the work ran in its scalar remainder loop;
 * measured on the tutorial's shape (64 samples, H = 100, one core), the cell took ~110 ms per
 * inference through the loops.
 *
 * <p>Only loaded when {@link Sgemm#VECTOR} is set.
 */
final class VectorCell {
  private static final VectorSpecies<Float> S = FloatVector.SPECIES_256;
  private static final int L = 8;

  private VectorCell() {}

  /**
   * As {@link LstmCell#forward}, in passes that each hold one copy of the vector tanh: C2 inlines
   * only so many vector operations into one compiled method, and a vector function left out of
   * line boxes its vectors and runs several times slower (measured: four copies in one method
   * made inference twice as slow as the plain loops).
   */
  static void lstmForward(float[] gate, float[] cPrev, float[] c, float[] tanhC, float[] y, int col, int hs) {
    for (int b = 0; b < 4; b++) {
      boolean sigmoid = b != 2; // the g block takes tanh, i, f and o the sigmoid
      activate(gate, b * hs, (b + 1) * hs, sigmoid ? 0.5f : 1f, sigmoid ? 0.5f : -0f);
    }
    int j = 0;
    for (; j <= hs - L; j += L) {
      FloatVector i = FloatVector.fromArray(S, gate, j);
      FloatVector f = FloatVector.fromArray(S, gate, hs + j);
      FloatVector g = FloatVector.fromArray(S, gate, 2 * hs + j);
      FloatVector cj = f.mul(FloatVector.fromArray(S, cPrev, j)).add(i.mul(g));
      cj.intoArray(c, j);
    }
    for (; j < hs; j++) {
      c[j] = gate[hs + j] * cPrev[j] + gate[j] * gate[2 * hs + j];
    }
    System.arraycopy(c, 0, tanhC, 0, hs);
    activate(tanhC, 0, hs, 1f, -0f);
    j = 0;
    for (; j <= hs - L; j += L) {
      FloatVector.fromArray(S, gate, 3 * hs + j).mul(FloatVector.fromArray(S, tanhC, j)).intoArray(y, col + j);
    }
    for (; j < hs; j++) {
      y[col + j] = gate[3 * hs + j] * tanhC[j];
    }
  }

  /**
   * {@code v[j] = shift + scale tanh(scale v[j])} for j in [from, to): with scale = shift = 1/2
   * the sigmoid of {@link Activations#sigmoid}, with scale 1 and shift -0 (the one float whose
   * addition changes no value, -0 included) exactly {@link Activations#tanh}.
   */
  private static void activate(float[] v, int from, int to, float scale, float shift) {
    int j = from;
    for (; j <= to - L; j += L) {
      tanh(FloatVector.fromArray(S, v, j).mul(scale)).mul(scale).add(shift).intoArray(v, j);
    }
    for (; j < to; j++) {
      v[j] = shift + scale * Activations.tanhOf(scale * v[j]);
    }
  }

  /** As {@link LstmCell#backward}. */
  static void lstmBackward(float[] gate, float[] tanhC, float[] cPrev, float[] dy, int col, float[] dh,
      float[] dc, int hs) {
    int j = 0;
    for (; j <= hs - L; j += L) {
      FloatVector i = FloatVector.fromArray(S, gate, j);
      FloatVector f = FloatVector.fromArray(S, gate, hs + j);
      FloatVector g = FloatVector.fromArray(S, gate, 2 * hs + j);
      FloatVector o = FloatVector.fromArray(S, gate, 3 * hs + j);
      FloatVector tc = FloatVector.fromArray(S, tanhC, j);
      FloatVector dhj = FloatVector.fromArray(S, dy, col + j).add(FloatVector.fromArray(S, dh, j));
      FloatVector dcj = dhj.mul(o).mul(oneMinus(tc.mul(tc))).add(FloatVector.fromArray(S, dc, j));
      dcj.mul(g).mul(i).mul(oneMinus(i)).intoArray(gate, j);
      dcj.mul(FloatVector.fromArray(S, cPrev, j)).mul(f).mul(oneMinus(f)).intoArray(gate, hs + j);
      dcj.mul(i).mul(oneMinus(g.mul(g))).intoArray(gate, 2 * hs + j);
      dhj.mul(tc).mul(o).mul(oneMinus(o)).intoArray(gate, 3 * hs + j);
      dcj.mul(f).intoArray(dc, j);
    }
    LstmCell.backwardElements(gate, tanhC, cPrev, dy, col, dh, dc, hs, j);
  }

  private static FloatVector oneMinus(FloatVector x) {
    return FloatVector.broadcast(S, 1f).sub(x);
  }

  /** As {@link Activations#tanhOf}. */
  private static FloatVector tanh(FloatVector v) {
    FloatVector x = v.min(Activations.CLAMP).max(-Activations.CLAMP);
    FloatVector x2 = x.mul(x);
    FloatVector p = x2.fma(Activations.A13, Activations.A11);
    p = x2.fma(p, FloatVector.broadcast(S, Activations.A9));
    p = x2.fma(p, FloatVector.broadcast(S, Activations.A7));
    p = x2.fma(p, FloatVector.broadcast(S, Activations.A5));
    p = x2.fma(p, FloatVector.broadcast(S, Activations.A3));
    p = x2.fma(p, FloatVector.broadcast(S, Activations.A1));
    FloatVector q = x2.fma(Activations.B6, Activations.B4);
    q = x2.fma(q, FloatVector.broadcast(S, Activations.B2));
    q = x2.fma(q, FloatVector.broadcast(S, Activations.B0));
    return x.mul(p).div(q);
  }
}

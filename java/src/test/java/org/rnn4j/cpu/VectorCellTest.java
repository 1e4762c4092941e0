package org.rnn4j.cpu;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import org.apache.commons.math3.random.MersenneTwister;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * {@link VectorCell} against {@link LstmCell}'s loops, bit for bit, forward and backward, for
 * hidden sizes with and without a remainder past the last full vector, on values that reach the
 * tanh clamp, signed zeros and NaN.
 */
class VectorCellTest {
  private static float[] random(MersenneTwister rng, int n, double scale) {
    float[] v = new float[n];
    for (int j = 0; j < n; j++) {
      v[j] = (float) (scale * rng.nextGaussian());
    }
    return v;
  }

  private static float[] gates(MersenneTwister rng, int hs) {
    float[] g = random(rng, 4 * hs, 6);
    g[0] = -0f;
    g[2 * hs] = -0f; // tanh(-0) must stay -0
    g[hs + hs / 2] = 40f; // past the clamp
    g[3 * hs - 1] = -40f;
    if (hs > 2) {
      g[4 * hs - 2] = Float.NaN;
    }
    return g;
  }

  private static void assertBits(String what, float[] expected, float[] actual) {
    assertEquals(expected.length, actual.length, what);
    for (int j = 0; j < expected.length; j++) {
      assertEquals(Float.floatToRawIntBits(expected[j]), Float.floatToRawIntBits(actual[j]),
          what + "[" + j + "]: " + expected[j] + " vs " + actual[j]);
    }
  }

  @ParameterizedTest
  @ValueSource(ints = {1, 7, 8, 13, 100, 256})
  void forwardAndBackwardMatchTheLoops(int hs) {
    assumeTrue(Sgemm.VECTOR, "the Vector API is not enabled in this JVM");
    MersenneTwister rng = new MersenneTwister(hs);
    int col = 3;
    float[] gate = gates(rng, hs);
    float[] cPrev = random(rng, hs, 2);
    LstmCell.Scratch w = new LstmCell.Scratch(hs);

    float[] gL = gate.clone();
    float[] cL = new float[hs];
    float[] tL = new float[hs];
    float[] yL = random(rng, hs + 2 * col, 1);
    float[] gV = gate.clone();
    float[] cV = new float[hs];
    float[] tV = new float[hs];
    float[] yV = yL.clone();
    LstmCell.forwardLoops(gL, cPrev, cL, tL, yL, col, hs, w);
    VectorCell.lstmForward(gV, cPrev, cV, tV, yV, col, hs);
    assertBits("activations", gL, gV);
    assertBits("c", cL, cV);
    assertBits("tanh c", tL, tV);
    assertBits("y", yL, yV);

    float[] dy = random(rng, hs + 2 * col, 1);
    float[] dhL = random(rng, hs, 1);
    float[] dcL = random(rng, hs, 1);
    float[] dhV = dhL.clone();
    float[] dcV = dcL.clone();
    LstmCell.backwardLoops(gL, tL, cPrev, dy, col, dhL, dcL, hs, w);
    VectorCell.lstmBackward(gV, tV, cPrev, dy, col, dhV, dcV, hs);
    assertBits("da", gL, gV);
    assertBits("dc", dcL, dcV);
    assertBits("dh", dhL, dhV);
  }
}

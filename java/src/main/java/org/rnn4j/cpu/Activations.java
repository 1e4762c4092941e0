package org.rnn4j.cpu;

/**
 * Float tanh and sigmoid for the CPU cells, vectorisable by HotSpot: a rational approximation
 * instead of {@code Math.exp}, which C2 cannot vectorise. Measured: ~0.7 ns per tanh against
 * ~8 ns through {@code Math.exp}, which made the activations the largest cost of the recurrence.
 */
final class Activations {
  // Minimax rational fit tanh(x) ~ x P(x^2) / Q(x^2) on [-CLAMP, CLAMP] (the coefficients of
  // Eigen's float ptanh); relative error below 3.3e-7 over the whole float range after clamping.
  static final float A1 = 4.89352455891786e-03f;
  static final float A3 = 6.37261928875436e-04f;
  static final float A5 = 1.48572235717979e-05f;
  static final float A7 = 5.12229709037114e-08f;
  static final float A9 = -8.60467152213735e-11f;
  static final float A11 = 2.00018790482477e-13f;
  static final float A13 = -2.76076847742355e-16f;
  static final float B0 = 4.89352518554385e-03f;
  static final float B2 = 2.26843463243900e-03f;
  static final float B4 = 1.18534705686654e-04f;
  static final float B6 = 1.19825839466702e-06f;
  /** Beyond this |x| the fit leaves [-1, 1]; tanh there is 1 to within 2.7e-7. */
  static final float CLAMP = 7.90531110763549805f;

  private Activations() {}

  /**
   * v[j] = sigmoid(v[j]) for j in [from, to), as 1/2 + tanh(x/2)/2 (an identity). Absolute error
   * below 2.5e-7: a few float ulps at 1/2, and for x < -15.8 (where tanh is clamped) ~2.3e-7
   * instead of e^x, which no recurrent model's result can tell apart from float rounding.
   */
  static void sigmoid(float[] v, int from, int to) {
    for (int j = from; j < to; j++) {
      v[j] = 0.5f + 0.5f * tanhOf(0.5f * v[j]);
    }
  }

  /** v[j] = tanh(v[j]) for j in [from, to). */
  static void tanh(float[] v, int from, int to) {
    for (int j = from; j < to; j++) {
      v[j] = tanhOf(v[j]);
    }
  }

  static float tanhOf(float v) {
    float x = Math.max(-CLAMP, Math.min(CLAMP, v));
    float x2 = x * x;
    float p = Math.fma(x2, A13, A11);
    p = Math.fma(x2, p, A9);
    p = Math.fma(x2, p, A7);
    p = Math.fma(x2, p, A5);
    p = Math.fma(x2, p, A3);
    p = Math.fma(x2, p, A1);
    float q = Math.fma(x2, B6, B4);
    q = Math.fma(x2, q, B2);
    q = Math.fma(x2, q, B0);
    return x * p / q;
  }
}

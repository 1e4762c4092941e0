/*
 * Dimension key: see ReferenceRnn.
 */
package org.rnn4j.cpu;

import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import org.apache.commons.math3.random.RandomGenerator;
import org.rnn4j.model.Batch;
import org.rnn4j.model.ModelConfig;
import org.rnn4j.model.ParamSpec;
import org.rnn4j.model.ParameterLayout;

/** Numerical derivatives of the reference loss, and random double weights to take them at. */
final class FiniteDifferences {
  private FiniteDifferences() {}

  /** Uniform weights in [-scale, scale] for every tensor of the layout. */
  static Map<String, double[]> randomWeights(ModelConfig config, RandomGenerator rng, double scale) {
    Map<String, double[]> w = new LinkedHashMap<>();
    for (ParamSpec s : ParameterLayout.of(config).specs()) {
      double[] v = new double[s.size()];
      for (int i = 0; i < v.length; i++) {
        v[i] = (2 * rng.nextDouble() - 1) * scale;
      }
      w.put(s.name(), v);
    }
    return w;
  }

  static double loss(ModelConfig config, Map<String, double[]> w, Batch batch, double[][][] masks) {
    return loss(config, w, batch, null, masks);
  }

  static double loss(ModelConfig config, Map<String, double[]> w, Batch batch, double[][] embedMasks,
      double[][][] masks) {
    return ReferenceRnn.evaluate(config, w, batch, embedMasks, masks, false).loss();
  }

  /** (f(x+h) - f(x-h)) / 2h: truncation error h^2 f'''/6. */
  static double central(ModelConfig config, Map<String, double[]> w, Batch batch, double[][][] masks,
      String name, int i, double h) {
    double[] v = w.get(name);
    double x = v[i];
    v[i] = x + h;
    double plus = loss(config, w, batch, masks);
    v[i] = x - h;
    double minus = loss(config, w, batch, masks);
    v[i] = x;
    return (plus - minus) / (2 * h);
  }

  /**
   * The five-point stencil (8(f(x+h) - f(x-h)) - (f(x+2h) - f(x-2h))) / 12h: truncation error
   * h^4 f^(5)/30, which lets h be large enough that rounding in f stays negligible.
   */
  static double fivePoint(ModelConfig config, Map<String, double[]> w, Batch batch, double[][][] masks,
      String name, int i, double h) {
    return fivePoint(config, w, batch, null, masks, name, i, h);
  }

  /** {@link #fivePoint} with fixed embedding-dropout factors as well. */
  static double fivePoint(ModelConfig config, Map<String, double[]> w, Batch batch, double[][] embedMasks,
      double[][][] masks, String name, int i, double h) {
    double[] v = w.get(name);
    double x = v[i];
    double[] f = new double[4];
    double[] at = {x + h, x - h, x + 2 * h, x - 2 * h};
    for (int k = 0; k < 4; k++) {
      v[i] = at[k];
      f[k] = loss(config, w, batch, embedMasks, masks);
    }
    v[i] = x;
    return (8 * (f[0] - f[1]) - (f[2] - f[3])) / (12 * h);
  }

  /**
   * {@link #fivePoint} on a loss that is smooth only piecewise (max pooling, the ReLU RNN): where
   * one of the stencil's points changes which step a unit's maximum comes from or which ReLU
   * units are active (as {@code unperturbed} has them), the stencil straddles a kink and says
   * nothing about the derivative, so the step is quartered until all four points stay on the
   * unperturbed piece.
   *
   * @param shrunk counts the elements that needed a smaller step
   */
  static double fivePointOnPiece(ModelConfig config, Map<String, double[]> w, Batch batch,
      double[][] embedMasks, double[][][] masks, String name, int i, double h, ReferenceResult unperturbed,
      int[] shrunk) {
    for (double step = h; step > h / 1e4; step /= 4) {
      if (onPiece(config, w, batch, embedMasks, masks, name, i, step, unperturbed)) {
        if (step < h) {
          shrunk[0]++;
        }
        return fivePoint(config, w, batch, embedMasks, masks, name, i, step);
      }
    }
    throw new AssertionError(name + "[" + i + "] sits on a kink of the max pooling or a ReLU: no step"
        + " down to " + h / 1e4 + " keeps the maxima and active units as they are");
  }

  private static boolean onPiece(ModelConfig config, Map<String, double[]> w, Batch batch,
      double[][] embedMasks, double[][][] masks, String name, int i, double h, ReferenceResult unperturbed) {
    double[] v = w.get(name);
    double x = v[i];
    try {
      for (double at : new double[] {x + h, x - h, x + 2 * h, x - 2 * h}) {
        v[i] = at;
        ReferenceResult r = ReferenceRnn.evaluate(config, w, batch, embedMasks, masks, false);
        if (!Arrays.deepEquals(r.maxSteps(), unperturbed.maxSteps())
            || !Arrays.deepEquals(r.reluActive(), unperturbed.reluActive())) {
          return false;
        }
      }
      return true;
    } finally {
      v[i] = x;
    }
  }

  /** |a - b| / max(|a| + |b|, floor): relative, but absolute (scaled by 1/floor) near zero. */
  static double relativeError(double a, double b, double floor) {
    return Math.abs(a - b) / Math.max(Math.abs(a) + Math.abs(b), floor);
  }
}

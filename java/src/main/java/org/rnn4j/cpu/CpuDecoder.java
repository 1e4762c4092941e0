/*
 * Dimension key: B batch, F pooled features (two blocks of DH, or one), C classes.
 */
package org.rnn4j.cpu;

import java.util.Arrays;

/**
 * The linear head of {@link CpuModel} ({@code decoder.weight [C, F]}, {@code decoder.bias [C]}),
 * forward and backward, on pooled features {@code feat [B][F]}. The GPU twin is
 * {@code cuda.Decoder}: the same products on cuBLAS, where the bias and its gradient are fused
 * into the {@code softmax_xent} kernel. Tiny next to the encoder, so it accumulates in double and
 * runs on the calling thread.
 */
final class CpuDecoder {
  private final int half;
  private final int features;
  private final int classes;

  /**
   * @param features F, the pooled features' width
   * @param paired   whether the features are two blocks of F/2 (first and last step, or max and
   *                 mean), summed pair by pair
   */
  CpuDecoder(int features, boolean paired, int classes) {
    this.half = paired ? features / 2 : 0;
    this.features = features;
    this.classes = classes;
  }

  /**
   * {@code z[b] = W feat[b] + bias} for the first {@code b} rows, in double. For paired features
   * the sum runs over pairs {@code (k, F/2 + k)}, e.g. the first and last step of unit k. GPU twin:
   * {@code Decoder.forward}, with the bias added in {@code softmax_xent} or {@code add_bias_rows}.
   */
  void forward(float[][] feat, int b, float[] weight, float[] bias, double[][] z) {
    for (int i = 0; i < b; i++) {
      float[] x = feat[i];
      for (int c = 0; c < classes; c++) {
        int w = c * features;
        double sum = bias[c];
        for (int k = 0; k < half; k++) {
          sum += (double) weight[w + k] * x[k] + (double) weight[w + half + k] * x[half + k];
        }
        for (int k = 2 * half; k < features; k++) {
          sum += (double) weight[w + k] * x[k];
        }
        z[i][c] = sum;
      }
    }
  }

  /**
   * From the logit gradients {@code dz [B][C]}: overwrites {@code dWeight = dzᵀ feat} and
   * {@code dBias = Σ_b dz[b]}, and writes the feature gradients {@code dfeat[b] = dz[b] W}. GPU
   * twin: {@code Decoder.backward}, with the bias gradient written by {@code softmax_xent}.
   */
  void backward(float[][] feat, double[][] dz, int b, float[] weight, float[] dWeight,
      float[] dBias, float[][] dfeat) {
    double[] gw = new double[classes * features];
    double[] gb = new double[classes];
    for (int i = 0; i < b; i++) {
      float[] x = feat[i];
      float[] dx = dfeat[i];
      Arrays.fill(dx, 0, features, 0f);
      for (int c = 0; c < classes; c++) {
        double d = dz[i][c];
        int w = c * features;
        gb[c] += d;
        for (int j = 0; j < features; j++) {
          gw[w + j] += d * x[j];
          dx[j] += (float) (d * weight[w + j]);
        }
      }
    }
    copy(gw, dWeight);
    copy(gb, dBias);
  }

  private static void copy(double[] src, float[] dst) {
    for (int i = 0; i < src.length; i++) {
      dst[i] = (float) src[i];
    }
  }
}

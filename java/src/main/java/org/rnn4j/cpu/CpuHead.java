/*
 * Dimension key: B batch, N packed rows, D directions, H hidden, C classes; DH = D*H, F = 2*DH.
 */
package org.rnn4j.cpu;

import org.rnn4j.model.ModelConfig;
import org.rnn4j.model.ParameterLayout;
import org.rnn4j.model.StepResult;

/**
 * Pooling, linear head and mean softmax cross-entropy of {@link CpuModel}, forward and backward.
 * Tiny next to the encoder, so it accumulates in double and runs on the calling thread.
 */
final class CpuHead {
  private final int width;
  private final int classes;

  CpuHead(ModelConfig config) {
    this.width = config.outputSize();
    this.classes = config.classes();
  }

  /** Logits [B][C] in batch order from the top layer's rows. */
  float[] logits(PackedBatch pb, float[][] top, float[] weight, float[] bias) {
    float[] out = new float[pb.size() * classes];
    for (int b = 0; b < pb.size(); b++) {
      double[] z = logitsOf(pb, top, pb.position(b), weight, bias);
      for (int c = 0; c < classes; c++) {
        out[b * classes + c] = (float) z[c];
      }
    }
    return out;
  }

  /**
   * Loss and correct count; writes the head's gradients into {@code grads} and the gradient of the
   * top layer's output at each sample's first and last position into {@code dTop} (zeroed rows).
   */
  StepResult lossAndBackward(PackedBatch pb, float[][] top, int[] labels, AdamTarget grads, float[][] dTop) {
    float[] weight = grads.parameter(ParameterLayout.DECODER_WEIGHT);
    float[] bias = grads.parameter(ParameterLayout.DECODER_BIAS);
    int f = 2 * width;
    double[] gw = new double[classes * f];
    double[] gb = new double[classes];
    double lossSum = 0;
    int correct = 0;
    double scale = 1.0 / pb.size();
    for (int b = 0; b < pb.size(); b++) {
      int s = pb.position(b);
      double[] z = logitsOf(pb, top, s, weight, bias);
      double logSumExp = logSumExp(z);
      lossSum += logSumExp - z[labels[b]];
      correct += ReferenceLstm.argMax(z) == labels[b] ? 1 : 0;
      float[] first = top[pb.row(0, s)];
      float[] last = top[pb.row(pb.length(s) - 1, s)];
      float[] dFirst = dTop[pb.row(0, s)];
      float[] dLast = dTop[pb.row(pb.length(s) - 1, s)];
      for (int c = 0; c < classes; c++) {
        double d = scale * (Math.exp(z[c] - logSumExp) - (c == labels[b] ? 1 : 0));
        gb[c] += d;
        for (int k = 0; k < width; k++) {
          gw[c * f + k] += d * first[k];
          gw[c * f + width + k] += d * last[k];
          dFirst[k] += (float) (d * weight[c * f + k]);
          dLast[k] += (float) (d * weight[c * f + width + k]);
        }
      }
    }
    copy(gw, grads.gradient(ParameterLayout.DECODER_WEIGHT));
    copy(gb, grads.gradient(ParameterLayout.DECODER_BIAS));
    return StepResult.of(lossSum / pb.size(), correct, pb.size());
  }

  private double[] logitsOf(PackedBatch pb, float[][] top, int s, float[] weight, float[] bias) {
    float[] first = top[pb.row(0, s)];
    float[] last = top[pb.row(pb.length(s) - 1, s)];
    int f = 2 * width;
    double[] z = new double[classes];
    for (int c = 0; c < classes; c++) {
      double sum = bias[c];
      for (int k = 0; k < width; k++) {
        sum += (double) weight[c * f + k] * first[k] + (double) weight[c * f + width + k] * last[k];
      }
      z[c] = sum;
    }
    return z;
  }

  private static double logSumExp(double[] z) {
    double max = z[ReferenceLstm.argMax(z)];
    double sum = 0;
    for (double v : z) {
      sum += Math.exp(v - max);
    }
    return max + Math.log(sum);
  }

  private static void copy(double[] src, float[] dst) {
    for (int i = 0; i < src.length; i++) {
      dst[i] = (float) src[i];
    }
  }
}

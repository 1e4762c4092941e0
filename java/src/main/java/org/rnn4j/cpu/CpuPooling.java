/*
 * Dimension key: B batch, N packed rows (real positions), n = one review's length,
 * DH = D*H encoder output width, F pooled features.
 */
package org.rnn4j.cpu;

import java.util.Arrays;
import org.rnn4j.model.Pooling;

/**
 * The pooling of {@link CpuModel}, forward and backward, over packed rows {@code y [N][DH]}: each
 * review's features from its own real steps only. Max pooling keeps the step each maximum came
 * from ({@code argMax [B][DH]}, the first such step on ties) for the backward pass. GPU twin:
 * kernels {@code pool_forward} and {@code pool_backward}, which keep the same index.
 */
final class CpuPooling {
  private CpuPooling() {}

  /** {@code feat [B][F]} in batch order from {@code y [N][dh]}; fills {@code argMax} for max. */
  static void forward(Pooling pooling, PackedBatch pb, float[][] y, int dh, float[][] feat,
      int[][] argMax) {
    for (int i = 0; i < pb.size(); i++) {
      int s = pb.position(i);
      int n = pb.length(s);
      switch (pooling) {
        case FIRST_LAST -> {
          System.arraycopy(y[pb.row(0, s)], 0, feat[i], 0, dh);
          System.arraycopy(y[pb.row(n - 1, s)], 0, feat[i], dh, dh);
        }
        case MAX -> max(pb, s, y, dh, feat[i], argMax[i]);
        case MEAN -> mean(pb, s, y, dh, feat[i], 0);
        case MAX_MEAN -> {
          max(pb, s, y, dh, feat[i], argMax[i]);
          mean(pb, s, y, dh, feat[i], dh);
        }
      }
    }
  }

  /** All N rows of {@code dy [N][dh]} from the feature gradients {@code dfeat [B][F]}. */
  static void backward(Pooling pooling, PackedBatch pb, float[][] dfeat, int[][] argMax, int dh,
      float[][] dy) {
    for (int r = 0; r < pb.rows(); r++) {
      Arrays.fill(dy[r], 0f);
    }
    for (int i = 0; i < pb.size(); i++) {
      int s = pb.position(i);
      int n = pb.length(s);
      float[] g = dfeat[i];
      switch (pooling) {
        case FIRST_LAST -> {
          float[] first = dy[pb.row(0, s)];
          float[] last = dy[pb.row(n - 1, s)];
          for (int k = 0; k < dh; k++) {
            first[k] += g[k];
            last[k] += g[dh + k];
          }
        }
        case MAX -> maxBackward(pb, s, g, argMax[i], dh, dy);
        case MEAN -> meanBackward(pb, s, g, 0, dh, dy);
        case MAX_MEAN -> {
          maxBackward(pb, s, g, argMax[i], dh, dy);
          meanBackward(pb, s, g, dh, dh, dy);
        }
      }
    }
  }

  private static void max(PackedBatch pb, int s, float[][] y, int dh, float[] out, int[] arg) {
    float[] first = y[pb.row(0, s)];
    System.arraycopy(first, 0, out, 0, dh);
    Arrays.fill(arg, 0, dh, 0);
    for (int t = 1; t < pb.length(s); t++) {
      float[] row = y[pb.row(t, s)];
      for (int k = 0; k < dh; k++) {
        if (row[k] > out[k]) {
          out[k] = row[k];
          arg[k] = t;
        }
      }
    }
  }

  /** Sums in double in step order, then divides: one rounding, as the reference's mean. */
  private static void mean(PackedBatch pb, int s, float[][] y, int dh, float[] out, int at) {
    int n = pb.length(s);
    double[] sum = new double[dh];
    for (int t = 0; t < n; t++) {
      float[] row = y[pb.row(t, s)];
      for (int k = 0; k < dh; k++) {
        sum[k] += row[k];
      }
    }
    for (int k = 0; k < dh; k++) {
      out[at + k] = (float) (sum[k] / n);
    }
  }

  private static void maxBackward(PackedBatch pb, int s, float[] g, int[] arg, int dh, float[][] dy) {
    for (int k = 0; k < dh; k++) {
      dy[pb.row(arg[k], s)][k] += g[k];
    }
  }

  private static void meanBackward(PackedBatch pb, int s, float[] g, int at, int dh, float[][] dy) {
    int n = pb.length(s);
    for (int t = 0; t < n; t++) {
      float[] row = dy[pb.row(t, s)];
      for (int k = 0; k < dh; k++) {
        row[k] += g[at + k] / n;
      }
    }
  }
}

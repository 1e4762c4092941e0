/*
 * Dimension key: B batch, T padded length, V vocabulary, E embedding, DH = D*H encoder output
 * width, F pooled features (2*DH or DH), C classes, N floats of a flat buffer.
 */
package org.rnn4j.cuda;

import org.rnn4j.model.Pooling;

/**
 * What each piece of the GPU step computes, as plain loops written from the model's definition
 * (docs/DESIGN.md section 4) and each kernel's contract in {@code native/*.cu}: what it reads, what it
 * writes at padded positions, whether it accumulates. {@link KernelPiecesTest} holds the kernels
 * against these loops; {@link KernelReferenceTest} holds the loops against the CPU model's own
 * code, without a GPU, so the expectations are checked in CI.
 *
 * <p>Padded tensors {@code [.., W]} are indexed by sample b and step t through {@link #row}:
 * {@code [B, T, W]} batch-major or {@code [T, B, W]} sequence-major; ids are {@code [B, T]} in
 * both layouts.
 */
final class KernelReference {
  /** float32's unit roundoff, 2^-24: one rounding moves a value by at most this much relative. */
  static final double U = 0x1p-24;

  private KernelReference() {}

  /** The row of (b, t) in a padded tensor of this layout (bt_row in native/common.cuh). */
  static int row(DataLayout layout, int b, int t, int batch, int maxLen) {
    return layout == DataLayout.SEQ_MAJOR ? t * batch + b : b * maxLen + t;
  }

  /** A batch-major {@code [B, T, W]} tensor laid out as {@code layout}. */
  static float[] toLayout(float[] batchMajor, int batch, int maxLen, int width, DataLayout layout) {
    float[] out = new float[batchMajor.length];
    for (int b = 0; b < batch; b++) {
      for (int t = 0; t < maxLen; t++) {
        System.arraycopy(batchMajor, (b * maxLen + t) * width, out,
            row(layout, b, t, batch, maxLen) * width, width);
      }
    }
    return out;
  }

  /** The inverse of {@link #toLayout}. */
  static float[] toBatchMajor(float[] laid, int batch, int maxLen, int width, DataLayout layout) {
    float[] out = new float[laid.length];
    for (int b = 0; b < batch; b++) {
      for (int t = 0; t < maxLen; t++) {
        System.arraycopy(laid, row(layout, b, t, batch, maxLen) * width, out,
            (b * maxLen + t) * width, width);
      }
    }
    return out;
  }

  /** embedding_forward: x(b, t) = emb[ids[b, t]] for t < len_b, 0 at padding (ids there unread). */
  static float[] embeddingForward(int[] ids, int[] lengths, float[] emb, int batch, int maxLen, int e,
      DataLayout layout) {
    float[] x = new float[batch * maxLen * e];
    for (int b = 0; b < batch; b++) {
      for (int t = 0; t < lengths[b]; t++) {
        System.arraycopy(emb, ids[b * maxLen + t] * e, x, row(layout, b, t, batch, maxLen) * e, e);
      }
    }
    return x;
  }

  /**
   * embedding_backward: {@code demb0} plus dx(b, t) added into row ids[b, t] for every real
   * position (padding rows of dx are skipped, whatever they hold), exactly (in double).
   */
  static double[] embeddingBackward(int[] ids, int[] lengths, float[] dx, float[] demb0, int batch,
      int maxLen, int e, DataLayout layout) {
    double[] g = new double[demb0.length];
    for (int i = 0; i < g.length; i++) {
      g[i] = demb0[i];
    }
    for (int b = 0; b < batch; b++) {
      for (int t = 0; t < lengths[b]; t++) {
        int src = row(layout, b, t, batch, maxLen) * e;
        int dst = ids[b * maxLen + t] * e;
        for (int k = 0; k < e; k++) {
          g[dst + k] += dx[src + k];
        }
      }
    }
    return g;
  }

  /**
   * The largest float rounding error any order of the scatter-add's sums can have: an element that
   * receives k additions is off by at most {@code k u / (1 - k u)} times the sum of the magnitudes
   * of its k + 1 terms (Higham, recursive summation in any order).
   */
  static double embeddingBackwardBound(int[] ids, int[] lengths, float[] dx, float[] demb0, int batch,
      int maxLen, int e, DataLayout layout) {
    double[] magnitude = new double[demb0.length];
    int[] adds = new int[demb0.length];
    for (int i = 0; i < magnitude.length; i++) {
      magnitude[i] = Math.abs(demb0[i]);
    }
    for (int b = 0; b < batch; b++) {
      for (int t = 0; t < lengths[b]; t++) {
        int src = row(layout, b, t, batch, maxLen) * e;
        int dst = ids[b * maxLen + t] * e;
        for (int k = 0; k < e; k++) {
          magnitude[dst + k] += Math.abs(dx[src + k]);
          adds[dst + k]++;
        }
      }
    }
    double bound = 0;
    for (int i = 0; i < magnitude.length; i++) {
      bound = Math.max(bound, adds[i] * U / (1 - adds[i] * U) * magnitude[i]);
    }
    return bound;
  }

  /**
   * pool_forward: feat [B, F] by {@code pooling}: first_last = concat(y(b, 0), y(b, len_b - 1));
   * max per unit over the real steps (the first step holding it goes to {@code arg [B*DH]});
   * mean = the sum in double in step order over len_b, rounded once.
   */
  static float[] poolForward(float[] y, int[] lengths, int batch, int maxLen, int dh, Pooling pooling,
      int[] arg, DataLayout layout) {
    int f = pooling.featureSize(dh);
    float[] feat = new float[batch * f];
    for (int b = 0; b < batch; b++) {
      for (int k = 0; k < dh; k++) {
        float first = y[row(layout, b, 0, batch, maxLen) * dh + k];
        float best = first;
        arg[b * dh + k] = 0;
        double sum = 0;
        for (int t = 0; t < lengths[b]; t++) {
          float v = y[row(layout, b, t, batch, maxLen) * dh + k];
          if (v > best) {
            best = v;
            arg[b * dh + k] = t;
          }
          sum += v;
        }
        float mean = (float) (sum / lengths[b]);
        switch (pooling) {
          case FIRST_LAST -> {
            feat[b * f + k] = first;
            feat[b * f + dh + k] = y[row(layout, b, lengths[b] - 1, batch, maxLen) * dh + k];
          }
          case MAX -> feat[b * f + k] = best;
          case MEAN -> feat[b * f + k] = mean;
          case MAX_MEAN -> {
            feat[b * f + k] = best;
            feat[b * f + dh + k] = mean;
          }
        }
      }
    }
    return feat;
  }

  /**
   * pool_backward: all of dy, 0 except at the steps the pooling read: first_last puts dfeat's
   * first half at step 0 and its second half at step len-1 (for len = 1 both land on step 0,
   * added in that order in float, as the kernel does); max puts it at {@code arg}'s step; mean
   * spreads {@code dfeat / len} (in float) over the real steps; max_mean adds the max part first.
   */
  static float[] poolBackward(float[] dfeat, int[] lengths, int[] arg, int batch, int maxLen, int dh,
      Pooling pooling, DataLayout layout) {
    int f = pooling.featureSize(dh);
    float[] dy = new float[batch * maxLen * dh];
    for (int b = 0; b < batch; b++) {
      int n = lengths[b];
      for (int k = 0; k < dh; k++) {
        float g = dfeat[b * f + k];
        float g2 = f == 2 * dh ? dfeat[b * f + dh + k] : 0f;
        switch (pooling) {
          case FIRST_LAST -> {
            dy[row(layout, b, 0, batch, maxLen) * dh + k] += g;
            dy[row(layout, b, n - 1, batch, maxLen) * dh + k] += g2;
          }
          case MAX -> dy[row(layout, b, arg[b * dh + k], batch, maxLen) * dh + k] += g;
          case MEAN -> {
            for (int t = 0; t < n; t++) {
              dy[row(layout, b, t, batch, maxLen) * dh + k] += g / n;
            }
          }
          case MAX_MEAN -> {
            dy[row(layout, b, arg[b * dh + k], batch, maxLen) * dh + k] += g;
            for (int t = 0; t < n; t++) {
              dy[row(layout, b, t, batch, maxLen) * dh + k] += g2 / n;
            }
          }
        }
      }
    }
    return dy;
  }

  /** The decoder's product without bias, logits[b, c] = sum_k feat[b, k] W[c, k], exactly. */
  static double[] linear(float[] feat, float[] w, int batch, int f, int classes) {
    double[] z = new double[batch * classes];
    for (int b = 0; b < batch; b++) {
      for (int c = 0; c < classes; c++) {
        double s = 0;
        for (int k = 0; k < f; k++) {
          s += (double) feat[b * f + k] * w[c * f + k];
        }
        z[b * classes + c] = s;
      }
    }
    return z;
  }

  /** dW[c, k] = sum_b dlogits[b, c] feat[b, k], exactly. */
  static double[] linearWeightGrad(float[] feat, float[] dlogits, int batch, int f, int classes) {
    double[] dw = new double[classes * f];
    for (int b = 0; b < batch; b++) {
      for (int c = 0; c < classes; c++) {
        for (int k = 0; k < f; k++) {
          dw[c * f + k] += (double) dlogits[b * classes + c] * feat[b * f + k];
        }
      }
    }
    return dw;
  }

  /** dfeat[b, k] = sum_c dlogits[b, c] W[c, k], exactly. */
  static double[] linearInputGrad(float[] dlogits, float[] w, int batch, int f, int classes) {
    double[] df = new double[batch * f];
    for (int b = 0; b < batch; b++) {
      for (int c = 0; c < classes; c++) {
        for (int k = 0; k < f; k++) {
          df[b * f + k] += (double) dlogits[b * classes + c] * w[c * f + k];
        }
      }
    }
    return df;
  }

  /** add_bias_rows: logits[b, c] + bias[c], one float addition each. */
  static float[] addBiasRows(float[] logits, float[] bias, int batch, int classes) {
    float[] z = new float[batch * classes];
    for (int i = 0; i < z.length; i++) {
      z[i] = logits[i] + bias[i % classes];
    }
    return z;
  }

  /**
   * What softmax_xent computes. {@code logits}: the input plus the bias, in float, as the
   * kernel leaves it in place; the rest exactly (double) from those floats.
   */
  record Xent(float[] logits, double[] dlogits, double[] dbias, double loss, int correct) {}

  /** Mean softmax cross-entropy and its gradient; arg-max ties go to the lowest class index. */
  static Xent softmaxXent(float[] logitsWithoutBias, float[] bias, int[] labels, int batch, int classes) {
    float[] z = addBiasRows(logitsWithoutBias, bias, batch, classes);
    double[] d = new double[batch * classes];
    double[] db = new double[classes];
    double loss = 0;
    int correct = 0;
    for (int b = 0; b < batch; b++) {
      int at = b * classes;
      int arg = 0;
      for (int c = 1; c < classes; c++) {
        if (z[at + c] > z[at + arg]) {
          arg = c;
        }
      }
      double sum = 0;
      for (int c = 0; c < classes; c++) {
        sum += Math.exp((double) z[at + c] - z[at + arg]);
      }
      double lse = z[at + arg] + Math.log(sum);
      loss += lse - z[at + labels[b]];
      correct += arg == labels[b] ? 1 : 0;
      for (int c = 0; c < classes; c++) {
        d[at + c] = (Math.exp(z[at + c] - lse) - (c == labels[b] ? 1 : 0)) / batch;
        db[c] += d[at + c];
      }
    }
    return new Xent(z, d, db, loss / batch, correct);
  }

  /**
   * sum_squares_partial's output: block k sums g[i]^2 over its grid-stride share, the i with
   * {@code (i / threads) % blocks == k}; exactly.
   */
  static double[] squarePartials(float[] g, int blocks, int threads) {
    double[] partial = new double[blocks];
    for (int i = 0; i < g.length; i++) {
      partial[(i / threads) % blocks] += (double) g[i] * g[i];
    }
    return partial;
  }

  /**
   * What clip_scale writes: out[0] and out[1].
   *
   * @param factor min(1, maxNorm / (norm + 1e-6))
   * @param norm   the global L2 norm
   */
  record Clip(double factor, double norm) {}

  /**
   * clip_scale's output for the global L2 norm of g, as torch.nn.utils.clip_grad_norm_ defines
   * it; the sum in CpuAdam's order and precision.
   */
  static Clip clip(float[] g, double maxNorm) {
    double sumSq = 0;
    for (float x : g) {
      sumSq += (double) x * x;
    }
    double norm = Math.sqrt(sumSq);
    return new Clip(Math.min(1, maxNorm / (norm + 1e-6)), norm);
  }
}

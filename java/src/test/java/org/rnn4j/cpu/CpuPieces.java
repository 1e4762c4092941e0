/*
 * Dimension key: B batch, T padded length, N packed rows (real positions), DH = D*H encoder
 * output width, F = 2*DH pooled features, C classes.
 */
package org.rnn4j.cpu;

import java.util.Arrays;
import org.rnn4j.model.Batch;
import org.rnn4j.model.AdamConfig;
import org.rnn4j.model.ModelConfig;
import org.rnn4j.model.Optimizer;
import org.rnn4j.model.ParamSpec;
import org.rnn4j.model.ParameterLayout;
import org.rnn4j.model.Parameters;
import org.rnn4j.model.StepResult;
import org.rnn4j.model.Tensor;

/**
 * Test bridge to pieces of the CPU model that have no public entry point (the head steps of
 * {@link CpuModel}, {@link CpuAdam}, {@link PackedBatch}), on the tensors a GPU kernel sees, so that the GPU piece
 * tests (package {@code org.rnn4j.cuda}) can hold one kernel against the CPU code that computes
 * the same thing. Padded tensors here are batch-major {@code [B, T, W]}: rows past a sample's
 * length are ignored on input and zero on output.
 */
public final class CpuPieces {
  private CpuPieces() {}

  /**
   * What CpuModel's head steps compute for a batch.
   *
   * @param logits     {@code [B, C]} with the bias
   * @param weightGrad {@code decoder.weight}'s gradient {@code [C, F]}
   * @param biasGrad   {@code decoder.bias}'s gradient {@code [C]}
   * @param dy         the loss gradient of the top layer's output {@code [B, T, DH]}: non-zero
   *                   only at steps 0 and len-1
   */
  public record Head(float[] logits, double loss, int correct, float[] weightGrad, float[] biasGrad,
      float[] dy) {}

  /**
   * CpuModel's head steps on the top layer's output {@code y}: poolForward, decoderForward,
   * softmaxCrossEntropy, decoderBackward and poolBackward, as its training step runs them.
   */
  public static Head head(ModelConfig c, float[] y, int[] lengths, int maxLen, int[] labels,
      float[] weight, float[] bias) {
    PackedBatch pb = packing(lengths, maxLen, labels);
    int dh = c.outputSize();
    int b = pb.size();
    int classes = c.classes();
    int f = c.featureSize();
    float[][] feat = new float[b][f];
    int[][] argMax = new int[b][dh];
    CpuPooling.forward(c.pooling(), pb, pack(pb, y, maxLen, dh), dh, feat, argMax);
    double[][] z = new double[b][classes];
    CpuDecoder decoder = new CpuDecoder(f, f == 2 * dh, classes);
    decoder.forward(feat, b, weight, bias, z);
    double[][] dz = new double[b][classes];
    StepResult r = CpuModel.softmaxCrossEntropy(z, labels, b, dz);
    float[] weightGrad = new float[weight.length];
    float[] biasGrad = new float[bias.length];
    float[][] dfeat = new float[b][f];
    decoder.backward(feat, dz, b, weight, weightGrad, biasGrad, dfeat);
    float[][] dTop = new float[pb.rows()][dh];
    CpuPooling.backward(c.pooling(), pb, dfeat, argMax, dh, dTop);
    float[] logits = new float[b * classes];
    for (int i = 0; i < b; i++) {
      for (int k = 0; k < classes; k++) {
        logits[i * classes + k] = (float) z[i][k];
      }
    }
    return new Head(logits, r.loss(), r.correct(), weightGrad, biasGrad, unpack(pb, dTop, maxLen, dh));
  }

  /** Floats in a flat buffer that holds c's trainable tensors end to end, in state_dict order. */
  public static int trainableSize(ModelConfig c) {
    return ParameterLayout.of(c).trainable().stream().mapToInt(ParamSpec::size).sum();
  }

  /**
   * One {@link CpuAdam} step (with its global-norm clipping when {@code cfg.clipNorm() > 0}) after
   * {@code stepsBefore} earlier ones, on flat arrays that hold c's trainable tensors end to end
   * (see {@link #trainableSize}). Updates {@code p}, {@code g} (clipped in place, as CpuAdam
   * does), {@code m} and {@code v} in place.
   */
  public static void adamStep(ModelConfig c, AdamConfig cfg, long stepsBefore, float[] p, float[] g,
      float[] m, float[] v) {
    HostParameters t = CpuAdamTest.store(c);
    if (p.length != trainableSize(c) || g.length != p.length || m.length != p.length
        || v.length != p.length) {
      throw new IllegalArgumentException("flat arrays must hold " + trainableSize(c) + " floats");
    }
    Parameters state = new Parameters();
    int at = 0;
    for (ParamSpec s : t.layout().trainable()) {
      System.arraycopy(p, at, t.parameter(s.name()), 0, s.size());
      System.arraycopy(g, at, t.gradient(s.name()), 0, s.size());
      int end = at + s.size();
      state.put(Optimizer.expAvg(s.name()), Tensor.of(s.shape(), Arrays.copyOfRange(m, at, end)));
      state.put(Optimizer.expAvgSq(s.name()), Tensor.of(s.shape(), Arrays.copyOfRange(v, at, end)));
      at += s.size();
    }
    CpuAdam adam = new CpuAdam(t, cfg);
    adam.loadState(state, stepsBefore);
    adam.step();
    Parameters after = adam.state();
    at = 0;
    for (ParamSpec s : t.layout().trainable()) {
      System.arraycopy(t.parameter(s.name()), 0, p, at, s.size());
      System.arraycopy(t.gradient(s.name()), 0, g, at, s.size());
      System.arraycopy(after.get(Optimizer.expAvg(s.name())).data(), 0, m, at, s.size());
      System.arraycopy(after.get(Optimizer.expAvgSq(s.name())).data(), 0, v, at, s.size());
      at += s.size();
    }
  }

  /** The packing CpuModel uses for a batch with these lengths (ids do not matter to it). */
  static PackedBatch packing(int[] lengths, int maxLen, int[] labels) {
    return PackedBatch.of(new Batch(new int[lengths.length * maxLen], lengths.clone(),
        labels == null ? null : labels.clone(), null, maxLen));
  }

  /** The real positions of a batch-major {@code [B, T, W]} tensor as packed rows {@code [N][W]}. */
  static float[][] pack(PackedBatch pb, float[] padded, int maxLen, int width) {
    if (padded.length != pb.size() * maxLen * width) {
      throw new IllegalArgumentException("padded tensor has " + padded.length + " floats, expected "
          + pb.size() + "*" + maxLen + "*" + width);
    }
    float[][] rows = new float[pb.rows()][width];
    for (int s = 0; s < pb.size(); s++) {
      int b = pb.sample(s);
      for (int t = 0; t < pb.length(s); t++) {
        System.arraycopy(padded, (b * maxLen + t) * width, rows[pb.row(t, s)], 0, width);
      }
    }
    return rows;
  }

  /**
   * Packed rows {@code [N][W]} (the array may be longer) as a batch-major {@code [B, T, W]}
   * tensor, 0 at padding.
   */
  static float[] unpack(PackedBatch pb, float[][] rows, int maxLen, int width) {
    float[] padded = new float[pb.size() * maxLen * width];
    for (int s = 0; s < pb.size(); s++) {
      int b = pb.sample(s);
      for (int t = 0; t < pb.length(s); t++) {
        System.arraycopy(rows[pb.row(t, s)], 0, padded, (b * maxLen + t) * width, width);
      }
    }
    return padded;
  }
}

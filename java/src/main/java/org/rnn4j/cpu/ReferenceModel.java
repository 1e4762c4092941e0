/*
 * Dimension key: B batch, T padded length, L layers, D directions, H hidden; DH = D*H.
 */
package org.rnn4j.cpu;

import java.util.LinkedHashMap;
import java.util.Map;
import org.rnn4j.model.Batch;
import org.rnn4j.model.ModelConfig;
import org.rnn4j.model.ParamSpec;
import org.rnn4j.model.Parameters;
import org.rnn4j.model.StepResult;

/**
 * The reference model behind the {@link org.rnn4j.model.Model} API: float parameters as the API
 * demands, every pass computed by {@link ReferenceRnn} in double precision. Slow and simple; it
 * exists to validate {@link CpuModel} and the GPU backend. Its {@link #backend()} is
 * {@value ReferenceBackend#NAME}.
 *
 * <p>Dropout in training mode draws its masks from the model's seeded stream in the order of
 * {@link DropoutMasks}, the same order a {@link CpuModel} uses.
 */
public final class ReferenceModel extends HostModel {

  /**
   * @param config     the model's shape
   * @param parameters initial values (copied; names and shapes must match the layout)
   * @param seed       seeds the dropout stream
   */
  public ReferenceModel(ModelConfig config, Parameters parameters, long seed) {
    super(ReferenceBackend.NAME, config, parameters, seed);
  }

  @Override
  public float[] logits(Batch batch) {
    checkBatch(batch, false);
    ReferenceResult r = ReferenceRnn.evaluate(config(), weights(), batch, embedMasks(batch), masks(batch),
        false);
    return toFloat(r.logits());
  }

  @Override
  public StepResult forwardBackward(Batch batch) {
    checkBatch(batch, true);
    ReferenceResult r = ReferenceRnn.evaluate(config(), weights(), batch, embedMasks(batch), masks(batch),
        true);
    r.gradients().forEach((name, g) -> {
      float[] dst = gradient(name);
      for (int i = 0; i < dst.length; i++) {
        dst[i] = (float) g[i];
      }
    });
    gradientsWritten();
    return StepResult.of(r.loss(), r.correct(), batch.size());
  }

  /** The parameters widened to double, as {@link ReferenceRnn#evaluate} takes them. */
  public Map<String, double[]> weights() {
    checkOpen();
    Map<String, double[]> w = new LinkedHashMap<>();
    for (ParamSpec s : layout().specs()) {
      float[] p = parameter(s.name());
      double[] d = new double[p.length];
      for (int i = 0; i < p.length; i++) {
        d[i] = p[i];
      }
      w.put(s.name(), d);
    }
    return w;
  }

  /**
   * Dropout factors in {@link ReferenceRnn#evaluate}'s layout built from keep flags in
   * {@link DropoutMasks}' order; null when {@code keep} is null.
   */
  static double[][][] factors(boolean[][] keep, int[] lengths, int width, double p) {
    if (keep == null) {
      return null;
    }
    double scale = 1.0 / (1.0 - p);
    double[][][] f = new double[keep.length][lengths.length][];
    for (int l = 0; l < keep.length; l++) {
      int at = 0;
      for (int b = 0; b < lengths.length; b++) {
        f[l][b] = new double[lengths[b] * width];
        for (int i = 0; i < f[l][b].length; i++) {
          f[l][b][i] = keep[l][at++] ? scale : 0.0;
        }
      }
    }
    return f;
  }

  /** Embedding-dropout factors per sample, drawn before the layers' (see {@link DropoutMasks}). */
  private double[][] embedMasks(Batch batch) {
    boolean[] keep = drawEmbedDropout(batch);
    if (keep == null) {
      return null;
    }
    return factors(new boolean[][] {keep}, batch.lengths(), config().embedSize(),
        config().embedDropout())[0];
  }

  private double[][][] masks(Batch batch) {
    return factors(drawDropout(batch), batch.lengths(), config().outputSize(), config().dropout());
  }

  private static float[] toFloat(double[] v) {
    float[] f = new float[v.length];
    for (int i = 0; i < v.length; i++) {
      f[i] = (float) v[i];
    }
    return f;
  }
}

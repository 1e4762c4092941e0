/*
 * Dimension key: B batch, T padded length, N packed rows (real positions), V vocabulary,
 * E embedding, H hidden, L layers, D directions, C classes; DH = D*H, F = 2*D*H.
 */
package org.rnn4j.cpu;

import java.util.Arrays;
import org.rnn4j.model.Batch;
import org.rnn4j.model.ModelConfig;
import org.rnn4j.model.ParameterLayout;
import org.rnn4j.model.Parameters;
import org.rnn4j.model.StepResult;

/**
 * The fast float implementation of the model for the {@code cpu} backend: the same function and
 * gradients as {@link ReferenceModel} (and checked against it in tests), computed on packed
 * real positions with row-major GEMMs that HotSpot vectorises, on a few threads (see
 * {@link CpuLstmLayer}). Results do not depend on thread scheduling. Dropout masks come from the
 * model's seeded stream in {@link DropoutMasks}' order, so a {@link ReferenceModel} with the same
 * seed drops the same units.
 *
 * <p>Memory: the pass keeps about {@code 4*N*(L*D*6H + L*3*DH + E)} bytes of activations and
 * gradients, reused between calls (~0.5 GB for B=64 reviews of 500 tokens, E=H=100, L=2, D=2).
 */
public final class CpuModel extends HostModel {
  private final WorkerPool pool;
  private final CpuLstmLayer[] layers;
  private final RowBuffer embedded;
  private final RowBuffer[] dropped;
  private final RowBuffer[] maskRows;
  private final RowBuffer topGrad;
  private final CpuHead head;
  private PackedBatch packed;
  private float[][][] inputs;
  private float[][] top;
  private float[][][] masks;
  private float[][] embeddedRows;
  private float[][] topGradRows;
  private float[][] embeddedGradRows;

  /** A model on all available processors; see {@link #CpuModel(ModelConfig, Parameters, long, int)}. */
  public CpuModel(ModelConfig config, Parameters parameters, long seed) {
    this(config, parameters, seed, Runtime.getRuntime().availableProcessors());
  }

  /**
   * @param config     the model's shape
   * @param parameters initial values (copied; names and shapes must match the layout)
   * @param seed       seeds the dropout stream
   * @param threads    threads working on one pass, the caller included (at least 1)
   */
  public CpuModel(ModelConfig config, Parameters parameters, long seed, int threads) {
    super("cpu", config, parameters, seed);
    pool = new WorkerPool(threads);
    layers = new CpuLstmLayer[config.layers()];
    dropped = new RowBuffer[config.layers()];
    maskRows = new RowBuffer[config.layers()];
    for (int l = 0; l < layers.length; l++) {
      layers[l] = new CpuLstmLayer(l, config.layerInputSize(l), config.hiddenSize(), config.directions());
      dropped[l] = new RowBuffer(config.outputSize());
      maskRows[l] = new RowBuffer(config.outputSize());
    }
    embedded = new RowBuffer(config.embedSize());
    topGrad = new RowBuffer(config.outputSize());
    head = new CpuHead(config);
  }

  /** Threads working on one pass. */
  public int threads() {
    return pool.threads();
  }

  @Override
  public float[] logits(Batch batch) {
    checkBatch(batch, false);
    forward(batch);
    return head.logits(packed, top, parameter(ParameterLayout.DECODER_WEIGHT),
        parameter(ParameterLayout.DECODER_BIAS));
  }

  @Override
  public StepResult forwardBackward(Batch batch) {
    checkBatch(batch, true);
    forward(batch);
    StepResult result = headAndLossStage(batch);
    encoderBackwardDataStage();
    encoderBackwardWeightsStage();
    if (config().trainEmbedding()) {
      embeddingBackwardStage(batch);
    }
    gradientsWritten();
    return result;
  }

  private void forward(Batch batch) {
    embeddingStage(batch);
    encoderForwardStage(batch);
  }

  // The stages of a training step, in the order forwardBackward runs them; CpuStages runs them
  // one by one. Each reads what the stages before it left in the fields below.

  /** Packs the batch's positions and gathers their embedding rows. */
  void embeddingStage(Batch batch) {
    checkOpen();
    packed = PackedBatch.of(batch);
    embeddedRows = embed(batch, packed.rows());
  }

  /** Draws the dropout masks (training mode) and runs the layers: top = the last layer's rows. */
  void encoderForwardStage(Batch batch) {
    checkOpen();
    masks = dropoutMasks(batch);
    int n = packed.rows();
    float[][] x = embeddedRows;
    inputs = new float[layers.length][][];
    for (int l = 0; l < layers.length; l++) {
      layers[l].loadWeights(this);
      inputs[l] = x;
      float[][] y = layers[l].forward(packed, x, pool);
      x = masks != null && l < layers.length - 1 ? applyMask(y, masks[l], dropped[l].rows(n), n) : y;
    }
    top = x;
  }

  /** Pooling, head and loss with their gradients; leaves the gradient of top in topGradRows. */
  StepResult headAndLossStage(Batch batch) {
    checkOpen();
    int n = packed.rows();
    float[][] dTop = topGrad.rows(n);
    for (int r = 0; r < n; r++) {
      Arrays.fill(dTop[r], 0f);
    }
    topGradRows = dTop;
    return head.lossAndBackward(packed, top, batch.labels(), this, dTop);
  }

  /**
   * The layers' backward data passes from the top down, through the dropout masks; leaves the
   * gradient of the embedded rows in embeddedGradRows where the embedding trains.
   */
  void encoderBackwardDataStage() {
    checkOpen();
    boolean trainEmbedding = config().trainEmbedding();
    float[][] dy = topGradRows;
    for (int l = layers.length - 1; l >= 0; l--) {
      boolean needDx = l > 0 || trainEmbedding;
      float[][] dx = layers[l].backwardData(packed, dy, needDx, pool);
      if (l > 0 && masks != null) {
        applyMask(dx, masks[l - 1], dx, packed.rows());
      }
      dy = dx;
    }
    embeddedGradRows = dy;
  }

  /** Every layer's weight gradients, from what the backward data passes left. */
  void encoderBackwardWeightsStage() {
    checkOpen();
    for (int l = 0; l < layers.length; l++) {
      layers[l].backwardWeights(packed, inputs[l], this, pool);
    }
  }

  /** The embedding gradient (only where the embedding trains). */
  void embeddingBackwardStage(Batch batch) {
    checkOpen();
    scatterEmbeddingGrad(batch, embeddedGradRows);
  }

  /** Copies aside the activations that {@link #encoderBackwardDataStage} overwrites. */
  void saveBackwardDataInputs() {
    checkOpen();
    for (CpuLstmLayer layer : layers) {
      layer.saveActivations(packed.rows());
    }
  }

  /** Writes the copy of {@link #saveBackwardDataInputs} back. */
  void restoreBackwardDataInputs() {
    checkOpen();
    for (CpuLstmLayer layer : layers) {
      layer.restoreActivations(packed.rows());
    }
  }

  /** Rows of the looked-up embeddings, packed. */
  private float[][] embed(Batch batch, int n) {
    int e = config().embedSize();
    float[] table = parameter(ParameterLayout.EMBEDDING);
    float[][] x = embedded.rows(n);
    for (int s = 0; s < packed.size(); s++) {
      int b = packed.sample(s);
      for (int t = 0; t < packed.length(s); t++) {
        System.arraycopy(table, batch.id(b, t) * e, x[packed.row(t, s)], 0, e);
      }
    }
    return x;
  }

  /** The embedding gradient: a scatter-add of the input gradient over the looked-up ids. */
  private void scatterEmbeddingGrad(Batch batch, float[][] dx) {
    int e = config().embedSize();
    float[] g = gradient(ParameterLayout.EMBEDDING);
    Arrays.fill(g, 0f);
    for (int b = 0; b < batch.size(); b++) {
      int s = packed.position(b);
      for (int t = 0; t < packed.length(s); t++) {
        float[] row = dx[packed.row(t, s)];
        int at = batch.id(b, t) * e;
        for (int k = 0; k < e; k++) {
          g[at + k] += row[k];
        }
      }
    }
  }

  /** Dropout factors (0 or 1/(1-p)) per packed row, one matrix per layer but the last; or null. */
  private float[][][] dropoutMasks(Batch batch) {
    boolean[][] keep = drawDropout(batch);
    if (keep == null) {
      return null;
    }
    int width = config().outputSize();
    float scale = (float) (1.0 / (1.0 - config().dropout()));
    float[][][] m = new float[keep.length][][];
    for (int l = 0; l < keep.length; l++) {
      m[l] = maskRows[l].rows(packed.rows());
      int at = 0;
      for (int b = 0; b < batch.size(); b++) {
        int s = packed.position(b);
        for (int t = 0; t < packed.length(s); t++) {
          float[] row = m[l][packed.row(t, s)];
          for (int j = 0; j < width; j++) {
            row[j] = keep[l][at++] ? scale : 0f;
          }
        }
      }
    }
    return m;
  }

  private static float[][] applyMask(float[][] v, float[][] mask, float[][] out, int n) {
    for (int r = 0; r < n; r++) {
      float[] a = v[r];
      float[] m = mask[r];
      float[] o = out[r];
      for (int j = 0; j < a.length; j++) {
        o[j] = a[j] * m[j];
      }
    }
    return out;
  }

  /** The last pass's dropout factors of layer l's output, in batch order [b][t*DH + j]; for tests. */
  float[][] dropoutFactors(int l) {
    checkOpen();
    if (masks == null) {
      return null;
    }
    float[][] f = new float[packed.size()][];
    int width = config().outputSize();
    for (int b = 0; b < f.length; b++) {
      int s = packed.position(b);
      f[b] = new float[packed.length(s) * width];
      for (int t = 0; t < packed.length(s); t++) {
        System.arraycopy(masks[l][packed.row(t, s)], 0, f[b], t * width, width);
      }
    }
    return f;
  }

  @Override
  void release() {
    pool.close();
    for (CpuLstmLayer layer : layers) {
      layer.release();
    }
    embedded.release();
    topGrad.release();
    for (int l = 0; l < layers.length; l++) {
      dropped[l].release();
      maskRows[l].release();
    }
    inputs = null;
    top = null;
    masks = null;
    packed = null;
    embeddedRows = null;
    topGradRows = null;
    embeddedGradRows = null;
  }
}

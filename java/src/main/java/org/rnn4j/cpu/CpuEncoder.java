/*
 * Dimension key: N packed rows (real positions), E embedding, H hidden, L layers, D directions;
 * DH = D*H, one row of a layer's output.
 */
package org.rnn4j.cpu;

import org.rnn4j.model.ModelConfig;

/**
 * The encoder of {@link CpuModel}: L (bi)directional {@link CpuRecurrentLayer}s over packed rows, with
 * dropout on the output of every layer but the last. The GPU twin is {@code cuda.Encoder} (cuDNN's
 * RNN forward, backward data and backward weights); the three methods here are the CPU side of
 * those three calls, on {@code x [N, E]} and {@code y [N, DH]}.
 *
 * <p>Between {@link #forward} and the backward calls the encoder keeps what they need: each
 * layer's input rows, the dropout factors and the layers' gate activations.
 */
final class CpuEncoder {
  private final CpuRecurrentLayer[] layers;
  private final RowBuffer[] dropped;
  private final RowBuffer[] maskRows;
  private final int width;
  private final float dropScale;
  private float[][][] inputs;
  private float[][][] masks;

  CpuEncoder(ModelConfig config) {
    layers = new CpuRecurrentLayer[config.layers()];
    dropped = new RowBuffer[config.layers()];
    maskRows = new RowBuffer[config.layers()];
    for (int l = 0; l < layers.length; l++) {
      layers[l] = new CpuRecurrentLayer(config.cell(), l, config.layerInputSize(l), config.hiddenSize(), config.directions());
      dropped[l] = new RowBuffer(config.outputSize());
      maskRows[l] = new RowBuffer(config.outputSize());
    }
    width = config.outputSize();
    dropScale = (float) (1.0 / (1.0 - config.dropout()));
  }

  /**
   * Runs the layers over the embedded rows {@code x [N][E]}; returns the top layer's rows
   * {@code y [N][DH]} (owned here). GPU twin: {@code Encoder.forward} ({@code cudnnRNNForward}).
   *
   * @param keep the dropout decisions of this pass in {@link DropoutMasks}' order, or null
   * @param forBackward whether a backward pass may follow: false keeps none of the activations
   *     it would read (inference), which saves their memory and traffic
   */
  float[][] forward(PackedBatch pb, float[][] x, boolean[][] keep, HostParameters params,
      WorkerPool pool, boolean forBackward) {
    masks = keep == null ? null : dropoutMasks(pb, keep);
    int n = pb.rows();
    inputs = new float[layers.length][][];
    for (int l = 0; l < layers.length; l++) {
      layers[l].loadWeights(params);
      inputs[l] = x;
      float[][] y = layers[l].forward(pb, x, pool, forBackward);
      x = masks != null && l < layers.length - 1 ? applyMask(y, masks[l], dropped[l].rows(n), n) : y;
    }
    return x;
  }

  /**
   * The layers' backward data passes from the top down, through the dropout masks: from
   * {@code dy [N][DH]}, the gradient of the top layer's rows, to the gradient of the embedded rows
   * {@code dx [N][E]}, which is returned where {@code needDx} (else null). Overwrites the gate
   * activations that {@link #backwardWeights} then reads. GPU twin: {@code Encoder.backwardData}
   * ({@code cudnnRNNBackwardData_v8}).
   */
  float[][] backwardData(PackedBatch pb, float[][] dy, boolean needDx, WorkerPool pool) {
    for (int l = layers.length - 1; l >= 0; l--) {
      float[][] dx = layers[l].backwardData(pb, dy, l > 0 || needDx, pool);
      if (l > 0 && masks != null) {
        applyMask(dx, masks[l - 1], dx, pb.rows());
      }
      dy = dx;
    }
    return dy;
  }

  /**
   * Every layer's weight and bias gradients, written into {@code grads}, from what
   * {@link #backwardData} left. GPU twin: {@code Encoder.backwardWeights}
   * ({@code cudnnRNNBackwardWeights_v8}).
   */
  void backwardWeights(PackedBatch pb, HostParameters grads, WorkerPool pool) {
    for (int l = 0; l < layers.length; l++) {
      layers[l].backwardWeights(pb, inputs[l], grads, pool);
    }
  }

  /** Copies aside the activations that {@link #backwardData} overwrites. */
  void saveActivations(int n) {
    for (CpuRecurrentLayer layer : layers) {
      layer.saveActivations(n);
    }
  }

  /** Writes the copy of {@link #saveActivations} back. */
  void restoreActivations(int n) {
    for (CpuRecurrentLayer layer : layers) {
      layer.restoreActivations(n);
    }
  }

  /** Dropout factors (0 or 1/(1-p)) per packed row, one matrix per layer but the last. */
  private float[][][] dropoutMasks(PackedBatch pb, boolean[][] keep) {
    float[][][] m = new float[keep.length][][];
    for (int l = 0; l < keep.length; l++) {
      m[l] = maskRows[l].rows(pb.rows());
      int at = 0;
      for (int b = 0; b < pb.size(); b++) {
        int s = pb.position(b);
        for (int t = 0; t < pb.length(s); t++) {
          float[] row = m[l][pb.row(t, s)];
          for (int j = 0; j < width; j++) {
            row[j] = keep[l][at++] ? dropScale : 0f;
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

  /** The last pass's dropout factors of layer l's output, in batch order [b][t*DH + j]; or null. */
  float[][] dropoutFactors(PackedBatch pb, int l) {
    if (masks == null) {
      return null;
    }
    float[][] f = new float[pb.size()][];
    for (int b = 0; b < f.length; b++) {
      int s = pb.position(b);
      f[b] = new float[pb.length(s) * width];
      for (int t = 0; t < pb.length(s); t++) {
        System.arraycopy(masks[l][pb.row(t, s)], 0, f[b], t * width, width);
      }
    }
    return f;
  }

  void release() {
    for (int l = 0; l < layers.length; l++) {
      layers[l].release();
      dropped[l].release();
      maskRows[l].release();
    }
    inputs = null;
    masks = null;
  }
}

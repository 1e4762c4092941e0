/*
 * Dimension key: B batch, T padded length, N packed rows (real positions), V vocabulary,
 * E embedding, H hidden, L layers, D directions, C classes; DH = D*H, F pooled features.
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
 * {@link CpuRecurrentLayer}). Results do not depend on thread scheduling. Dropout masks come from the
 * model's seeded stream in {@link DropoutMasks}' order, so a {@link ReferenceModel} with the same
 * seed drops the same units.
 *
 * <p>A training step is the sequence of named steps of {@code org.rnn4j.model}'s step table, the
 * same calls in the same order as {@code cuda.CudnnModel}'s; each step method names its GPU twin.
 * Each step reads what the steps before it left in the fields below.
 *
 * <p>Memory: the pass keeps about {@code 4*N*(L*D*6H + L*3*DH + E)} bytes of activations and
 * gradients, reused between calls (~0.5 GB for B=64 reviews of 500 tokens, E=H=100, L=2, D=2).
 */
public final class CpuModel extends HostModel {
  private final WorkerPool pool;
  private final CpuEncoder encoder;
  private final CpuDecoder decoder;
  private final RowBuffer embedded;
  private final RowBuffer embedMaskRows;
  private final RowBuffer topGrad;
  private PackedBatch packed;
  private float[][] x;
  private float[][] embedMask;
  private float[][] y;
  private float[][] feat = new float[0][];
  private int[][] argMax = new int[0][];
  private double[][] logits = new double[0][];
  private double[][] dlogits = new double[0][];
  private float[][] dfeat = new float[0][];
  private float[][] dy;
  private float[][] dx;

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
    encoder = new CpuEncoder(config);
    decoder = new CpuDecoder(config.featureSize(),
        config.featureSize() == 2 * config.outputSize(), config.classes());
    embedded = new RowBuffer(config.embedSize());
    embedMaskRows = new RowBuffer(config.embedSize());
    topGrad = new RowBuffer(config.outputSize());
  }

  /** Threads working on one pass. */
  public int threads() {
    return pool.threads();
  }

  @Override
  public float[] logits(Batch batch) {
    checkBatch(batch, false);
    embeddingForward(batch);
    checkOpen();
    y = encoder.forward(packed, x, drawDropout(batch), store(), pool, false); // no backward follows
    poolForward();
    decoderForward();
    int c = config().classes();
    float[] out = new float[batch.size() * c];
    for (int b = 0; b < batch.size(); b++) {
      for (int k = 0; k < c; k++) {
        out[b * c + k] = (float) logits[b][k];
      }
    }
    return out;
  }

  @Override
  public StepResult forwardBackward(Batch batch) {
    checkBatch(batch, true);
    embeddingForward(batch);
    encoderForward(batch);
    poolForward();
    decoderForward();
    StepResult result = softmaxCrossEntropy(batch);
    decoderBackward();
    poolBackward();
    encoderBackwardData();
    encoderBackwardWeights();
    if (config().trainEmbedding()) {
      embeddingBackward(batch);
    }
    gradientsWritten();
    return result;
  }

  /**
   * Packs the batch's real positions (sorted by length, see {@link PackedBatch}) and gathers
   * their embedding rows: {@code x [N][E]}, times the embedding-dropout factors in training (drawn
   * here, before the layers' masks). GPU twin: {@code CudnnModel.embeddingForward} (kernel
   * {@code embedding_forward}).
   */
  void embeddingForward(Batch batch) {
    checkOpen();
    packed = PackedBatch.of(batch);
    int e = config().embedSize();
    float[] table = parameter(ParameterLayout.EMBEDDING);
    x = embedded.rows(packed.rows());
    for (int s = 0; s < packed.size(); s++) {
      int b = packed.sample(s);
      for (int t = 0; t < packed.length(s); t++) {
        System.arraycopy(table, batch.id(b, t) * e, x[packed.row(t, s)], 0, e);
      }
    }
    boolean[] keep = drawEmbedDropout(batch);
    embedMask = keep == null ? null : embedMaskRows.rows(packed.rows());
    if (keep != null) {
      float scale = (float) (1.0 / (1.0 - config().embedDropout()));
      int at = 0;
      for (int b = 0; b < batch.size(); b++) {
        int s = packed.position(b);
        for (int t = 0; t < packed.length(s); t++) {
          int r = packed.row(t, s);
          for (int k = 0; k < e; k++) {
            embedMask[r][k] = keep[at++] ? scale : 0f;
            x[r][k] *= embedMask[r][k];
          }
        }
      }
    }
  }

  /**
   * Draws this pass's dropout decisions (training mode) and runs the encoder: {@code y [N][DH]}.
   * GPU twin: {@code CudnnModel.encoderForward} ({@code cudnnRNNForward}).
   */
  void encoderForward(Batch batch) {
    checkOpen();
    y = encoder.forward(packed, x, drawDropout(batch), store(), pool, true);
  }

  /**
   * Pooling over each review's real steps ({@link CpuPooling}), {@code feat [B][F]} in batch
   * order. GPU twin: {@code CudnnModel.poolForward} (kernel {@code pool_forward}).
   */
  void poolForward() {
    checkOpen();
    int b = packed.size();
    if (feat.length < b) {
      int f = config().featureSize();
      feat = new float[b][f];
      dfeat = new float[b][f];
      argMax = new int[b][config().outputSize()];
      logits = new double[b][config().classes()];
      dlogits = new double[b][config().classes()];
    }
    CpuPooling.forward(config().pooling(), packed, y, config().outputSize(), feat, argMax);
  }

  /**
   * The linear head: {@code logits = feat Wᵀ + bias}, {@code [B][C]}. GPU twin:
   * {@code CudnnModel.decoderForward} (a cuBLAS GEMM; the bias is added by the next step's kernel).
   */
  void decoderForward() {
    checkOpen();
    decoder.forward(feat, packed.size(), parameter(ParameterLayout.DECODER_WEIGHT),
        parameter(ParameterLayout.DECODER_BIAS), logits);
  }

  /**
   * Mean softmax cross-entropy over the batch, the correct count, and the logit gradients
   * {@code dlogits = (softmax(logits) - onehot(label)) / B}. GPU twin:
   * {@code CudnnModel.softmaxCrossEntropy} (kernel {@code softmax_xent}).
   */
  StepResult softmaxCrossEntropy(Batch batch) {
    checkOpen();
    return softmaxCrossEntropy(logits, batch.labels(), packed.size(), dlogits);
  }

  /** {@link #softmaxCrossEntropy(Batch)} on given arrays: the first {@code b} rows. */
  static StepResult softmaxCrossEntropy(double[][] logits, int[] labels, int b, double[][] dlogits) {
    double scale = 1.0 / b;
    double lossSum = 0;
    int correct = 0;
    for (int i = 0; i < b; i++) {
      double[] z = logits[i];
      double logSumExp = logSumExp(z);
      lossSum += logSumExp - z[labels[i]];
      correct += ReferenceRnn.argMax(z) == labels[i] ? 1 : 0;
      for (int c = 0; c < z.length; c++) {
        dlogits[i][c] = scale * (Math.exp(z[c] - logSumExp) - (c == labels[i] ? 1 : 0));
      }
    }
    return StepResult.of(lossSum / b, correct, b);
  }

  /**
   * The head's gradients: {@code decoder.weight}, {@code decoder.bias} and the feature gradients
   * {@code dfeat [B][F]}. GPU twin: {@code CudnnModel.decoderBackward} (two cuBLAS GEMMs).
   */
  void decoderBackward() {
    checkOpen();
    decoder.backward(feat, dlogits, packed.size(), parameter(ParameterLayout.DECODER_WEIGHT),
        gradient(ParameterLayout.DECODER_WEIGHT), gradient(ParameterLayout.DECODER_BIAS), dfeat);
  }

  /**
   * The pooling gradient: all of {@code dy [N][DH]} from the feature gradients (zero at steps the
   * pooling did not read). GPU twin: {@code CudnnModel.poolBackward} (kernel
   * {@code pool_backward}).
   */
  void poolBackward() {
    checkOpen();
    dy = topGrad.rows(packed.rows());
    CpuPooling.backward(config().pooling(), packed, dfeat, argMax, config().outputSize(), dy);
  }

  /**
   * The encoder's backward data pass, from {@code dy} to {@code dx [N][E]} (computed only where
   * the embedding trains). GPU twin: {@code CudnnModel.encoderBackwardData}
   * ({@code cudnnRNNBackwardData_v8}).
   */
  void encoderBackwardData() {
    checkOpen();
    dx = encoder.backwardData(packed, dy, config().trainEmbedding(), pool);
  }

  /**
   * Every recurrent weight and bias gradient, from what the backward data pass left. GPU twin:
   * {@code CudnnModel.encoderBackwardWeights} ({@code cudnnRNNBackwardWeights_v8}).
   */
  void encoderBackwardWeights() {
    checkOpen();
    encoder.backwardWeights(packed, store(), pool);
  }

  /**
   * The embedding gradient: a scatter-add of {@code dx} (times the embedding-dropout factors) over
   * the looked-up ids (only where the embedding trains). GPU twin: {@code CudnnModel.embeddingBackward} (kernel
   * {@code embedding_backward}).
   */
  void embeddingBackward(Batch batch) {
    checkOpen();
    int e = config().embedSize();
    float[] g = gradient(ParameterLayout.EMBEDDING);
    Arrays.fill(g, 0f);
    for (int b = 0; b < batch.size(); b++) {
      int s = packed.position(b);
      for (int t = 0; t < packed.length(s); t++) {
        float[] row = dx[packed.row(t, s)];
        int at = batch.id(b, t) * e;
        if (embedMask != null) {
          float[] m = embedMask[packed.row(t, s)];
          for (int k = 0; k < e; k++) {
            g[at + k] += row[k] * m[k];
          }
        } else {
          for (int k = 0; k < e; k++) {
            g[at + k] += row[k];
          }
        }
      }
    }
  }

  /** Copies aside the activations that {@link #encoderBackwardData} overwrites. */
  void saveBackwardDataInputs() {
    checkOpen();
    encoder.saveActivations(packed.rows());
  }

  /** Writes the copy of {@link #saveBackwardDataInputs} back. */
  void restoreBackwardDataInputs() {
    checkOpen();
    encoder.restoreActivations(packed.rows());
  }

  /** The last pass's dropout factors of layer l's output, in batch order [b][t*DH + j]; for tests. */
  float[][] dropoutFactors(int l) {
    checkOpen();
    return encoder.dropoutFactors(packed, l);
  }

  private static double logSumExp(double[] z) {
    double max = z[ReferenceRnn.argMax(z)];
    double sum = 0;
    for (double v : z) {
      sum += Math.exp(v - max);
    }
    return max + Math.log(sum);
  }

  @Override
  void release() {
    pool.close();
    encoder.release();
    embedded.release();
    embedMaskRows.release();
    topGrad.release();
    packed = null;
    x = null;
    embedMask = null;
    y = null;
    dy = null;
    dx = null;
  }
}

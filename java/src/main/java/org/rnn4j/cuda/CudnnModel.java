/*
 * Dimension key: B batch, T padded length, V vocabulary, E embedding, H hidden, D directions,
 * DH = D*H, F pooled features, C classes.
 */
package org.rnn4j.cuda;

import java.util.ArrayList;
import java.util.List;
import org.rnn4j.cuda.runtime.Closer;
import org.rnn4j.cuda.runtime.CudaDevice;
import org.rnn4j.cuda.runtime.CudaLibraries;
import org.rnn4j.cuda.runtime.CudaStream;
import org.rnn4j.cuda.runtime.DeviceBuffer;
import org.rnn4j.cuda.runtime.DeviceMemory;
import org.rnn4j.cuda.runtime.Transfers;
import org.rnn4j.model.Batch;
import org.rnn4j.model.AdamConfig;
import org.rnn4j.model.BatchChecks;
import org.rnn4j.model.Initializer;
import org.rnn4j.model.Model;
import org.rnn4j.model.ModelConfig;
import org.rnn4j.model.Optimizer;
import org.rnn4j.model.ParameterLayout;
import org.rnn4j.model.Parameters;
import org.rnn4j.model.StepResult;

/**
 * The model on one GPU. A training step runs entirely on the device, in order on one stream, as
 * the steps the CPU model names the same way: embeddingForward, encoderForward, poolForward,
 * decoderForward, softmaxCrossEntropy, decoderBackward, poolBackward, encoderBackwardData,
 * encoderBackwardWeights, embeddingBackward (when the embedding trains); one package-private
 * method each. The host uploads ids, lengths and labels and reads back two scalars,
 * asynchronously. See {@link DeviceParameters} for the flat parameter and gradient buffers.
 *
 * <p>Not thread-safe: one thread at a time may use the model and its optimizers (a step queues
 * work on the model's one stream, which another thread's work would interleave with, or join a
 * CUDA graph being captured).
 */
public final class CudnnModel implements Model {
  private final ModelConfig config;
  private final ParameterLayout layout;
  private final CudnnOptions options;
  private final CudaDevice device;
  private final Closer closer = new Closer();
  private final List<FusedAdam> optimizers = new ArrayList<>();
  private CudaStream stream;
  private Kernels kernels;
  private Encoder encoder;
  private DeviceParameters params;
  private StepBuffers buffers;
  private HostStaging staging;
  private Decoder decoder;
  private StepGraphs graphs;
  private StepQueue queue;
  private long dropoutSeed;
  private boolean training;
  private boolean hasGradients;
  private boolean closed;

  public CudnnModel(ModelConfig config, long seed, CudnnOptions options) {
    this.config = config;
    this.layout = ParameterLayout.of(config);
    this.options = options;
    this.device = CudaDevice.open(options.device());
    this.dropoutSeed = seed;
    try {
      stream = closer.register(new CudaStream(options.debugSync()));
      CudnnHandle cudnn = closer.register(new CudnnHandle(stream));
      CublasHandle cublas = closer.register(new CublasHandle(stream, options.math().cublasMath));
      kernels = closer.register(new Kernels(device));
      encoder = closer.register(new Encoder(cudnn, config, options, seed));
      params = closer.register(new DeviceParameters(config, cudnn, encoder.layoutDescriptor(), stream));
      buffers = closer.register(new StepBuffers(config, stream));
      staging = closer.register(new HostStaging(device, stream));
      decoder = closer.register(new Decoder(cublas, config.featureSize(), config.classes()));
      graphs = closer.register(new StepGraphs(stream, options.graphs()));
      queue = new StepQueue(encoder, buffers, staging, graphs, stream);
      setParameters(Initializer.pytorchDefault(layout, seed));
    } catch (RuntimeException e) {
      throw closer.closeAfter(e);
    }
  }

  @Override
  public ModelConfig config() {
    return config;
  }

  @Override
  public ParameterLayout layout() {
    return layout;
  }

  @Override
  public String backend() {
    return "cudnn";
  }

  /**
   * The device, the cuDNN algorithm in use (with the number of batch shapes cuDNN refused the
   * persistent one for) and the math mode.
   */
  public String describe() {
    int refused = encoder.persistRefusals();
    return device + ", cuDNN " + CudaLibraries.status().cudnnVersion() + ", " + encoder.algo()
        + (refused > 0 ? " (STANDARD for " + refused + " refused batch shapes)" : "")
        + ", " + options.math() + ", " + options.layout() + (graphs.enabled() ? ", CUDA graphs" : "");
  }

  public RnnAlgo algo() {
    ensureOpen();
    return encoder.algo();
  }

  @Override
  public void setTraining(boolean training) {
    ensureOpen();
    this.training = training;
  }

  @Override
  public boolean isTraining() {
    ensureOpen();
    return training;
  }

  @Override
  public void reseedDropout(long seed) {
    ensureOpen();
    device.makeCurrent();
    stream.synchronize("reseeding dropout"); // queued steps still use the current state
    encoder.reseedDropout(seed);
    dropoutSeed = seed;
    graphs.invalidate(); // the dropout state was rewritten: capture against it afresh
  }

  @Override
  public float[] logits(Batch batch) {
    ensureOpen();
    BatchChecks.checkIds(batch, config.vocabSize());
    device.makeCurrent();
    int b = batch.size();
    int t = batch.maxLen();
    boolean dropout = training && config.dropout() > 0;
    queue.withPersistFallback(() -> {
      queue.prepare(batch, dropout, dropout, false);
      embeddingForward(b, t, training);
      encoderForward(b, t, dropout, dropout);
      poolForward(b, t);
      decoderForward(b);
    });
    addDecoderBias(b);
    float[] out = new float[b * config.classes()];
    Transfers.toHost(buffers.logits(b), out, 0, out.length, stream);
    return out;
  }

  @Override
  public StepResult forwardBackward(Batch batch) {
    ensureOpen();
    BatchChecks.checkLabels(batch, config.classes());
    BatchChecks.checkIds(batch, config.vocabSize());
    device.makeCurrent();
    int b = batch.size();
    boolean dropout = training && config.dropout() > 0;
    queue.withPersistFallback(() -> queue.trainingStep(batch, dropout, this::trainingStepOnDevice));
    hasGradients = true;
    return staging.fetchResult(buffers.stats(), b);
  }

  /**
   * Everything a training step does on the device between the upload and the result copy, in
   * stream order and without host synchronization, so that it can be captured in a CUDA graph:
   * the steps of the CPU model's training step, under the same names ({@link CudnnStages} times
   * them in groups).
   */
  private void trainingStepOnDevice(int b, int t, boolean dropout) {
    embeddingForward(b, t, true);
    encoderForward(b, t, dropout, true);
    poolForward(b, t);
    decoderForward(b);
    softmaxCrossEntropy(b, t);
    decoderBackward(b);
    poolBackward(b, t);
    encoderBackwardData(b, t, dropout);
    encoderBackwardWeights(b, t, dropout);
    if (config.trainEmbedding()) {
      embeddingBackward(b, t);
    }
  }

  /**
   * x = the embedding rows of the batch's ids, 0 at padding, with the embedding dropout in
   * training: kernel {@code embedding_forward}. CPU twin: CpuModel.embeddingForward.
   */
  void embeddingForward(int b, int t, boolean training) {
    Kernels.Dropout dropout = training && config.embedDropout() > 0
        ? new Kernels.Dropout(buffers.embedMask(b, t), buffers.dropoutPass(), dropoutSeed,
            (float) config.embedDropout())
        : null;
    kernels.embeddingForward(buffers.ids(b, t), buffers.lengths(b, t), params.embeddingWeights(),
        buffers.x(b, t), dropout, b, t, config.embedSize(), encoder.layout(), stream);
  }

  /**
   * y from x: {@code cudnnRNNForward} ({@link Encoder#forward}); training mode keeps the reserve
   * space for backward. CPU twin: CpuEncoder.forward.
   */
  void encoderForward(int b, int t, boolean dropout, boolean keepReserve) {
    encoder.forward(dropout, keepReserve, buffers.lengths(b, t), buffers.x(b, t), buffers.y(b, t),
        params.weightSpace(params.params()), buffers, stream);
  }

  /**
   * feat from y over each review's real steps, by the config's pooling: kernel
   * {@code pool_forward}. CPU twin: CpuModel.poolForward.
   */
  void poolForward(int b, int t) {
    kernels.poolForward(buffers.y(b, t), buffers.lengths(b, t), buffers.feat(b), buffers.maxSteps(b),
        b, t, config.outputSize(), config.pooling(), encoder.layout(), stream);
  }

  /**
   * logits = feat Wᵀ, without the bias: one cuBLAS GEMM ({@link Decoder#forward}). The bias is
   * added by {@link #softmaxCrossEntropy} in training and by {@code add_bias_rows} for
   * {@link #logits}. CPU twin: CpuModel.decoderForward.
   */
  void decoderForward(int b) {
    decoder.forward(buffers.feat(b), params.decoderWeight(params.params()), buffers.logits(b), b);
    stream.afterOp("decoder forward");
  }

  /**
   * Zeroes the flat gradient buffer (the steps after this one overwrite or add into it), then
   * kernel {@code softmax_xent}: the decoder's bias added to the logits, softmax cross-entropy,
   * the mean loss and correct count, dlogits and the bias gradient. CPU twin:
   * CpuModel.softmaxCrossEntropy.
   */
  void softmaxCrossEntropy(int b, int t) {
    DeviceBuffer grads = params.grads();
    grads.zeroAsync(stream, 0, grads.bytes());
    kernels.softmaxXent(buffers.logits(b), params.decoderBias(params.params()),
        buffers.labels(b, t), buffers.dlogits(b), params.decoderBias(grads), buffers.stats(), b,
        config.classes(), stream);
  }

  /**
   * The decoder's weight gradient and dfeat: two cuBLAS GEMMs ({@link Decoder#backward}).
   * CPU twin: CpuModel.decoderBackward.
   */
  void decoderBackward(int b) {
    decoder.backward(buffers.feat(b), buffers.dlogits(b), params.decoderWeight(params.params()),
        params.decoderWeight(params.grads()), buffers.dfeat(b), b);
    stream.afterOp("decoder backward");
  }

  /**
   * All of dy from dfeat, 0 at steps the pooling did not read: kernel {@code pool_backward}.
   * CPU twin: CpuModel.poolBackward.
   */
  void poolBackward(int b, int t) {
    kernels.poolBackward(buffers.dfeat(b), buffers.lengths(b, t), buffers.maxSteps(b),
        buffers.dy(b, t), b, t, config.outputSize(), config.pooling(), encoder.layout(), stream);
  }

  /**
   * dx from dy: {@code cudnnRNNBackwardData_v8} ({@link Encoder#backwardData}; updates the
   * reserve space). CPU twin: CpuEncoder.backwardData.
   */
  void encoderBackwardData(int b, int t, boolean dropout) {
    encoder.backwardData(dropout, buffers.lengths(b, t), buffers.y(b, t), buffers.dy(b, t),
        buffers.dx(b, t), params.weightSpace(params.params()), buffers, stream);
  }

  /**
   * The recurrent weight gradients, added into the zeroed gradient buffer:
   * {@code cudnnRNNBackwardWeights_v8} ({@link Encoder#backwardWeights}). CPU twin:
   * CpuEncoder.backwardWeights.
   */
  void encoderBackwardWeights(int b, int t, boolean dropout) {
    encoder.backwardWeights(dropout, buffers.lengths(b, t), buffers.x(b, t), buffers.y(b, t),
        params.weightSpace(params.grads()), buffers, stream);
  }

  /**
   * The embedding gradient, dx's real rows added at their ids: kernel {@code embedding_backward}.
   * CPU twin: CpuModel.embeddingBackward.
   */
  void embeddingBackward(int b, int t) {
    kernels.embeddingBackward(buffers.ids(b, t), buffers.lengths(b, t), buffers.dx(b, t),
        buffers.embedMask(b, t), params.embeddingGrad(), b, t, config.embedSize(), encoder.layout(),
        stream);
  }

  /**
   * The decoder's bias for {@link #logits} (training adds it in {@link #softmaxCrossEntropy}):
   * kernel {@code add_bias_rows}. CPU twin: the bias half of CpuDecoder.forward.
   */
  private void addDecoderBias(int b) {
    kernels.addBiasRows(buffers.logits(b), params.decoderBias(params.params()), b, config.classes(),
        stream);
  }

  @Override
  public Parameters parameters() {
    ensureOpen();
    device.makeCurrent();
    return params.download(stream);
  }

  @Override
  public void setParameters(Parameters parameters) {
    ensureOpen();
    device.makeCurrent();
    params.upload(parameters, stream);
  }

  @Override
  public Parameters gradients() {
    ensureOpen();
    device.makeCurrent();
    return params.downloadFlat(params.grads(), "", stream);
  }

  @Override
  public Optimizer newOptimizer(AdamConfig adam) {
    ensureOpen();
    device.makeCurrent();
    FusedAdam opt = new FusedAdam(this, adam);
    optimizers.add(opt);
    return opt;
  }

  /** Waits until everything queued on this model's stream (steps, optimizer updates) has run. */
  public void synchronize() {
    ensureOpen();
    device.makeCurrent();
    stream.synchronize("CudnnModel.synchronize");
  }

  /**
   * Whether training steps of equal-length batches run as CUDA graphs now, and if not, why not;
   * with the counts of captures, graph launches and graphs held.
   */
  public String graphStatus() {
    ensureOpen();
    StepGraphs.Counts n = graphs.counts();
    String state = graphs.enabled() ? "on" : "off (" + graphs.disabledBecause() + ")";
    return "CUDA graphs " + state + ": " + n.captures() + " captured, " + n.launches() + " launched, "
        + n.held() + " held";
  }

  /** Whether training steps of equal-length batches run as CUDA graphs (requested, not failed). */
  public boolean graphsOn() {
    ensureOpen();
    return graphs.enabled();
  }

  /** Captures, graph launches and graphs held; see {@link #graphStatus}. */
  StepGraphs.Counts graphCounts() {
    return graphs.counts();
  }

  /** cuDNN descriptor sets pinned for CUDA graphs now; see {@link Encoder#usePinned}. */
  int pinnedDescriptorSets() {
    return encoder.pinnedCount();
  }

  /** Bytes of device memory this model holds for its step buffers (for stability checks). */
  public long stepBufferBytes() {
    ensureOpen();
    return buffers.bytesHeld();
  }

  /** Free and total device memory now, in bytes. */
  public DeviceMemory deviceMemory() {
    ensureOpen();
    return device.memoryInfo();
  }

  /**
   * Test hook: the last pass's embedding-dropout factors of a {@code [b, t]} batch, in the
   * encoder's data layout ({@code [B*T*E]}); null where the model has no embedding dropout.
   */
  float[] embedDropoutFactors(int b, int t) {
    ensureOpen();
    device.makeCurrent();
    if (buffers.embedMask(b, t) == null) {
      return null;
    }
    float[] out = new float[b * t * config.embedSize()];
    Transfers.toHost(buffers.embedMask(b, t), out, 0, out.length, stream);
    return out;
  }

  /** Test hook: cuDNN's dropout, with this model's descriptor, applied to {@code n} ones. */
  float[] dropoutSample(int n) {
    ensureOpen();
    device.makeCurrent();
    return encoder.dropoutSample(n, stream);
  }

  CudaDevice device() {
    return device;
  }

  CudaStream stream() {
    return stream;
  }

  Kernels kernels() {
    return kernels;
  }

  DeviceParameters deviceParameters() {
    return params;
  }

  /**
   * For {@link CudnnStages}: the host side of a training step for {@code batch} (buffers, cuDNN
   * descriptors and algorithm, upload), as {@link #forwardBackward} does it; the device work then
   * runs stage by stage.
   */
  void prepareTrainingStep(Batch batch) {
    BatchChecks.checkLabels(batch, config.classes());
    BatchChecks.checkIds(batch, config.vocabSize());
    device.makeCurrent();
    queue.prepare(batch, training && config.dropout() > 0, true, true);
  }

  /** For {@link CudnnStages}: a complete backward pass has written the gradients. */
  void gradientsWritten() {
    hasGradients = true;
  }

  /** For {@link CudnnStages}: the loss and correct count of the last softmaxCrossEntropy. */
  StepResult lastStepResult(int b) {
    return staging.fetchResult(buffers.stats(), b);
  }

  StepBuffers buffers() {
    return buffers;
  }

  /** Whether a forwardBackward has produced gradients an optimizer can use. */
  boolean hasGradients() {
    return hasGradients;
  }

  void ensureOpen() {
    if (closed) {
      throw new IllegalStateException("this cudnn model is closed");
    }
  }

  @Override
  public void close() {
    if (closed) {
      return;
    }
    closed = true;
    device.makeCurrent();
    try {
      stream.synchronize("closing the model");
    } finally {
      Closer all = new Closer();
      all.register(closer);
      for (FusedAdam o : optimizers) {
        all.register(o::release);
      }
      all.close();
    }
  }
}

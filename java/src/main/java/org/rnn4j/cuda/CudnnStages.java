/*
 * Dimension key: B batch, T padded length, E embedding, DH = D*H, C classes.
 */
package org.rnn4j.cuda;

import static org.bytedeco.cuda.global.cudart.cudaMemcpyAsync;
import static org.bytedeco.cuda.global.cudart.cudaMemcpyDeviceToDevice;

import org.rnn4j.data.Batch;
import org.rnn4j.model.AdamConfig;
import org.rnn4j.model.BatchChecks;
import org.rnn4j.model.Initializer;
import org.rnn4j.model.ModelConfig;
import org.rnn4j.model.ParameterLayout;
import org.rnn4j.model.Parameters;
import org.rnn4j.model.StepResult;
import org.rnn4j.model.StepStages;

/**
 * The {@code cudnn} backend's training step split into its stages, for benchmarks and profiling:
 * the pieces {@link CudnnModel} is made of (the same {@link Encoder}, {@link Kernels},
 * {@link Head}, {@link DeviceParameters}, {@link StepBuffers} and {@link FusedAdam}, built the
 * same way from the same seed), one batch uploaded once, and each stage queued on the model's
 * stream by the same calls, in the same order and with the same arguments as
 * {@code CudnnModel}'s training step, then ended by a synchronize of the stream.
 *
 * <p>What each stage covers: {@link Stage#EMBEDDING} the gather kernel;
 * {@link Stage#ENCODER_FORWARD} {@code cudnnRNNForward} in training mode (dropout inside it,
 * the reserve space kept); {@link Stage#HEAD_AND_LOSS} zeroing the flat gradient buffer, first/last
 * pooling, the head's GEMM, the loss kernel (bias, softmax cross-entropy, its gradient), the head's
 * two backward GEMMs and the pooling gradient; {@link Stage#ENCODER_BACKWARD_DATA}
 * {@code cudnnRNNBackwardData_v8}; {@link Stage#ENCODER_BACKWARD_WEIGHTS}
 * {@code cudnnRNNBackwardWeights_v8} (adding into the zeroed weight gradients);
 * {@link Stage#EMBEDDING_BACKWARD} the scatter-add kernel; {@link Stage#CLIP_AND_ADAM}
 * {@link FusedAdam#step()} (the norm and clip kernels where clipping is on, then the update).
 * Not in any stage: the batch's upload and the copy of the loss to the host, which a step does
 * asynchronously, and CUDA graphs ({@link CudnnOptions#graphs()} is ignored: stages run eagerly).
 *
 * <p>cuDNN's backward data pass updates the reserve space of the forward pass it follows, and
 * backward weights reads the result; so {@link #prepareFor prepareFor(ENCODER_BACKWARD_DATA)}
 * copies the reserve space (device to device) after the forward pass and
 * {@link #restoreBackwardDataInputs()} copies it back before each further call.
 */
public final class CudnnStages extends StepStages {
  private final CudnnOptions options;
  private final Batch batch;
  private final boolean dropout;
  private final CudaDevice device;
  private final Closer closer = new Closer();
  private CudaStream stream;
  private Kernels kernels;
  private Encoder encoder;
  private DeviceParameters params;
  private StepBuffers buffers;
  private HostStaging staging;
  private Head head;
  private FusedAdam adam;
  private DeviceBuffer reserveCopy;
  private long reserveBytes;
  private boolean saved;
  private boolean hasGradients;
  private boolean closed;

  /**
   * @param config  the model's shape
   * @param seed    seeds the weights and the dropout state, as {@link CudnnBackend#create} does
   * @param options device, algorithm, math and layout (graphs are ignored)
   * @param batch   the batch every stage runs on (labels required)
   * @param adamConfig the optimizer's settings
   */
  public CudnnStages(ModelConfig config, long seed, CudnnOptions options, Batch batch,
      AdamConfig adamConfig) {
    super(config);
    this.options = options;
    BatchChecks.checkLabels(batch, config.classes());
    BatchChecks.checkIds(batch, config.vocabSize());
    this.batch = batch;
    this.dropout = config.dropout() > 0; // training mode
    this.device = CudaDevice.open(options.device());
    try {
      stream = closer.register(new CudaStream(options.debugSync()));
      CudnnHandle cudnn = closer.register(new CudnnHandle(stream));
      CublasHandle cublas = closer.register(new CublasHandle(stream, options.math().cublasMath));
      kernels = closer.register(new Kernels(device));
      encoder = closer.register(new Encoder(cudnn, config, options, seed));
      params = closer.register(new DeviceParameters(config, cudnn, encoder.layoutDescriptor(), stream));
      buffers = closer.register(new StepBuffers(config, stream));
      staging = closer.register(new HostStaging(device, stream));
      head = closer.register(new Head(cublas, config.featureSize(), config.classes()));
      params.upload(Initializer.pytorchDefault(ParameterLayout.of(config), seed), stream);
      adam = new FusedAdam(new AdamHost(), adamConfig);
      closer.register(adam::release);
      prepareBatch();
    } catch (RuntimeException e) {
      throw closer.closeAfter(e);
    }
  }

  /**
   * As {@code CudnnModel}'s step prepares a batch: sizes the buffers, describes the batch to
   * cuDNN (which picks the algorithm), sizes the workspace and reserve space, uploads the batch.
   */
  private void prepareBatch() {
    int b = batch.size();
    int t = batch.maxLen();
    buffers.ensure(b, t);
    encoder.describe(b, t, batch.lengths());
    long[] temp = encoder.tempSizes(dropout, true);
    buffers.ensureTemp(temp[0], temp[1], b, t);
    reserveBytes = temp[1];
    saved = false;
    staging.upload(batch, buffers.io(b, t));
    stream.synchronize("uploading the batch");
  }

  @Override
  public String backend() {
    return "cudnn";
  }

  /** The device, the cuDNN algorithm in use (after any fallback), the math mode and layout. */
  public String describe() {
    return device + ", cuDNN " + CudaLibraries.status().cudnnVersion() + ", " + encoder.algo()
        + ", " + options.math() + ", " + options.layout();
  }

  /** The cuDNN algorithm in use (after any fallback to STANDARD). */
  public RnnAlgo algo() {
    return encoder.algo();
  }

  /** Bytes of device memory held for the step buffers, cuDNN's workspace and reserve space. */
  public long stepBufferBytes() {
    return buffers.bytesHeld();
  }

  /** Free and total device memory now, in bytes. */
  public long[] deviceMemory() {
    ensureOpen();
    return device.memoryInfo();
  }

  @Override
  protected void runStage(Stage stage) {
    ensureOpen();
    device.makeCurrent();
    ModelConfig config = config();
    int b = batch.size();
    int t = batch.maxLen();
    DevicePointer lengths = buffers.lengths(b, t);
    switch (stage) {
      case EMBEDDING -> kernels.embeddingGather(buffers.ids(b, t), lengths,
          params.embeddingWeights(), buffers.x(b, t), b, t, config.embedSize(), encoder.layout(),
          stream);
      case ENCODER_FORWARD -> {
        encoder.forward(dropout, true, lengths, buffers.x(b, t), buffers.y(b, t),
            params.weightSpace(params.params()), buffers, stream);
        saved = false; // a new reserve space: an older copy no longer matches it
      }
      case HEAD_AND_LOSS -> headAndLossOnDevice(b, t, lengths);
      case ENCODER_BACKWARD_DATA -> encoder.backwardData(dropout, lengths, buffers.y(b, t),
          buffers.dy(b, t), buffers.dx(b, t), params.weightSpace(params.params()), buffers, stream);
      case ENCODER_BACKWARD_WEIGHTS -> {
        encoder.backwardWeights(dropout, lengths, buffers.x(b, t), buffers.y(b, t),
            params.weightSpace(params.grads()), buffers, stream);
        hasGradients |= !config.trainEmbedding(); // else after the embedding's gradient
      }
      case EMBEDDING_BACKWARD -> {
        kernels.embeddingBackward(buffers.ids(b, t), lengths, buffers.dx(b, t),
            params.embeddingGrad(), b, t, config.embedSize(), encoder.layout(), stream);
        hasGradients = true;
      }
      case CLIP_AND_ADAM -> adam.step();
      default -> throw new IllegalArgumentException("unknown stage " + stage);
    }
    stream.synchronize(stage.toString());
  }

  /** CudnnModel's step from the encoder's output to the gradient of it. */
  private void headAndLossOnDevice(int b, int t, DevicePointer lengths) {
    ModelConfig config = config();
    kernels.poolFirstLast(buffers.y(b, t), lengths, buffers.feat(b), b, t, config.outputSize(),
        encoder.layout(), stream);
    head.forward(buffers.feat(b), params.decoderWeight(params.params()), buffers.logits(b), b);
    stream.afterOp("head forward");
    DeviceBuffer grads = params.grads();
    grads.zeroAsync(stream, 0, grads.bytes());
    kernels.headSoftmaxXent(buffers.logits(b), params.decoderBias(params.params()),
        buffers.labels(b, t), buffers.dlogits(b), params.decoderBias(grads), buffers.stats(), b,
        config.classes(), stream);
    head.weightGrad(buffers.feat(b), buffers.dlogits(b), params.decoderWeight(grads), b);
    head.inputGrad(buffers.dlogits(b), params.decoderWeight(params.params()), buffers.dfeat(b), b);
    stream.afterOp("head backward");
    kernels.poolBackward(buffers.dfeat(b), lengths, buffers.dy(b, t), b, t, config.outputSize(),
        encoder.layout(), stream);
  }

  @Override
  protected void saveBackwardDataInputs() {
    ensureOpen();
    device.makeCurrent();
    if (reserveCopy == null || reserveCopy.bytes() < reserveBytes) {
      if (reserveCopy != null) {
        reserveCopy.close();
        reserveCopy = null;
      }
      reserveCopy = DeviceBuffer.allocate("copy of the cuDNN reserve space", reserveBytes,
          "benchmarking the backward data pass alone");
    }
    copy(buffers.reserve(), reserveCopy, "saving the reserve space");
    saved = true;
  }

  @Override
  protected boolean hasBackwardDataCopy() {
    return saved;
  }

  @Override
  protected void restoreBackwardDataCopy() {
    ensureOpen();
    device.makeCurrent();
    copy(reserveCopy, buffers.reserve(), "restoring the reserve space");
  }

  private void copy(DeviceBuffer from, DeviceBuffer to, String what) {
    Check.cuda(cudaMemcpyAsync(to.ptr(), from.ptr(), reserveBytes, cudaMemcpyDeviceToDevice,
        stream.handle()), "cudaMemcpyAsync(" + what + ")");
    stream.synchronize(what);
  }

  /**
   * cuDNN refused the persistent algorithm for this batch: the encoder now runs STANDARD, whose
   * workspace and reserve space may differ, so the batch is prepared again and the stages rerun
   * from the start (what {@code CudnnModel} does with a refused step).
   */
  @Override
  protected boolean recoverFrom(RuntimeException e) {
    if (!(e instanceof Encoder.PersistRefusedException) || closed) {
      return false;
    }
    prepareBatch();
    return true;
  }

  @Override
  public StepResult result() {
    ensureOpen();
    device.makeCurrent();
    StepResult r = staging.fetchResult(buffers.stats(), batch.size());
    return StepResult.of(r.loss(), r.correct(), r.size());
  }

  @Override
  public Parameters gradients() {
    ensureOpen();
    device.makeCurrent();
    return params.downloadFlat(params.grads(), "", stream);
  }

  @Override
  public Parameters parameters() {
    ensureOpen();
    device.makeCurrent();
    return params.download(stream);
  }

  private void ensureOpen() {
    if (closed) {
      throw new IllegalStateException("these cudnn stages are closed");
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
      stream.synchronize("closing the stages");
    } finally {
      Closer all = new Closer();
      all.register(closer);
      all.register(reserveCopy);
      all.close();
    }
  }

  /** What the optimizer sees: this object's buffers, stream and kernels. */
  private final class AdamHost implements FusedAdam.Target {
    @Override
    public CudaDevice device() {
      return device;
    }

    @Override
    public CudaStream stream() {
      return stream;
    }

    @Override
    public Kernels kernels() {
      return kernels;
    }

    @Override
    public DeviceParameters deviceParameters() {
      return params;
    }

    @Override
    public boolean hasGradients() {
      return hasGradients;
    }

    @Override
    public void ensureOpen() {
      CudnnStages.this.ensureOpen();
    }
  }
}

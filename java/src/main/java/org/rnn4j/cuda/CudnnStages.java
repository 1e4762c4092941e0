/*
 * Dimension key: B batch, T padded length.
 */
package org.rnn4j.cuda;

import static org.bytedeco.cuda.global.cudart.cudaMemcpyAsync;
import static org.bytedeco.cuda.global.cudart.cudaMemcpyDeviceToDevice;

import org.rnn4j.cuda.runtime.Check;
import org.rnn4j.cuda.runtime.Closer;
import org.rnn4j.cuda.runtime.DeviceBuffer;
import org.rnn4j.cuda.runtime.DeviceMemory;
import org.rnn4j.model.Batch;
import org.rnn4j.model.AdamConfig;
import org.rnn4j.model.ModelConfig;
import org.rnn4j.model.Optimizer;
import org.rnn4j.model.Parameters;
import org.rnn4j.model.StepResult;
import org.rnn4j.model.StepStages;

/**
 * The {@code cudnn} backend's training step split into its stages, for benchmarks and profiling:
 * a {@link CudnnModel} (seeded as {@link CudnnBackend#create} seeds it, training mode), one batch
 * uploaded once, and each stage's run of the model's own step methods queued alone and ended by a
 * synchronize of the stream. {@code CudnnModel}'s training step is these step methods run in
 * order, so the split is the real step by construction (and {@code CudnnStagesTest} checks it).
 *
 * <p>What each stage covers: {@link Stage#EMBEDDING_FORWARD} embeddingForward (kernel
 * {@code embedding_forward}); {@link Stage#ENCODER_FORWARD} encoderForward
 * ({@code cudnnRNNForward} in training mode, dropout inside it, the reserve space kept);
 * {@link Stage#HEAD_AND_LOSS} poolForward, decoderForward, softmaxCrossEntropy (zeroing the flat
 * gradient buffer, then bias, softmax cross-entropy and its gradient), decoderBackward and
 * poolBackward; {@link Stage#ENCODER_BACKWARD_DATA} encoderBackwardData
 * ({@code cudnnRNNBackwardData_v8}); {@link Stage#ENCODER_BACKWARD_WEIGHTS}
 * encoderBackwardWeights ({@code cudnnRNNBackwardWeights_v8}, adding into the zeroed weight
 * gradients); {@link Stage#EMBEDDING_BACKWARD} embeddingBackward (kernel
 * {@code embedding_backward}); {@link Stage#CLIP_AND_ADAM} the optimizer's step (the norm and
 * clip kernels where clipping is on, then the update).
 * Not in any stage: the batch's upload and the copy of the loss to the host, which a step does
 * asynchronously, and CUDA graphs (switched off: stages run eagerly).
 *
 * <p>cuDNN's backward data pass updates the reserve space of the forward pass it follows, and
 * backward weights reads the result; so {@link #prepareFor prepareFor(ENCODER_BACKWARD_DATA)}
 * copies the reserve space (device to device) after the forward pass and
 * {@link #restoreBackwardDataInputs()} copies it back before each further call.
 */
public final class CudnnStages extends StepStages {
  private final CudnnModel model;
  private final Batch batch;
  private final boolean dropout;
  private final Optimizer adam;
  private DeviceBuffer reserveCopy;
  private boolean saved;
  private boolean closed;

  /**
   * @param config  the model's shape
   * @param seed    seeds the weights and the dropout state, as {@link CudnnBackend#create} does
   * @param options device, algorithm, math and layout (graphs are switched off)
   * @param batch   the batch every stage runs on (labels required)
   * @param adamConfig the optimizer's settings
   */
  public CudnnStages(ModelConfig config, long seed, CudnnOptions options, Batch batch,
      AdamConfig adamConfig) {
    super(config);
    this.batch = batch;
    this.dropout = config.dropout() > 0; // training mode
    this.model = new CudnnModel(config, seed, options.withGraphs(false));
    try {
      model.setTraining(true);
      model.prepareTrainingStep(batch);
      model.stream().synchronize("uploading the batch");
      this.adam = model.newOptimizer(adamConfig);
    } catch (RuntimeException e) {
      model.close();
      throw e;
    }
  }

  @Override
  public String backend() {
    return "cudnn";
  }

  /** The device, the cuDNN algorithm in use, the math mode and layout. */
  public String describe() {
    return model.describe();
  }

  /** The cuDNN algorithm in use (after any fallback to STANDARD). */
  public RnnAlgo algo() {
    return model.algo();
  }

  /** Bytes of device memory held for the step buffers, cuDNN's workspace and reserve space. */
  public long stepBufferBytes() {
    return model.stepBufferBytes();
  }

  /** Free and total device memory now, in bytes. */
  public DeviceMemory deviceMemory() {
    return model.deviceMemory();
  }

  @Override
  protected void runStage(Stage stage) {
    ensureOpen();
    model.device().makeCurrent();
    int b = batch.size();
    int t = batch.maxLen();
    switch (stage) {
      case EMBEDDING_FORWARD -> model.embeddingForward(b, t, true);
      case ENCODER_FORWARD -> {
        model.encoderForward(b, t, dropout, true);
        saved = false; // a new reserve space: an older copy no longer matches it
      }
      case HEAD_AND_LOSS -> {
        model.poolForward(b, t);
        model.decoderForward(b);
        model.softmaxCrossEntropy(b, t);
        model.decoderBackward(b);
        model.poolBackward(b, t);
      }
      case ENCODER_BACKWARD_DATA -> model.encoderBackwardData(b, t, dropout);
      case ENCODER_BACKWARD_WEIGHTS -> {
        model.encoderBackwardWeights(b, t, dropout);
        if (!config().trainEmbedding()) {
          model.gradientsWritten();
        }
      }
      case EMBEDDING_BACKWARD -> {
        model.embeddingBackward(b, t);
        model.gradientsWritten();
      }
      case CLIP_AND_ADAM -> adam.step();
      default -> throw new IllegalArgumentException("unknown stage " + stage);
    }
    model.stream().synchronize(stage.toString());
  }

  @Override
  protected void saveBackwardDataInputs() {
    ensureOpen();
    model.device().makeCurrent();
    DeviceBuffer reserve = model.buffers().reserve();
    if (reserveCopy == null || reserveCopy.bytes() < reserve.bytes()) {
      if (reserveCopy != null) {
        reserveCopy.close();
        reserveCopy = null;
      }
      reserveCopy = DeviceBuffer.allocate("copy of the cuDNN reserve space", reserve.bytes(),
          "benchmarking the backward data pass alone");
    }
    copy(reserve, reserveCopy, "saving the reserve space");
    saved = true;
  }

  @Override
  protected boolean hasBackwardDataCopy() {
    return saved;
  }

  @Override
  protected void restoreBackwardDataCopy() {
    ensureOpen();
    model.device().makeCurrent();
    copy(reserveCopy, model.buffers().reserve(), "restoring the reserve space");
  }

  private void copy(DeviceBuffer from, DeviceBuffer to, String what) {
    long bytes = Math.min(from.bytes(), to.bytes());
    Check.cuda(cudaMemcpyAsync(to.ptr(), from.ptr(), bytes, cudaMemcpyDeviceToDevice,
        model.stream().handle()), "cudaMemcpyAsync(" + what + ")");
    model.stream().synchronize(what);
  }

  /**
   * cuDNN refused the persistent algorithm for this batch: the model now runs it on STANDARD,
   * whose workspace and reserve space may differ, so the batch is prepared again and the stages
   * rerun from the start (what {@code CudnnModel} does with a refused step).
   */
  @Override
  protected boolean recoverFrom(RuntimeException e) {
    if (!(e instanceof Encoder.PersistRefusedException) || closed) {
      return false;
    }
    model.prepareTrainingStep(batch);
    saved = false;
    return true;
  }

  @Override
  public StepResult result() {
    ensureOpen();
    model.device().makeCurrent();
    StepResult r = model.lastStepResult(batch.size());
    return StepResult.of(r.loss(), r.correct(), r.size());
  }

  @Override
  public Parameters gradients() {
    ensureOpen();
    return model.gradients();
  }

  @Override
  public Parameters parameters() {
    ensureOpen();
    return model.parameters();
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
    Closer all = new Closer();
    all.register(model);
    all.register(reserveCopy);
    all.register(adam);
    all.close();
  }
}

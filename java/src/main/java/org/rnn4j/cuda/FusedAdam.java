/*
 * Dimension key: N floats in the flat trainable buffer.
 */
package org.rnn4j.cuda;

import org.rnn4j.cuda.runtime.Closer;
import org.rnn4j.cuda.runtime.CudaStream;
import org.rnn4j.cuda.runtime.DeviceBuffer;
import org.rnn4j.cuda.runtime.DevicePointer;
import org.rnn4j.cuda.runtime.Transfers;
import org.rnn4j.model.AdamConfig;
import org.rnn4j.model.Optimizer;
import org.rnn4j.model.Parameters;

/**
 * Adam ({@code torch.optim.Adam} or {@code torch.optim.AdamW} semantics) over the model's flat
 * parameter and gradient buffers: one kernel per parameter group (everything, or everything but a
 * trainable embedding and then the embedding, which has its own learning-rate scale and step
 * count, see {@link Optimizer}), with the optional global-norm clip factor computed on the device
 * and read there, so a step needs no host synchronization. Frozen tensors are not in the flat
 * buffer and are never touched. Clipping scales the gradient buffer in place (as
 * {@code clip_grad_norm_} and {@link org.rnn4j.cpu.CpuAdam} do), in the same pass as the update.
 *
 * <p>The learning rate, the step counts and everything derived from them are kernel arguments
 * computed on the host for every step, and the update is launched eagerly after the captured
 * step graph ({@link StepGraphs}), so a schedule changing the rate every step costs nothing and
 * never invalidates a graph.
 */
final class FusedAdam implements Optimizer {
  private final CudnnModel model;
  private AdamConfig config;
  private final Closer closer = new Closer();
  private final DeviceBuffer m;
  private final DeviceBuffer v;
  private final DeviceBuffer partial;
  private final DeviceBuffer clip;
  private long steps;
  private long embeddingSteps;
  private double embeddingScale = 1;
  private boolean closed;

  FusedAdam(CudnnModel model, AdamConfig config) {
    this.model = model;
    this.config = config;
    DeviceParameters p = model.deviceParameters();
    long bytes = p.flatFloats() * 4;
    try {
      this.m = closer.register(DeviceBuffer.allocate("Adam exp_avg", bytes, "optimizer state"));
      this.v = closer.register(DeviceBuffer.allocate("Adam exp_avg_sq", bytes, "optimizer state"));
      this.partial = closer.register(DeviceBuffer.allocate("norm partial sums", 4L * Kernels.NORM_BLOCKS, ""));
      this.clip = closer.register(DeviceBuffer.allocate("clip factor", 8, ""));
      m.zeroAsync(model.stream(), 0, bytes);
      v.zeroAsync(model.stream(), 0, bytes);
    } catch (RuntimeException e) {
      throw closer.closeAfter(e);
    }
  }

  @Override
  public AdamConfig config() {
    return config;
  }

  @Override
  public void step() {
    ensureOpen();
    if (!model.hasGradients()) {
      throw new IllegalStateException("step() before any forwardBackward: there are no gradients yet");
    }
    model.device().makeCurrent();
    steps++;
    DeviceParameters p = model.deviceParameters();
    long n = p.flatFloats();
    // The trainable embedding is the flat buffer's last region (DeviceParameters' layout).
    long embedding = model.config().trainEmbedding()
        ? n - (long) model.config().vocabSize() * model.config().embedSize() : n;
    boolean embeddingTrains = embedding < n && embeddingScale > 0;
    long stepped = embeddingTrains ? n : embedding; // a frozen embedding is left out of the norm
    CudaStream s = model.stream();
    DevicePointer scale = null;
    if (config.clipNorm() > 0) {
      model.kernels().clipFactor(p.grads().ptr(), stepped, partial.ptr(), (float) config.clipNorm(),
          clip.ptr(), s);
      scale = clip.ptr();
    }
    update(p, 0, embedding, hyperparameters(config, steps), scale);
    if (embeddingTrains) {
      embeddingSteps++;
      update(p, embedding, n - embedding,
          hyperparameters(config.withLr(config.lr() * embeddingScale), embeddingSteps), scale);
    }
  }

  /** adam_step on the floats [from, from + count) of the flat buffers. */
  private void update(DeviceParameters p, long from, long count, Hyperparameters h,
      DevicePointer scale) {
    long off = from * 4;
    long bytes = count * 4;
    model.kernels().adamStep(p.params().slice(off, bytes), p.grads().slice(off, bytes),
        m.slice(off, bytes), v.slice(off, bytes), count, h, scale, model.stream());
  }

  /**
   * The float arguments of the adam_step kernel for one step, in its order (b1, b2, omb1, omb2,
   * eps, wd, keep, step_size, bc2_sqrt in native/optim.cu).
   *
   * @param beta1         beta1
   * @param beta2         beta2
   * @param oneMinusBeta1 1 - beta1
   * @param oneMinusBeta2 1 - beta2
   * @param eps           eps
   * @param weightDecay   the L2 weight decay (Adam), 0 for AdamW
   * @param keep          1 - lr * weightDecay (AdamW's decoupled decay), 1 for Adam
   * @param stepSize      lr / (1 - beta1^t)
   * @param bias2Sqrt     sqrt(1 - beta2^t)
   */
  record Hyperparameters(float beta1, float beta2, float oneMinusBeta1, float oneMinusBeta2,
      float eps, float weightDecay, float keep, float stepSize, float bias2Sqrt) {}

  /**
   * The adam_step arguments for step {@code t} (1-based). Each is computed in double, as
   * {@link org.rnn4j.cpu.CpuAdam} does, and rounded to float once.
   */
  static Hyperparameters hyperparameters(AdamConfig c, long t) {
    double bias1 = 1 - Math.pow(c.beta1(), t);
    double bias2Sqrt = Math.sqrt(1 - Math.pow(c.beta2(), t));
    boolean decoupled = c.decoupledWeightDecay();
    return new Hyperparameters((float) c.beta1(), (float) c.beta2(), (float) (1 - c.beta1()),
        (float) (1 - c.beta2()), (float) c.eps(), decoupled ? 0f : (float) c.weightDecay(),
        decoupled ? (float) (1 - c.lr() * c.weightDecay()) : 1f, (float) (c.lr() / bias1),
        (float) bias2Sqrt);
  }

  @Override
  public long stepCount() {
    return steps;
  }

  @Override
  public Parameters state() {
    ensureOpen();
    model.device().makeCurrent();
    DeviceParameters p = model.deviceParameters();
    Parameters out = new Parameters();
    p.downloadFlat(m, "exp_avg.", model.stream()).asMap().forEach(out::put);
    p.downloadFlat(v, "exp_avg_sq.", model.stream()).asMap().forEach(out::put);
    return out;
  }

  @Override
  public long embeddingStepCount() {
    return model.config().trainEmbedding() ? embeddingSteps : steps;
  }

  @Override
  public void loadState(Parameters state, long stepCount, long embeddingStepCount) {
    ensureOpen();
    if (stepCount < 0 || embeddingStepCount < 0 || embeddingStepCount > stepCount) {
      throw new IllegalArgumentException("step counts must be >= 0, the embedding's at most the "
          + "optimizer's; got " + stepCount + " and " + embeddingStepCount);
    }
    model.device().makeCurrent();
    DeviceParameters p = model.deviceParameters();
    p.uploadFlat(state, "exp_avg.", m, model.stream());
    p.uploadFlat(state, "exp_avg_sq.", v, model.stream());
    steps = stepCount;
    embeddingSteps = embeddingStepCount;
  }

  @Override
  public void setLearningRate(double lr) {
    config = config.withLr(lr); // validates lr; config() and checkpoints see the new rate
  }

  @Override
  public void setEmbeddingLrScale(double scale) {
    embeddingScale = Optimizer.checkLrScale(scale);
  }

  @Override
  public double embeddingLrScale() {
    return embeddingScale;
  }

  /** The norm computed by the last clipped step (synchronizes); NaN when clipping is off. */
  double lastGradNorm() {
    ensureOpen();
    if (config.clipNorm() <= 0) {
      return Double.NaN;
    }
    model.device().makeCurrent(); // may be called on another thread than the steps
    float[] out = new float[2];
    Transfers.toHost(clip.ptr(), out, 0, 2, model.stream());
    return out[1];
  }

  private void ensureOpen() {
    model.ensureOpen();
    if (closed) {
      throw new IllegalStateException("this optimizer is closed");
    }
  }

  /** Frees the moments; called by the model's close as well. */
  void release() {
    if (!closed) {
      closed = true;
      closer.close();
    }
  }

  @Override
  public void close() {
    if (!closed) {
      model.device().makeCurrent();
      model.stream().synchronize("closing the optimizer");
      release();
    }
  }
}

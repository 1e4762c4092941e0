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
 * Adam ({@code torch.optim.Adam} semantics) over the model's flat parameter and gradient buffers:
 * one kernel for the whole model, with the optional global-norm clip factor computed on the device
 * and read there, so a step needs no host synchronization. Frozen tensors are not in the flat
 * buffer and are never touched. Clipping scales the gradient buffer in place (as
 * {@code clip_grad_norm_} and {@link org.rnn4j.cpu.CpuAdam} do), in the same pass as the update.
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
    CudaStream s = model.stream();
    DevicePointer scale = null;
    if (config.clipNorm() > 0) {
      model.kernels().clipFactor(p.grads().ptr(), n, partial.ptr(), (float) config.clipNorm(),
          clip.ptr(), s);
      scale = clip.ptr();
    }
    model.kernels().adamStep(p.params().ptr(), p.grads().ptr(), m.ptr(), v.ptr(), n,
        hyperparameters(config, steps), scale, s);
  }

  /**
   * The float arguments of the adam_step kernel for one step, in its order (b1, b2, omb1, omb2,
   * eps, wd, step_size, bc2_sqrt in native/optim.cu).
   *
   * @param beta1         beta1
   * @param beta2         beta2
   * @param oneMinusBeta1 1 - beta1
   * @param oneMinusBeta2 1 - beta2
   * @param eps           eps
   * @param weightDecay   the L2 weight decay
   * @param stepSize      lr / (1 - beta1^t)
   * @param bias2Sqrt     sqrt(1 - beta2^t)
   */
  record Hyperparameters(float beta1, float beta2, float oneMinusBeta1, float oneMinusBeta2,
      float eps, float weightDecay, float stepSize, float bias2Sqrt) {}

  /**
   * The adam_step arguments for step {@code t} (1-based). Each is computed in double, as
   * {@link org.rnn4j.cpu.CpuAdam} does, and rounded to float once.
   */
  static Hyperparameters hyperparameters(AdamConfig c, long t) {
    double bias1 = 1 - Math.pow(c.beta1(), t);
    double bias2Sqrt = Math.sqrt(1 - Math.pow(c.beta2(), t));
    return new Hyperparameters((float) c.beta1(), (float) c.beta2(), (float) (1 - c.beta1()),
        (float) (1 - c.beta2()), (float) c.eps(), (float) c.weightDecay(),
        (float) (c.lr() / bias1), (float) bias2Sqrt);
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
  public void loadState(Parameters state, long stepCount) {
    ensureOpen();
    if (stepCount < 0) {
      throw new IllegalArgumentException("step count must be >= 0, got " + stepCount);
    }
    model.device().makeCurrent();
    DeviceParameters p = model.deviceParameters();
    p.uploadFlat(state, "exp_avg.", m, model.stream());
    p.uploadFlat(state, "exp_avg_sq.", v, model.stream());
    steps = stepCount;
  }

  @Override
  public void setLearningRate(double lr) {
    config = config.withLr(lr); // validates lr; config() and checkpoints see the new rate
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

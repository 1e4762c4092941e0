/*
 * Dimension key: B batch, T padded length, E embedding, H hidden, L layers, D directions.
 */
package org.rnn4j.cuda;

import static org.bytedeco.cuda.global.cudnn.CUDNN_FWD_MODE_INFERENCE;
import static org.bytedeco.cuda.global.cudnn.CUDNN_FWD_MODE_TRAINING;
import static org.bytedeco.cuda.global.cudnn.CUDNN_WGRAD_MODE_ADD;
import static org.bytedeco.cuda.global.cudnn.cudnnDropoutForward;
import static org.bytedeco.cuda.global.cudnn.cudnnDropoutGetReserveSpaceSize;
import static org.bytedeco.cuda.global.cudnn.cudnnGetRNNTempSpaceSizes;
import static org.bytedeco.cuda.global.cudnn.cudnnRNNBackwardData_v8;
import static org.bytedeco.cuda.global.cudnn.cudnnRNNBackwardWeights_v8;
import static org.bytedeco.cuda.global.cudnn.cudnnRNNForward;

import org.bytedeco.javacpp.SizeTPointer;
import org.rnn4j.model.ModelConfig;

/**
 * The bidirectional multi-layer LSTM on cuDNN's RNN v8 API: forward, backward data, backward
 * weights. All RNN descriptors share one weight layout: for each algorithm in use, one with the
 * configured dropout (training mode) and one without (evaluation mode, and forward-backward in
 * evaluation mode, which still needs cuDNN's training-mode forward for its reserve space).
 * {@link #describe} picks the algorithm for the batch; forward and backward then use the same one.
 *
 * <p>Inputs {@code x} (width E) and outputs {@code y} (width D*H) are padded to T steps, laid out
 * per {@link DataLayout}, with per-sample lengths given to cuDNN on the host (data descriptors) and on the device
 * ({@code devSeqLengths}: required before cuDNN 8.9.1, ignored by later versions, harmless).
 * Initial states are zero (null pointers), final states are not kept.
 *
 * <p>The persistent algorithm is used only where cuDNN accepts it for the batch at hand: should
 * cuDNN refuse it for a real batch (a "not supported" status from sizing or from a call, as
 * PyTorch has seen), the encoder drops it for good, says so once, and the step is run again on
 * STANDARD ({@link PersistRefusedException}).
 */
final class Encoder implements AutoCloseable {
  /** PyTorch's limit for PERSIST_STATIC_SMALL_H in an LSTM's backward pass. */
  private static final int PERSIST_MAX_HIDDEN = 128;

  private final CudnnHandle cudnn;
  private final ModelConfig config;
  private final DataLayout layout;
  private final Closer closer = new Closer();
  private final DropoutDescriptor dropoutOn;
  private final DropoutDescriptor dropoutOff;
  private final RnnDescriptor[] standard;
  private RnnDescriptor[] persist;
  private final RnnDataDescriptor xDesc;
  private final RnnDataDescriptor yDesc;
  private final TensorDescriptor hDesc;
  private final SizeTPointer workBytes;
  private final SizeTPointer reserveBytes;
  private boolean equalLengths;

  Encoder(CudnnHandle cudnn, ModelConfig config, CudnnOptions options, long seed) {
    this.cudnn = cudnn;
    this.config = config;
    this.layout = options.layout();
    try {
      dropoutOff = closer.register(new DropoutDescriptor(cudnn, 0f, seed));
      dropoutOn = config.dropout() == 0 ? dropoutOff
          : closer.register(new DropoutDescriptor(cudnn, (float) config.dropout(), seed));
      standard = pair(RnnAlgo.STANDARD, options.math());
      boolean wantPersist = options.algo() == RnnAlgo.PERSIST_STATIC_SMALL_H
          || (options.algo() == RnnAlgo.AUTO && config.hiddenSize() <= PERSIST_MAX_HIDDEN);
      persist = wantPersist ? pair(RnnAlgo.PERSIST_STATIC_SMALL_H, options.math()) : null;
      xDesc = closer.register(new RnnDataDescriptor());
      yDesc = closer.register(new RnnDataDescriptor());
      hDesc = closer.register(new TensorDescriptor());
      workBytes = closer.register(new SizeTPointer(1));
      reserveBytes = closer.register(new SizeTPointer(1));
    } catch (RuntimeException e) {
      throw closer.closeAfter(e);
    }
  }

  /** Descriptors {without, with} dropout for one algorithm, or null where cuDNN refuses it. */
  private RnnDescriptor[] pair(RnnAlgo algo, MathMode math) {
    RnnDescriptor off = closer.register(new RnnDescriptor(cudnn, config, algo, math, dropoutOff, layout));
    RnnDescriptor on = dropoutOn == dropoutOff ? off
        : closer.register(new RnnDescriptor(cudnn, config, algo, math, dropoutOn, layout));
    if (!off.supported() || !on.supported()) {
      return null;
    }
    if (standard != null && off.weightSpaceBytes() != standard[0].weightSpaceBytes()) {
      throw new IllegalStateException("cuDNN sizes the weight space of " + algo + " at "
          + off.weightSpaceBytes() + " bytes, not " + standard[0].weightSpaceBytes() + " as STANDARD");
    }
    return new RnnDescriptor[] {off, on};
  }

  DataLayout layout() {
    return layout;
  }

  /** The descriptor whose weight layout all share. */
  RnnDescriptor layoutDescriptor() {
    return standard[0];
  }

  /** Restarts the dropout random state from {@code seed}. */
  void reseedDropout(long seed) {
    dropoutOn.reseed(cudnn, seed);
  }

  /** Thrown after cuDNN refused the persistent algorithm for a batch: rerun the step. */
  static final class PersistRefusedException extends CudaException {
    private static final long serialVersionUID = 1L;

    PersistRefusedException(String call, int status) {
      super(call, status, call + " refused PERSIST_STATIC_SMALL_H (cudnnStatus_t " + status
          + "); this model now runs every batch on STANDARD");
    }
  }

  private static final System.Logger LOG = System.getLogger(Encoder.class.getName());

  private boolean usingPersist() {
    return persist != null && equalLengths;
  }

  /** Checks a cuDNN RNN status; a refusal of the persistent algorithm drops it and throws. */
  private void checkRnn(int rc, String call, CudaStream s) {
    // A refusal while a CUDA graph is being captured may be about the capture, not the
    // algorithm: StepGraphs then switches graphs off and the eager rerun decides.
    if (Check.cudnnNotSupported(rc) && usingPersist() && (s == null || !s.isCapturing())) {
      persist = null; // the descriptors stay registered with the closer and are closed with it
      PersistRefusedException e = new PersistRefusedException(call, rc);
      LOG.log(System.Logger.Level.WARNING, e.getMessage());
      throw e;
    }
    Check.cudnn(rc, call);
  }

  /** The algorithm that runs equal-length batches (others always run STANDARD). */
  RnnAlgo algo() {
    return persist != null ? RnnAlgo.PERSIST_STATIC_SMALL_H : RnnAlgo.STANDARD;
  }

  /**
   * Describes a batch of {@code b} sequences padded to {@code t}, with host lengths, and picks the
   * algorithm that forward and backward will use for it.
   */
  void describe(int b, int t, int[] lengths) {
    equalLengths = true;
    for (int i = 0; i < b && equalLengths; i++) {
      equalLengths = lengths[i] == t;
    }
    xDesc.set(layout, t, b, config.embedSize(), lengths);
    yDesc.set(layout, t, b, config.outputSize(), lengths);
    hDesc.set(config.layers() * config.directions(), b, config.hiddenSize());
  }

  /**
   * Sizes of the workspace and reserve space for the described batch: {work, reserve}.
   *
   * @param keepReserve a backward pass will follow, or dropout is on (both need training mode)
   */
  long[] tempSizes(boolean dropout, boolean keepReserve) {
    int rc = cudnnGetRNNTempSpaceSizes(cudnn.get(), descriptor(dropout).get(),
        keepReserve ? CUDNN_FWD_MODE_TRAINING : CUDNN_FWD_MODE_INFERENCE, xDesc.get(), workBytes,
        reserveBytes);
    try {
      checkRnn(rc, "cudnnGetRNNTempSpaceSizes", null); // never called while capturing
    } catch (PersistRefusedException e) {
      return tempSizes(dropout, keepReserve); // nothing was queued: size for STANDARD instead
    }
    return new long[] {workBytes.get(), keepReserve ? reserveBytes.get() : 0};
  }

  void forward(boolean dropout, boolean keepReserve, DevicePointer lengths, DevicePointer x,
      DevicePointer y, DevicePointer weights, StepBuffers buf, CudaStream s) {
    DeviceBuffer reserve = keepReserve ? buf.reserve() : null;
    checkRnn(cudnnRNNForward(cudnn.get(), descriptor(dropout).get(),
        keepReserve ? CUDNN_FWD_MODE_TRAINING : CUDNN_FWD_MODE_INFERENCE, lengths.asInt(),
        xDesc.get(), x, yDesc.get(), y, hDesc.get(), null, null, hDesc.get(), null, null,
        weights.bytes(), weights, buf.workspace().bytes(), buf.workspace().ptr(),
        reserve == null ? 0 : reserve.bytes(), reserve == null ? null : reserve.ptr()),
        "cudnnRNNForward", s);
    s.afterOp("cudnnRNNForward");
  }

  /** dx from dy; must run before {@link #backwardWeights} (it updates the reserve space). */
  void backwardData(boolean dropout, DevicePointer lengths, DevicePointer y, DevicePointer dy,
      DevicePointer dx, DevicePointer weights, StepBuffers buf, CudaStream s) {
    DeviceBuffer reserve = buf.reserve();
    checkRnn(cudnnRNNBackwardData_v8(cudnn.get(), descriptor(dropout).get(), lengths.asInt(),
        yDesc.get(), y, dy, xDesc.get(), dx, hDesc.get(), null, null, null, hDesc.get(), null, null,
        null, weights.bytes(), weights, buf.workspace().bytes(), buf.workspace().ptr(),
        reserve.bytes(), reserve.ptr()), "cudnnRNNBackwardData_v8", s);
    s.afterOp("cudnnRNNBackwardData_v8");
  }

  /** Adds the weight gradients into {@code dweights} (zero it first). */
  void backwardWeights(boolean dropout, DevicePointer lengths, DevicePointer x, DevicePointer y,
      DevicePointer dweights, StepBuffers buf, CudaStream s) {
    DeviceBuffer reserve = buf.reserve();
    checkRnn(cudnnRNNBackwardWeights_v8(cudnn.get(), descriptor(dropout).get(),
        CUDNN_WGRAD_MODE_ADD, lengths.asInt(), xDesc.get(), x, hDesc.get(), null, yDesc.get(), y,
        dweights.bytes(), dweights, buf.workspace().bytes(), buf.workspace().ptr(), reserve.bytes(),
        reserve.ptr()), "cudnnRNNBackwardWeights_v8", s);
    s.afterOp("cudnnRNNBackwardWeights_v8");
  }

  /**
   * Runs cuDNN's dropout with the training descriptor (same probability and random state as the
   * encoder's) over {@code n} ones and returns the result: a window onto the mask, for tests. It
   * advances the encoder's random state, so later training steps draw other masks than they
   * would have.
   */
  float[] dropoutSample(int n, CudaStream s) {
    if (dropoutOn == dropoutOff) {
      throw new IllegalStateException("this model has no dropout (p = 0): nothing to sample");
    }
    try (Closer c = new Closer()) {
      TensorDescriptor d = c.register(new TensorDescriptor()).set(1, 1, 1, n);
      SizeTPointer size = c.register(new SizeTPointer(1));
      Check.cudnn(cudnnDropoutGetReserveSpaceSize(d.get(), size), "cudnnDropoutGetReserveSpaceSize");
      DeviceBuffer x = c.register(DeviceBuffer.allocate("dropout sample input", 4L * n, ""));
      DeviceBuffer y = c.register(DeviceBuffer.allocate("dropout sample output", 4L * n, ""));
      DeviceBuffer r = c.register(DeviceBuffer.allocate("dropout sample reserve", size.get(), ""));
      float[] ones = new float[n];
      java.util.Arrays.fill(ones, 1f);
      Transfers.toDevice(ones, 0, n, x.ptr(), s);
      Check.cudnn(cudnnDropoutForward(cudnn.get(), dropoutOn.get(), d.get(), x.ptr(), d.get(),
          y.ptr(), r.ptr(), r.bytes()), "cudnnDropoutForward");
      float[] out = new float[n];
      Transfers.toHost(y.ptr(), out, 0, n, s);
      return out;
    }
  }

  private RnnDescriptor descriptor(boolean dropout) {
    RnnDescriptor[] pair = persist != null && equalLengths ? persist : standard;
    return pair[dropout ? 1 : 0];
  }

  @Override
  public void close() {
    closer.close();
  }
}

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
 * weights. Two RNN descriptors share one weight layout: one with the configured dropout (training
 * mode) and one without (evaluation mode, and forward-backward in evaluation mode, which still
 * needs cuDNN's training-mode forward for its reserve space).
 *
 * <p>Inputs {@code x [B, T, E]} and outputs {@code y [B, T, D*H]} are padded batch-major with
 * per-sample lengths on the device ({@code devSeqLengths}: cuDNN rejects a host array there).
 * Initial states are zero (null pointers), final states are not kept.
 */
final class Encoder implements AutoCloseable {
  private final CudnnHandle cudnn;
  private final ModelConfig config;
  private final Closer closer = new Closer();
  private final RnnDescriptor withDropout;
  private final RnnDescriptor noDropout;
  private final RnnDataDescriptor xDesc;
  private final RnnDataDescriptor yDesc;
  private final TensorDescriptor hDesc;
  private final SizeTPointer workBytes;
  private final SizeTPointer reserveBytes;

  Encoder(CudnnHandle cudnn, ModelConfig config, CudnnOptions options, long seed) {
    this.cudnn = cudnn;
    this.config = config;
    try {
      this.withDropout = closer.register(new RnnDescriptor(cudnn, config, options.algo(),
          options.math(), seed));
      this.noDropout = config.dropout() == 0 ? withDropout : closer.register(new RnnDescriptor(cudnn,
          config.withDropout(0), withDropout.algo(), options.math(), seed));
      if (noDropout.weightSpaceBytes() != withDropout.weightSpaceBytes()) {
        throw new IllegalStateException("cuDNN sizes the weight space differently with and without"
            + " dropout: " + withDropout.weightSpaceBytes() + " vs " + noDropout.weightSpaceBytes());
      }
      this.xDesc = closer.register(new RnnDataDescriptor());
      this.yDesc = closer.register(new RnnDataDescriptor());
      this.hDesc = closer.register(new TensorDescriptor());
      this.workBytes = closer.register(new SizeTPointer(1));
      this.reserveBytes = closer.register(new SizeTPointer(1));
    } catch (RuntimeException e) {
      throw closer.closeAfter(e);
    }
  }

  /** The descriptor whose weight layout both share. */
  RnnDescriptor layoutDescriptor() {
    return withDropout;
  }

  /** Restarts the training descriptor's dropout random state from {@code seed}. */
  void reseedDropout(long seed) {
    withDropout.reseed(cudnn, seed);
  }

  RnnAlgo algo() {
    return withDropout.algo();
  }

  /** Describes a batch of {@code b} sequences padded to {@code t}, with host lengths. */
  void describe(int b, int t, int[] lengths) {
    xDesc.set(t, b, config.embedSize(), lengths);
    yDesc.set(t, b, config.outputSize(), lengths);
    hDesc.set(config.layers() * config.directions(), b, config.hiddenSize());
  }

  /**
   * Sizes of the workspace and reserve space for the described batch: {work, reserve}.
   *
   * @param keepReserve a backward pass will follow, or dropout is on (both need training mode)
   */
  long[] tempSizes(boolean dropout, boolean keepReserve) {
    Check.cudnn(cudnnGetRNNTempSpaceSizes(cudnn.get(), descriptor(dropout).get(),
        keepReserve ? CUDNN_FWD_MODE_TRAINING : CUDNN_FWD_MODE_INFERENCE, xDesc.get(), workBytes,
        reserveBytes), "cudnnGetRNNTempSpaceSizes");
    return new long[] {workBytes.get(), keepReserve ? reserveBytes.get() : 0};
  }

  void forward(boolean dropout, boolean keepReserve, DevicePointer lengths, DevicePointer x,
      DevicePointer y, DevicePointer weights, StepBuffers buf, CudaStream s) {
    DeviceBuffer reserve = keepReserve ? buf.reserve() : null;
    Check.cudnn(cudnnRNNForward(cudnn.get(), descriptor(dropout).get(),
        keepReserve ? CUDNN_FWD_MODE_TRAINING : CUDNN_FWD_MODE_INFERENCE, lengths.asInt(),
        xDesc.get(), x, yDesc.get(), y, hDesc.get(), null, null, hDesc.get(), null, null,
        weights.bytes(), weights, buf.workspace().bytes(), buf.workspace().ptr(),
        reserve == null ? 0 : reserve.bytes(), reserve == null ? null : reserve.ptr()),
        "cudnnRNNForward");
    s.afterOp("cudnnRNNForward");
  }

  /** dx from dy; must run before {@link #backwardWeights} (it updates the reserve space). */
  void backwardData(boolean dropout, DevicePointer lengths, DevicePointer y, DevicePointer dy,
      DevicePointer dx, DevicePointer weights, StepBuffers buf, CudaStream s) {
    DeviceBuffer reserve = buf.reserve();
    Check.cudnn(cudnnRNNBackwardData_v8(cudnn.get(), descriptor(dropout).get(), lengths.asInt(),
        yDesc.get(), y, dy, xDesc.get(), dx, hDesc.get(), null, null, null, hDesc.get(), null, null,
        null, weights.bytes(), weights, buf.workspace().bytes(), buf.workspace().ptr(),
        reserve.bytes(), reserve.ptr()), "cudnnRNNBackwardData_v8");
    s.afterOp("cudnnRNNBackwardData_v8");
  }

  /** Adds the weight gradients into {@code dweights} (zero it first). */
  void backwardWeights(boolean dropout, DevicePointer lengths, DevicePointer x, DevicePointer y,
      DevicePointer dweights, StepBuffers buf, CudaStream s) {
    DeviceBuffer reserve = buf.reserve();
    Check.cudnn(cudnnRNNBackwardWeights_v8(cudnn.get(), descriptor(dropout).get(),
        CUDNN_WGRAD_MODE_ADD, lengths.asInt(), xDesc.get(), x, hDesc.get(), null, yDesc.get(), y,
        dweights.bytes(), dweights, buf.workspace().bytes(), buf.workspace().ptr(), reserve.bytes(),
        reserve.ptr()), "cudnnRNNBackwardWeights_v8");
    s.afterOp("cudnnRNNBackwardWeights_v8");
  }

  /**
   * Runs cuDNN's dropout with the training descriptor (same probability and random state as the
   * encoder's) over {@code n} ones and returns the result: a window onto the mask, for tests.
   */
  float[] dropoutSample(int n, CudaStream s) {
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
      Check.cudnn(cudnnDropoutForward(cudnn.get(), withDropout.dropout(), d.get(), x.ptr(), d.get(),
          y.ptr(), r.ptr(), r.bytes()), "cudnnDropoutForward");
      float[] out = new float[n];
      Transfers.toHost(y.ptr(), out, 0, n, s);
      return out;
    }
  }

  private RnnDescriptor descriptor(boolean dropout) {
    return dropout ? withDropout : noDropout;
  }

  @Override
  public void close() {
    closer.close();
  }
}

/*
 * Dimension key: E embedding, H hidden, L layers, D directions.
 */
package org.rnn4j.cuda;

import static org.bytedeco.cuda.global.cudnn.CUDNN_BIDIRECTIONAL;
import static org.bytedeco.cuda.global.cudnn.CUDNN_DATA_FLOAT;
import static org.bytedeco.cuda.global.cudnn.CUDNN_FWD_MODE_TRAINING;
import static org.bytedeco.cuda.global.cudnn.CUDNN_LINEAR_INPUT;
import static org.bytedeco.cuda.global.cudnn.CUDNN_LSTM;
import static org.bytedeco.cuda.global.cudnn.CUDNN_RNN_DOUBLE_BIAS;
import static org.bytedeco.cuda.global.cudnn.CUDNN_RNN_PADDED_IO_ENABLED;
import static org.bytedeco.cuda.global.cudnn.CUDNN_STATUS_NOT_SUPPORTED;
import static org.bytedeco.cuda.global.cudnn.CUDNN_UNIDIRECTIONAL;
import static org.bytedeco.cuda.global.cudnn.cudnnCreateDropoutDescriptor;
import static org.bytedeco.cuda.global.cudnn.cudnnCreateRNNDescriptor;
import static org.bytedeco.cuda.global.cudnn.cudnnDestroyDropoutDescriptor;
import static org.bytedeco.cuda.global.cudnn.cudnnDestroyRNNDescriptor;
import static org.bytedeco.cuda.global.cudnn.cudnnDropoutGetStatesSize;
import static org.bytedeco.cuda.global.cudnn.cudnnGetRNNTempSpaceSizes;
import static org.bytedeco.cuda.global.cudnn.cudnnGetRNNWeightSpaceSize;
import static org.bytedeco.cuda.global.cudnn.cudnnSetDropoutDescriptor;
import static org.bytedeco.cuda.global.cudnn.cudnnSetRNNDescriptor_v8;

import org.bytedeco.cuda.cudnn.cudnnDropoutStruct;
import org.bytedeco.cuda.cudnn.cudnnRNNStruct;
import org.bytedeco.javacpp.SizeTPointer;
import org.rnn4j.model.ModelConfig;

/**
 * cuDNN's description of the encoder: an L-layer (bi)LSTM with PyTorch's two bias vectors, linear
 * input, FP32 data, padded I/O, and a dropout descriptor whose random state lives on the device.
 * Built once per model. cuDNN applies the dropout between layers in training mode only.
 */
public final class RnnDescriptor implements AutoCloseable {
  private final cudnnRNNStruct rnn = new cudnnRNNStruct();
  private final cudnnDropoutStruct dropout = new cudnnDropoutStruct();
  private final Closer closer = new Closer();
  private final RnnAlgo algo;
  private final long weightSpaceBytes;
  private float dropoutP;
  private DeviceBuffer dropoutStates;
  private boolean closed;

  /**
   * @param requested the algorithm asked for; PERSIST_STATIC_SMALL_H falls back to STANDARD when
   *                  cuDNN answers NOT_SUPPORTED (see {@link #algo()})
   */
  public RnnDescriptor(CudnnHandle handle, ModelConfig config, RnnAlgo requested, MathMode math,
      long seed) {
    try {
      Check.cudnn(cudnnCreateDropoutDescriptor(dropout), "cudnnCreateDropoutDescriptor");
      closer.register(() -> Check.cudnn(cudnnDestroyDropoutDescriptor(dropout),
          "cudnnDestroyDropoutDescriptor"));
      setDropout(handle, (float) config.dropout(), seed);
      Check.cudnn(cudnnCreateRNNDescriptor(rnn), "cudnnCreateRNNDescriptor");
      closer.register(() -> Check.cudnn(cudnnDestroyRNNDescriptor(rnn), "cudnnDestroyRNNDescriptor"));
      int rc = setRnn(config, requested, math);
      RnnAlgo chosen = requested;
      if (requested != RnnAlgo.STANDARD
          && (rc == CUDNN_STATUS_NOT_SUPPORTED || (rc == 0 && !trainable(handle, config)))) {
        chosen = RnnAlgo.STANDARD;
        rc = setRnn(config, chosen, math);
      }
      Check.cudnn(rc, "cudnnSetRNNDescriptor_v8(" + chosen + ", " + math + ")");
      this.algo = chosen;
      try (SizeTPointer size = new SizeTPointer(1)) {
        Check.cudnn(cudnnGetRNNWeightSpaceSize(handle.get(), rnn, size), "cudnnGetRNNWeightSpaceSize");
        this.weightSpaceBytes = size.get();
      }
    } catch (RuntimeException e) {
      throw closer.closeAfter(e);
    }
  }

  private void setDropout(CudnnHandle handle, float p, long seed) {
    dropoutP = p;
    if (p == 0f) {
      // No dropout: cuDNN accepts a descriptor without random state.
      Check.cudnn(cudnnSetDropoutDescriptor(dropout, handle.get(), 0f, null, 0, seed),
          "cudnnSetDropoutDescriptor(p=0)");
      return;
    }
    long stateBytes;
    try (SizeTPointer size = new SizeTPointer(1)) {
      Check.cudnn(cudnnDropoutGetStatesSize(handle.get(), size), "cudnnDropoutGetStatesSize");
      stateBytes = size.get();
    }
    dropoutStates = closer.register(DeviceBuffer.allocate("dropout state", stateBytes, ""));
    reseed(handle, seed);
  }

  /**
   * Re-initialises the dropout random state from {@code seed} (in place: the RNN descriptor keeps
   * pointing at the same state memory), so that a resumed run draws the same masks.
   */
  void reseed(CudnnHandle handle, long seed) {
    if (dropoutStates != null) {
      Check.cudnn(cudnnSetDropoutDescriptor(dropout(), handle.get(), dropoutP, dropoutStates.ptr(),
          dropoutStates.bytes(), seed), "cudnnSetDropoutDescriptor(p=" + dropoutP + ", seed)");
    }
  }

  /**
   * Whether cuDNN will train with this descriptor: some algorithms are accepted by
   * cudnnSetRNNDescriptor_v8 and refused only when the workspace is sized for training.
   */
  private boolean trainable(CudnnHandle handle, ModelConfig c) {
    try (RnnDataDescriptor x = new RnnDataDescriptor(); SizeTPointer work = new SizeTPointer(1);
        SizeTPointer reserve = new SizeTPointer(1)) {
      x.set(1, 1, c.embedSize(), new int[] {1});
      int rc = cudnnGetRNNTempSpaceSizes(handle.get(), rnn, CUDNN_FWD_MODE_TRAINING, x.get(), work,
          reserve);
      if (rc == CUDNN_STATUS_NOT_SUPPORTED) {
        return false;
      }
      Check.cudnn(rc, "cudnnGetRNNTempSpaceSizes(probe)");
      return true;
    }
  }

  private int setRnn(ModelConfig c, RnnAlgo a, MathMode math) {
    return cudnnSetRNNDescriptor_v8(rnn, a.cudnnValue, CUDNN_LSTM, CUDNN_RNN_DOUBLE_BIAS,
        c.bidirectional() ? CUDNN_BIDIRECTIONAL : CUDNN_UNIDIRECTIONAL, CUDNN_LINEAR_INPUT,
        CUDNN_DATA_FLOAT, CUDNN_DATA_FLOAT, math.cudnnMath, c.embedSize(), c.hiddenSize(),
        c.hiddenSize(), c.layers(), dropout, CUDNN_RNN_PADDED_IO_ENABLED);
  }

  /** The algorithm in use (STANDARD when the requested one was refused). */
  public RnnAlgo algo() {
    return algo;
  }

  /** Size of cuDNN's flat weight space in bytes ({@code cudnnGetRNNWeightSpaceSize}). */
  public long weightSpaceBytes() {
    return weightSpaceBytes;
  }

  public cudnnRNNStruct get() {
    if (closed) {
      throw new IllegalStateException("RNN descriptor is closed");
    }
    return rnn;
  }

  cudnnDropoutStruct dropout() {
    if (closed) {
      throw new IllegalStateException("RNN descriptor is closed");
    }
    return dropout;
  }

  @Override
  public void close() {
    if (!closed) {
      closed = true;
      closer.close();
    }
  }
}

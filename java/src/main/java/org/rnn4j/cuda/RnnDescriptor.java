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
import static org.bytedeco.cuda.global.cudnn.CUDNN_UNIDIRECTIONAL;
import static org.bytedeco.cuda.global.cudnn.cudnnCreateRNNDescriptor;
import static org.bytedeco.cuda.global.cudnn.cudnnDestroyRNNDescriptor;
import static org.bytedeco.cuda.global.cudnn.cudnnGetRNNTempSpaceSizes;
import static org.bytedeco.cuda.global.cudnn.cudnnGetRNNWeightSpaceSize;
import static org.bytedeco.cuda.global.cudnn.cudnnSetRNNDescriptor_v8;

import org.bytedeco.cuda.cudnn.cudnnRNNStruct;
import org.bytedeco.javacpp.SizeTPointer;
import org.rnn4j.model.ModelConfig;

/**
 * cuDNN's description of the encoder for one algorithm: an L-layer (bi)LSTM with PyTorch's two
 * bias vectors, linear input, FP32 data, padded I/O, and a {@link DropoutDescriptor} that cuDNN
 * applies between layers in training mode only. The weight layout is the same for every algorithm
 * (PyTorch relies on this too), which {@link Encoder} checks.
 */
final class RnnDescriptor implements AutoCloseable {
  private final cudnnRNNStruct rnn = new cudnnRNNStruct();
  private final RnnAlgo algo;
  private final long weightSpaceBytes;
  private final boolean supported;
  private boolean closed;

  /**
   * Builds the descriptor; {@link #supported()} is false (and the descriptor unusable) when cuDNN
   * refuses this algorithm for this model, when the descriptor is set or when it is sized for
   * training, instead of throwing.
   */
  RnnDescriptor(CudnnHandle handle, ModelConfig c, RnnAlgo algo, MathMode math,
      DropoutDescriptor dropout, DataLayout layout) {
    this.algo = algo;
    Check.cudnn(cudnnCreateRNNDescriptor(rnn), "cudnnCreateRNNDescriptor");
    try {
      int rc = cudnnSetRNNDescriptor_v8(rnn, algo.cudnnValue, CUDNN_LSTM, CUDNN_RNN_DOUBLE_BIAS,
          c.bidirectional() ? CUDNN_BIDIRECTIONAL : CUDNN_UNIDIRECTIONAL, CUDNN_LINEAR_INPUT,
          CUDNN_DATA_FLOAT, CUDNN_DATA_FLOAT, math.cudnnMath, c.embedSize(), c.hiddenSize(),
          c.hiddenSize(), c.layers(), dropout.get(), CUDNN_RNN_PADDED_IO_ENABLED);
      if (Check.cudnnNotSupported(rc) && algo != RnnAlgo.STANDARD) {
        this.supported = false;
        this.weightSpaceBytes = 0;
        return;
      }
      Check.cudnn(rc, "cudnnSetRNNDescriptor_v8(" + algo + ", " + math + ")");
      try (SizeTPointer size = new SizeTPointer(1)) {
        Check.cudnn(cudnnGetRNNWeightSpaceSize(handle.get(), rnn, size), "cudnnGetRNNWeightSpaceSize");
        this.weightSpaceBytes = size.get();
      }
      this.supported = algo == RnnAlgo.STANDARD || trainable(handle, c, layout);
    } catch (RuntimeException e) {
      try {
        close();
      } catch (RuntimeException s) {
        e.addSuppressed(s);
      }
      throw e;
    }
  }

  /**
   * Whether cuDNN will train with this descriptor: some algorithms are accepted by
   * cudnnSetRNNDescriptor_v8 and refused only when the workspace is sized for training.
   */
  private boolean trainable(CudnnHandle handle, ModelConfig c, DataLayout layout) {
    try (RnnDataDescriptor x = new RnnDataDescriptor(); SizeTPointer work = new SizeTPointer(1);
        SizeTPointer reserve = new SizeTPointer(1)) {
      x.set(layout, 1, 1, c.embedSize(), new int[] {1});
      int rc = cudnnGetRNNTempSpaceSizes(handle.get(), rnn, CUDNN_FWD_MODE_TRAINING, x.get(), work,
          reserve);
      if (Check.cudnnNotSupported(rc)) {
        return false;
      }
      Check.cudnn(rc, "cudnnGetRNNTempSpaceSizes(probe)");
      return true;
    }
  }

  RnnAlgo algo() {
    return algo;
  }

  /** Whether cuDNN accepts this algorithm for this model. */
  boolean supported() {
    return supported;
  }

  /** Size of cuDNN's flat weight space in bytes ({@code cudnnGetRNNWeightSpaceSize}). */
  long weightSpaceBytes() {
    return weightSpaceBytes;
  }

  cudnnRNNStruct get() {
    if (closed) {
      throw new IllegalStateException("RNN descriptor is closed");
    }
    return rnn;
  }

  @Override
  public void close() {
    if (!closed) {
      closed = true;
      Check.cudnn(cudnnDestroyRNNDescriptor(rnn), "cudnnDestroyRNNDescriptor");
    }
  }
}

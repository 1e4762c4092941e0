/*
 * Dimension key: E embedding, H hidden, L layers, D directions.
 */
package org.rnn4j.cuda;

import static org.bytedeco.cuda.global.cudnn.CUDNN_BIDIRECTIONAL;
import static org.bytedeco.cuda.global.cudnn.CUDNN_DATA_FLOAT;
import static org.bytedeco.cuda.global.cudnn.CUDNN_FWD_MODE_TRAINING;
import static org.bytedeco.cuda.global.cudnn.CUDNN_LINEAR_INPUT;
import static org.bytedeco.cuda.global.cudnn.CUDNN_GRU;
import static org.bytedeco.cuda.global.cudnn.CUDNN_LSTM;
import static org.bytedeco.cuda.global.cudnn.CUDNN_RNN_RELU;
import static org.bytedeco.cuda.global.cudnn.CUDNN_RNN_TANH;
import static org.bytedeco.cuda.global.cudnn.CUDNN_RNN_DOUBLE_BIAS;
import static org.bytedeco.cuda.global.cudnn.CUDNN_RNN_PADDED_IO_ENABLED;
import static org.bytedeco.cuda.global.cudnn.CUDNN_STATUS_SUCCESS;
import static org.bytedeco.cuda.global.cudnn.CUDNN_UNIDIRECTIONAL;
import static org.bytedeco.cuda.global.cudnn.cudnnCreateRNNDescriptor;
import static org.bytedeco.cuda.global.cudnn.cudnnDestroyRNNDescriptor;
import static org.bytedeco.cuda.global.cudnn.cudnnGetRNNTempSpaceSizes;
import static org.bytedeco.cuda.global.cudnn.cudnnGetRNNWeightSpaceSize;
import static org.bytedeco.cuda.global.cudnn.cudnnSetRNNDescriptor_v8;

import org.bytedeco.cuda.cudnn.cudnnRNNStruct;
import org.bytedeco.javacpp.SizeTPointer;
import org.rnn4j.cuda.runtime.Check;
import org.rnn4j.cuda.runtime.CudaException;
import org.rnn4j.model.Cell;
import org.rnn4j.model.ModelConfig;

/**
 * cuDNN's description of the encoder for one algorithm: an L-layer (bi)directional LSTM, GRU or
 * plain RNN (cuDNN's mode per {@link Cell}) with PyTorch's two bias vectors, linear input, FP32
 * data, padded I/O, and a {@link DropoutDescriptor} that cuDNN applies between layers in training
 * mode only. The weight layout is the same for every algorithm
 * (PyTorch relies on this too), which {@link Encoder} checks.
 */
final class RnnDescriptor implements AutoCloseable {
  /**
   * The two descriptors of one algorithm (the same one twice where the model has no dropout).
   *
   * @param withoutDropout for evaluation mode, and a forward-backward pass in evaluation mode
   * @param withDropout    for training mode
   */
  record Pair(RnnDescriptor withoutDropout, RnnDescriptor withDropout) {
    RnnDescriptor get(boolean dropout) {
      return dropout ? withDropout : withoutDropout;
    }
  }

  private final cudnnRNNStruct rnn = new cudnnRNNStruct();
  private final RnnAlgo algo;
  private final long weightSpaceBytes;
  private final String unsupportedReason;
  private boolean closed;

  /**
   * Builds the descriptor. For an algorithm other than STANDARD, {@link #supported()} is false
   * (and the descriptor unusable) instead of throwing when cuDNN refuses it for this model, with
   * any status, when the descriptor is set or when it is sized for training: STANDARD, which the
   * model always has, runs instead. A failure of STANDARD itself throws.
   */
  RnnDescriptor(CudnnHandle handle, ModelConfig c, RnnAlgo algo, MathMode math,
      DropoutDescriptor dropout, DataLayout layout) {
    this.algo = algo;
    Check.cudnn(cudnnCreateRNNDescriptor(rnn), "cudnnCreateRNNDescriptor");
    try {
      int rc = cudnnSetRNNDescriptor_v8(rnn, algo.cudnnValue, cellMode(c.cell()), CUDNN_RNN_DOUBLE_BIAS,
          c.bidirectional() ? CUDNN_BIDIRECTIONAL : CUDNN_UNIDIRECTIONAL, CUDNN_LINEAR_INPUT,
          CUDNN_DATA_FLOAT, CUDNN_DATA_FLOAT, math.cudnnMath, c.embedSize(), c.hiddenSize(),
          c.hiddenSize(), c.layers(), dropout.get(), CUDNN_RNN_PADDED_IO_ENABLED);
      String call = "cudnnSetRNNDescriptor_v8(" + algo + ", " + math + ")";
      if (rc != CUDNN_STATUS_SUCCESS && algo != RnnAlgo.STANDARD) {
        this.unsupportedReason = refusal(rc, call);
        this.weightSpaceBytes = 0;
        return;
      }
      Check.cudnn(rc, call);
      try (SizeTPointer size = new SizeTPointer(1)) {
        Check.cudnn(cudnnGetRNNWeightSpaceSize(handle.get(), rnn, size), "cudnnGetRNNWeightSpaceSize");
        this.weightSpaceBytes = size.get();
      }
      this.unsupportedReason = algo == RnnAlgo.STANDARD ? null : trainingRefusal(handle, c, layout);
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
   * Why cuDNN will not train with this descriptor, or null where it will: some algorithms are
   * accepted by cudnnSetRNNDescriptor_v8 and refused only when the workspace is sized for
   * training. A probe at B=1, T=1: a real batch shape may still be refused later
   * ({@link PersistShapes}).
   */
  private String trainingRefusal(CudnnHandle handle, ModelConfig c, DataLayout layout) {
    try (RnnDataDescriptor x = new RnnDataDescriptor(); SizeTPointer work = new SizeTPointer(1);
        SizeTPointer reserve = new SizeTPointer(1)) {
      x.set(layout, 1, 1, c.embedSize(), new int[] {1});
      int rc = cudnnGetRNNTempSpaceSizes(handle.get(), rnn, CUDNN_FWD_MODE_TRAINING, x.get(), work,
          reserve);
      return rc == CUDNN_STATUS_SUCCESS ? null : refusal(rc, "cudnnGetRNNTempSpaceSizes(probe)");
    }
  }

  /** The status as text (its name and cuDNN's own message), for the log. */
  private static String refusal(int rc, String call) {
    try {
      Check.cudnn(rc, call);
      return call + " failed (cudnnStatus_t " + rc + ")";
    } catch (CudaException e) {
      return e.getMessage();
    }
  }

  RnnAlgo algo() {
    return algo;
  }

  /**
   * cuDNN's mode for a cell. cuDNN's formulas are PyTorch's: its GRU applies the reset gate to
   * {@code R_h h + b_Rh}, as {@code nn.GRU} does, and both keep two bias vectors per gate.
   */
  static int cellMode(Cell cell) {
    return switch (cell) {
      case LSTM -> CUDNN_LSTM;
      case GRU -> CUDNN_GRU;
      case RNN_TANH -> CUDNN_RNN_TANH;
      case RNN_RELU -> CUDNN_RNN_RELU;
    };
  }

  /** Whether cuDNN accepts this algorithm for this model. */
  boolean supported() {
    return unsupportedReason == null;
  }

  /** Why cuDNN refused this algorithm for this model, or null where it accepts it. */
  String unsupportedReason() {
    return unsupportedReason;
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

/*
 * Dimension key: B batch, T padded length, N vector size (E for inputs, D*H for outputs).
 */
package org.rnn4j.cuda;

import static org.bytedeco.cuda.global.cudnn.CUDNN_DATA_FLOAT;
import static org.bytedeco.cuda.global.cudnn.cudnnCreateRNNDataDescriptor;
import static org.bytedeco.cuda.global.cudnn.cudnnDestroyRNNDataDescriptor;
import static org.bytedeco.cuda.global.cudnn.cudnnSetRNNDataDescriptor;

import org.bytedeco.cuda.cudnn.cudnnRNNDataStruct;
import org.bytedeco.javacpp.FloatPointer;
import org.rnn4j.cuda.runtime.Check;

/**
 * A cuDNN RNN data descriptor for padded data ({@code [B, T, N]} or {@code [T, B, N]}, see
 * {@link DataLayout}) with per-sample lengths; outputs at padded steps are filled with 0.
 */
final class RnnDataDescriptor implements AutoCloseable {
  private final cudnnRNNDataStruct desc = new cudnnRNNDataStruct();
  private final FloatPointer paddingFill = new FloatPointer(1).put(0f);
  private boolean closed;

  RnnDataDescriptor() {
    Check.cudnn(cudnnCreateRNNDataDescriptor(desc), "cudnnCreateRNNDataDescriptor");
  }

  /** @param lengths host copy of the B sequence lengths (cuDNN reads them here, on the host) */
  void set(DataLayout layout, int maxLen, int batch, int vectorSize, int[] lengths) {
    Check.cudnn(cudnnSetRNNDataDescriptor(get(), CUDNN_DATA_FLOAT, layout.cudnnValue, maxLen, batch,
        vectorSize, lengths, paddingFill), "cudnnSetRNNDataDescriptor(" + layout + ", T=" + maxLen
        + ", B=" + batch + ", N=" + vectorSize + ")");
  }

  cudnnRNNDataStruct get() {
    if (closed) {
      throw new IllegalStateException("RNN data descriptor is closed");
    }
    return desc;
  }

  @Override
  public void close() {
    if (!closed) {
      closed = true;
      try {
        Check.cudnn(cudnnDestroyRNNDataDescriptor(desc), "cudnnDestroyRNNDataDescriptor");
      } finally {
        paddingFill.close();
      }
    }
  }
}

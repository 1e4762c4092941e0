package org.rnn4j.cuda;

import static org.bytedeco.cuda.global.cudnn.CUDNN_DATA_FLOAT;
import static org.bytedeco.cuda.global.cudnn.cudnnCreateTensorDescriptor;
import static org.bytedeco.cuda.global.cudnn.cudnnDestroyTensorDescriptor;
import static org.bytedeco.cuda.global.cudnn.cudnnSetTensorNdDescriptor;

import org.bytedeco.cuda.cudnn.cudnnTensorStruct;
import org.rnn4j.cuda.runtime.Check;

/** A cuDNN tensor descriptor for a packed FP32 tensor; reshaped in place with {@link #set}. */
final class TensorDescriptor implements AutoCloseable {
  private final cudnnTensorStruct desc = new cudnnTensorStruct();
  private boolean closed;

  TensorDescriptor() {
    Check.cudnn(cudnnCreateTensorDescriptor(desc), "cudnnCreateTensorDescriptor");
  }

  /** Describes a fully packed row-major tensor of the given dimensions. */
  TensorDescriptor set(int... dims) {
    int[] strides = new int[dims.length];
    int s = 1;
    for (int i = dims.length - 1; i >= 0; i--) {
      strides[i] = s;
      s *= dims[i];
    }
    Check.cudnn(cudnnSetTensorNdDescriptor(get(), CUDNN_DATA_FLOAT, dims.length, dims, strides),
        "cudnnSetTensorNdDescriptor");
    return this;
  }

  cudnnTensorStruct get() {
    if (closed) {
      throw new IllegalStateException("tensor descriptor is closed");
    }
    return desc;
  }

  @Override
  public void close() {
    if (!closed) {
      closed = true;
      Check.cudnn(cudnnDestroyTensorDescriptor(desc), "cudnnDestroyTensorDescriptor");
    }
  }
}

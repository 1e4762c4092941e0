package org.rnn4j.cuda;

import static org.bytedeco.cuda.global.cudnn.cudnnCreate;
import static org.bytedeco.cuda.global.cudnn.cudnnDestroy;
import static org.bytedeco.cuda.global.cudnn.cudnnSetStream;

import org.bytedeco.cuda.cudnn.cudnnContext;
import org.rnn4j.cuda.runtime.Check;
import org.rnn4j.cuda.runtime.CudaStream;

/** A cuDNN handle bound to one stream. */
final class CudnnHandle implements AutoCloseable {
  private final cudnnContext handle = new cudnnContext();
  private boolean closed;

  CudnnHandle(CudaStream stream) {
    Check.cudnn(cudnnCreate(handle), "cudnnCreate");
    try {
      Check.cudnn(cudnnSetStream(handle, stream.handle()), "cudnnSetStream");
    } catch (RuntimeException e) {
      try {
        Check.cudnn(cudnnDestroy(handle), "cudnnDestroy");
      } catch (RuntimeException s) {
        e.addSuppressed(s);
      }
      throw e;
    }
  }

  cudnnContext get() {
    if (closed) {
      throw new IllegalStateException("cuDNN handle is closed");
    }
    return handle;
  }

  @Override
  public void close() {
    if (!closed) {
      closed = true;
      Check.cudnn(cudnnDestroy(handle), "cudnnDestroy");
    }
  }
}

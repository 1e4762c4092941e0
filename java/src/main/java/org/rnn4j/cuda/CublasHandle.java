package org.rnn4j.cuda;

import static org.bytedeco.cuda.global.cublas.cublasCreate_v2;
import static org.bytedeco.cuda.global.cublas.cublasDestroy_v2;
import static org.bytedeco.cuda.global.cublas.cublasSetMathMode;
import static org.bytedeco.cuda.global.cublas.cublasSetWorkspace_v2;
import static org.bytedeco.cuda.global.cublas.cublasSetStream_v2;

import org.bytedeco.cuda.cublas.cublasContext;
import org.rnn4j.cuda.runtime.Check;
import org.rnn4j.cuda.runtime.CudaStream;
import org.rnn4j.cuda.runtime.DeviceBuffer;

/**
 * A cuBLAS handle bound to one stream, with host-side alpha/beta (the default pointer mode) and a
 * workspace of its own: without one, cuBLAS may allocate a workspace for each CUDA graph it is
 * captured into (pytorch#83461), memory that nothing here would count or free.
 */
final class CublasHandle implements AutoCloseable {
  /** cuBLAS's advice for Hopper; the decoder's products are far smaller. */
  static final long WORKSPACE_BYTES = 4L << 20;
  private final cublasContext handle = new cublasContext();
  private DeviceBuffer workspace;
  private boolean closed;

  /** @param mathMode a {@code cublasMath_t}, e.g. CUBLAS_DEFAULT_MATH or CUBLAS_TF32_TENSOR_OP_MATH */
  CublasHandle(CudaStream stream, int mathMode) {
    Check.cublas(cublasCreate_v2(handle), "cublasCreate");
    try {
      Check.cublas(cublasSetStream_v2(handle, stream.handle()), "cublasSetStream");
      Check.cublas(cublasSetMathMode(handle, mathMode), "cublasSetMathMode");
      workspace = DeviceBuffer.allocate("cuBLAS workspace", WORKSPACE_BYTES, "");
      Check.cublas(cublasSetWorkspace_v2(handle, workspace.ptr(), workspace.bytes()),
          "cublasSetWorkspace");
    } catch (RuntimeException e) {
      if (workspace != null) {
        workspace.close();
      }
      try {
        Check.cublas(cublasDestroy_v2(handle), "cublasDestroy");
      } catch (RuntimeException s) {
        e.addSuppressed(s);
      }
      throw e;
    }
  }

  cublasContext get() {
    if (closed) {
      throw new IllegalStateException("cuBLAS handle is closed");
    }
    return handle;
  }

  @Override
  public void close() {
    if (!closed) {
      closed = true;
      try {
        Check.cublas(cublasDestroy_v2(handle), "cublasDestroy");
      } finally {
        workspace.close();
      }
    }
  }
}

package org.rnn4j.cuda;

import static org.bytedeco.cuda.global.cublas.cublasCreate_v2;
import static org.bytedeco.cuda.global.cublas.cublasDestroy_v2;
import static org.bytedeco.cuda.global.cublas.cublasSetMathMode;
import static org.bytedeco.cuda.global.cublas.cublasSetStream_v2;

import org.bytedeco.cuda.cublas.cublasContext;

/** A cuBLAS handle bound to one stream, with host-side alpha/beta (the default pointer mode). */
public final class CublasHandle implements AutoCloseable {
  private final cublasContext handle = new cublasContext();
  private boolean closed;

  /** @param mathMode a {@code cublasMath_t}, e.g. CUBLAS_DEFAULT_MATH or CUBLAS_TF32_TENSOR_OP_MATH */
  public CublasHandle(CudaStream stream, int mathMode) {
    Check.cublas(cublasCreate_v2(handle), "cublasCreate");
    try {
      Check.cublas(cublasSetStream_v2(handle, stream.handle()), "cublasSetStream");
      Check.cublas(cublasSetMathMode(handle, mathMode), "cublasSetMathMode");
    } catch (RuntimeException e) {
      try {
        Check.cublas(cublasDestroy_v2(handle), "cublasDestroy");
      } catch (RuntimeException s) {
        e.addSuppressed(s);
      }
      throw e;
    }
  }

  public cublasContext get() {
    if (closed) {
      throw new IllegalStateException("cuBLAS handle is closed");
    }
    return handle;
  }

  @Override
  public void close() {
    if (!closed) {
      closed = true;
      Check.cublas(cublasDestroy_v2(handle), "cublasDestroy");
    }
  }
}

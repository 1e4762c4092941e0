package org.rnn4j.cuda.runtime;

import static org.bytedeco.cuda.global.cublas.CUBLAS_STATUS_SUCCESS;
import static org.bytedeco.cuda.global.cublas.cublasGetStatusName;
import static org.bytedeco.cuda.global.cublas.cublasGetStatusString;
import static org.bytedeco.cuda.global.cudart.CUDA_SUCCESS;
import static org.bytedeco.cuda.global.cudart.cuGetErrorName;
import static org.bytedeco.cuda.global.cudart.cuGetErrorString;
import static org.bytedeco.cuda.global.cudart.cudaErrorMemoryAllocation;
import static org.bytedeco.cuda.global.cudart.cudaGetErrorName;
import static org.bytedeco.cuda.global.cudart.cudaGetErrorString;
import static org.bytedeco.cuda.global.cudart.cudaSuccess;
import static org.bytedeco.cuda.global.cudnn.CUDNN_STATUS_INTERNAL_ERROR_DEVICE_ALLOCATION_FAILED;
import static org.bytedeco.cuda.global.cudnn.CUDNN_STATUS_SUCCESS;
import static org.bytedeco.cuda.global.cudnn.cudnnGetErrorString;
import static org.bytedeco.cuda.global.cudnn.cudnnGetLastErrorString;

import org.bytedeco.javacpp.BytePointer;
import org.bytedeco.javacpp.PointerPointer;

/**
 * Status checks for every library we call. Each throws {@link CudaException} naming the call,
 * the status name and its description. Part of the runtime layer under the cuda backend: public
 * for {@code org.rnn4j.cuda}, not an API for applications.
 */
public final class Check {
  private Check() {}

  /** CUDA runtime ({@code cuda*}). */
  public static void cuda(int status, String call) {
    if (status != cudaSuccess) {
      String text = call + " failed: " + string(cudaGetErrorName(status)) + " ("
          + string(cudaGetErrorString(status)) + ")";
      if (status == cudaErrorMemoryAllocation) {
        throw new CudaOutOfMemoryException(call, status, text, -1);
      }
      throw new CudaException(call, status, text);
    }
  }

  /**
   * cuDNN ({@code cudnn*}). The message adds cuDNN's own last-error text, which names the argument
   * it rejected; a failed device allocation inside cuDNN becomes a {@link CudaOutOfMemoryException}.
   */
  public static void cudnn(int status, String call) {
    if (status != CUDNN_STATUS_SUCCESS) {
      String text = call + " failed: " + string(cudnnGetErrorString(status)) + " (cudnnStatus_t "
          + status + ")" + lastCudnnError();
      if (status == CUDNN_STATUS_INTERNAL_ERROR_DEVICE_ALLOCATION_FAILED) {
        throw new CudaOutOfMemoryException(call, status, text, -1);
      }
      throw new CudaException(call, status, text);
    }
  }

  private static String lastCudnnError() {
    try (BytePointer buf = new BytePointer(1024)) {
      buf.put(0, (byte) 0);
      cudnnGetLastErrorString(buf, buf.capacity());
      String s = buf.getString().strip();
      return s.isEmpty() ? "" : "; cuDNN says: " + s;
    } catch (RuntimeException | UnsatisfiedLinkError e) {
      return ""; // an older cuDNN without the call: the status alone must do
    }
  }

  /** cuBLAS ({@code cublas*}). */
  public static void cublas(int status, String call) {
    if (status != CUBLAS_STATUS_SUCCESS) {
      throw new CudaException(call, status, call + " failed: " + string(cublasGetStatusName(status))
          + " (" + string(cublasGetStatusString(status)) + ")");
    }
  }

  /** CUDA driver API ({@code cu*}). */
  public static void driver(int status, String call) {
    if (status != CUDA_SUCCESS) {
      String name;
      String text;
      try (PointerPointer<BytePointer> p = new PointerPointer<>(1)) {
        name = cuGetErrorName(status, p) == CUDA_SUCCESS ? p.getString(0) : "CUresult " + status;
        text = cuGetErrorString(status, p) == CUDA_SUCCESS ? p.getString(0) : "";
      }
      throw new CudaException(call, status, call + " failed: " + name + " (" + text + ")");
    }
  }

  private static String string(BytePointer p) {
    return p == null || p.isNull() ? "unknown" : p.getString();
  }
}

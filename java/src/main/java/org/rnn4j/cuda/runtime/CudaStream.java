package org.rnn4j.cuda.runtime;

import static org.bytedeco.cuda.global.cudart.cudaGetLastError;
import static org.bytedeco.cuda.global.cudart.cudaStreamCreateWithFlags;
import static org.bytedeco.cuda.global.cudart.cudaStreamCaptureStatusNone;
import static org.bytedeco.cuda.global.cudart.cudaStreamDestroy;
import static org.bytedeco.cuda.global.cudart.cudaStreamIsCapturing;
import static org.bytedeco.cuda.global.cudart.cudaStreamNonBlocking;
import static org.bytedeco.cuda.global.cudart.cudaStreamSynchronize;

import org.bytedeco.cuda.cudart.CUstream_st;

/**
 * One CUDA stream; all of a model's work is ordered on it. In debug mode ({@code -Drnn4j.cuda.debug=true}
 * or {@code CudnnOptions.debugSync()}) {@link #afterOp} synchronizes after every operation so that
 * an asynchronous fault is reported against the operation that caused it.
 */
public final class CudaStream implements AutoCloseable {
  private final CUstream_st handle = new CUstream_st();
  private final boolean debugSync;
  private boolean closed;

  public CudaStream(boolean debugSync) {
    Check.cuda(cudaStreamCreateWithFlags(handle, cudaStreamNonBlocking), "cudaStreamCreateWithFlags");
    this.debugSync = debugSync || Boolean.getBoolean("rnn4j.cuda.debug");
  }

  public CUstream_st handle() {
    if (closed) {
      throw new IllegalStateException("stream is closed");
    }
    return handle;
  }

  public boolean debugSync() {
    return debugSync;
  }

  /** Blocks until everything queued so far has run; reports asynchronous errors. */
  public void synchronize(String what) {
    Check.cuda(cudaStreamSynchronize(handle()), "cudaStreamSynchronize after " + what);
  }

  /** Whether a CUDA graph capture is in progress on this stream. */
  public boolean isCapturing() {
    int[] status = {0};
    Check.cuda(cudaStreamIsCapturing(handle(), status), "cudaStreamIsCapturing");
    return status[0] != cudaStreamCaptureStatusNone;
  }

  /** In debug mode, synchronizes and checks for a fault caused by {@code op}. */
  public void afterOp(String op) {
    if (debugSync) {
      synchronize(op);
      Check.cuda(cudaGetLastError(), op + " (debug sync)");
    }
  }

  @Override
  public void close() {
    if (!closed) {
      closed = true;
      Check.cuda(cudaStreamDestroy(handle), "cudaStreamDestroy");
    }
  }
}

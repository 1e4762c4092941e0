package org.rnn4j.cuda.runtime;

/**
 * A failed CUDA, cuDNN, cuBLAS or driver call: the message names the call, the status and, where
 * one is known, what to do about it.
 */
public class CudaException extends RuntimeException {
  private static final long serialVersionUID = 1L;
  private final String call;
  private final int status;

  public CudaException(String call, int status, String message) {
    super(message);
    this.call = call;
    this.status = status;
  }

  public CudaException(String message, Throwable cause) {
    super(message, cause);
    this.call = "";
    this.status = 0;
  }

  /** The library call that failed, e.g. {@code cudnnRNNForward}; empty when not a call. */
  public String call() {
    return call;
  }

  /** The status it returned (0 when not a call). */
  public int status() {
    return status;
  }
}

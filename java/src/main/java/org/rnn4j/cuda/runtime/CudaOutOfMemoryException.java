package org.rnn4j.cuda.runtime;

/**
 * The device could not satisfy an allocation. The model that threw it stays usable: it keeps the
 * buffers it had, so a smaller batch works.
 */
public class CudaOutOfMemoryException extends CudaException {
  private static final long serialVersionUID = 1L;
  private final long requestedBytes;

  public CudaOutOfMemoryException(String call, int status, String message, long requestedBytes) {
    super(call, status, message);
    this.requestedBytes = requestedBytes;
  }

  public long requestedBytes() {
    return requestedBytes;
  }
}

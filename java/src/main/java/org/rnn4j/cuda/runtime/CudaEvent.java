package org.rnn4j.cuda.runtime;

import static org.bytedeco.cuda.global.cudart.cudaEventCreateWithFlags;
import static org.bytedeco.cuda.global.cudart.cudaEventDefault;
import static org.bytedeco.cuda.global.cudart.cudaEventDestroy;
import static org.bytedeco.cuda.global.cudart.cudaEventDisableTiming;
import static org.bytedeco.cuda.global.cudart.cudaEventElapsedTime;
import static org.bytedeco.cuda.global.cudart.cudaEventRecord;
import static org.bytedeco.cuda.global.cudart.cudaEventSynchronize;

import org.bytedeco.cuda.cudart.CUevent_st;

/** A CUDA event: a marker in a stream that the host can wait for, or time between. */
public final class CudaEvent implements AutoCloseable {
  private final CUevent_st handle = new CUevent_st();
  private boolean closed;

  public CudaEvent(boolean timing) {
    Check.cuda(cudaEventCreateWithFlags(handle, timing ? cudaEventDefault : cudaEventDisableTiming),
        "cudaEventCreateWithFlags");
  }

  public void record(CudaStream stream) {
    Check.cuda(cudaEventRecord(handle(), stream.handle()), "cudaEventRecord");
  }

  public void synchronize() {
    Check.cuda(cudaEventSynchronize(handle()), "cudaEventSynchronize");
  }

  /** Milliseconds between {@code start} and this event (both recorded and complete). */
  public float elapsedSince(CudaEvent start) {
    float[] ms = {0};
    Check.cuda(cudaEventElapsedTime(ms, start.handle(), handle()), "cudaEventElapsedTime");
    return ms[0];
  }

  CUevent_st handle() {
    if (closed) {
      throw new IllegalStateException("event is closed");
    }
    return handle;
  }

  @Override
  public void close() {
    if (!closed) {
      closed = true;
      Check.cuda(cudaEventDestroy(handle), "cudaEventDestroy");
    }
  }
}

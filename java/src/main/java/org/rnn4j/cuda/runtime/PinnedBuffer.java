package org.rnn4j.cuda.runtime;

import static org.bytedeco.cuda.global.cudart.cudaFreeHost;
import static org.bytedeco.cuda.global.cudart.cudaMallocHost;

import org.bytedeco.javacpp.BytePointer;
import org.bytedeco.javacpp.Pointer;

/**
 * Page-locked host memory ({@code cudaMallocHost}) so that copies to and from the device can be
 * asynchronous. Owned by this object; {@link #close()} frees it (idempotent).
 */
public final class PinnedBuffer implements AutoCloseable {
  private final long bytes;
  private final BytePointer memory;
  private boolean closed;

  public PinnedBuffer(long bytes) {
    Pointer p = new Pointer();
    Check.cuda(cudaMallocHost(p, Math.max(1, bytes)), "cudaMallocHost(" + bytes + " bytes)");
    this.bytes = bytes;
    this.memory = new BytePointer(p).capacity(Math.max(1, bytes));
  }

  public long bytes() {
    return bytes;
  }

  /** The memory as bytes; use {@code getInt/putInt/getFloat} with byte offsets. */
  public BytePointer memory() {
    if (closed) {
      throw new IllegalStateException("pinned buffer is closed");
    }
    return memory;
  }

  @Override
  public void close() {
    if (!closed) {
      closed = true;
      Check.cuda(cudaFreeHost(memory), "cudaFreeHost");
    }
  }
}

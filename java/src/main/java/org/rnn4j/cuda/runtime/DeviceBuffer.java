package org.rnn4j.cuda.runtime;

import static org.bytedeco.cuda.global.cudart.cudaErrorMemoryAllocation;
import static org.bytedeco.cuda.global.cudart.cudaFree;
import static org.bytedeco.cuda.global.cudart.cudaGetLastError;
import static org.bytedeco.cuda.global.cudart.cudaMalloc;
import static org.bytedeco.cuda.global.cudart.cudaMemsetAsync;
import static org.bytedeco.cuda.global.cudart.cudaSuccess;

import java.util.concurrent.atomic.AtomicLong;
import org.bytedeco.javacpp.Pointer;

/**
 * Device memory from {@code cudaMalloc}, owned by exactly this object and freed by
 * {@link #close()} (idempotent), never by the garbage collector.
 */
public final class DeviceBuffer implements AutoCloseable {
  private static final AtomicLong ALLOCATIONS = new AtomicLong();
  private static final AtomicLong LIVE_BYTES = new AtomicLong();
  private final String name;
  private final long bytes;
  private final DevicePointer pointer;
  private boolean closed;

  private DeviceBuffer(String name, long bytes, DevicePointer pointer) {
    this.name = name;
    this.bytes = bytes;
    this.pointer = pointer;
  }

  /**
   * Allocates {@code bytes} bytes (at least one). Out of memory gives a
   * {@link CudaOutOfMemoryException} naming {@code name} and the size; {@code hint} is appended
   * (e.g. the batch size that asked for it).
   */
  public static DeviceBuffer allocate(String name, long bytes, String hint) {
    if (bytes < 0) {
      throw new IllegalArgumentException("negative size " + bytes + " for " + name);
    }
    long size = Math.max(1, bytes);
    Pointer p = new Pointer();
    int rc = cudaMalloc(p, size);
    if (rc == cudaErrorMemoryAllocation) {
      // Out of memory is not sticky: clear it so that the next call is not blamed for it.
      int cleared = cudaGetLastError();
      assert cleared == rc || cleared == cudaSuccess;
      throw new CudaOutOfMemoryException("cudaMalloc", rc, "Out of GPU memory allocating " + name
          + " (" + mib(size) + ")" + (hint.isEmpty() ? "" : ": " + hint), size);
    }
    if (rc != cudaSuccess) {
      Check.cuda(rc, "cudaMalloc(" + name + ", " + size + " bytes)");
    }
    ALLOCATIONS.incrementAndGet();
    LIVE_BYTES.addAndGet(size);
    return new DeviceBuffer(name, size, new DevicePointer(p.address(), size));
  }

  /**
   * What every DeviceBuffer of this process has done: a step that allocates device memory through
   * rnn4j shows up here exactly (cuDNN's and cuBLAS's own allocations do not).
   *
   * @param allocations allocations made so far
   * @param liveBytes   bytes held now
   */
  public record Counters(long allocations, long liveBytes) {}

  /** The counters now; see {@link Counters}. */
  public static Counters counters() {
    return new Counters(ALLOCATIONS.get(), LIVE_BYTES.get());
  }

  public String name() {
    return name;
  }

  public long bytes() {
    return bytes;
  }

  /** The whole buffer as a pointer view. */
  public DevicePointer ptr() {
    ensureOpen();
    return pointer;
  }

  /** A view of {@code [offset, offset + length)} bytes. */
  public DevicePointer slice(long offset, long length) {
    return ptr().slice(offset, length);
  }

  /** Zeroes {@code length} bytes from {@code offset}, asynchronously on {@code stream}. */
  public void zeroAsync(CudaStream stream, long offset, long length) {
    Check.cuda(cudaMemsetAsync(slice(offset, length), 0, length, stream.handle()),
        "cudaMemsetAsync(" + name + ")");
  }

  public boolean isClosed() {
    return closed;
  }

  private void ensureOpen() {
    if (closed) {
      throw new IllegalStateException("device buffer " + name + " is closed");
    }
  }

  @Override
  public void close() {
    if (!closed) {
      closed = true;
      LIVE_BYTES.addAndGet(-bytes);
      Check.cuda(cudaFree(pointer), "cudaFree(" + name + ")");
    }
  }

  static String mib(long bytes) {
    return String.format("%.1f MiB", bytes / (1024.0 * 1024.0));
  }
}

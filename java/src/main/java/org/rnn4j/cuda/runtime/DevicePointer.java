package org.rnn4j.cuda.runtime;

import org.bytedeco.javacpp.FloatPointer;
import org.bytedeco.javacpp.IntPointer;
import org.bytedeco.javacpp.Pointer;

/**
 * A non-owning view of {@code bytes} bytes of memory starting at {@code address}: device memory
 * from a {@link DeviceBuffer} (which owns it), or pinned host memory from a {@link PinnedBuffer}.
 * It only carries an exact address (position 0) for JavaCPP calls.
 */
public final class DevicePointer extends Pointer {
  DevicePointer(long address, long bytes) {
    this.address = address;
    this.position = 0;
    this.limit = bytes;
    this.capacity = bytes;
  }

  /** A view of raw memory at {@code address}; the caller guarantees its owner outlives the view. */
  public static DevicePointer at(long address, long bytes) {
    return new DevicePointer(address, bytes);
  }

  public long bytes() {
    return capacity;
  }

  /** The same address typed as {@code float*}. */
  public FloatPointer asFloat() {
    return new FloatPointer(this);
  }

  /** The same address typed as {@code int*}. */
  public IntPointer asInt() {
    return new IntPointer(this);
  }

  /** A view {@code offset} bytes further on, {@code bytes} long. */
  public DevicePointer slice(long offset, long bytes) {
    if (offset < 0 || bytes < 0 || offset + bytes > capacity) {
      throw new IllegalArgumentException("slice [" + offset + ", " + (offset + bytes)
          + ") outside a view of " + capacity + " bytes");
    }
    return new DevicePointer(address + offset, bytes);
  }
}

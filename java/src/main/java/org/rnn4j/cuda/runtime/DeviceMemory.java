package org.rnn4j.cuda.runtime;

/**
 * The device's memory at one moment, as {@code cudaMemGetInfo} reports it for the whole device
 * (every process's allocations count).
 *
 * @param free  bytes free
 * @param total bytes the device has
 */
public record DeviceMemory(long free, long total) {
  /** Bytes in use: {@code total - free}. */
  public long used() {
    return total - free;
  }
}

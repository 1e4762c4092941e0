package org.rnn4j.cuda.runtime;

import static org.bytedeco.cuda.global.cudart.cudaFree;
import static org.bytedeco.cuda.global.cudart.cudaGetDeviceCount;
import static org.bytedeco.cuda.global.cudart.cudaGetDeviceProperties;
import static org.bytedeco.cuda.global.cudart.cudaMemGetInfo;
import static org.bytedeco.cuda.global.cudart.cudaSetDevice;

import org.bytedeco.cuda.cudart.cudaDeviceProp;
import org.bytedeco.javacpp.Pointer;
import org.bytedeco.javacpp.SizeTPointer;

/**
 * One GPU and its properties. A CUDA context is current per thread: every entry point that may
 * run on a new thread calls {@link #makeCurrent()} first (cheap when already current).
 */
public final class CudaDevice {
  private final int index;
  private final String name;
  private final long totalMemory;
  private final int major;
  private final int minor;
  private final int multiprocessors;

  private CudaDevice(int index, String name, long totalMemory, int major, int minor, int sms) {
    this.index = index;
    this.name = name;
    this.totalMemory = totalMemory;
    this.major = major;
    this.minor = minor;
    this.multiprocessors = sms;
  }

  /** Device {@code index} (0-based); IllegalArgumentException when there is no such device. */
  public static CudaDevice open(int index) {
    CudaLibraries.require();
    int[] count = {0};
    Check.cuda(cudaGetDeviceCount(count), "cudaGetDeviceCount");
    if (index < 0 || index >= count[0]) {
      throw new IllegalArgumentException("no CUDA device " + index + "; this machine has " + count[0]);
    }
    String old = CudaLibraries.tooOld(index);
    if (old != null) {
      throw new IllegalArgumentException(old);
    }
    try (cudaDeviceProp p = new cudaDeviceProp()) {
      Check.cuda(cudaGetDeviceProperties(p, index), "cudaGetDeviceProperties(" + index + ")");
      CudaDevice d = new CudaDevice(index, p.name().getString(), p.totalGlobalMem(), p.major(),
          p.minor(), p.multiProcessorCount());
      d.makeCurrent();
      // Creates the primary context now, so that the driver API (kernels) finds it current.
      Check.cuda(cudaFree(new Pointer()), "cudaFree(NULL) to create the primary context");
      return d;
    }
  }

  public void makeCurrent() {
    Check.cuda(cudaSetDevice(index), "cudaSetDevice(" + index + ")");
  }

  /** Free and total device memory in bytes, now. */
  public DeviceMemory memoryInfo() {
    makeCurrent();
    try (SizeTPointer free = new SizeTPointer(1); SizeTPointer total = new SizeTPointer(1)) {
      Check.cuda(cudaMemGetInfo(free, total), "cudaMemGetInfo");
      return new DeviceMemory(free.get(), total.get());
    }
  }

  public int index() {
    return index;
  }

  public String name() {
    return name;
  }

  public long totalMemory() {
    return totalMemory;
  }

  /** Compute capability, e.g. 90 for sm_90. */
  public int computeCapability() {
    return major * 10 + minor;
  }

  public int multiprocessors() {
    return multiprocessors;
  }

  @Override
  public String toString() {
    return String.format("GPU %d: %s (sm_%d, %d SMs, %.1f GiB)", index, name, computeCapability(),
        multiprocessors, totalMemory / (1024.0 * 1024 * 1024));
  }
}

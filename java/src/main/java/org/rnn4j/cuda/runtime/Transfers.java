package org.rnn4j.cuda.runtime;

import static org.bytedeco.cuda.global.cudart.cudaMemcpyAsync;
import static org.bytedeco.cuda.global.cudart.cudaMemcpyDeviceToHost;
import static org.bytedeco.cuda.global.cudart.cudaMemcpyHostToDevice;

import org.bytedeco.javacpp.FloatPointer;

/**
 * Blocking float copies between Java arrays and device memory, ordered on the model's stream
 * (the stream is non-blocking, so a copy on the legacy default stream would not be ordered with it).
 * For parameter and gradient transfers, not for the training step's hot path. Part of the runtime
 * layer under the cuda backend: public for {@code org.rnn4j.cuda}, not an API for applications.
 */
public final class Transfers {
  private Transfers() {}

  /** Copies {@code count} floats of {@code src} from {@code srcOffset} to {@code dst}; waits. */
  public static void toDevice(float[] src, int srcOffset, int count, DevicePointer dst, CudaStream s) {
    checkRange(count, dst);
    try (FloatPointer host = new FloatPointer(count)) {
      host.put(src, srcOffset, count);
      Check.cuda(cudaMemcpyAsync(dst, host, (long) count * Float.BYTES, cudaMemcpyHostToDevice,
          s.handle()), "cudaMemcpyAsync(host to device, " + count + " floats)");
      s.synchronize("a host-to-device copy");
    }
  }

  /** Copies {@code count} floats of {@code src} into {@code dst} from {@code dstOffset}; waits. */
  public static void toHost(DevicePointer src, float[] dst, int dstOffset, int count, CudaStream s) {
    checkRange(count, src);
    try (FloatPointer host = new FloatPointer(count)) {
      Check.cuda(cudaMemcpyAsync(host, src, (long) count * Float.BYTES, cudaMemcpyDeviceToHost,
          s.handle()), "cudaMemcpyAsync(device to host, " + count + " floats)");
      s.synchronize("a device-to-host copy");
      host.get(dst, dstOffset, count);
    }
  }

  private static void checkRange(int count, DevicePointer p) {
    if ((long) count * Float.BYTES > p.bytes()) {
      throw new IllegalArgumentException(count + " floats do not fit a device view of " + p.bytes()
          + " bytes");
    }
  }
}

package org.rnn4j.cuda;

import static org.bytedeco.cuda.global.cudart.cudaMemcpyAsync;
import static org.bytedeco.cuda.global.cudart.cudaMemcpyDeviceToHost;
import static org.bytedeco.cuda.global.cudart.cudaMemcpyHostToDevice;

import java.util.Arrays;
import org.bytedeco.javacpp.IntPointer;
import org.rnn4j.cuda.runtime.Check;
import org.rnn4j.cuda.runtime.Closer;
import org.rnn4j.cuda.runtime.CudaDevice;
import org.rnn4j.cuda.runtime.CudaStream;
import org.rnn4j.cuda.runtime.DeviceBuffer;
import org.rnn4j.cuda.runtime.DevicePointer;
import org.rnn4j.cuda.runtime.Transfers;

/**
 * Test glue for the GPU piece tests: device 0, one stream in debug mode (synchronized and checked
 * after every operation, so a fault is reported against the launch that caused it), and device
 * arrays uploaded from and read back into Java arrays. Everything is freed by {@link #close()}.
 */
final class DeviceArrays implements AutoCloseable {
  private final Closer closer = new Closer();
  private final CudaDevice device;
  private final CudaStream stream;

  DeviceArrays() {
    device = CudaDevice.open(0);
    stream = closer.register(new CudaStream(true));
  }

  CudaDevice device() {
    return device;
  }

  CudaStream stream() {
    return stream;
  }

  /** Registers {@code resource} to be closed (before the stream) by {@link #close()}. */
  <C extends AutoCloseable> C own(C resource) {
    return closer.register(resource);
  }

  DevicePointer floats(float[] host) {
    DevicePointer p = allocate(host.length);
    Transfers.toDevice(host, 0, host.length, p, stream);
    return p;
  }

  /** {@code n} floats all set to {@code value}: a sentinel shows which outputs a kernel left unwritten. */
  DevicePointer filled(int n, float value) {
    float[] host = new float[n];
    Arrays.fill(host, value);
    return floats(host);
  }

  DevicePointer ints(int[] host) {
    DevicePointer p = allocate(host.length);
    try (IntPointer staging = new IntPointer(host)) {
      Check.cuda(cudaMemcpyAsync(p, staging, 4L * host.length, cudaMemcpyHostToDevice, stream.handle()),
          "cudaMemcpyAsync(test ints to device)");
      stream.synchronize("a test upload");
    }
    return p;
  }

  float[] read(DevicePointer p, int n) {
    float[] out = new float[n];
    Transfers.toHost(p, out, 0, n, stream);
    return out;
  }

  int[] readInts(DevicePointer p, int n) {
    int[] out = new int[n];
    try (IntPointer staging = new IntPointer(n)) {
      Check.cuda(cudaMemcpyAsync(staging, p, 4L * n, cudaMemcpyDeviceToHost, stream.handle()),
          "cudaMemcpyAsync(test ints to host)");
      stream.synchronize("a test download");
      staging.get(out);
    }
    return out;
  }

  private DevicePointer allocate(int elements) {
    return closer.register(DeviceBuffer.allocate("test array", 4L * elements, "")).ptr();
  }

  @Override
  public void close() {
    try {
      stream.synchronize("closing the test arrays");
    } finally {
      closer.close();
    }
  }
}

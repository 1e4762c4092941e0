package org.rnn4j.bench;

import com.google.gson.JsonObject;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import org.rnn4j.cuda.runtime.DeviceMemory;

/**
 * Device memory of one GPU benchmark trial, measured the way the PyTorch script measures its own:
 * {@code cudaMemGetInfo}'s used bytes (total - free) once the CUDA context exists but before the
 * model, and again after warm-up and measurement. The model allocates nothing after its first
 * steps (its buffers only grow), so the second reading is its peak. The difference covers the
 * model's buffers, Adam's moments, the cuDNN and cuBLAS handles and workspaces, and the library
 * kernels loaded on first use; not the CUDA context itself.
 *
 * <p>Printed as one line starting {@code rnn4j-gpu-memory} and, when the system property
 * {@value #OUT_PROPERTY} names a file, appended to it as one JSON object per line (pass it to the
 * forked JVM with {@code -jvmArgsAppend -Drnn4j.bench.memoryOut=FILE}).
 */
final class GpuMemoryRecord {
  static final String OUT_PROPERTY = "rnn4j.bench.memoryOut";
  private static final double MIB = 1024.0 * 1024.0;

  private GpuMemoryRecord() {}

  /**
   * @param algoUsed the algorithm in use, after any fallback to STANDARD
   * @param before   the device's memory before the model, after the context
   * @param after    the device's memory after warm-up and measurement
   */
  static void report(String benchmark, String shape, String math, String algoRequested,
      String algoUsed, DeviceMemory before, DeviceMemory after, long stepBufferBytes, String device) {
    long usedBefore = before.used();
    long usedAfter = after.used();
    JsonObject o = new JsonObject();
    o.addProperty("impl", "rnn4j");
    o.addProperty("benchmark", benchmark);
    o.addProperty("shape", shape);
    o.addProperty("math", math);
    o.addProperty("algo_requested", algoRequested);
    o.addProperty("algo", algoUsed);
    o.addProperty("used_before_mib", usedBefore / MIB);
    o.addProperty("used_after_mib", usedAfter / MIB);
    o.addProperty("device_delta_mib", (usedAfter - usedBefore) / MIB);
    o.addProperty("step_buffers_mib", stepBufferBytes / MIB);
    o.addProperty("total_mib", after.total() / MIB);
    o.addProperty("device", device);
    System.out.println("rnn4j-gpu-memory " + o);
    String out = System.getProperty(OUT_PROPERTY, "");
    if (!out.isEmpty()) {
      try {
        Files.writeString(Path.of(out), o + "\n", StandardCharsets.UTF_8,
            StandardOpenOption.CREATE, StandardOpenOption.APPEND);
      } catch (IOException e) {
        throw new UncheckedIOException("appending the memory record to " + out, e);
      }
    }
  }
}

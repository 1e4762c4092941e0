package org.rnn4j;

import org.rnn4j.cpu.CpuBackend;
import org.rnn4j.cuda.CudnnBackend;
import org.rnn4j.cuda.CudnnOptions;
import org.rnn4j.model.Backend;

/**
 * Chooses a backend by name: {@code cpu}, {@code cudnn}, or {@code auto} (the GPU when it is
 * usable, else the CPU, with the reason in {@link Choice#why()}).
 */
public final class Backends {
  private Backends() {}

  /** A chosen backend and, for {@code auto}, why it was chosen. */
  public record Choice(Backend backend, String why) {}

  public static Choice choose(String name) {
    return choose(name, CudnnOptions.defaults());
  }

  /**
   * @param name {@code auto}, {@code cpu} or {@code cudnn}
   * @throws BackendUnavailableException for {@code cudnn} where no GPU is usable (with the reason)
   * @throws IllegalArgumentException for another name
   */
  public static Choice choose(String name, CudnnOptions gpuOptions) {
    switch (name) {
      case "cpu":
        return new Choice(new CpuBackend(), "requested");
      case "cudnn": {
        CudnnBackend gpu = new CudnnBackend(gpuOptions);
        if (!gpu.isAvailable()) {
          throw new BackendUnavailableException("cudnn", gpu.unavailableReason());
        }
        return new Choice(gpu, "requested");
      }
      case "auto": {
        CudnnBackend gpu = new CudnnBackend(gpuOptions);
        if (gpu.isAvailable()) {
          return new Choice(gpu, "a usable GPU was found");
        }
        return new Choice(new CpuBackend(), "no GPU backend: " + gpu.unavailableReason());
      }
      default:
        throw new IllegalArgumentException("Backends.choose: unknown backend '" + name
            + "'; use auto, cpu or cudnn");
    }
  }
}

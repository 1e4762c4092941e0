package org.rnn4j.cuda;

import org.rnn4j.cuda.runtime.CudaDevice;
import org.rnn4j.cuda.runtime.CudaLibraries;
import org.rnn4j.model.Backend;
import org.rnn4j.model.Model;
import org.rnn4j.model.ModelConfig;

/** The GPU backend: cuDNN's RNN and cuBLAS through the JavaCPP presets, plus rnn4j's kernels. */
public final class CudnnBackend implements Backend {
  private final CudnnOptions options;

  public CudnnBackend() {
    this(CudnnOptions.defaults());
  }

  public CudnnBackend(CudnnOptions options) {
    this.options = options;
  }

  public CudnnOptions options() {
    return options;
  }

  @Override
  public String name() {
    return "cudnn";
  }

  @Override
  public boolean isAvailable() {
    return CudaLibraries.status().available();
  }

  @Override
  public String unavailableReason() {
    return CudaLibraries.status().reason();
  }

  @Override
  public String describe() {
    CudaLibraries.Status s = CudaLibraries.status();
    if (!s.available()) {
      return "cudnn (unavailable: " + s.reason() + ")";
    }
    CudaDevice d = CudaDevice.open(options.device());
    return d + ", CUDA runtime " + CudaLibraries.version(s.runtimeVersion()) + ", driver "
        + CudaLibraries.version(s.driverVersion()) + ", cuDNN " + s.cudnnVersion() + ", "
        + options.algo() + ", " + options.math();
  }

  @Override
  public Model create(ModelConfig config, long seed) {
    CudaLibraries.require();
    return new CudnnModel(config, seed, options);
  }
}

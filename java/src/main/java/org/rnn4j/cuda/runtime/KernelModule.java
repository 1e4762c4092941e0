package org.rnn4j.cuda.runtime;

import static org.bytedeco.cuda.global.cudart.cuInit;
import static org.bytedeco.cuda.global.cudart.cuLaunchKernel;
import static org.bytedeco.cuda.global.cudart.cuModuleGetFunction;
import static org.bytedeco.cuda.global.cudart.cuModuleLoadData;
import static org.bytedeco.cuda.global.cudart.cuModuleUnload;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URL;
import org.bytedeco.cuda.cudart.CUfunc_st;
import org.bytedeco.cuda.cudart.CUmod_st;
import org.bytedeco.javacpp.BytePointer;
import org.bytedeco.javacpp.Pointer;
import org.bytedeco.javacpp.PointerPointer;

/**
 * rnn4j's own kernels ({@code native/*.cu}), compiled ahead of time into a fatbin resource and
 * loaded with the CUDA driver API into the current (primary) context. Launch arguments go through
 * one reusable native block, so a launch allocates nothing.
 */
public final class KernelModule implements AutoCloseable {
  /** Where the build puts the fatbin (cmake/build-kernels.sh, driven from java/pom.xml). */
  public static final String RESOURCE = "/org/rnn4j/cuda/rnn4j_kernels.fatbin";
  /**
   * The lowest compute capability the kernels are built for (the lowest of RNN4J_CUDA_ARCHS in
   * cmake/CMakeLists.txt); older GPUs cannot load them.
   */
  public static final int MIN_COMPUTE_CAPABILITY = 75;
  private static final int MAX_ARGS = 16;

  private final CUmod_st module = new CUmod_st();
  private final BytePointer argValues;
  private final PointerPointer<Pointer> argPointers;
  private boolean closed;

  /** The fatbin resource, or null where the jar was built without nvcc. */
  public static URL fatbinResource() {
    return KernelModule.class.getResource(RESOURCE);
  }

  /** Loads the fatbin into the context current on this thread. */
  public KernelModule() {
    URL url = fatbinResource();
    if (url == null) {
      throw new CudaException("rnn4j's CUDA kernels were not built into this jar (" + RESOURCE
          + " is missing); rebuild with nvcc on the PATH", null);
    }
    byte[] image;
    try (InputStream in = url.openStream()) {
      image = in.readAllBytes();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + url, e);
    }
    Check.driver(cuInit(0), "cuInit");
    Closer closer = new Closer(); // native memory allocated so far, freed if the load fails
    try {
      argValues = closer.register(new BytePointer(MAX_ARGS * 8L));
      argPointers = closer.register(new PointerPointer<>(MAX_ARGS));
      try (BytePointer data = new BytePointer(image)) {
        Check.driver(cuModuleLoadData(module, data), "cuModuleLoadData(rnn4j_kernels.fatbin)");
      }
    } catch (RuntimeException e) {
      throw closer.closeAfter(e);
    }
    for (int i = 0; i < MAX_ARGS; i++) {
      argPointers.put(i, at(argValues.address() + 8L * i));
    }
  }

  /** The kernel named {@code name} (extern "C" in native/). */
  public CUfunc_st function(String name) {
    CUfunc_st f = new CUfunc_st();
    Check.driver(cuModuleGetFunction(f, module(), name), "cuModuleGetFunction(" + name + ")");
    return f;
  }

  /** Starts describing one launch of {@code function}. */
  public Launch launch(CUfunc_st function, String name) {
    module();
    return new Launch(function, name);
  }

  private CUmod_st module() {
    if (closed) {
      throw new IllegalStateException("kernel module is closed");
    }
    return module;
  }

  private static Pointer at(long address) {
    return new DevicePointer(address, 8);
  }

  /**
   * Builder for one launch: arguments in the kernel's order, then {@link #run}. Public for the
   * cuda backend's typed launches ({@code org.rnn4j.cuda.Kernels}), which are the only callers.
   */
  public final class Launch {
    private final CUfunc_st function;
    private final String name;
    private int count;

    private Launch(CUfunc_st function, String name) {
      this.function = function;
      this.name = name;
    }

    public Launch ptr(Pointer p) {
      argValues.putLong(8L * next(), p == null ? 0L : p.address());
      return this;
    }

    public Launch i32(int v) {
      argValues.putInt(8L * next(), v);
      return this;
    }

    public Launch i64(long v) {
      argValues.putLong(8L * next(), v);
      return this;
    }

    public Launch f32(float v) {
      argValues.putFloat(8L * next(), v);
      return this;
    }

    private int next() {
      if (count == MAX_ARGS) {
        throw new IllegalStateException("too many arguments for kernel " + name);
      }
      return count++;
    }

    /** Launches a 1-D grid on {@code stream}; checks the launch status (and faults in debug mode). */
    public void run(int blocks, int threads, CudaStream stream) {
      Check.driver(cuLaunchKernel(function, blocks, 1, 1, threads, 1, 1, 0, stream.handle(),
          argPointers, null), "cuLaunchKernel(" + name + ")");
      stream.afterOp(name);
    }
  }

  @Override
  public void close() {
    if (!closed) {
      closed = true;
      try {
        Check.driver(cuModuleUnload(module), "cuModuleUnload");
      } finally {
        argValues.close();
        argPointers.close();
      }
    }
  }
}

package org.rnn4j.cuda.runtime;

import static org.bytedeco.cuda.global.cudart.cudaDriverGetVersion;
import static org.bytedeco.cuda.global.cudart.cudaErrorInsufficientDriver;
import static org.bytedeco.cuda.global.cudart.cudaGetDeviceCount;
import static org.bytedeco.cuda.global.cudart.cudaRuntimeGetVersion;
import static org.bytedeco.cuda.global.cudart.cudaSuccess;

import java.util.LinkedHashSet;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.bytedeco.javacpp.Loader;

/**
 * Loads the JavaCPP CUDA presets (runtime + driver API, cuDNN, cuBLAS) once and says, in one
 * sentence, why the GPU backend cannot run when something is missing: which shared library, and
 * how to provide it.
 */
public final class CudaLibraries {
  private static final Pattern SONAME = Pattern.compile("lib[A-Za-z0-9_+-]+\\.so(\\.[0-9]+)*");
  private static volatile Status status;

  /** The outcome of loading: usable, or why not. */
  public record Status(boolean available, String reason, int runtimeVersion, int driverVersion,
      long cudnnVersion, int deviceCount) {}

  private CudaLibraries() {}

  /** Loads everything on first call; later calls return the cached outcome. */
  public static Status status() {
    Status s = status;
    if (s == null) {
      synchronized (CudaLibraries.class) {
        s = status;
        if (s == null) {
          s = probe();
          status = s;
        }
      }
    }
    return s;
  }

  /** Throws {@link CudaException} with the reason unless the GPU backend can run. */
  public static void require() {
    Status s = status();
    if (!s.available()) {
      throw new CudaException(s.reason(), null);
    }
  }

  private static Status probe() {
    String fail = load(org.bytedeco.cuda.global.cudart.class, "the CUDA runtime and driver",
        "the NVIDIA driver (libcuda.so.1) and the CUDA 13 runtime (libcudart.so.13)");
    if (fail != null) {
      return unavailable(fail);
    }
    int[] runtime = {0};
    int[] driver = {0};
    try {
      Check.cuda(cudaRuntimeGetVersion(runtime), "cudaRuntimeGetVersion");
      Check.cuda(cudaDriverGetVersion(driver), "cudaDriverGetVersion");
    } catch (CudaException e) {
      return unavailable("The CUDA runtime loaded but does not work: " + e.getMessage());
    }
    int[] count = {0};
    int rc = cudaGetDeviceCount(count);
    if (rc == cudaErrorInsufficientDriver) {
      return unavailable("The NVIDIA driver (" + (driver[0] == 0 ? "version unknown"
          : "CUDA " + version(driver[0])) + ") is older than the CUDA runtime " + version(runtime[0])
          + " these presets use; update the NVIDIA driver (580 or newer for CUDA 13).");
    }
    if (rc != cudaSuccess || count[0] == 0) {
      String why = rc != cudaSuccess
          ? org.bytedeco.cuda.global.cudart.cudaGetErrorString(rc).getString()
          : "no devices";
      return unavailable("No CUDA GPU is visible (cudaGetDeviceCount: " + why + "; driver "
          + version(driver[0]) + ", runtime " + version(runtime[0]) + ").");
    }
    fail = load(org.bytedeco.cuda.global.cublas.class, "cuBLAS",
        "cuBLAS 13 (libcublas.so.13, libcublasLt.so.13)");
    if (fail == null) {
      fail = load(org.bytedeco.cuda.global.cudnn.class, "cuDNN",
          "cuDNN 9 for CUDA 13 (libcudnn.so.9 and libcudnn_{graph,ops,adv,cnn}.so.9)");
    }
    if (fail == null) {
      fail = cudnnSubLibraries();
    }
    if (fail != null) {
      return unavailable(fail);
    }
    String old = tooOld(0);
    if (old != null) {
      return unavailable(old);
    }
    long cudnnVersion = org.bytedeco.cuda.global.cudnn.cudnnGetVersion();
    if (KernelModule.fatbinResource() == null) {
      return unavailable("rnn4j's CUDA kernels are not in this build (nvcc was not found when the"
          + " jar was built); rebuild with the CUDA toolkit's nvcc on the PATH.");
    }
    return new Status(true, "", runtime[0], driver[0], cudnnVersion, count[0]);
  }

  /**
   * Why device {@code index} cannot run rnn4j's kernels (compute capability below the lowest they
   * are built for), or null.
   */
  static String tooOld(int index) {
    int[] major = {0};
    int[] minor = {0};
    Check.cuda(org.bytedeco.cuda.global.cudart.cudaDeviceGetAttribute(major,
        org.bytedeco.cuda.global.cudart.cudaDevAttrComputeCapabilityMajor, index),
        "cudaDeviceGetAttribute(compute capability)");
    Check.cuda(org.bytedeco.cuda.global.cudart.cudaDeviceGetAttribute(minor,
        org.bytedeco.cuda.global.cudart.cudaDevAttrComputeCapabilityMinor, index),
        "cudaDeviceGetAttribute(compute capability)");
    int cc = major[0] * 10 + minor[0];
    if (cc >= KernelModule.MIN_COMPUTE_CAPABILITY) {
      return null;
    }
    return "CUDA device " + index + " has compute capability " + major[0] + "." + minor[0]
        + "; rnn4j's kernels are built for " + KernelModule.MIN_COMPUTE_CAPABILITY / 10 + "."
        + KernelModule.MIN_COMPUTE_CAPABILITY % 10 + " (Turing) and newer.";
  }

  /**
   * cuDNN 9 is split into sub-libraries that JavaCPP loads as optional preloads: a missing
   * libcudnn_adv (the RNN functions) would otherwise surface only at the first RNN call.
   */
  private static String cudnnSubLibraries() {
    String[] names = {"libcudnn_graph.so.9", "libcudnn_ops.so.9", "libcudnn_adv.so.9"};
    int[] rc = {org.bytedeco.cuda.global.cudnn.cudnnGraphVersionCheck(),
        org.bytedeco.cuda.global.cudnn.cudnnOpsVersionCheck(),
        org.bytedeco.cuda.global.cudnn.cudnnAdvVersionCheck()};
    for (int i = 0; i < names.length; i++) {
      if (rc[i] != 0) {
        return "The cudnn backend cannot use cuDNN's " + names[i] + " (version check status "
            + rc[i] + ": missing, or another version than libcudnn.so.9); install the complete"
            + " cuDNN 9 for CUDA 13 and put its folder on LD_LIBRARY_PATH.";
      }
    }
    return null;
  }

  private static String load(Class<?> preset, String what, String libraries) {
    try {
      Loader.load(preset);
      return null;
    } catch (Throwable t) {
      Set<String> missing = new LinkedHashSet<>();
      String detail = "";
      for (Throwable c = t; c != null; c = c.getCause()) {
        String m = String.valueOf(c.getMessage());
        Matcher matcher = SONAME.matcher(m);
        while (matcher.find()) {
          if (!matcher.group().startsWith("libjni")) {
            missing.add(matcher.group());
          }
        }
        int colon = m.lastIndexOf(".so: ");
        detail = colon >= 0 ? m.substring(colon + 5) : m;
      }
      String names = missing.isEmpty() ? libraries : String.join(", ", missing);
      String cause = SONAME.matcher(detail).lookingAt() ? detail : names + ": " + detail;
      return "The cudnn backend cannot load " + what + " (" + abbreviate(cause)
          + "); install " + libraries + ", put the folder that holds them on LD_LIBRARY_PATH, or"
          + " add JavaCPP's org.bytedeco:cuda-redist artifact to the classpath.";
    }
  }

  private static String abbreviate(String s) {
    return s.length() <= 160 ? s : s.substring(0, 157) + "...";
  }

  private static Status unavailable(String reason) {
    return new Status(false, reason, 0, 0, 0, 0);
  }

  /** A CUDA version number as {@code major.minor}, e.g. 13000 as "13.0". */
  public static String version(int v) {
    return (v / 1000) + "." + (v % 1000 / 10);
  }
}

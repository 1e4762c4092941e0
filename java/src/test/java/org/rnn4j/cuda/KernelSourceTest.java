package org.rnn4j.cuda;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.rnn4j.cuda.runtime.KernelModule;

/**
 * Constants that the Java side and the kernel sources ({@code native/}, {@code cmake/}) must agree
 * on, read from the sources in the repository. Runs without a GPU or nvcc.
 */
class KernelSourceTest {
  /** block_sum's shared array has REDUCE_THREADS slots; the reductions launch that many threads. */
  @Test
  void reductionLaunchesUseTheBlockSizeOfBlockSum() throws IOException {
    String header = Files.readString(repoFile("native/common.cuh"));
    assertEquals(Kernels.REDUCE_THREADS, Integer.parseInt(
        find(header, "#define\\s+REDUCE_THREADS\\s+(\\d+)")), "REDUCE_THREADS in native/common.cuh");
  }

  /** Kernels.poolForward/poolBackward pass Pooling's ordinal as the kernels' mode. */
  @Test
  void poolingModesAreThePoolingOrdinals() throws IOException {
    String cu = Files.readString(repoFile("native/pooling.cu"));
    for (org.rnn4j.model.Pooling p : org.rnn4j.model.Pooling.values()) {
      assertEquals(p.ordinal(), Integer.parseInt(find(cu, "#define\\s+POOL_" + p.name() + "\\s+(\\d+)")),
          "POOL_" + p.name() + " in native/pooling.cu");
    }
  }

  @Test
  void minimumComputeCapabilityIsTheLowestBuiltArch() throws IOException {
    String cmake = Files.readString(repoFile("cmake/CMakeLists.txt"));
    String archs = find(cmake, "set\\(RNN4J_CUDA_ARCHS\\s+\"([0-9;]+)\"");
    int lowest = Arrays.stream(archs.split(";")).mapToInt(Integer::parseInt).min().orElseThrow();
    assertEquals(KernelModule.MIN_COMPUTE_CAPABILITY, lowest, "lowest of RNN4J_CUDA_ARCHS " + archs);
    int ptx = Integer.parseInt(find(cmake, "set\\(RNN4J_PTX_ARCH\\s+\"(\\d+)\""));
    assertTrue(ptx >= lowest, "the PTX arch " + ptx + " is at least the lowest SASS arch");
  }

  /**
   * cuLaunchKernel copies each argument by the size the kernel declares, so a launch that passes
   * an int where the kernel takes a long long, or one argument too few, reads garbage without any
   * error. Every launch chain in Kernels.java must give each kernel's parameters in its order:
   * p pointer, i int, l long long, f float.
   */
  @Test
  void everyLaunchPassesTheKernelsParameterTypesInOrder() throws IOException {
    java.util.Map<String, String> kernels = new java.util.TreeMap<>();
    try (var files = Files.list(repoFile("native/common.cuh").getParent())) {
      for (Path cu : files.filter(f -> f.toString().endsWith(".cu")).toList()) {
        Matcher m = Pattern.compile("RNN4J_KERNEL\\s+void\\s+(\\w+)\\s*\\(([^)]*)\\)")
            .matcher(Files.readString(cu));
        while (m.find()) {
          StringBuilder sig = new StringBuilder();
          for (String param : m.group(2).split(",")) {
            sig.append(param.contains("*") ? "p" : param.contains("long long") ? "l"
                : param.contains("float") ? "f" : param.contains("int") ? "i" : "?");
          }
          kernels.put(m.group(1), sig.toString());
        }
      }
    }
    assertEquals(new java.util.TreeSet<>(Kernels.NAMES), kernels.keySet(),
        "kernels in native/*.cu vs Kernels.NAMES");
    String java = Files.readString(repoFile("java/src/main/java/org/rnn4j/cuda/Kernels.java"));
    Matcher launch = Pattern.compile("launch\\(\"(\\w+)\"\\)(.*?)\\.run\\(", Pattern.DOTALL)
        .matcher(java);
    java.util.Set<String> launched = new java.util.TreeSet<>();
    while (launch.find()) {
      StringBuilder sig = new StringBuilder();
      Matcher arg = Pattern.compile("\\.(ptr|i32|i64|f32)\\(").matcher(launch.group(2));
      while (arg.find()) {
        sig.append(switch (arg.group(1)) {
          case "ptr" -> "p";
          case "i32" -> "i";
          case "i64" -> "l";
          default -> "f";
        });
      }
      assertEquals(kernels.get(launch.group(1)), sig.toString(),
          "arguments of " + launch.group(1) + " (p pointer, i int, l long long, f float)");
      launched.add(launch.group(1));
    }
    assertEquals(kernels.keySet(), launched, "every kernel is launched from Kernels.java");
  }

  private static String find(String text, String regex) {
    Matcher m = Pattern.compile(regex).matcher(text);
    assertTrue(m.find(), "no match for " + regex);
    return m.group(1);
  }

  /** {@code relative} in the repository: tests run in java/, so look there and above. */
  private static Path repoFile(String relative) {
    for (Path dir = Path.of("").toAbsolutePath(); dir != null; dir = dir.getParent()) {
      Path p = dir.resolve(relative);
      if (Files.isRegularFile(p)) {
        return p;
      }
    }
    throw new AssertionError(relative + " not found from " + Path.of("").toAbsolutePath());
  }
}

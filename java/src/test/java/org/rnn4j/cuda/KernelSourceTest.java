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

  @Test
  void minimumComputeCapabilityIsTheLowestBuiltArch() throws IOException {
    String cmake = Files.readString(repoFile("cmake/CMakeLists.txt"));
    String archs = find(cmake, "set\\(RNN4J_CUDA_ARCHS\\s+\"([0-9;]+)\"");
    int lowest = Arrays.stream(archs.split(";")).mapToInt(Integer::parseInt).min().orElseThrow();
    assertEquals(Kernels.MIN_COMPUTE_CAPABILITY, lowest, "lowest of RNN4J_CUDA_ARCHS " + archs);
    int ptx = Integer.parseInt(find(cmake, "set\\(RNN4J_PTX_ARCH\\s+\"(\\d+)\""));
    assertTrue(ptx >= lowest, "the PTX arch " + ptx + " is at least the lowest SASS arch");
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

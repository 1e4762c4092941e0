package org.rnn4j.cuda;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.rnn4j.cuda.runtime.KernelModule;

/**
 * The kernel fatbin that Maven builds with nvcc (cmake/) is in the jar's resources and holds every
 * kernel the Java side launches, under the name it launches it by. Runs without a GPU.
 */
class KernelResourceTest {
  @Test
  void fatbinHoldsEveryKernelTheJavaSideLaunches() throws IOException {
    URL url = KernelModule.fatbinResource();
    Assumptions.assumeTrue(url != null, "no fatbin: nvcc was not found when this build ran");
    byte[] image;
    try (InputStream in = url.openStream()) {
      image = in.readAllBytes();
    }
    // The symbol names appear as plain text in the SASS symbol tables and the embedded PTX.
    String text = new String(image, StandardCharsets.ISO_8859_1);
    for (String name : Kernels.NAMES) {
      assertTrue(text.contains(name + "\0") || text.contains(".entry " + name + "("),
          "kernel " + name + " is missing from " + url);
    }
  }
}

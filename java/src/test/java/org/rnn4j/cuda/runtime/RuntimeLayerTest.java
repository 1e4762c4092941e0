package org.rnn4j.cuda.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The runtime layer depends on nothing of rnn4j above it: no code in this package (imports and
 * qualified names, comments aside) names another {@code org.rnn4j} package; the cuda backend
 * depends on the runtime, never the reverse. Reads the sources; runs without a GPU.
 */
class RuntimeLayerTest {
  private static final Pattern RNN4J_NAME = Pattern.compile("org\\.rnn4j\\.[\\w.]*");
  private static final Pattern COMMENT = Pattern.compile("/\\*.*?\\*/|//[^\n]*", Pattern.DOTALL);

  @Test
  void runtimeSourcesNameNoOtherRnn4jPackage() throws IOException {
    Path dir = Path.of("src/main/java/org/rnn4j/cuda/runtime");
    assertTrue(Files.isDirectory(dir), "run from the library module: " + dir.toAbsolutePath());
    List<Path> files;
    try (Stream<Path> s = Files.list(dir)) {
      files = s.filter(p -> p.toString().endsWith(".java")).sorted().toList();
    }
    List<String> found = new ArrayList<>();
    for (Path f : files) {
      String code = COMMENT.matcher(Files.readString(f)).replaceAll(" ");
      Matcher m = RNN4J_NAME.matcher(code);
      while (m.find()) {
        if (!m.group().startsWith("org.rnn4j.cuda.runtime")) {
          found.add(f.getFileName() + ": " + m.group());
        }
      }
    }
    assertTrue(files.size() >= 13, "scanned " + files.size() + " files");
    assertEquals(List.of(), found);
  }
}

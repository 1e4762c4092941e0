package org.rnn4j.examples;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.jar.JarFile;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * What a user's build gets from the library module: the jar with a stable module name, its
 * sources and API docs, under the Apache-2.0 license. Reads the jars that the reactor built
 * before this module's tests (skipped where they were not built, as in a lone module build).
 */
class PackagingTest {
  private static final Path TARGET = Path.of("../java/target");

  private static Path jar(String suffix) throws IOException {
    try (Stream<Path> s = Files.list(TARGET)) {
      List<Path> found = s.filter(p -> p.getFileName().toString().matches("rnn4j-[0-9][^-]*(-SNAPSHOT)?"
          + suffix + "\\.jar")).toList();
      assertEquals(1, found.size(), "one rnn4j" + suffix + " jar in " + TARGET + ": " + found);
      return found.get(0);
    }
  }

  @Test
  void theLibraryShipsWithSourcesDocsAModuleNameAndItsLicense() throws IOException {
    assumeTrue(Files.isDirectory(TARGET) && Files.exists(TARGET.resolve("classes")),
        "the library module was not built in this run");
    try (JarFile main = new JarFile(jar("").toFile())) {
      assertEquals("org.rnn4j",
          main.getManifest().getMainAttributes().getValue("Automatic-Module-Name"));
    }
    try (JarFile sources = new JarFile(jar("-sources").toFile())) {
      assertTrue(sources.getEntry("org/rnn4j/infer/Classifier.java") != null, "sources jar");
    }
    try (JarFile docs = new JarFile(jar("-javadoc").toFile())) {
      assertTrue(docs.getEntry("org/rnn4j/infer/Classifier.html") != null, "javadoc jar");
    }
    String license = Files.readString(Path.of("../LICENSE"));
    assertTrue(license.contains("Apache License") && license.contains("Version 2.0"), "LICENSE");
    String pom = Files.readString(Path.of("../pom.xml"));
    assertTrue(pom.contains("<name>Apache-2.0</name>"), "the pom names the license");
  }
}

package org.rnn4j.examples;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Instant;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The launcher script {@code examples/ImdbBiLstm}, run from a copy of the project layout with
 * stand-ins for {@code mvn} and {@code java}: it says when and how long it builds, and shows
 * Maven's errors when the build fails.
 */
class LauncherTest {
  @TempDir
  Path tmp;

  private Path root;
  private Path bin;

  /** What a launcher run printed. */
  private record Run(int code, String out, String err) {
    @Override
    public String toString() {
      return "exit " + code + "\n--- stdout\n" + out + "--- stderr\n" + err;
    }
  }

  @BeforeEach
  void copyTheLauncher() throws IOException {
    assumeTrue(Files.isExecutable(Path.of("/bin/bash")), "needs bash");
    Path script = Path.of("ImdbBiLstm"); // the tests run in the examples module's folder
    assertTrue(Files.isRegularFile(script), script.toAbsolutePath().toString());
    root = tmp.resolve("project");
    Files.createDirectories(root.resolve("examples"));
    Files.createDirectories(root.resolve("java/src"));
    Files.copy(script, root.resolve("examples/ImdbBiLstm"));
    executable(root.resolve("examples/ImdbBiLstm"));
    bin = Files.createDirectories(tmp.resolve("bin"));
    // A java 17 that prints how it was called.
    write("java", "if [ \"$1\" = -version ]; then echo 'openjdk version \"17.0.9\" 2023-10-17' >&2; "
        + "exit 0; fi\necho \"java $*\"\n");
  }

  private void write(String tool, String body) throws IOException {
    Path p = bin.resolve(tool);
    Files.writeString(p, "#!/bin/bash\n" + body, StandardCharsets.UTF_8);
    executable(p);
  }

  private static void executable(Path p) throws IOException {
    Files.setPosixFilePermissions(p, PosixFilePermissions.fromString("rwxr-xr-x"));
  }

  /** A Maven that records its arguments and builds the jar. */
  private void goodMaven() throws IOException {
    write("mvn", "echo \"$*\" > \"" + tmp.resolve("mvn-args") + "\"\n"
        + "echo '[INFO] lots of output'\nmkdir -p examples/target\necho jar > examples/target/imdb-bilstm.jar\n");
  }

  private Run launch(String... args) throws IOException, InterruptedException {
    String[] cmd = new String[args.length + 1];
    cmd[0] = root.resolve("examples/ImdbBiLstm").toString();
    System.arraycopy(args, 0, cmd, 1, args.length);
    ProcessBuilder pb = new ProcessBuilder(cmd);
    pb.environment().put("PATH", bin + ":/usr/bin:/bin");
    pb.environment().remove("JAVA_OPTS");
    pb.redirectOutput(tmp.resolve("out").toFile()).redirectError(tmp.resolve("err").toFile());
    Process p = pb.start();
    assertTrue(p.waitFor(60, TimeUnit.SECONDS), "the launcher finished");
    return new Run(p.exitValue(), Files.readString(tmp.resolve("out")),
        Files.readString(tmp.resolve("err")));
  }

  @Test
  void theFirstRunSaysItBuildsAndHowLongItTook() throws Exception {
    goodMaven();
    Run r = launch("--help");
    assertEquals(0, r.code(), r::toString);
    assertTrue(r.err().startsWith("ImdbBiLstm: building the program on first use with Maven "
        + "(about 40-60 s"), r.err());
    assertTrue(r.err().matches("(?s).*ImdbBiLstm: built \\S+imdb-bilstm.jar in \\d+ s\n"), r.err());
    assertFalse(r.err().contains("lots of output"), "Maven's log stays hidden when it works");
    assertTrue(r.out().matches("java --add-modules jdk.incubator.vector -Xmx8g +-Drnn4j.project.root=\\S+ -jar \\S+ --help\n"), r.out());
    assertTrue(Files.readString(tmp.resolve("mvn-args")).contains("-Dmaven.test.skip=true -pl examples -am package"));

    Run again = launch("--help");
    assertEquals("", again.err(), "the jar is reused");
  }

  @Test
  void changedSourcesAreRebuiltWithADifferentMessage() throws Exception {
    goodMaven();
    assertEquals(0, launch().code());
    Path source = Files.writeString(root.resolve("java/src/Changed.java"), "class Changed {}");
    Files.setLastModifiedTime(source, FileTime.from(Instant.now().plusSeconds(60)));
    Run r = launch();
    assertTrue(r.err().startsWith("ImdbBiLstm: the sources changed since the last build: "
        + "rebuilding the program"), r.err());
  }

  @Test
  void aFailedBuildShowsMavensErrors() throws Exception {
    write("mvn", "echo '[ERROR] COMPILATION ERROR : Foo.java:[3,1] class expected'\nexit 1\n");
    Run r = launch("--help");
    assertEquals(1, r.code(), r::toString);
    assertTrue(r.err().contains("ImdbBiLstm: building the program failed"), r.err());
    assertTrue(r.err().contains("[ERROR] COMPILATION ERROR : Foo.java:[3,1] class expected"), r.err());
    assertEquals("", r.out(), "java did not run");
  }
}

package org.rnn4j.examples;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeFalse;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.rnn4j.cuda.runtime.CudaLibraries;

/** Option parsing and validation: every mistake is one line on stderr and exit code 2. */
class CommandLineTest {
  @TempDir
  Path tmp;

  @Test
  void helpListsEveryOptionWithItsDefault() {
    Program.Run r = Program.run("--help");
    assertEquals(0, r.code(), r::toString);
    for (String option : List.of("--data", "--glove", "--max-len", "--min-freq", "--max-vocab",
        "--stats", "--metrics-out", "--backend", "--epochs", "--batch-size", "--embed", "--hidden",
        "--layers", "--dropout", "--lr", "--clip", "--freeze-embedding", "--train-embedding",
        "--seed", "--train-limit", "--test-limit", "--bucket", "--threads", "--math", "--algo",
        "--save", "--resume", "--init-from", "--predict", "--plot")) {
      assertTrue(r.out().contains(option + " ") || r.out().contains(option + "\n"),
          "help lacks " + option + ":\n" + r.out());
    }
    String flat = r.out().replaceAll("\\s+", " "); // undo the help's line wrapping
    assertTrue(flat.contains("(default: 500; on the CPU backend: " + CpuDefaults.MAX_LEN + ")"),
        r.out());
    assertTrue(flat.contains("--lr X Adam learning rate (default: 0.01;"), r.out());
    assertTrue(flat.contains("--batch-size B Reviews per training batch (default: 64)"), r.out());
    assertEquals("", r.err());
  }

  static List<List<String>> mistakes() {
    return List.of(
        List.of("--bogus"),
        List.of("--epochs", "x"),
        List.of("--epochs", "0"),
        List.of("--batch-size", "-1"),
        List.of("--dropout", "1.0"),
        List.of("--lr", "0"),
        List.of("--clip", "-1"),
        List.of("--max-len", "0"),
        List.of("--max-vocab", "1"),
        List.of("--train-limit", "-5"),
        List.of("--hidden", "0"),
        List.of("--threads", "0"),
        List.of("--backend", "tpu"),
        List.of("--math", "fp8"),
        List.of("--algo", "fast"),
        List.of("--freeze-embedding", "--train-embedding"),
        List.of("--predict", "good film"),
        List.of("--stats", "--save", "somewhere"),
        List.of("--data", "/no/such/aclImdb"),
        List.of("--resume", "/no/such/checkpoint"),
        List.of("--init-from", "/no/such/weights.safetensors"),
        List.of("extra-argument"));
  }

  @ParameterizedTest
  @MethodSource("mistakes")
  void aMistakeIsOneLineAndExitCode2(List<String> args) {
    Program.Run r = Program.run(args.toArray(new String[0]));
    assertEquals(2, r.code(), r::toString);
    assertEquals(1, r.err().lines().count(), "one line:\n" + r.err());
    assertTrue(r.err().startsWith("ImdbBiLstm: "), r.err());
    assertFalse(r.err().contains("\tat "), "no stack trace:\n" + r.err());
  }

  @Test
  void mistakesNameTheOptionAndValue() {
    assertTrue(Program.run("--epochs", "0").err().contains("--epochs must be at least 1, got 0"));
    assertTrue(Program.run("--dropout", "1.5").err().contains("--dropout must be in [0, 1), got 1.5"));
    assertTrue(Program.run("--math", "fp8").err().contains("--math must be one of fp16, fp32, tf32, got 'fp8'"));
    assertTrue(Program.run("--predict", "x").err().contains("--predict needs --resume DIR"));
  }

  @Test
  void resumeAndInitFromExcludeEachOther() throws IOException {
    Path dir = Files.createDirectory(tmp.resolve("ckpt"));
    Path weights = Files.writeString(tmp.resolve("w.safetensors"), "x");
    Program.Run r = Program.run("--resume", dir.toString(), "--init-from", weights.toString());
    assertEquals(2, r.code(), r::toString);
    assertTrue(r.err().contains("use one of them"), r.err());
  }

  @Test
  void resumeNeedsACheckpoint() throws IOException {
    Path dir = Files.createDirectory(tmp.resolve("empty"));
    Program.Run r = Program.run("--resume", dir.toString());
    assertEquals(2, r.code(), r::toString);
    assertEquals("ImdbBiLstm: --resume " + dir + ": no rnn4j checkpoint there (no trainer.json); "
        + "pass the folder given to --save\n", r.err());
  }

  @Test
  void saveRefusesAFolderThatHoldsSomethingElse() throws IOException {
    Path dir = Files.createDirectory(tmp.resolve("photos"));
    Files.writeString(dir.resolve("holiday.jpg"), "not a checkpoint");
    Program.Run r = Program.run("--save", dir.toString(), "--backend", "cpu");
    assertEquals(2, r.code(), r::toString);
    assertTrue(r.err().contains("not empty and holds no rnn4j checkpoint"), r.err());
    assertTrue(Files.exists(dir.resolve("holiday.jpg")));
  }

  @Test
  void cudnnWithoutAGpuFailsWithTheLoadersReason() {
    CudaLibraries.Status status = CudaLibraries.status();
    assumeFalse(status.available(), "a GPU is usable here; the failure path cannot be shown");
    Program.Run r = Program.run("--backend", "cudnn", "--epochs", "1");
    assertEquals(2, r.code(), r::toString);
    assertEquals("ImdbBiLstm: --backend cudnn: " + status.reason() + "\n", r.err());
  }

  @Test
  void predictRefusesOptionsItWouldIgnore() throws IOException {
    Path dir = Files.createDirectory(tmp.resolve("ckpt"));
    Program.Run r = Program.run("--resume", dir.toString(), "--predict", "good", "--max-len", "9");
    assertEquals(2, r.code(), r::toString);
    assertTrue(r.err().contains("remove --max-len"), r.err());
  }
}

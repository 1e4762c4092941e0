package org.rnn4j.examples;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeFalse;

import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.rnn4j.BackendUnavailableException;
import org.rnn4j.cuda.runtime.CudaLibraries;
import org.rnn4j.data.DataFileException;
import org.rnn4j.data.DownloadException;

/**
 * The library's errors name its methods and files; the program restates them with the option
 * the user typed, keeping the library's exception as the cause.
 */
class FlagWordsTest {
  @TempDir
  Path tmp;

  private static void assertOneLine(Program.Run r, int code, String start) {
    assertEquals(code, r.code(), r::toString);
    assertEquals(1, r.err().lines().count(), r.err());
    assertTrue(r.err().startsWith("ImdbBiLstm: " + start), r.err());
  }

  @Test
  void anUnusableBackendIsNamedByTheFlag() {
    assumeFalse(CudaLibraries.status().available(), "a GPU is usable here");
    Options o = new Options();
    picocli.CommandLine cl = new picocli.CommandLine(o);
    cl.parseArgs("--backend", "cudnn");
    UsageException e = assertThrows(UsageException.class, () -> BackendChoice.forTraining(o));
    assertTrue(e.getMessage().startsWith("--backend cudnn: "), e.getMessage());
    assertFalse(e.getMessage().contains("Backends.choose"), "no library words: " + e.getMessage());
    assertInstanceOf(BackendUnavailableException.class, e.getCause());
    assertOneLine(Program.run("--backend", "cudnn"), 2, "--backend cudnn: ");
  }

  @Test
  void aDamagedDataFileIsNamedByTheFlag() throws IOException {
    Path bad = Files.writeString(tmp.resolve("aclImdb_v1.tar.gz"), "not an archive");
    Program.Run r = Program.run("--backend", "cpu", "--data", bad.toString(), "--epochs", "1");
    assertOneLine(r, 1, "--data " + bad + ": ");
  }

  @Test
  void aDamagedGloveFileIsNamedByTheFlag() throws IOException {
    Path data = TinyImdb.write(tmp, "plot");
    Path glove = Files.writeString(tmp.resolve("glove.txt"), "good 0.1 0.2 0.3 0.4\nbad 0.1 x 0.3 0.4\n");
    Program.Run r = Program.run(TinyImdb.trainArgs(data, "--epochs", "1", "--glove", glove.toString()));
    assertOneLine(r, 1, "--glove " + glove);
  }

  @Test
  void aDataFileFoundBySearchSaysWhereFromAndWhichFlagPicksAnother() throws IOException {
    Path bad = Files.writeString(tmp.resolve("aclImdb_v1.tar.gz"), "not an archive");
    DataFiles.Located found = new DataFiles.Located(bad, "from RNN4J_DATA");
    IOException e = OptionErrors.loading(new DataFileException("damaged", bad), found, null);
    assertEquals(bad + ": damaged (IMDB data: from RNN4J_DATA; --data PATH picks another)",
        e.getMessage());
    assertInstanceOf(DataFileException.class, e.getCause());
  }

  @Test
  void theFlagLeadsAndThePathIsNotRepeated() {
    Path dir = Path.of("runs/a");
    IOException self = new IOException("runs/a [x]: damaged");
    assertEquals("--resume runs/a [x]: damaged", OptionErrors.about("--resume", dir, self).getMessage());
    IOException inner = new IOException("runs/a/trainer.json: damaged");
    IOException e = OptionErrors.about("--resume", dir, inner);
    assertEquals("--resume runs/a: runs/a/trainer.json: damaged", e.getMessage());
    assertEquals(inner, e.getCause());
  }

  @Test
  void aFailedDownloadPointsAtTheDataFlag() {
    // Port 1 on the loopback refuses at once: a download that fails without the network.
    DataFiles files = new DataFiles(name -> null, tmp.resolve("cache"), null,
        URI.create("http://127.0.0.1:1/aclImdb_v1.tar.gz"));
    DownloadException e = assertThrows(DownloadException.class, () -> files.imdb(null));
    assertTrue(e.getMessage().contains("pass --data PATH or set RNN4J_DATA"), e.getMessage());
    assertFalse(e.getMessage().contains("DatasetLocator"), e.getMessage());
    assertInstanceOf(DownloadException.class, e.getCause(), "the library's exception");
  }

  @Test
  void aDamagedCheckpointIsNamedByResume() throws IOException {
    Path dir = Files.createDirectory(tmp.resolve("ckpt"));
    Files.writeString(dir.resolve("trainer.json"), "{ not json");
    Program.Run r = Program.run("--resume", dir.toString(), "--backend", "cpu");
    assertOneLine(r, 1, "--resume " + dir);
  }
}

package org.rnn4j.examples;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.rnn4j.train.Checkpoint;

/** {@code --resume DIR} reads the data the checkpoint was trained on unless told otherwise. */
class ResumeDataTest {
  @TempDir
  Path tmp;

  private Path data;
  private Path ckpt;

  @BeforeEach
  void trainOneEpoch() throws IOException {
    data = TinyImdb.write(tmp.resolve("first"), "plot");
    ckpt = tmp.resolve("run");
    Program.Run r = Program.run(TinyImdb.trainArgs(data, "--epochs", "1", "--save", ckpt.toString()));
    assertEquals(0, r.code(), r::toString);
    assertEquals(data.toAbsolutePath().toString(),
        Checkpoint.load(ckpt).dataSettings().get(RunSettings.DATA));
  }

  @Test
  void withoutDataTheRecordedPathIsUsed() {
    Program.Run r = Program.run("--resume", ckpt.toString(), "--epochs", "2");
    assertEquals(0, r.code(), r::toString);
    assertTrue(r.out().contains("data: " + data.toAbsolutePath() + " (" + DataFiles.RECORDED + ")"),
        r.out());
    assertTrue(r.out().contains("epoch 2/2: train loss"), r.out());
  }

  @Test
  void recordedDataThatIsGoneFallsBackToTheSearchWithALine() throws IOException {
    Path moved = Files.move(tmp.resolve("first"), tmp.resolve("moved")).resolve("aclImdb");
    Program.Run r = Program.run(Map.of("RNN4J_DATA", moved.toString()), "--resume",
        ckpt.toString(), "--epochs", "2");
    assertEquals(0, r.code(), r::toString);
    String gone = "the data the checkpoint was trained on, " + data.toAbsolutePath()
        + ", no longer exists; looking for the IMDB data as usual";
    assertEquals(1, r.lines().stream().filter(gone::equals).count(), r.out());
    assertTrue(r.out().contains("data: " + moved + " (from RNN4J_DATA)"), r.out());
  }

  @Test
  void typedDataWins() throws IOException {
    Path other = TinyImdb.write(tmp.resolve("second"), "story");
    Program.Run r = Program.run("--resume", ckpt.toString(), "--epochs", "2", "--data",
        other.toString());
    assertEquals(0, r.code(), r::toString);
    assertTrue(r.out().contains("data: " + other + " (--data)"), r.out());
    assertFalse(r.out().contains(DataFiles.RECORDED), r.out());
    // The next checkpoint records the data it was trained on now.
    Program.Run again = Program.run("--resume", ckpt.toString(), "--epochs", "3");
    assertEquals(0, again.code(), again::toString);
    assertTrue(again.out().contains("data: " + other.toAbsolutePath() + " (" + DataFiles.RECORDED),
        again.out());
  }
}

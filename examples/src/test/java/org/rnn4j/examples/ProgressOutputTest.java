package org.rnn4j.examples;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Without a terminal the program prints plain progress lines on stderr during an epoch. */
class ProgressOutputTest {
  @TempDir
  Path tmp;

  @Test
  void progressLinesGoToStderrAndEndEachEpoch() throws IOException {
    Path data = TinyImdb.write(tmp, "plot");
    Program.Run r = Program.run(TinyImdb.trainArgs(data, "--epochs", "2"));
    assertEquals(0, r.code(), r::toString);
    // 16 training reviews in batches of 4: every batch is a tenth or more of the epoch.
    List<String> lines = r.err().lines().toList();
    assertEquals(8, lines.size(), r.err());
    for (int i = 0; i < lines.size(); i++) {
      String prefix = String.format("epoch %d/2 %3d%% %d/4 batches  loss ", i / 4 + 1,
          (i % 4 + 1) * 25, i % 4 + 1);
      assertTrue(lines.get(i).startsWith(prefix), lines.get(i));
      assertTrue(lines.get(i).matches(".*  acc \\d+\\.\\d%  \\d+ rev/s  .*"), lines.get(i));
    }
    assertTrue(lines.get(3).contains("took "), lines.get(3));
    assertTrue(r.out().contains("epoch 2/2: train loss"), "the epoch lines stay on stdout");
  }
}

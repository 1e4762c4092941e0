package org.rnn4j.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import me.tongfei.progressbar.ConsoleProgressBarConsumer;
import org.junit.jupiter.api.Test;

/** The terminal bar stays readable in narrow terminals: the bar shrinks, the numbers stay. */
class ProgressTextTest {
  private static final BatchProgress MID = new BatchProgress(1, 2, 156, 391, 156, 64, 0.6, 0.7,
      0.5321, 0.724, 612.4, 127.3, 192.1);
  /** Wide numbers: ten epochs, thousands of batches, a fast GPU, hours left. */
  private static final BatchProgress WIDE = new BatchProgress(10, 10, 1234, 15625, 150000, 16,
      0.6, 0.7, 0.1234, 0.9876, 123456, 3600, 36000);

  private static void assertReadable(String line, int width) {
    assertTrue(line.length() <= width, line.length() + " > " + width + ": " + line);
    assertTrue(line.contains("loss 0."), "the loss is shown: " + line);
    assertTrue(line.matches(".* \\d+ rev/s.*"), "the throughput is shown: " + line);
  }

  @Test
  void at80ColumnsEverythingFitsBesideAShorterBar() {
    for (int width : new int[] {79, 80}) { // the library keeps one column free at the right
      String line = ProgressText.bar(MID, width);
      assertReadable(line, width);
      assertTrue(line.startsWith("epoch 1/2 ["), line);
      assertTrue(line.endsWith(" 156/391 loss 0.5321 acc 72.4% 612 rev/s 3m12s left"), line);
      int bar = line.indexOf(']') - line.indexOf('[') - 1;
      assertTrue(bar >= ProgressText.MIN_BAR && bar < ProgressText.MAX_BAR, "bar " + bar + ": " + line);
    }
    assertReadable(ProgressText.bar(WIDE, 79), 79);
  }

  @Test
  void theBarShrinksFirstThenTheLeastUsefulText() {
    String wide = ProgressText.bar(MID, 200);
    assertEquals(ProgressText.MAX_BAR, wide.indexOf(']') - wide.indexOf('[') - 1);
    String noBar = ProgressText.bar(MID, 70);
    assertReadable(noBar, 70);
    assertFalse(noBar.contains("["), "no room for a bar: " + noBar);
    assertTrue(noBar.contains("3m12s left") && noBar.contains("acc") && noBar.contains("epoch"), noBar);
    String noTime = ProgressText.bar(MID, 60);
    assertReadable(noTime, 60);
    assertTrue(!noTime.contains("left") && noTime.contains("acc 72.4%"), noTime);
    String tight = ProgressText.bar(MID, 45);
    assertReadable(tight, 45);
    assertTrue(!tight.contains("acc") && tight.startsWith("epoch 1/2"), tight);
    assertReadable(ProgressText.bar(WIDE, 40), 40);
  }

  @Test
  void theBarFillsWithTheEpoch() {
    String start = ProgressText.barBeforeFirstStep(1, 2, 391, 79);
    assertTrue(start.startsWith("epoch 1/2 [>    "), start);
    assertTrue(start.endsWith("]   0% 0/391"), start);
    BatchProgress done = new BatchProgress(1, 2, 391, 391, 391, 40, 0.3, 0.9, 0.4, 0.8, 598, 654, 0);
    String end = ProgressText.bar(done, 79);
    assertTrue(end.matches("epoch 1/2 \\[=+\\] 100% 391/391 .* took 10m54s"), end);
  }

  @Test
  void throughTheProgressBarLibraryAt80Columns() {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    PrintStream out = new PrintStream(bytes, true, StandardCharsets.UTF_8);
    try (ProgressDisplay d = ProgressDisplay.open(1, 2, 391,
        new ConsoleProgressBarConsumer(out, 79))) {
      d.update(MID);
    }
    String[] frames = bytes.toString(StandardCharsets.UTF_8).split("\r");
    String last = frames[frames.length - 1].strip();
    assertEquals(ProgressText.bar(MID, 79), last, "the library prints what ProgressText drew");
    assertReadable(last, 79);
  }

  @Test
  void durations() {
    assertEquals("0s", ProgressText.duration(0.2));
    assertEquals("45s", ProgressText.duration(45));
    assertEquals("3m12s", ProgressText.duration(192.1));
    assertEquals("1h02m", ProgressText.duration(3725));
    assertEquals("?", ProgressText.duration(Double.NaN));
    assertEquals("?", ProgressText.duration(Double.POSITIVE_INFINITY));
  }
}

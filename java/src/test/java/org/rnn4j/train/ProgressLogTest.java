package org.rnn4j.train;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** When {@link ProgressLog} writes a line, checked with a hand-driven clock. */
class ProgressLogTest {
  /** A clock the test moves. */
  private static final class Clock {
    long nanos;

    void advance(double seconds) {
      nanos += Math.round(seconds * 1e9);
    }
  }

  private final Clock clock = new Clock();
  private final List<String> lines = new ArrayList<>();
  private final ProgressLog log = new ProgressLog(lines::add, () -> clock.nanos);

  private static BatchProgress step(int epoch, int step, int steps) {
    return new BatchProgress(epoch, 2, step, steps, step, 64, 0.5, 0.75, 0.5321, 0.724, 612,
        step * 0.5, step == steps ? 0 : (steps - step) * 0.5);
  }

  /** Runs an epoch of {@code steps} batches, {@code secondsPerStep} apart; the steps that printed. */
  private List<Integer> epoch(int epoch, int steps, double secondsPerStep) {
    List<Integer> printed = new ArrayList<>();
    log.onEpochStart(epoch, steps);
    for (int s = 1; s <= steps; s++) {
      clock.advance(secondsPerStep);
      int before = lines.size();
      log.onBatchEnd(step(epoch, s, steps));
      if (lines.size() > before) {
        printed.add(s);
      }
    }
    return printed;
  }

  @Test
  void fastStepsGiveALineEveryTenthOfTheEpoch() {
    // 391 steps in 39 s: the 10 s rule never fires before the next tenth.
    assertEquals(List.of(40, 79, 118, 157, 196, 235, 274, 313, 352, 391), epoch(1, 391, 0.1));
  }

  @Test
  void slowStepsGiveALineEveryTenSeconds() {
    // 3 s a step: 10 s have passed after 4 steps; the tenths (every 10 steps) come in between.
    List<Integer> printed = epoch(1, 100, 3);
    assertEquals(List.of(4, 8, 10, 14, 18, 20, 24, 28, 30), printed.subList(0, 9));
    assertEquals(30, printed.size());
  }

  @Test
  void tenSecondsExactlyIsEnough() {
    assertEquals(List.of(4, 8, 10, 14), epoch(1, 100, 2.5).subList(0, 4));
  }

  @Test
  void aShortEpochReportsEveryStep() {
    assertEquals(List.of(1, 2, 3), epoch(1, 3, 0.01));
  }

  @Test
  void eachEpochStartsAfresh() {
    epoch(1, 391, 0.1);
    clock.advance(60); // the evaluation between epochs
    lines.clear();
    assertEquals(List.of(40, 79), epoch(2, 391, 0.1).subList(0, 2),
        "not a line at once for the time spent evaluating");
  }

  @Test
  void theLineSaysWhereTheEpochIsAndHowItGoes() {
    log.onBatchEnd(new BatchProgress(1, 2, 156, 391, 156, 64, 0.6, 0.7, 0.5321, 0.724, 612.4,
        127.3, 192.1));
    log.onBatchEnd(new BatchProgress(1, 2, 391, 391, 391, 40, 0.3, 0.9, 0.4012, 0.81, 598,
        654, 0));
    assertEquals(List.of(
        "epoch 1/2  40% 156/391 batches  loss 0.5321  acc 72.4%  612 rev/s  3m12s left",
        "epoch 1/2 100% 391/391 batches  loss 0.4012  acc 81.0%  598 rev/s  took 10m54s"), lines);
  }
}

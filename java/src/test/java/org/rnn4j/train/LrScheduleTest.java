package org.rnn4j.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** {@link LrSchedule}'s multiples at points worked out by hand. */
class LrScheduleTest {
  /** Warm-up 4 of 24 steps, floor 0.1: cosine over the 19 intervals from step 4 to step 23. */
  @Test
  void warmUpThenCosine() {
    LrSchedule s = LrSchedule.cosine(4, 0.1);
    assertEquals(0.25, s.multiple(0, 24, 1), 1e-15);
    assertEquals(0.75, s.multiple(2, 24, 1), 1e-15);
    assertEquals(1.0, s.multiple(4, 24, 1), 1e-15, "the peak right after the warm-up");
    // Half way (p = 0.5 at step 4 + 9.5): between steps 13 and 14; step 13 is p = 9/19.
    double p = 9.0 / 19;
    assertEquals(0.1 + 0.9 * 0.5 * (1 + Math.cos(Math.PI * p)), s.multiple(13, 24, 1), 1e-15);
    assertEquals(0.1, s.multiple(23, 24, 2), 1e-15, "the last step reaches the floor");
    assertEquals(0.1, s.multiple(40, 24, 3), 1e-15, "steps past the planned end stay there");
    assertFalse(s.isConstant());
  }

  @Test
  void stepDecayByEpoch() {
    LrSchedule s = LrSchedule.step(2, 0.5);
    assertEquals(1.0, s.multiple(0, 100, 1));
    assertEquals(1.0, s.multiple(30, 100, 2));
    assertEquals(0.5, s.multiple(50, 100, 3));
    assertEquals(0.25, s.multiple(99, 100, 5));
    assertEquals(0.1, s.withWarmupSteps(10).multiple(0, 100, 1), 1e-15);
  }

  @Test
  void constantIsOneAndBadValuesAreRefused() {
    assertTrue(LrSchedule.constant().isConstant());
    assertEquals(1.0, LrSchedule.constant().multiple(7, 10, 2));
    assertFalse(LrSchedule.constant().withWarmupSteps(3).isConstant());
    assertThrows(IllegalArgumentException.class, () -> LrSchedule.cosine(0, 0));
    assertThrows(IllegalArgumentException.class, () -> LrSchedule.step(0, 0.5));
    assertThrows(IllegalArgumentException.class, () -> LrSchedule.step(1, 1.5));
    assertThrows(IllegalArgumentException.class, () -> LrSchedule.cosine(-1, 0.5));
  }
}

package org.rnn4j.cuda;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** Status classification that needs no GPU (the constants are compiled in). */
class CheckTest {
  @Test
  void cudnnNotSupportedCoversCudnn9sDetailedCodes() {
    for (int status : new int[] {3000, 3001, 3002, 3007, 3009, 3999}) {
      assertTrue(Check.cudnnNotSupported(status), "status " + status);
    }
    for (int status : new int[] {0, 1, 2000, 2002, 4000, 4004, 5000}) {
      assertFalse(Check.cudnnNotSupported(status), "status " + status);
    }
  }
}

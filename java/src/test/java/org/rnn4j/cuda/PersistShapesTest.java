package org.rnn4j.cuda;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** The persistent algorithm's trial per batch shape; plain bookkeeping, so no GPU is needed. */
class PersistShapesTest {
  private static final PersistShapes.Shape STEP = new PersistShapes.Shape(64, 500, true, true, true);
  private static final PersistShapes.Shape INFER = new PersistShapes.Shape(64, 500, false, false, false);
  private static final PersistShapes.Shape OTHER = new PersistShapes.Shape(32, 500, true, true, true);

  @Test
  void aNewShapeIsOnTrialUntilAUseSucceeds() {
    PersistShapes p = new PersistShapes();
    assertTrue(p.allowed(STEP));
    assertTrue(p.onTrial(STEP), "first use: any failure is a refusal");
    p.succeeded(STEP);
    assertTrue(p.allowed(STEP));
    assertFalse(p.onTrial(STEP), "after a success a failure is a real error");
    assertTrue(p.onTrial(INFER), "the same B and T used another way is a trial of its own");
    assertTrue(p.onTrial(OTHER));
  }

  @Test
  void aRefusalIsRememberedForThatShapeOnlyAndTheFirstIsReportedAsFirst() {
    PersistShapes p = new PersistShapes();
    PersistShapes.Refusal why = new PersistShapes.Refusal("cudnnRNNForward", 2000, "BAD_PARAM");
    assertTrue(p.refuse(STEP, why), "the model's first refusal is the one logged as a warning");
    assertFalse(p.allowed(STEP));
    assertFalse(p.onTrial(STEP), "a refused shape is not tried again");
    assertEquals(why, p.refusal(STEP));
    assertTrue(p.allowed(OTHER), "other shapes keep the persistent algorithm");
    assertNull(p.refusal(OTHER));
    assertFalse(p.refuse(OTHER, why), "later refusals are not the first");
    assertEquals(2, p.refusedCount());
    p.succeeded(STEP);
    assertFalse(p.allowed(STEP), "a success on STANDARD does not bring the persistent one back");
  }
}

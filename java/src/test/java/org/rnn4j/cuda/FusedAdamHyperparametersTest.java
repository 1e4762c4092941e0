package org.rnn4j.cuda;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import org.junit.jupiter.api.Test;
import org.rnn4j.model.AdamConfig;

/**
 * The host half of the fused Adam step, which needs no GPU: every float handed to the adam_step
 * kernel is computed in double, as CpuAdam computes it, and rounded once.
 */
class FusedAdamHyperparametersTest {
  @Test
  void kernelArgumentsAreDoubleResultsRoundedOnce() {
    AdamConfig c = new AdamConfig(3e-3, 0.9, 0.999, 1e-8, 0.01, 1.0);
    long t = 7;
    FusedAdam.Hyperparameters expected = new FusedAdam.Hyperparameters(0.9f, 0.999f,
        (float) (1 - 0.9), (float) (1 - 0.999), 1e-8f, 0.01f, 1f,
        (float) (3e-3 / (1 - Math.pow(0.9, 7))), (float) Math.sqrt(1 - Math.pow(0.999, 7)));
    assertEquals(expected, FusedAdam.hyperparameters(c, t));
  }

  /** AdamW: no L2 term in the gradient, the weights kept at 1 - lr * wd (in double, rounded once). */
  @Test
  void adamWShrinksInsteadOfAddingToTheGradient() {
    AdamConfig c = new AdamConfig(3e-3, 0.9, 0.999, 1e-8, 0.05, 0, true);
    FusedAdam.Hyperparameters h = FusedAdam.hyperparameters(c, 3);
    assertEquals(0f, h.weightDecay());
    assertEquals((float) (1 - 3e-3 * 0.05), h.keep());
    assertNotEquals(1f, h.keep());
    assertEquals(1f, FusedAdam.hyperparameters(c.withDecoupledWeightDecay(false), 3).keep());
  }

  /** 1 - beta2 in float arithmetic is 0.00099998713, four digits from 0.001. */
  @Test
  void oneMinusBetaIsNotFloatArithmetic() {
    FusedAdam.Hyperparameters h = FusedAdam.hyperparameters(AdamConfig.defaults(), 1);
    assertNotEquals(1.0f - 0.999f, h.oneMinusBeta2());
    assertEquals(0.1f, h.oneMinusBeta1());
    assertEquals(0.001f, h.oneMinusBeta2());
  }

  @Test
  void firstStepOfTheDefaults() {
    FusedAdam.Hyperparameters h = FusedAdam.hyperparameters(AdamConfig.defaults(), 1);
    // lr / (1 - 0.9) and sqrt(1 - 0.999), each rounded once from double.
    assertEquals((float) (1e-3 / (1 - 0.9)), h.stepSize());
    assertEquals((float) Math.sqrt(1 - 0.999), h.bias2Sqrt());
  }
}

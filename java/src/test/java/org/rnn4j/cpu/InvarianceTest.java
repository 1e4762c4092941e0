/*
 * Dimension key: B batch, T padded length, V vocabulary, C classes.
 */
package org.rnn4j.cpu;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Arrays;
import java.util.Map;
import org.apache.commons.math3.random.MersenneTwister;
import org.junit.jupiter.api.Test;
import org.rnn4j.model.Batch;
import org.rnn4j.model.Initializer;
import org.rnn4j.model.ModelConfig;
import org.rnn4j.model.ParameterLayout;
import org.rnn4j.model.Parameters;
import org.rnn4j.testing.Compare;
import org.rnn4j.testing.RandomBatches;
import org.rnn4j.testing.Tolerance;

/**
 * Padding, padding content and batch order do not change the function. The reference computes
 * each sample on its own over its own length, so padding changes must leave it bitwise equal; a
 * permutation changes the order in which per-sample gradients are summed, so equal up to rounding.
 * The CPU model packs real positions only, so padding leaves it bitwise equal as well.
 */
class InvarianceTest {
  private static final ModelConfig CONFIG = new ModelConfig(25, 5, true, 4, 2, true, 0.0, 3);
  /** Double sums of a few dozen terms of size ~1e-2 reordered: differences near 1e-17. */
  private static final Tolerance DOUBLE_REORDER = new Tolerance(1e-15, 1e-12);

  private static Map<String, double[]> weights() {
    return ReferenceGradientCheckTest.widen(Initializer.pytorchDefault(ParameterLayout.of(CONFIG), 31));
  }

  private static Batch batch() {
    return RandomBatches.random(new MersenneTwister(31), 5, 8, 25, 3, false);
  }

  @Test
  void referencePaddingIsBitwiseInvisible() {
    Map<String, double[]> w = weights();
    Batch b = batch();
    ReferenceResult base = ReferenceRnn.evaluate(CONFIG, w, b, null, true);
    Batch padded = RandomBatches.withExtraPadding(b, 6, 0);
    Batch noisy = RandomBatches.withRandomPaddingIds(padded, new MersenneTwister(32), 25);
    for (Batch other : new Batch[] {padded, noisy}) {
      ReferenceResult r = ReferenceRnn.evaluate(CONFIG, w, other, null, true);
      assertArrayEquals(base.logits(), r.logits());
      assertEquals(base.loss(), r.loss());
      base.gradients().forEach((name, g) -> assertArrayEquals(g, r.gradients().get(name), name));
    }
  }

  @Test
  void referenceIsPermutationInvariant() {
    Map<String, double[]> w = weights();
    Batch b = batch();
    int[] perm = RandomBatches.permutation(new MersenneTwister(33), b.size());
    ReferenceResult base = ReferenceRnn.evaluate(CONFIG, w, b, null, true);
    ReferenceResult r = ReferenceRnn.evaluate(CONFIG, w, RandomBatches.permuted(b, perm), null, true);
    int c = CONFIG.classes();
    for (int i = 0; i < perm.length; i++) {
      assertArrayEquals(Arrays.copyOfRange(base.logits(), perm[i] * c, perm[i] * c + c),
          Arrays.copyOfRange(r.logits(), i * c, i * c + c), "sample " + i + " (was " + perm[i] + ")");
    }
    Compare.assertClose("loss", base.loss(), r.loss(), DOUBLE_REORDER);
    base.gradients().forEach((name, g) -> Compare.assertClose(name, g, r.gradients().get(name), DOUBLE_REORDER));
  }

  @Test
  void cpuModelPaddingIsBitwiseInvisibleAndOrderOnlyRounds() {
    Parameters p = Initializer.pytorchDefault(ParameterLayout.of(CONFIG), 34);
    Batch b = batch();
    try (CpuModel m = new CpuModel(CONFIG, p, 34, 2)) {
      float[] logits = m.logits(b);
      double loss = m.forwardBackward(b).loss();
      Parameters grads = m.gradients();
      Batch noisy = RandomBatches.withRandomPaddingIds(RandomBatches.withExtraPadding(b, 9, 0),
          new MersenneTwister(35), 25);
      assertArrayEquals(logits, m.logits(noisy));
      assertEquals(loss, m.forwardBackward(noisy).loss());
      Compare.assertClose("gradients with padding", grads, m.gradients(), Tolerance.EXACT);

      int[] perm = RandomBatches.permutation(new MersenneTwister(36), b.size());
      Batch shuffled = RandomBatches.permuted(b, perm);
      float[] permuted = m.logits(shuffled);
      int c = CONFIG.classes();
      for (int i = 0; i < perm.length; i++) {
        // Each sample's forward pass is the same float arithmetic wherever it sits in the batch.
        assertArrayEquals(Arrays.copyOfRange(logits, perm[i] * c, perm[i] * c + c),
            Arrays.copyOfRange(permuted, i * c, i * c + c), "sample " + i);
      }
      Compare.assertClose("loss after permutation", loss, m.forwardBackward(shuffled).loss(),
          new Tolerance(0, 1e-6));
      Compare.assertClose("gradients after permutation", grads, m.gradients(), CpuModelParityTest.TOL);
    }
  }
}

/*
 * Dimension key: B batch, T padded length, V vocabulary, E embedding, H hidden, C classes.
 */
package org.rnn4j.model;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import java.util.Arrays;
import org.apache.commons.math3.random.MersenneTwister;
import org.junit.jupiter.api.Test;
import org.rnn4j.testing.Compare;
import org.rnn4j.testing.RandomBatches;
import org.rnn4j.testing.Tolerance;

/**
 * What every backend's optimizer owes the embedding's parameter group ({@link Optimizer}): at
 * scale 0 a trainable embedding is exactly as if it were frozen in the model (same updates of
 * every other tensor, clipping included, and the embedding untouched), and once its scale is
 * positive it trains with its own step count. A backend's test extends this class.
 */
public abstract class OptimizerGroupContractTest {
  /** The backend under test. */
  protected abstract Backend backend();

  /**
   * Bound for two runs that should compute the same updates (frozen in the model against frozen
   * by scale 0). Exact by default.
   */
  protected Tolerance sameComputationTolerance() {
    return Tolerance.EXACT;
  }

  private static ModelConfig config(boolean trainEmbedding) {
    return new ModelConfig(40, 6, trainEmbedding, 5, 1, true, 0.0, 3);
  }

  private static Batch batch(long seed) {
    return RandomBatches.random(new MersenneTwister(seed), 6, 11, 40, 3, false);
  }

  /** Clipping at 0.05 bites on these batches, so the norm's membership matters. */
  @Test
  public void scaleZeroIsAFrozenEmbedding() {
    AdamConfig adam = AdamConfig.adamW(0.01).withClipNorm(0.05);
    try (Model trains = backend().create(config(true), 3);
         Model frozen = backend().create(config(false), 3);
         Optimizer a = trains.newOptimizer(adam);
         Optimizer b = frozen.newOptimizer(adam)) {
      frozen.setParameters(trains.parameters());
      float[] embedding = trains.parameters().get(ParameterLayout.EMBEDDING).data();
      a.setEmbeddingLrScale(0);
      for (int i = 0; i < 3; i++) {
        trains.forwardBackward(batch(20 + i));
        a.step();
        frozen.forwardBackward(batch(20 + i));
        b.step();
      }
      Compare.assertClose("every tensor after 3 steps", frozen.parameters(), trains.parameters(),
          sameComputationTolerance());
      assertArrayEquals(embedding, trains.parameters().get(ParameterLayout.EMBEDDING).data());
      assertEquals(3, a.stepCount());
      assertEquals(0, a.embeddingStepCount());
      assertFalse(Arrays.stream(toDouble(a.state().get(Optimizer.expAvg(ParameterLayout.EMBEDDING))))
          .anyMatch(v -> v != 0), "a frozen embedding's moments stay zero");
    }
  }

  @Test
  public void aPositiveScaleTrainsTheEmbeddingWithItsOwnStepCount() {
    try (Model m = backend().create(config(true), 4);
         Optimizer opt = m.newOptimizer(AdamConfig.defaults().withLr(0.01))) {
      opt.setEmbeddingLrScale(0);
      m.forwardBackward(batch(30));
      opt.step();
      float[] before = m.parameters().get(ParameterLayout.EMBEDDING).data();
      opt.setEmbeddingLrScale(0.5);
      assertEquals(0.5, opt.embeddingLrScale());
      m.forwardBackward(batch(31));
      opt.step();
      float[] after = m.parameters().get(ParameterLayout.EMBEDDING).data();
      assertFalse(Arrays.equals(before, after), "the embedding trains once its scale is positive");
      assertEquals(2, opt.stepCount());
      assertEquals(1, opt.embeddingStepCount());
      // Its first own step is bias-corrected as a first step: every changed weight moved by
      // lr * 0.5 * |m| / (|m| + eps), at most 0.005 and close to it (PyTorch's per-tensor step).
      double largest = 0;
      for (int i = 0; i < before.length; i++) {
        largest = Math.max(largest, Math.abs(after[i] - before[i]));
      }
      assertEquals(0.005, largest, 1e-4);
    }
  }

  private static double[] toDouble(Tensor t) {
    float[] f = t.data();
    double[] d = new double[f.length];
    for (int i = 0; i < f.length; i++) {
      d[i] = f[i];
    }
    return d;
  }
}

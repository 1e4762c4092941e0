/*
 * Dimension key: B batch, T padded length, L layers, D directions, H hidden; DH = D*H.
 */
package org.rnn4j.cpu;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

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

/** Inter-layer dropout: its statistics on the CPU model and its exact meaning in the reference. */
class DropoutTest {
  @Test
  void cpuMaskDropsASharePAndScalesTheRest() {
    double p = 0.3;
    ModelConfig config = new ModelConfig(50, 8, false, 16, 3, true, p, 2);
    Batch batch = RandomBatches.random(new MersenneTwister(41), 16, 60, 50, 2, false);
    try (CpuModel m = new CpuModel(config, Initializer.pytorchDefault(ParameterLayout.of(config), 41), 41, 2)) {
      m.forwardBackward(batch);
      assertNull(m.dropoutFactors(0), "no mask in evaluation mode");
      m.setTraining(true);
      m.forwardBackward(batch);
      float kept = (float) (1 / (1 - p));
      for (int l = 0; l < 2; l++) {
        long zeros = 0;
        long total = 0;
        for (float[] sample : m.dropoutFactors(l)) {
          for (float f : sample) {
            assertTrue(f == 0f || f == kept, "factor " + f);
            zeros += f == 0f ? 1 : 0;
            total++;
          }
        }
        // A binomial share: standard deviation sqrt(p(1-p)/n) (~0.003 for n ~ 30000); 5 sd would
        // be exceeded by a correct sampler about once in 1.7 million runs.
        double sd = Math.sqrt(p * (1 - p) / total);
        double share = (double) zeros / total;
        assertEquals(p, share, 5 * sd, "dropped share of layer " + l + " over " + total + " units");
      }
    }
  }

  @Test
  void masksChangeFromPassToPassAndRepeatWithTheSeed() {
    ModelConfig config = new ModelConfig(30, 6, false, 5, 2, true, 0.5, 2);
    Parameters p = Initializer.pytorchDefault(ParameterLayout.of(config), 42);
    Batch batch = RandomBatches.random(new MersenneTwister(42), 4, 10, 30, 2, false);
    try (CpuModel a = new CpuModel(config, p, 42, 2); CpuModel b = new CpuModel(config, p, 42, 1)) {
      a.setTraining(true);
      b.setTraining(true);
      a.forwardBackward(batch);
      float[][] first = a.dropoutFactors(0);
      a.forwardBackward(batch);
      assertFalse(Arrays.deepEquals(first, a.dropoutFactors(0)), "a new mask every pass");
      b.forwardBackward(batch);
      assertTrue(Arrays.deepEquals(first, b.dropoutFactors(0)), "same seed, same first mask");
      a.reseedDropout(7);
      b.reseedDropout(7);
      assertEquals(a.forwardBackward(batch).loss(), b.forwardBackward(batch).loss(), "reseeded alike");
    }
  }

  /**
   * Inverted dropout on layer 0's output: keeping every unit (factor 1/(1-p)) must equal no dropout
   * with the next layer's W_ih scaled by 1/(1-p); dropping every unit must equal W_ih = 0 there.
   */
  @Test
  void referenceDropoutScalesTheNextLayersInput() {
    double p = 0.25;
    ModelConfig config = new ModelConfig(20, 4, true, 3, 2, true, p, 2);
    Map<String, double[]> w = ReferenceGradientCheckTest.widen(
        Initializer.pytorchDefault(ParameterLayout.of(config), 43));
    Batch batch = RandomBatches.random(new MersenneTwister(43), 3, 6, 20, 2, false);
    double[][][] keepAll = uniformMask(batch, config.outputSize(), 1 / (1 - p));
    double[][][] dropAll = uniformMask(batch, config.outputSize(), 0);
    Tolerance tol = new Tolerance(1e-15, 1e-12);
    for (double factor : new double[] {1 / (1 - p), 0}) {
      double[][][] mask = factor == 0 ? dropAll : keepAll;
      ReferenceResult masked = ReferenceRnn.evaluate(config, w, batch, mask, false);
      Map<String, double[]> scaled = new java.util.LinkedHashMap<>(w);
      for (String name : new String[] {ParameterLayout.weightIh(1, false), ParameterLayout.weightIh(1, true)}) {
        scaled.put(name, Arrays.stream(w.get(name)).map(v -> v * factor).toArray());
      }
      ReferenceResult plain = ReferenceRnn.evaluate(config, scaled, batch, null, false);
      Compare.assertClose("logits with factor " + factor, plain.logits(), masked.logits(), tol);
    }
  }

  private static double[][][] uniformMask(Batch batch, int width, double factor) {
    double[][][] m = new double[1][batch.size()][];
    for (int b = 0; b < batch.size(); b++) {
      m[0][b] = new double[batch.lengths()[b] * width];
      Arrays.fill(m[0][b], factor);
    }
    return m;
  }
}

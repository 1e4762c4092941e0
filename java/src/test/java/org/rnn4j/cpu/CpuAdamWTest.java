package org.rnn4j.cpu;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;
import org.rnn4j.model.AdamConfig;
import org.rnn4j.model.ModelConfig;
import org.rnn4j.model.Optimizer;
import org.rnn4j.model.ParameterLayout;
import org.rnn4j.model.Parameters;

/**
 * {@link CpuAdam}'s AdamW mode (torch.optim.AdamW) and the embedding's own parameter group
 * (learning-rate scale, its own step count, frozen at scale 0), against hand-derived numbers and
 * a transcription of PyTorch's formulas.
 */
class CpuAdamWTest {
  /** As CpuAdamTest's TINY, with the embedding [2,1] trainable. */
  private static final ModelConfig TINY = new ModelConfig(2, 1, true, 1, 1, false, 0.0, 2);

  /**
   * lr 0.1, weight decay 0.5, first step: AdamW shrinks p by 1 - 0.1 * 0.5 = 0.95, then moves it
   * by 0.1 g / (|g| + 1e-8) as plain Adam's first step does.
   * p = 1, g = 0.5: 0.95 - 0.05/0.50000001 = 0.850000001.
   * p = 4, g = 0: 3.8 (Adam's L2 term would make g = 2 and give 3.9).
   * p = -2, g = -1: -1.9 + 0.1/1.00000001 = -1.800000001.
   */
  @Test
  void firstStepByHand() {
    for (boolean decoupled : new boolean[] {true, false}) {
      HostParameters t = CpuAdamTest.store(TINY);
      String name = ParameterLayout.biasIh(0, false);
      System.arraycopy(new float[] {1f, 4f, -2f, 0f}, 0, t.parameter(name), 0, 4);
      System.arraycopy(new float[] {0.5f, 0f, -1f, 0f}, 0, t.gradient(name), 0, 4);
      AdamConfig cfg = AdamConfig.defaults().withLr(0.1).withWeightDecay(0.5)
          .withDecoupledWeightDecay(decoupled);
      new CpuAdam(t, cfg).step();
      float[] p = t.parameter(name);
      if (decoupled) {
        assertEquals(0.850000001, p[0], 1e-7);
        assertEquals(3.8, p[1], 1e-7);
        assertEquals(-1.800000001, p[2], 1e-7);
      } else {
        // L2: g = 0.5 + 0.5 = 1 -> 1 - 0.1; g = 2 -> 3.9; g = -1 - 1 = -2 -> -2 + 0.1.
        assertEquals(0.9, p[0], 1e-7);
        assertEquals(3.9, p[1], 1e-7);
        assertEquals(-1.9, p[2], 1e-7);
      }
    }
  }

  /** Five steps with changing gradients against torch/optim/adamw.py, _single_tensor_adamw. */
  @Test
  void severalStepsMatchPytorchsAdamW() {
    HostParameters t = CpuAdamTest.store(TINY);
    String name = ParameterLayout.DECODER_WEIGHT;
    System.arraycopy(new float[] {0.3f, -1.2f, 0.05f, 2.0f}, 0, t.parameter(name), 0, 4);
    AdamConfig cfg = new AdamConfig(0.01, 0.8, 0.99, 1e-6, 0.1, 0, true);
    CpuAdam adam = new CpuAdam(t, cfg);
    double[] param = {0.3, -1.2, 0.05, 2.0};
    double[] expAvg = new double[4];
    double[] expAvgSq = new double[4];
    for (int step = 1; step <= 5; step++) {
      float[] g = {0.1f * step, -0.3f, 0.02f * (step % 2 == 0 ? 1 : -1), 1.5f / step};
      System.arraycopy(g, 0, t.gradient(name), 0, 4);
      adam.step();
      for (int i = 0; i < 4; i++) {
        param[i] *= 1 - cfg.lr() * cfg.weightDecay(); // param.mul_(1 - lr * weight_decay)
        expAvg[i] = expAvg[i] + (g[i] - expAvg[i]) * (1 - cfg.beta1());
        expAvgSq[i] = expAvgSq[i] * cfg.beta2() + (1 - cfg.beta2()) * g[i] * g[i];
        double stepSize = cfg.lr() / (1 - Math.pow(cfg.beta1(), step));
        double denom = Math.sqrt(expAvgSq[i]) / Math.sqrt(1 - Math.pow(cfg.beta2(), step)) + cfg.eps();
        param[i] -= stepSize * expAvg[i] / denom;
      }
      for (int i = 0; i < 4; i++) {
        // float storage of param, m and v: a few float ulps of values ~1.
        assertEquals(param[i], t.parameter(name)[i], 1e-6, "step " + step + " element " + i);
      }
    }
  }

  /**
   * Scale 0: the embedding is frozen (unchanged, zero moments, no steps counted, its huge
   * gradient neither clipped nor counted in the norm, so the others' norm 5 stays under the
   * limit 10). Then scale 0.1: its first update is its own step 1 at lr 0.1 * 0.1, i.e.
   * 0.01 g / (|g| + 1e-8).
   */
  @Test
  void theEmbeddingIsAGroupOfItsOwn() {
    HostParameters t = CpuAdamTest.store(TINY);
    float[] emb = t.parameter(ParameterLayout.EMBEDDING);
    emb[0] = 0.7f;
    emb[1] = -0.2f;
    String bias = ParameterLayout.DECODER_BIAS;
    CpuAdam adam = new CpuAdam(t, AdamConfig.defaults().withLr(0.1).withClipNorm(10));
    adam.setEmbeddingLrScale(0);
    for (int i = 0; i < 2; i++) {
      t.gradient(ParameterLayout.EMBEDDING)[0] = 100f;
      t.gradient(ParameterLayout.EMBEDDING)[1] = -100f;
      t.gradient(bias)[0] = 3f;
      t.gradient(bias)[1] = 4f;
      adam.step();
    }
    assertArrayEquals(new float[] {0.7f, -0.2f}, emb);
    assertArrayEquals(new float[] {100f, -100f}, t.gradient(ParameterLayout.EMBEDDING));
    assertArrayEquals(new float[] {3f, 4f}, t.gradient(bias), "norm 5 < 10: not clipped");
    assertArrayEquals(new float[] {0f, 0f},
        adam.state().get(Optimizer.expAvg(ParameterLayout.EMBEDDING)).data());
    assertEquals(2, adam.stepCount());
    assertEquals(0, adam.embeddingStepCount());
    adam.setEmbeddingLrScale(0.1);
    t.gradient(ParameterLayout.EMBEDDING)[0] = 0.5f;
    t.gradient(ParameterLayout.EMBEDDING)[1] = -2f;
    adam.step();
    assertEquals(0.7 - 0.01 * 0.5 / 0.50000001, emb[0], 1e-7);
    assertEquals(-0.2 + 0.01 * 2 / 2.00000001, emb[1], 1e-7);
    assertEquals(3, adam.stepCount());
    assertEquals(1, adam.embeddingStepCount());
  }

  @Test
  void embeddingStepCountsSurviveLoadState() {
    HostParameters t = CpuAdamTest.store(TINY);
    CpuAdam adam = new CpuAdam(t, AdamConfig.defaults());
    Parameters state = adam.state();
    adam.loadState(state, 9, 4);
    assertEquals(9, adam.stepCount());
    assertEquals(4, adam.embeddingStepCount());
    adam.loadState(state, 6);
    assertEquals(6, adam.embeddingStepCount(), "the old form counts the embedding's steps alike");
    assertThrows(IllegalArgumentException.class, () -> adam.loadState(state, 3, 4));
    assertThrows(IllegalArgumentException.class, () -> adam.setEmbeddingLrScale(-0.5));
    assertThrows(IllegalArgumentException.class, () -> adam.setEmbeddingLrScale(Double.NaN));
  }
}

package org.rnn4j.cpu;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.rnn4j.model.AdamConfig;
import org.rnn4j.model.ModelConfig;
import org.rnn4j.model.Optimizer;
import org.rnn4j.model.ParamSpec;
import org.rnn4j.model.ParameterLayout;
import org.rnn4j.model.Parameters;
import org.rnn4j.model.Tensor;

/** {@link CpuAdam} against hand-derived numbers and a transcription of torch.optim.Adam. */
class CpuAdamTest {
  /** Tensors: embedding [2,1], 4 LSTM tensors of 4 (or [4,1]), decoder.weight [2,2], decoder.bias [2]. */
  private static final ModelConfig TINY = new ModelConfig(2, 1, false, 1, 1, false, 0.0, 2);

  /** A store of TINY's tensors (zeros) that holds gradients an optimizer can use. */
  static HostParameters store(ModelConfig config) {
    HostParameters t = new HostParameters("test", ParameterLayout.of(config));
    t.gradientsWritten();
    return t;
  }

  private static List<float[]> gradients(HostParameters t) {
    List<float[]> out = new ArrayList<>();
    for (ParamSpec s : t.layout().trainable()) {
      out.add(t.gradient(s.name()));
    }
    return out;
  }

  /**
   * lr 0.1, betas (0.9, 0.999), eps 1e-8, first step (t = 1): m = 0.1 g, v = 0.001 g^2, bias
   * corrections 1 - 0.9 = 0.1 and 1 - 0.999 = 0.001, so the update is
   * 0.1/0.1 * 0.1 g / (sqrt(0.001 g^2)/sqrt(0.001) + 1e-8) = 0.1 g / (|g| + 1e-8).
   * p = 1, g = 0.5: 1 - 0.05/0.50000001 = 0.900000002 (float 0.9).
   * p = -0.5, g = -2: -0.5 + 0.2/2.00000001 = -0.4000000005 (float -0.4).
   * p = 0.25, g = 0: unchanged.
   * p = 0, g = 1e-9: -0.1 * 1e-9/(1e-9 + 1e-8) = -0.1/11 = -0.00909090909 (eps matters here).
   */
  @Test
  void firstStepByHand() {
    HostParameters t = store(TINY);
    String name = ParameterLayout.biasIh(0, false);
    System.arraycopy(new float[] {1f, -0.5f, 0.25f, 0f}, 0, t.parameter(name), 0, 4);
    System.arraycopy(new float[] {0.5f, -2f, 0f, 1e-9f}, 0, t.gradient(name), 0, 4);
    CpuAdam adam = new CpuAdam(t, AdamConfig.defaults().withLr(0.1));
    adam.step();
    float[] p = t.parameter(name);
    assertEquals(0.900000002, p[0], 1e-7);
    assertEquals(-0.4000000005, p[1], 1e-7);
    assertEquals(0.25f, p[2]);
    assertEquals(-0.1 / 11, p[3], 2e-9);
    assertEquals(1, adam.stepCount());
    Parameters state = adam.state();
    assertArrayEquals(new float[] {0.05f, -0.2f, 0f, 1e-10f}, state.get(Optimizer.expAvg(name)).data(),
        1e-12f);
    assertArrayEquals(new float[] {0.00025f, 0.004f, 0f, 1e-21f},
        state.get(Optimizer.expAvgSq(name)).data(), 1e-12f);
  }

  /** Five steps with changing gradients and weight decay against torch.optim.Adam's formulas. */
  @Test
  void severalStepsMatchPytorchsFormulas() {
    HostParameters t = store(TINY);
    String name = ParameterLayout.DECODER_WEIGHT;
    float[] start = {0.3f, -1.2f, 0.05f, 2.0f};
    System.arraycopy(start, 0, t.parameter(name), 0, 4);
    AdamConfig cfg = new AdamConfig(0.01, 0.8, 0.99, 1e-6, 0.01, 0);
    CpuAdam adam = new CpuAdam(t, cfg);
    double[] param = {0.3, -1.2, 0.05, 2.0};
    double[] expAvg = new double[4];
    double[] expAvgSq = new double[4];
    for (int step = 1; step <= 5; step++) {
      float[] g = {0.1f * step, -0.3f, 0.02f * (step % 2 == 0 ? 1 : -1), 1.5f / step};
      System.arraycopy(g, 0, t.gradient(name), 0, 4);
      adam.step();
      // torch/optim/adam.py, _single_tensor_adam, transcribed:
      for (int i = 0; i < 4; i++) {
        double grad = g[i] + cfg.weightDecay() * param[i];
        expAvg[i] = expAvg[i] + (grad - expAvg[i]) * (1 - cfg.beta1()); // exp_avg.lerp_(grad, 1 - beta1)
        expAvgSq[i] = expAvgSq[i] * cfg.beta2() + (1 - cfg.beta2()) * grad * grad;
        double biasCorrection1 = 1 - Math.pow(cfg.beta1(), step);
        double biasCorrection2 = 1 - Math.pow(cfg.beta2(), step);
        double stepSize = cfg.lr() / biasCorrection1;
        double denom = Math.sqrt(expAvgSq[i]) / Math.sqrt(biasCorrection2) + cfg.eps();
        param[i] -= stepSize * expAvg[i] / denom;
      }
      float[] p = t.parameter(name);
      for (int i = 0; i < 4; i++) {
        // float storage of param, m and v: a few float ulps of values ~1.
        assertEquals(param[i], p[i], 1e-6, "step " + step + " element " + i);
      }
    }
    assertEquals(5, adam.stepCount());
  }

  /**
   * Gradients with global norm 5 (3 and 4 in two tensors): clipNorm 1 scales them by
   * 1/(5 + 1e-6), to norm 0.9999998; clipNorm 10 leaves them alone.
   */
  @Test
  void clippingScalesTheGlobalNorm() {
    for (double clip : new double[] {1.0, 10.0}) {
      HostParameters t = store(TINY);
      t.gradient(ParameterLayout.DECODER_BIAS)[1] = 3f;
      t.gradient(ParameterLayout.weightHh(0, false))[2] = -4f;
      new CpuAdam(t, AdamConfig.defaults().withClipNorm(clip)).step();
      double sumSq = 0;
      for (float[] g : gradients(t)) {
        for (float v : g) {
          sumSq += v * v;
        }
      }
      double expected = clip < 5 ? 5 / (5 + 1e-6) : 5;
      assertEquals(expected, Math.sqrt(sumSq), 1e-6, "clipNorm " + clip);
      assertEquals(-0.8 * expected, t.gradient(ParameterLayout.weightHh(0, false))[2], 1e-6);
    }
  }

  @Test
  void frozenTensorsAreNeverTouched() {
    HostParameters t = store(TINY);
    float[] embedding = t.parameter(ParameterLayout.EMBEDDING);
    embedding[0] = 0.7f;
    embedding[1] = -0.1f;
    for (float[] g : gradients(t)) {
      java.util.Arrays.fill(g, 0.5f);
    }
    CpuAdam adam = new CpuAdam(t, AdamConfig.defaults().withWeightDecay(0.1).withClipNorm(0.1));
    for (int i = 0; i < 3; i++) {
      adam.step();
    }
    assertArrayEquals(new float[] {0.7f, -0.1f}, embedding);
    assertEquals(2 * gradients(t).size(), adam.state().count());
    assertEquals(false, adam.state().contains(Optimizer.expAvg(ParameterLayout.EMBEDDING)));
  }

  @Test
  void loadStateChecksWhatItIsGiven() {
    HostParameters t = store(TINY);
    CpuAdam adam = new CpuAdam(t, AdamConfig.defaults());
    Parameters good = adam.state();
    assertThrows(IllegalArgumentException.class, () -> adam.loadState(good, -1));
    Parameters badShape = good.copy().put(Optimizer.expAvg(ParameterLayout.DECODER_BIAS), Tensor.zeros(3));
    assertThrows(IllegalArgumentException.class, () -> adam.loadState(badShape, 1));
    Parameters renamed = new Parameters();
    good.asMap().forEach((k, v) -> renamed.put(k.replace("exp_avg_sq.", "exp_avg_sq2."), v));
    assertThrows(IllegalArgumentException.class, () -> adam.loadState(renamed, 1));
    adam.loadState(good, 7);
    assertEquals(7, adam.stepCount());
    adam.close();
    assertThrows(IllegalStateException.class, adam::step);
  }

  @Test
  void aModelRefusesAStepBeforeAnyGradients() {
    ModelConfig config = new ModelConfig(10, 3, false, 2, 1, true, 0.0, 2);
    try (CpuModel m = new CpuModel(config, Parameters.zeros(ParameterLayout.of(config), false), 1, 1);
         Optimizer opt = m.newOptimizer(AdamConfig.defaults())) {
      assertThrows(IllegalStateException.class, opt::step);
      opt.setLearningRate(0.5);
      assertEquals(0.5, opt.config().lr());
    }
  }
}

/*
 * Dimension key: B batch, T padded length, V vocabulary, E embedding, H hidden, C classes.
 */
package org.rnn4j.cpu;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Arrays;
import java.util.function.BiFunction;
import org.junit.jupiter.api.Test;
import org.rnn4j.model.Batch;
import org.rnn4j.model.Initializer;
import org.rnn4j.model.Model;
import org.rnn4j.model.ModelConfig;
import org.rnn4j.model.ParamSpec;
import org.rnn4j.model.ParameterLayout;
import org.rnn4j.model.Parameters;
import org.rnn4j.model.StepResult;
import org.rnn4j.model.Tensor;

/**
 * Fixtures whose answers are derived by hand (the constants below were evaluated with a calculator
 * from the derivations in the comments, not by running this code), checked on both CPU models.
 */
class HandComputedFixturesTest {
  /** Float results of the float model vs. 17-digit hand values: a few float ulps of O(1) numbers. */
  private static final double FLOAT_TOL = 2e-6;
  private static final double DOUBLE_TOL = 1e-13;

  private static final BiFunction<ModelConfig, Parameters, Model> REFERENCE =
      (c, p) -> new ReferenceModel(c, p, 1);
  private static final BiFunction<ModelConfig, Parameters, Model> CPU = (c, p) -> new CpuModel(c, p, 1, 2);

  /**
   * All LSTM weights and biases zero: every gate pre-activation is 0, so i = f = o = 1/2 and
   * g = tanh(0) = 0; c = f*0 + i*0 = 0 and h = o*tanh(0) = 0 at every step and layer. The features
   * are exactly zero, so the logits equal decoder.bias = (0.25, -0.5, 1) exactly, whatever the
   * embedding and decoder weight. log-sum-exp(0.25, -0.5, 1) = 1.5279757438553098, so the losses
   * for labels 0, 1, 2 are 1.2779757..., 2.0279757..., 0.5279757..., mean 1.2779757438553098. The
   * bias gradient is mean(softmax - onehot) = softmax(bias) - (1/3, 1/3, 1/3) and the decoder
   * weight gradient is exactly zero.
   */
  @Test
  void zeroLstmWeightsGiveTheDecoderBias() {
    for (BiFunction<ModelConfig, Parameters, Model> factory : java.util.List.of(REFERENCE, CPU)) {
      ModelConfig config = new ModelConfig(10, 3, true, 4, 2, true, 0.0, 3);
      Parameters p = Initializer.pytorchDefault(ParameterLayout.of(config), 3);
      for (ParamSpec s : ParameterLayout.of(config).specs()) {
        if (s.name().startsWith("encoder.")) {
          Arrays.fill(p.get(s.name()).data(), 0f);
        }
      }
      p.put(ParameterLayout.DECODER_BIAS, Tensor.of(new int[] {3}, new float[] {0.25f, -0.5f, 1f}));
      Batch batch = Batch.of(new int[][] {{1, 2, 3, 4}, {5, 6}, {7}}, new int[] {0, 1, 2});
      try (Model m = factory.apply(config, p)) {
        float[] logits = m.logits(batch);
        for (int b = 0; b < 3; b++) {
          assertArrayEquals(new float[] {0.25f, -0.5f, 1f}, Arrays.copyOfRange(logits, 3 * b, 3 * b + 3),
              m.backend() + " sample " + b);
        }
        StepResult r = m.forwardBackward(batch);
        double tol = m instanceof CpuModel ? FLOAT_TOL : DOUBLE_TOL;
        assertEquals(1.2779757438553098, r.loss(), tol, m.backend());
        float[] gb = m.gradients().get(ParameterLayout.DECODER_BIAS).data();
        double third = 1.0 / 3;
        assertEquals(0.27860068919627303 - third, gb[0], FLOAT_TOL, m.backend());
        assertEquals(0.13160164714691435 - third, gb[1], FLOAT_TOL, m.backend());
        assertEquals(0.58979766365681262 - third, gb[2], FLOAT_TOL, m.backend());
        for (float g : m.gradients().get(ParameterLayout.DECODER_WEIGHT).data()) {
          assertEquals(0f, g, m.backend());
        }
      }
    }
  }

  /**
   * One step, E = H = 1, unidirectional, one layer; x = embedding[1] = 1 and every LSTM weight and
   * bias 1. Each gate pre-activation is W_ih x + b_ih + W_hh h0 + b_hh = 1 + 1 + 0 + 1 = 3, so
   * i = f = o = sigmoid(3) = 0.95257412682243322 and g = tanh(3) = 0.99505475368673045;
   * c = f*0 + i*g = 0.94786341313364862, tanh(c) = 0.73881424361853395,
   * h = o*tanh(c) = 0.70377533299890143. With len = 1, y[0] = y[len-1] = h, features (h, h); with
   * decoder.weight ((1, 1), (0, 0)) and zero bias the logits are (2h, 0) = (1.4075506659978029, 0),
   * and the loss for label 0 is log(1 + exp(-2h)) = 0.21892828316806268.
   */
  @Test
  void allOnesSingleStep() {
    ModelConfig config = new ModelConfig(3, 1, false, 1, 1, false, 0.0, 2);
    Parameters p = constant(config, 1f);
    p.put(ParameterLayout.DECODER_WEIGHT, Tensor.of(new int[] {2, 2}, new float[] {1, 1, 0, 0}));
    p.put(ParameterLayout.DECODER_BIAS, Tensor.zeros(2));
    Batch batch = Batch.of(new int[][] {{1}}, new int[] {0});
    for (BiFunction<ModelConfig, Parameters, Model> factory : java.util.List.of(REFERENCE, CPU)) {
      try (Model m = factory.apply(config, p)) {
        double tol = m instanceof CpuModel ? FLOAT_TOL : DOUBLE_TOL;
        float[] logits = m.logits(batch);
        assertEquals(1.4075506659978029, logits[0], Math.max(tol, 1e-7), m.backend());
        assertEquals(0.0, logits[1], 0.0, m.backend());
        assertEquals(0.21892828316806268, m.forwardBackward(batch).loss(), tol, m.backend());
      }
    }
  }

  /**
   * Two real steps and one padding step, E = H = 1, bidirectional, one layer; W_ih = W_hh = 1 for
   * every gate, biases 0; embedding: id 1 -> 1, id 2 -> 0.5, id 3 -> 7 (the padding position holds
   * id 3, so reading it would change everything). Sequence x = (1, 0.5).
   * Forward: a = 1: c0 = s(1)tanh(1) = 0.55676994114593974, hf0 = s(1)tanh(c0) = 0.36960635293570577;
   * a = 0.5 + hf0 = 0.86960635293570577: c1 = s(a)c0 + s(a)tanh(a) = 0.88642758661401483,
   * hf1 = s(a)tanh(c1) = 0.500046867622968.
   * Reverse, starting at the true last token t = 1: a = 0.5: cr1 = s(.5)tanh(.5) =
   * 0.28764913664496792, hr1 = 0.17426971865610506; t = 0: a = 1 + hr1 = 1.1742697186561051:
   * cr0 = s(a)cr1 + s(a)tanh(a) = 0.85045633763678529, hr0 = 0.52810103101334277.
   * Features (y[0], y[len-1]) = (hf0, hr0, hf1, hr1); decoder.weight ((1, 2, 3, 4), (0, 0, 0, 0)),
   * zero bias: logit0 = hf0 + 2 hr0 + 3 hf1 + 4 hr1 = 3.6230278924557155, logit1 = 0; loss for
   * label 1 is log(1 + exp(logit0)) = 3.6493793275397454.
   */
  @Test
  void reverseDirectionStartsAtTheLastRealToken() {
    ModelConfig config = new ModelConfig(4, 1, false, 1, 1, true, 0.0, 2);
    Parameters p = constant(config, 1f);
    for (ParamSpec s : ParameterLayout.of(config).specs()) {
      if (s.name().contains("bias")) {
        Arrays.fill(p.get(s.name()).data(), 0f);
      }
    }
    p.put(ParameterLayout.EMBEDDING, Tensor.of(new int[] {4, 1}, new float[] {0, 1, 0.5f, 7}));
    p.put(ParameterLayout.DECODER_WEIGHT, Tensor.of(new int[] {2, 4}, new float[] {1, 2, 3, 4, 0, 0, 0, 0}));
    p.put(ParameterLayout.DECODER_BIAS, Tensor.zeros(2));
    Batch batch = new Batch(new int[] {1, 2, 3}, new int[] {2}, new int[] {1}, new int[] {0}, 3);
    for (BiFunction<ModelConfig, Parameters, Model> factory : java.util.List.of(REFERENCE, CPU)) {
      try (Model m = factory.apply(config, p)) {
        double tol = m instanceof CpuModel ? FLOAT_TOL : DOUBLE_TOL;
        assertEquals(3.6230278924557155, m.logits(batch)[0], Math.max(tol, 3e-7), m.backend());
        assertEquals(3.6493793275397454, m.forwardBackward(batch).loss(), tol, m.backend());
      }
    }
  }

  private static Parameters constant(ModelConfig config, float value) {
    Parameters p = new Parameters();
    for (ParamSpec s : ParameterLayout.of(config).specs()) {
      float[] v = new float[s.size()];
      Arrays.fill(v, value);
      p.put(s.name(), Tensor.wrap(s.shape(), v));
    }
    return p;
  }
}

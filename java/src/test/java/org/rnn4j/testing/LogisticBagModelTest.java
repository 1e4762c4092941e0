package org.rnn4j.testing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.rnn4j.model.Batch;
import org.rnn4j.data.Batcher;
import org.rnn4j.model.AdamConfig;
import org.rnn4j.model.ModelConfig;
import org.rnn4j.model.Optimizer;
import org.rnn4j.model.ParameterLayout;
import org.rnn4j.model.Parameters;
import org.rnn4j.model.Tensor;

/** The test model must be right for the trainer tests to mean anything. */
class LogisticBagModelTest {
  private final Batch batch = new Batcher(ToyReviews.generate(6, 7, 3), 6, 1).inOrder().get(0);

  @Test
  void gradientsMatchFiniteDifferences() {
    ModelConfig c = LogisticBagModel.config(ToyReviews.VOCAB, 6, true, 0.0);
    try (LogisticBagModel m = new LogisticBagModel(c, 11)) {
      m.forwardBackward(batch);
      Parameters g = m.gradients();
      Parameters p0 = m.parameters();
      double worst = 0;
      for (String name : new String[] {ParameterLayout.EMBEDDING, ParameterLayout.DECODER_WEIGHT,
          ParameterLayout.DECODER_BIAS}) {
        for (int i = 0; i < p0.get(name).size(); i++) {
          double fd = centralDifference(m, p0, name, i, 1e-3);
          double err = Math.abs(fd - g.get(name).get(i));
          worst = Math.max(worst, err);
          assertTrue(err <= 1e-7 + 1e-5 * Math.abs(fd),
              name + "[" + i + "]: analytic " + g.get(name).get(i) + " vs numeric " + fd);
        }
      }
      for (String name : g.names()) {
        if (name.startsWith("encoder.")) {
          for (float v : g.get(name).data()) {
            assertEquals(0f, v, name + " is unused, its gradient must be zero");
          }
        }
      }
      System.out.println("LogisticBagModel finite-difference check: largest |error| " + worst);
    }
  }

  @Test
  void firstAdamStepMovesEachWeightByLrTimesSignOfGradient() {
    // Step 1 of Adam: m_hat = g, sqrt(v_hat) = |g|, so the update is lr * g / (|g| + eps).
    ModelConfig c = LogisticBagModel.config(ToyReviews.VOCAB, 4, true, 0.0);
    try (LogisticBagModel m = new LogisticBagModel(c, 5);
        Optimizer opt = m.newOptimizer(AdamConfig.defaults().withLr(0.01))) {
      Parameters before = m.parameters();
      m.forwardBackward(batch);
      Parameters g = m.gradients();
      opt.step();
      Parameters after = m.parameters();
      for (String name : g.names()) {
        for (int i = 0; i < g.get(name).size(); i++) {
          double gi = g.get(name).get(i);
          double expected = before.get(name).get(i) - 0.01 * gi / (Math.abs(gi) + 1e-8);
          assertEquals((float) expected, after.get(name).get(i), 1e-7, name + "[" + i + "]");
        }
      }
      assertEquals(1, opt.stepCount());
    }
  }

  @Test
  void dropoutFollowsTheReseededStream() {
    ModelConfig c = LogisticBagModel.config(ToyReviews.VOCAB, 8, false, 0.5);
    try (LogisticBagModel m = new LogisticBagModel(c, 5)) {
      m.setTraining(true);
      m.reseedDropout(99);
      double a = m.forwardBackward(batch).loss();
      double b = m.forwardBackward(batch).loss();
      m.reseedDropout(99);
      assertEquals(a, m.forwardBackward(batch).loss());
      assertNotEquals(a, b, "different masks should give a different loss");
      m.setTraining(false);
      assertEquals(m.forwardBackward(batch).loss(), m.forwardBackward(batch).loss());
    }
  }

  private static double centralDifference(LogisticBagModel m, Parameters p0, String name, int i,
      double h) {
    float x = p0.get(name).get(i);
    float up = (float) (x + h);
    float down = (float) (x - h);
    double lossUp = lossWith(m, p0, name, i, up);
    double lossDown = lossWith(m, p0, name, i, down);
    m.setParameters(p0);
    return (lossUp - lossDown) / ((double) up - (double) down);
  }

  private static double lossWith(LogisticBagModel m, Parameters p0, String name, int i, float v) {
    Parameters p = p0.copy();
    Tensor t = p.get(name);
    t.set(i, v);
    m.setParameters(p);
    return m.forwardBackward(new Batcher(ToyReviews.generate(6, 7, 3), 6, 1).inOrder().get(0)).loss();
  }
}

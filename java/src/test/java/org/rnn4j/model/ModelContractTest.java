/*
 * Dimension key: B batch, T padded length, V vocabulary, E embedding, H hidden, L layers, C classes.
 */
package org.rnn4j.model;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import org.apache.commons.math3.random.MersenneTwister;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.rnn4j.cpu.ReferenceRnn;
import org.rnn4j.cpu.ReferenceModel;
import org.rnn4j.cpu.ReferenceResult;
import org.rnn4j.testing.Compare;
import org.rnn4j.testing.RandomBatches;
import org.rnn4j.testing.Tolerance;

/**
 * The behaviour every backend owes the {@link Model} API, written once against the public API
 * only. A backend's test extends this class and supplies {@link #backend()}; tolerances for its
 * arithmetic come from the hooks.
 */
public abstract class ModelContractTest {
  /** The backend under test; models are created with {@link Backend#create}. */
  protected abstract Backend backend();

  /**
   * Bound on the difference from the double-precision reference at p = 0. The default suits
   * float32 arithmetic at the small shapes used here (see {@code CpuModelParityTest}); backends
   * with other math (TF32, reordered reductions) override it with their own justification.
   */
  protected Tolerance referenceTolerance() {
    return new Tolerance(1e-7, 1e-5);
  }

  /**
   * Bound for two runs that should be the same computation: repeated evaluation, extra padding,
   * training mode at p = 0 against evaluation mode, a restored optimizer. Exact by default.
   */
  protected Tolerance sameComputationTolerance() {
    return Tolerance.EXACT;
  }

  /** The recurrent cell every model of the suite uses; subclasses run the suite for other cells. */
  protected Cell cell() {
    return Cell.LSTM;
  }

  /** V=40, E=6, H=5, C=3, with the given encoder shape and {@link #cell()}. */
  protected ModelConfig config(boolean bidirectional, int layers, boolean trainEmbedding, double p) {
    return new ModelConfig(40, 6, trainEmbedding, 5, layers, bidirectional, p, 3).withCell(cell());
  }

  private static Batch batch(long seed) {
    return RandomBatches.random(new MersenneTwister(seed), 6, 11, 40, 3, false);
  }

  @Test
  public void logitsHaveShapeBatchTimesClasses() {
    try (Model m = backend().create(config(true, 2, false, 0.3), 1)) {
      float[] logits = m.logits(batch(1));
      assertEquals(6 * 3, logits.length);
      for (float v : logits) {
        assertTrue(Float.isFinite(v), "logit " + v);
      }
      StepResult r = m.forwardBackward(batch(1));
      assertEquals(6, r.size());
      assertTrue(r.correct() >= 0 && r.correct() <= 6, "correct " + r.correct());
      assertTrue(r.loss() > 0 && Double.isFinite(r.loss()), "loss " + r.loss());
    }
  }

  @Test
  public void evaluationModeIsDeterministic() {
    try (Model m = backend().create(config(true, 2, true, 0.5), 2)) {
      assertFalse(m.isTraining(), "a new model starts in evaluation mode");
      Batch b = batch(2);
      Compare.assertClose("repeated logits", m.logits(b), m.logits(b), sameComputationTolerance());
      Compare.assertClose("repeated loss", m.forwardBackward(b).loss(), m.forwardBackward(b).loss(),
          sameComputationTolerance());
    }
  }

  @Test
  public void dropoutActsOnlyInTrainingMode() {
    Batch b = batch(3);
    try (Model m = backend().create(config(true, 2, false, 0.5), 3)) {
      float[] eval = m.logits(b);
      m.setTraining(true);
      assertTrue(m.isTraining());
      float[] train = m.logits(b);
      assertTrue(Compare.maxAbsDiff(Compare.widen(eval), Compare.widen(train)) > 1e-4,
          "training mode with p = 0.5 should change the logits");
      m.setTraining(false);
      Compare.assertClose("evaluation after training mode", eval, m.logits(b), sameComputationTolerance());
    }
    try (Model m = backend().create(config(true, 2, false, 0.0), 3)) {
      float[] eval = m.logits(b);
      m.setTraining(true);
      Compare.assertClose("training mode at p = 0", eval, m.logits(b), sameComputationTolerance());
    }
  }

  @Test
  public void singleLayerHasNoDropout() {
    Batch b = batch(4);
    try (Model m = backend().create(config(true, 1, false, 0.5), 4)) {
      float[] eval = m.logits(b);
      m.setTraining(true);
      Compare.assertClose("one layer: dropout only acts between layers", eval, m.logits(b),
          sameComputationTolerance());
    }
  }

  @Test
  public void gradientsCoverExactlyTheTrainableTensors() {
    for (boolean train : new boolean[] {false, true}) {
      try (Model m = backend().create(config(true, 2, train, 0.0), 5)) {
        m.forwardBackward(batch(5));
        Parameters g = m.gradients();
        List<String> expected = m.layout().trainable().stream().map(ParamSpec::name).toList();
        assertEquals(expected, new ArrayList<>(g.names()));
        assertEquals(train, g.contains(ParameterLayout.EMBEDDING));
        g.checkMatches(m.layout(), true);
      }
    }
  }

  @Test
  public void gradientsAreOverwrittenNotAccumulated() {
    try (Model m = backend().create(config(false, 2, true, 0.0), 6)) {
      Batch b = batch(6);
      m.forwardBackward(b);
      Parameters first = m.gradients();
      m.forwardBackward(batch(66));
      m.forwardBackward(b);
      Compare.assertClose("gradients of the same batch", first, m.gradients(), sameComputationTolerance());
    }
  }

  @Test
  public void optimizerLeavesAFrozenEmbeddingAlone() {
    try (Model m = backend().create(config(true, 2, false, 0.2), 7);
         Optimizer opt = m.newOptimizer(AdamConfig.defaults().withLr(0.05))) {
      m.setTraining(true);
      Parameters before = m.parameters();
      for (int i = 0; i < 3; i++) {
        m.forwardBackward(batch(70 + i));
        opt.step();
      }
      assertEquals(3, opt.stepCount());
      Parameters after = m.parameters();
      assertArrayEquals(before.get(ParameterLayout.EMBEDDING).data(), after.get(ParameterLayout.EMBEDDING).data());
      for (ParamSpec s : m.layout().trainable()) {
        assertFalse(java.util.Arrays.equals(before.get(s.name()).data(), after.get(s.name()).data()),
            s.name() + " should have been updated");
      }
    }
  }

  @Test
  public void parametersRoundTripExactly() {
    try (Model m = backend().create(config(true, 3, true, 0.0), 8)) {
      Parameters p = Initializer.pytorchDefault(m.layout(), 88);
      m.setParameters(p);
      Parameters back = m.parameters();
      Compare.assertClose("parameters after setParameters", p, back, Tolerance.EXACT);
      back.get(ParameterLayout.DECODER_BIAS).data()[0] += 1;
      Compare.assertClose("parameters() is a copy", p, m.parameters(), Tolerance.EXACT);
    }
  }

  @Test
  public void setParametersRejectsWrongNamesAndShapes() {
    try (Model m = backend().create(config(true, 2, false, 0.0), 9)) {
      Parameters wrongShape = m.parameters();
      wrongShape.put(ParameterLayout.DECODER_BIAS, Tensor.zeros(4));
      assertThrows(IllegalArgumentException.class, () -> m.setParameters(wrongShape));
      Parameters extra = m.parameters();
      extra.put("decoder.scale", Tensor.zeros(3));
      assertThrows(IllegalArgumentException.class, () -> m.setParameters(extra));
      Parameters missing = new Parameters();
      m.parameters().asMap().forEach((k, v) -> {
        if (!k.equals(ParameterLayout.EMBEDDING)) {
          missing.put(k, v);
        }
      });
      assertThrows(IllegalArgumentException.class, () -> m.setParameters(missing));
    }
  }

  /**
   * Label 1 exactly when token 2 occurs: 30 Adam steps on one batch cut the loss tenfold
   * (measured on the CPU: 0.69 to 6e-4).
   */
  @Test
  public void lossFallsOnALearnableTask() {
    ModelConfig c = new ModelConfig(12, 8, true, 8, 1, true, 0.0, 2).withCell(cell());
    Batch b = RandomBatches.containsToken2(new MersenneTwister(10), 32, 12, 12);
    try (Model m = backend().create(c, 10); Optimizer opt = m.newOptimizer(AdamConfig.defaults().withLr(0.02))) {
      m.setTraining(true);
      double first = m.forwardBackward(b).loss();
      double last = first;
      for (int i = 0; i < 30; i++) {
        opt.step();
        last = m.forwardBackward(b).loss();
      }
      assertTrue(last < 0.1 * first, "loss " + first + " -> " + last);
    }
  }

  @Test
  public void paddingChangesNothing() {
    MersenneTwister rng = new MersenneTwister(11);
    try (Model m = backend().create(config(true, 2, true, 0.0), 11)) {
      Batch b = batch(11);
      Batch padded = RandomBatches.withExtraPadding(b, 7, 0);
      Batch noisy = RandomBatches.withRandomPaddingIds(padded, rng, 40);
      float[] logits = m.logits(b);
      double loss = m.forwardBackward(b).loss();
      Parameters grads = m.gradients();
      for (Batch other : List.of(padded, noisy)) {
        Compare.assertClose("logits with padding", logits, m.logits(other), sameComputationTolerance());
        Compare.assertClose("loss with padding", loss, m.forwardBackward(other).loss(), sameComputationTolerance());
        Compare.assertClose("gradients with padding", grads, m.gradients(), sameComputationTolerance());
      }
    }
  }

  @Test
  public void closingTwiceIsHarmless() {
    Model m = backend().create(config(false, 1, false, 0.0), 12);
    m.close();
    assertDoesNotThrow(m::close);
  }

  @Test
  public void everyMethodThrowsAfterClose() {
    Model m = backend().create(config(true, 2, false, 0.0), 13);
    Parameters p = m.parameters();
    m.close();
    Batch b = batch(13);
    List<Executable> calls = List.of(m::config, m::layout, m::backend, () -> m.setTraining(true),
        m::isTraining, () -> m.logits(b), () -> m.forwardBackward(b), m::parameters,
        () -> m.setParameters(p), m::gradients, () -> m.newOptimizer(AdamConfig.defaults()));
    for (Executable call : calls) {
      assertThrows(IllegalStateException.class, call);
    }
  }

  @Test
  public void callerMistakesAreIllegalArguments() {
    try (Model m = backend().create(config(true, 1, false, 0.0), 14)) {
      Batch b = batch(14);
      assertThrows(IllegalArgumentException.class, () -> m.forwardBackward(RandomBatches.unlabelled(b)));
      int[] ids = b.ids().clone();
      ids[b.maxLen() + 0] = 40;
      Batch tooLarge = new Batch(ids, b.lengths(), b.labels(), b.indices(), b.maxLen());
      IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> m.logits(tooLarge));
      assertTrue(e.getMessage().contains("40"), e.getMessage());
      ids[b.maxLen()] = -1;
      Batch negative = new Batch(ids, b.lengths(), b.labels(), b.indices(), b.maxLen());
      assertThrows(IllegalArgumentException.class, () -> m.forwardBackward(negative));
      int[] labels = b.labels().clone();
      labels[2] = 3;
      Batch badLabel = new Batch(b.ids(), b.lengths(), labels, b.indices(), b.maxLen());
      assertThrows(IllegalArgumentException.class, () -> m.forwardBackward(badLabel));
    }
  }

  /** state() into a new optimizer with loadState continues exactly where the first one was. */
  @Test
  public void optimizerStateRoundTrip() {
    AdamConfig adam = AdamConfig.defaults().withLr(0.01).withClipNorm(0.5);
    try (Model m = backend().create(config(true, 2, true, 0.0), 15); Optimizer opt = m.newOptimizer(adam)) {
      for (int i = 0; i < 3; i++) {
        m.forwardBackward(batch(150 + i));
        opt.step();
      }
      Parameters params = m.parameters();
      Parameters state = opt.state();
      assertEquals(2 * m.layout().trainable().size(), state.count());
      m.forwardBackward(batch(159));
      opt.step();
      Parameters expected = m.parameters();
      m.setParameters(params);
      try (Optimizer restored = m.newOptimizer(adam)) {
        restored.loadState(state, opt.stepCount() - 1);
        m.forwardBackward(batch(159));
        restored.step();
        assertEquals(4, restored.stepCount());
        Compare.assertClose("parameters after a restored step", expected, m.parameters(),
            sameComputationTolerance());
      }
    }
  }

  /**
   * Like {@code clip_grad_norm_}, a clipping step leaves the scaled gradients in the gradient
   * buffer, without the weight decay term (Adam adds that to a copy); without clipping the
   * gradients stay as they were.
   */
  @Test
  public void clippedStepLeavesTheScaledGradients() {
    try (Model m = backend().create(config(true, 2, true, 0.0), 16)) {
      Batch b = batch(16);
      m.forwardBackward(b);
      Parameters g = m.gradients();
      double norm = globalNorm(g);
      AdamConfig adam = AdamConfig.defaults().withWeightDecay(0.1);
      try (Optimizer loose = m.newOptimizer(adam.withClipNorm(2 * norm))) {
        loose.step();
      }
      Compare.assertClose("gradients after a step below the clip norm", g, m.gradients(),
          Tolerance.EXACT);
      m.forwardBackward(b);
      Parameters again = m.gradients(); // of the updated parameters
      double againNorm = globalNorm(again);
      double clip = againNorm / 4;
      try (Optimizer tight = m.newOptimizer(adam.withClipNorm(clip))) {
        tight.step();
      }
      float coef = (float) (clip / (againNorm + 1e-6));
      Parameters expected = new Parameters();
      for (String name : again.names()) {
        float[] x = again.get(name).toArray();
        for (int i = 0; i < x.length; i++) {
          x[i] *= coef;
        }
        expected.put(name, Tensor.of(again.get(name).shape(), x));
      }
      Compare.assertClose("gradients after a clipped step", expected, m.gradients(),
          new Tolerance(1e-12, 1e-5));
    }
  }

  private static double globalNorm(Parameters g) {
    double sumSq = 0;
    for (String name : g.names()) {
      for (float x : g.get(name).data()) {
        sumSq += (double) x * x;
      }
    }
    return Math.sqrt(sumSq);
  }

  /** setLearningRate shows in config(), which checkpoints save. */
  @Test
  public void learningRateChangeShowsInTheConfig() {
    try (Model m = backend().create(config(false, 1, false, 0.0), 17);
         Optimizer opt = m.newOptimizer(AdamConfig.defaults().withClipNorm(1.0))) {
      opt.setLearningRate(0.25);
      assertEquals(AdamConfig.defaults().withClipNorm(1.0).withLr(0.25), opt.config());
      assertThrows(IllegalArgumentException.class, () -> opt.setLearningRate(0));
    }
  }

  static List<Arguments> referenceCases() {
    List<Arguments> cases = new ArrayList<>();
    for (boolean bi : new boolean[] {false, true}) {
      for (int layers = 1; layers <= 2; layers++) {
        for (boolean train : new boolean[] {false, true}) {
          cases.add(Arguments.of(bi, layers, train));
        }
      }
    }
    return cases;
  }

  /** Logits, loss and every gradient against {@link ReferenceRnn} on the same parameters (p = 0). */
  @ParameterizedTest(
      name = "parity with the double-precision reference: bidirectional={0} layers={1} trainEmbedding={2}")
  @MethodSource("referenceCases")
  public void parityWithTheDoublePrecisionReference(boolean bi, int layers, boolean train) {
    ModelConfig c = config(bi, layers, train, 0.0);
    Batch b = batch(16 + layers);
    try (Model m = backend().create(c, 16); ReferenceModel ref = new ReferenceModel(c, m.parameters(), 16)) {
      m.setTraining(true);
      ReferenceResult r = ReferenceRnn.evaluate(c, ref.weights(), b, null, true);
      Tolerance tol = referenceTolerance();
      Compare.assertClose("logits", r.logits(), m.logits(b), tol);
      StepResult s = m.forwardBackward(b);
      Compare.assertClose("loss", r.loss(), s.loss(), tol);
      assertEquals(r.correct(), s.correct(), "correct count");
      Parameters g = m.gradients();
      assertEquals(r.gradients().keySet(), g.names());
      r.gradients().forEach((name, expected) -> Compare.assertClose("gradient " + name, expected,
          g.get(name).data(), tol));
      assertNotEquals(0, Compare.maxAbsDiff(new double[r.logits().length], r.logits()), "non-trivial logits");
    }
  }
}

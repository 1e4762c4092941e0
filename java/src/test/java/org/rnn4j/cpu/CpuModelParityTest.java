/*
 * Dimension key: B batch, T padded length, V vocabulary, E embedding, H hidden, L layers, C classes.
 */
package org.rnn4j.cpu;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.ArrayList;
import java.util.List;
import org.apache.commons.math3.random.MersenneTwister;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.MethodSource;
import org.rnn4j.model.Batch;
import org.rnn4j.model.AdamConfig;
import org.rnn4j.model.Cell;
import org.rnn4j.model.Initializer;
import org.rnn4j.model.ModelConfig;
import org.rnn4j.model.Optimizer;
import org.rnn4j.model.ParameterLayout;
import org.rnn4j.model.Parameters;
import org.rnn4j.model.Pooling;
import org.rnn4j.model.StepResult;
import org.rnn4j.testing.Compare;
import org.rnn4j.testing.RandomBatches;
import org.rnn4j.testing.Tolerance;

/**
 * The float {@link CpuModel} against the double-precision reference on the same parameters.
 *
 * <p>Tolerance {@code |cpu - ref| <= 1e-7 + 1e-5 |ref|}: float32's unit roundoff is 6e-8, and at
 * these sizes a value is the end of a chain of about a hundred dependent float operations (dot
 * products of length I + H per gate, T = 9 steps, up to 3 layers, sums over the B*T rows for the
 * weight gradients), whose rounding errors can add up to ~100 ulps: rtol 1e-5. Gradient elements
 * that nearly cancel keep the absolute error of the terms they were summed from (gradient scale
 * ~1e-2 times 1e-5): atol 1e-7. Measured over all 24 cases: worst absolute difference 5.9e-8,
 * worst relative 6.2e-6 on elements above 1e-3, i.e. about a tenth of the bound.
 */
class CpuModelParityTest {
  static final Tolerance TOL = new Tolerance(1e-7, 1e-5);

  static List<Arguments> cases() {
    List<Arguments> list = new ArrayList<>();
    for (boolean bi : new boolean[] {false, true}) {
      for (int layers = 1; layers <= 3; layers++) {
        for (boolean equal : new boolean[] {true, false}) {
          for (boolean trainEmbedding : new boolean[] {false, true}) {
            list.add(Arguments.of(bi, layers, equal, trainEmbedding));
          }
        }
      }
    }
    return list;
  }

  @ParameterizedTest(name = "bidirectional={0} layers={1} equalLengths={2} trainEmbedding={3}")
  @MethodSource("cases")
  void logitsLossAndGradientsMatchTheReference(boolean bi, int layers, boolean equal, boolean trainEmbedding) {
    ModelConfig config = new ModelConfig(30, 6, trainEmbedding, 5, layers, bi, 0.0, 3);
    long seed = 100 + layers * 10 + (bi ? 1 : 0);
    Parameters p = Initializer.pytorchDefault(ParameterLayout.of(config), seed);
    Batch batch = RandomBatches.random(new MersenneTwister(seed), 5, 9, 30, 3, equal);
    try (ReferenceModel ref = new ReferenceModel(config, p, seed);
         CpuModel cpu = new CpuModel(config, p, seed, 2)) {
      compareOnBatch(config, ref, cpu, batch, null);
    }
  }

  /** Same seed, same dropout stream: in training mode at p > 0 both drop the same units. */
  @Test
  void trainingWithDropoutMatchesTheReferenceWithTheSameSeed() {
    ModelConfig config = new ModelConfig(30, 6, true, 5, 3, true, 0.4, 3);
    Parameters p = Initializer.pytorchDefault(ParameterLayout.of(config), 7);
    MersenneTwister rng = new MersenneTwister(7);
    try (ReferenceModel ref = new ReferenceModel(config, p, 7);
         CpuModel cpu = new CpuModel(config, p, 7, 2)) {
      ref.setTraining(true);
      cpu.setTraining(true);
      for (int i = 0; i < 3; i++) {
        Batch batch = RandomBatches.random(rng, 4, 8, 30, 3, false);
        StepResult r = ref.forwardBackward(batch);
        StepResult c = cpu.forwardBackward(batch);
        Compare.assertClose("loss with dropout, pass " + i, r.loss(), c.loss(), TOL);
        Compare.assertClose("gradients with dropout, pass " + i, ref.gradients(), cpu.gradients(), TOL);
      }
    }
  }

  /**
   * Every pooling, in training mode with dropout on the embedding output and between the layers:
   * same seed, same masks, same logits, loss and gradients; then the evaluation-mode pass.
   */
  @ParameterizedTest(name = "pooling={0}")
  @EnumSource(Pooling.class)
  void everyPoolingWithEmbeddingDropoutMatchesTheReference(Pooling pooling) {
    ModelConfig config = new ModelConfig(30, 6, true, 5, 2, true, 0.3, 3).withPooling(pooling)
        .withEmbedDropout(0.2);
    trainingThenEvaluationMatchTheReference(pooling.toString(), config, 40 + pooling.ordinal());
  }

  /**
   * Every cell, in training mode with dropout on the embedding output and between three layers
   * (same seed, same masks, same logits, loss and gradients), then in evaluation mode, and one
   * direction, one layer, max pooling.
   */
  @ParameterizedTest(name = "cell={0}")
  @EnumSource(Cell.class)
  void everyCellMatchesTheReference(Cell cell) {
    ModelConfig config = new ModelConfig(30, 6, true, 5, 3, true, 0.3, 3).withCell(cell).withEmbedDropout(0.2);
    long seed = 60 + cell.ordinal();
    trainingThenEvaluationMatchTheReference(cell.toString(), config, seed);
    ModelConfig uni = new ModelConfig(30, 6, false, 5, 1, false, 0.0, 2).withCell(cell).withPooling(Pooling.MAX);
    Parameters q = Initializer.pytorchDefault(ParameterLayout.of(uni), seed + 10);
    try (ReferenceModel ref = new ReferenceModel(uni, q, seed);
         CpuModel cpu = new CpuModel(uni, q, seed, 2)) {
      compareOnBatch(uni, ref, cpu, RandomBatches.random(new MersenneTwister(seed + 10), 7, 10, 30, 2, false),
          null);
    }
  }

  /**
   * Two training passes with dropout (same seed, so the same masks): the same loss and gradients;
   * then an evaluation-mode batch: the same logits, loss and gradients.
   */
  private static void trainingThenEvaluationMatchTheReference(String what, ModelConfig config, long seed) {
    Parameters p = Initializer.pytorchDefault(ParameterLayout.of(config), seed);
    MersenneTwister rng = new MersenneTwister(seed);
    try (ReferenceModel ref = new ReferenceModel(config, p, seed);
         CpuModel cpu = new CpuModel(config, p, seed, 2)) {
      ref.setTraining(true);
      cpu.setTraining(true);
      for (int i = 0; i < 2; i++) {
        Batch batch = RandomBatches.random(rng, 5, 9, 30, 3, false);
        StepResult r = ref.forwardBackward(batch);
        StepResult c = cpu.forwardBackward(batch);
        Compare.assertClose(what + " loss with dropout, pass " + i, r.loss(), c.loss(), TOL);
        Compare.assertClose(what + " gradients with dropout, pass " + i, ref.gradients(), cpu.gradients(),
            TOL);
      }
      ref.setTraining(false);
      cpu.setTraining(false);
      compareOnBatch(config, ref, cpu, RandomBatches.random(rng, 6, 11, 30, 3, false), null);
    }
  }

  /**
   * Every cell: bitwise the same results on one thread and on three. H = 20, so that even a
   * plain RNN's gate row spans two 16-column panels and its weight gradients are split between
   * the threads.
   */
  @ParameterizedTest(name = "cell={0}")
  @EnumSource(Cell.class)
  void everyCellIsIndependentOfThreadCount(Cell cell) {
    ModelConfig config = new ModelConfig(50, 8, true, 20, 2, true, 0.3, 2).withCell(cell);
    Parameters p = Initializer.pytorchDefault(ParameterLayout.of(config), 6);
    Batch batch = RandomBatches.random(new MersenneTwister(6), 13, 40, 50, 2, false);
    try (CpuModel one = new CpuModel(config, p, 6, 1);
         CpuModel three = new CpuModel(config, p, 6, 3)) {
      one.setTraining(true);
      three.setTraining(true);
      assertEquals(one.forwardBackward(batch).loss(), three.forwardBackward(batch).loss());
      Compare.assertClose(cell + " gradients, 1 vs 3 threads", one.gradients(), three.gradients(),
          Tolerance.EXACT);
      assertArrayEquals(one.logits(batch), three.logits(batch));
    }
  }

  /** 20 Adam steps at p = 0 on the same batches: the losses stay together step by step. */
  @Test
  void adamTrainingTracksTheReference() {
    ModelConfig config = new ModelConfig(30, 6, true, 5, 2, true, 0.0, 2);
    Parameters p = Initializer.pytorchDefault(ParameterLayout.of(config), 21);
    MersenneTwister rng = new MersenneTwister(21);
    AdamConfig adam = AdamConfig.defaults().withLr(0.01).withClipNorm(1.0);
    try (ReferenceModel ref = new ReferenceModel(config, p, 21);
         CpuModel cpu = new CpuModel(config, p, 21, 2);
         Optimizer refOpt = ref.newOptimizer(adam);
         Optimizer cpuOpt = cpu.newOptimizer(adam)) {
      double[] refLoss = new double[20];
      double[] cpuLoss = new double[20];
      for (int step = 0; step < 20; step++) {
        Batch batch = RandomBatches.containsToken2(rng, 8, 10, 30);
        refLoss[step] = ref.forwardBackward(batch).loss();
        cpuLoss[step] = cpu.forwardBackward(batch).loss();
        refOpt.step();
        cpuOpt.step();
      }
      Compare.assertClose("losses over 20 Adam steps", refLoss, cpuLoss, TOL);
    }
  }

  /** The result does not depend on the number of threads or on repetition: bitwise equal. */
  @Test
  void resultsAreIndependentOfThreadCount() {
    ModelConfig config = new ModelConfig(50, 8, true, 7, 2, true, 0.3, 2);
    Parameters p = Initializer.pytorchDefault(ParameterLayout.of(config), 5);
    Batch batch = RandomBatches.random(new MersenneTwister(5), 13, 40, 50, 2, false);
    try (CpuModel one = new CpuModel(config, p, 5, 1);
         CpuModel three = new CpuModel(config, p, 5, 3)) {
      one.setTraining(true);
      three.setTraining(true);
      for (int pass = 0; pass < 2; pass++) {
        assertEquals(one.forwardBackward(batch).loss(), three.forwardBackward(batch).loss());
        Compare.assertClose("gradients, 1 vs 3 threads", one.gradients(), three.gradients(), Tolerance.EXACT);
        assertArrayEquals(one.logits(batch), three.logits(batch));
      }
    }
  }

  static void compareOnBatch(ModelConfig config, ReferenceModel ref, CpuModel cpu, Batch batch,
      double[][][] masks) {
    ReferenceResult r = ReferenceRnn.evaluate(config, ref.weights(), batch, masks, true);
    Compare.assertClose("logits", r.logits(), cpu.logits(batch), TOL);
    StepResult c = cpu.forwardBackward(batch);
    Compare.assertClose("loss", r.loss(), c.loss(), TOL);
    assertEquals(r.correct(), c.correct(), "correct count");
    Parameters grads = cpu.gradients();
    assertEquals(r.gradients().keySet(), grads.names());
    r.gradients().forEach((name, g) -> Compare.assertClose("gradient " + name, g, grads.get(name).data(), TOL));
  }
}

/*
 * Dimension key: B batch, T padded length, V vocabulary, E embedding, H hidden, L layers, C classes.
 */
package org.rnn4j.cpu;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.apache.commons.math3.random.MersenneTwister;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.rnn4j.model.Batch;
import org.rnn4j.model.AdamConfig;
import org.rnn4j.model.Model;
import org.rnn4j.model.ModelConfig;
import org.rnn4j.model.Optimizer;
import org.rnn4j.model.ParameterLayout;
import org.rnn4j.model.Parameters;
import org.rnn4j.model.StepStages.Stage;
import org.rnn4j.testing.RandomBatches;
import org.rnn4j.testing.StageChecks;
import org.rnn4j.testing.Tolerance;

/**
 * {@link CpuStages} against {@link CpuModel#forwardBackward} and {@link CpuAdam}: the same code
 * in the same order on the same data, so every number must agree bit for bit, dropout included.
 */
class CpuStagesTest {
  private static final AdamConfig ADAM = AdamConfig.defaults().withLr(0.01).withClipNorm(0.5);

  static List<Arguments> cases() {
    List<Arguments> list = new ArrayList<>();
    for (boolean bi : new boolean[] {false, true}) {
      for (int layers = 1; layers <= 3; layers++) {
        for (boolean trainEmbedding : new boolean[] {false, true}) {
          for (int threads = 1; threads <= 2; threads++) {
            list.add(Arguments.of(bi, layers, trainEmbedding, threads));
          }
        }
      }
    }
    return list;
  }

  private static ModelConfig config(boolean bi, int layers, boolean trainEmbedding) {
    return new ModelConfig(40, 6, trainEmbedding, 5, layers, bi, 0.3, 3);
  }

  private static Batch batch(long seed, boolean equalLengths) {
    return RandomBatches.random(new MersenneTwister(seed), 6, 11, 40, 3, equalLengths);
  }

  @ParameterizedTest(name = "bidirectional={0} layers={1} trainEmbedding={2} threads={3}")
  @MethodSource("cases")
  void theStagesInOrderAreTheTrainingStep(boolean bi, int layers, boolean trainEmbedding,
      int threads) {
    ModelConfig c = config(bi, layers, trainEmbedding);
    long seed = 40 + layers;
    Batch batch = batch(seed, false);
    try (Model model = new CpuBackend(threads).create(c, seed);
        Optimizer adam = model.newOptimizer(ADAM);
        CpuStages stages = new CpuStages(c, seed, threads, batch, ADAM)) {
      StageChecks.assertStagesAreTheStep(model, adam, stages, batch, Tolerance.EXACT);
    }
  }

  @ParameterizedTest(name = "trainEmbedding={0}")
  @MethodSource("embedding")
  void preparedStagesRerunOnTheSameInputs(boolean trainEmbedding) {
    ModelConfig c = config(true, 2, trainEmbedding);
    Batch batch = batch(9, false);
    try (Model model = new CpuBackend(2).create(c, 9);
        CpuStages stages = new CpuStages(c, 9, 2, batch, ADAM)) {
      StageChecks.assertPreparedStagesRerunOnTheSameInputs(model, stages, batch, true,
          Tolerance.EXACT);
    }
  }

  static List<Boolean> embedding() {
    return List.of(false, true);
  }

  /** Why the copy exists: backward data reads what it overwrote, so a bare second call differs. */
  @Test
  void backwardDataWithoutTheRestoreReadsItsOwnOutput() {
    ModelConfig c = config(true, 2, false);
    Batch batch = batch(3, true);
    try (CpuStages once = new CpuStages(c, 3, 1, batch, ADAM);
        CpuStages twice = new CpuStages(c, 3, 1, batch, ADAM)) {
      once.prepareFor(Stage.ENCODER_BACKWARD_WEIGHTS); // runs backward weights once too
      twice.prepareFor(Stage.ENCODER_BACKWARD_DATA);
      twice.encoderBackwardData(); // the restored inputs: the same as once's
      twice.encoderBackwardData(); // no restore
      twice.encoderBackwardWeights();
      Parameters a = once.gradients();
      Parameters b = twice.gradients();
      String name = ParameterLayout.weightHh(0, false);
      assertFalse(Arrays.equals(a.get(name).data(), b.get(name).data()),
          "a second backward data pass without the restore should not give the same gradients");
    }
  }

  @Test
  void aStageWithoutItsInputsSaysWhatToRunFirst() {
    ModelConfig c = config(true, 2, false);
    try (CpuStages stages = new CpuStages(c, 1, 1, batch(1, false), ADAM)) {
      IllegalStateException e = assertThrows(IllegalStateException.class,
          stages::encoderBackwardData);
      assertTrue(e.getMessage().contains("[EMBEDDING_FORWARD, ENCODER_FORWARD, HEAD_AND_LOSS]"),
          e.getMessage());
      assertTrue(e.getMessage().contains("prepareFor(ENCODER_BACKWARD_DATA)"), e.getMessage());
      e = assertThrows(IllegalStateException.class, stages::restoreBackwardDataInputs);
      assertTrue(e.getMessage().contains("prepareFor(ENCODER_BACKWARD_DATA)"), e.getMessage());
      stages.embeddingForward();
      stages.encoderForward();
      e = assertThrows(IllegalStateException.class, stages::embeddingBackward);
      assertTrue(e.getMessage().contains("frozen"), e.getMessage());
      assertEquals(List.of(Stage.EMBEDDING_FORWARD, Stage.ENCODER_FORWARD, Stage.HEAD_AND_LOSS,
          Stage.ENCODER_BACKWARD_DATA, Stage.ENCODER_BACKWARD_WEIGHTS, Stage.CLIP_AND_ADAM),
          stages.stages());
      assertEquals("cpu", stages.backend());
    }
  }

  @Test
  void aClosedStagesObjectRefusesWork() {
    CpuStages stages = new CpuStages(config(false, 1, false), 1, 1, batch(1, true), ADAM);
    stages.close();
    stages.close(); // harmless
    assertThrows(IllegalStateException.class, stages::embeddingForward);
  }
}

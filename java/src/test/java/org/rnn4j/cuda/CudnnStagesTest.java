/*
 * Dimension key: B batch, T padded length, V vocabulary, E embedding, H hidden, L layers, C classes.
 */
package org.rnn4j.cuda;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import org.apache.commons.math3.random.MersenneTwister;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.rnn4j.model.Batch;
import org.rnn4j.model.AdamConfig;
import org.rnn4j.model.ModelConfig;
import org.rnn4j.model.Optimizer;
import org.rnn4j.model.StepStages.Stage;
import org.rnn4j.testing.RandomBatches;
import org.rnn4j.testing.StageChecks;
import org.rnn4j.testing.Tolerance;

/**
 * {@link CudnnStages} against {@link CudnnModel#forwardBackward} and {@link FusedAdam}, dropout
 * on: the same kernels and cuDNN calls in the same order on the same data, from the same seed
 * (so the same weights and dropout states). Only the order of floating-point atomics (the
 * embedding's scatter-add, possibly cuDNN's weight gradients) may differ between two runs, hence
 * a tolerance at the level of float rounding instead of bitwise equality.
 */
@GpuTest
class CudnnStagesTest {
  static final Tolerance TOL = new Tolerance(1e-6, 1e-5);
  private static final AdamConfig ADAM = AdamConfig.defaults().withLr(0.01).withClipNorm(0.5);

  static List<Arguments> cases() {
    List<Arguments> list = new ArrayList<>();
    for (boolean bi : new boolean[] {false, true}) {
      for (int layers = 1; layers <= 2; layers++) {
        for (boolean train : new boolean[] {false, true}) {
          for (boolean equal : new boolean[] {true, false}) {
            list.add(Arguments.of(bi, layers, train, equal));
          }
        }
      }
    }
    return list;
  }

  private static ModelConfig config(boolean bi, int layers, boolean train) {
    return new ModelConfig(60, 12, train, 16, layers, bi, 0.3, 2);
  }

  @ParameterizedTest(name = "bidirectional={0} layers={1} trainEmbedding={2} equalLengths={3}")
  @MethodSource("cases")
  void theStagesInOrderAreTheTrainingStep(boolean bi, int layers, boolean train, boolean equal) {
    ModelConfig c = config(bi, layers, train);
    long seed = 500 + layers;
    Batch batch = RandomBatches.random(new MersenneTwister(seed), 7, 13, 60, 2, equal);
    try (CudnnModel model = new CudnnModel(c, seed, CudnnOptions.defaults());
        Optimizer adam = model.newOptimizer(ADAM);
        CudnnStages stages = new CudnnStages(c, seed, CudnnOptions.defaults(), batch, ADAM)) {
      StageChecks.assertStagesAreTheStep(model, adam, stages, batch, TOL);
    }
  }

  /** The persistent algorithm too, where cuDNN takes it (full-length batches). */
  @Test
  void theStagesFollowTheModelOnThePersistentAlgorithm() {
    ModelConfig c = config(true, 2, false);
    CudnnOptions o = CudnnOptions.defaults().withAlgo(RnnAlgo.PERSIST_STATIC_SMALL_H);
    Batch batch = RandomBatches.random(new MersenneTwister(5), 8, 12, 60, 2, true);
    try (CudnnModel model = new CudnnModel(c, 5, o);
        Optimizer adam = model.newOptimizer(ADAM);
        CudnnStages stages = new CudnnStages(c, 5, o, batch, ADAM)) {
      StageChecks.assertStagesAreTheStep(model, adam, stages, batch, TOL);
      assertEquals(model.algo(), stages.algo());
    }
  }

  /** The copy of the reserve space lets backward data run again on the same forward pass. */
  @ParameterizedTest(name = "trainEmbedding={0}")
  @MethodSource("embedding")
  void preparedStagesRerunOnTheSameInputs(boolean train) {
    ModelConfig c = config(true, 2, train);
    Batch batch = RandomBatches.random(new MersenneTwister(9), 7, 13, 60, 2, false);
    try (CudnnModel model = new CudnnModel(c, 9, CudnnOptions.defaults());
        CudnnStages stages = new CudnnStages(c, 9, CudnnOptions.defaults(), batch, ADAM)) {
      // cuDNN adds into the weight gradients (and the embedding kernel into its gradient):
      // re-running backward weights adds again, so only backward data and the head are re-run
      StageChecks.assertPreparedStagesRerunOnTheSameInputs(model, stages, batch, false, TOL);
    }
  }

  static List<Boolean> embedding() {
    return List.of(false, true);
  }

  @Test
  void aStageWithoutItsInputsSaysWhatToRunFirst() {
    ModelConfig c = config(true, 2, false);
    Batch batch = RandomBatches.random(new MersenneTwister(1), 4, 6, 60, 2, false);
    try (CudnnStages stages = new CudnnStages(c, 1, CudnnOptions.defaults(), batch, ADAM)) {
      IllegalStateException e = assertThrows(IllegalStateException.class,
          stages::encoderBackwardWeights);
      assertTrue(e.getMessage().contains("prepareFor(ENCODER_BACKWARD_WEIGHTS)"), e.getMessage());
      stages.prepareFor(Stage.CLIP_AND_ADAM);
      stages.clipAndAdam();
      assertEquals("cudnn", stages.backend());
    }
  }
}

package org.rnn4j.cuda;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.apache.commons.math3.random.MersenneTwister;
import org.junit.jupiter.api.Test;
import org.rnn4j.model.Batch;
import org.rnn4j.model.AdamConfig;
import org.rnn4j.model.ModelConfig;
import org.rnn4j.model.Optimizer;
import org.rnn4j.testing.Compare;
import org.rnn4j.testing.RandomBatches;
import org.rnn4j.testing.Tolerance;

/**
 * Training steps replayed from CUDA graphs compute what the same steps run eagerly compute, and
 * graphs are captured, reused and dropped when they should be. The two models run the same
 * kernels in the same order on the same data, so the comparison is at the same-computation
 * tolerance of the contract suite.
 */
@GpuTest
class CudnnGraphTest {
  private static final Tolerance SAME = new Tolerance(1e-6, 1e-5);
  private static final CudnnOptions EAGER = CudnnOptions.defaults();
  private static final CudnnOptions GRAPHS = CudnnOptions.defaults().withGraphs(true);

  private static Batch batch(int seed, int b, int t, boolean equal) {
    return RandomBatches.random(new MersenneTwister(seed), b, t, 300, 2, equal);
  }

  /** Runs the batches through both models with Adam, comparing each loss and the final state. */
  private static void assertSameTraining(ModelConfig c, CudnnOptions graphOptions, Batch... batches) {
    try (CudnnModel eager = new CudnnModel(c, 5, EAGER);
        CudnnModel graphed = new CudnnModel(c, 5, graphOptions)) {
      eager.setTraining(true);
      graphed.setTraining(true);
      Optimizer a = eager.newOptimizer(AdamConfig.defaults().withClipNorm(1.0));
      Optimizer g = graphed.newOptimizer(AdamConfig.defaults().withClipNorm(1.0));
      for (int i = 0; i < batches.length; i++) {
        double le = eager.forwardBackward(batches[i]).loss();
        double lg = graphed.forwardBackward(batches[i]).loss();
        Compare.assertClose("loss at step " + i + " (" + graphed.graphStatus() + ")", le, lg, SAME);
        a.step();
        g.step();
      }
      Compare.assertClose("gradients after the last step", eager.gradients(), graphed.gradients(), SAME);
      Compare.assertClose("parameters after the last step", eager.parameters(), graphed.parameters(), SAME);
    }
  }

  @Test
  void equalLengthStepsFromGraphsMatchEagerSteps() {
    ModelConfig c = new ModelConfig(300, 16, true, 24, 2, true, 0.0, 2);
    Batch x = batch(1, 8, 20, true);
    Batch y = batch(2, 8, 20, true);
    assertSameTraining(c, GRAPHS, x, y, x, y, x, y);
  }

  /**
   * Replays between eager steps of other lengths: a replay must not depend on anything an eager
   * call in between rewrote (say, host or device staging of the lengths inside cuDNN).
   */
  @Test
  void replaysInterleavedWithVariableLengthStepsMatchEagerSteps() {
    ModelConfig c = new ModelConfig(300, 16, false, 24, 2, true, 0.3, 2);
    Batch full = batch(7, 8, 20, true);
    Batch mixedA = batch(8, 8, 20, false);
    Batch mixedB = batch(9, 8, 17, false);
    assertSameTraining(c, GRAPHS, full, full, mixedA, full, mixedB, full, mixedA, full, full);
  }

  @Test
  void graphsAreCapturedOncePerShapeAndReplayed() {
    ModelConfig c = new ModelConfig(300, 16, false, 24, 2, true, 0.0, 2);
    try (CudnnModel m = new CudnnModel(c, 5, GRAPHS)) {
      m.setTraining(true);
      Optimizer adam = m.newOptimizer(AdamConfig.defaults());
      for (int i = 0; i < 5; i++) {
        m.forwardBackward(batch(10 + i, 8, 20, true)).loss();
        adam.step();
      }
      // Step 1 warms up, step 2 captures and launches, steps 3-5 launch.
      assertEquals(new StepGraphs.Counts(1, 4, 1), m.graphCounts(), m.graphStatus());
      m.forwardBackward(batch(20, 8, 12, false)).loss(); // unequal lengths: eager
      assertEquals(new StepGraphs.Counts(1, 4, 1), m.graphCounts(), m.graphStatus());
      m.forwardBackward(batch(21, 4, 20, true)).loss(); // new shape: warm-up only
      m.forwardBackward(batch(22, 4, 20, true)).loss(); // captured
      assertEquals(new StepGraphs.Counts(2, 5, 2), m.graphCounts(), m.graphStatus());
    }
  }

  @Test
  void growingTheBuffersDropsTheGraphsAndResultsStayRight() {
    ModelConfig c = new ModelConfig(300, 16, true, 24, 1, true, 0.0, 2);
    Batch small = batch(3, 8, 20, true);
    Batch big = batch(4, 40, 90, true); // beyond the rounded-up capacity: reallocates
    assertSameTraining(c, GRAPHS, small, small, small, big, small, small, small);
    try (CudnnModel m = new CudnnModel(c, 5, GRAPHS)) {
      for (Batch b : new Batch[] {small, small, small, big}) {
        m.forwardBackward(b).loss();
      }
      assertEquals(0, m.graphCounts().held(), "the growth dropped the graph of the small shape");
    }
  }

  @Test
  void dropoutMasksChangeFromReplayToReplayAsTheyDoEagerly() {
    ModelConfig c = new ModelConfig(300, 16, false, 24, 2, true, 0.5, 2);
    Batch x = batch(6, 16, 24, true);
    assertSameTraining(c, GRAPHS, x, x, x, x, x);
    try (CudnnModel m = new CudnnModel(c, 5, GRAPHS)) {
      m.setTraining(true);
      double[] losses = new double[4];
      for (int i = 0; i < losses.length; i++) {
        losses[i] = m.forwardBackward(x).loss(); // no optimizer: only the mask changes
      }
      assertTrue(m.graphCounts().launches() >= 2, m.graphStatus());
      assertNotEquals(losses[2], losses[3], "two replays drew different dropout masks");
    }
  }

  /**
   * More graphed shapes than the encoder pins descriptor sets for: the sets are dropped together
   * with every graph (never under a live one), each shape gets its own set, and every step still
   * computes what the eager model computes, including replays of shapes captured before the drop.
   */
  @Test
  void moreShapesThanPinnedDescriptorSetsDropThemWithTheGraphsAndStayRight() {
    ModelConfig c = new ModelConfig(300, 8, false, 8, 1, true, 0.0, 2);
    int shapes = Encoder.MAX_PINNED + 3;
    java.util.List<Batch> batches = new java.util.ArrayList<>();
    Batch first = batch(100, 2, 3, true);
    batches.add(first);
    batches.add(first);
    batches.add(first); // captured and launched
    for (int i = 0; i < shapes; i++) {
      Batch b = batch(200 + i, 1 + i % 12, 2 + i / 12, true); // all distinct [B, T]
      batches.add(b);
      batches.add(b);
    }
    batches.add(first);
    batches.add(first);
    batches.add(first);
    assertSameTraining(c, GRAPHS, batches.toArray(new Batch[0]));
    try (CudnnModel m = new CudnnModel(c, 5, GRAPHS)) {
      for (Batch b : batches) {
        m.forwardBackward(b).loss();
        assertTrue(m.pinnedDescriptorSets() <= Encoder.MAX_PINNED, "pinned sets stay bounded");
      }
      assertTrue(m.pinnedDescriptorSets() >= 1, "the last graphed shape has its pinned set");
      assertTrue(m.graphsOn(), m.graphStatus());
    }
  }

  @Test
  void debugSyncSwitchesGraphsOffWithAReason() {
    ModelConfig c = new ModelConfig(300, 16, false, 24, 1, true, 0.0, 2);
    try (CudnnModel m = new CudnnModel(c, 5, GRAPHS.withDebugSync(true))) {
      for (int i = 0; i < 3; i++) {
        m.forwardBackward(batch(1, 8, 20, true)).loss();
      }
      assertEquals(new StepGraphs.Counts(0, 0, 0), m.graphCounts());
      assertTrue(m.graphStatus().contains("debug sync"), m.graphStatus());
    }
  }
}

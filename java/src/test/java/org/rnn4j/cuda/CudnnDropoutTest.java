package org.rnn4j.cuda;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.Random;
import org.rnn4j.model.Batch;
import org.rnn4j.model.ModelConfig;
import org.junit.jupiter.api.Test;

@GpuTest
class CudnnDropoutTest {
  private static final double P = 0.3;
  private static final ModelConfig CONFIG = new ModelConfig(300, 24, false, 32, 2, true, P, 2);

  @Test
  void trainingDiffersFromEvaluationWhichIsDeterministic() {
    Batch batch = CudnnRobustnessTest.randomBatch(new Random(5), 16, 40, 300);
    try (CudnnModel model = new CudnnModel(CONFIG, 11, CudnnOptions.defaults())) {
      float[] eval1 = model.logits(batch);
      float[] eval2 = model.logits(batch);
      assertArrayEquals(eval1, eval2, "evaluation is deterministic");
      model.setTraining(true);
      float[] train1 = model.logits(batch);
      float[] train2 = model.logits(batch);
      assertFalse(Arrays.equals(eval1, train1), "dropout changes the training-mode output");
      assertFalse(Arrays.equals(train1, train2), "each training pass draws a new mask");
    }
  }

  @Test
  void maskDropsTheRightShareAndScalesTheRest() {
    int n = 1 << 20;
    try (CudnnModel model = new CudnnModel(CONFIG, 11, CudnnOptions.defaults())) {
      float[] out = model.dropoutSample(n);
      int zeros = 0;
      float kept = (float) (1 / (1 - P));
      for (float v : out) {
        if (v == 0f) {
          zeros++;
        } else {
          assertEquals(kept, v, 1e-6f, "kept values are scaled by 1/(1-p)");
        }
      }
      double share = zeros / (double) n;
      double sigma = Math.sqrt(P * (1 - P) / n);
      assertTrue(Math.abs(share - P) < 5 * sigma, "dropped share " + share + " vs p = " + P
          + " (5 sigma = " + 5 * sigma + ")");
    }
  }
}

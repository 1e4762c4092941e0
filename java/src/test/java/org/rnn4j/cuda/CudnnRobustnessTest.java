package org.rnn4j.cuda;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Random;
import org.rnn4j.cuda.runtime.CudaOutOfMemoryException;
import org.rnn4j.cuda.runtime.DeviceBuffer;
import org.rnn4j.model.Batch;
import org.rnn4j.model.AdamConfig;
import org.rnn4j.model.ModelConfig;
import org.rnn4j.model.Optimizer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

@GpuTest
class CudnnRobustnessTest {
  private static final ModelConfig SMALL = new ModelConfig(500, 32, true, 48, 2, true, 0.2, 2);

  static Batch randomBatch(Random rnd, int b, int maxLen, int vocab) {
    int[][] seqs = new int[b][];
    int[] labels = new int[b];
    for (int i = 0; i < b; i++) {
      seqs[i] = new int[1 + rnd.nextInt(maxLen)];
      for (int t = 0; t < seqs[i].length; t++) {
        seqs[i][t] = 1 + rnd.nextInt(vocab - 1);
      }
      labels[i] = rnd.nextInt(2);
    }
    return Batch.of(seqs, labels);
  }

  /**
   * A thousand ragged training steps allocate nothing. cuDNN and cuBLAS size their scratch space
   * and pick kernels by shape (and cuDNN by lengths), and CUDA loads a kernel's code into device
   * memory on its first use (lazy module loading), so the warm-up runs exactly the batches the
   * measured loop will run, once: every shape is then seen before the memory is taken, and any
   * growth in the second pass is a leak, not a first use.
   */
  @Test
  void deviceMemoryIsStableOverAThousandSteps() {
    Random rnd = new Random(7);
    java.util.List<Batch> batches = new java.util.ArrayList<>();
    for (int step = 0; step < 1000; step++) {
      batches.add(randomBatch(rnd, 1 + rnd.nextInt(32), 80, 500));
    }
    try (CudnnModel model = new CudnnModel(SMALL, 1, CudnnOptions.defaults())) {
      model.setTraining(true);
      Optimizer adam = model.newOptimizer(AdamConfig.defaults().withClipNorm(1.0));
      for (Batch b : batches) {
        model.forwardBackward(b).loss();
        adam.step();
      }
      model.synchronize();
      long held = model.stepBufferBytes();
      long freeBefore = model.deviceMemory().free();
      DeviceBuffer.Counters ours = DeviceBuffer.counters();
      double last = 0;
      for (Batch b : batches) {
        last = model.forwardBackward(b).loss();
        adam.step();
      }
      model.synchronize();
      long freeAfter = model.deviceMemory().free();
      assertTrue(Double.isFinite(last), "loss stayed finite");
      // Exact: every device allocation rnn4j makes goes through DeviceBuffer.
      assertEquals(held, model.stepBufferBytes(), "step buffers did not grow after warm-up");
      assertEquals(ours, DeviceBuffer.counters(),
          "allocations and live bytes of rnn4j's device buffers over 1000 steps");
      // cuDNN's and cuBLAS's own memory, read from the device's free memory: bounded rather than
      // exact, since the free memory is the whole device's (the driver's or another process's
      // allocations move it too).
      long lostMiB = (freeBefore - freeAfter) >> 20;
      System.out.printf("free device memory: %d bytes before, %d after 1000 steps%n", freeBefore,
          freeAfter);
      assertTrue(lostMiB <= 8, "free device memory fell by " + lostMiB + " MiB over 1000 steps"
          + " already run once each");
    }
  }

  @Test
  void outOfMemoryNamesTheBatchAndLeavesTheModelUsable() {
    ModelConfig big = new ModelConfig(1000, 512, false, 512, 2, true, 0.0, 2);
    try (CudnnModel model = new CudnnModel(big, 1, CudnnOptions.defaults())) {
      long total = model.deviceMemory().total();
      // Inputs alone need B*T*E*4 bytes twice (x and dx): pick T so that this exceeds the card.
      int b = 4096;
      int t = (int) Math.min(Integer.MAX_VALUE / b - 1, total / (4L * 512 * b) + 64);
      int[] ids = new int[b * t];
      int[] lengths = new int[b];
      java.util.Arrays.fill(lengths, t);
      java.util.Arrays.fill(ids, 2);
      Batch huge = new Batch(ids, lengths, new int[b], null, t);
      CudaOutOfMemoryException e = assertThrows(CudaOutOfMemoryException.class,
          () -> model.forwardBackward(huge));
      assertTrue(e.getMessage().contains("batch of " + b + " reviews"), e.getMessage());
      double loss = model.forwardBackward(randomBatch(new Random(1), 8, 20, 1000)).loss();
      assertTrue(Double.isFinite(loss), "a small batch still works after the failure");
    }
  }

  @Test
  void closingTwiceIsHarmlessAndUseAfterCloseThrows() {
    CudnnModel model = new CudnnModel(SMALL, 1, CudnnOptions.defaults());
    Optimizer adam = model.newOptimizer(AdamConfig.defaults());
    model.close();
    model.close();
    assertThrows(IllegalStateException.class, model::parameters);
    assertThrows(IllegalStateException.class, adam::step);
    adam.close();
  }

  /**
   * The persistent algorithm asked for beyond PyTorch's limits (H = 256, a batch of mixed and of
   * equal lengths): cuDNN either runs it or refuses it, and on a refusal the model goes on with
   * STANDARD; either way the numbers equal the STANDARD model's.
   */
  @Test
  void persistentAlgorithmBeyondItsLimitsRunsOrFallsBack() {
    ModelConfig c = new ModelConfig(200, 16, true, 256, 2, true, 0.0, 2);
    org.rnn4j.model.Parameters p = org.rnn4j.model.Initializer.pytorchDefault(
        org.rnn4j.model.ParameterLayout.of(c), 4);
    org.rnn4j.testing.Tolerance tol = new org.rnn4j.testing.Tolerance(1e-6, 1e-4);
    try (CudnnModel standard = new CudnnModel(c, 4, CudnnOptions.defaults());
        CudnnModel asked = new CudnnModel(c, 4,
            CudnnOptions.defaults().withAlgo(RnnAlgo.PERSIST_STATIC_SMALL_H))) {
      standard.setParameters(p);
      asked.setParameters(p);
      for (boolean equal : new boolean[] {true, false, true}) {
        Batch batch = org.rnn4j.testing.RandomBatches.random(
            new org.apache.commons.math3.random.MersenneTwister(5), 64, 40, 200, 2, equal);
        org.rnn4j.testing.Compare.assertClose("loss (" + asked.algo() + ", equal=" + equal + ")",
            standard.forwardBackward(batch).loss(), asked.forwardBackward(batch).loss(), tol);
        org.rnn4j.testing.Compare.assertClose("gradients", standard.gradients(), asked.gradients(), tol);
        org.rnn4j.testing.Compare.assertClose("logits", standard.logits(batch), asked.logits(batch), tol);
      }
    }
  }

  @ParameterizedTest(name = "{0}")
  @EnumSource(DataLayout.class)
  void persistentAlgorithmAgreesWithStandard(DataLayout layout) {
    ModelConfig c = new ModelConfig(200, 16, true, 32, 2, true, 0.0, 2);
    org.rnn4j.model.Parameters p = org.rnn4j.model.Initializer.pytorchDefault(
        org.rnn4j.model.ParameterLayout.of(c), 3);
    CudnnOptions base = CudnnOptions.defaults().withLayout(layout);
    CudnnOptions persist = base.withAlgo(RnnAlgo.PERSIST_STATIC_SMALL_H);
    org.rnn4j.testing.Tolerance tol = new org.rnn4j.testing.Tolerance(1e-6, 1e-4);
    try (CudnnModel standard = new CudnnModel(c, 3, base);
        CudnnModel fast = new CudnnModel(c, 3, persist)) {
      standard.setParameters(p);
      fast.setParameters(p);
      for (boolean equal : new boolean[] {true, false}) {
        Batch batch = org.rnn4j.testing.RandomBatches.random(
            new org.apache.commons.math3.random.MersenneTwister(3), 16, 30, 200, 2, equal);
        org.rnn4j.testing.Compare.assertClose("loss (" + fast.algo() + ", equal=" + equal + ")",
            standard.forwardBackward(batch).loss(), fast.forwardBackward(batch).loss(), tol);
        org.rnn4j.testing.Compare.assertClose("gradients", standard.gradients(), fast.gradients(), tol);
      }
      System.out.println(layout + ": persistent model runs " + fast.algo());
    }
  }
}

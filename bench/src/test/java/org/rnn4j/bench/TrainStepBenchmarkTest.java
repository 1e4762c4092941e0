package org.rnn4j.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeFalse;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.apache.commons.math3.random.MersenneTwister;
import org.junit.jupiter.api.Test;
import org.openjdk.jmh.annotations.Param;
import org.rnn4j.cuda.runtime.CudaLibraries;
import org.rnn4j.model.Batch;
import org.rnn4j.model.ModelConfig;

/** The shape table, the random batches and the setup's refusals, without running JMH. */
class TrainStepBenchmarkTest {

  @Test
  void everyDefaultShapeParameterIsInTheSharedTable() throws Exception {
    String[] params = TrainStepBenchmark.class.getField("shape").getAnnotation(Param.class).value();
    List<String> names = new ArrayList<>();
    BenchShape.all().forEach(s -> names.add(s.name()));
    assertTrue(names.containsAll(Arrays.asList(params)), Arrays.toString(params) + " vs " + names);
    assertEquals(List.of("tutorial", "h256", "b256t200"), Arrays.asList(params));
  }

  @Test
  void theTableHoldsTheShapesTheIssueAsksFor() {
    BenchShape t = BenchShape.named("tutorial");
    assertEquals(ModelConfig.tutorial(50000), t.modelConfig());
    assertEquals(List.of(64, 500), List.of(t.batch(), t.len()));
    BenchShape h = BenchShape.named("h256");
    assertEquals(new ModelConfig(50000, 100, false, 256, 2, true, 0.3, 2), h.modelConfig());
    assertEquals(List.of(64, 500), List.of(h.batch(), h.len()));
    BenchShape b = BenchShape.named("b256t200");
    assertEquals(ModelConfig.tutorial(50000), b.modelConfig());
    assertEquals(List.of(256, 200), List.of(b.batch(), b.len()));
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> BenchShape.named("nope"));
    assertTrue(e.getMessage().contains("tutorial"), e.getMessage());
  }

  @Test
  void randomBatchesAreFullLengthWithoutPaddingOrUnknownIds() {
    Batch b = StepFixture.fullLengthBatch(new MersenneTwister(2), 16, 40, 7, 3);
    assertEquals(40, b.maxLen());
    for (int len : b.lengths()) {
      assertEquals(40, len);
    }
    int[] seen = new int[7];
    for (int id : b.ids()) {
      seen[id]++;
    }
    assertEquals(0, seen[0] + seen[1], "ids 0 and 1 must not appear");
    for (int id = 2; id < 7; id++) {
      assertTrue(seen[id] > 0, "id " + id + " never drawn");
    }
    for (int label : b.labels()) {
      assertTrue(label >= 0 && label < 3, "label " + label);
    }
  }

  @Test
  void theCpuBackendTrainsAndInfersOnTheTinyShape() {
    TrainStepBenchmark bench = configured("cpu", "tiny", "FP32");
    bench.prepare("trainStep");
    try {
      double first = bench.trainStep();
      assertTrue(Double.isFinite(first) && first > 0, "loss " + first);
      float[] logits = bench.inference();
      assertEquals(BenchShape.named("tiny").batch() * 2, logits.length);
    } finally {
      bench.tearDown();
    }
  }

  @Test
  void mathModesOtherThanFp32AreRefusedOnTheCpuWithTheWayOut() {
    TrainStepBenchmark bench = configured("cpu", "tiny", "TF32");
    UnsupportedOperationException e = assertThrows(UnsupportedOperationException.class,
        () -> bench.prepare("trainStep"));
    assertTrue(e.getMessage().contains("-p backend=cpu -p math=FP32"), e.getMessage());
    bench.tearDown(); // nothing was built: must not throw
  }

  @Test
  void cudaGraphsAreRefusedOnTheCpu() {
    TrainStepBenchmark bench = configured("cpu", "tiny", "FP32");
    bench.graphs = true;
    UnsupportedOperationException e = assertThrows(UnsupportedOperationException.class,
        () -> bench.prepare("trainStep"));
    assertTrue(e.getMessage().contains("graphs=true"), e.getMessage());
  }

  @Test
  void cudnnWithoutAGpuFailsWithTheReason() {
    assumeFalse(CudaLibraries.status().available(), "a GPU is usable here");
    TrainStepBenchmark bench = configured("cudnn", "tiny", "FP32");
    UnsupportedOperationException e = assertThrows(UnsupportedOperationException.class,
        () -> bench.prepare("trainStep"));
    assertTrue(e.getMessage().startsWith("not run: backend=cudnn is unavailable here: "),
        e.getMessage());
    assertTrue(e.getMessage().contains(CudaLibraries.status().reason()), e.getMessage());
    assertFalse(e.getMessage().contains("\n"), "one line");
  }

  private static TrainStepBenchmark configured(String backend, String shape, String math) {
    TrainStepBenchmark b = new TrainStepBenchmark();
    b.backend = backend;
    b.shape = shape;
    b.math = math;
    b.algo = "STANDARD";
    b.layout = "SEQ_MAJOR";
    b.cpuThreads = 1;
    return b;
  }
}

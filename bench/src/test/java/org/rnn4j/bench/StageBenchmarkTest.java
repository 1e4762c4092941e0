package org.rnn4j.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeFalse;

import java.lang.reflect.Method;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.openjdk.jmh.annotations.Benchmark;
import org.rnn4j.cuda.runtime.CudaLibraries;
import org.rnn4j.model.StepStages.Stage;

/** The stage benchmarks' setup and calls on the tiny shape, and their refusals, without JMH. */
class StageBenchmarkTest {

  @Test
  void everyStageHasOneBenchmarkMethodOfItsName() {
    EnumSet<Stage> seen = EnumSet.noneOf(Stage.class);
    for (Method m : StageBenchmark.class.getMethods()) {
      if (m.isAnnotationPresent(Benchmark.class)) {
        assertTrue(seen.add(StageBenchmark.stageOf(m.getName())), m.getName());
      }
    }
    assertEquals(EnumSet.allOf(Stage.class), seen);
  }

  @Test
  void everyCpuStageRunsOnTheTinyShapeAfterItsSetup() throws Exception {
    List<String> ran = new ArrayList<>();
    for (Method m : StageBenchmark.class.getMethods()) {
      if (!m.isAnnotationPresent(Benchmark.class)) {
        continue;
      }
      StageBenchmark bench = configured("cpu", "FP32");
      bench.trainEmbedding = true;
      bench.clipNorm = 1.0;
      bench.prepare(m.getName());
      try {
        if (m.getParameterCount() == 1) { // encoderBackwardData: restored before each call
          StageBenchmark.BackwardDataInputs restore = new StageBenchmark.BackwardDataInputs();
          for (int i = 0; i < 2; i++) {
            restore.restore(bench);
            m.invoke(bench, restore);
          }
        } else {
          m.invoke(bench);
          m.invoke(bench);
        }
        ran.add(m.getName());
      } finally {
        bench.tearDown();
      }
    }
    assertEquals(Stage.values().length, ran.size(), ran.toString());
  }

  @Test
  void theFrozenEmbeddingHasNoBackwardToTime() {
    StageBenchmark bench = configured("cpu", "FP32");
    UnsupportedOperationException e = assertThrows(UnsupportedOperationException.class,
        () -> bench.prepare("embeddingBackward"));
    assertTrue(e.getMessage().startsWith("not run: embeddingBackward"), e.getMessage());
    assertTrue(e.getMessage().contains("-p trainEmbedding=true"), e.getMessage());
    assertFalse(e.getMessage().contains("\n"), "one line");
    bench.tearDown(); // nothing was built: must not throw
  }

  @Test
  void gpuSettingsAreRefusedOnTheCpu() {
    StageBenchmark bench = configured("cpu", "TF32");
    UnsupportedOperationException e = assertThrows(UnsupportedOperationException.class,
        () -> bench.prepare("encoderForward"));
    assertTrue(e.getMessage().startsWith("not run: "), e.getMessage());
    assertTrue(e.getMessage().contains("-p backend=cpu -p math=FP32"), e.getMessage());
  }

  @Test
  void cudnnWithoutAGpuFailsWithTheReason() {
    assumeFalse(CudaLibraries.status().available(), "a GPU is usable here");
    StageBenchmark bench = configured("cudnn", "FP32");
    UnsupportedOperationException e = assertThrows(UnsupportedOperationException.class,
        () -> bench.prepare("encoderForward"));
    assertTrue(e.getMessage().startsWith("not run: backend=cudnn is unavailable here: "),
        e.getMessage());
    assertTrue(e.getMessage().contains(CudaLibraries.status().reason()), e.getMessage());
    assertFalse(e.getMessage().contains("\n"), "one line");
  }

  private static StageBenchmark configured(String backend, String math) {
    StageBenchmark b = new StageBenchmark();
    b.backend = backend;
    b.shape = "tiny";
    b.math = math;
    b.algo = "STANDARD";
    b.layout = "SEQ_MAJOR";
    b.cpuThreads = 1;
    return b;
  }
}

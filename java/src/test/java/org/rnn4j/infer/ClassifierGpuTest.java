package org.rnn4j.infer;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;
import org.rnn4j.cpu.CpuBackend;
import org.rnn4j.cuda.CudnnBackend;
import org.rnn4j.cuda.GpuTest;
import org.rnn4j.data.Vocabulary;
import org.rnn4j.model.Model;

/** The inference API on the GPU: the same answers as on the CPU, and safe to share. */
@GpuTest
class ClassifierGpuTest {
  private static SavedModel saved() {
    try (Model m = new CpuBackend(1).create(ClassifierTest.CONFIG, 11)) {
      return SavedModel.of(m, Vocabulary.of(ClassifierTest.WORDS), 7, ClassifierTest.LABELS);
    }
  }

  @Test
  void gpuAnswersMatchTheCpusAndConcurrentCallsMatchSequentialOnes() throws Exception {
    SavedModel saved = saved();
    List<String> texts = ClassifierTest.texts(150, 9);
    try (Classifier gpu = Classifier.of(saved, new CudnnBackend());
        Classifier cpu = Classifier.of(saved, new CpuBackend(1))) {
      assertEquals("cudnn", gpu.backend());
      List<Prediction> g = gpu.predict(texts);
      List<Prediction> c = cpu.predict(texts);
      for (int i = 0; i < texts.size(); i++) {
        // cuDNN's FP32 LSTM against the CPU model: the contract suite's logit tolerance, here on
        // probabilities (softmax is 1/4-Lipschitz per logit difference for two classes).
        assertEquals(c.get(i).probabilities().get(1), g.get(i).probabilities().get(1), 1e-4,
            "text " + i);
      }
      // Concurrent calls run the same batches on the same cuDNN plan: identical answers.
      List<List<String>> calls = new ArrayList<>();
      List<List<Prediction>> sequential = new ArrayList<>();
      for (int i = 0; i < 24; i++) {
        calls.add(ClassifierTest.texts(1 + i * 7, 300 + i));
        sequential.add(gpu.predict(calls.get(i)));
      }
      ExecutorService pool = Executors.newFixedThreadPool(8);
      try {
        List<Future<List<Prediction>>> futures = new ArrayList<>();
        for (List<String> call : calls) {
          futures.add(pool.submit(() -> gpu.predict(call)));
        }
        for (int i = 0; i < calls.size(); i++) {
          assertEquals(sequential.get(i), futures.get(i).get(), "call " + i);
        }
      } finally {
        pool.shutdownNow();
      }
    }
  }
}

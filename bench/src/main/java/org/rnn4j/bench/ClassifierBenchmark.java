package org.rnn4j.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;
import org.rnn4j.cpu.CpuBackend;
import org.rnn4j.cuda.CudnnBackend;
import org.rnn4j.data.ImdbReader;
import org.rnn4j.data.Review;
import org.rnn4j.data.Tokenizer;
import org.rnn4j.data.Vocabulary;
import org.rnn4j.infer.Classifier;
import org.rnn4j.infer.Prediction;
import org.rnn4j.infer.SavedModel;
import org.rnn4j.model.Backend;
import org.rnn4j.model.Model;
import org.rnn4j.model.ModelConfig;

/**
 * Batched inference through the public API: {@link Classifier#predict(List)} over the first
 * {@value #REVIEWS} real IMDB test reviews (raw text: tokenizing, encoding and the model), in
 * reviews per second. The tutorial's model (E=100, H=100, 2 bidirectional layers) with random
 * weights and the vocabulary of those reviews (words seen 5 times), texts cut at 500 tokens, as
 * the tutorial does; the weights do not change the work.
 *
 * <pre>
 * java -jar bench/target/benchmarks.jar 'bench\.ClassifierBenchmark' -p backend=cpu
 * </pre>
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 2, time = 10)
@Measurement(iterations = 5, time = 10)
@Fork(value = 1, jvmArgs = {"-Xmx4g", "--add-modules", "jdk.incubator.vector"})
public class ClassifierBenchmark {
  static final int REVIEWS = 1024;

  @Param({"cpu", "cudnn"})
  public String backend;

  /** Texts per model call. */
  @Param({"64", "256"})
  public int batch;

  /** The IMDB archive; empty for the shared data's {@code aclImdb_v1.tar.gz}. */
  @Param({""})
  public String archive;

  private List<String> texts;
  private Classifier classifier;

  @Setup
  public void setup() throws IOException {
    Backend b = "cpu".equals(backend) ? new CpuBackend() : new CudnnBackend();
    if (!b.isAvailable()) {
      throw new IllegalStateException("not run: " + b.unavailableReason());
    }
    Path p = archive.isEmpty()
        ? Path.of(System.getProperty("rnn4j.shared.data", "../shared/data"), "aclImdb_v1.tar.gz")
        : Path.of(archive);
    if (!Files.exists(p)) {
      throw new IOException("not run: benchmark data not found: " + p.toAbsolutePath());
    }
    texts = ImdbReader.read(p).test().stream().limit(REVIEWS).map(Review::text).toList();
    Map<String, Long> counts = new HashMap<>();
    Tokenizer tok = new Tokenizer();
    for (String t : texts) {
      for (String w : tok.tokenize(t)) {
        counts.merge(w, 1L, Long::sum);
      }
    }
    Vocabulary vocab = Vocabulary.build(counts, 5, 0);
    SavedModel saved;
    try (Model m = new CpuBackend(1).create(ModelConfig.tutorial(vocab.size()), 1)) {
      saved = SavedModel.of(m, vocab, 500, Review.LABELS);
    }
    classifier = Classifier.of(saved, b, batch);
    System.out.println("rnn4j: Classifier on " + b.describe() + ", " + REVIEWS
        + " IMDB test reviews, batches of " + batch);
  }

  @TearDown
  public void tearDown() {
    if (classifier != null) {
      classifier.close();
    }
  }

  /** All {@value #REVIEWS} reviews, raw text to predictions; the score is reviews per second. */
  @Benchmark
  @OperationsPerInvocation(REVIEWS)
  public List<Prediction> predict() {
    return classifier.predict(texts);
  }
}

package org.rnn4j.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;
import org.rnn4j.data.GloveVectors;
import org.rnn4j.data.ImdbData;
import org.rnn4j.data.ImdbDataset;
import org.rnn4j.data.ImdbReader;
import org.rnn4j.data.LoadOptions;

/**
 * Loading IMDB end to end: gunzip + tar + UTF-8 of all 50,000 labelled reviews from the archive,
 * tokenizing, the vocabulary, and encoding both splits ({@link #loadAndEncode}); the reading
 * alone ({@link #readOnly}); and GloVe ({@link #gloveLoad}). Single-shot: each
 * iteration is one full load, as a training run does it once.
 *
 * <p>Data: {@code -p archive=PATH -p glove=PATH}; by default the shared data folder
 * ({@code -Drnn4j.shared.data=DIR}, else {@code ../shared/data} from the working folder).
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.SingleShotTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 2)
@Measurement(iterations = 5)
@Fork(value = 1, jvmArgs = {"-Xmx4g", "--add-modules", "jdk.incubator.vector"})
public class DataLoadBenchmark {
  /** The IMDB archive; empty for the shared data's {@code aclImdb_v1.tar.gz}. */
  @Param({""})
  public String archive;

  /** GloVe vectors; empty for the shared data's {@code glove.6B.100d.imdbvocab.txt.gz}. */
  @Param({""})
  public String glove;

  private Path archivePath;
  private Path glovePath;
  private LoadOptions options;

  @Setup
  public void setup() throws IOException {
    archivePath = resolve(archive, "aclImdb_v1.tar.gz");
    glovePath = resolve(glove, "glove.6B.100d.imdbvocab.txt.gz");
    options = LoadOptions.defaults();
  }

  private static Path resolve(String given, String sharedName) throws IOException {
    Path p = given.isEmpty()
        ? Path.of(System.getProperty("rnn4j.shared.data", "../shared/data"), sharedName)
        : Path.of(given);
    if (!Files.exists(p)) {
      throw new IOException("benchmark data not found: " + p.toAbsolutePath()
          + " (pass -p archive=PATH / -p glove=PATH or -Drnn4j.shared.data=DIR)");
    }
    return p;
  }

  /** Archive to encoded train and test splits, with the vocabulary (minFreq 5, maxLen 500). */
  @Benchmark
  public ImdbData loadAndEncode() throws IOException {
    return ImdbData.load(archivePath, options);
  }

  /** Archive to sorted reviews only (gunzip, tar, UTF-8), single-threaded. */
  @Benchmark
  public ImdbDataset readOnly() throws IOException {
    return ImdbReader.read(archivePath);
  }

  /** The 62k-line GloVe file (21 MB gzip), all words kept. */
  @Benchmark
  public GloveVectors gloveLoad() throws IOException {
    return GloveVectors.load(glovePath, 100);
  }
}

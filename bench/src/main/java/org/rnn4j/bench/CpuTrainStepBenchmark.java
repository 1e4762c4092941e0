/*
 * Dimension key: B batch, T padded length, V vocabulary, E embedding, H hidden, L layers.
 */
package org.rnn4j.bench;

import java.util.concurrent.TimeUnit;
import org.apache.commons.math3.random.MersenneTwister;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;
import org.openjdk.jmh.infra.BenchmarkParams;
import org.rnn4j.cpu.CpuBackend;
import org.rnn4j.cpu.ReferenceBackend;
import org.rnn4j.model.Batch;
import org.rnn4j.model.Model;
import org.rnn4j.model.ModelConfig;

/**
 * One training step (forwardBackward + Adam) and one inference pass (logits) of the CPU models,
 * in ms per batch. Every sample has the full length T (the tutorial pads to 500), so no padding is
 * skipped and the FLOP count is the dense one.
 *
 * <pre>
 * java -jar bench/target/benchmarks.jar CpuTrainStepBenchmark
 * java -jar bench/target/benchmarks.jar CpuTrainStepBenchmark -p setup=cpu-small,reference-small
 * </pre>
 *
 * Setups: {@code cpu-tutorial} B=64, T=500, V=20000, E=100 frozen, H=100, L=2, bidirectional,
 * dropout 0.3 (the tutorial's model); {@code cpu-small} and {@code reference-small} B=32, T=64,
 * V=5000, E=50 frozen, H=32, L=2, bidirectional, dropout 0.3. {@link TrainStepBenchmark} times the
 * CPU model on the shapes shared with the PyTorch scripts (and V=50000); this class keeps the
 * reference model and the small shape.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Fork(value = 1, jvmArgs = {"-Xms2g", "-Xmx4g", "--add-modules", "jdk.incubator.vector"})
@Warmup(iterations = 2, time = 2)
@Measurement(iterations = 3, time = 4)
public class CpuTrainStepBenchmark {
  @Param({"cpu-tutorial", "cpu-small", "reference-small"})
  public String setup;

  private StepFixture fixture;

  @Setup(Level.Trial)
  public void setUp(BenchmarkParams params) {
    boolean tutorial = setup.endsWith("tutorial");
    ModelConfig config = tutorial
        ? ModelConfig.tutorial(20000)
        : new ModelConfig(5000, 50, false, 32, 2, true, 0.3, 2);
    int b = tutorial ? 64 : 32;
    int t = tutorial ? 500 : 64;
    Model model = (setup.startsWith("reference") ? new ReferenceBackend() : new CpuBackend())
        .create(config, 1);
    Batch batch = StepFixture.fullLengthBatch(new MersenneTwister(2), b, t, config.vocabSize(),
        config.classes());
    boolean training = params.getBenchmark().endsWith(".trainStep");
    fixture = new StepFixture(model, training, batch, () -> { });
  }

  @TearDown(Level.Trial)
  public void tearDown() {
    fixture.close();
  }

  /** forwardBackward in training mode (dropout on) followed by an Adam step. */
  @Benchmark
  public double trainStep() {
    return fixture.trainStep();
  }

  /** The logits in training mode's stead: evaluation mode, no dropout. */
  @Benchmark
  public float[] inference() {
    return fixture.inference();
  }
}

/*
 * Dimension key: B batch, T padded length, V vocabulary, E embedding, H hidden, L layers.
 */
package org.rnn4j.bench;

import java.util.Locale;
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
import org.rnn4j.cpu.CpuStages;
import org.rnn4j.cuda.CudnnOptions;
import org.rnn4j.cuda.CudnnStages;
import org.rnn4j.cuda.DataLayout;
import org.rnn4j.cuda.MathMode;
import org.rnn4j.cuda.RnnAlgo;
import org.rnn4j.cuda.runtime.CudaLibraries;
import org.rnn4j.model.Batch;
import org.rnn4j.model.AdamConfig;
import org.rnn4j.model.ModelConfig;
import org.rnn4j.model.StepStages;
import org.rnn4j.model.StepStages.Stage;

/**
 * Where a training step's time goes: each stage of {@link TrainStepBenchmark#trainStep} timed on
 * its own, per backend and {@link BenchShape}, in ms per call. The stages are the backends' own
 * code split at the stage boundaries ({@link CpuStages}, {@link CudnnStages}; their tests check
 * that the stages in order are the step), on the same model, seeds and full-length batch as
 * {@link TrainStepBenchmark}, in training mode (dropout on).
 *
 * <p>Each method times one stage on inputs produced once in the trial's setup by running the
 * stages before it ({@link StepStages#prepareFor}); a stage is then re-run on the same inputs.
 * The exception is {@link #encoderBackwardData}, which overwrites the forward pass's state it
 * reads (the gate activations on the CPU, cuDNN's reserve space on the GPU): an untimed
 * per-invocation setup copies the state saved after the forward pass back before each call. On
 * the GPU every stage call ends with a synchronize of the stream, so the work is timed, not its
 * launches. {@link #encoderForward} draws fresh dropout masks on every call, as a step does.
 *
 * <p>Combinations that cannot run fail in their setup with a one-line reason starting
 * {@code not run:}: {@code backend=cudnn} without a usable GPU, {@code backend=cpu} with a math
 * mode, algorithm or layout of the GPU, and {@link #embeddingBackward} while the embedding is
 * frozen (every shape freezes it, as the tutorial does; {@code -p trainEmbedding=true} trains it).
 * <pre>
 * java -jar bench/target/benchmarks.jar 'bench\.StageBenchmark\.' -p backend=cpu -p shape=tutorial
 * java -jar bench/target/benchmarks.jar 'bench\.StageBenchmark\.' -p backend=cudnn -p shape=tutorial
 * </pre>
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Fork(value = 1, jvmArgs = {"-Xms2g", "-Xmx6g", "--add-modules", "jdk.incubator.vector"})
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
public class StageBenchmark {
  /** Seeds of the weights (and dropout) and of the batch, as in {@link TrainStepBenchmark}. */
  private static final long MODEL_SEED = 1;
  private static final long BATCH_SEED = 2;

  @Param({"cpu", "cudnn"})
  public String backend;

  /** A name from {@code shapes.json}; {@code tiny} exists for smoke tests. */
  @Param({"tutorial"})
  public String shape;

  /** Train the embedding (adds its gradient and Adam update to the step); the shapes freeze it. */
  @Param({"false"})
  public boolean trainEmbedding;

  /** Global-norm clip of the Adam stage; 0 (off) as in {@link TrainStepBenchmark} and the tutorial. */
  @Param({"0"})
  public double clipNorm;

  /** {@link MathMode} of the cudnn backend; only FP32 on cpu. */
  @Param({"FP32"})
  public String math;

  /** {@link RnnAlgo} of the cudnn backend (falls back to STANDARD where cuDNN refuses). */
  @Param({"STANDARD"})
  public String algo;

  /** {@link DataLayout} of the cudnn backend's encoder tensors. */
  @Param({"SEQ_MAJOR"})
  public String layout;

  /** Threads of the cpu backend; 0 = every available processor. */
  @Param({"0"})
  public int cpuThreads;

  private StepStages stages;

  @Setup(Level.Trial)
  public void setUp(BenchmarkParams params) {
    String name = params.getBenchmark();
    prepare(name.substring(name.lastIndexOf('.') + 1));
  }

  /** The trial's setup for benchmark method {@code benchmark} (package-private for tests). */
  void prepare(String benchmark) {
    Stage stage = stageOf(benchmark);
    BenchShape s = BenchShape.named(shape);
    ModelConfig c = s.modelConfig();
    ModelConfig config = trainEmbedding ? new ModelConfig(c.vocabSize(), c.embedSize(), true,
        c.hiddenSize(), c.layers(), c.bidirectional(), c.dropout(), c.classes()) : c;
    if (stage == Stage.EMBEDDING_BACKWARD && !config.trainEmbedding()) {
      throw new UnsupportedOperationException("not run: embeddingBackward: the embedding of shape "
          + shape + " is frozen (as in the tutorial), so a step has no embedding gradient; pass"
          + " -p trainEmbedding=true to train it");
    }
    Batch batch = StepFixture.fullLengthBatch(new MersenneTwister(BATCH_SEED), s.batch(), s.len(),
        s.vocab(), s.classes());
    AdamConfig adam = AdamConfig.defaults().withClipNorm(clipNorm);
    stages = switch (backend) {
      case "cpu" -> cpuStages(s, config, batch, adam);
      case "cudnn" -> gpuStages(s, config, batch, adam);
      default -> throw new IllegalArgumentException("unknown backend '" + backend
          + "'; use cpu or cudnn");
    };
    try {
      stages.prepareFor(stage);
    } catch (RuntimeException e) {
      tearDown();
      throw e;
    }
  }

  /** The stage a benchmark method times: {@code encoderBackwardData} -> ENCODER_BACKWARD_DATA. */
  static Stage stageOf(String benchmark) {
    return Stage.valueOf(benchmark.replaceAll("([a-z])([A-Z])", "$1_$2").toUpperCase(Locale.ROOT));
  }

  private StepStages cpuStages(BenchShape s, ModelConfig config, Batch batch, AdamConfig adam) {
    if (!math.equals("FP32") || !algo.equals("STANDARD") || !layout.equals("SEQ_MAJOR")) {
      throw new UnsupportedOperationException("not run: math=" + math + ", algo=" + algo
          + ", layout=" + layout + " apply to the cudnn backend only (the CPU computes exact"
          + " FP32); for CPU figures pass -p backend=cpu -p math=FP32");
    }
    int threads = cpuThreads == 0 ? Runtime.getRuntime().availableProcessors() : cpuThreads;
    CpuStages cpu = new CpuStages(config, MODEL_SEED, threads, batch, adam);
    System.out.println("rnn4j: cpu stages, " + threads + " threads, shape " + s.name() + ": "
        + s.description() + (trainEmbedding ? ", embedding trained" : ""));
    return cpu;
  }

  private StepStages gpuStages(BenchShape s, ModelConfig config, Batch batch, AdamConfig adam) {
    CudaLibraries.Status status = CudaLibraries.status();
    if (!status.available()) {
      throw new UnsupportedOperationException("not run: backend=cudnn is unavailable here: "
          + status.reason() + " For the CPU half only pass -p backend=cpu -p math=FP32");
    }
    CudnnOptions options = CudnnOptions.defaults()
        .withMath(TrainStepBenchmark.parse(MathMode.class, math))
        .withAlgo(TrainStepBenchmark.parse(RnnAlgo.class, algo))
        .withLayout(TrainStepBenchmark.parse(DataLayout.class, layout));
    CudnnStages gpu = new CudnnStages(config, MODEL_SEED, options, batch, adam);
    System.out.println("rnn4j: cudnn stages, " + gpu.describe() + ", shape " + s.name() + ": "
        + s.description() + (trainEmbedding ? ", embedding trained" : ""));
    return gpu;
  }

  @TearDown(Level.Trial)
  public void tearDown() {
    if (stages != null) {
      stages.close();
      stages = null;
    }
  }

  /**
   * Puts back the forward pass's state that backward data overwrites, before each call of
   * {@link #encoderBackwardData}; untimed.
   */
  @State(Scope.Thread)
  public static class BackwardDataInputs {
    @Setup(Level.Invocation)
    public void restore(StageBenchmark bench) {
      bench.stages.restoreBackwardDataInputs();
    }
  }

  /** Embedding lookup of the batch (CPU: with packing the batch's positions). */
  @Benchmark
  public void embeddingForward() {
    stages.embeddingForward();
  }

  /** The LSTM layers, training mode: dropout masks drawn, reserve space kept on the GPU. */
  @Benchmark
  public void encoderForward() {
    stages.encoderForward();
  }

  /** Pooling, linear head, softmax cross-entropy and their backward (GPU: zeroing the gradients). */
  @Benchmark
  public void headAndLoss() {
    stages.headAndLoss();
  }

  /** The LSTM's backward pass to its input; its inputs restored before each call, untimed. */
  @Benchmark
  public void encoderBackwardData(BackwardDataInputs restored) {
    stages.encoderBackwardData();
  }

  /** The LSTM's weight gradients. */
  @Benchmark
  public void encoderBackwardWeights() {
    stages.encoderBackwardWeights();
  }

  /** The embedding's gradient; only with {@code -p trainEmbedding=true}. */
  @Benchmark
  public void embeddingBackward() {
    stages.embeddingBackward();
  }

  /** Clipping (with {@code -p clipNorm} > 0) and the Adam update. */
  @Benchmark
  public void clipAndAdam() {
    stages.clipAndAdam();
  }
}

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
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;
import org.openjdk.jmh.infra.BenchmarkParams;
import org.rnn4j.cpu.CpuBackend;
import org.rnn4j.cuda.CudnnBackend;
import org.rnn4j.cuda.CudnnModel;
import org.rnn4j.cuda.CudnnOptions;
import org.rnn4j.cuda.DataLayout;
import org.rnn4j.cuda.MathMode;
import org.rnn4j.cuda.RnnAlgo;
import org.rnn4j.cuda.runtime.CudaDevice;
import org.rnn4j.cuda.runtime.DeviceMemory;
import org.rnn4j.model.Batch;
import org.rnn4j.model.Model;

/**
 * One training step (forwardBackward + Adam) and one inference pass (logits) per backend and
 * {@link BenchShape}, in ms per batch, side by side with {@code bench/torch_step.py}. Every sample
 * is T tokens long, so no padding is skipped and both sides do the dense work.
 *
 * <p>On the GPU every timed call ends with {@link CudnnModel#synchronize()}: the step is queued
 * asynchronously, and without the barrier JMH would time its launches. Like with like against
 * PyTorch: {@code math=FP32} is exact FP32 (PyTorch with TF32 off), {@code math=TF32} is what
 * PyTorch does by default for cuDNN RNNs. The device memory of each cudnn trial is printed as a
 * {@code rnn4j-gpu-memory} line (see {@link GpuMemoryRecord}).
 *
 * <p>Combinations that cannot run fail in their setup with a one-line reason starting
 * {@code not run:} and JMH goes on to the next: {@code backend=cudnn} without a usable GPU,
 * {@code backend=cpu} with a math mode or algorithm other than the defaults (they do not apply to
 * the CPU), and {@link #trainPipelined} on the CPU. CPU only, then GPU:
 * <pre>
 * java -jar bench/target/benchmarks.jar 'bench\.TrainStepBenchmark\.(trainStep|inference)$' \
 *     -p backend=cpu -p math=FP32 -wi 1 -i 3 -w 1s -r 1s
 * java -jar bench/target/benchmarks.jar 'bench\.TrainStepBenchmark\.trainStep$' -p backend=cudnn \
 *     -p math=FP32,TF32 -wi 3 -i 5 -w 1s -r 1s -f 1
 * </pre>
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Fork(value = 1, jvmArgs = {"-Xms2g", "-Xmx6g", "--add-modules", "jdk.incubator.vector"})
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
public class TrainStepBenchmark {
  /** Seeds of the weights (and dropout) and of the batch, as in {@link CpuTrainStepBenchmark}. */
  private static final long MODEL_SEED = 1;
  private static final long BATCH_SEED = 2;
  static final int PIPELINED = 8;

  @Param({"cpu", "cudnn"})
  public String backend;

  /** A name from {@code shapes.json}; {@code tiny} exists for smoke tests. */
  @Param({"tutorial", "h256", "b256t200"})
  public String shape;

  /** {@link MathMode} of the cudnn backend; only FP32 on cpu. */
  @Param({"FP32", "TF32"})
  public String math;

  /** {@link RnnAlgo} of the cudnn backend (falls back to STANDARD where cuDNN refuses). */
  @Param({"STANDARD"})
  public String algo;

  /**
   * Replay the cudnn backend's training steps as CUDA graphs ({@link CudnnOptions#graphs()}); the
   * batches here are full-length, so every step after the second is a graph launch. In the memory
   * record the algorithm carries a {@code +graphs} suffix while graphs are in use.
   */
  @Param({"false"})
  public boolean graphs;

  /** {@link DataLayout} of the cudnn backend's encoder tensors. */
  @Param({"SEQ_MAJOR"})
  public String layout;

  /** Threads of the cpu backend; 0 = every available processor. */
  @Param({"0"})
  public int cpuThreads;

  private StepFixture fixture;
  private CudnnModel gpuModel;
  private DeviceMemory memoryBefore;
  private String benchmarkName;

  @Setup(Level.Trial)
  public void setUp(BenchmarkParams params) {
    String name = params.getBenchmark();
    prepare(name.substring(name.lastIndexOf('.') + 1));
  }

  /** The trial's setup for benchmark method {@code benchmark} (package-private for tests). */
  void prepare(String benchmark) {
    benchmarkName = benchmark;
    if (benchmark.equals("trainPipelined") && !backend.equals("cudnn")) {
      throw new UnsupportedOperationException("not run: trainPipelined measures launch overlap on"
          + " the GPU; on backend=" + backend + " it equals trainStep");
    }
    BenchShape s = BenchShape.named(shape);
    Batch batch = StepFixture.fullLengthBatch(new MersenneTwister(BATCH_SEED), s.batch(), s.len(),
        s.vocab(), s.classes());
    Model model = switch (backend) {
      case "cpu" -> cpuModel(s);
      case "cudnn" -> gpuModel(s);
      default -> throw new IllegalArgumentException("unknown backend '" + backend
          + "'; use cpu or cudnn");
    };
    Runnable barrier = gpuModel != null ? gpuModel::synchronize : () -> { };
    try {
      fixture = new StepFixture(model, benchmarkName.startsWith("train"), batch, barrier);
    } catch (RuntimeException e) {
      model.close();
      throw e;
    }
  }

  private Model cpuModel(BenchShape s) {
    if (!math.equals("FP32") || !algo.equals("STANDARD") || graphs || !layout.equals("SEQ_MAJOR")) {
      throw new UnsupportedOperationException("not run: math=" + math + ", algo=" + algo
          + ", graphs=" + graphs + ", layout=" + layout + " apply to the cudnn backend only (the CPU computes exact FP32); for CPU figures pass"
          + " -p backend=cpu -p math=FP32");
    }
    CpuBackend cpu = cpuThreads == 0 ? new CpuBackend() : new CpuBackend(cpuThreads);
    System.out.println("rnn4j: " + cpu.describe() + ", shape " + s.name() + ": " + s.description());
    return cpu.create(s.modelConfig(), MODEL_SEED);
  }

  private Model gpuModel(BenchShape s) {
    CudnnOptions options = CudnnOptions.defaults().withMath(parse(MathMode.class, math))
        .withAlgo(parse(RnnAlgo.class, algo)).withGraphs(graphs)
        .withLayout(parse(DataLayout.class, layout));
    CudnnBackend gpu = new CudnnBackend(options);
    if (!gpu.isAvailable()) {
      throw new UnsupportedOperationException("not run: backend=cudnn is unavailable here: "
          + gpu.unavailableReason() + " For the CPU half only pass -p backend=cpu -p math=FP32");
    }
    memoryBefore = CudaDevice.open(options.device()).memoryInfo();
    gpuModel = (CudnnModel) gpu.create(s.modelConfig(), MODEL_SEED);
    System.out.println("rnn4j: " + gpuModel.describe() + ", shape " + s.name() + ": "
        + s.description());
    return gpuModel;
  }

  /** The enum constant named {@code value}, or an error listing the names (also for StageBenchmark). */
  static <E extends Enum<E>> E parse(Class<E> type, String value) {
    try {
      return Enum.valueOf(type, value);
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("unknown " + type.getSimpleName() + " '" + value
          + "'; use one of " + java.util.Arrays.toString(type.getEnumConstants()), e);
    }
  }

  @TearDown(Level.Trial)
  public void tearDown() {
    if (fixture == null) {
      return;
    }
    try {
      if (gpuModel != null) {
        gpuModel.synchronize();
        String used = gpuModel.algo().name()
            + (gpuModel.graphsOn() ? "+graphs" : "");
        System.out.println("rnn4j: " + gpuModel.graphStatus());
        GpuMemoryRecord.report(benchmarkName, shape, math, algo + (graphs ? "+graphs" : ""), used,
            memoryBefore, gpuModel.deviceMemory(), gpuModel.stepBufferBytes(), gpuModel.describe());
      }
    } finally {
      fixture.close();
      fixture = null;
      gpuModel = null;
    }
  }

  /** forwardBackward in training mode (dropout on), an Adam step, and a device barrier. */
  @Benchmark
  public double trainStep() {
    return fixture.trainStep();
  }

  /**
   * {@value #PIPELINED} training steps queued back to back, then one barrier; the score is per
   * step. This is how the trainer runs (it reads each loss one step late), so the host's launch
   * work overlaps the GPU's; {@link #trainStep} instead pays it on every call, as PyTorch's timing
   * does. GPU only: on the CPU it equals trainStep.
   */
  @Benchmark
  @OperationsPerInvocation(PIPELINED)
  public double trainPipelined() {
    return fixture.trainSteps(PIPELINED);
  }

  /** The logits in evaluation mode (no dropout), copied to the host. */
  @Benchmark
  public float[] inference() {
    return fixture.inference();
  }
}

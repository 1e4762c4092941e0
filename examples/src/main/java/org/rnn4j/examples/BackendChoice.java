package org.rnn4j.examples;

import java.util.Locale;
import java.util.Map;
import org.rnn4j.BackendUnavailableException;
import org.rnn4j.Backends;
import org.rnn4j.cpu.CpuBackend;
import org.rnn4j.cuda.CudnnOptions;
import org.rnn4j.cuda.MathMode;
import org.rnn4j.cuda.RnnAlgo;
import org.rnn4j.model.Backend;

/**
 * The backend chosen from {@code --backend}, {@code --threads}, {@code --math}, {@code --algo},
 * with the reason and a description of the device.
 *
 * @param backend the backend
 * @param why     "requested", or why {@code auto} chose it
 */
record BackendChoice(Backend backend, String why) {
  private static final Map<String, MathMode> MATH = Map.of("fp32", MathMode.FP32,
      "tf32", MathMode.TF32, "fp16", MathMode.FP16_TENSOR_OPS);
  private static final Map<String, RnnAlgo> ALGO = Map.of("standard", RnnAlgo.STANDARD,
      "persist", RnnAlgo.PERSIST_STATIC_SMALL_H);

  /**
   * The backend to train on: {@code cudnn} where it is usable and asked for (or {@code auto}),
   * else the CPU.
   *
   * @throws UsageException for an unknown name or value, or {@code cudnn} where no GPU is usable
   *         (with the loader's reason)
   */
  static BackendChoice forTraining(Options o) {
    String name = checkName(o.backend.name);
    CudnnOptions gpu = CudnnOptions.defaults().withMath(lookup(MATH, "--math", o.backend.math))
        .withAlgo(lookup(ALGO, "--algo", o.backend.algo));
    Backends.Choice c;
    try {
      c = Backends.choose(name, gpu);
    } catch (BackendUnavailableException e) {
      throw new UsageException("--backend " + name + ": " + e.reason(), e);
    } catch (IllegalArgumentException e) {
      throw new UsageException("--backend " + name + ": " + e.getMessage(), e);
    }
    String why = name.equals("auto") ? "auto: " + c.why() : c.why();
    return withThreads(c.backend(), why, o.backend.threads);
  }

  /**
   * The backend to predict on: the CPU unless {@code --backend cudnn}, since starting a GPU costs
   * more than classifying a few texts.
   */
  static BackendChoice forPrediction(Options o) {
    if (o.backend.name.equalsIgnoreCase("cudnn")) {
      return forTraining(o);
    }
    checkName(o.backend.name);
    return withThreads(new CpuBackend(), "prediction runs on the CPU unless --backend cudnn",
        o.backend.threads);
  }

  private static String checkName(String given) {
    String name = given.toLowerCase(Locale.ROOT);
    if (!name.equals("auto") && !name.equals("cpu") && !name.equals("cudnn")) {
      throw new UsageException("--backend must be auto, cpu or cudnn, got '" + given + "'");
    }
    return name;
  }

  private static BackendChoice withThreads(Backend b, String why, Integer threads) {
    if (threads != null && b instanceof CpuBackend) {
      return new BackendChoice(new CpuBackend(threads), why);
    }
    return new BackendChoice(b, why);
  }

  private static <T> T lookup(Map<String, T> values, String option, String value) {
    T v = values.get(value.toLowerCase(Locale.ROOT));
    if (v == null) {
      throw new UsageException(option + " must be one of " + String.join(", ",
          values.keySet().stream().sorted().toList()) + ", got '" + value + "'");
    }
    return v;
  }

  String name() {
    return backend.name();
  }

  boolean isCpu() {
    return backend instanceof CpuBackend;
  }

  String device() {
    return backend.describe();
  }
}

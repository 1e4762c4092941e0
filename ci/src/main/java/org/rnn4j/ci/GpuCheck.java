/*
 * Dimension key: B batch, T padded length, V vocabulary, E embedding, H hidden, L layers, C classes.
 */
package org.rnn4j.ci;

import com.google.gson.GsonBuilder;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.commons.math3.random.MersenneTwister;
import org.rnn4j.cpu.CpuBackend;
import org.rnn4j.cuda.CudnnBackend;
import org.rnn4j.cuda.CudnnModel;
import org.rnn4j.cuda.CudnnOptions;
import org.rnn4j.cuda.MathMode;
import org.rnn4j.cuda.RnnAlgo;
import org.rnn4j.cuda.runtime.CudaLibraries;
import org.rnn4j.model.Batch;
import org.rnn4j.store.SafeTensors;
import org.rnn4j.model.AdamConfig;
import org.rnn4j.model.Backend;
import org.rnn4j.model.Initializer;
import org.rnn4j.model.Model;
import org.rnn4j.model.ModelConfig;
import org.rnn4j.model.Optimizer;
import org.rnn4j.model.ParameterLayout;
import org.rnn4j.model.Parameters;
import org.rnn4j.model.StepResult;
import org.rnn4j.model.Tensor;
import org.rnn4j.store.ModelFile;

/**
 * The Java half of {@code ci/gpu-check.sh}, runnable without Maven from the ci jar:
 *
 * <pre>
 * GpuCheck probe             can the cudnn backend run here? (exit 0 yes, 1 no, with the reason)
 * GpuCheck parity DIR        same weights and batch through cudnn (if usable) and cpu; writes
 *                            weights.safetensors, batch.json, cudnn.safetensors, cpu.safetensors
 *                            for ci/torch_parity.py
 * </pre>
 */
public final class GpuCheck {
  private GpuCheck() {}

  public static void main(String[] args) throws IOException {
    if (args.length == 0) {
      System.err.println("usage: GpuCheck probe | GpuCheck parity DIR");
      System.exit(2);
    }
    switch (args[0]) {
      case "probe" -> probe();
      case "parity" -> parity(Path.of(args[1]));
      default -> {
        System.err.println("unknown command " + args[0]);
        System.exit(2);
      }
    }
  }

  private static void probe() {
    CudaLibraries.Status s = CudaLibraries.status();
    if (!s.available()) {
      System.out.println("cudnn backend unavailable: " + s.reason());
      System.exit(1);
    }
    System.out.println("cudnn backend available: " + new CudnnBackend().describe());
    // Loading is not enough: the first cuDNN, cuBLAS and kernel calls can still fail (e.g. a
    // preset built against a newer CUDA). One tiny training step and one inference prove them.
    ModelConfig tiny = new ModelConfig(50, 8, true, 8, 2, true, 0.2, 2);
    try (Model m = new CudnnBackend().create(tiny, 1)) {
      Optimizer adam = m.newOptimizer(AdamConfig.defaults().withClipNorm(1.0));
      m.setTraining(true);
      Batch b = randomBatch(new MersenneTwister(1), 4, 6, 50, false);
      double loss = m.forwardBackward(b).loss();
      adam.step();
      m.setTraining(false);
      float[] logits = m.logits(b);
      if (!Double.isFinite(loss) || logits.length != 8 || !Float.isFinite(logits[0])) {
        throw new IllegalStateException("non-finite results: loss " + loss + ", logits "
            + Arrays.toString(logits));
      }
      System.out.printf("cudnn smoke step: loss %.4f, %s%n", loss, ((CudnnModel) m).describe());
    } catch (RuntimeException e) {
      System.out.println("cudnn backend loads but a training step fails: " + e);
      e.printStackTrace(System.out);
      System.exit(1);
    }
  }

  private static void parity(Path dir) throws IOException {
    Files.createDirectories(dir);
    ModelConfig config = new ModelConfig(500, 100, true, 100, 2, true, 0.0, 2);
    Parameters p = Initializer.pytorchDefault(ParameterLayout.of(config), 2024);
    Batch batch = randomBatch(new MersenneTwister(2024), 16, 60, 500, false);
    ModelFile.write(dir.resolve("weights.safetensors"), config, p, "reference", Map.of());
    writeBatch(batch, dir.resolve("batch.json"));
    run(new CpuBackend(), config, p, batch, dir.resolve("cpu.safetensors"));
    if (CudaLibraries.status().available()) {
      run(new CudnnBackend(), config, p, batch, dir.resolve("cudnn.safetensors"));
    } else {
      System.out.println("cudnn skipped: " + CudaLibraries.status().reason());
    }
  }

  private static void run(Backend backend, ModelConfig config, Parameters p, Batch batch, Path out)
      throws IOException {
    try (Model m = backend.create(config, 1)) {
      m.setParameters(p);
      m.setTraining(true);
      float[] logits = m.logits(batch);
      StepResult r = m.forwardBackward(batch);
      Parameters result = new Parameters();
      result.put("logits", Tensor.of(new int[] {batch.size(), config.classes()}, logits));
      result.put("loss", Tensor.of(new int[] {1}, new float[] {(float) r.loss()}));
      m.gradients().asMap().forEach((name, g) -> result.put("grad." + name, g));
      SafeTensors.write(out, result, Map.of("backend", backend.name()));
      System.out.printf("%s: loss %.6f, correct %d/%d -> %s%n", backend.name(), r.loss(),
          r.correct(), r.size(), out);
    }
  }

  private static void writeBatch(Batch b, Path file) throws IOException {
    int[][] ids = new int[b.size()][];
    for (int i = 0; i < b.size(); i++) {
      ids[i] = Arrays.copyOfRange(b.ids(), i * b.maxLen(), i * b.maxLen() + b.lengths()[i]);
    }
    Map<String, Object> json = new LinkedHashMap<>();
    json.put("ids", ids);
    json.put("labels", b.labels());
    Files.writeString(file, new GsonBuilder().create().toJson(json));
  }

  /** Random ids in [2, V) (never padding), lengths in [1, T] or all T, labels 0/1. */
  static Batch randomBatch(MersenneTwister rng, int b, int t, int vocab, boolean fullLength) {
    int[][] seqs = new int[b][];
    int[] labels = new int[b];
    for (int i = 0; i < b; i++) {
      seqs[i] = new int[fullLength ? t : 1 + rng.nextInt(t)];
      for (int s = 0; s < seqs[i].length; s++) {
        seqs[i][s] = 2 + rng.nextInt(vocab - 2);
      }
      labels[i] = rng.nextInt(2);
    }
    return Batch.of(seqs, labels);
  }

}

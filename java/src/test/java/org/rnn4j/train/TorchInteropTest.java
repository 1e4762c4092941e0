package org.rnn4j.train;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.rnn4j.store.ModelFile;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.apache.commons.math3.random.MersenneTwister;
import com.google.gson.Gson;
import java.util.Arrays;
import org.rnn4j.cpu.CpuBackend;
import org.rnn4j.model.Batch;
import org.rnn4j.model.Cell;
import org.rnn4j.model.ParamSpec;
import org.rnn4j.model.Pooling;
import org.rnn4j.model.Tensor;
import org.rnn4j.store.SafeTensors;
import org.rnn4j.testing.RandomBatches;
import org.rnn4j.model.AdamConfig;
import org.rnn4j.model.Initializer;
import org.rnn4j.model.Model;
import org.rnn4j.model.ModelConfig;
import org.rnn4j.model.Optimizer;
import org.rnn4j.model.ParameterLayout;
import org.rnn4j.model.Parameters;
import org.rnn4j.testing.TinyModels;
import org.rnn4j.testing.ToyReviews;

/**
 * Our files in real PyTorch, through {@code ci/torch_interop.py}. Runs only where a Python with
 * torch and safetensors is named: {@code -Drnn4j.torch.python=/path/to/python} or the environment
 * variable {@code RNN4J_TORCH_PYTHON}; skipped otherwise (CI has no torch).
 */
class TorchInteropTest {
  private static String python;
  private static Path script;

  @TempDir
  Path tmp;

  @BeforeAll
  static void findPython() {
    python = System.getProperty("rnn4j.torch.python", System.getenv("RNN4J_TORCH_PYTHON"));
    for (Path d = Path.of("").toAbsolutePath(); d != null && script == null; d = d.getParent()) {
      if (Files.isRegularFile(d.resolve("ci/torch_interop.py"))) {
        script = d.resolve("ci/torch_interop.py");
      }
    }
  }

  @BeforeEach
  void requirePython() {
    Assumptions.assumeTrue(python != null && !python.isBlank(),
        "no Python with torch named (-Drnn4j.torch.python=... or RNN4J_TORCH_PYTHON): skipped");
    Assumptions.assumeTrue(script != null, "ci/torch_interop.py not found above the working directory");
  }

  @Test
  void pytorchLoadsOurWeightsStrictly() throws Exception {
    ModelConfig c = new ModelConfig(13, 5, false, 3, 2, true, 0.3, 2);
    Parameters p = Initializer.pytorchDefault(ParameterLayout.of(c), 1);
    Path file = tmp.resolve("model.safetensors");
    ModelFile.write(file, c, p, "cpu", Map.of());
    String out = runScript("check-load", file.toString(), "--tokens", "2 3 4");
    assertTrue(out.contains("OK") && out.contains(ParameterLayout.of(c).totalSize() + " parameters"), out);
  }

  @Test
  void pytorchLoadsACheckpointsModelFile() throws Exception {
    ModelConfig c = TinyModels.config(ToyReviews.VOCAB, 8, true, 0.0);
    Path dir = tmp.resolve("ckpt");
    try (Model m = TinyModels.cpu(c, 1);
        Optimizer opt = m.newOptimizer(AdamConfig.defaults())) {
      Checkpoint.capture(m, opt, ToyReviews.vocabulary(), Map.of("max_len", "9"),
          TrainerState.start(1)).save(dir);
    }
    String out = runScript("check-load", dir.resolve(Checkpoint.MODEL_FILE).toString());
    assertTrue(out.contains("OK"), out);
  }

  /**
   * The cpu backend against PyTorch's nn.LSTM with packed sequences for every pooling: logits,
   * loss and every gradient, through {@code ci/torch_parity.py} (its tolerance).
   */
  @ParameterizedTest(name = "pooling={0}")
  @EnumSource(Pooling.class)
  void everyPoolingMatchesPytorch(Pooling pooling) throws Exception {
    parity(new ModelConfig(40, 7, true, 6, 2, true, 0.0, 2).withPooling(pooling), "parity-" + pooling);
  }

  /** The same against nn.LSTM, nn.GRU and nn.RNN (tanh, relu), three layers, max and mean pooling. */
  @ParameterizedTest(name = "cell={0}")
  @EnumSource(Cell.class)
  void everyCellMatchesPytorch(Cell cell) throws Exception {
    parity(new ModelConfig(40, 7, true, 6, 3, true, 0.0, 2).withCell(cell).withPooling(Pooling.MAX_MEAN),
        "parity-" + cell);
    parity(new ModelConfig(40, 7, false, 5, 1, false, 0.0, 3).withCell(cell), "parity-uni-" + cell);
  }

  private void parity(ModelConfig c, String name) throws Exception {
    Parameters p = Initializer.pytorchDefault(ParameterLayout.of(c), 31);
    Batch batch = RandomBatches.random(new MersenneTwister(31), 9, 23, 40, c.classes(), false);
    Path dir = tmp.resolve(name);
    Files.createDirectories(dir);
    ModelFile.write(dir.resolve("weights.safetensors"), c, p, "reference", Map.of());
    int[][] ids = new int[batch.size()][];
    for (int i = 0; i < ids.length; i++) {
      ids[i] = Arrays.copyOfRange(batch.ids(), i * batch.maxLen(), i * batch.maxLen() + batch.lengths()[i]);
    }
    Files.writeString(dir.resolve("batch.json"),
        new Gson().toJson(Map.of("ids", ids, "labels", batch.labels())));
    try (Model m = new CpuBackend().create(c, 1)) {
      m.setParameters(p);
      m.setTraining(true);
      Parameters out = new Parameters();
      out.put("logits", Tensor.of(new int[] {batch.size(), c.classes()}, m.logits(batch)));
      out.put("loss", Tensor.of(new int[] {1}, new float[] {(float) m.forwardBackward(batch).loss()}));
      m.gradients().asMap().forEach((n, g) -> out.put("grad." + n, g));
      SafeTensors.write(dir.resolve("cpu.safetensors"), out, Map.of("backend", "cpu"));
    }
    String result = runScript(script.resolveSibling("torch_parity.py"), dir.toString(), "--require", "cpu");
    assertTrue(result.contains("cpu vs torch (cpu): PASS"), result);
  }

  /**
   * A GRU or RNN that PyTorch saved loads here with its cell and shapes (what {@code --init-from}
   * reads), and what we write back loads into PyTorch with {@code strict=True}.
   */
  @ParameterizedTest(name = "cell={0}")
  @EnumSource(Cell.class)
  void everyCellRoundTripsThroughPytorch(Cell cell) throws Exception {
    Path file = tmp.resolve("torch-" + cell + ".safetensors");
    runScript("export", file.toString(), "--vocab", "17", "--embed", "6", "--hidden", "4",
        "--layers", "2", "--dropout", "0.3", "--cell", cell.id());
    ModelFile f = ModelFile.read(file);
    ModelConfig expected = new ModelConfig(17, 6, false, 4, 2, true, 0.3, 2).withCell(cell);
    assertEquals(expected, f.config());
    assertEquals(ParameterLayout.of(expected).specs().size(), f.parameters().names().size());
    for (ParamSpec s : ParameterLayout.of(expected).specs()) {
      assertArrayEquals(s.shape(), f.parameters().get(s.name()).shape(), s.name());
    }
    try (Model m = new CpuBackend().create(expected, 1)) {
      m.setParameters(f.parameters());
      Path again = tmp.resolve("again-" + cell + ".safetensors");
      ModelFile.write(again, m.config(), m.parameters(), "cpu", Map.of());
      assertTrue(runScript("check-load", again.toString(), "--tokens", "2 3 4").contains("OK"));
    }
  }

  @Test
  void weReadWhatPytorchExports() throws Exception {
    Path file = tmp.resolve("torch.safetensors");
    runScript("export", file.toString(), "--vocab", "17", "--embed", "6", "--hidden", "4",
        "--layers", "2", "--dropout", "0.3");
    ModelFile f = ModelFile.read(file);
    assertEquals(new ModelConfig(17, 6, false, 4, 2, true, 0.3, 2), f.config());
    assertEquals("pytorch", f.metadata().get("backend"));
    // Written back by us, PyTorch still loads it.
    Path again = tmp.resolve("again.safetensors");
    ModelFile.write(again, f.config(), f.parameters(), "cpu", Map.of());
    assertTrue(runScript("check-load", again.toString()).contains("OK"));
  }

  private String runScript(String... args) throws IOException, InterruptedException {
    return runScript(script, args);
  }

  private String runScript(Path file, String... args) throws IOException, InterruptedException {
    List<String> cmd = new ArrayList<>(List.of(python, file.toString()));
    cmd.addAll(List.of(args));
    Process proc = new ProcessBuilder(cmd).redirectErrorStream(true).start();
    if (!proc.waitFor(180, TimeUnit.SECONDS)) {
      proc.destroyForcibly();
      throw new AssertionError("timed out: " + cmd);
    }
    String out = new String(proc.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    System.out.println(String.join(" ", args) + " -> " + out.strip());
    assertEquals(0, proc.exitValue(), cmd + " failed:\n" + out);
    return out;
  }
}

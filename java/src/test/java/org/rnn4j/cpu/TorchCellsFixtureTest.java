/*
 * Dimension key: see ReferenceRnn.
 */
package org.rnn4j.cpu;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.google.gson.Gson;
import com.google.gson.JsonObject;
import java.io.InputStreamReader;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.rnn4j.model.Batch;
import org.rnn4j.model.Cell;
import org.rnn4j.model.ModelConfig;
import org.rnn4j.model.ParamSpec;
import org.rnn4j.model.ParameterLayout;
import org.rnn4j.model.Parameters;
import org.rnn4j.model.Pooling;
import org.rnn4j.model.StepResult;
import org.rnn4j.model.Tensor;
import org.rnn4j.testing.Compare;
import org.rnn4j.testing.Tolerance;

/**
 * Every cell against PyTorch's own numbers, without PyTorch: {@code torch-cells.json} (written by
 * {@code ci/make_cell_fixtures.py}) holds nn.LSTM's, nn.GRU's and nn.RNN's (tanh, relu) default
 * weights in the tutorial's BiRNN (two bidirectional layers, trainable embedding, max and mean
 * pooling), one ragged batch, and the logits, loss and every gradient PyTorch computed from them
 * in float64. The double reference must agree to rounding ({@code 1e-12 + 1e-9 |torch|}); the
 * float CPU model to its float bound ({@link CpuModelParityTest#TOL}). This ties the cells'
 * formulas to PyTorch's even where the reference and the CPU model could share a misreading.
 */
class TorchCellsFixtureTest {
  private static final Tolerance DOUBLE = new Tolerance(1e-12, 1e-9);

  @ParameterizedTest(name = "cell={0}")
  @EnumSource(Cell.class)
  void referenceAndCpuModelGivePytorchsResults(Cell cell) throws Exception {
    JsonObject c = fixture().getAsJsonObject(cell.id());
    JsonObject cfg = c.getAsJsonObject("config");
    ModelConfig config = new ModelConfig(12, 4, true, 3, 2, true, 0.0, 2, Pooling.MAX_MEAN, 0.0, cell);
    assertEquals(cell.id(), cfg.get("cell").getAsString());
    assertEquals(config.vocabSize(), cfg.get("vocabSize").getAsInt());
    assertEquals(config.hiddenSize(), cfg.get("hiddenSize").getAsInt());
    assertEquals(config.pooling().id(), cfg.get("pooling").getAsString());

    Gson gson = new Gson();
    int[][] ids = gson.fromJson(c.get("ids"), int[][].class);
    int[] labels = gson.fromJson(c.get("labels"), int[].class);
    Batch batch = Batch.of(ids, labels);
    Map<String, double[]> weights = new LinkedHashMap<>();
    Parameters params = new Parameters();
    for (ParamSpec s : ParameterLayout.of(config).specs()) {
      double[] w = gson.fromJson(c.getAsJsonObject("weights").get(s.name()), double[].class);
      assertEquals(s.size(), w.length, s.name() + " size");
      weights.put(s.name(), w);
      float[] f = new float[w.length];
      for (int i = 0; i < w.length; i++) {
        f[i] = (float) w[i];
      }
      params.put(s.name(), Tensor.wrap(s.shape(), f));
    }
    double[] logits = gson.fromJson(c.get("logits"), double[].class);
    double loss = c.get("loss").getAsDouble();
    Map<String, double[]> grads = new LinkedHashMap<>();
    c.getAsJsonObject("gradients").entrySet()
        .forEach(e -> grads.put(e.getKey(), gson.fromJson(e.getValue(), double[].class)));

    ReferenceResult r = ReferenceRnn.evaluate(config, weights, batch, null, true);
    Compare.assertClose(cell + " reference logits", logits, r.logits(), DOUBLE);
    Compare.assertClose(cell + " reference loss", loss, r.loss(), DOUBLE);
    assertEquals(grads.keySet(), r.gradients().keySet(), "gradient tensors");
    grads.forEach((name, g) -> Compare.assertClose(cell + " reference gradient " + name, g,
        r.gradients().get(name), DOUBLE));

    try (CpuModel cpu = new CpuModel(config, params, 1, 2)) {
      cpu.setTraining(true);
      Compare.assertClose(cell + " cpu logits", logits, cpu.logits(batch), CpuModelParityTest.TOL);
      StepResult s = cpu.forwardBackward(batch);
      Compare.assertClose(cell + " cpu loss", loss, s.loss(), CpuModelParityTest.TOL);
      Parameters g = cpu.gradients();
      grads.forEach((name, expected) -> Compare.assertClose(cell + " cpu gradient " + name, expected,
          g.get(name).data(), CpuModelParityTest.TOL));
    }
  }

  private static JsonObject fixture() throws Exception {
    try (Reader in = new InputStreamReader(
        TorchCellsFixtureTest.class.getResourceAsStream("torch-cells.json"), StandardCharsets.UTF_8)) {
      return new Gson().fromJson(in, JsonObject.class);
    }
  }
}

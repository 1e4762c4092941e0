package org.rnn4j.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.rnn4j.model.Initializer;
import org.rnn4j.model.ModelConfig;
import org.rnn4j.model.ParamSpec;
import org.rnn4j.model.ParameterLayout;
import org.rnn4j.model.Parameters;
import org.rnn4j.model.Tensor;
import org.rnn4j.testing.Compare;

class ModelFileTest {
  @TempDir
  Path tmp;

  @Test
  void readsAStateDictSavedByPyTorch() throws Exception {
    // ci/make_safetensors_fixtures.py: json.dumps config (with spaces), tensors sorted by name.
    Path file = tmp.resolve("torch.safetensors");
    try (InputStream in = getClass().getResourceAsStream("/org/rnn4j/store/torch-birnn.safetensors")) {
      Files.write(file, in.readAllBytes());
    }
    ModelFile f = ModelFile.read(file);
    assertEquals(new ModelConfig(7, 3, false, 2, 2, true, 0.0, 2), f.config());
    assertEquals(f.config(), ModelFile.readConfig(file));
    List<String> order = ParameterLayout.of(f.config()).specs().stream().map(ParamSpec::name).toList();
    assertEquals(order, List.copyOf(f.parameters().names()), "reordered to state_dict order");
    assertTrue(f.vocabularySha256().isEmpty());
    f.requireVocabulary(List.of("anything"), file); // nothing recorded, nothing to check
  }

  @Test
  void writesLayoutOrderAndChecksShapes() throws Exception {
    ModelConfig c = new ModelConfig(11, 4, true, 3, 2, true, 0.1, 2);
    Parameters p = Initializer.pytorchDefault(ParameterLayout.of(c), 3);
    Path file = tmp.resolve("w.safetensors");
    ModelFile.write(file, c, p, "cpu", Map.of("epoch", "4"));
    ModelFile back = ModelFile.read(file);
    assertEquals(c, back.config());
    Compare.assertBitEqual(p, back.parameters());
    assertEquals("4", back.metadata().get("epoch"));
    assertEquals("cpu", back.metadata().get("backend"));
    p.put(ParameterLayout.DECODER_BIAS, Tensor.zeros(3));
    assertThrows(IllegalArgumentException.class,
        () -> ModelFile.write(tmp.resolve("bad.safetensors"), c, p, "cpu", Map.of()));
  }

  @Test
  void explainsFilesWithoutOrWithWrongConfig() throws Exception {
    Path plain = tmp.resolve("plain.safetensors");
    SafeTensors.write(plain, new Parameters().put("x", Tensor.zeros(1)), Map.of());
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> ModelFile.read(plain));
    assertTrue(e.getMessage().contains("no 'model_config'") && e.getMessage().contains(plain.toString()),
        e.getMessage());
    Path lying = tmp.resolve("lying.safetensors");
    SafeTensors.write(lying, new Parameters().put("x", Tensor.zeros(1)),
        Map.of("model_config", "{\"vocabSize\": 5, \"embedSize\": 2, \"trainEmbedding\": false, "
            + "\"hiddenSize\": 2, \"layers\": 1, \"bidirectional\": true, \"dropout\": 0.0, \"classes\": 2}"));
    e = assertThrows(IllegalArgumentException.class, () -> ModelFile.read(lying));
    assertTrue(e.getMessage().contains("missing tensor 'embedding.weight'"), e.getMessage());
    Path partial = tmp.resolve("partial.safetensors");
    SafeTensors.write(partial, new Parameters(), Map.of("model_config", "{\"vocabSize\": 5}"));
    e = assertThrows(IllegalArgumentException.class, () -> ModelFile.read(partial));
    assertTrue(e.getMessage().contains("lacks 'embedSize'"), e.getMessage());
    Path badType = tmp.resolve("badtype.safetensors");
    SafeTensors.write(badType, new Parameters(), Map.of("model_config", "{\"vocabSize\": 5.5, "
        + "\"embedSize\": 2, \"trainEmbedding\": false, \"hiddenSize\": 2, \"layers\": 1, "
        + "\"bidirectional\": true, \"dropout\": 0.0, \"classes\": 2}"));
    e = assertThrows(IllegalArgumentException.class, () -> ModelFile.read(badType));
    assertTrue(e.getMessage().contains("vocabSize must be a int"), e.getMessage());
  }
}

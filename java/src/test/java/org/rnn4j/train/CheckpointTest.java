package org.rnn4j.train;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.rnn4j.store.Rnn4jVersion;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.rnn4j.model.Batch;
import org.rnn4j.data.Batcher;
import org.rnn4j.store.SafeTensors;
import org.rnn4j.store.TensorFile;
import org.rnn4j.model.AdamConfig;
import org.rnn4j.model.Model;
import org.rnn4j.model.ModelConfig;
import org.rnn4j.model.Optimizer;
import org.rnn4j.model.Parameters;
import org.rnn4j.testing.Compare;
import org.rnn4j.testing.TinyModels;
import org.rnn4j.testing.ToyReviews;

class CheckpointTest {
  private static final ModelConfig CONFIG = TinyModels.config(ToyReviews.VOCAB, 8, true, 0.2);
  private static final Map<String, String> DATA = Map.of("max_len", "500", "min_freq", "10");
  private static final AdamConfig ADAM = AdamConfig.defaults().withLr(0.05).withClipNorm(5);

  @TempDir
  Path tmp;

  private final List<Batch> batches = new Batcher(ToyReviews.generate(40, 9, 1), 8, 1).inOrder();

  /** A model and optimizer after {@code steps} updates, captured at {@code epoch}. */
  private Checkpoint trained(Model m, Optimizer opt, int steps, int epoch) {
    m.setTraining(true);
    for (int i = 0; i < steps; i++) {
      m.forwardBackward(batches.get(i % batches.size()));
      opt.step();
    }
    Evaluation ev = new Evaluation(new long[][] {{3, 1}, {0, 4}}, 0.125 * epoch);
    List<EpochRecord> history = new ArrayList<>();
    for (int e = 1; e <= epoch; e++) {
      history.add(new EpochRecord(e, steps, 0.1 / e, 0.9, ev, 1.5, 0.25, 1234.5));
    }
    return Checkpoint.capture(m, opt, ToyReviews.vocabulary(), DATA,
        new TrainerState(epoch, 77, opt.stepCount(), history));
  }

  @Test
  void roundTripsEverything() throws Exception {
    try (Model m = TinyModels.cpu(CONFIG, 1); Optimizer opt = m.newOptimizer(ADAM)) {
      Checkpoint saved = trained(m, opt, 5, 2);
      Path dir = tmp.resolve("ckpt");
      saved.save(dir);
      Checkpoint back = Checkpoint.load(dir);
      Compare.assertBitEqual(saved.parameters(), back.parameters());
      Compare.assertBitEqual(saved.optimizerState(), back.optimizerState());
      assertEquals(5, back.optimizerSteps());
      assertEquals(ADAM, back.adamConfig());
      assertEquals(CONFIG, back.modelConfig());
      assertEquals(ToyReviews.vocabulary(), back.vocabulary());
      assertEquals(DATA, back.dataSettings());
      assertEquals(saved.trainerState(), back.trainerState());
      assertEquals("cpu", back.backend());
      try (var files = Files.list(dir)) {
        assertEquals(List.of("model.safetensors", "optimizer.safetensors", "trainer.json", "vocab.txt"),
            files.map(p -> p.getFileName().toString()).sorted().toList());
      }
    }
  }

  @Test
  void modelFileCarriesTheDocumentedMetadata() throws Exception {
    try (Model m = TinyModels.cpu(CONFIG, 1); Optimizer opt = m.newOptimizer(ADAM)) {
      Path dir = tmp.resolve("meta");
      trained(m, opt, 2, 3).save(dir);
      TensorFile f = SafeTensors.read(dir.resolve(Checkpoint.MODEL_FILE));
      Map<String, String> meta = f.metadata();
      assertEquals("pt", meta.get("format"));
      assertEquals("3", meta.get("epoch"));
      assertEquals("500", meta.get("data.max_len"));
      assertEquals("10", meta.get("data.min_freq"));
      assertEquals("cpu", meta.get("backend"));
      assertEquals(Integer.toString(ToyReviews.VOCAB), meta.get("vocab_size"));
      assertTrue(meta.get("model_config").contains("\"hiddenSize\":4"), meta.get("model_config"));
      assertEquals(Rnn4jVersion.get(), meta.get("rnn4j_version"));
      assertNotEquals("unknown", meta.get("rnn4j_version"), "Maven fills in version.properties");
      // The fingerprint is the SHA-256 of vocab.txt's bytes.
      byte[] vocabBytes = Files.readAllBytes(dir.resolve(Checkpoint.VOCAB_FILE));
      String sha = HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(vocabBytes));
      assertEquals(sha, meta.get("vocab_sha256"));
      assertTrue(new String(vocabBytes, StandardCharsets.UTF_8).startsWith("<pad>\n<unk>\nw2\n"));
      assertEquals(List.copyOf(m.layout().specs().stream().map(s -> s.name()).toList()),
          List.copyOf(f.tensors().names()));
      TensorFile o = SafeTensors.read(dir.resolve(Checkpoint.OPTIMIZER_FILE));
      assertEquals("2", o.require("step"));
      assertTrue(o.tensors().contains("exp_avg.decoder.weight"));
      assertTrue(o.tensors().contains("exp_avg_sq.embedding.weight"));
    }
  }

  @Test
  void restoredModelContinuesBitIdentically() throws Exception {
    Path dir = tmp.resolve("cont");
    Parameters expected;
    try (Model m = TinyModels.cpu(CONFIG, 1); Optimizer opt = m.newOptimizer(ADAM)) {
      trained(m, opt, 4, 1).save(dir);
      m.reseedDropout(5);
      m.forwardBackward(batches.get(0));
      opt.step();
      expected = m.parameters();
    }
    try (Model m = TinyModels.cpu(CONFIG, 999); Optimizer opt = m.newOptimizer(ADAM)) {
      Checkpoint.load(dir).restore(m, opt);
      assertEquals(4, opt.stepCount());
      m.setTraining(true);
      m.reseedDropout(5);
      m.forwardBackward(batches.get(0));
      opt.step();
      Compare.assertBitEqual(expected, m.parameters());
    }
  }

  @Test
  void configMismatchListsEveryDifferingField() throws Exception {
    Path dir = tmp.resolve("cfg");
    try (Model m = TinyModels.cpu(CONFIG, 1); Optimizer opt = m.newOptimizer(ADAM)) {
      trained(m, opt, 1, 1).save(dir);
    }
    Checkpoint c = Checkpoint.load(dir);
    ModelConfig other = new ModelConfig(ToyReviews.VOCAB, 10, true, 5, 2, true, 0.2, 2);
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> c.requireConfig(other));
    String msg = e.getMessage();
    assertTrue(msg.contains(dir.toString()), msg);
    assertTrue(msg.contains("embedSize: 8 (saved) vs 10 (requested)"), msg);
    assertTrue(msg.contains("hiddenSize: 4 (saved) vs 5 (requested)"), msg);
    assertFalse(msg.contains("layers"), msg);
    c.requireConfig(CONFIG);
  }

  @Test
  void vocabularyMismatchExplainsHowToRebuildIt() throws Exception {
    Path dir = tmp.resolve("voc");
    try (Model m = TinyModels.cpu(CONFIG, 1); Optimizer opt = m.newOptimizer(ADAM)) {
      trained(m, opt, 1, 1).save(dir);
    }
    Checkpoint c = Checkpoint.load(dir);
    List<String> other = new ArrayList<>(ToyReviews.vocabulary());
    other.set(5, "changed");
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> c.requireVocabulary(other));
    String msg = e.getMessage();
    assertTrue(msg.contains("different vocabulary (40 words, sha256 "), msg);
    assertTrue(msg.contains("max_len=500") && msg.contains("min_freq=10"), msg);
    assertTrue(msg.contains("vocab.txt"), msg);
    c.requireVocabulary(ToyReviews.vocabulary());
  }

  @Test
  void crashAtAnyPointOfASaveLeavesACompleteCheckpoint() throws Exception {
    List<String> points = List.of("staged model.safetensors", "staged optimizer.safetensors",
        "staged vocab.txt", "staged trainer.json", "committed", "installed model.safetensors",
        "installed optimizer.safetensors", "installed vocab.txt", "installed trainer.json");
    for (String point : points) {
      Path dir = tmp.resolve("crash-" + point.replace(' ', '-'));
      try (Model m = TinyModels.cpu(CONFIG, 1); Optimizer opt = m.newOptimizer(ADAM)) {
        Checkpoint first = trained(m, opt, 3, 1);
        first.save(dir);
        Checkpoint second = trained(m, opt, 3, 2);
        IOException e = assertThrows(IOException.class, () -> second.save(dir, p -> {
          if (p.equals(point)) {
            throw new IOException("simulated crash at " + p);
          }
        }));
        assertEquals("simulated crash at " + point, e.getMessage());
        Checkpoint seen = Checkpoint.load(dir);
        Checkpoint expected = point.startsWith("staged") ? first : second;
        assertEquals(expected.trainerState(), seen.trainerState(), point);
        Compare.assertBitEqual(expected.parameters(), seen.parameters());
        Compare.assertBitEqual(expected.optimizerState(), seen.optimizerState());
        // The next save completes normally and leaves no work folders behind.
        Checkpoint third = trained(m, opt, 1, 3);
        third.save(dir);
        assertEquals(3, Checkpoint.load(dir).trainerState().epochsCompleted(), point);
        assertFalse(Files.exists(dir.resolve(CheckpointFiles.STAGING)), point);
        assertFalse(Files.exists(dir.resolve(CheckpointFiles.COMMIT)), point);
      }
    }
  }

  @Test
  void filesFromDifferentSavesAreRejected() throws Exception {
    Path a = tmp.resolve("a");
    Path b = tmp.resolve("b");
    try (Model m = TinyModels.cpu(CONFIG, 1); Optimizer opt = m.newOptimizer(ADAM)) {
      trained(m, opt, 1, 1).save(a);
      trained(m, opt, 1, 2).save(b);
    }
    Files.copy(b.resolve(Checkpoint.MODEL_FILE), a.resolve(Checkpoint.MODEL_FILE),
        StandardCopyOption.REPLACE_EXISTING);
    IOException e = assertThrows(IOException.class, () -> Checkpoint.load(a));
    assertTrue(e.getMessage().contains("different saves"), e.getMessage());
  }

  @Test
  void missingPiecesAreNamed() throws Exception {
    Path none = tmp.resolve("nothing-here");
    NoSuchFileException e = assertThrows(NoSuchFileException.class, () -> Checkpoint.load(none));
    assertTrue(e.getMessage().contains(none.toString()), e.getMessage());
    Path dir = tmp.resolve("partial");
    try (Model m = TinyModels.cpu(CONFIG, 1); Optimizer opt = m.newOptimizer(ADAM)) {
      trained(m, opt, 1, 1).save(dir);
    }
    Files.delete(dir.resolve(Checkpoint.OPTIMIZER_FILE));
    NoSuchFileException f = assertThrows(NoSuchFileException.class, () -> Checkpoint.load(dir));
    assertTrue(f.getMessage().contains(dir.resolve(Checkpoint.OPTIMIZER_FILE).toString()), f.getMessage());
    assertFalse(Checkpoint.exists(none));
    assertTrue(Checkpoint.exists(dir));
  }

  @Test
  void malformedTrainerStateIsNamed() throws Exception {
    Path dir = tmp.resolve("malformed");
    try (Model m = TinyModels.cpu(CONFIG, 1); Optimizer opt = m.newOptimizer(ADAM)) {
      trained(m, opt, 1, 1).save(dir);
    }
    Path trainer = dir.resolve(Checkpoint.TRAINER_FILE);
    String json = Files.readString(trainer);
    Files.writeString(trainer, json.replace("\"seed\": 77", "\"seed\": \"abc\""));
    IOException e = assertThrows(IOException.class, () -> Checkpoint.load(dir));
    assertTrue(e.getMessage().contains("malformed") && e.getMessage().contains(dir.toString()),
        e.getMessage());
    Files.writeString(trainer, "{ not json");
    e = assertThrows(IOException.class, () -> Checkpoint.load(dir));
    assertTrue(e.getMessage().contains(trainer.toString()) && e.getMessage().contains("not valid JSON"),
        e.getMessage());
  }

  @Test
  void captureChecksTheVocabularySize() {
    try (Model m = TinyModels.cpu(CONFIG, 1); Optimizer opt = m.newOptimizer(ADAM)) {
      IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () ->
          Checkpoint.capture(m, opt, List.of("<pad>", "<unk>"), Map.of(), TrainerState.start(1)));
      assertTrue(e.getMessage().contains("2 words"), e.getMessage());
    }
  }

}

package org.rnn4j.examples;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.google.gson.JsonArray;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.rnn4j.data.ImdbDataset;
import org.rnn4j.data.ImdbReader;
import org.rnn4j.data.Review;
import org.rnn4j.data.Split;
import org.rnn4j.model.Initializer;
import org.rnn4j.model.Cell;
import org.rnn4j.model.ModelConfig;
import org.rnn4j.model.ParameterLayout;
import org.rnn4j.model.Parameters;
import org.rnn4j.model.Tensor;
import org.rnn4j.train.Checkpoint;
import org.rnn4j.store.ModelFile;

/**
 * Tiny real training runs on the CPU: a small {@code aclImdb/} folder of real reviews (copied
 * once from the shared archive), 200 training and 200 test reviews of at most 40 tokens, H = 8,
 * the shared top-10k GloVe file.
 */
class TrainingEndToEndTest {
  private static final int PER_LABEL = 150;

  @TempDir
  static Path shared;

  private static Path folder;
  private static Path glove;

  @TempDir
  Path tmp;

  @BeforeAll
  static void copyAFewRealReviews() throws IOException {
    Path data = Program.sharedData();
    Path archive = data == null ? null : data.resolve("aclImdb_v1_labelled.tar.gz");
    Path top10k = data == null ? null : data.resolve("glove.6B.100d.top10k.txt.gz");
    if (archive == null || !Files.isRegularFile(archive) || !Files.isRegularFile(top10k)) {
      return;
    }
    ImdbDataset all = ImdbReader.read(archive);
    folder = shared.resolve("aclImdb");
    Map<Split, List<Review>> splits = new EnumMap<>(Split.class);
    splits.put(Split.TRAIN, all.train());
    splits.put(Split.TEST, all.test());
    for (Map.Entry<Split, List<Review>> e : splits.entrySet()) {
      int[] written = new int[2];
      for (Review r : e.getValue()) {
        if (written[r.label()] < PER_LABEL) {
          written[r.label()]++;
          Path dir = Files.createDirectories(folder.resolve(e.getKey().folder())
              .resolve(r.label() == Review.POS ? "pos" : "neg"));
          Files.writeString(dir.resolve(r.id() + "_" + r.rating() + ".txt"), r.text(),
              StandardCharsets.UTF_8);
        }
      }
    }
    glove = top10k;
  }

  private static List<String> tiny() {
    return tiny(200);
  }

  private static List<String> tiny(int trainLimit) {
    assumeTrue(folder != null, "the shared IMDB archive and GloVe top-10k file are absent "
        + "(system property rnn4j.shared.data = " + Program.sharedData() + ")");
    return List.of("--backend", "cpu", "--data", folder.toString(), "--glove", glove.toString(),
        "--train-limit", Integer.toString(trainLimit), "--test-limit", "200", "--max-len", "40", "--hidden", "8",
        "--threads", "2");
  }

  private static JsonObject json(Path file) throws IOException {
    return JsonParser.parseString(Files.readString(file)).getAsJsonObject();
  }

  @Test
  void trainsEvaluatesAndWritesMetricsAndPlot() throws IOException {
    Path metrics = tmp.resolve("out/metrics.json");
    Path plot = tmp.resolve("plot.png");
    Program.Run r = Program.run(Program.args(tiny(), "--epochs", "2", "--metrics-out",
        metrics.toString(), "--plot", plot.toString()));
    assertEquals(0, r.code(), r::toString);
    assertTrue(r.out().contains("epoch 2/2: train loss"), r.out());
    assertTrue(r.out().contains("confusion matrix"), r.out());

    JsonObject m = json(metrics);
    assertEquals("cpu", m.get("backend").getAsString());
    assertEquals(200, m.get("train_reviews").getAsInt());
    assertEquals(200, m.get("test_reviews").getAsInt());
    JsonArray epochs = m.getAsJsonArray("epochs");
    assertEpochs(epochs, 2);
    JsonObject last = epochs.get(1).getAsJsonObject();
    assertEquals(last.get("test_accuracy").getAsDouble(), m.get("test_accuracy").getAsDouble());
    assertConfusionMatches(m, 100);
    JsonObject config = m.getAsJsonObject("config");
    assertEquals(8, config.getAsJsonObject("model").get("hidden_size").getAsInt());
    assertEquals(40, config.getAsJsonObject("data").get("max_len").getAsInt());
    // The statistics describe the reviews used: the --train-limit subset.
    assertEquals(200, m.getAsJsonObject("data_stats").getAsJsonObject("train")
        .get("pos").getAsInt() + m.getAsJsonObject("data_stats").getAsJsonObject("train")
        .get("neg").getAsInt());
    assertTrue(m.get("device").getAsString().startsWith("CPU"));

    BufferedImage png = ImageIO.read(plot.toFile());
    assertTrue(png != null && png.getWidth() > 600 && png.getHeight() > 300, "a PNG image");
  }

  private static void assertEpochs(JsonArray epochs, int count) {
    assertEquals(count, epochs.size());
    for (int i = 0; i < count; i++) {
      JsonObject e = epochs.get(i).getAsJsonObject();
      assertEquals(i + 1, e.get("epoch").getAsInt());
      assertTrue(e.get("train_loss").getAsDouble() > 0);
      for (String key : List.of("train_accuracy", "test_accuracy")) {
        double v = e.get(key).getAsDouble();
        assertTrue(v >= 0 && v <= 1, key + " = " + v);
      }
      assertTrue(e.get("seconds").getAsDouble() > 0);
      assertTrue(e.get("reviews_per_second").getAsDouble() > 0);
    }
  }

  /** The confusion matrix holds {@code perLabel} reviews per true label and gives the accuracy. */
  private static void assertConfusionMatches(JsonObject m, int perLabel) {
    JsonArray confusion = m.getAsJsonArray("confusion");
    long correct = 0;
    for (int a = 0; a < 2; a++) {
      JsonArray row = confusion.get(a).getAsJsonArray();
      assertEquals(perLabel, row.get(0).getAsLong() + row.get(1).getAsLong(), "row " + a);
      correct += row.get(a).getAsLong();
    }
    assertEquals(correct / (2.0 * perLabel), m.get("test_accuracy").getAsDouble(), 1e-12);
    for (String key : List.of("precision", "recall", "f1")) {
      double v = m.get(key).getAsDouble();
      assertTrue(v >= 0 && v <= 1, key + " = " + v);
    }
  }

  @Test
  void resumingEqualsAnUninterruptedRun() throws IOException {
    Path d = tmp.resolve("d");
    Path e = tmp.resolve("e");
    Program.Run first = Program.run(Program.args(tiny(), "--epochs", "2", "--save", d.toString()));
    assertEquals(0, first.code(), first::toString);
    Path resumed = tmp.resolve("resumed.json");
    Program.Run second = Program.run("--resume", d.toString(), "--epochs", "3", "--data",
        folder.toString(), "--metrics-out", resumed.toString());
    assertEquals(0, second.code(), second::toString);
    assertTrue(second.out().contains("resumed " + d + " after epoch 2"), second.out());
    Path whole = tmp.resolve("whole.json");
    Program.Run straight = Program.run(Program.args(tiny(), "--epochs", "3", "--save",
        e.toString(), "--metrics-out", whole.toString()));
    assertEquals(0, straight.code(), straight::toString);

    JsonArray a = json(resumed).getAsJsonArray("epochs");
    JsonArray b = json(whole).getAsJsonArray("epochs");
    assertEquals(3, a.size());
    assertEquals(3, b.size());
    for (int i = 0; i < 3; i++) {
      for (String key : List.of("train_loss", "train_accuracy", "test_loss", "test_accuracy",
          "steps")) {
        assertEquals(b.get(i).getAsJsonObject().get(key).getAsDouble(),
            a.get(i).getAsJsonObject().get(key).getAsDouble(), "epoch " + (i + 1) + " " + key);
      }
    }
    Parameters pd = Checkpoint.load(d).parameters();
    Parameters pe = Checkpoint.load(e).parameters();
    for (String name : pe.names()) {
      assertArrayEquals(pe.get(name).data(), pd.get(name).data(), name);
    }
  }

  /**
   * A recipe with a validation set: every epoch is evaluated on the held-out reviews only, the
   * best epoch (by validation accuracy) is the one tested, and a resumed run gives the same
   * figures as an uninterrupted one. (A warm-up with a constant rate: the cosine's horizon is the
   * --epochs of the run, which a 2-epoch run that is continued to 3 does not share with a 3-epoch
   * run.)
   */
  @Test
  void validationPicksTheTestedEpochAndResumesExactly() throws IOException {
    List<String> run = List.of(Program.args(tiny(), "--recipe", "best", "--validation", "40",
        "--patience", "2", "--schedule", "constant:3"));
    Path d = tmp.resolve("v");
    Path whole = tmp.resolve("whole.json");
    Program.Run straight = Program.run(Program.args(run, "--epochs", "3", "--metrics-out",
        whole.toString()));
    assertEquals(0, straight.code(), straight::toString);
    assertTrue(straight.out().contains("| validation loss"), straight.out());
    assertFalse(straight.out().contains("| test loss"), straight.out());
    JsonObject m = json(whole);
    JsonArray epochs = m.getAsJsonArray("epochs");
    assertEquals(3, epochs.size());
    int best = 1;
    for (int i = 0; i < 3; i++) {
      JsonObject e = epochs.get(i).getAsJsonObject();
      assertFalse(e.has("test_accuracy"), "the test set is read once, at the end");
      if (e.get("validation_accuracy").getAsDouble()
          > epochs.get(best - 1).getAsJsonObject().get("validation_accuracy").getAsDouble()) {
        best = i + 1;
      }
    }
    assertEquals(best, m.get("best_epoch").getAsInt());
    assertEquals(40, m.get("validation_reviews").getAsInt());
    assertEquals("max_mean", m.getAsJsonObject("config").getAsJsonObject("model").get("pooling")
        .getAsString());
    assertTrue(m.has("test_accuracy"));

    assertEquals(0, Program.run(Program.args(run, "--epochs", "2", "--save", d.toString())).code());
    Path resumed = tmp.resolve("resumed.json");
    Program.Run second = Program.run("--resume", d.toString(), "--epochs", "3", "--data",
        folder.toString(), "--metrics-out", resumed.toString());
    assertEquals(0, second.code(), second::toString);
    JsonObject r = json(resumed);
    for (int i = 0; i < 3; i++) {
      for (String key : List.of("train_loss", "validation_loss", "validation_accuracy")) {
        assertEquals(epochs.get(i).getAsJsonObject().get(key).getAsDouble(),
            r.getAsJsonArray("epochs").get(i).getAsJsonObject().get(key).getAsDouble(),
            "epoch " + (i + 1) + " " + key);
      }
    }
    assertEquals(m.get("best_epoch").getAsInt(), r.get("best_epoch").getAsInt());
    assertEquals(m.get("test_accuracy").getAsDouble(), r.get("test_accuracy").getAsDouble());
  }

  @Test
  void resumeRefusesSettingsThatChangeTheRun() throws IOException {
    Path d = tmp.resolve("d");
    assertEquals(0, Program.run(Program.args(tiny(), "--epochs", "1", "--save", d.toString())).code());
    Program.Run r = Program.run("--resume", d.toString(), "--data", folder.toString(),
        "--max-len", "41", "--hidden", "8");
    assertEquals(2, r.code(), r::toString);
    assertTrue(r.err().contains("--max-len 41 (saved: 40)"), r.err());

    Program.Run same = Program.run("--resume", d.toString(), "--data", folder.toString(),
        "--max-len", "40");
    assertEquals(0, same.code(), same::toString);
    assertTrue(same.out().contains("the saved run has already completed 1 epoch (--epochs 1)"),
        "without --epochs, the saved run's total:\n" + same.out());
  }

  /**
   * --cell gru trains and saves a GRU; resume keeps it (and refuses another cell), predict reads
   * it back, and a GRU file cannot start an LSTM run.
   */
  @Test
  void trainsResumesAndPredictsWithAnotherCell() throws IOException {
    Path d = tmp.resolve("gru");
    Program.Run r = Program.run(Program.args(tiny(), "--epochs", "1", "--cell", "gru", "--save", d.toString()));
    assertEquals(0, r.code(), r::toString);
    assertTrue(r.out().contains("2-layer BiGRU H=8"), r.out());
    assertEquals(Cell.GRU, ModelFile.read(d.resolve(Checkpoint.MODEL_FILE)).config().cell());

    Program.Run other = Program.run("--resume", d.toString(), "--data", folder.toString(), "--cell", "lstm");
    assertEquals(2, other.code(), other::toString);
    assertTrue(other.err().contains("--cell lstm (saved: gru)"), other.err());
    Program.Run more = Program.run("--resume", d.toString(), "--data", folder.toString(), "--epochs", "2");
    assertEquals(0, more.code(), more::toString);
    assertTrue(more.out().contains("BiGRU"), more.out());

    Program.Run predict = Program.run("--resume", d.toString(), "--predict", "A wonderful film.");
    assertEquals(0, predict.code(), predict::toString);
    assertTrue(predict.lines().get(0).matches("(pos|neg) [01]\\.\\d\\d"), predict.out());

    Program.Run mismatch = Program.run(Program.args(tiny(), "--epochs", "1", "--init-from",
        d.resolve(Checkpoint.MODEL_FILE).toString()));
    assertEquals(2, mismatch.code(), mismatch::toString);
    assertTrue(mismatch.err().contains("cell: gru (saved) vs lstm (requested)"), mismatch.err());

    Program.Run unknown = Program.run(Program.args(tiny(), "--cell", "lru"));
    assertEquals(2, unknown.code(), unknown::toString);
    assertTrue(unknown.err().contains("unknown cell 'lru'; choose one of lstm, gru, rnn_tanh, rnn_relu"),
        unknown.err());
  }

  @Test
  void predictsWithASavedRun() throws IOException {
    Path d = tmp.resolve("d");
    assertEquals(0, Program.run(Program.args(tiny(), "--epochs", "1", "--save", d.toString())).code());
    Program.Run r = Program.run("--resume", d.toString(), "--predict",
        "A wonderful film, moving and beautifully acted.", "--predict", "Dull, badly written.");
    assertEquals(0, r.code(), r::toString);
    List<String> lines = r.lines();
    assertEquals(2, lines.size(), r.out());
    Pattern format = Pattern.compile("(pos|neg) ([01]\\.\\d\\d)");
    for (String line : lines) {
      Matcher m = format.matcher(line);
      assertTrue(m.matches(), line);
      double p = Double.parseDouble(m.group(2));
      assertTrue(p >= 0.5 && p <= 1, "the predicted label's probability: " + line);
    }
  }

  @Test
  void startsFromAWeightsFile() throws IOException {
    Path d = tmp.resolve("d");
    assertEquals(0, Program.run(Program.args(tiny(), "--epochs", "1", "--save", d.toString())).code());
    ModelFile saved = ModelFile.read(d.resolve(Checkpoint.MODEL_FILE));
    // Weights that call every review positive: a zero decoder with a large positive bias.
    Parameters p = saved.parameters().copy();
    Arrays.fill(p.get("decoder.weight").data(), 0f);
    p.put("decoder.bias", Tensor.of(new int[] {2}, new float[] {-20f, 20f}));
    Path weights = tmp.resolve("all-positive.safetensors");
    ModelFile.write(weights, saved.config(), p, "test", Map.of());

    Path metrics = tmp.resolve("m.json");
    Program.Run r = Program.run(Program.args(tiny(), "--epochs", "1", "--lr", "1e-9",
        "--init-from", weights.toString(), "--metrics-out", metrics.toString()));
    assertEquals(0, r.code(), r::toString);
    assertTrue(r.out().contains("weights from " + weights), r.out());
    JsonObject m = json(metrics);
    assertEquals(0.5, m.get("test_accuracy").getAsDouble(), "everything predicted positive");
    assertEquals(1.0, m.get("recall").getAsDouble());

    ModelConfig c = saved.config();
    ModelConfig wider = new ModelConfig(c.vocabSize(), c.embedSize(), c.trainEmbedding(), 9,
        c.layers(), c.bidirectional(), c.dropout(), c.classes());
    Path mismatched = tmp.resolve("h9.safetensors");
    ModelFile.write(mismatched, wider, Initializer.pytorchDefault(ParameterLayout.of(wider), 1),
        "test", Map.of());
    Program.Run bad = Program.run(Program.args(tiny(), "--epochs", "1", "--init-from",
        mismatched.toString()));
    assertEquals(2, bad.code(), bad::toString);
    assertTrue(bad.err().contains("hiddenSize: 9 (saved) vs 8 (requested)"), bad.err());
  }

  @Test
  void subsetsLargerThanTheDataFailClearly() {
    Program.Run r = Program.run(Program.args(tiny(400), "--epochs", "1"));
    assertEquals(2, r.code(), r::toString);
    assertEquals("ImdbBiLstm: --train-limit 400 is more than the 300 training reviews\n", r.err());
  }
}

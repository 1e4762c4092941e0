package org.rnn4j.infer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.apache.commons.math3.random.MersenneTwister;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.rnn4j.cpu.CpuBackend;
import org.rnn4j.model.Batch;
import org.rnn4j.data.TextEncoder;
import org.rnn4j.data.Vocabulary;
import org.rnn4j.model.Model;
import org.rnn4j.model.ModelConfig;
import org.rnn4j.store.ModelFile;

/** The inference API on the CPU: one saved file, raw text in, named probabilities out. */
class ClassifierTest {
  static final List<String> WORDS = List.of("<pad>", "<unk>", "good", "great", "fine", "bad",
      "awful", "dull", "film", "plot", "acting", "the", "a", "was", "and");
  static final List<String> LABELS = List.of("neg", "pos");
  static final ModelConfig CONFIG = new ModelConfig(WORDS.size(), 6, true, 5, 2, true, 0.3, 2);

  @TempDir
  static Path dir;
  static Path file;
  static SavedModel saved;

  @BeforeAll
  static void saveAModel() throws IOException {
    try (Model m = new CpuBackend(2).create(CONFIG, 11)) {
      saved = SavedModel.of(m, Vocabulary.of(WORDS), 7, LABELS);
    }
    file = dir.resolve("model.safetensors");
    saved.save(file);
  }

  /** Texts of every length up to past the token limit, some with unknown words and markup. */
  static List<String> texts(int n, long seed) {
    MersenneTwister rng = new MersenneTwister(seed);
    List<String> out = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      StringBuilder sb = new StringBuilder(i % 7 == 0 ? "<br />" : "");
      for (int k = rng.nextInt(12); k >= 0; k--) {
        sb.append(rng.nextInt(9) == 0 ? "unseen" : WORDS.get(2 + rng.nextInt(WORDS.size() - 2)))
            .append(rng.nextBoolean() ? " " : ", ");
      }
      out.add(sb.toString().toUpperCase(java.util.Locale.ROOT));
    }
    return out;
  }

  @Test
  void predictionsAreTheSoftmaxOfTheModelsLogitsForTheEncodedText() throws IOException {
    List<String> texts = texts(40, 1);
    try (Classifier c = Classifier.load(file, new CpuBackend(2));
        Model m = new CpuBackend(2).create(CONFIG, 0)) {
      m.setParameters(saved.parameters());
      m.setTraining(false);
      assertEquals(LABELS, c.labels());
      List<Prediction> got = c.predict(texts);
      assertEquals(texts.size(), got.size());
      TextEncoder enc = new TextEncoder(Vocabulary.of(WORDS), 7);
      for (int i = 0; i < texts.size(); i++) {
        float[] z = m.logits(Batch.of(new int[][] {enc.encode(texts.get(i))}, null));
        double p1 = 1 / (1 + Math.exp(z[0] - z[1]));
        Prediction p = got.get(i);
        assertEquals(p1, p.probabilities().get(1), 1e-6, "text " + i);
        assertEquals(1.0, p.probabilities().get(0) + p.probabilities().get(1), 1e-12);
        assertEquals(z[1] > z[0] ? "pos" : "neg", p.label(), "text " + i);
        assertEquals(p.probabilities().get(p.labelId()), p.probability());
      }
      assertEquals(got.get(3).probabilities(), c.predict(texts.get(3)).probabilities(),
          "one text alone is classified as it is in a batch, to the bit");
    }
  }

  @Test
  void eightThreadsAtOnceGetExactlyTheSequentialAnswers() throws Exception {
    List<List<String>> calls = new ArrayList<>();
    for (int i = 0; i < 48; i++) {
      calls.add(texts(1 + i % 9 * 11, 100 + i)); // 1 to 89 texts: one or two batches of 64
    }
    try (Classifier c = Classifier.of(saved, new CpuBackend(2))) {
      List<List<Prediction>> sequential = new ArrayList<>();
      for (List<String> call : calls) {
        sequential.add(c.predict(call));
      }
      ExecutorService pool = Executors.newFixedThreadPool(8);
      try {
        CountDownLatch start = new CountDownLatch(1);
        List<Future<List<Prediction>>> futures = new ArrayList<>();
        for (List<String> call : calls) {
          futures.add(pool.submit(() -> {
            start.await();
            return c.predict(call);
          }));
        }
        start.countDown();
        for (int i = 0; i < calls.size(); i++) {
          assertEquals(sequential.get(i), futures.get(i).get(), "call " + i + ", bit for bit");
        }
      } finally {
        pool.shutdownNow();
      }
    }
  }

  @Test
  void aCheckpointFolderAndItsModelFileAreSavedModelsToo() throws IOException {
    org.rnn4j.train.TrainConfig tc = org.rnn4j.train.TrainConfig.defaults().withEpochs(1)
        .withCheckpointDir(dir.resolve("ckpt")).withProgressBar(false);
    try (Model m = new CpuBackend(1).create(CONFIG, 3);
        org.rnn4j.train.Trainer t = new org.rnn4j.train.Trainer(m, tc)) {
      t.withVocabulary(WORDS, Map.of("max_len", "9")).withLabels(LABELS);
      int[][] seqs = {{2, 3, 8}, {5, 6, 9, 10}, {4}, {7, 7, 11}};
      t.fit(new org.rnn4j.data.EncodedDataset(seqs, new int[] {1, 0, 1, 0}), null);
    }
    SavedModel fromDir = SavedModel.read(dir.resolve("ckpt"));
    SavedModel fromFile = SavedModel.read(dir.resolve("ckpt").resolve("model.safetensors"));
    for (SavedModel s : List.of(fromDir, fromFile)) {
      assertEquals(WORDS, s.vocabulary().words());
      assertEquals(9, s.maxLen());
      assertEquals(LABELS, s.labels());
    }
    try (Classifier a = Classifier.of(fromDir, new CpuBackend(1));
        Classifier b = Classifier.of(fromFile, new CpuBackend(1))) {
      List<String> texts = texts(10, 5);
      assertEquals(a.predict(texts), b.predict(texts));
    }
  }

  @Test
  void aFileThatCannotReadTextSaysWhatItLacks() throws IOException {
    Path weightsOnly = dir.resolve("weights.safetensors");
    ModelFile.write(weightsOnly, CONFIG, saved.parameters(), "cpu", Map.of());
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> SavedModel.read(weightsOnly));
    assertTrue(e.getMessage().contains("without a vocabulary"), e.getMessage());

    Path noLimit = dir.resolve("nolimit.safetensors");
    ModelFile.write(noLimit, CONFIG, saved.parameters(), "cpu",
        Map.of(ModelFile.VOCABULARY, String.join("\n", WORDS)));
    e = assertThrows(IllegalArgumentException.class, () -> SavedModel.read(noLimit));
    assertTrue(e.getMessage().contains(ModelFile.MAX_LEN), e.getMessage());

    Path otherRules = dir.resolve("rules.safetensors");
    ModelFile.write(otherRules, CONFIG, saved.parameters(), "cpu", Map.of(ModelFile.VOCABULARY,
        String.join("\n", WORDS), ModelFile.MAX_LEN, "7", ModelFile.TOKENIZER, "bpe-v3"));
    e = assertThrows(IllegalArgumentException.class, () -> SavedModel.read(otherRules));
    assertTrue(e.getMessage().contains("bpe-v3"), e.getMessage());

    assertThrows(IllegalArgumentException.class, () -> new SavedModel(CONFIG, saved.parameters(),
        Vocabulary.of(WORDS), 7, List.of("only one")));
  }

  @Test
  void aClosedClassifierRefusesWork() {
    Classifier c = Classifier.of(saved, new CpuBackend(1), 4);
    c.close();
    c.close();
    assertThrows(IllegalStateException.class, () -> c.predict("good film"));
  }
}

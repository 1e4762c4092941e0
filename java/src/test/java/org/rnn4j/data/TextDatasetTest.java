package org.rnn4j.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.commons.math3.random.MersenneTwister;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;
import org.junit.jupiter.api.io.TempDir;
import org.rnn4j.cpu.CpuBackend;
import org.rnn4j.model.Model;
import org.rnn4j.model.ModelConfig;
import org.rnn4j.train.EpochRecord;
import org.rnn4j.train.TrainConfig;
import org.rnn4j.train.Trainer;

/** A dataset from the user's own texts: encoding, limits, bad input, and a CPU training run. */
class TextDatasetTest {
  private static final List<String> TOPICS = List.of("sport", "food", "tech");
  private static final String[][] TOPIC_WORDS = {
      {"goal", "match", "team", "score", "coach"},
      {"soup", "bread", "spicy", "recipe", "oven"},
      {"chip", "code", "server", "laptop", "bug"}};
  private static final String[] COMMON = {"the", "a", "was", "really", "today", "I", "think"};

  @TempDir
  Path dir;

  /** {@code perTopic} texts of each topic, topic words among common ones, interleaved. */
  static LabelledTexts topics(int perTopic, long seed) {
    MersenneTwister rng = new MersenneTwister(seed);
    List<String> texts = new ArrayList<>();
    int[] labels = new int[perTopic * TOPICS.size()];
    for (int i = 0; i < labels.length; i++) {
      labels[i] = i % TOPICS.size();
      StringBuilder sb = new StringBuilder();
      for (int t = 0, n = 3 + rng.nextInt(8); t < n; t++) {
        String[] pool = rng.nextDouble() < 0.5 ? TOPIC_WORDS[labels[i]] : COMMON;
        sb.append(pool[rng.nextInt(pool.length)]).append(rng.nextInt(5) == 0 ? ", " : " ");
      }
      texts.add(sb.toString());
    }
    return LabelledTexts.of(texts, labels);
  }

  @Test
  void encodesAsTheTokenizerVocabularyAndEncoderDo() throws IOException {
    LabelledTexts train = topics(20, 1);
    LabelledTexts test = topics(5, 2);
    TextDataset d = TextDataset.build(TOPICS, train, test,
        LoadOptions.defaults().withMinFreq(3).withMaxLen(5));
    Tokenizer tok = new Tokenizer();
    Map<String, Long> counts = new HashMap<>();
    for (String text : train.texts()) {
      for (String w : tok.tokenize(text)) {
        counts.merge(w, 1L, Long::sum);
      }
    }
    Vocabulary plain = Vocabulary.build(counts, 3, 0);
    assertEquals(plain.words(), d.vocabulary().words());
    TextEncoder enc = new TextEncoder(plain, 5);
    assertSameSplit(enc.encode(train), d.train());
    assertSameSplit(enc.encode(test), d.test());
    assertSameSplit(enc.encode(test), d.encoder().encode(test));
    assertEquals(3, d.classes());
    assertEquals(TOPICS, d.labelNames());
    assertEquals(60, d.trainTexts().size());
    assertFalse(d.embedding().isPresent());
  }

  static void assertSameSplit(EncodedSplit expected, EncodedSplit got) {
    assertEquals(expected.size(), got.size());
    for (int i = 0; i < got.size(); i++) {
      assertArrayEquals(expected.data().sequence(i), got.data().sequence(i), "text " + i);
      assertEquals(expected.data().label(i), got.data().label(i), "label " + i);
    }
    assertArrayEquals(expected.tokenLengths(), got.tokenLengths());
    assertEquals(expected.tokens(), got.tokens());
    assertEquals(expected.unkTokens(), got.unkTokens());
  }

  @Test
  void imdbReviewsGivenAsTextsEncodeAsImdbDataDoes() throws IOException {
    Path archive = ImdbFixtures.writeArchive(dir.resolve("imdb.tar.gz"),
        ImdbFixtures.smallLayout());
    LoadOptions opts = LoadOptions.defaults().withMinFreq(2).withMaxLen(4);
    ImdbData imdb = ImdbData.load(archive, opts);
    TextDataset d = TextDataset.build(List.of("neg", "pos"),
        LabelledTexts.of(imdb.reviews().train(), Review::text, Review::label),
        LabelledTexts.of(imdb.reviews().test(), Review::text, Review::label), opts);
    assertEquals(imdb.vocabulary().words(), d.vocabulary().words());
    assertSameSplit(imdb.train(), d.train());
    assertSameSplit(imdb.test(), d.test());
  }

  @Test
  void ownTextsTrainForAnEpochOnTheCpuBackend() throws IOException {
    TextDataset d = TextDataset.build(TOPICS, topics(30, 3), topics(10, 4),
        LoadOptions.defaults().withMinFreq(1).withMaxLen(12));
    ModelConfig config = new ModelConfig(d.vocabulary().size(), 8, true, 6, 1, true, 0.0,
        d.classes());
    TrainConfig train = TrainConfig.defaults().withEpochs(1).withBatchSize(16)
        .withProgressBar(false).withEvalBatchSize(32);
    try (Model model = new CpuBackend(2).create(config, 7);
         Trainer trainer = new Trainer(model, train)) {
      List<EpochRecord> history = trainer.fit(d.train().data(), d.test().data());
      assertEquals(1, history.size());
      EpochRecord r = history.get(0);
      assertEquals(6, r.steps(), "ceil(90 / 16)");
      assertEquals(30, r.test().count());
      assertEquals(3, r.test().classes());
      assertTrue(Double.isFinite(r.trainLoss()) && r.trainLoss() > 0, r.toString());
      int[] ids = d.encoder().encode("The spicy soup, really");
      assertEquals(4, ids.length);
    }
  }

  @Test
  void gloveVectorsBecomeTheEmbedding() throws IOException {
    Path glove = Files.writeString(dir.resolve("g.txt"), "goal 1 2\nsoup 3 4\nzebra 5 6\n");
    TextDataset d = TextDataset.build(TOPICS, topics(10, 1), LabelledTexts.empty(),
        LoadOptions.defaults().withMinFreq(1).withGlove(glove, 2).withSeed(3));
    float[] e = d.embedding().orElseThrow().data();
    int soup = d.vocabulary().id("soup");
    assertArrayEquals(new float[] {3, 4}, new float[] {e[soup * 2], e[soup * 2 + 1]});
    assertEquals(2, d.gloveCoverage().orElseThrow().coveredWords(), "goal and soup");
    assertFalse(d.glove().orElseThrow().contains("zebra"));
    assertEquals(0, d.test().size());
  }

  @Test
  void limitsKeepBalancedSeededSubsets() throws IOException {
    LabelledTexts train = topics(20, 1);
    LoadOptions opts = LoadOptions.defaults().withMinFreq(1).withTrainLimit(10).withTestLimit(6);
    TextDataset a = TextDataset.build(TOPICS, train, topics(8, 2), opts.withSeed(1));
    TextDataset b = TextDataset.build(TOPICS, train, topics(8, 2), opts.withSeed(1));
    TextDataset c = TextDataset.build(TOPICS, train, topics(8, 2), opts.withSeed(2));
    assertEquals(a.trainTexts().texts(), b.trainTexts().texts(), "same seed, same subset");
    assertNotEquals(a.trainTexts().texts(), c.trainTexts().texts(), "other seed, other subset");
    int[] perLabel = new int[3];
    for (int label : a.trainTexts().labels()) {
      perLabel[label]++;
    }
    assertArrayEquals(new int[] {3, 3, 4}, perLabel, "10 over 3 labels, the last ones get more");
    assertEquals(6, a.test().size());
    int[] chosen = Subsets.balancedIndices(train.labels(), 3, 10, Subsets.seedFor(Split.TRAIN, 1));
    assertEquals(train.subset(chosen).texts(), a.trainTexts().texts());
    // The vocabulary comes from the subset, or from all training texts when asked.
    TextDataset subsetOnly = TextDataset.build(TOPICS, train, LabelledTexts.empty(),
        opts.withSeed(1).withTestLimit(0));
    TextDataset kept = TextDataset.build(TOPICS, train.subset(chosen), LabelledTexts.empty(),
        LoadOptions.defaults().withMinFreq(1));
    assertEquals(kept.vocabulary().words(), subsetOnly.vocabulary().words());
    TextDataset all = TextDataset.build(TOPICS, train, LabelledTexts.empty(),
        LoadOptions.defaults().withMinFreq(1));
    TextDataset allVocab = TextDataset.build(TOPICS, train, LabelledTexts.empty(),
        opts.withSeed(1).withTestLimit(0).withFullTrainVocabulary(true));
    assertEquals(all.vocabulary().words(), allVocab.vocabulary().words());
    assertEquals(a.trainTexts().texts(), allVocab.trainTexts().texts());
    EncodedDataset expected = all.train().data().subset(chosen);
    for (int i = 0; i < expected.size(); i++) {
      assertArrayEquals(expected.sequence(i), allVocab.train().data().sequence(i));
    }
  }

  @Test
  void badInputSaysWhatIsWrong() {
    LabelledTexts two = LabelledTexts.of(List.of("a b", "c"), new int[] {0, 1});
    LoadOptions o = LoadOptions.defaults();
    assertMessage("2 texts but 3 labels; give one label per text",
        () -> LabelledTexts.of(List.of("a", "b"), new int[] {0, 1, 0}));
    assertMessage("text 1 is null; use \"\" for an empty text",
        () -> LabelledTexts.of(Arrays.asList("a", null), new int[] {0, 1}));
    assertMessage("label -1 of text 0 is negative; labels count from 0",
        () -> LabelledTexts.of(List.of("a"), new int[] {-1}));
    assertMessage("training label 2 of text 1 is out of range: the 2 label names [neg, pos] "
        + "allow labels 0 to 1", () -> TextDataset.build(List.of("neg", "pos"),
            LabelledTexts.of(List.of("a", "b"), new int[] {0, 2}), LabelledTexts.empty(), o));
    assertMessage("test label 5 of text 0 is out of range: the 2 label names [neg, pos] "
        + "allow labels 0 to 1", () -> TextDataset.build(List.of("neg", "pos"), two,
            LabelledTexts.of(List.of("x"), new int[] {5}), o));
    assertMessage("no training texts: the vocabulary and the model are built from them",
        () -> TextDataset.build(List.of("neg", "pos"), LabelledTexts.empty(), two, o));
    assertMessage("labelNames must name at least 2 labels, got [pos]",
        () -> TextDataset.build(List.of("pos"), two, two, o));
    assertMessage("label name \"pos\" appears twice in [pos, pos]",
        () -> TextDataset.build(List.of("pos", "pos"), two, two, o));
    assertMessage("label names must not be null or blank, got [neg,  ]",
        () -> TextDataset.build(List.of("neg", " "), two, two, o));
    assertMessage("trainLimit 3 is more than the 2 training texts",
        () -> TextDataset.build(List.of("neg", "pos"), two, two, o.withTrainLimit(3)));
    assertMessage("testLimit 2 needs 1 test texts labelled neg but there are 0",
        () -> TextDataset.build(List.of("neg", "pos"), two,
            LabelledTexts.of(List.of("x", "y"), new int[] {1, 1}), o.withTestLimit(2)));
    assertThrows(IllegalArgumentException.class,
        () -> TextDataset.build(List.of("neg", "pos"), two, null, o));
  }

  private static void assertMessage(String expected, Executable call) {
    assertEquals(expected, assertThrows(IllegalArgumentException.class, call).getMessage());
  }
}

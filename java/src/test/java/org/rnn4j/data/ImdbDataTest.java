package org.rnn4j.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ImdbDataTest {
  @TempDir
  Path dir;

  private Path archive() throws IOException {
    return ImdbFixtures.writeArchive(dir.resolve("imdb.tar.gz"), ImdbFixtures.smallLayout());
  }

  /** Vocabulary and encoding computed the plain way, through the public single-text API. */
  static void assertMatchesPlainPipeline(ImdbData d, int minFreq, int maxLen) {
    Tokenizer tok = new Tokenizer();
    Map<String, Long> counts = new HashMap<>();
    for (Review r : d.reviews().train()) {
      for (String w : tok.tokenize(r.text())) {
        counts.merge(w, 1L, Long::sum);
      }
    }
    Vocabulary plain = Vocabulary.build(counts, minFreq, 0);
    assertEquals(plain.words(), d.vocabulary().words());
    assertEquals(plain.count(Vocabulary.UNK_WORD), d.vocabulary().count(Vocabulary.UNK_WORD));
    TextEncoder enc = new TextEncoder(plain, maxLen);
    for (boolean train : new boolean[] {true, false}) {
      EncodedSplit expected = enc.encode(train ? d.reviews().train() : d.reviews().test());
      EncodedSplit got = train ? d.train() : d.test();
      assertEquals(expected.size(), got.size());
      for (int i = 0; i < got.size(); i++) {
        assertArrayEquals(expected.data().sequence(i), got.data().sequence(i), "review " + i);
        assertEquals(expected.data().label(i), got.data().label(i));
      }
      assertArrayEquals(expected.tokenLengths(), got.tokenLengths());
      assertEquals(expected.tokens(), got.tokens());
      assertEquals(expected.unkTokens(), got.unkTokens());
    }
  }

  @Test
  void facadeMatchesTokenizerVocabularyAndEncoder() throws IOException {
    ImdbData d = ImdbData.load(archive(), LoadOptions.defaults().withMinFreq(2).withMaxLen(4));
    assertMatchesPlainPipeline(d, 2, 4);
    assertEquals(5, d.reviews().train().size());
    assertEquals(4, d.test().size());
    assertTrue(d.vocabulary().contains("great"));
    assertTrue(d.timings().totalSeconds() > 0);
    assertFalse(d.embedding().isPresent());
  }

  @Test
  void givenVocabularyIsUsed() throws IOException {
    Vocabulary v = Vocabulary.build(Map.of("bad", 3L, "good", 2L), 1, 0);
    ImdbData d = ImdbData.load(archive(), LoadOptions.defaults().withVocabulary(v));
    assertSame(v, d.vocabulary());
    // Test review 0_2: "Bad. Really bad movie." -> bad <unk> bad <unk>
    int bad = v.id("bad");
    assertArrayEquals(new int[] {bad, 1, bad, 1}, d.test().data().sequence(0));
    // Test review 7_1 is empty: a single <unk>, untruncated length 0.
    assertArrayEquals(new int[] {1}, d.test().data().sequence(1));
    assertEquals(0, d.test().tokenLengths()[1]);
  }

  @Test
  void gloveGivesEmbeddingCoverageAndJson() throws IOException {
    Path glove = Files.writeString(dir.resolve("g.txt"),
        "great 1 2\nmovie 3 4\nbad 5 6\nunrelated 7 8\n");
    ImdbData d = ImdbData.load(archive(), LoadOptions.defaults().withMinFreq(2)
        .withGlove(glove, 2).withSeed(3));
    Vocabulary v = d.vocabulary();
    float[] e = d.embedding().orElseThrow().data();
    assertEquals(v.size() * 2, e.length);
    int great = v.id("great");
    assertArrayEquals(new float[] {1, 2}, new float[] {e[great * 2], e[great * 2 + 1]});
    GloveCoverage c = d.gloveCoverage().orElseThrow();
    assertEquals(v.size() - 2, c.vocabWords());
    assertEquals(3, c.coveredWords(), "great, movie, bad; not unrelated");
    assertFalse(d.glove().orElseThrow().contains("unrelated"), "only vocabulary words kept");
    JsonObject json = JsonParser.parseString(d.stats().toJson()).getAsJsonObject();
    assertEquals(3, json.getAsJsonObject("train").get("pos").getAsInt());
    assertEquals(2, json.getAsJsonObject("train").get("neg").getAsInt());
    assertEquals(2, json.getAsJsonObject("test").get("pos").getAsInt());
    assertEquals(2, json.getAsJsonObject("test").get("neg").getAsInt());
    assertEquals(v.size(), json.get("vocab_size").getAsInt());
    assertEquals(c.vocabShare(), json.get("glove_vocab_coverage").getAsDouble(), 1e-12);
    assertEquals(c.tokenShare(), json.get("glove_token_coverage").getAsDouble(), 1e-12);
    assertTrue(json.get("load_seconds").getAsDouble() > 0);
    assertTrue(d.stats().toText().contains("GloVe"), d.stats().toText());
  }

  @Test
  void statsWithoutGloveOmitGloveKeys() throws IOException {
    ImdbData d = ImdbData.load(archive(), LoadOptions.defaults().withMinFreq(1).withMaxLen(3));
    DatasetStats s = d.stats();
    JsonObject json = JsonParser.parseString(s.toJson()).getAsJsonObject();
    assertFalse(json.has("glove_vocab_coverage"));
    assertTrue(json.has("vocab_size") && json.has("load_seconds") && json.has("unk_share_test"));
    // Train token lengths: 1_3 -> 7, 11_4 -> 6 (the em dash is not in the punctuation list, so
    // "bad—really" is one token), 0_9 -> 9, 10_7 -> 6, 2_10 -> 3.
    assertEquals(new LengthPercentiles(6, 9, 9, 9), s.trainLengths());
    assertEquals(4 / 5.0, s.truncatedTrain(), 1e-12);
    assertFalse(s.toText().contains("GloVe"));
  }

  @Test
  void badInputFailsClearlyThroughTheReaderThread() throws IOException {
    Path missing = dir.resolve("missing.tar.gz");
    DataFileException e = assertThrows(DataFileException.class,
        () -> ImdbData.load(missing, LoadOptions.defaults()));
    assertEquals(missing, e.file());
    byte[] bytes = Files.readAllBytes(archive());
    Path cut = Files.write(dir.resolve("cut.tar.gz"),
        java.util.Arrays.copyOf(bytes, bytes.length - 40));
    e = assertThrows(DataFileException.class, () -> ImdbData.load(cut, LoadOptions.defaults()));
    assertEquals(cut, e.file());
  }

  @Test
  void optionsRejectBadValuesNamingThem() {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> LoadOptions.defaults().withMaxLen(0));
    assertTrue(e.getMessage().contains("maxLen") && e.getMessage().contains("0"), e.getMessage());
    e = assertThrows(IllegalArgumentException.class, () -> LoadOptions.defaults().withMinFreq(-1));
    assertTrue(e.getMessage().contains("-1"), e.getMessage());
  }

  @Test
  void percentilesUseNearestRank() {
    int[] lengths = new int[100];
    for (int i = 0; i < 100; i++) {
      lengths[i] = 100 - i;
    }
    assertEquals(new LengthPercentiles(50, 90, 99, 100), LengthPercentiles.of(lengths));
    assertEquals(new LengthPercentiles(4, 4, 4, 4), LengthPercentiles.of(new int[] {4}));
    assertEquals(new LengthPercentiles(0, 0, 0, 0), LengthPercentiles.of(new int[0]));
  }
}

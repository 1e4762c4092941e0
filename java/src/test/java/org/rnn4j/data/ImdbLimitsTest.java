package org.rnn4j.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.commons.math3.random.MersenneTwister;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@link LoadOptions#withTrainLimit} / {@code withTestLimit}: which reviews, and what is read. */
class ImdbLimitsTest {
  private static final int NEG = 12;
  private static final int POS = 14;
  private static final String[] WORDS = {"good", "bad", "great", "awful", "plot", "acting",
      "film", "movie", "the", "a", "boring", "fun", "cast", "script", "twist", "ending"};

  @TempDir
  Path dir;

  /**
   * {@link #NEG} negative and {@link #POS} positive reviews per split with sparse ids, the
   * entries shuffled across folders (nothing promises archive order), words drawn per review.
   */
  static Map<String, byte[]> layout(long seed) {
    MersenneTwister rng = new MersenneTwister(seed);
    List<String> names = new ArrayList<>();
    for (String split : new String[] {"train", "test"}) {
      for (String label : new String[] {"neg", "pos"}) {
        List<Integer> ids = new ArrayList<>();
        for (int i = 0; i < 1000; i++) {
          ids.add(i);
        }
        Collections.shuffle(ids, new java.util.Random(rng.nextLong()));
        int n = label.equals("neg") ? NEG : POS;
        for (int i = 0; i < n; i++) {
          int rating = label.equals("neg") ? 1 + rng.nextInt(4) : 7 + rng.nextInt(4);
          names.add("aclImdb/" + split + "/" + label + "/" + ids.get(i) + "_" + rating + ".txt");
        }
      }
    }
    Collections.shuffle(names, new java.util.Random(rng.nextLong()));
    Map<String, byte[]> m = new LinkedHashMap<>();
    m.put("aclImdb/README", ImdbFixtures.utf8("not a review"));
    for (String name : names) {
      StringBuilder text = new StringBuilder();
      for (int t = 0, len = 1 + rng.nextInt(12); t < len; t++) {
        text.append(WORDS[rng.nextInt(WORDS.length)]).append(t % 4 == 3 ? ". " : " ");
      }
      m.put(name, ImdbFixtures.utf8(text.toString()));
    }
    return m;
  }

  private Path archive() throws IOException {
    return ImdbFixtures.writeArchive(dir.resolve("imdb.tar.gz"), layout(5));
  }

  private static int[] labels(List<Review> reviews) {
    return reviews.stream().mapToInt(Review::label).toArray();
  }

  private static List<String> sources(List<Review> reviews) {
    return reviews.stream().map(Review::source).toList();
  }

  private static <T> List<T> at(List<T> all, int[] indices) {
    List<T> out = new ArrayList<>();
    for (int i : indices) {
      out.add(all.get(i));
    }
    return out;
  }

  private static void assertSameSequences(EncodedDataset expected, EncodedDataset got) {
    assertEquals(expected.size(), got.size());
    for (int i = 0; i < got.size(); i++) {
      assertArrayEquals(expected.sequence(i), got.sequence(i), "sequence " + i);
      assertEquals(expected.label(i), got.label(i), "label " + i);
    }
  }

  @Test
  void limitsKeepTheReviewsTheExamplesChoseBefore() throws IOException {
    LoadOptions opts = LoadOptions.defaults().withMinFreq(2).withMaxLen(6).withSeed(42);
    ImdbData full = ImdbData.load(archive(), opts);
    // What the examples did before: load everything, then draw from the encoded splits.
    int[] train = SubsetsTest.formerExampleSelection(labels(full.reviews().train()), 9,
        42 ^ SubsetsTest.FORMER_TRAIN_SALT);
    int[] test = SubsetsTest.formerExampleSelection(labels(full.reviews().test()), 8,
        42 ^ SubsetsTest.FORMER_TEST_SALT);
    LoadOptions limited = opts.withTrainLimit(9).withTestLimit(8);

    ImdbData same = ImdbData.load(archive(), limited.withFullTrainVocabulary(true));
    assertEquals(full.vocabulary().words(), same.vocabulary().words(), "vocabulary of all train");
    assertEquals(sources(at(full.reviews().train(), train)), sources(same.reviews().train()));
    assertEquals(sources(at(full.reviews().test(), test)), sources(same.reviews().test()));
    assertSameSequences(full.train().data().subset(train), same.train().data());
    assertSameSequences(full.test().data().subset(test), same.test().data());

    ImdbData fast = ImdbData.load(archive(), limited);
    assertEquals(sources(same.reviews().train()), sources(fast.reviews().train()));
    assertEquals(sources(same.reviews().test()), sources(fast.reviews().test()));
    // The vocabulary now comes from the 9 training reviews kept, as the plain pipeline says.
    ImdbDataTest.assertMatchesPlainPipeline(fast, 2, 6);
    assertNotEquals(full.vocabulary().words(), fast.vocabulary().words());
    assertEquals(4, fast.reviews().count(Split.TRAIN, Review.NEG));
    assertEquals(5, fast.reviews().count(Split.TRAIN, Review.POS));
    assertEquals(4, fast.stats().test().neg());
  }

  @Test
  void limitsTokenizeOnlyTheReviewsKept() throws IOException {
    Path archive = archive();
    LoadOptions opts = LoadOptions.defaults().withMinFreq(1);
    assertEquals(new LoadCounts(26, 26, 52), ImdbData.load(archive, opts).counts());
    assertEquals(new LoadCounts(26, 26, 9 + 8),
        ImdbData.load(archive, opts.withTrainLimit(9).withTestLimit(8)).counts());
    assertEquals(new LoadCounts(26, 26, 26 + 8),
        ImdbData.load(archive, opts.withTestLimit(8)).counts());
    assertEquals(new LoadCounts(26, 26, 26 + 8), ImdbData.load(archive,
        opts.withTrainLimit(9).withTestLimit(8).withFullTrainVocabulary(true)).counts());
    // A given vocabulary needs no training words: only the subsets are read.
    Vocabulary v = Vocabulary.build(Map.of("good", 3L, "bad", 2L), 1, 0);
    ImdbData given = ImdbData.load(archive,
        opts.withVocabulary(v).withTrainLimit(9).withTestLimit(8).withFullTrainVocabulary(true));
    assertSame(v, given.vocabulary());
    assertEquals(new LoadCounts(26, 26, 17), given.counts());
  }

  @Test
  void archiveAndFolderKeepTheSameReviews() throws IOException {
    Path folder = ImdbFixtures.writeFolder(dir.resolve("extracted"), layout(5));
    LoadOptions opts = LoadOptions.defaults().withMinFreq(1).withTrainLimit(10).withTestLimit(7)
        .withSeed(3);
    ImdbData a = ImdbData.load(archive(), opts);
    ImdbData f = ImdbData.load(folder, opts);
    assertEquals(sources(a.reviews().train()), sources(f.reviews().train()));
    assertEquals(sources(a.reviews().test()), sources(f.reviews().test()));
    assertEquals(a.vocabulary().words(), f.vocabulary().words());
    assertSameSequences(a.train().data(), f.train().data());
    assertEquals(new LoadCounts(26, 26, 17), f.counts());
  }

  @Test
  void sameSeedSameSubsetsOtherSeedOthers() throws IOException {
    Path archive = archive();
    LoadOptions opts = LoadOptions.defaults().withMinFreq(1).withTrainLimit(10).withTestLimit(10);
    ImdbData a = ImdbData.load(archive, opts.withSeed(1));
    ImdbData b = ImdbData.load(archive, opts.withSeed(1));
    ImdbData c = ImdbData.load(archive, opts.withSeed(2));
    assertEquals(sources(a.reviews().train()), sources(b.reviews().train()));
    assertEquals(sources(a.reviews().test()), sources(b.reviews().test()));
    assertNotEquals(sources(a.reviews().train()), sources(c.reviews().train()));
    assertNotEquals(sources(a.reviews().test()), sources(c.reviews().test()));
    for (ImdbData d : List.of(a, c)) {
      for (Split s : Split.values()) {
        assertEquals(5, d.reviews().count(s, Review.NEG), "balanced");
        assertEquals(5, d.reviews().count(s, Review.POS), "balanced");
      }
    }
  }

  @Test
  void limitsTheDataCannotMeetNameTheSplit() throws IOException {
    Path archive = archive();
    SubsetException e = assertThrows(SubsetException.class,
        () -> ImdbData.load(archive, LoadOptions.defaults().withTrainLimit(27)));
    assertEquals("trainLimit 27 is more than the 26 training reviews", e.getMessage());
    assertEquals(Split.TRAIN, e.split());
    e = assertThrows(SubsetException.class,
        () -> ImdbData.load(archive, LoadOptions.defaults().withTestLimit(26)));
    assertEquals("testLimit 26 needs 13 test reviews labelled neg but there are 12",
        e.getMessage());
    assertEquals(Split.TEST, e.split());
    e = assertThrows(SubsetException.class, () -> ImdbData.load(archive,
        LoadOptions.defaults().withTrainLimit(27).withFullTrainVocabulary(true)));
    assertEquals("trainLimit 27 is more than the 26 training reviews", e.getMessage());
    IllegalArgumentException bad = assertThrows(IllegalArgumentException.class,
        () -> LoadOptions.defaults().withTestLimit(-1));
    assertTrue(bad.getMessage().contains("-1"), bad.getMessage());
  }

  @Test
  void badDataStillFailsClearlyWithLimits() throws IOException {
    Map<String, byte[]> m = layout(5);
    m.put("aclImdb/train/pos/5000_8.txt", ImdbFixtures.utf8("one"));
    m.put("aclImdb/train/pos/5000_9.txt", ImdbFixtures.utf8("two"));
    Path dup = ImdbFixtures.writeArchive(dir.resolve("dup.tar.gz"), m);
    DataFileException e = assertThrows(DataFileException.class,
        () -> ImdbData.load(dup, LoadOptions.defaults().withTrainLimit(4)));
    assertTrue(e.getMessage().contains("two files hold the same review"), e.getMessage());
    Map<String, byte[]> noTestNeg = new LinkedHashMap<>(layout(5));
    noTestNeg.keySet().removeIf(k -> k.contains("/test/neg/"));
    Path missing = ImdbFixtures.writeArchive(dir.resolve("missing.tar.gz"), noTestNeg);
    e = assertThrows(DataFileException.class,
        () -> ImdbData.load(missing, LoadOptions.defaults().withTestLimit(2)));
    assertTrue(e.getMessage().contains("no reviews under test/neg"), e.getMessage());
    Path nothing = dir.resolve("nothing.tar.gz");
    e = assertThrows(DataFileException.class,
        () -> ImdbData.load(nothing, LoadOptions.defaults().withTrainLimit(2)));
    assertEquals(nothing, e.file());
  }
}

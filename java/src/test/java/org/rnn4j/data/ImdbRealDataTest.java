package org.rnn4j.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;
import org.apache.commons.compress.compressors.gzip.GzipCompressorInputStream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The real IMDB archive and GloVe subset from {@code rnn4j.shared.data}; skipped where absent.
 * The full load runs once for the class.
 */
class ImdbRealDataTest {
  private static ImdbData data;


  @BeforeAll
  static void load() throws IOException {
    Path archive = ImdbFixtures.sharedPath("aclImdb_v1.tar.gz");
    Path glove = ImdbFixtures.sharedPath("glove.6B.100d.imdbvocab.txt.gz");
    if (Files.isRegularFile(archive) && Files.isRegularFile(glove)) {
      data = ImdbData.load(archive, LoadOptions.defaults().withGlove(glove, 100));
      System.out.print(data.stats().toText());
      System.out.println(data.timings());
    }
  }

  /** The loaded data; a skipped test (with the reason) where the shared files are absent. */
  private static ImdbData data() {
    ImdbFixtures.sharedFile("aclImdb_v1.tar.gz");
    ImdbFixtures.sharedFile("glove.6B.100d.imdbvocab.txt.gz");
    return data;
  }

  @Test
  void twelveThousandFiveHundredPerSplitAndLabel() {
    for (Split s : Split.values()) {
      assertEquals(12_500, data().reviews().count(s, Review.POS), s + " pos");
      assertEquals(12_500, data().reviews().count(s, Review.NEG), s + " neg");
    }
    assertEquals(25_000, data().train().size());
    assertEquals(25_000, data().test().size());
  }

  @Test
  void firstPositiveTrainingReview() {
    Review r = data().reviews().train().stream()
        .filter(x -> x.source().equals("aclImdb/train/pos/0_9.txt")).findFirst().orElseThrow();
    assertTrue(r.text().startsWith("Bromwell High is a cartoon comedy"), r.text());
    assertEquals(9, r.rating());
    assertEquals(Review.POS, r.label());
    assertEquals(0, r.id());
  }

  @Test
  void ratingsMatchLabels() {
    for (Split s : Split.values()) {
      for (Review r : data().reviews().split(s)) {
        boolean ok = r.label() == Review.NEG ? r.rating() >= 1 && r.rating() <= 4
            : r.rating() >= 7 && r.rating() <= 10;
        assertTrue(ok, r.source());
      }
    }
  }

  @Test
  void facadeMatchesPlainTokenizerVocabularyAndEncoder() {
    ImdbDataTest.assertMatchesPlainPipeline(data(), 5, 500);
    Vocabulary v = data().vocabulary();
    for (int id = 3; id < v.size(); id++) {
      assertTrue(v.count(id) >= 5 && v.count(id) <= v.count(id - 1), v.word(id));
    }
  }

  @Test
  void statsAreConsistent() {
    DatasetStats s = data().stats();
    for (LengthPercentiles p : List.of(s.trainLengths(), s.testLengths())) {
      assertTrue(p.p50() >= 1 && p.p50() <= p.p90() && p.p90() <= p.p99() && p.p99() <= p.max(),
          p.toString());
    }
    assertTrue(s.unkShareTrain() > 0 && s.unkShareTrain() < s.unkShareTest(),
        "the vocabulary comes from train, so test has more unknown words: " + s);
    assertEquals(data().vocabulary().size(), s.vocabSize());
  }

  /**
   * The shared GloVe subset lacks, by construction (see its README), single letters such as "a"
   * and "i", words with apostrophes ("it's", "don't"), pure numbers and non-ASCII words: about 7%
   * of IMDB's training tokens. So overall token coverage sits near 91% here (a full GloVe 6B file
   * covers those words), and the words the subset could hold must be covered almost entirely.
   */
  @Test
  void gloveCoversMostOfTheVocabulary() {
    GloveCoverage c = data().gloveCoverage().orElseThrow();
    System.out.printf("GloVe coverage: %d of %d words (%.2f%%), %.2f%% of training tokens%n",
        c.coveredWords(), c.vocabWords(), 100 * c.vocabShare(), 100 * c.tokenShare());
    assertTrue(c.vocabShare() > 0.80, "vocabulary coverage " + c.vocabShare());
    assertTrue(c.tokenShare() > 0.90, "token coverage " + c.tokenShare());
    Vocabulary v = data().vocabulary();
    GloveVectors g = data().glove().orElseThrow();
    long eligible = 0;
    long covered = 0;
    for (int id = 2; id < v.size(); id++) {
      String w = v.word(id);
      if (w.length() > 1 && w.indexOf('\'') < 0 && !w.chars().allMatch(Character::isDigit)
          && w.chars().allMatch(ch -> ch < 128)) {
        eligible += v.count(id);
        covered += g.contains(w) ? v.count(id) : 0;
      }
    }
    System.out.printf("GloVe covers %.2f%% of the tokens of words the subset keeps%n",
        100.0 * covered / eligible);
    assertTrue(covered > 0.99 * eligible, covered + " of " + eligible);
    float[] e = data().embedding().orElseThrow().data();
    assertEquals(v.size() * 100, e.length);
    int movie = v.id("movie");
    float[] row = java.util.Arrays.copyOfRange(e, movie * 100, movie * 100 + 100);
    assertEquals(java.util.Arrays.toString(g.vector("movie")), java.util.Arrays.toString(row));
  }

  /** The example's {@code --train-limit 400 --test-limit 400} at its default seed. */
  private static final LoadOptions LIMITED = LoadOptions.defaults().withSeed(42)
      .withTrainLimit(400).withTestLimit(400);

  @Test
  void limitsTokenizeOnlyTheBalancedSubsets() throws IOException {
    ImdbData d = ImdbData.load(ImdbFixtures.sharedFile("aclImdb_v1.tar.gz"), LIMITED);
    System.out.println("limited load: " + d.timings() + " " + d.counts());
    assertEquals(new LoadCounts(25_000, 25_000, 800), d.counts());
    for (Split s : Split.values()) {
      assertEquals(200, d.reviews().count(s, Review.POS), s + " pos");
      assertEquals(200, d.reviews().count(s, Review.NEG), s + " neg");
    }
    ImdbDataTest.assertMatchesPlainPipeline(d, 5, 500);
  }

  /** With the vocabulary of all training reviews, a limited load is what the examples made. */
  @Test
  void limitsWithTheFullVocabularyMatchTheFormerExampleSubsets() throws IOException {
    ImdbData d = ImdbData.load(ImdbFixtures.sharedFile("aclImdb_v1.tar.gz"),
        LIMITED.withFullTrainVocabulary(true));
    assertEquals(data().vocabulary().words(), d.vocabulary().words());
    assertEquals(new LoadCounts(25_000, 25_000, 25_400), d.counts());
    for (Split s : Split.values()) {
      EncodedDataset all = (s == Split.TRAIN ? data().train() : data().test()).data();
      EncodedDataset got = (s == Split.TRAIN ? d.train() : d.test()).data();
      long salt = s == Split.TRAIN ? SubsetsTest.FORMER_TRAIN_SALT : SubsetsTest.FORMER_TEST_SALT;
      EncodedDataset former = all.subset(SubsetsTest.formerExampleSelection(
          Subsets.labels(all), 400, 42 ^ salt));
      for (int i = 0; i < 400; i++) {
        assertArrayEquals(former.sequence(i), got.sequence(i), s + " review " + i);
        assertEquals(former.label(i), got.label(i));
      }
    }
  }

  @Test
  void unsupHoldsFiftyThousandReviewsWhenAskedFor() throws IOException {
    ImdbDataset d = ImdbReader.read(ImdbFixtures.sharedFile("aclImdb_v1.tar.gz"), true);
    assertEquals(50_000, d.unsup().size());
    assertEquals(data().reviews().train(), d.train());
  }

  @Test
  void archiveAndExtractedFolderGiveIdenticalDatasets(@TempDir Path dir) throws IOException {
    Path labelled = ImdbFixtures.sharedFile("aclImdb_v1_labelled.tar.gz");
    extract(labelled, dir);
    ImdbDataset fromFolder = ImdbReader.read(dir.resolve("aclImdb"));
    assertEquals(data().reviews().train(), fromFolder.train());
    assertEquals(data().reviews().test(), fromFolder.test());
    ImdbDataset fromLabelled = ImdbReader.read(labelled);
    assertEquals(fromFolder.train(), fromLabelled.train());
    assertEquals(fromFolder.test(), fromLabelled.test());
    // Limited: the folder is listed and only the chosen files are read.
    ImdbData limitedFolder = ImdbData.load(dir.resolve("aclImdb"), LIMITED);
    ImdbData limitedArchive = ImdbData.load(labelled, LIMITED);
    assertEquals(limitedArchive.reviews().train(), limitedFolder.reviews().train());
    assertEquals(limitedArchive.reviews().test(), limitedFolder.reviews().test());
    assertEquals(new LoadCounts(25_000, 25_000, 800), limitedFolder.counts());
  }

  private static void extract(Path archive, Path dir) throws IOException {
    try (InputStream in = new GzipCompressorInputStream(new BufferedInputStream(
        Files.newInputStream(archive), 1 << 16));
         TarArchiveInputStream tar = new TarArchiveInputStream(new BufferedInputStream(in))) {
      TarArchiveEntry e;
      while ((e = tar.getNextEntry()) != null) {
        Path target = dir.resolve(e.getName()).normalize();
        if (!target.startsWith(dir)) {
          throw new IOException("entry escapes the folder: " + e.getName());
        }
        if (e.isDirectory()) {
          Files.createDirectories(target);
        } else {
          Files.createDirectories(target.getParent());
          Files.copy(tar, target);
        }
      }
    }
  }
}

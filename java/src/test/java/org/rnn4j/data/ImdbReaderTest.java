package org.rnn4j.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ImdbReaderTest {
  @TempDir
  Path dir;

  private Path archive(Map<String, byte[]> entries) throws IOException {
    return ImdbFixtures.writeArchive(dir.resolve("imdb.tar.gz"), entries);
  }

  @Test
  void readsArchiveSortedBySplitLabelAndNumericId() throws IOException {
    ImdbDataset d = ImdbReader.read(archive(ImdbFixtures.smallLayout()));
    assertEquals(List.of(11, 1, 0, 2, 10).size(), d.train().size());
    int[] ids = d.train().stream().mapToInt(Review::id).toArray();
    assertArrayEquals(new int[] {1, 11, 0, 2, 10}, ids);
    int[] labels = d.train().stream().mapToInt(Review::label).toArray();
    assertArrayEquals(new int[] {0, 0, 1, 1, 1}, labels);
    Review first = d.train().get(2);
    assertEquals(Split.TRAIN, first.split());
    assertEquals(9, first.rating());
    assertEquals("aclImdb/train/pos/0_9.txt", first.source());
    assertEquals("A great movie; the best. Café scenes are great.", first.text());
    assertEquals(2, d.count(Split.TEST, Review.POS));
    assertEquals(2, d.count(Split.TEST, Review.NEG));
    assertEquals("", d.test().get(1).text());
    assertEquals(0, d.unsup().size());
    assertEquals(0, d.replacedChars());
  }

  @Test
  void unsupOnlyWhenAskedFor() throws IOException {
    Path a = archive(ImdbFixtures.smallLayout());
    ImdbDataset d = ImdbReader.read(a, true);
    assertEquals(2, d.unsup().size());
    assertEquals(Review.UNLABELLED, d.unsup().get(0).label());
    assertEquals(5, d.train().size(), "unsup is not part of the labelled train split");
  }

  @Test
  void archiveFolderAndParentGiveIdenticalDatasets() throws IOException {
    Map<String, byte[]> layout = ImdbFixtures.smallLayout();
    ImdbDataset fromArchive = ImdbReader.read(archive(layout), true);
    Path parent = ImdbFixtures.writeFolder(dir.resolve("extracted"), layout);
    ImdbDataset fromFolder = ImdbReader.read(parent.resolve("aclImdb"), true);
    ImdbDataset fromParent = ImdbReader.read(parent, true);
    assertEquals(fromArchive.train(), fromFolder.train());
    assertEquals(fromArchive.test(), fromFolder.test());
    assertEquals(fromArchive.unsup(), fromFolder.unsup());
    assertEquals(fromFolder.train(), fromParent.train());
    assertEquals(fromFolder.test(), fromParent.test());
  }

  @Test
  void malformedUtf8IsReplacedAndCounted() throws IOException {
    Map<String, byte[]> layout = ImdbFixtures.smallLayout();
    byte[] bad = {'o', 'k', ' ', (byte) 0xC3, '(', ' ', (byte) 0xFF, ' ', (byte) 0xE2, (byte) 0x82};
    layout.put("aclImdb/train/neg/5_1.txt", bad);
    ImdbDataset d = ImdbReader.read(archive(layout));
    Review r = d.train().stream().filter(x -> x.id() == 5).findFirst().orElseThrow();
    assertEquals("ok \uFFFD( \uFFFD \uFFFD", r.text());
    assertEquals(3, d.replacedChars());
    Path folder = ImdbFixtures.writeFolder(dir.resolve("f"), layout);
    assertEquals(3, ImdbReader.read(folder).replacedChars());
  }

  @Test
  void missingPathNamesIt() {
    Path missing = dir.resolve("nowhere.tar.gz");
    DataFileException e = assertThrows(DataFileException.class, () -> ImdbReader.read(missing));
    assertEquals(missing, e.file());
    assertTrue(e.getMessage().contains("nowhere.tar.gz"), e.getMessage());
  }

  @Test
  void otherFileTypesAreRejected() throws IOException {
    Path txt = Files.writeString(dir.resolve("reviews.txt"), "hello");
    DataFileException e = assertThrows(DataFileException.class, () -> ImdbReader.read(txt));
    assertTrue(e.getMessage().contains("neither a .tar.gz archive nor a folder"), e.getMessage());
  }

  @Test
  void archiveWithoutLayoutSaysWhatWasExpected() throws IOException {
    Map<String, byte[]> entries = new LinkedHashMap<>();
    entries.put("data/README", ImdbFixtures.utf8("hi"));
    entries.put("data/reviews/1.txt", ImdbFixtures.utf8("a review"));
    Path a = archive(entries);
    DataFileException e = assertThrows(DataFileException.class, () -> ImdbReader.read(a));
    assertTrue(e.getMessage().contains("no reviews under train/neg"), e.getMessage());
    assertTrue(e.getMessage().contains("aclImdb/train/pos/ID_RATING.txt"), e.getMessage());
    Map<String, byte[]> noTestPos = ImdbFixtures.smallLayout();
    noTestPos.keySet().removeIf(k -> k.startsWith("aclImdb/test/pos/"));
    Path b = ImdbFixtures.writeArchive(dir.resolve("b.tar.gz"), noTestPos);
    e = assertThrows(DataFileException.class, () -> ImdbReader.read(b));
    assertTrue(e.getMessage().contains("test/pos"), e.getMessage());
  }

  @Test
  void folderWithoutLayoutSaysWhatWasExpected() throws IOException {
    Path empty = Files.createDirectories(dir.resolve("empty"));
    DataFileException e = assertThrows(DataFileException.class, () -> ImdbReader.read(empty));
    assertTrue(e.getMessage().contains("train/ and test/"), e.getMessage());
    Map<String, byte[]> layout = ImdbFixtures.smallLayout();
    layout.keySet().removeIf(k -> k.startsWith("aclImdb/test/neg/"));
    Path folder = ImdbFixtures.writeFolder(dir.resolve("partial"), layout);
    e = assertThrows(DataFileException.class, () -> ImdbReader.read(folder));
    assertTrue(e.getMessage().contains("test/neg"), e.getMessage());
  }

  @Test
  void badReviewFileNameIsNamed() throws IOException {
    Map<String, byte[]> layout = ImdbFixtures.smallLayout();
    layout.put("aclImdb/train/pos/review_nine.txt", ImdbFixtures.utf8("x"));
    Path a = archive(layout);
    DataFileException e = assertThrows(DataFileException.class, () -> ImdbReader.read(a));
    assertEquals("aclImdb/train/pos/review_nine.txt", e.entry());
    assertTrue(e.getMessage().contains("ID_RATING.txt"), e.getMessage());
  }

  @Test
  void duplicateReviewsAreRejected() throws IOException {
    Map<String, byte[]> layout = ImdbFixtures.smallLayout();
    layout.put("copy/train/pos/0_9.txt", ImdbFixtures.utf8("again"));
    Path a = archive(layout);
    DataFileException e = assertThrows(DataFileException.class, () -> ImdbReader.read(a));
    assertTrue(e.getMessage().contains("same review"), e.getMessage());
  }

  /** A layout with enough text that cutting the archive lands inside the reviews. */
  private static Map<String, byte[]> biggerLayout() {
    Map<String, byte[]> layout = ImdbFixtures.smallLayout();
    Random rnd = new Random(1);
    for (int i = 100; i < 400; i++) {
      StringBuilder sb = new StringBuilder();
      for (int w = 0; w < 200; w++) {
        sb.append(Integer.toString(rnd.nextInt(1 << 20), 36)).append(' ');
      }
      String folder = new String[] {"train/pos", "train/neg", "test/pos", "test/neg"}[i % 4];
      layout.put("aclImdb/" + folder + "/" + i + "_" + (i % 4 < 2 ? 8 : 3) + ".txt",
          ImdbFixtures.utf8(sb.toString()));
    }
    return layout;
  }

  @Test
  void truncatedArchiveNamesArchiveAndLastEntry() throws IOException {
    Path full = ImdbFixtures.writeArchive(dir.resolve("full.tar.gz"), biggerLayout());
    byte[] bytes = Files.readAllBytes(full);
    Path cut = Files.write(dir.resolve("cut.tar.gz"), Arrays.copyOf(bytes, bytes.length / 2));
    DataFileException e = assertThrows(DataFileException.class, () -> ImdbReader.read(cut));
    assertEquals(cut, e.file());
    assertNotNull(e.entry(), "the last entry read is named");
    assertTrue(e.getMessage().contains("truncated"), e.getMessage());
    assertTrue(e.getMessage().contains(e.entry()), e.getMessage());
  }

  @Test
  void corruptGzipIsReported() throws IOException {
    byte[] junk = new byte[4096];
    new Random(2).nextBytes(junk);
    Path notGzip = Files.write(dir.resolve("junk.tar.gz"), junk);
    DataFileException e = assertThrows(DataFileException.class, () -> ImdbReader.read(notGzip));
    assertTrue(e.getMessage().contains("corrupt"), e.getMessage());
    assertTrue(e.getMessage().contains("junk.tar.gz"), e.getMessage());

    byte[] bytes = Files.readAllBytes(
        ImdbFixtures.writeArchive(dir.resolve("ok.tar.gz"), biggerLayout()));
    for (int i = bytes.length / 3; i < bytes.length / 3 + 64; i++) {
      bytes[i] ^= 0x5A;
    }
    Path damaged = Files.write(dir.resolve("damaged.tar.gz"), bytes);
    e = assertThrows(DataFileException.class, () -> ImdbReader.read(damaged));
    assertEquals(damaged, e.file());
    assertNotNull(e.entry());
  }
}

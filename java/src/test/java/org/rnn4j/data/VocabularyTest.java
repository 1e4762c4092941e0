package org.rnn4j.data;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class VocabularyTest {
  @TempDir
  Path dir;

  private static Map<String, Long> counts() {
    Map<String, Long> m = new LinkedHashMap<>();
    m.put("movie", 10L);
    m.put("bad", 4L);
    m.put("good", 4L);
    m.put("awful", 4L);
    m.put("rare", 1L);
    m.put("once", 1L);
    return m;
  }

  @Test
  void specialsFirstThenByCountThenWord() {
    Vocabulary v = Vocabulary.build(counts(), 1, 0);
    assertEquals(List.of("<pad>", "<unk>", "movie", "awful", "bad", "good", "once", "rare"),
        v.words());
    assertEquals(0, v.id("<pad>"));
    assertEquals(1, v.id("<unk>"));
    assertEquals(3, v.id("awful"));
    assertEquals("good", v.word(5));
    assertEquals(8, v.size());
  }

  @Test
  void unknownWordsMapToUnk() {
    Vocabulary v = Vocabulary.build(counts(), 1, 0);
    assertEquals(Vocabulary.UNK, v.id("never-seen"));
    assertFalse(v.contains("never-seen"));
    assertEquals(0, v.count("never-seen"));
  }

  @Test
  void minFreqDropsRareWordsIntoUnkCount() {
    Vocabulary v = Vocabulary.build(counts(), 4, 0);
    assertEquals(List.of("<pad>", "<unk>", "movie", "awful", "bad", "good"), v.words());
    assertEquals(Vocabulary.UNK, v.id("rare"));
    assertEquals(2, v.count("<unk>"));
    assertEquals(10, v.count("movie"));
  }

  @Test
  void maxVocabCapsSizeIncludingSpecials() {
    Vocabulary v = Vocabulary.build(counts(), 1, 4);
    assertEquals(List.of("<pad>", "<unk>", "movie", "awful"), v.words());
    // bad, good (4 each), once, rare (1 each) now count as <unk>.
    assertEquals(10, v.count("<unk>"));
    assertEquals(2, Vocabulary.build(counts(), 1, 2).size());
  }

  @Test
  void rejectsBadSettingsNamingTheValue() {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> Vocabulary.build(counts(), 0, 0));
    assertTrue(e.getMessage().contains("0"), e.getMessage());
    e = assertThrows(IllegalArgumentException.class, () -> Vocabulary.build(counts(), 1, 1));
    assertTrue(e.getMessage().contains("1"), e.getMessage());
    assertThrows(IllegalArgumentException.class,
        () -> Vocabulary.build(Map.of("two words", 3L), 1, 0));
  }

  @Test
  void specialsInCountsAreIgnored() {
    Map<String, Long> m = new LinkedHashMap<>(counts());
    m.put("<unk>", 100L);
    m.put("<pad>", 100L);
    Vocabulary v = Vocabulary.build(m, 1, 0);
    assertEquals(Vocabulary.build(counts(), 1, 0).words(), v.words());
  }

  @Test
  void saveWritesTheCheckpointFormatAndLoadReadsItBack() throws IOException {
    Map<String, Long> m = new LinkedHashMap<>(counts());
    m.put("café", 3L);
    m.put("don't", 2L);
    Vocabulary v = Vocabulary.build(m, 2, 0);
    Path f = dir.resolve("vocab.txt");
    v.save(f);
    assertEquals(v.words(), Files.readAllLines(f, StandardCharsets.UTF_8), "one word per line");
    Vocabulary back = Vocabulary.load(f);
    assertEquals(v.words(), back.words());
    assertEquals(v.fingerprint(), back.fingerprint());
    assertEquals(0, back.count("good"), "counts are not part of the file");
    // sha256sum vocab.txt prints the fingerprint, as for a checkpoint's vocab.txt
    assertEquals(v.fingerprint(), sha256(Files.readAllBytes(f)));
    assertEquals(v.words(), org.rnn4j.store.VocabularyFile.read(f), "the checkpoint reader agrees");
  }

  @Test
  void loadReadsWhatACheckpointWrites() throws IOException {
    List<String> words = List.of("<pad>", "<unk>", "the", "film", "café");
    Path f = dir.resolve("ckpt-vocab.txt");
    org.rnn4j.store.VocabularyFile.write(f, words);
    Vocabulary v = Vocabulary.load(f);
    assertEquals(words, v.words());
    assertEquals(org.rnn4j.store.VocabularyFile.sha256(words), v.fingerprint());
    assertEquals(3, v.id("film"));
  }

  @Test
  void loadStillReadsTheCountedFormatOfEarlierVersions() throws IOException {
    Path f = dir.resolve("v1.txt");
    Files.writeString(f, "# rnn4j vocabulary v1 size=3\n<pad>\t0\n<unk>\t4\nfilm\t7\n",
        StandardCharsets.UTF_8);
    Vocabulary v = Vocabulary.load(f);
    assertEquals(List.of("<pad>", "<unk>", "film"), v.words());
    assertEquals(7, v.count("film"));
    assertEquals(4, v.count(Vocabulary.UNK));
  }

  @Test
  void ofTakesWordsInIdOrderAndRejectsWhatIsNoVocabulary() {
    Vocabulary v = Vocabulary.of(List.of("<pad>", "<unk>", "great", "film"));
    assertEquals(4, v.size());
    assertEquals(2, v.id("great"));
    assertEquals(Vocabulary.UNK, v.id("unseen"));
    assertEquals(Vocabulary.build(Map.of("great", 2L, "film", 1L), 1, 0).fingerprint(),
        v.fingerprint());
    for (List<String> bad : List.of(List.of("<pad>"), List.of("<unk>", "<pad>", "a"),
        List.of("<pad>", "<unk>", "a", "a"), List.of("<pad>", "<unk>", "two words"),
        List.of("<pad>", "<unk>", ""), List.of("<pad>", "<unk>", "<pad>"))) {
      IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
          () -> Vocabulary.of(bad), bad.toString());
      assertTrue(e.getMessage().contains("id") || e.getMessage().contains("word"), e.getMessage());
    }
  }

  private static String sha256(byte[] bytes) {
    try {
      return java.util.HexFormat.of().formatHex(
          java.security.MessageDigest.getInstance("SHA-256").digest(bytes));
    } catch (java.security.NoSuchAlgorithmException e) {
      throw new AssertionError(e);
    }
  }

  @Test
  void fingerprintFollowsWordsAndOrder() {
    Vocabulary a = Vocabulary.build(counts(), 1, 0);
    assertEquals(64, a.fingerprint().length());
    assertEquals(a.fingerprint(), Vocabulary.build(counts(), 1, 0).fingerprint());
    Map<String, Long> renamed = new LinkedHashMap<>(counts());
    renamed.remove("rare");
    renamed.put("rarer", 1L);
    assertNotEquals(a.fingerprint(), Vocabulary.build(renamed, 1, 0).fingerprint());
    Map<String, Long> reordered = new LinkedHashMap<>(counts());
    reordered.put("good", 5L);
    assertNotEquals(a.fingerprint(), Vocabulary.build(reordered, 1, 0).fingerprint());
  }

  private DataFileException loadBad(String content) throws IOException {
    Path f = dir.resolve("bad.txt");
    Files.writeString(f, content, StandardCharsets.UTF_8);
    return assertThrows(DataFileException.class, () -> Vocabulary.load(f));
  }

  @Test
  void rejectsMalformedFilesNamingTheLine() throws IOException {
    assertEquals(1, loadBad("hello\t1\n").line());
    assertEquals(1, loadBad("hello\n<pad>\n<unk>\n").line());
    assertEquals(4, loadBad("<pad>\n<unk>\nfilm\nfilm\n").line());
    assertEquals(3, loadBad("<pad>\n<unk>\nbad word\n").line());
    assertTrue(loadBad("<pad>\n<unk>\nfilm").getMessage().contains("truncated"));
    assertEquals(1, loadBad("# rnn4j vocabulary v1 size=x\n").line());
    assertEquals(3, loadBad("# rnn4j vocabulary v1 size=3\n<pad>\t0\n<oops>\t0\nx\t1\n").line());
    assertEquals(4, loadBad("# rnn4j vocabulary v1 size=3\n<pad>\t0\n<unk>\t0\nx\n").line());
    assertEquals(5, loadBad("# rnn4j vocabulary v1 size=4\n<pad>\t0\n<unk>\t0\nx\t1\nx\t1\n")
        .line());
    assertEquals(5, loadBad("# rnn4j vocabulary v1 size=3\n<pad>\t0\n<unk>\t0\nx\t1\ny\t1\n")
        .line());
    DataFileException e = loadBad("# rnn4j vocabulary v1 size=5\n<pad>\t0\n<unk>\t0\n");
    assertTrue(e.getMessage().contains("size=5"), e.getMessage());
    assertTrue(e.getMessage().contains("bad.txt"), e.getMessage());
    assertThrows(DataFileException.class, () -> Vocabulary.load(dir.resolve("missing.txt")));
  }
}

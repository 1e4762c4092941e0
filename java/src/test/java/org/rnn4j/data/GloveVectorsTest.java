package org.rnn4j.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.zip.GZIPOutputStream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.rnn4j.model.Tensor;

class GloveVectorsTest {
  private static final String TEXT = """
      the 0.418 0.24968 -0.41242
      movie -0.0066023 1.5e-05 0.93
      good 1 -2 3.14159265
      café 0.5 0.25 -0.125
      the 9 9 9
      """;

  @TempDir
  Path dir;

  private Path write(String name, String text) throws IOException {
    return Files.writeString(dir.resolve(name), text, StandardCharsets.UTF_8);
  }

  private static void assertTextValues(GloveVectors g) {
    assertEquals(3, g.dimension());
    assertEquals(4, g.size(), "a repeated word keeps its first vector");
    assertEquals(5, g.lines());
    assertArrayEquals(new float[] {0.418f, 0.24968f, -0.41242f}, g.vector("the"));
    assertArrayEquals(new float[] {-0.0066023f, 1.5e-05f, 0.93f}, g.vector("movie"));
    assertArrayEquals(new float[] {1f, -2f, 3.14159265f}, g.vector("good"));
    assertArrayEquals(new float[] {0.5f, 0.25f, -0.125f}, g.vector("café"));
    assertNull(g.vector("absent"));
  }

  @Test
  void readsPlainText() throws IOException {
    assertTextValues(GloveVectors.load(write("g.txt", TEXT)));
  }

  @Test
  void readsGzipAndCrLfAndMissingLastNewline() throws IOException {
    Path gz = dir.resolve("g.txt.gz");
    try (OutputStream out = new GZIPOutputStream(Files.newOutputStream(gz))) {
      out.write(TEXT.getBytes(StandardCharsets.UTF_8));
    }
    assertTextValues(GloveVectors.load(gz, 3));
    String crlf = TEXT.replace("\n", " \r\n").strip();
    assertTextValues(GloveVectors.load(write("crlf.txt", crlf)));
  }

  private Path zipWithTwoMembers() throws IOException {
    Path zip = dir.resolve("glove.test.zip");
    try (ZipOutputStream out = new ZipOutputStream(Files.newOutputStream(zip))) {
      out.putNextEntry(new ZipEntry("glove.test.3d.txt"));
      out.write(TEXT.getBytes(StandardCharsets.UTF_8));
      out.closeEntry();
      out.putNextEntry(new ZipEntry("glove.test.4d.txt"));
      out.write("the 1 2 3 4\nmovie 5 6 7 8\n".getBytes(StandardCharsets.UTF_8));
      out.closeEntry();
    }
    return zip;
  }

  @Test
  void picksZipMemberByDimension() throws IOException {
    Path zip = zipWithTwoMembers();
    GloveVectors three = GloveVectors.load(zip, 3);
    assertEquals("glove.test.3d.txt", three.member());
    assertTextValues(three);
    GloveVectors four = GloveVectors.load(zip, 4);
    assertEquals(4, four.dimension());
    assertArrayEquals(new float[] {5, 6, 7, 8}, four.vector("movie"));
  }

  @Test
  void zipWithoutDimensionOrMatchingMemberListsMembers() throws IOException {
    Path zip = zipWithTwoMembers();
    DataFileException e = assertThrows(DataFileException.class, () -> GloveVectors.load(zip));
    assertTrue(e.getMessage().contains("glove.test.3d.txt")
        && e.getMessage().contains("glove.test.4d.txt"), e.getMessage());
    e = assertThrows(DataFileException.class, () -> GloveVectors.load(zip, 50));
    assertTrue(e.getMessage().contains("50d"), e.getMessage());
  }

  @Test
  void raggedLineIsReportedWithItsNumber() throws IOException {
    Path f = write("ragged.txt", "a 1 2 3\nb 4 5 6\nc 7 8\nd 1 2 3\n");
    DataFileException e = assertThrows(DataFileException.class, () -> GloveVectors.load(f));
    assertEquals(3, e.line());
    assertEquals(f, e.file());
    assertTrue(e.getMessage().contains("ragged.txt") && e.getMessage().contains("line 3"),
        e.getMessage());
    // Also when the ragged line's word is not kept.
    Vocabulary onlyA = Vocabulary.build(Map.of("a", 1L), 1, 0);
    e = assertThrows(DataFileException.class, () -> GloveVectors.loadFor(f, 3, onlyA));
    assertEquals(3, e.line());
  }

  @Test
  void badNumberAndWrongDimensionAreReported() throws IOException {
    Path f = write("bad.txt", "a 1 2 3\nb 4 x5 6\n");
    DataFileException e = assertThrows(DataFileException.class, () -> GloveVectors.load(f));
    assertEquals(2, e.line());
    assertTrue(e.getMessage().contains("x5"), e.getMessage());
    Path g = write("dim.txt", "a 1 2 3\n");
    e = assertThrows(DataFileException.class, () -> GloveVectors.load(g, 100));
    assertEquals(1, e.line());
    assertTrue(e.getMessage().contains("100"), e.getMessage());
    assertThrows(DataFileException.class, () -> GloveVectors.load(write("empty.txt", "")));
    assertThrows(DataFileException.class, () -> GloveVectors.load(dir.resolve("none.txt")));
  }

  @Test
  void truncatedGzipIsReported() throws IOException {
    Path gz = dir.resolve("big.txt.gz");
    StringBuilder sb = new StringBuilder();
    Random rnd = new Random(3);
    for (int i = 0; i < 5000; i++) {
      sb.append("w").append(i);
      for (int k = 0; k < 10; k++) {
        sb.append(' ').append(String.format(Locale.ROOT, "%.6f", rnd.nextGaussian()));
      }
      sb.append('\n');
    }
    try (OutputStream out = new GZIPOutputStream(Files.newOutputStream(gz))) {
      out.write(sb.toString().getBytes(StandardCharsets.UTF_8));
    }
    byte[] bytes = Files.readAllBytes(gz);
    Path cut = Files.write(dir.resolve("cut.txt.gz"), java.util.Arrays.copyOf(bytes,
        bytes.length / 2));
    DataFileException e = assertThrows(DataFileException.class, () -> GloveVectors.load(cut));
    assertTrue(e.line() > 0 && e.getMessage().contains("truncated"), e.getMessage());
  }

  @Test
  void loadForKeepsOnlyVocabularyWords() throws IOException {
    Vocabulary v = Vocabulary.build(Map.of("good", 3L, "plot", 2L), 1, 0);
    GloveVectors g = GloveVectors.loadFor(write("g.txt", TEXT), 3, v);
    assertEquals(1, g.size());
    assertTrue(g.contains("good"));
    assertFalse(g.contains("the"));
  }

  @Test
  void embeddingMatrixRows() throws IOException {
    GloveVectors g = GloveVectors.load(write("g.txt", TEXT));
    Vocabulary v = Vocabulary.build(Map.of("good", 5L, "the", 4L, "plot", 3L), 1, 0);
    Tensor e = g.embedding(v, 42);
    assertArrayEquals(new int[] {v.size(), 3}, e.shape());
    float[] d = e.data();
    assertArrayEquals(new float[3], java.util.Arrays.copyOfRange(d, 0, 3), "<pad> is zero");
    int good = v.id("good");
    assertArrayEquals(g.vector("good"), java.util.Arrays.copyOfRange(d, good * 3, good * 3 + 3));
    int plot = v.id("plot");
    float[] plotRow = java.util.Arrays.copyOfRange(d, plot * 3, plot * 3 + 3);
    float[] unkRow = java.util.Arrays.copyOfRange(d, 3, 6);
    assertNotEquals(0f, plotRow[0] * plotRow[1] * plotRow[2], "missing words are not zero");
    assertNotEquals(0f, unkRow[0] * unkRow[1] * unkRow[2], "<unk> is not zero");
    assertArrayEquals(d, g.embedding(v, 42).data(), "same seed, same matrix");
    assertFalse(java.util.Arrays.equals(d, g.embedding(v, 43).data()));
  }

  @Test
  void randomRowsFollowGloveScale() throws IOException {
    StringBuilder sb = new StringBuilder();
    Random rnd = new Random(9);
    for (int i = 0; i < 200; i++) {
      sb.append("w").append(i);
      for (int k = 0; k < 50; k++) {
        sb.append(' ').append(String.format(Locale.ROOT, "%.5f", 0.7 * rnd.nextGaussian()));
      }
      sb.append('\n');
    }
    GloveVectors g = GloveVectors.load(write("scale.txt", sb.toString()));
    java.util.Map<String, Long> counts = new java.util.HashMap<>();
    for (int i = 0; i < 400; i++) {
      counts.put("missing" + i, 1L);
    }
    Vocabulary v = Vocabulary.build(counts, 1, 0);
    float[] d = g.embedding(v, 1).data();
    double sumSq = 0;
    for (int i = 50; i < d.length; i++) {
      sumSq += d[i] * d[i];
    }
    double std = Math.sqrt(sumSq / (d.length - 50));
    assertEquals(g.componentStd(), std, 0.05 * g.componentStd());
    assertEquals(0.7, g.componentStd(), 0.05);
  }

  @Test
  void coverageCountsWordsAndTokens() throws IOException {
    GloveVectors g = GloveVectors.load(write("g.txt", TEXT));
    Map<String, Long> counts = Map.of("the", 50L, "good", 10L, "plot", 30L, "zzz", 1L);
    Vocabulary v = Vocabulary.build(counts, 2, 0);
    GloveCoverage c = g.coverage(v);
    assertEquals(3, c.vocabWords());
    assertEquals(2, c.coveredWords());
    assertEquals(91, c.tokens(), "the zzz token counts, through <unk>");
    assertEquals(60, c.coveredTokens());
    assertEquals(2 / 3.0, c.vocabShare(), 1e-12);
    assertEquals(60 / 91.0, c.tokenShare(), 1e-12);
  }

  @Test
  void fastFloatParsingMatchesFloatParseFloat() throws IOException {
    Random rnd = new Random(5);
    String[] values = new String[3000];
    for (int i = 0; i < values.length; i++) {
      values[i] = switch (i % 6) {
        case 0 -> String.format(Locale.ROOT, "%.6f", rnd.nextGaussian());
        case 1 -> String.format(Locale.ROOT, "%.9f", rnd.nextGaussian() * 1e-3);
        case 2 -> Float.toString((float) rnd.nextGaussian());
        case 3 -> String.format(Locale.ROOT, "%.3e", rnd.nextGaussian() * 1e5);
        case 4 -> Long.toString(rnd.nextLong() % 100_000_000L);
        default -> (rnd.nextBoolean() ? "-" : "") + rnd.nextInt(17_000_000) + "."
            + rnd.nextInt(1000);
      };
    }
    StringBuilder sb = new StringBuilder();
    for (int i = 0; i < values.length; i++) {
      sb.append("w").append(i).append(' ').append(values[i]).append(" -0 0.0\n");
    }
    GloveVectors g = GloveVectors.load(write("floats.txt", sb.toString()));
    for (int i = 0; i < values.length; i++) {
      float[] v = g.vector("w" + i);
      assertEquals(Float.floatToRawIntBits(Float.parseFloat(values[i])),
          Float.floatToRawIntBits(v[0]), values[i]);
      assertEquals(Float.floatToRawIntBits(-0f), Float.floatToRawIntBits(v[1]));
    }
  }
}

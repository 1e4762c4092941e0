package org.rnn4j.examples;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.rnn4j.cpu.CpuBackend;
import org.rnn4j.data.ImdbDataset;
import org.rnn4j.data.ImdbReader;
import org.rnn4j.data.Review;
import org.rnn4j.infer.Classifier;

/**
 * The README's library program is {@code TrainImdb.java}, verbatim, uses the library's public API
 * only, and trains, saves, reloads and predicts (one tiny epoch on a few real reviews).
 */
class TrainImdbTest {
  private static final Path SOURCE =
      Path.of("src/main/java/org/rnn4j/examples/TrainImdb.java");
  private static final Path README = Path.of("../README.md");

  @TempDir
  Path tmp;

  @Test
  void theReadmeShowsTheProgramVerbatim() throws IOException {
    String readme = Files.readString(README, StandardCharsets.UTF_8);
    Matcher m = Pattern.compile("```java\n(package org\\.rnn4j\\.examples;\n.*?)```", Pattern.DOTALL)
        .matcher(readme);
    assertTrue(m.find(), "README.md has a java block starting with TrainImdb's package line");
    assertEquals(Files.readString(SOURCE, StandardCharsets.UTF_8), m.group(1),
        "README.md's program must be examples/.../TrainImdb.java exactly");
  }

  @Test
  void theProgramUsesOnlyTheLibrarysPublicApi() throws IOException {
    List<String> imports = Files.readAllLines(SOURCE).stream().filter(l -> l.startsWith("import "))
        .toList();
    for (String i : imports) {
      assertTrue(i.matches("import (java\\.|org\\.rnn4j\\.(?!examples)).*;"), i);
    }
    long lines = Files.readAllLines(SOURCE).size();
    assertTrue(lines < 100, "a short program: " + lines + " lines");
  }

  @Test
  void trainsSavesReloadsAndPredicts() throws IOException {
    Path data = Program.sharedData();
    Path archive = data == null ? null : data.resolve("aclImdb_v1_labelled.tar.gz");
    Path glove = data == null ? null : data.resolve("glove.6B.100d.top10k.txt.gz");
    assumeTrue(archive != null && Files.isRegularFile(archive) && Files.isRegularFile(glove),
        "the shared IMDB archive and GloVe top-10k file are absent");
    Path folder = fewReviews(ImdbReader.read(archive), tmp.resolve("aclImdb"), 40);
    Path model = tmp.resolve("imdb.safetensors");
    ByteArrayOutputStream buf = new ByteArrayOutputStream();
    PrintStream old = System.out;
    System.setOut(new PrintStream(buf, true, StandardCharsets.UTF_8));
    try {
      TrainImdb.main(new String[] {folder.toString(), glove.toString(), "1", model.toString()});
    } finally {
      System.setOut(old);
    }
    List<String> out = buf.toString(StandardCharsets.UTF_8).lines().toList();
    assertEquals(3, out.size(), String.join("\n", out));
    assertTrue(out.get(0).matches("test accuracy [01]\\.\\d{4} on 80 reviews"), out.get(0));
    for (String line : out.subList(1, 3)) {
      assertTrue(line.matches("(neg|pos) (0\\.[5-9]\\d{3}|1\\.0000)"), line);
    }
    try (Classifier c = Classifier.load(model, new CpuBackend(1))) {
      assertEquals(Review.LABELS, c.labels());
      assertEquals(500, c.savedModel().maxLen());
    }
  }

  /** The first {@code perLabel} reviews of each label and split, in the official folder layout. */
  static Path fewReviews(ImdbDataset all, Path folder, int perLabel) throws IOException {
    for (List<Review> split : List.of(all.train(), all.test())) {
      int[] written = new int[2];
      for (Review r : split) {
        if (written[r.label()]++ < perLabel) {
          Path dir = Files.createDirectories(folder.resolve(r.split().folder())
              .resolve(Review.labelFolder(r.label())));
          Files.writeString(dir.resolve(r.id() + "_" + r.rating() + ".txt"), r.text(),
              StandardCharsets.UTF_8);
        }
      }
    }
    return folder;
  }
}

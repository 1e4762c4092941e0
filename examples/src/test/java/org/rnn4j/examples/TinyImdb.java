package org.rnn4j.examples;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * A synthetic extracted {@code aclImdb/} folder, small enough for a CPU run of well under a
 * second: a few short reviews per split and label, positive ones about good films, negative ones
 * about bad ones, with the words of {@code flavour} mixed in (so two folders can differ).
 */
final class TinyImdb {
  static final int PER_LABEL = 8;
  private static final String[] POS = {"good", "great", "fine", "lovely"};
  private static final String[] NEG = {"bad", "awful", "poor", "dull"};

  private TinyImdb() {}

  /** Writes the folder {@code root/aclImdb} and returns it. */
  static Path write(Path root, String flavour) throws IOException {
    Path top = root.resolve("aclImdb");
    for (String split : new String[] {"train", "test"}) {
      for (String label : new String[] {"pos", "neg"}) {
        Path dir = Files.createDirectories(top.resolve(split).resolve(label));
        String[] words = label.equals("pos") ? POS : NEG;
        for (int i = 0; i < PER_LABEL; i++) {
          String text = "the film was " + words[i % 4] + " and " + words[(i + 1) % 4] + ", "
              + flavour + " " + words[(i + 2) % 4] + ".";
          int rating = label.equals("pos") ? 7 + i % 4 : 1 + i % 4;
          Files.writeString(dir.resolve(i + "_" + rating + ".txt"), text);
        }
      }
    }
    return top;
  }

  /** Options for a one-epoch CPU run on {@code data} (tiny model, no GloVe needed). */
  static String[] trainArgs(Path data, String... more) {
    return Program.args(java.util.List.of("--backend", "cpu", "--data", data.toString(),
        "--max-len", "12", "--min-freq", "1", "--embed", "4", "--hidden", "4", "--layers", "1",
        "--batch-size", "4", "--bucket", "1", "--threads", "1"), more);
  }
}

package org.rnn4j.ci;

import java.io.BufferedReader;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.Set;
import java.util.zip.GZIPInputStream;
import org.rnn4j.data.ImdbData;
import org.rnn4j.data.LoadOptions;

/**
 * Keeps only the GloVe lines whose word is in the IMDB training vocabulary (default settings:
 * min-freq 5), byte for byte, so that a GPU machine can be sent a small file that gives exactly
 * the same embedding matrix as the full one.
 *
 * <p>Usage: {@code GloveSubset IMDB_ARCHIVE GLOVE_TXT_GZ OUT_TXT [MIN_FREQ]}
 */
public final class GloveSubset {
  private GloveSubset() {}

  public static void main(String[] args) throws IOException {
    int minFreq = args.length > 3 ? Integer.parseInt(args[3]) : LoadOptions.defaults().minFreq();
    ImdbData data = ImdbData.load(Path.of(args[0]), LoadOptions.defaults().withMinFreq(minFreq));
    Set<String> words = new HashSet<>(data.vocabulary().words());
    long kept = 0;
    try (BufferedReader in = new BufferedReader(new InputStreamReader(
            new GZIPInputStream(Files.newInputStream(Path.of(args[1])), 1 << 16), StandardCharsets.UTF_8));
        BufferedWriter out = Files.newBufferedWriter(Path.of(args[2]), StandardCharsets.UTF_8)) {
      for (String line = in.readLine(); line != null; line = in.readLine()) {
        int space = line.indexOf(' ');
        if (space > 0 && words.contains(line.substring(0, space))) {
          out.write(line);
          out.write('\n');
          kept++;
        }
      }
    }
    System.out.printf("kept %d GloVe vectors for a vocabulary of %d words (min-freq %d)%n", kept,
        words.size(), minFreq);
  }
}

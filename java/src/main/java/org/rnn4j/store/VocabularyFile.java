package org.rnn4j.store;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;
import org.rnn4j.data.Vocabulary;

/**
 * A vocabulary as a word list in id order: {@code vocab.txt} (UTF-8, one word per line, each line
 * ending in '\n'; the format of {@link Vocabulary#save} and {@link Vocabulary#load}) and its
 * fingerprint, the SHA-256 of exactly those bytes, so that {@code sha256sum vocab.txt} prints the
 * fingerprint stored in a checkpoint ({@link Vocabulary#fingerprint()}).
 */
public final class VocabularyFile {
  private VocabularyFile() {}

  /** SHA-256 (lower-case hex) of the words in id order, each followed by '\n', in UTF-8. */
  public static String sha256(List<String> words) {
    MessageDigest md;
    try {
      md = MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every Java runtime has SHA-256", e);
    }
    for (int i = 0; i < words.size(); i++) {
      md.update(checked(words.get(i), i).getBytes(StandardCharsets.UTF_8));
      md.update((byte) '\n');
    }
    return HexFormat.of().formatHex(md.digest());
  }

  /** Writes the words, one per line, atomically. */
  public static void write(Path file, List<String> words) throws IOException {
    StringBuilder sb = new StringBuilder();
    for (int i = 0; i < words.size(); i++) {
      sb.append(checked(words.get(i), i)).append('\n');
    }
    AtomicFiles.writeString(file, sb.toString());
  }

  /**
   * Reads a word list written by {@link #write}, checked as a vocabulary
   * ({@link org.rnn4j.data.Vocabulary#load}, the one parser of this format).
   */
  public static List<String> read(Path file) throws IOException {
    if (!Files.isRegularFile(file)) {
      throw new NoSuchFileException(file.toString(), null, "no vocabulary file");
    }
    return Vocabulary.load(file).words();
  }

  private static String checked(String word, int id) {
    if (word == null || word.indexOf('\n') >= 0 || word.indexOf('\r') >= 0) {
      throw new IllegalArgumentException("vocabulary word " + id + " is null or holds a line break: "
          + (word == null ? "null" : word.replace("\n", "\\n").replace("\r", "\\r")));
    }
    return word;
  }
}

package org.rnn4j.data;

import java.io.BufferedReader;
import java.io.BufferedWriter;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;

/**
 * Word ids: 0 {@code <pad>}, 1 {@code <unk>}, then the training words with at least
 * {@code minFreq} occurrences by descending count, ties broken by {@link String#compareTo}, so the
 * ids depend only on the counts. {@code maxVocab} caps {@link #size()} <em>including</em> the two
 * specials (so it is the embedding matrix's row count); 0 means no cap.
 *
 * <p>{@link #count(String)} gives a word's training count; for {@code <unk>} it is the number of
 * training tokens mapped to it (words dropped by {@code minFreq} or the cap). Counts are
 * statistics of the vocabulary's making: a vocabulary from {@link #of} or {@link #load} has none
 * (0). Immutable.
 *
 * <p>The file format ({@link #save}, {@link #load}) is the one every rnn4j checkpoint writes as
 * {@code vocab.txt}: UTF-8, one word per line in id order, each line ending in {@code '\n'}, so
 * {@code sha256sum vocab.txt} prints {@link #fingerprint()}.
 */
public final class Vocabulary {
  /** Id of the padding token. */
  public static final int PAD = 0;
  /** Id of the unknown-word token. */
  public static final int UNK = 1;
  /** The padding token's word. */
  public static final String PAD_WORD = "<pad>";
  /** The unknown-word token's word. */
  public static final String UNK_WORD = "<unk>";
  static final String HEADER = "# rnn4j vocabulary v1";

  private final String[] words;
  private final long[] counts;
  private final Map<String, Integer> ids;

  private Vocabulary(String[] words, long[] counts) {
    this.words = words;
    this.counts = counts;
    this.ids = new HashMap<>(words.length * 2);
    for (int i = 0; i < words.length; i++) {
      ids.put(words[i], i);
    }
  }

  /**
   * Builds a vocabulary from word counts (of the training split).
   *
   * @param counts   occurrences per word; words must be non-empty and free of white space, and
   *                 {@code <pad>} / {@code <unk>} are ignored if present
   * @param minFreq  keep words with at least this count, at least 1
   * @param maxVocab the largest {@link #size()} including the two specials, 0 for no cap, else
   *                 at least 2
   */
  public static Vocabulary build(Map<String, Long> counts, int minFreq, int maxVocab) {
    String[] w = new String[counts.size()];
    long[] c = new long[counts.size()];
    int n = 0;
    for (Map.Entry<String, Long> e : counts.entrySet()) {
      w[n] = e.getKey();
      c[n++] = e.getValue();
    }
    return build(w, c, minFreq, maxVocab);
  }

  /** {@link #build(Map, int, int)} from parallel arrays (words distinct). */
  static Vocabulary build(String[] words, long[] counts, int minFreq, int maxVocab) {
    if (minFreq < 1) {
      throw new IllegalArgumentException("minFreq must be at least 1, got " + minFreq);
    }
    if (maxVocab != 0 && maxVocab < 2) {
      throw new IllegalArgumentException("maxVocab must be 0 (no cap) or at least 2 (the two "
          + "specials), got " + maxVocab);
    }
    Integer[] order = new Integer[words.length];
    int kept = 0;
    long unk = 0;
    for (int i = 0; i < words.length; i++) {
      checkWord(words[i], counts[i]);
      if (isSpecial(words[i])) {
        continue;
      }
      if (counts[i] >= minFreq) {
        order[kept++] = i;
      } else {
        unk += counts[i];
      }
    }
    Arrays.sort(order, 0, kept, (a, b) -> counts[a] != counts[b]
        ? Long.compare(counts[b], counts[a]) : words[a].compareTo(words[b]));
    int size = maxVocab == 0 ? kept + 2 : Math.min(kept + 2, maxVocab);
    String[] w = new String[size];
    long[] c = new long[size];
    w[PAD] = PAD_WORD;
    w[UNK] = UNK_WORD;
    for (int i = 2; i < size; i++) {
      w[i] = words[order[i - 2]];
      c[i] = counts[order[i - 2]];
    }
    for (int i = size - 2; i < kept; i++) {
      unk += counts[order[i]];
    }
    c[UNK] = unk;
    return new Vocabulary(w, c);
  }

  /**
   * The vocabulary of these words in id order, as a checkpoint or another tool lists them: the
   * first must be {@code <pad>}, the second {@code <unk>}, the rest distinct words without white
   * space. Counts are unknown (0).
   *
   * @throws IllegalArgumentException naming the first offending id
   */
  public static Vocabulary of(List<String> words) {
    Problem problem = problem(words);
    if (problem != null) {
      throw new IllegalArgumentException(problem.message());
    }
    return new Vocabulary(words.toArray(new String[0]), new long[words.size()]);
  }

  /** What is wrong with a word list, and at which id (the size where words are missing). */
  private record Problem(int id, String message) {}

  /** What is wrong with {@code words} as a vocabulary in id order, or null. */
  private static Problem problem(List<String> words) {
    Map<String, Integer> seen = new HashMap<>(words.size() * 2);
    for (int id = 0; id < words.size(); id++) {
      String w = words.get(id);
      String expected = id == PAD ? PAD_WORD : id == UNK ? UNK_WORD : null;
      if (w == null || w.isEmpty() || w.chars().anyMatch(Character::isWhitespace)) {
        return new Problem(id, "word " + id + " is " + (w == null ? "null" : "'" + w + "'")
            + ": words must be non-empty and free of white space");
      }
      if ((expected != null && !expected.equals(w)) || (expected == null && isSpecial(w))) {
        return new Problem(id, "id " + id + " must be " + (expected == null ? "a plain word"
            : expected) + ", got '" + w + "'");
      }
      Integer before = seen.put(w, id);
      if (before != null) {
        return new Problem(id, "word '" + w + "' has two ids, " + before + " and " + id);
      }
    }
    if (words.size() < 2) {
      return new Problem(words.size(), "a vocabulary needs at least " + PAD_WORD + " and "
          + UNK_WORD + ", got " + words.size() + " words");
    }
    return null;
  }

  private static void checkWord(String word, long count) {
    if (word == null || word.isEmpty() || count < 0) {
      throw new IllegalArgumentException("bad vocabulary entry '" + word + "' with count " + count);
    }
    for (int i = 0; i < word.length(); i++) {
      if (Character.isWhitespace(word.charAt(i))) {
        throw new IllegalArgumentException("vocabulary word '" + word + "' contains white space");
      }
    }
  }

  private static boolean isSpecial(String word) {
    return word.equals(PAD_WORD) || word.equals(UNK_WORD);
  }

  /** Number of ids, the two specials included. */
  public int size() {
    return words.length;
  }

  /** The id of {@code word}; {@link #UNK} for words not in the vocabulary. */
  public int id(String word) {
    Integer id = ids.get(word);
    return id == null ? UNK : id;
  }

  /** True if {@code word} has its own id. */
  public boolean contains(String word) {
    return ids.containsKey(word);
  }

  /** The word with {@code id}. */
  public String word(int id) {
    if (id < 0 || id >= words.length) {
      throw new IllegalArgumentException("id " + id + " is outside [0, " + words.length + ")");
    }
    return words[id];
  }

  /** All words in id order. */
  public List<String> words() {
    return Collections.unmodifiableList(Arrays.asList(words));
  }

  /** Training count of {@code word} (0 if absent); for {@code <unk>}, the tokens it stands for. */
  public long count(String word) {
    Integer id = ids.get(word);
    return id == null ? 0 : counts[id];
  }

  /** Training count by id. */
  public long count(int id) {
    return counts[id];
  }

  /** SHA-256 (hex) of the words in id order, each UTF-8 followed by a newline; counts excluded. */
  public String fingerprint() {
    try {
      MessageDigest md = MessageDigest.getInstance("SHA-256");
      for (String w : words) {
        md.update(w.getBytes(StandardCharsets.UTF_8));
        md.update((byte) '\n');
      }
      return HexFormat.of().formatHex(md.digest());
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("the JDK lacks SHA-256", e);
    }
  }

  /**
   * Writes the words one per line in id order (UTF-8, each line ending in {@code '\n'}): the
   * format of a checkpoint's {@code vocab.txt}. Counts are not written.
   */
  public void save(Path file) throws IOException {
    try (BufferedWriter out = Files.newBufferedWriter(file, StandardCharsets.UTF_8)) {
      for (String w : words) {
        out.write(w);
        out.write('\n');
      }
    }
  }

  /**
   * Reads a vocabulary file: the word list {@link #save} and every checkpoint write, or the
   * counted format of earlier versions (first line {@code # rnn4j vocabulary v1 size=N}, then
   * {@code word<TAB>count} per id, counts kept). A malformed file throws naming the line.
   */
  public static Vocabulary load(Path file) throws IOException {
    if (!Files.isRegularFile(file)) {
      throw new DataFileException("no such vocabulary file", file);
    }
    String text = Files.readString(file, StandardCharsets.UTF_8);
    if (text.startsWith(HEADER)) {
      return loadCounted(file);
    }
    if (!text.isEmpty() && !text.endsWith("\n")) {
      throw new DataFileException("the last line is not terminated: the file is truncated", file);
    }
    List<String> w = new ArrayList<>();
    for (int start = 0, nl; (nl = text.indexOf('\n', start)) >= 0; start = nl + 1) {
      w.add(text.substring(start, nl));
    }
    Problem problem = problem(w);
    if (problem != null) {
      throw new DataFileException("not an rnn4j vocabulary (one word per line in id order, "
          + PAD_WORD + " then " + UNK_WORD + " first): " + problem.message(), file, null,
          problem.id() + 1L, null);
    }
    return new Vocabulary(w.toArray(new String[0]), new long[w.size()]);
  }

  private static Vocabulary loadCounted(Path file) throws IOException {
    try (BufferedReader in = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
      int size = parseHeader(file, in.readLine());
      List<String> w = new ArrayList<>(size);
      long[] c = new long[size];
      Map<String, Integer> seen = new HashMap<>(size * 2);
      String line;
      while ((line = in.readLine()) != null) {
        int n = w.size();
        long lineNo = n + 2L;
        if (n == size) {
          throw new DataFileException("more entries than the header's size=" + size, file, null,
              lineNo, null);
        }
        c[n] = parseEntry(file, line, lineNo, n, seen, w);
      }
      if (w.size() != size) {
        throw new DataFileException("the header says size=" + size + " but the file holds "
            + w.size() + " entries", file);
      }
      return new Vocabulary(w.toArray(new String[0]), c);
    }
  }

  private static int parseHeader(Path file, String header) throws DataFileException {
    String prefix = HEADER + " size=";
    if (header == null || !header.startsWith(prefix)) {
      throw new DataFileException("not an rnn4j vocabulary file: expected the first line '"
          + prefix + "N'", file, null, 1, null);
    }
    try {
      int size = Integer.parseInt(header.substring(prefix.length()));
      if (size < 2) {
        throw new NumberFormatException("below 2");
      }
      return size;
    } catch (NumberFormatException e) {
      throw new DataFileException("bad size in the header line '" + header + "'", file, null, 1, e);
    }
  }

  private static long parseEntry(Path file, String line, long lineNo, int id,
      Map<String, Integer> seen, List<String> out) throws DataFileException {
    int tab = line.indexOf('\t');
    String word = tab < 0 ? line : line.substring(0, tab);
    long count;
    try {
      count = tab < 0 ? -1 : Long.parseLong(line.substring(tab + 1));
    } catch (NumberFormatException e) {
      count = -1;
    }
    if (word.isEmpty() || count < 0 || word.chars().anyMatch(Character::isWhitespace)) {
      throw new DataFileException("expected 'word<TAB>count', got '" + line + "'", file, null,
          lineNo, null);
    }
    String expected = id == PAD ? PAD_WORD : id == UNK ? UNK_WORD : null;
    if ((expected != null && !expected.equals(word)) || (expected == null && isSpecial(word))) {
      throw new DataFileException("id " + id + " must be " + (expected == null ? "a plain word"
          : expected) + ", got '" + word + "'", file, null, lineNo, null);
    }
    Integer previous = seen.put(word, id);
    if (previous != null) {
      throw new DataFileException("word '" + word + "' repeats line " + (previous + 2), file, null,
          lineNo, null);
    }
    out.add(word);
    return count;
  }
}

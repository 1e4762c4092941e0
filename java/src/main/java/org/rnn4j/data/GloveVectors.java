/*
 * Dimension key: V vocabulary size, E embedding (vector) size.
 */
package org.rnn4j.data;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.zip.GZIPInputStream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipException;
import java.util.zip.ZipFile;
import org.apache.commons.math3.random.MersenneTwister;
import org.apache.commons.math3.random.RandomGenerator;
import org.rnn4j.model.Tensor;

/**
 * Pretrained word vectors in the GloVe text format ({@code word v1 ... vE} per line), read from a
 * plain file, a {@code .gz} file, or a {@code .zip} such as the official {@code glove.6B.zip}
 * (the member {@code *.<E>d.txt} is picked by dimension). The format is detected from the file's
 * first bytes. Every line must have E values; the first bad line is reported with its 1-based
 * number. A word that repeats keeps its first vector. Immutable.
 */
public final class GloveVectors {
  private static final Pattern MEMBER_DIM = Pattern.compile("(\\d+)d\\.txt$");
  /** Standard deviation for missing words when no vectors were loaded to measure one. */
  private static final double FALLBACK_STD = 0.1;

  private final Path source;
  private final String member;
  private final int dim;
  private final String[] words;
  private final float[] vectors;
  private final Map<String, Integer> index;
  private final long lines;

  private GloveVectors(Path source, String member, GloveParser p) {
    this.source = source;
    this.member = member;
    this.dim = p.dimension();
    this.words = Arrays.copyOf(p.words, p.size);
    this.vectors = p.data == null ? new float[0] : Arrays.copyOf(p.data, p.size * dim);
    this.index = p.index;
    this.lines = p.lines();
  }

  /** All vectors in {@code file}, of whatever dimension its first line has. */
  public static GloveVectors load(Path file) throws IOException {
    return load(file, 0, w -> true);
  }

  /** All vectors in {@code file}; {@code dimension} 0 accepts the first line's. */
  public static GloveVectors load(Path file, int dimension) throws IOException {
    return load(file, dimension, w -> true);
  }

  /** Only the vectors of {@code vocab}'s words, to save memory. */
  public static GloveVectors loadFor(Path file, int dimension, Vocabulary vocab)
      throws IOException {
    return load(file, dimension, vocab::contains);
  }

  /**
   * Vectors of the words that {@code keep} accepts; every line is still checked.
   *
   * @param dimension E, or 0 to accept the first line's (a zip with several members then fails)
   */
  public static GloveVectors load(Path file, int dimension, Predicate<String> keep)
      throws IOException {
    if (dimension < 0) {
      throw new IllegalArgumentException("dimension must be positive (or 0 for any), got "
          + dimension);
    }
    if (!Files.isRegularFile(file)) {
      throw new DataFileException("no such GloVe file", file);
    }
    byte[] magic = new byte[4];
    try (InputStream in = Files.newInputStream(file)) {
      in.readNBytes(magic, 0, 4);
    }
    if (magic[0] == 'P' && magic[1] == 'K' && magic[2] == 3 && magic[3] == 4) {
      return loadZip(file, dimension, keep);
    }
    boolean gzip = (magic[0] & 0xff) == 0x1f && (magic[1] & 0xff) == 0x8b;
    try (InputStream raw = Files.newInputStream(file);
         InputStream in = gzip ? new GZIPInputStream(raw, 1 << 16) : raw) {
      return parse(in, file, null, dimension, keep);
    } catch (ZipException e) {
      throw new DataFileException("the gzip data is corrupt (" + e.getMessage() + ")", file, null,
          0, e);
    }
  }

  private static GloveVectors loadZip(Path file, int dimension, Predicate<String> keep)
      throws IOException {
    try (ZipFile zip = new ZipFile(file.toFile())) {
      List<String> members = new ArrayList<>();
      zip.stream().filter(e -> !e.isDirectory() && e.getName().endsWith(".txt"))
          .forEach(e -> members.add(e.getName()));
      String chosen = chooseMember(file, members, dimension);
      ZipEntry entry = zip.getEntry(chosen);
      try (InputStream in = new BufferedInputStream(zip.getInputStream(entry), 1 << 16)) {
        return parse(in, file, chosen, dimension, keep);
      }
    } catch (ZipException e) {
      throw new DataFileException("the zip file is corrupt (" + e.getMessage() + ")", file, null,
          0, e);
    }
  }

  static String chooseMember(Path file, List<String> members, int dimension)
      throws DataFileException {
    if (dimension == 0 && members.size() == 1) {
      return members.get(0);
    }
    for (String m : members) {
      Matcher mm = MEMBER_DIM.matcher(m);
      if (dimension > 0 && mm.find() && Integer.parseInt(mm.group(1)) == dimension) {
        return m;
      }
    }
    String which = dimension == 0 ? "several members; pass the dimension to pick one"
        : "no member *." + dimension + "d.txt";
    throw new DataFileException("the zip holds " + which + " (members: " + members + ")", file);
  }

  private static GloveVectors parse(InputStream in, Path file, String member, int dimension,
      Predicate<String> keep) throws IOException {
    GloveParser p = new GloveParser(in, file, member, dimension, keep);
    p.parse();
    return new GloveVectors(file, member, p);
  }

  /** The file read. */
  public Path source() {
    return source;
  }

  /** The zip member read, or null for a plain or gzip file. */
  public String member() {
    return member;
  }

  /** E. */
  public int dimension() {
    return dim;
  }

  /** Number of vectors kept. */
  public int size() {
    return words.length;
  }

  /** Lines read from the file (kept or not). */
  public long lines() {
    return lines;
  }

  /** The words kept, in file order. */
  public List<String> words() {
    return Collections.unmodifiableList(Arrays.asList(words));
  }

  public boolean contains(String word) {
    return index.containsKey(word);
  }

  /** A copy of {@code word}'s vector, or null. */
  public float[] vector(String word) {
    Integer i = index.get(word);
    return i == null ? null : Arrays.copyOfRange(vectors, i * dim, (i + 1) * dim);
  }

  /**
   * The embedding matrix {@code [V, E]} for {@code vocab}: a word's GloVe vector where it has one,
   * zeros for {@code <pad>}, and for every other word (including {@code <unk>}) a draw from
   * N(0, s²), s being the standard deviation of all loaded vector components. Zeros would make
   * missing words identical to padding and to one another; random vectors at GloVe's own scale
   * keep them apart without standing out in size. Draws go in id order from a
   * {@link MersenneTwister} seeded with {@code seed}, so the matrix is reproducible.
   */
  public Tensor embedding(Vocabulary vocab, long seed) {
    int v = vocab.size();
    float[] out = new float[Math.multiplyExact(v, dim)];
    RandomGenerator rng = new MersenneTwister(seed);
    double std = componentStd();
    for (int id = 1; id < v; id++) {
      Integer row = index.get(vocab.word(id));
      if (id != Vocabulary.UNK && row != null) {
        System.arraycopy(vectors, row * dim, out, id * dim, dim);
      } else {
        for (int k = 0; k < dim; k++) {
          out[id * dim + k] = (float) (rng.nextGaussian() * std);
        }
      }
    }
    return Tensor.wrap(new int[] {v, dim}, out);
  }

  /** Standard deviation of all loaded components (about their mean). */
  double componentStd() {
    if (vectors.length == 0) {
      return FALLBACK_STD;
    }
    double sum = 0;
    double sumSq = 0;
    for (float x : vectors) {
      sum += x;
      sumSq += (double) x * x;
    }
    double mean = sum / vectors.length;
    return Math.sqrt(Math.max(0, sumSq / vectors.length - mean * mean));
  }

  /**
   * Coverage of {@code vocab} by these vectors: vocabulary words (specials excluded) with a
   * vector, and the share of the vocabulary's training tokens ({@link Vocabulary#count(int)},
   * with the tokens mapped to {@code <unk>} counted as not covered) whose word has a vector.
   */
  public GloveCoverage coverage(Vocabulary vocab) {
    long[] counts = new long[vocab.size()];
    for (int id = 0; id < counts.length; id++) {
      counts[id] = vocab.count(id);
    }
    return coverage(vocab, counts);
  }

  /**
   * Coverage of {@code vocab} with token counts per id from any corpus (e.g. the test split);
   * {@code countsById[UNK]} counts as not covered, {@code countsById[PAD]} is ignored.
   */
  public GloveCoverage coverage(Vocabulary vocab, long[] countsById) {
    if (countsById.length != vocab.size()) {
      throw new IllegalArgumentException("countsById has " + countsById.length
          + " entries, expected the vocabulary size " + vocab.size());
    }
    int covered = 0;
    long tokens = countsById[Vocabulary.UNK];
    long coveredTokens = 0;
    for (int id = 2; id < vocab.size(); id++) {
      tokens += countsById[id];
      if (index.containsKey(vocab.word(id))) {
        covered++;
        coveredTokens += countsById[id];
      }
    }
    return new GloveCoverage(vocab.size() - 2, covered, tokens, coveredTokens);
  }
}

package org.rnn4j.examples;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.apache.commons.math3.random.MersenneTwister;
import org.apache.commons.math3.random.RandomGenerator;
import org.rnn4j.data.DataFileException;
import org.rnn4j.data.EncodedDataset;
import org.rnn4j.data.ImdbData;
import org.rnn4j.data.Review;
import org.rnn4j.data.Vocabulary;
import org.rnn4j.model.Tensor;

/**
 * Loads IMDB for a run: reviews, vocabulary (built, or a checkpoint's), GloVe embedding, and the
 * balanced random subsets of {@code --train-limit} / {@code --test-limit}, which depend only on
 * the data, the limit and the seed, so a resumed run gets the same ones.
 */
final class DataSetup {
  /** Salts that give the two splits independent subset draws from one seed. */
  private static final long TRAIN_SALT = 0x7472_6169_6eL;
  private static final long TEST_SALT = 0x7465_7374L;

  /**
   * The data of a run.
   *
   * @param data  everything loaded (full splits, statistics)
   * @param train the training reviews used (all, or the subset)
   * @param test  the test reviews used
   * @param glove the GloVe file read, or null
   */
  record Prepared(ImdbData data, EncodedDataset train, EncodedDataset test, DataFiles.Located source,
      DataFiles.Located glove) {
    Vocabulary vocabulary() {
      return data.vocabulary();
    }

    /** The GloVe embedding matrix, or null without GloVe. */
    Tensor embedding() {
      return data.embedding().orElse(null);
    }
  }

  private DataSetup() {}

  /**
   * @param vocabulary a saved vocabulary to encode with, or null to build one from the training split
   */
  static Prepared load(DataFiles.Located source, DataFiles.Located glove, RunSettings s,
      Vocabulary vocabulary, PrintStream out) throws IOException {
    out.println("data: " + source);
    if (glove != null) {
      out.println("GloVe: " + glove);
    }
    var opts = s.loadOptions(glove == null ? null : glove.path());
    ImdbData data;
    try {
      data = ImdbData.load(source.path(), vocabulary == null ? opts : opts.withVocabulary(vocabulary));
    } catch (DataFileException e) {
      throw OptionErrors.loading(e, source, glove);
    }
    EncodedDataset train = subset(data.train().data(), s.trainLimit(), s.seed() ^ TRAIN_SALT,
        "--train-limit", "training");
    EncodedDataset test = subset(data.test().data(), s.testLimit(), s.seed() ^ TEST_SALT,
        "--test-limit", "test");
    String coverage = data.gloveCoverage().map(c -> String.format(Locale.ROOT,
        ", GloVe covers %.1f%% of it", 100 * c.vocabShare())).orElse("");
    out.printf(Locale.ROOT, "loaded %d training and %d test reviews in %.1f s; vocabulary %d ids%s%n",
        data.train().size(), data.test().size(), data.timings().totalSeconds(),
        data.vocabulary().size(), coverage);
    if (s.trainLimit() > 0 || s.testLimit() > 0) {
      out.printf(Locale.ROOT, "using %s training and %s test reviews%n",
          s.trainLimit() > 0 ? "a balanced random subset of " + train.size() : "all " + train.size(),
          s.testLimit() > 0 ? "a balanced random subset of " + test.size() : "all " + test.size());
    }
    return new Prepared(data, train, test, source, glove);
  }

  /**
   * A balanced random subset of {@code n} reviews ({@code n/2} negative, the rest positive), in
   * the data's order; all of {@code d} when {@code n} is 0.
   */
  static EncodedDataset subset(EncodedDataset d, int n, long seed, String option, String split) {
    if (n == 0) {
      return d;
    }
    if (n > d.size()) {
      throw new UsageException(option + " " + n + " is more than the " + d.size() + " " + split
          + " reviews");
    }
    List<List<Integer>> byLabel = List.of(new ArrayList<>(), new ArrayList<>());
    for (int i = 0; i < d.size(); i++) {
      byLabel.get(d.label(i) == Review.POS ? 1 : 0).add(i);
    }
    int[] want = {n / 2, n - n / 2};
    RandomGenerator rng = new MersenneTwister(seed);
    int[] chosen = new int[n];
    int k = 0;
    for (int label = 0; label < 2; label++) {
      List<Integer> pool = byLabel.get(label);
      if (want[label] > pool.size()) {
        throw new UsageException(option + " " + n + " needs " + want[label] + " "
            + (label == 1 ? "positive" : "negative") + " " + split + " reviews but there are "
            + pool.size());
      }
      // Partial Fisher-Yates: the first want[label] slots become a uniform random sample.
      for (int i = 0; i < want[label]; i++) {
        int j = i + rng.nextInt(pool.size() - i);
        Integer tmp = pool.get(i);
        pool.set(i, pool.get(j));
        pool.set(j, tmp);
        chosen[k++] = pool.get(i);
      }
    }
    Arrays.sort(chosen);
    return d.subset(chosen);
  }

  /**
   * The {@link Vocabulary} whose ids are {@code words}' positions (a checkpoint's {@code vocab.txt}).
   * The library builds vocabularies from counts, ordered by descending count; strictly decreasing
   * pseudo-counts reproduce the saved order exactly.
   */
  static Vocabulary vocabularyOf(List<String> words, Path source) {
    if (words.size() < 2 || !Vocabulary.PAD_WORD.equals(words.get(0))
        || !Vocabulary.UNK_WORD.equals(words.get(1))) {
      throw new UsageException(source + ": not an rnn4j vocabulary (it must start with "
          + Vocabulary.PAD_WORD + " and " + Vocabulary.UNK_WORD + ")");
    }
    Map<String, Long> counts = new HashMap<>(words.size() * 2);
    for (int id = 2; id < words.size(); id++) {
      counts.put(words.get(id), (long) (words.size() - id));
    }
    Vocabulary v = Vocabulary.build(counts, 1, 0);
    if (!v.words().equals(words)) {
      throw new IllegalStateException("rebuilding the vocabulary of " + source + " changed its order");
    }
    return v;
  }
}

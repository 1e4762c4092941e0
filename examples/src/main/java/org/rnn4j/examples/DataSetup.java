package org.rnn4j.examples;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.rnn4j.data.DataFileException;
import org.rnn4j.data.EncodedDataset;
import org.rnn4j.data.ImdbData;
import org.rnn4j.data.Review;
import org.rnn4j.data.Split;
import org.rnn4j.data.SubsetException;
import org.rnn4j.data.Vocabulary;
import org.rnn4j.model.Tensor;

/**
 * Loads IMDB for a run: reviews, vocabulary (built, or a checkpoint's), GloVe embedding, and the
 * balanced random subsets of {@code --train-limit} / {@code --test-limit} (the library's
 * {@link org.rnn4j.data.Subsets}), which depend only on the data, the limit and the seed, so a
 * resumed run gets the same ones.
 */
final class DataSetup {
  /**
   * The data of a run.
   *
   * @param data  everything loaded (the splits used, statistics)
   * @param train      the training reviews used (all, or the subset; without the validation ones)
   * @param validation the reviews held out of training for validation, or null
   * @param test       the test reviews used
   * @param glove      the GloVe file read, or null
   */
  record Prepared(ImdbData data, EncodedDataset train, EncodedDataset validation, EncodedDataset test,
      DataFiles.Located source, DataFiles.Located glove) {
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
    } catch (SubsetException e) {
      throw usage(e);
    } catch (DataFileException e) {
      throw OptionErrors.loading(e, source, glove);
    }
    String coverage = data.gloveCoverage().map(c -> String.format(Locale.ROOT,
        ", GloVe covers %.1f%% of it", 100 * c.vocabShare())).orElse("");
    out.printf(Locale.ROOT, "loaded %d training and %d test reviews in %.1f s; vocabulary %d ids%s%n",
        data.train().size(), data.test().size(), data.timings().totalSeconds(),
        data.vocabulary().size(), coverage);
    if (s.trainLimit() > 0 || s.testLimit() > 0) {
      out.printf(Locale.ROOT, "using %s training and %s test reviews%n",
          used(s.trainLimit(), data.train().size(), data.counts().trainFound()),
          used(s.testLimit(), data.test().size(), data.counts().testFound()));
    }
    EncodedDataset validation = data.validation().map(v -> v.data()).orElse(null);
    if (validation != null) {
      out.printf(Locale.ROOT, "validation: %d of the training reviews held out (balanced, the same "
          + "ones for every seed); the test reviews are read once, at the end%n", validation.size());
    }
    if (s.extras().padded()) {
      out.println("every review padded or cut to " + s.maxLen() + " tokens and fed whole");
      return new Prepared(data, data.train().data().padded(s.maxLen()),
          validation == null ? null : validation.padded(s.maxLen()),
          data.test().data().padded(s.maxLen()), source, glove);
    }
    return new Prepared(data, data.train().data(), validation, data.test().data(), source, glove);
  }

  private static String used(int limit, int used, int found) {
    return limit > 0 ? "a balanced random subset of " + used + " (of " + found + ")" : "all " + used;
  }

  /** A limit the data cannot meet, worded with the option's name. */
  static UsageException usage(SubsetException e) {
    String option = e.split() == Split.TRAIN ? "--train-limit" : "--test-limit";
    String split = e.split() == Split.TRAIN ? "training" : "test";
    if (e.label() < 0) {
      return new UsageException(option + " " + e.limit() + " is more than the " + e.available()
          + " " + split + " reviews");
    }
    return new UsageException(option + " " + e.limit() + " needs " + e.needed() + " "
        + (e.label() == Review.POS ? "positive" : "negative") + " " + split
        + " reviews but there are " + e.available());
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

package org.rnn4j.data;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import org.rnn4j.model.Tensor;

/**
 * Everything a training run needs from IMDB, in one call: the reviews, the vocabulary (from the
 * training split), both splits encoded, and optionally the GloVe embedding matrix, with timings
 * and {@link DatasetStats}. Immutable. For one's own texts, {@link TextDataset} has the same
 * shape.
 *
 * <p>A validation set ({@link LoadOptions#withValidation}) is carved from the whole training split
 * first; everything else about the training split (vocabulary, limit, {@link #train()}) then
 * describes the rest.
 *
 * <p>Limits ({@link LoadOptions#withTrainLimit}, {@link LoadOptions#withTestLimit}) keep a
 * balanced seeded subset of a split ({@link Subsets}); everything here then describes the
 * subset. Reviews not chosen are never decoded from UTF-8, tokenized or counted: the vocabulary
 * comes from the training reviews kept, unless {@link LoadOptions#fullTrainVocabulary()} asks
 * for all of them (which tokenizes the whole training split). An extracted folder is only
 * listed; an archive is still gunzipped and walked to its end, because a review's rank among its
 * split (which decides whether it is chosen) is known only once the split has been seen, and
 * gzip cannot skip ahead. {@link #counts()} says what was tokenized.
 *
 * <p>Measured ({@code load} with seed 42, a fresh JVM, first and second load, 2 idle cores):
 * the complete {@code aclImdb_v1.tar.gz} (100,016 entries) took 3.3 and 2.0 s in full (5.5 and
 * 3.3 s of CPU), and 2.5 and 1.7 s (3.7 and 2.0 s of CPU) with train and test limits of 400; the
 * labelled-only archive 2.8 and 1.5 s in full, 1.5 and 1.0 s limited; its extracted folder
 * (files cached) 2.0 and 1.4 s in full, 0.4 and 0.3 s limited. Wall time falls less than work
 * because the full load tokenizes on a second thread while reading. What remains for an archive
 * is the gunzip and tar pass, which the complete archive's 50,000 {@code train/unsup} entries
 * make nearly twice as long.
 */
public final class ImdbData {
  private final ImdbDataset reviews;
  private final Vocabulary vocabulary;
  private final EncodedSplit train;
  private final EncodedSplit validation;
  private final EncodedSplit test;
  private final int maxLen;
  private final CorpusEncoding.Embedding embedding;
  private final LoadTimings timings;
  private final LoadCounts counts;

  private ImdbData(ImdbDataset reviews, Vocabulary vocabulary, EncodedSplit train,
      EncodedSplit validation, EncodedSplit test, int maxLen, CorpusEncoding.Embedding embedding, LoadTimings timings,
      LoadCounts counts) {
    this.reviews = reviews;
    this.vocabulary = vocabulary;
    this.train = train;
    this.validation = validation;
    this.test = test;
    this.maxLen = maxLen;
    this.embedding = embedding;
    this.timings = timings;
    this.counts = counts;
  }

  /**
   * Reads the labelled reviews at {@code data} (archive, {@code aclImdb/} folder or its parent;
   * see {@link DatasetLocator} to find or download it), tokenizes them, builds the vocabulary
   * from the training split (unless {@code opts} brings one), encodes both splits and, when
   * {@code opts} names GloVe vectors, builds the embedding matrix. With a train or test limit
   * only that split's balanced seeded subset is kept (see the class comment for what is skipped).
   *
   * @throws DataFileException for missing or bad data files
   * @throws SubsetException   if a limit asks for more reviews than a split (or label) holds
   */
  public static ImdbData load(Path data, LoadOptions opts) throws IOException {
    long t0 = System.nanoTime();
    // The training split is read whole when a validation set is carved from it first, or when
    // the vocabulary must come from all of it while a limit keeps a subset.
    boolean wholeTrain = opts.validation().enabled()
        || opts.trainLimit() > 0 && opts.fullTrainVocabulary() && opts.vocabulary() == null;
    int[] limits = {wholeTrain ? 0 : opts.trainLimit(), opts.testLimit()};
    TokenizedCorpus corpus = limits[0] == 0 && limits[1] == 0 ? TokenizedCorpus.read(data)
        : TokenizedCorpus.read(data, limits, opts.seed());
    long t1 = System.nanoTime();
    TrainSide side = trainSide(corpus, opts, wholeTrain);
    long t2 = System.nanoTime();
    int[] toVocab = CorpusEncoding.toVocab(corpus.table, side.vocab());
    EncodedSplit train = CorpusEncoding.encode(side.raw(), labels(side.reviews().train()), toVocab,
        opts.maxLen());
    EncodedSplit test = CorpusEncoding.encode(corpus.test, labels(side.reviews().test()), toVocab,
        opts.maxLen());
    EncodedSplit validation = side.validation() == null ? null : CorpusEncoding.encode(
        side.validation(), side.validationLabels(), toVocab, opts.maxLen());
    long t3 = System.nanoTime();
    CorpusEncoding.Embedding emb = CorpusEncoding.Embedding.load(opts, side.vocab());
    long t4 = System.nanoTime();
    LoadTimings timings = new LoadTimings(sec(t1 - t0), sec(t2 - t1), sec(t3 - t2), sec(t4 - t3),
        sec(t4 - t0));
    LoadCounts counts = new LoadCounts(corpus.found.train(), corpus.found.test(),
        corpus.train.length + corpus.test.length);
    return new ImdbData(side.reviews(), side.vocab(), train, validation, test, opts.maxLen(), emb,
        timings, counts);
  }

  /**
   * The training side of a load: the reviews kept, their word-table ids, the validation items
   * (or null) and the vocabulary.
   */
  private record TrainSide(ImdbDataset reviews, int[][] raw, int[][] validation,
      int[] validationLabels, Vocabulary vocab) {}

  /**
   * Order: carve the validation set from the whole training split, build the vocabulary from
   * what remains (or from the limit's subset of it without fullTrainVocabulary), then draw the
   * training limit's subset from what remains. Neither the vocabulary nor the limit sees a
   * validation review.
   */
  private static TrainSide trainSide(TokenizedCorpus corpus, LoadOptions opts, boolean wholeTrain) {
    ImdbDataset reviews = corpus.dataset;
    int[][] raw = corpus.train;
    int[][] validation = null;
    int[] validationLabels = null;
    if (opts.validation().enabled()) {
      ValidationSplit.Parts parts = opts.validation().carve(labels(reviews.train()));
      validation = CorpusEncoding.pick(raw, parts.validation());
      validationLabels = labels(reviews.withTrain(parts.validation()).train());
      raw = CorpusEncoding.pick(raw, parts.rest());
      reviews = reviews.withTrain(parts.rest());
    }
    Vocabulary vocab = opts.vocabulary();
    boolean pickLater = wholeTrain && opts.trainLimit() > 0;
    if (vocab == null && (!pickLater || opts.fullTrainVocabulary())) {
      vocab = CorpusEncoding.vocabulary(corpus.table, raw, opts.minFreq(), opts.maxVocab());
    }
    if (pickLater) {
      int[] chosen = Subsets.choose(labels(reviews.train()), 2, opts.trainLimit(),
          Subsets.seedFor(Split.TRAIN, opts.seed()), SubsetReader.wording(Split.TRAIN));
      raw = CorpusEncoding.pick(raw, chosen);
      reviews = reviews.withTrain(chosen);
    }
    if (vocab == null) {
      vocab = CorpusEncoding.vocabulary(corpus.table, raw, opts.minFreq(), opts.maxVocab());
    }
    return new TrainSide(reviews, raw, validation, validationLabels, vocab);
  }

  private static int[] labels(List<Review> reviews) {
    int[] labels = new int[reviews.size()];
    for (int i = 0; i < labels.length; i++) {
      labels[i] = reviews.get(i).label();
    }
    return labels;
  }

  private static double sec(long nanos) {
    return nanos / 1e9;
  }

  /** The reviews kept (all, or the limits' subsets), sorted (see {@link ImdbDataset}). */
  public ImdbDataset reviews() {
    return reviews;
  }

  public Vocabulary vocabulary() {
    return vocabulary;
  }

  /** The training split encoded, aligned with {@code reviews().train()}. */
  public EncodedSplit train() {
    return train;
  }

  /**
   * The validation set encoded ({@link LoadOptions#withValidation}), in the order of the
   * training split it was carved from; empty without one. It is not part of {@code train()},
   * {@code reviews()} or {@link #stats()}.
   */
  public Optional<EncodedSplit> validation() {
    return Optional.ofNullable(validation);
  }

  /** The test split encoded, aligned with {@code reviews().test()}. */
  public EncodedSplit test() {
    return test;
  }

  /** Tokens kept per review. */
  public int maxLen() {
    return maxLen;
  }

  /** The GloVe vectors read (only the vocabulary's words), if GloVe was asked for. */
  public Optional<GloveVectors> glove() {
    return Optional.ofNullable(embedding).map(CorpusEncoding.Embedding::glove);
  }

  /** The embedding matrix {@code [V, E]} built from GloVe, if GloVe was asked for. */
  public Optional<Tensor> embedding() {
    return Optional.ofNullable(embedding).map(CorpusEncoding.Embedding::matrix);
  }

  /** GloVe coverage of the vocabulary and of the training tokens, if GloVe was asked for. */
  public Optional<GloveCoverage> gloveCoverage() {
    return Optional.ofNullable(embedding).map(CorpusEncoding.Embedding::coverage);
  }

  public LoadTimings timings() {
    return timings;
  }

  /** Reviews found and reviews decoded and tokenized (fewer with limits). */
  public LoadCounts counts() {
    return counts;
  }

  /** Counts, lengths, unknown words, coverage and time, ready for JSON or text. */
  public DatasetStats stats() {
    return DatasetStats.of(this);
  }

  @Override
  public String toString() {
    return "ImdbData" + Arrays.asList(reviews.source(), vocabulary.size(), train.size(),
        test.size());
  }
}

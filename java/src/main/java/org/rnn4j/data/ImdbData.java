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
 * and {@link DatasetStats}. Immutable.
 */
public final class ImdbData {
  private final ImdbDataset reviews;
  private final Vocabulary vocabulary;
  private final EncodedSplit train;
  private final EncodedSplit test;
  private final int maxLen;
  private final GloveVectors glove;
  private final Tensor embedding;
  private final GloveCoverage coverage;
  private final LoadTimings timings;

  private ImdbData(ImdbDataset reviews, Vocabulary vocabulary, EncodedSplit train,
      EncodedSplit test, int maxLen, GloveVectors glove, Tensor embedding,
      GloveCoverage coverage, LoadTimings timings) {
    this.reviews = reviews;
    this.vocabulary = vocabulary;
    this.train = train;
    this.test = test;
    this.maxLen = maxLen;
    this.glove = glove;
    this.embedding = embedding;
    this.coverage = coverage;
    this.timings = timings;
  }

  /**
   * Reads the labelled reviews at {@code data} (archive, {@code aclImdb/} folder or its parent;
   * see {@link DatasetLocator} to find or download it), tokenizes them, builds the vocabulary
   * from the training split (unless {@code opts} brings one), encodes both splits and, when
   * {@code opts} names GloVe vectors, builds the embedding matrix.
   *
   * @throws DataFileException for missing or bad data files
   */
  public static ImdbData load(Path data, LoadOptions opts) throws IOException {
    long t0 = System.nanoTime();
    TokenizedCorpus corpus = TokenizedCorpus.read(data);
    long t1 = System.nanoTime();
    Vocabulary vocab = opts.vocabulary() != null ? opts.vocabulary()
        : buildVocabulary(corpus, opts.minFreq(), opts.maxVocab());
    long t2 = System.nanoTime();
    int[] toVocab = new int[corpus.table.size()];
    for (int id = 0; id < toVocab.length; id++) {
      toVocab[id] = vocab.id(corpus.table.word(id));
    }
    EncodedSplit train = encode(corpus.train, corpus.dataset.train(), toVocab, opts.maxLen());
    EncodedSplit test = encode(corpus.test, corpus.dataset.test(), toVocab, opts.maxLen());
    long t3 = System.nanoTime();
    GloveVectors glove = null;
    Tensor embedding = null;
    GloveCoverage coverage = null;
    if (opts.glove() != null) {
      glove = GloveVectors.loadFor(opts.glove(), opts.gloveDim(), vocab);
      embedding = glove.embedding(vocab, opts.seed());
      coverage = glove.coverage(vocab);
    }
    long t4 = System.nanoTime();
    LoadTimings timings = new LoadTimings(sec(t1 - t0), sec(t2 - t1), sec(t3 - t2), sec(t4 - t3),
        sec(t4 - t0));
    return new ImdbData(corpus.dataset, vocab, train, test, opts.maxLen(), glove, embedding,
        coverage, timings);
  }

  private static Vocabulary buildVocabulary(TokenizedCorpus corpus, int minFreq, int maxVocab) {
    long[] counts = new long[corpus.table.size()];
    for (int[] review : corpus.train) {
      for (int id : review) {
        counts[id]++;
      }
    }
    return Vocabulary.build(corpus.table.words(), counts, minFreq, maxVocab);
  }

  private static EncodedSplit encode(int[][] raw, List<Review> reviews, int[] toVocab,
      int maxLen) {
    int[][] seqs = new int[raw.length][];
    int[] labels = new int[raw.length];
    int[] lengths = new int[raw.length];
    long tokens = 0;
    long unk = 0;
    for (int i = 0; i < raw.length; i++) {
      int[] r = raw[i];
      int[] ids = new int[Math.max(1, Math.min(r.length, maxLen))];
      ids[0] = Vocabulary.UNK;
      for (int t = 0; t < r.length; t++) {
        int id = toVocab[r[t]];
        unk += id == Vocabulary.UNK ? 1 : 0;
        if (t < ids.length) {
          ids[t] = id;
        }
      }
      seqs[i] = ids;
      labels[i] = reviews.get(i).label();
      lengths[i] = r.length;
      tokens += r.length;
    }
    return new EncodedSplit(new EncodedDataset(seqs, labels), lengths, tokens, unk);
  }

  private static double sec(long nanos) {
    return nanos / 1e9;
  }

  /** The reviews, sorted (see {@link ImdbDataset}). */
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
    return Optional.ofNullable(glove);
  }

  /** The embedding matrix {@code [V, E]} built from GloVe, if GloVe was asked for. */
  public Optional<Tensor> embedding() {
    return Optional.ofNullable(embedding);
  }

  /** GloVe coverage of the vocabulary and of the training tokens, if GloVe was asked for. */
  public Optional<GloveCoverage> gloveCoverage() {
    return Optional.ofNullable(coverage);
  }

  public LoadTimings timings() {
    return timings;
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

package org.rnn4j.data;

import java.io.IOException;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.rnn4j.model.Tensor;

/**
 * A training run's data from the user's own texts and labels, shaped like {@link ImdbData}: the
 * vocabulary built from the training texts, both splits encoded for
 * {@code Trainer.fit(data.train().data(), data.test().data())}, and optionally the GloVe
 * embedding matrix. Immutable.
 *
 * <pre>{@code
 * TextDataset data = TextDataset.build(List.of("neg", "pos"),
 *     LabelledTexts.of(trainTexts, trainLabels), LabelledTexts.of(testTexts, testLabels),
 *     LoadOptions.defaults().withMinFreq(2).withMaxLen(200));
 * ModelConfig config = new ModelConfig(data.vocabulary().size(), 100, true, 128, 2, true, 0.3,
 *     data.classes());
 * }</pre>
 *
 * <p>Texts are tokenized by {@link Tokenizer}, the vocabulary is {@link Vocabulary#build} with
 * the options' minFreq and maxVocab over the training texts (unless the options bring a
 * vocabulary), and texts are encoded as {@link TextEncoder} does: the IMDB reviews given here
 * as texts encode exactly as {@link ImdbData#load} encodes them. The options' limits keep
 * balanced seeded subsets ({@link Subsets}) before anything is tokenized.
 */
public final class TextDataset {
  private final List<String> labelNames;
  private final Vocabulary vocabulary;
  private final LabelledTexts trainTexts;
  private final LabelledTexts testTexts;
  private final EncodedSplit train;
  private final EncodedSplit test;
  private final int maxLen;
  private final CorpusEncoding.Embedding embedding;

  private TextDataset(List<String> labelNames, Vocabulary vocabulary, LabelledTexts trainTexts,
      LabelledTexts testTexts, EncodedSplit train, EncodedSplit test, int maxLen,
      CorpusEncoding.Embedding embedding) {
    this.labelNames = labelNames;
    this.vocabulary = vocabulary;
    this.trainTexts = trainTexts;
    this.testTexts = testTexts;
    this.train = train;
    this.test = test;
    this.maxLen = maxLen;
    this.embedding = embedding;
  }

  /**
   * Builds the vocabulary from {@code train}'s texts (or uses the options' one), encodes both
   * splits and, when the options name GloVe vectors, builds the embedding matrix.
   *
   * @param labelNames the labels' names, label {@code c} being {@code labelNames.get(c)}; at
   *                   least two, distinct
   * @param train      the training texts, at least one
   * @param test       the texts evaluated after each epoch; may be {@link LabelledTexts#empty()}
   * @throws IllegalArgumentException for bad label names, no training texts, or a label with no
   *                                  name
   * @throws SubsetException          if a limit asks for more texts than a split (or label) has
   * @throws IOException              if the GloVe file cannot be read
   */
  public static TextDataset build(List<String> labelNames, LabelledTexts train,
      LabelledTexts test, LoadOptions opts) throws IOException {
    if (opts.validation().enabled()) {
      throw new IllegalArgumentException("TextDataset does not carve validation sets; pass one "
          + "as a LabelledTexts of its own, or draw it with Subsets.balancedIndices");
    }
    List<String> names = checkNames(labelNames);
    if (train == null || test == null || opts == null) {
      throw new IllegalArgumentException("train, test and options must not be null (use "
          + "LabelledTexts.empty() for no test texts)");
    }
    if (train.size() == 0) {
      throw new IllegalArgumentException("no training texts: the vocabulary and the model "
          + "are built from them");
    }
    checkLabels(train, "training", names);
    checkLabels(test, "test", names);
    int[] trainPick = pick(train, Split.TRAIN, opts, names);
    int[] testPick = pick(test, Split.TEST, opts, names);
    // Without fullTrainVocabulary, texts outside the subsets are never tokenized.
    boolean trainAfterVocab = trainPick != null && opts.fullTrainVocabulary()
        && opts.vocabulary() == null;
    LabelledTexts trainRead = trainPick == null || trainAfterVocab ? train
        : train.subset(trainPick);
    LabelledTexts testKept = testPick == null ? test : test.subset(testPick);
    WordTable table = new WordTable();
    int[][] rawTrain = tokenize(trainRead, table);
    Vocabulary vocab = opts.vocabulary() != null ? opts.vocabulary()
        : CorpusEncoding.vocabulary(table, rawTrain, opts.minFreq(), opts.maxVocab());
    LabelledTexts trainKept = trainRead;
    if (trainAfterVocab) {
      rawTrain = CorpusEncoding.pick(rawTrain, trainPick);
      trainKept = train.subset(trainPick);
    }
    int[][] rawTest = tokenize(testKept, table);
    int[] toVocab = CorpusEncoding.toVocab(table, vocab);
    EncodedSplit trainEnc = CorpusEncoding.encode(rawTrain, trainKept.labels(), toVocab,
        opts.maxLen());
    EncodedSplit testEnc = CorpusEncoding.encode(rawTest, testKept.labels(), toVocab,
        opts.maxLen());
    return new TextDataset(names, vocab, trainKept, testKept, trainEnc, testEnc, opts.maxLen(),
        CorpusEncoding.Embedding.load(opts, vocab));
  }

  private static List<String> checkNames(List<String> labelNames) {
    if (labelNames == null || labelNames.size() < 2) {
      throw new IllegalArgumentException("labelNames must name at least 2 labels, got "
          + labelNames);
    }
    Set<String> seen = new HashSet<>();
    for (String n : labelNames) {
      if (n == null || n.isBlank()) {
        throw new IllegalArgumentException("label names must not be null or blank, got "
            + labelNames);
      }
      if (!seen.add(n)) {
        throw new IllegalArgumentException("label name \"" + n + "\" appears twice in "
            + labelNames);
      }
    }
    return List.copyOf(labelNames);
  }

  private static void checkLabels(LabelledTexts texts, String split, List<String> names) {
    for (int i = 0; i < texts.size(); i++) {
      if (texts.label(i) >= names.size()) {
        throw new IllegalArgumentException(split + " label " + texts.label(i) + " of text " + i
            + " is out of range: the " + names.size() + " label names " + names
            + " allow labels 0 to " + (names.size() - 1));
      }
    }
  }

  /** The subset {@code split}'s limit keeps, or null for all. */
  private static int[] pick(LabelledTexts texts, Split split, LoadOptions opts,
      List<String> names) {
    int limit = opts.limit(split);
    if (limit == 0) {
      return null;
    }
    Subsets.Wording w = new Subsets.Wording(split == Split.TRAIN ? "trainLimit" : "testLimit",
        split, split == Split.TRAIN ? "training texts" : "test texts", names);
    return Subsets.choose(texts.labels(), names.size(), limit,
        Subsets.seedFor(split, opts.seed()), w);
  }

  private static int[][] tokenize(LabelledTexts texts, WordTable table) {
    Tokenizer tokenizer = new Tokenizer();
    TokenizedCorpus.IdCollector ids = new TokenizedCorpus.IdCollector(table);
    int[][] out = new int[texts.size()][];
    for (int i = 0; i < out.length; i++) {
      out[i] = ids.collect(tokenizer, texts.text(i));
    }
    return out;
  }

  /** The label names; label {@code c} is {@code labelNames().get(c)}. */
  public List<String> labelNames() {
    return labelNames;
  }

  /** The number of labels: the model's {@code classes}. */
  public int classes() {
    return labelNames.size();
  }

  public Vocabulary vocabulary() {
    return vocabulary;
  }

  /** The training split encoded, aligned with {@link #trainTexts()}. */
  public EncodedSplit train() {
    return train;
  }

  /** The test split encoded, aligned with {@link #testTexts()}. */
  public EncodedSplit test() {
    return test;
  }

  /** The training texts kept (all, or the limit's subset). */
  public LabelledTexts trainTexts() {
    return trainTexts;
  }

  /** The test texts kept (all, or the limit's subset). */
  public LabelledTexts testTexts() {
    return testTexts;
  }

  /** Tokens kept per text. */
  public int maxLen() {
    return maxLen;
  }

  /**
   * An encoder for new texts with this vocabulary and {@code maxLen}, e.g. to predict; one per
   * thread.
   */
  public TextEncoder encoder() {
    return new TextEncoder(vocabulary, maxLen);
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

  @Override
  public String toString() {
    return "TextDataset" + List.of(labelNames, vocabulary.size(), train.size(), test.size());
  }
}

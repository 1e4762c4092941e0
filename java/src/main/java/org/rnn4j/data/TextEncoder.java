package org.rnn4j.data;

import org.rnn4j.model.Batch;
import java.util.Arrays;
import java.util.List;
import java.util.function.IntFunction;

/**
 * Review text to token ids with a {@link Vocabulary}: {@link Tokenizer} rules, unknown words to
 * {@code <unk>}, the first {@code maxLen} tokens kept, and an empty review as one {@code <unk>}
 * so every sequence has a length of at least 1. Padding is the {@link Batch}'s job. Keeps a
 * tokenizer and a word cache, so it is not thread-safe: use one per thread.
 */
public final class TextEncoder {
  private final Vocabulary vocab;
  private final int maxLen;
  private final Tokenizer tokenizer = new Tokenizer();
  private final WordTable seen = new WordTable();
  private int[] idOfSeen = new int[1024];
  private int[] scratch = new int[256];
  private int count;

  /**
   * @param maxLen the most tokens kept per review, at least 1
   */
  public TextEncoder(Vocabulary vocab, int maxLen) {
    if (maxLen < 1) {
      throw new IllegalArgumentException("maxLen must be at least 1, got " + maxLen);
    }
    this.vocab = vocab;
    this.maxLen = maxLen;
  }

  public Vocabulary vocabulary() {
    return vocab;
  }

  public int maxLen() {
    return maxLen;
  }

  /** The ids of {@code text}'s first {@code maxLen} tokens; {@code [<unk>]} if it has none. */
  public int[] encode(String text) {
    int n = tokenize(text);
    return n == 0 ? new int[] {Vocabulary.UNK} : Arrays.copyOf(scratch, Math.min(n, maxLen));
  }

  /** Encodes {@code reviews} in order; labels are the reviews' labels. */
  public EncodedSplit encode(List<Review> reviews) {
    int[] labels = new int[reviews.size()];
    for (int i = 0; i < labels.length; i++) {
      labels[i] = reviews.get(i).label();
    }
    return encode(i -> reviews.get(i).text(), labels);
  }

  /** Encodes {@code texts} in order, with their labels (e.g. new data to evaluate on). */
  public EncodedSplit encode(LabelledTexts texts) {
    return encode(texts::text, texts.labels());
  }

  private EncodedSplit encode(IntFunction<String> text, int[] labels) {
    int[][] seqs = new int[labels.length][];
    int[] lengths = new int[labels.length];
    long tokens = 0;
    long unk = 0;
    for (int i = 0; i < seqs.length; i++) {
      int n = tokenize(text.apply(i));
      for (int t = 0; t < n; t++) {
        unk += scratch[t] == Vocabulary.UNK ? 1 : 0;
      }
      seqs[i] = n == 0 ? new int[] {Vocabulary.UNK} : Arrays.copyOf(scratch, Math.min(n, maxLen));
      lengths[i] = n;
      tokens += n;
    }
    return new EncodedSplit(new EncodedDataset(seqs, labels), lengths, tokens, unk);
  }

  /** Tokenizes into {@link #scratch} (all tokens, untruncated); returns the count. */
  private int tokenize(String text) {
    count = 0;
    tokenizer.tokenize(text, this::add);
    return count;
  }

  private void add(char[] chars, int start, int length) {
    int raw = seen.intern(chars, start, length);
    if (raw == idOfSeen.length) {
      idOfSeen = Arrays.copyOf(idOfSeen, raw * 2);
    }
    if (idOfSeen[raw] == 0) {
      // First sight of this word (ids are never 0 = <pad>, so 0 marks "not looked up yet").
      idOfSeen[raw] = vocab.id(seen.word(raw));
    }
    if (count == scratch.length) {
      scratch = Arrays.copyOf(scratch, count * 2);
    }
    scratch[count++] = idOfSeen[raw];
  }
}

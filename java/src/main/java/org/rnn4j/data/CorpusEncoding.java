package org.rnn4j.data;

import java.io.IOException;
import org.rnn4j.model.Tensor;

/**
 * The steps after tokenizing that {@link ImdbData} and {@link TextDataset} share, on texts held
 * as {@link WordTable} ids: counting training words into a {@link Vocabulary}, mapping ids,
 * truncating, and the GloVe embedding. Both facades therefore encode a text alike.
 */
final class CorpusEncoding {
  private CorpusEncoding() {
  }

  /** GloVe's part of a load: the vectors read, the embedding matrix and its coverage. */
  record Embedding(GloveVectors glove, Tensor matrix, GloveCoverage coverage) {
    /** The embedding {@code opts} asks for, or null when it names no GloVe file. */
    static Embedding load(LoadOptions opts, Vocabulary vocab) throws IOException {
      if (opts.glove() == null) {
        return null;
      }
      GloveVectors glove = GloveVectors.loadFor(opts.glove(), opts.gloveDim(), vocab);
      return new Embedding(glove, glove.embedding(vocab, opts.seed()), glove.coverage(vocab));
    }
  }

  /** The vocabulary of the words in {@code train}, with the options' minFreq and maxVocab. */
  static Vocabulary vocabulary(WordTable table, int[][] train, int minFreq, int maxVocab) {
    long[] counts = new long[table.size()];
    for (int[] text : train) {
      for (int id : text) {
        counts[id]++;
      }
    }
    return Vocabulary.build(table.words(), counts, minFreq, maxVocab);
  }

  /** Word-table id to vocabulary id. */
  static int[] toVocab(WordTable table, Vocabulary vocab) {
    int[] toVocab = new int[table.size()];
    for (int id = 0; id < toVocab.length; id++) {
      toVocab[id] = vocab.id(table.word(id));
    }
    return toVocab;
  }

  /** The rows of {@code raw} at {@code indices}, in that order (rows shared). */
  static int[][] pick(int[][] raw, int[] indices) {
    int[][] out = new int[indices.length][];
    for (int i = 0; i < indices.length; i++) {
      out[i] = raw[indices[i]];
    }
    return out;
  }

  /** Texts as word-table ids to a split: ids mapped, truncated, empty texts as one unk. */
  static EncodedSplit encode(int[][] raw, int[] labels, int[] toVocab, int maxLen) {
    int[][] seqs = new int[raw.length][];
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
      lengths[i] = r.length;
      tokens += r.length;
    }
    return new EncodedSplit(new EncodedDataset(seqs, labels.clone()), lengths, tokens, unk);
  }
}

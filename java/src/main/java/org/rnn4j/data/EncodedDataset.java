package org.rnn4j.data;

/**
 * Reviews as token-id sequences (already truncated, each at least one id long) with their labels.
 */
public final class EncodedDataset {
  private final int[][] sequences;
  private final int[] labels;

  /**
   * @param sequences token ids per review, each of length at least 1 (not copied)
   * @param labels    class per review (not copied)
   */
  public EncodedDataset(int[][] sequences, int[] labels) {
    if (sequences.length != labels.length) {
      throw new IllegalArgumentException(sequences.length + " sequences but " + labels.length + " labels");
    }
    for (int i = 0; i < sequences.length; i++) {
      if (sequences[i] == null || sequences[i].length < 1) {
        throw new IllegalArgumentException("sequence " + i + " is empty; encode empty reviews as <unk>");
      }
    }
    this.sequences = sequences;
    this.labels = labels;
  }

  public int size() {
    return sequences.length;
  }

  public int[] sequence(int i) {
    return sequences[i];
  }

  public int length(int i) {
    return sequences[i].length;
  }

  public int label(int i) {
    return labels[i];
  }

  /** The subset at {@code indices}, in that order (sequences shared, not copied). */
  public EncodedDataset subset(int[] indices) {
    int[][] s = new int[indices.length][];
    int[] l = new int[indices.length];
    for (int i = 0; i < indices.length; i++) {
      s[i] = sequences[indices[i]];
      l[i] = labels[indices[i]];
    }
    return new EncodedDataset(s, l);
  }

  /**
   * Every sequence cut or padded with {@code <pad>} (id 0) to exactly {@code length} ids, so that
   * a model fed this data runs every review for {@code length} steps, padding included, as the
   * tutorial's PyTorch code does (its first/last pooling then reads positions 0 and
   * {@code length - 1} of the padded sequence). Sequences already that long are shared.
   */
  public EncodedDataset padded(int length) {
    if (length < 1) {
      throw new IllegalArgumentException("the padded length must be at least 1, got " + length);
    }
    int[][] s = new int[sequences.length][];
    for (int i = 0; i < s.length; i++) {
      s[i] = sequences[i].length == length ? sequences[i]
          : java.util.Arrays.copyOf(sequences[i], length); // zero-filled: Vocabulary.PAD
    }
    return new EncodedDataset(s, labels);
  }
}

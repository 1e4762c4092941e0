package org.rnn4j.data;

/**
 * One split encoded for the model, with what truncation hid.
 *
 * @param data         id sequences (truncated to {@code maxLen}, each at least one id) and labels
 * @param tokenLengths each review's token count before truncation (0 for an empty review, which
 *                     {@code data} holds as a single {@code <unk>})
 * @param tokens       all tokens before truncation (the sum of {@code tokenLengths})
 * @param unkTokens    of those, tokens not in the vocabulary (mapped to {@code <unk>})
 */
public record EncodedSplit(EncodedDataset data, int[] tokenLengths, long tokens, long unkTokens) {

  public EncodedSplit {
    if (tokenLengths.length != data.size()) {
      throw new IllegalArgumentException(tokenLengths.length + " token lengths for "
          + data.size() + " sequences");
    }
  }

  /** Number of reviews. */
  public int size() {
    return data.size();
  }

  /** Share of tokens (before truncation) mapped to {@code <unk>}; 0 when there are none. */
  public double unkShare() {
    return tokens == 0 ? 0 : (double) unkTokens / tokens;
  }
}

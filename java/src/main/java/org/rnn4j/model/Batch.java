/*
 * Dimension key: B batch, T padded length (the longest review in the batch).
 */
package org.rnn4j.model;

/**
 * One batch of encoded reviews.
 *
 * @param ids     token ids {@code [B, T]}, row-major (batch-major), padded with 0 after each length
 * @param lengths true lengths {@code [B]}, each in {@code [1, T]}
 * @param labels  class labels {@code [B]}, or null for unlabelled text (prediction)
 * @param indices each sample's index in its data set, {@code [B]}
 * @param maxLen  T
 */
public record Batch(int[] ids, int[] lengths, int[] labels, int[] indices, int maxLen) {

  public Batch {
    int b = lengths.length;
    if (b < 1) {
      throw new IllegalArgumentException("a batch needs at least one sample");
    }
    if (maxLen < 1 || (long) b * maxLen != ids.length) {
      throw new IllegalArgumentException("ids has " + ids.length + " entries, expected B*T = " + b
          + "*" + maxLen);
    }
    if (labels != null && labels.length != b) {
      throw new IllegalArgumentException("labels has " + labels.length + " entries, expected " + b);
    }
    if (indices != null && indices.length != b) {
      throw new IllegalArgumentException("indices has " + indices.length + " entries, expected " + b);
    }
    for (int i = 0; i < b; i++) {
      if (lengths[i] < 1 || lengths[i] > maxLen) {
        throw new IllegalArgumentException("length " + lengths[i] + " of sample " + i
            + " is outside [1, " + maxLen + "]");
      }
    }
  }

  /** B. */
  public int size() {
    return lengths.length;
  }

  /** Token id of sample {@code b} at step {@code t}. */
  public int id(int b, int t) {
    return ids[b * maxLen + t];
  }

  /** Builds a batch from ragged sequences (each of length at least 1), padding to the longest. */
  public static Batch of(int[][] sequences, int[] labels) {
    int b = sequences.length;
    int t = 1;
    for (int[] s : sequences) {
      t = Math.max(t, s.length);
    }
    int[] ids = new int[b * t];
    int[] lengths = new int[b];
    int[] indices = new int[b];
    for (int i = 0; i < b; i++) {
      System.arraycopy(sequences[i], 0, ids, i * t, sequences[i].length);
      lengths[i] = sequences[i].length;
      indices[i] = i;
    }
    return new Batch(ids, lengths, labels == null ? null : labels.clone(), indices, t);
  }
}

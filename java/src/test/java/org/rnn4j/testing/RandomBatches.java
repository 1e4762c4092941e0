/*
 * Dimension key: B batch, T padded length, V vocabulary, C classes.
 */
package org.rnn4j.testing;

import org.apache.commons.math3.random.RandomGenerator;
import org.rnn4j.model.Batch;

/** Builders of random and transformed batches for model tests, seeded through commons-math. */
public final class RandomBatches {
  private RandomBatches() {}

  /**
   * A labelled batch of B samples with ids in [1, V) (no {@code <pad>} inside a length) and
   * random labels; lengths all T ({@code equalLengths}) or random in [1, T] with one of length T.
   */
  public static Batch random(RandomGenerator rng, int batch, int maxLen, int vocab, int classes,
      boolean equalLengths) {
    int[][] seqs = new int[batch][];
    int[] labels = new int[batch];
    for (int b = 0; b < batch; b++) {
      int len = equalLengths || b == 0 ? maxLen : 1 + rng.nextInt(maxLen);
      seqs[b] = new int[len];
      for (int t = 0; t < len; t++) {
        seqs[b][t] = 1 + rng.nextInt(vocab - 1);
      }
      labels[b] = rng.nextInt(classes);
    }
    return Batch.of(seqs, labels);
  }

  /**
   * A learnable task: ids in [3, V) except that about half the samples contain token 2 at a
   * random position; label 1 exactly when token 2 occurs.
   */
  public static Batch containsToken2(RandomGenerator rng, int batch, int maxLen, int vocab) {
    int[][] seqs = new int[batch][];
    int[] labels = new int[batch];
    for (int b = 0; b < batch; b++) {
      int len = 2 + rng.nextInt(maxLen - 1);
      seqs[b] = new int[len];
      for (int t = 0; t < len; t++) {
        seqs[b][t] = 3 + rng.nextInt(vocab - 3);
      }
      labels[b] = b % 2;
      if (labels[b] == 1) {
        seqs[b][rng.nextInt(len)] = 2;
      }
    }
    return Batch.of(seqs, labels);
  }

  /** The same samples with {@code extra} more padding columns filled with {@code fill}. */
  public static Batch withExtraPadding(Batch batch, int extra, int fill) {
    int t = batch.maxLen();
    int wide = t + extra;
    int[] ids = new int[batch.size() * wide];
    for (int b = 0; b < batch.size(); b++) {
      for (int s = 0; s < wide; s++) {
        ids[b * wide + s] = s < batch.lengths()[b] ? batch.id(b, s) : fill;
      }
    }
    return new Batch(ids, batch.lengths().clone(), copy(batch.labels()), copy(batch.indices()), wide);
  }

  /** The same samples with every padding position ({@code t >= length}) set to random ids in [0, V). */
  public static Batch withRandomPaddingIds(Batch batch, RandomGenerator rng, int vocab) {
    int[] ids = batch.ids().clone();
    int t = batch.maxLen();
    for (int b = 0; b < batch.size(); b++) {
      for (int s = batch.lengths()[b]; s < t; s++) {
        ids[b * t + s] = rng.nextInt(vocab);
      }
    }
    return new Batch(ids, batch.lengths().clone(), copy(batch.labels()), copy(batch.indices()), t);
  }

  /** Sample {@code perm[i]} of {@code batch} becomes sample i. */
  public static Batch permuted(Batch batch, int[] perm) {
    int t = batch.maxLen();
    int n = batch.size();
    int[] ids = new int[n * t];
    int[] lengths = new int[n];
    int[] labels = batch.labels() == null ? null : new int[n];
    int[] indices = new int[n];
    for (int i = 0; i < n; i++) {
      System.arraycopy(batch.ids(), perm[i] * t, ids, i * t, t);
      lengths[i] = batch.lengths()[perm[i]];
      if (labels != null) {
        labels[i] = batch.labels()[perm[i]];
      }
      indices[i] = batch.indices() == null ? perm[i] : batch.indices()[perm[i]];
    }
    return new Batch(ids, lengths, labels, indices, t);
  }

  /** The same batch with labels removed. */
  public static Batch unlabelled(Batch batch) {
    return new Batch(batch.ids().clone(), batch.lengths().clone(), null, copy(batch.indices()),
        batch.maxLen());
  }

  /** A random permutation of [0, n). */
  public static int[] permutation(RandomGenerator rng, int n) {
    int[] p = new int[n];
    for (int i = 0; i < n; i++) {
      p[i] = i;
    }
    for (int i = n - 1; i > 0; i--) {
      int j = rng.nextInt(i + 1);
      int tmp = p[i];
      p[i] = p[j];
      p[j] = tmp;
    }
    return p;
  }

  private static int[] copy(int[] a) {
    return a == null ? null : a.clone();
  }
}

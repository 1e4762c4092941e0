/*
 * Dimension key: B batch, T padded length.
 */
package org.rnn4j.data;

import org.rnn4j.model.Batch;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import org.apache.commons.math3.random.RandomGenerator;

/**
 * Cuts an {@link EncodedDataset} into batches. Every review appears exactly once per epoch and
 * the last partial batch is kept. Each batch is padded only to its own longest review.
 *
 * <p>Bucketing ({@code bucketBatches > 1}): after the shuffle, each window of
 * {@code bucketBatches * batchSize} reviews is sorted by length before it is cut, and the batches
 * are shuffled again, so that reviews of similar length share a batch and padding stays small.
 */
public final class Batcher {
  private final EncodedDataset data;
  private final int batchSize;
  private final int bucketBatches;

  /**
   * @param batchSize     B, at least 1
   * @param bucketBatches window of batches sorted by length together; 1 = no bucketing
   */
  public Batcher(EncodedDataset data, int batchSize, int bucketBatches) {
    if (batchSize < 1) {
      throw new IllegalArgumentException("batch size must be at least 1, got " + batchSize);
    }
    if (bucketBatches < 1) {
      throw new IllegalArgumentException("bucket window must be at least 1 batch, got " + bucketBatches);
    }
    this.data = data;
    this.batchSize = batchSize;
    this.bucketBatches = bucketBatches;
  }

  public int batchSize() {
    return batchSize;
  }

  /** Number of batches per epoch (the last may be partial). */
  public int batchCount() {
    return (data.size() + batchSize - 1) / batchSize;
  }

  /** One shuffled (and, if configured, bucketed) epoch. */
  public List<Batch> epoch(RandomGenerator rng) {
    Integer[] order = new Integer[data.size()];
    for (int i = 0; i < order.length; i++) {
      order[i] = i;
    }
    shuffle(order, rng);
    if (bucketBatches > 1) {
      int window = bucketBatches * batchSize;
      Comparator<Integer> byLength = Comparator.comparingInt(data::length);
      for (int start = 0; start < order.length; start += window) {
        Arrays.sort(order, start, Math.min(order.length, start + window), byLength.reversed());
      }
    }
    List<Batch> batches = cut(order);
    if (bucketBatches > 1) {
      Batch[] arr = batches.toArray(new Batch[0]);
      shuffle(arr, rng);
      batches = Arrays.asList(arr);
    }
    return batches;
  }

  /** The dataset in its own order, for evaluation. */
  public List<Batch> inOrder() {
    Integer[] order = new Integer[data.size()];
    for (int i = 0; i < order.length; i++) {
      order[i] = i;
    }
    return cut(order);
  }

  /** Reviews sorted by length within windows but in a fixed order: fast, deterministic evaluation. */
  public List<Batch> sortedByLength() {
    Integer[] order = new Integer[data.size()];
    for (int i = 0; i < order.length; i++) {
      order[i] = i;
    }
    Arrays.sort(order, Comparator.comparingInt(data::length).reversed());
    return cut(order);
  }

  private List<Batch> cut(Integer[] order) {
    List<Batch> out = new ArrayList<>(batchCount());
    for (int start = 0; start < order.length; start += batchSize) {
      int b = Math.min(batchSize, order.length - start);
      out.add(make(order, start, b));
    }
    return out;
  }

  private Batch make(Integer[] order, int start, int b) {
    int t = 1;
    for (int i = 0; i < b; i++) {
      t = Math.max(t, data.length(order[start + i]));
    }
    int[] ids = new int[b * t];
    int[] lengths = new int[b];
    int[] labels = new int[b];
    int[] indices = new int[b];
    for (int i = 0; i < b; i++) {
      int idx = order[start + i];
      int[] seq = data.sequence(idx);
      System.arraycopy(seq, 0, ids, i * t, seq.length);
      lengths[i] = seq.length;
      labels[i] = data.label(idx);
      indices[i] = idx;
    }
    return new Batch(ids, lengths, labels, indices, t);
  }

  private static <T> void shuffle(T[] a, RandomGenerator rng) {
    for (int i = a.length - 1; i > 0; i--) {
      int j = rng.nextInt(i + 1);
      T tmp = a[i];
      a[i] = a[j];
      a[j] = tmp;
    }
  }
}

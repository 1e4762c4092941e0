/*
 * Dimension key: B batch, T longest length in the batch, N = sum of lengths (real positions).
 */
package org.rnn4j.cpu;

import java.util.Arrays;
import java.util.Comparator;
import org.rnn4j.model.Batch;

/**
 * A batch's real positions packed time-major, like PyTorch's PackedSequence: samples sorted by
 * length, longest first (stable), so that the samples still running at step t are the first
 * {@code active(t)} sorted positions, and the rows of step t are the contiguous range
 * {@code offset(t) .. offset(t) + active(t)}. Padding has no row at all.
 */
final class PackedBatch {
  private final int[] order;
  private final int[] position;
  private final int[] sortedLength;
  private final int[] active;
  private final int[] offset;

  private PackedBatch(int[] order, int[] lengths) {
    int b = order.length;
    this.order = order;
    position = new int[b];
    sortedLength = new int[b];
    for (int s = 0; s < b; s++) {
      position[order[s]] = s;
      sortedLength[s] = lengths[order[s]];
    }
    int steps = sortedLength[0];
    active = new int[steps];
    offset = new int[steps + 1];
    int n = b;
    for (int t = 0; t < steps; t++) {
      while (sortedLength[n - 1] <= t) {
        n--;
      }
      active[t] = n;
      offset[t + 1] = offset[t] + n;
    }
  }

  static PackedBatch of(Batch batch) {
    int[] lengths = batch.lengths();
    Integer[] idx = new Integer[lengths.length];
    for (int i = 0; i < idx.length; i++) {
      idx[i] = i;
    }
    Arrays.sort(idx, Comparator.comparingInt((Integer i) -> lengths[i]).reversed());
    int[] order = new int[idx.length];
    for (int i = 0; i < idx.length; i++) {
      order[i] = idx[i];
    }
    return new PackedBatch(order, lengths.clone());
  }

  /** B. */
  int size() {
    return order.length;
  }

  /** T: the longest length. */
  int steps() {
    return active.length;
  }

  /** N: the number of real positions. */
  int rows() {
    return offset[active.length];
  }

  /** Batch index of sorted position s. */
  int sample(int s) {
    return order[s];
  }

  /** Sorted position of batch index b. */
  int position(int b) {
    return position[b];
  }

  /** Length of the sample at sorted position s. */
  int length(int s) {
    return sortedLength[s];
  }

  /** Samples running at step t; 0 outside [0, T). */
  int active(int t) {
    return t < 0 || t >= active.length ? 0 : active[t];
  }

  /** The row of (step t, sorted position s), for s < active(t). */
  int row(int t, int s) {
    return offset[t] + s;
  }

  /**
   * How many of the sorted positions {@code slice, slice + slices, ...} run at step t: a slice's
   * running samples are always a prefix of its list.
   */
  int sliceActive(int t, int slice, int slices) {
    int a = active(t);
    return a > slice ? (a - slice + slices - 1) / slices : 0;
  }
}

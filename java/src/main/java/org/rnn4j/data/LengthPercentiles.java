package org.rnn4j.data;

import java.util.Arrays;

/**
 * Token-length percentiles of a split before truncation, by the nearest-rank rule (the smallest
 * length at least p% of reviews do not exceed).
 *
 * @param p50 median
 * @param p90 90th percentile
 * @param p99 99th percentile
 * @param max longest review
 */
public record LengthPercentiles(int p50, int p90, int p99, int max) {

  /** Percentiles of {@code lengths} (not modified); all 0 when empty. */
  public static LengthPercentiles of(int[] lengths) {
    if (lengths.length == 0) {
      return new LengthPercentiles(0, 0, 0, 0);
    }
    int[] sorted = lengths.clone();
    Arrays.sort(sorted);
    return new LengthPercentiles(rank(sorted, 50), rank(sorted, 90), rank(sorted, 99),
        sorted[sorted.length - 1]);
  }

  private static int rank(int[] sorted, int p) {
    int k = (int) Math.ceil(p / 100.0 * sorted.length);
    return sorted[Math.max(0, k - 1)];
  }
}

package org.rnn4j.data;

import org.rnn4j.model.Batch;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.apache.commons.math3.random.MersenneTwister;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class BatcherTest {
  /** 103 reviews with lengths 1..40 in a scrambled pattern; ids encode (review, step). */
  private static EncodedDataset data() {
    int n = 103;
    int[][] seqs = new int[n][];
    int[] labels = new int[n];
    for (int i = 0; i < n; i++) {
      int len = 1 + (i * 37) % 40;
      seqs[i] = new int[len];
      for (int t = 0; t < len; t++) {
        seqs[i][t] = 2 + i * 100 + t;
      }
      labels[i] = i % 2;
    }
    return new EncodedDataset(seqs, labels);
  }

  @ParameterizedTest
  @ValueSource(ints = {1, 4})
  void everyReviewOnceWithCorrectPadding(int bucket) {
    EncodedDataset d = data();
    Batcher b = new Batcher(d, 16, bucket);
    List<Batch> epoch = b.epoch(new MersenneTwister(3));
    assertEquals(7, epoch.size());
    assertEquals(b.batchCount(), epoch.size());
    int[] seen = new int[d.size()];
    int partial = 0;
    for (Batch batch : epoch) {
      partial += batch.size() < 16 ? 1 : 0;
      int longest = 0;
      for (int i = 0; i < batch.size(); i++) {
        int idx = batch.indices()[i];
        seen[idx]++;
        assertEquals(d.length(idx), batch.lengths()[i]);
        assertEquals(d.label(idx), batch.labels()[i]);
        longest = Math.max(longest, batch.lengths()[i]);
        for (int t = 0; t < batch.maxLen(); t++) {
          int expected = t < d.length(idx) ? d.sequence(idx)[t] : 0;
          assertEquals(expected, batch.id(i, t));
        }
      }
      assertEquals(longest, batch.maxLen(), "padded only to the batch's longest");
    }
    assertEquals(1, partial, "the last partial batch (103 = 6*16 + 7) is kept");
    for (int i = 0; i < seen.length; i++) {
      assertEquals(1, seen[i], "review " + i);
    }
  }

  @ParameterizedTest
  @ValueSource(ints = {1, 4})
  void sameSeedSameBatches(int bucket) {
    Batcher b = new Batcher(data(), 10, bucket);
    List<Batch> x = b.epoch(new MersenneTwister(11));
    List<Batch> y = b.epoch(new MersenneTwister(11));
    assertEquals(x.size(), y.size());
    for (int i = 0; i < x.size(); i++) {
      assertArrayEquals(x.get(i).indices(), y.get(i).indices());
      assertArrayEquals(x.get(i).ids(), y.get(i).ids());
    }
    List<Batch> z = b.epoch(new MersenneTwister(12));
    boolean differs = false;
    for (int i = 0; i < x.size(); i++) {
      differs |= !java.util.Arrays.equals(x.get(i).indices(), z.get(i).indices());
    }
    assertTrue(differs, "another seed shuffles differently");
  }

  private static long padding(List<Batch> batches) {
    long pad = 0;
    for (Batch b : batches) {
      for (int len : b.lengths()) {
        pad += b.maxLen() - len;
      }
    }
    return pad;
  }

  @Test
  void bucketingReducesPadding() {
    EncodedDataset d = data();
    long plain = padding(new Batcher(d, 8, 1).epoch(new MersenneTwister(5)));
    long bucketed = padding(new Batcher(d, 8, 8).epoch(new MersenneTwister(5)));
    assertTrue(bucketed < plain, "bucketed " + bucketed + " vs plain " + plain);
  }

  @Test
  void inOrderKeepsDatasetOrder() {
    EncodedDataset d = data();
    List<Batch> batches = new Batcher(d, 10, 1).inOrder();
    int next = 0;
    for (Batch b : batches) {
      for (int idx : b.indices()) {
        assertEquals(next++, idx);
      }
    }
    assertEquals(d.size(), next);
  }
}

package org.rnn4j.cpu;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;
import org.rnn4j.model.Batch;

/** {@link PackedBatch}: packing a batch's real positions by length. */
class PackedBatchTest {
  @Test
  void packedBatchSortsByLengthAndCountsRunningSamples() {
    Batch b = Batch.of(new int[][] {{1, 1}, {1, 1, 1, 1}, {1}, {1, 1, 1, 1}}, null);
    PackedBatch p = PackedBatch.of(b);
    assertEquals(4, p.steps());
    assertEquals(11, p.rows());
    // Stable, longest first: samples 1 and 3 (length 4), then 0 (2), then 2 (1).
    assertArrayEquals(new int[] {1, 3, 0, 2}, new int[] {p.sample(0), p.sample(1), p.sample(2), p.sample(3)});
    assertArrayEquals(new int[] {4, 3, 2, 2, 0},
        new int[] {p.active(0), p.active(1), p.active(2), p.active(3), p.active(4)});
    assertEquals(0, p.active(-1));
    assertEquals(4 + 3 + 2 + 1, p.row(3, 1));
    assertEquals(2, p.position(0));
    // Slices of two: positions {0, 2} and {1, 3}.
    assertEquals(2, p.sliceActive(0, 0, 2));
    assertEquals(1, p.sliceActive(1, 1, 2));
    assertEquals(1, p.sliceActive(2, 0, 2));
  }
}

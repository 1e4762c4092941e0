package org.rnn4j.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.apache.commons.math3.random.MersenneTwister;
import org.apache.commons.math3.random.RandomGenerator;
import org.junit.jupiter.api.Test;

/** Balanced seeded subsets, pinned to the draw the examples made before the library did it. */
class SubsetsTest {
  /**
   * The examples' selection as it was before it moved into the library ({@code DataSetup.subset},
   * the chosen positions instead of the subset): the oracle that keeps old runs reproducible.
   */
  static int[] formerExampleSelection(int[] labels, int n, long seed) {
    List<List<Integer>> byLabel = List.of(new ArrayList<>(), new ArrayList<>());
    for (int i = 0; i < labels.length; i++) {
      byLabel.get(labels[i] == Review.POS ? 1 : 0).add(i);
    }
    int[] want = {n / 2, n - n / 2};
    RandomGenerator rng = new MersenneTwister(seed);
    int[] chosen = new int[n];
    int k = 0;
    for (int label = 0; label < 2; label++) {
      List<Integer> pool = byLabel.get(label);
      for (int i = 0; i < want[label]; i++) {
        int j = i + rng.nextInt(pool.size() - i);
        Integer tmp = pool.get(i);
        pool.set(i, pool.get(j));
        pool.set(j, tmp);
        chosen[k++] = pool.get(i);
      }
    }
    Arrays.sort(chosen);
    return chosen;
  }

  /** The examples' former salts: the train draw used seed ^ "train", the test draw seed ^ "test". */
  static final long FORMER_TRAIN_SALT = 0x7472_6169_6eL;
  static final long FORMER_TEST_SALT = 0x7465_7374L;

  /** {@code neg} zeros then {@code pos} ones: the order of a sorted IMDB split. */
  static int[] sortedLabels(int neg, int pos) {
    int[] labels = new int[neg + pos];
    Arrays.fill(labels, neg, neg + pos, 1);
    return labels;
  }

  @Test
  void drawsWhatTheExamplesDrewBefore() {
    MersenneTwister shapes = new MersenneTwister(11);
    for (int trial = 0; trial < 200; trial++) {
      int neg = 1 + shapes.nextInt(60);
      int pos = 1 + shapes.nextInt(60);
      int[] labels = shapes.nextBoolean() ? sortedLabels(neg, pos) : shuffled(neg, pos, trial);
      int n = 1 + shapes.nextInt(2 * Math.min(neg, pos));
      long seed = shapes.nextLong();
      assertArrayEquals(formerExampleSelection(labels, n, seed),
          Subsets.balancedIndices(labels, 2, n, seed), "trial " + trial);
    }
    // The real splits' shape with the example's default seed.
    int[] imdb = sortedLabels(12_500, 12_500);
    for (int n : new int[] {1, 400, 2001, 25_000}) {
      assertArrayEquals(formerExampleSelection(imdb, n, 42 ^ FORMER_TRAIN_SALT),
          Subsets.balancedIndices(imdb, 2, n, Subsets.seedFor(Split.TRAIN, 42)));
      assertArrayEquals(formerExampleSelection(imdb, n, 42 ^ FORMER_TEST_SALT),
          Subsets.balancedIndices(imdb, 2, n, Subsets.seedFor(Split.TEST, 42)));
    }
  }

  @Test
  void pinnedDraws() {
    // Computed with the former example code itself: changing the rule breaks reproducibility.
    assertArrayEquals(new int[] {4, 8, 13, 22, 25, 31, 45, 52, 58, 67},
        Subsets.balancedIndices(sortedLabels(30, 50), 2, 10, 7));
    // The example's --train-limit 400 / --test-limit 400 at its default seed 42, on IMDB's shape.
    int[] imdb = sortedLabels(12_500, 12_500);
    int[] train = Subsets.balancedIndices(imdb, 2, 400, Subsets.seedFor(Split.TRAIN, 42));
    assertEquals(-505314059, Arrays.hashCode(train));
    assertArrayEquals(new int[] {3, 197, 276}, Arrays.copyOf(train, 3));
    int[] test = Subsets.balancedIndices(imdb, 2, 400, Subsets.seedFor(Split.TEST, 42));
    assertEquals(537159719, Arrays.hashCode(test));
    assertEquals(24971, test[399]);
  }

  private static int[] shuffled(int neg, int pos, long seed) {
    int[] labels = sortedLabels(neg, pos);
    MersenneTwister rng = new MersenneTwister(seed);
    for (int i = labels.length - 1; i > 0; i--) {
      int j = rng.nextInt(i + 1);
      int t = labels[i];
      labels[i] = labels[j];
      labels[j] = t;
    }
    return labels;
  }

  @Test
  void balancedSeededAndInDataOrder() {
    int[] labels = shuffled(30, 50, 3);
    int[] a = Subsets.balancedIndices(labels, 2, 21, 7);
    assertEquals(21, a.length);
    int pos = 0;
    for (int i = 0; i < a.length; i++) {
      pos += labels[a[i]];
      assertTrue(i == 0 || a[i] > a[i - 1], "ascending, no repeats");
    }
    assertEquals(11, pos, "n/2 of label 0, the rest of label 1");
    assertArrayEquals(a, Subsets.balancedIndices(labels, 2, 21, 7), "same seed, same subset");
    assertFalse(Arrays.equals(a, Subsets.balancedIndices(labels, 2, 21, 8)),
        "another seed, another subset");
    assertFalse(Subsets.seedFor(Split.TRAIN, 5) == Subsets.seedFor(Split.TEST, 5));
  }

  @Test
  void moreLabelsShareTheRemainderFromTheLast() {
    int[] labels = new int[90];
    for (int i = 0; i < labels.length; i++) {
      labels[i] = i % 3;
    }
    int[] perLabel = new int[3];
    for (int i : Subsets.balancedIndices(labels, 3, 11, 1)) {
      perLabel[labels[i]]++;
    }
    assertArrayEquals(new int[] {3, 4, 4}, perLabel);
  }

  @Test
  void zeroMeansAll() {
    assertArrayEquals(new int[] {0, 1, 2}, Subsets.balancedIndices(new int[] {1, 0, 1}, 2, 0, 1));
    EncodedDataset d = new EncodedDataset(new int[][] {{2}, {3}}, new int[] {0, 1});
    assertSame(d, Subsets.balanced(d, 2, 0, 1));
    EncodedDataset one = Subsets.balanced(d, 2, 2, 1);
    assertEquals(2, one.size());
    assertEquals(1, one.label(1));
  }

  @Test
  void impossibleSubsetsSayWhy() {
    int[] labels = sortedLabels(30, 50);
    SubsetException tooMany = assertThrows(SubsetException.class,
        () -> Subsets.balancedIndices(labels, 2, 81, 1));
    assertEquals("a subset of 81 is more than the 80 items", tooMany.getMessage());
    assertEquals(-1, tooMany.label());
    assertEquals(80, tooMany.available());
    assertNull(tooMany.split());
    SubsetException unbalanced = assertThrows(SubsetException.class,
        () -> Subsets.balancedIndices(labels, 2, 70, 1));
    assertEquals("a subset of 70 needs 35 items labelled 0 but there are 30",
        unbalanced.getMessage());
    assertEquals(0, unbalanced.label());
    assertEquals(35, unbalanced.needed());
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> Subsets.balancedIndices(labels, 2, -1, 1));
    assertTrue(e.getMessage().contains("-1"), e.getMessage());
    e = assertThrows(IllegalArgumentException.class,
        () -> Subsets.balancedIndices(new int[] {0, 2}, 2, 1, 1));
    assertEquals("label 2 of item 1 is not in 0..1", e.getMessage());
  }
}

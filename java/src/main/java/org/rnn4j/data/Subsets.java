package org.rnn4j.data;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.apache.commons.math3.random.MersenneTwister;
import org.apache.commons.math3.random.RandomGenerator;

/**
 * Balanced, seeded random subsets: {@code n} items drawn with equal shares per label, in the
 * data's order. The draw depends only on the labels' order, {@code n} and the seed, so the same
 * seed picks the same items on every run and machine.
 *
 * <p>The rule (the one {@code ImdbBiLstm --train-limit} has always used): label {@code c} of
 * {@code k} gets {@code n / k} items, and the last {@code n % k} labels one more each (for two
 * labels: {@code n/2} of label 0, {@code n - n/2} of label 1). One MersenneTwister seeded with
 * the seed draws, label by label in order, a partial Fisher-Yates shuffle of that label's item
 * positions (kept in the data's order); the chosen positions are returned sorted.
 *
 * <p>{@link ImdbData#load} and {@link TextDataset#build} draw their limited splits this way with
 * {@link #seedFor(Split, long)}, so the train and test draws differ for one seed.
 */
public final class Subsets {
  /** Salts that give the two splits independent draws from one seed ("train", "test"). */
  private static final long TRAIN_SALT = 0x7472_6169_6eL;
  private static final long TEST_SALT = 0x7465_7374L;

  /** How errors name the subset: "trainLimit 70 needs 35 training reviews labelled neg ...". */
  record Wording(String limitName, Split split, String items, List<String> labelNames) {
    static Wording generic(int classes) {
      List<String> names = new ArrayList<>();
      for (int c = 0; c < classes; c++) {
        names.add(Integer.toString(c));
      }
      return new Wording("a subset of", null, "items", names);
    }
  }

  private Subsets() {
  }

  /** The seed a load draws {@code split}'s subset with, from the load's seed. */
  public static long seedFor(Split split, long seed) {
    return seed ^ (split == Split.TRAIN ? TRAIN_SALT : TEST_SALT);
  }

  /**
   * The positions of a balanced random subset of {@code n} of the items labelled {@code labels},
   * ascending; all positions when {@code n} is 0.
   *
   * @param labels  each item's label, in {@code [0, classes)}
   * @param classes the number of labels, at least 1
   * @throws SubsetException          if there are fewer than {@code n} items, or fewer of a label
   *                                  than its share
   * @throws IllegalArgumentException for a negative {@code n} or a label out of range
   */
  public static int[] balancedIndices(int[] labels, int classes, int n, long seed) {
    return choose(labels, classes, n, seed, Wording.generic(Math.max(classes, 0)));
  }

  /**
   * The balanced random subset of {@code n} of {@code d}'s items (see
   * {@link #balancedIndices}); {@code d} itself when {@code n} is 0.
   */
  public static EncodedDataset balanced(EncodedDataset d, int classes, int n, long seed) {
    return n == 0 ? d : d.subset(balancedIndices(labels(d), classes, n, seed));
  }

  static int[] labels(EncodedDataset d) {
    int[] labels = new int[d.size()];
    for (int i = 0; i < labels.length; i++) {
      labels[i] = d.label(i);
    }
    return labels;
  }

  /** {@link #balancedIndices} with errors worded by {@code w}. */
  static int[] choose(int[] labels, int classes, int n, long seed, Wording w) {
    if (classes < 1) {
      throw new IllegalArgumentException("classes must be at least 1, got " + classes);
    }
    if (n < 0) {
      throw new IllegalArgumentException(w.limitName() + " must be 0 (all) or positive, got " + n);
    }
    List<List<Integer>> byLabel = new ArrayList<>();
    for (int c = 0; c < classes; c++) {
      byLabel.add(new ArrayList<>());
    }
    for (int i = 0; i < labels.length; i++) {
      if (labels[i] < 0 || labels[i] >= classes) {
        throw new IllegalArgumentException("label " + labels[i] + " of item " + i
            + " is not in 0.." + (classes - 1));
      }
      byLabel.get(labels[i]).add(i);
    }
    if (n == 0) {
      int[] all = new int[labels.length];
      Arrays.setAll(all, i -> i);
      return all;
    }
    if (n > labels.length) {
      throw new SubsetException(w.limitName() + " " + n + " is more than the " + labels.length
          + " " + w.items(), w.split(), n, -1, n, labels.length);
    }
    RandomGenerator rng = new MersenneTwister(seed);
    int[] chosen = new int[n];
    int k = 0;
    for (int c = 0; c < classes; c++) {
      int want = n / classes + (c >= classes - n % classes ? 1 : 0);
      List<Integer> pool = byLabel.get(c);
      if (want > pool.size()) {
        throw new SubsetException(w.limitName() + " " + n + " needs " + want + " " + w.items()
            + " labelled " + w.labelNames().get(c) + " but there are " + pool.size(), w.split(),
            n, c, want, pool.size());
      }
      // Partial Fisher-Yates: the first `want` slots become a uniform random sample.
      for (int i = 0; i < want; i++) {
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
}

package org.rnn4j.testing;

import org.apache.commons.math3.random.MersenneTwister;
import org.apache.commons.math3.random.RandomGenerator;
import org.rnn4j.data.EncodedDataset;
import java.util.ArrayList;
import java.util.List;

/**
 * Synthetic encoded reviews that a bag-of-words model can learn: ids 2..11 are "positive" words,
 * 12..21 "negative", the rest neutral. Each word of a review of class 1 is positive with
 * probability 0.5, negative with 0.05, else neutral (mirrored for class 0). Lengths are uniform in
 * 1..{@code maxLen}. Short reviews are ambiguous: for maxLen 12 the best possible classifier (the
 * sign of #positive - #negative) is right about 93% of the time (simulated), chance is 50%.
 */
public final class ToyReviews {
  public static final int VOCAB = 40;

  private ToyReviews() {}

  public static EncodedDataset generate(int count, int maxLen, long seed) {
    RandomGenerator rng = new MersenneTwister(seed);
    int[][] seqs = new int[count][];
    int[] labels = new int[count];
    for (int i = 0; i < count; i++) {
      labels[i] = rng.nextInt(2);
      seqs[i] = new int[1 + rng.nextInt(maxLen)];
      for (int t = 0; t < seqs[i].length; t++) {
        seqs[i][t] = word(rng, labels[i]);
      }
    }
    return new EncodedDataset(seqs, labels);
  }

  /** The words {@code <pad>, <unk>, w2, ..., w39}: a vocabulary for checkpoints. */
  public static List<String> vocabulary() {
    List<String> words = new ArrayList<>(List.of("<pad>", "<unk>"));
    for (int i = 2; i < VOCAB; i++) {
      words.add("w" + i);
    }
    return words;
  }

  private static int word(RandomGenerator rng, int label) {
    double u = rng.nextDouble();
    if (u < 0.5) {
      return (label == 1 ? 2 : 12) + rng.nextInt(10);
    }
    if (u < 0.55) {
      return (label == 1 ? 12 : 2) + rng.nextInt(10);
    }
    return 22 + rng.nextInt(VOCAB - 22);
  }
}

package org.rnn4j.data;

/**
 * A validation set carved from the training reviews: {@code size} reviews, balanced between the
 * labels and drawn with {@link Subsets}' rule from {@code seed} (salted, so that it differs from
 * the draw of a training limit with the same seed). {@link ImdbData#load} carves it before it
 * builds the vocabulary, so that neither the vocabulary nor a training limit ever sees a
 * validation review; a trainer records it in its checkpoints and refuses to resume with another.
 *
 * @param size reviews in the validation set, 0 for none
 * @param seed the draw's seed
 */
public record ValidationSplit(int size, long seed) {
  /** Salt of the draw ("valid"). */
  private static final long SALT = 0x76_616c_6964L;

  public ValidationSplit {
    if (size < 0) {
      throw new IllegalArgumentException("the validation size must be 0 (none) or positive, got "
          + size);
    }
  }

  /** No validation set. */
  public static ValidationSplit none() {
    return new ValidationSplit(0, 0);
  }

  /** Whether there is a validation set. */
  public boolean enabled() {
    return size > 0;
  }

  /** The seed {@link Subsets} draws with. */
  long drawSeed() {
    return seed ^ SALT;
  }

  /**
   * The positions of the validation items among items labelled {@code labels} (two classes),
   * ascending, and the positions of the rest, ascending.
   *
   * @throws SubsetException if there are too few items of a label
   */
  Parts carve(int[] labels) {
    int[] chosen = Subsets.choose(labels, 2, size, drawSeed(), new Subsets.Wording(
        "the validation size", Split.TRAIN, "training reviews", java.util.List.of("neg", "pos")));
    boolean[] taken = new boolean[labels.length];
    for (int i : chosen) {
      taken[i] = true;
    }
    int[] rest = new int[labels.length - chosen.length];
    int k = 0;
    for (int i = 0; i < labels.length; i++) {
      if (!taken[i]) {
        rest[k++] = i;
      }
    }
    return new Parts(chosen, rest);
  }

  /** Item positions of the validation set and of the remaining training items. */
  record Parts(int[] validation, int[] rest) {}

  @Override
  public String toString() {
    return enabled() ? size + " training reviews (seed " + seed + ")" : "none";
  }
}

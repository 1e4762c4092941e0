package org.rnn4j.data;

import java.util.Comparator;

/**
 * One IMDB review.
 *
 * @param split  train or test
 * @param label  {@link #NEG} (0), {@link #POS} (1), or {@link #UNLABELLED} (-1) for
 *               {@code train/unsup}
 * @param rating the star rating from the file name {@code ID_RATING.txt} (1-4 neg, 7-10 pos, 0
 *               for unsup)
 * @param id     the numeric id from the file name
 * @param text   the review, decoded as UTF-8 (malformed bytes replaced by U+FFFD)
 * @param source the archive entry or file the review came from
 */
public record Review(Split split, int label, int rating, int id, String text, String source) {
  /** Label of a negative review. */
  public static final int NEG = 0;
  /** Label of a positive review. */
  public static final int POS = 1;
  /** The class names by label id, as a classifier trained on these reviews names them. */
  public static final java.util.List<String> LABELS = java.util.List.of("neg", "pos");
  /** Label of an unlabelled review ({@code train/unsup}). */
  public static final int UNLABELLED = -1;

  /** The datasets' order: split, label, then numeric id. Archive and folder sort alike. */
  public static final Comparator<Review> ORDER = Comparator.comparing(Review::split)
      .thenComparingInt(Review::label)
      .thenComparingInt(Review::id);

  public Review {
    if (split == null || text == null) {
      throw new IllegalArgumentException("split and text must not be null");
    }
    if (label < UNLABELLED || label > POS) {
      throw new IllegalArgumentException("label must be -1, 0 or 1, got " + label);
    }
  }

  /** The label's folder name: {@code neg}, {@code pos} or {@code unsup}. */
  public static String labelFolder(int label) {
    return switch (label) {
      case NEG -> "neg";
      case POS -> "pos";
      case UNLABELLED -> "unsup";
      default -> throw new IllegalArgumentException("label must be -1, 0 or 1, got " + label);
    };
  }
}

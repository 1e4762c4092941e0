package org.rnn4j.data;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The IMDB reviews read from an archive or folder, per split, each list sorted by
 * {@link Review#ORDER} (label, then numeric id), so an archive and its extracted folder give
 * equal datasets.
 */
public final class ImdbDataset {
  private final Path source;
  private final List<Review> train;
  private final List<Review> test;
  private final List<Review> unsup;
  private final long replacedChars;

  private ImdbDataset(Path source, List<Review> train, List<Review> test, List<Review> unsup,
      long replacedChars) {
    this.source = source;
    this.train = List.copyOf(train);
    this.test = List.copyOf(test);
    this.unsup = List.copyOf(unsup);
    this.replacedChars = replacedChars;
  }

  /**
   * Sorts {@code reviews} into a dataset.
   *
   * @throws DataFileException if two files name the same split, label and id
   */
  static ImdbDataset of(Path source, List<Review> reviews, long replacedChars)
      throws DataFileException {
    List<Review> sorted = new ArrayList<>(reviews);
    sorted.sort(Review.ORDER);
    List<Review> train = new ArrayList<>();
    List<Review> test = new ArrayList<>();
    List<Review> unsup = new ArrayList<>();
    Review previous = null;
    for (Review r : sorted) {
      if (previous != null && Review.ORDER.compare(previous, r) == 0) {
        throw new DataFileException("two files hold the same review (" + previous.source()
            + " and " + r.source() + ")", source, r.source(), 0, null);
      }
      previous = r;
      if (r.label() == Review.UNLABELLED) {
        unsup.add(r);
      } else {
        (r.split() == Split.TRAIN ? train : test).add(r);
      }
    }
    return new ImdbDataset(source, train, test, unsup, replacedChars);
  }

  /** This dataset with only the training reviews at {@code indices} (ascending). */
  ImdbDataset withTrain(int[] indices) {
    List<Review> kept = new ArrayList<>(indices.length);
    for (int i : indices) {
      kept.add(train.get(i));
    }
    return new ImdbDataset(source, kept, test, unsup, replacedChars);
  }

  /** The archive or folder read. */
  public Path source() {
    return source;
  }

  /** Labelled training reviews: neg by id, then pos by id. */
  public List<Review> train() {
    return train;
  }

  /** Labelled test reviews: neg by id, then pos by id. */
  public List<Review> test() {
    return test;
  }

  /** The labelled reviews of {@code split}. */
  public List<Review> split(Split split) {
    return split == Split.TRAIN ? train : test;
  }

  /** {@code train/unsup} reviews by id; empty unless asked for when reading. */
  public List<Review> unsup() {
    return unsup;
  }

  /** Number of reviews of {@code split} with {@code label}. */
  public int count(Split split, int label) {
    int n = 0;
    for (Review r : split(split)) {
      if (r.label() == label) {
        n++;
      }
    }
    return n;
  }

  /** Malformed UTF-8 sequences replaced by U+FFFD over all reviews read. */
  public long replacedChars() {
    return replacedChars;
  }
}

package org.rnn4j.data;

/**
 * A balanced subset that the data cannot supply: more items than there are, or more of one label
 * than that label has. The fields let a caller word its own message (a command-line program names
 * its option); {@link #getMessage()} is already a complete sentence.
 */
public final class SubsetException extends IllegalArgumentException {
  private static final long serialVersionUID = 1L;

  private final Split split;
  private final int limit;
  private final int label;
  private final int needed;
  private final int available;

  SubsetException(String message, Split split, int limit, int label, int needed, int available) {
    super(message);
    this.split = split;
    this.limit = limit;
    this.label = label;
    this.needed = needed;
    this.available = available;
  }

  /** The split whose limit failed, or null for a subset drawn outside a load. */
  public Split split() {
    return split;
  }

  /** The subset size asked for. */
  public int limit() {
    return limit;
  }

  /** The label that has too few items, or -1 when the whole split is too small. */
  public int label() {
    return label;
  }

  /** Items needed: of {@link #label()}, or in all when the label is -1. */
  public int needed() {
    return needed;
  }

  /** Items there are: of {@link #label()}, or in all when the label is -1. */
  public int available() {
    return available;
  }
}

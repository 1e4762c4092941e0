/*
 * Dimension key: n = one review's true length, DH = D*H one step's encoder output.
 */
package org.rnn4j.model;

import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;

/**
 * How the encoder outputs {@code y[0..n-1]} of one review become the head's features. Every choice
 * reads only the review's true length, never padding.
 */
public enum Pooling {
  /** {@code concat(y[0], y[n-1])}, 2*DH wide: the tutorial's first and last step. */
  FIRST_LAST(2),
  /** {@code max_t y[t]} per unit, DH wide; the gradient goes to the first step holding the max. */
  MAX(1),
  /** {@code (1/n) sum_t y[t]}, DH wide. */
  MEAN(1),
  /** {@code concat(max_t y[t], (1/n) sum_t y[t])}, 2*DH wide. */
  MAX_MEAN(2);

  private final int blocks;

  Pooling(int blocks) {
    this.blocks = blocks;
  }

  /** F, the width of the pooled features for an encoder output of width {@code dh}. */
  public int featureSize(int dh) {
    return blocks * dh;
  }

  /** The name in files and on the command line: {@code first_last}, {@code max}, ... */
  public String id() {
    return name().toLowerCase(Locale.ROOT);
  }

  @Override
  public String toString() {
    return id();
  }

  /** The pooling named {@code id} (as {@link #id()} writes it). */
  public static Pooling of(String id) {
    for (Pooling p : values()) {
      if (p.id().equals(id)) {
        return p;
      }
    }
    throw new IllegalArgumentException("unknown pooling '" + id + "'; choose one of "
        + Arrays.stream(values()).map(Pooling::id).collect(Collectors.joining(", ")));
  }
}

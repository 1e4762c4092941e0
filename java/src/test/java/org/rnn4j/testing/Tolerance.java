package org.rnn4j.testing;

/**
 * An element-wise closeness bound {@code |actual - expected| <= atol + rtol * |expected|}, with the
 * expected value taken from the more trusted side (the double-precision reference).
 */
public record Tolerance(double atol, double rtol) {
  /** Bitwise equality (for float values: equal as numbers, NaN never passes). */
  public static final Tolerance EXACT = new Tolerance(0, 0);

  public Tolerance {
    if (!(atol >= 0) || !(rtol >= 0)) {
      throw new IllegalArgumentException("tolerances must be non-negative, got " + atol + ", " + rtol);
    }
  }

  public boolean accepts(double expected, double actual) {
    return Math.abs(actual - expected) <= atol + rtol * Math.abs(expected);
  }

  @Override
  public String toString() {
    return "atol=" + atol + " rtol=" + rtol;
  }
}

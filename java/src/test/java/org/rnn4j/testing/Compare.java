package org.rnn4j.testing;

import static org.junit.jupiter.api.Assertions.fail;

import java.util.ArrayList;
import java.util.List;
import org.rnn4j.model.Parameters;

/**
 * Element-wise comparisons that, on failure, report the first few mismatches and the largest
 * difference, so a failing parity test says where and by how much.
 */
public final class Compare {
  private static final int SHOWN = 5;

  private Compare() {}

  /** Fails unless every {@code actual[i]} is within {@code tol} of {@code expected[i]}. */
  public static void assertClose(String what, double[] expected, double[] actual, Tolerance tol) {
    if (expected.length != actual.length) {
      fail(what + ": length " + actual.length + ", expected " + expected.length);
    }
    List<String> shown = new ArrayList<>();
    int bad = 0;
    int worst = -1;
    double worstDiff = -1;
    for (int i = 0; i < expected.length; i++) {
      double diff = Math.abs(actual[i] - expected[i]);
      double ranked = Double.isNaN(diff) ? Double.POSITIVE_INFINITY : diff;
      if (ranked > worstDiff) {
        worstDiff = ranked;
        worst = i;
      }
      if (!tol.accepts(expected[i], actual[i])) {
        bad++;
        if (shown.size() < SHOWN) {
          shown.add("[" + i + "] expected " + expected[i] + " got " + actual[i] + " (diff " + diff + ")");
        }
      }
    }
    if (bad > 0) {
      fail(what + ": " + bad + " of " + expected.length + " elements outside " + tol + "; first: "
          + String.join("; ", shown) + "; largest difference " + worstDiff + " at [" + worst + "]: expected "
          + expected[worst] + " got " + actual[worst]);
    }
  }

  public static void assertClose(String what, float[] expected, float[] actual, Tolerance tol) {
    assertClose(what, widen(expected), widen(actual), tol);
  }

  public static void assertClose(String what, double[] expected, float[] actual, Tolerance tol) {
    assertClose(what, expected, widen(actual), tol);
  }

  public static void assertClose(String what, double expected, double actual, Tolerance tol) {
    assertClose(what, new double[] {expected}, new double[] {actual}, tol);
  }

  /** Same names in the same order, every tensor within {@code tol}. */
  public static void assertClose(String what, Parameters expected, Parameters actual, Tolerance tol) {
    if (!new ArrayList<>(expected.names()).equals(new ArrayList<>(actual.names()))) {
      fail(what + ": tensors " + actual.names() + ", expected " + expected.names());
    }
    for (String name : expected.names()) {
      assertClose(what + " " + name, expected.get(name).data(), actual.get(name).data(), tol);
    }
  }

  /** Largest |a - b| over two equally long arrays. */
  public static double maxAbsDiff(double[] a, double[] b) {
    double m = 0;
    for (int i = 0; i < a.length; i++) {
      m = Math.max(m, Math.abs(a[i] - b[i]));
    }
    return m;
  }

  public static double[] widen(float[] v) {
    double[] d = new double[v.length];
    for (int i = 0; i < v.length; i++) {
      d[i] = v[i];
    }
    return d;
  }

  /** Every tensor of {@code actual} has the names, shapes and exact bits of {@code expected}. */
  public static void assertBitEqual(Parameters expected, Parameters actual) {
    org.junit.jupiter.api.Assertions.assertEquals(List.copyOf(expected.names()), List.copyOf(actual.names()));
    for (String name : expected.names()) {
      float[] a = expected.get(name).data();
      float[] b = actual.get(name).data();
      org.junit.jupiter.api.Assertions.assertArrayEquals(expected.get(name).shape(), actual.get(name).shape(), name);
      for (int i = 0; i < a.length; i++) {
        if (Float.floatToRawIntBits(a[i]) != Float.floatToRawIntBits(b[i])) {
          throw new AssertionError(name + "[" + i + "]: " + a[i] + " != " + b[i]);
        }
      }
    }
  }
}

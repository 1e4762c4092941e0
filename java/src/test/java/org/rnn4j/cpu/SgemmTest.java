package org.rnn4j.cpu;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.apache.commons.math3.random.MersenneTwister;
import org.junit.jupiter.api.Test;
import org.rnn4j.testing.Compare;
import org.rnn4j.testing.Tolerance;

/** {@link Sgemm}: the row-major GEMMs of the CPU encoder, against naive products. */
class SgemmTest {
  /** Float sums of up to 23 products of numbers in [-1, 1]: a few ulps of ~5. */
  private static final Tolerance GEMM = new Tolerance(1e-5, 1e-6);

  private static float[][] random(MersenneTwister rng, int rows, int cols) {
    float[][] m = new float[rows][cols];
    for (float[] r : m) {
      for (int j = 0; j < cols; j++) {
        r[j] = (float) (2 * rng.nextDouble() - 1);
      }
    }
    return m;
  }

  @Test
  void multiplyAddMatchesNaiveProductIncludingTails() {
    MersenneTwister rng = new MersenneTwister(1);
    int rows = 5;
    int depth = 23;
    int n = 19;
    int aCol = 3;
    float[][] a = random(rng, rows + 2, depth + aCol);
    float[][] b = random(rng, depth, n);
    float[][] c = random(rng, rows + 1, n);
    double[] expected = new double[rows * n];
    for (int r = 0; r < rows; r++) {
      for (int j = 0; j < n; j++) {
        double s = c[1 + r][j];
        for (int k = 0; k < depth; k++) {
          s += (double) a[2 + r][aCol + k] * b[k][j];
        }
        expected[r * n + j] = s;
      }
    }
    float[] untouched = c[0].clone();
    Sgemm.multiplyAdd(a, 2, aCol, depth, b, n, c, 1, rows);
    assertArrayEquals(untouched, c[0]);
    float[] got = new float[rows * n];
    for (int r = 0; r < rows; r++) {
      System.arraycopy(c[1 + r], 0, got, r * n, n);
    }
    Compare.assertClose("A B + C", expected, got, GEMM);
  }

  @Test
  void transposedMultiplyAddMatchesNaiveProductAcrossBlocks() {
    MersenneTwister rng = new MersenneTwister(2);
    int rows = 150; // more than two blocks of 64, with a tail of 22
    int m = 7;
    int n = 11;
    float[][] a = random(rng, rows, m + 2);
    float[][] b = random(rng, rows, n);
    float[][] c = new float[m][n];
    Sgemm.transposedMultiplyAdd(a, 2, b, rows, n, c, 1, 6);
    for (int i = 0; i < m; i++) {
      for (int j = 0; j < n; j++) {
        double s = 0;
        for (int r = 0; r < rows; r++) {
          s += (double) a[r][2 + i] * b[r][j];
        }
        double expected = i >= 1 && i < 6 ? s : 0;
        assertTrue(new Tolerance(1e-5, 1e-5).accepts(expected, c[i][j]),
            i + "," + j + ": " + c[i][j] + " vs " + expected);
      }
    }
  }
}

package org.rnn4j.cpu;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.util.Arrays;
import org.apache.commons.math3.random.MersenneTwister;
import org.junit.jupiter.api.Test;
import org.rnn4j.testing.Compare;
import org.rnn4j.testing.Tolerance;

/**
 * {@link Sgemm}: the row-major GEMMs of the CPU encoder, against naive products; and
 * {@link VectorSgemm} against Sgemm's loops, bit for bit, where the Vector API runs (the build's
 * tests start the JVM with it).
 */
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
    Sgemm.transposedMultiplyAdd(a, 2, b, rows, 0, n, c, 1, 6);
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

  /** Shapes that cross every blocking edge: rows past 64 and not a multiple of 4, depth past 256. */
  private static final int[][] SHAPES = {
    {1, 1, 1}, {3, 5, 7}, {4, 16, 16}, {13, 37, 100}, {64, 100, 400}, {67, 300, 200}, {130, 257, 33},
  };

  @Test
  void vectorMultiplyAddGivesTheLoopsBits() {
    assumeTrue(Sgemm.VECTOR, "the Vector API is not enabled in this JVM");
    MersenneTwister rng = new MersenneTwister(3);
    for (int[] shape : SHAPES) {
      int rows = shape[0];
      int depth = shape[1];
      int n = shape[2];
      float[][] a = random(rng, rows + 3, depth + 2);
      Sgemm.Matrix b = new Sgemm.Matrix(depth, n);
      for (int k = 0; k < depth; k++) {
        System.arraycopy(random(rng, 1, n)[0], 0, b.rows[k], 0, n);
      }
      b.packed();
      float[][] loops = random(rng, rows + 2, n);
      float[][] vector = new float[rows + 2][];
      for (int r = 0; r < vector.length; r++) {
        vector[r] = loops[r].clone();
      }
      Sgemm.multiplyAdd(a, 3, 2, depth, b.rows, n, loops, 1, rows);
      VectorSgemm.multiplyAdd(a, 3, 2, depth, bPanels(b, depth, n), vector, 1, rows);
      for (int r = 0; r < vector.length; r++) {
        assertArrayEquals(loops[r], vector[r], rows + "x" + depth + "x" + n + " row " + r);
      }
    }
  }

  private static Sgemm.Panels bPanels(Sgemm.Matrix b, int depth, int n) {
    Sgemm.Panels p = new Sgemm.Panels(depth, n);
    p.pack(b.rows);
    return p;
  }

  @Test
  void vectorWeightGradientsGiveTheLoopsBitsOnEveryColumnRange() {
    assumeTrue(Sgemm.VECTOR, "the Vector API is not enabled in this JVM");
    MersenneTwister rng = new MersenneTwister(4);
    for (int[] shape : SHAPES) {
      int rows = shape[0] * 5;
      int m0 = shape[1];
      int n = shape[2];
      int m1 = 1 + shape[0] % 7;
      float[][] x = random(rng, rows, m0 + 1);
      float[][] h = random(rng, rows, m1 + 3);
      float[][] b = random(rng, rows, n);
      int[] cut = {0, Math.min(n, 16 * ((n / 2 + 15) / 16)), n};
      for (int part = 0; part + 1 < cut.length; part++) {
        int j0 = cut[part];
        int j1 = cut[part + 1];
        if (j0 == j1) {
          continue;
        }
        float[][] expected0 = random(rng, m0, n);
        float[][] expected1 = random(rng, m1, n);
        double[] expectedBias = new double[n];
        for (int i = 0; i < m0; i++) {
          Arrays.fill(expected0[i], j0, j1, 0f);
        }
        for (int i = 0; i < m1; i++) {
          Arrays.fill(expected1[i], j0, j1, 0f);
        }
        Sgemm.transposedMultiplyAdd(x, 1, b, rows, j0, j1, expected0, 0, m0);
        Sgemm.transposedMultiplyAdd(h, 3, b, rows, j0, j1, expected1, 0, m1);
        for (float[] row : b) {
          for (int j = j0; j < j1; j++) {
            expectedBias[j] += row[j];
          }
        }
        float[][] got0 = new float[m0][n];
        float[][] got1 = new float[m1][n];
        double[] gotBias = new double[n];
        for (int i = 0; i < m0; i++) {
          System.arraycopy(expected0[i], 0, got0[i], 0, n);
          Arrays.fill(got0[i], j0, j1, Float.NaN);
        }
        for (int i = 0; i < m1; i++) {
          System.arraycopy(expected1[i], 0, got1[i], 0, n);
          Arrays.fill(got1[i], j0, j1, Float.NaN);
        }
        Arrays.fill(gotBias, j0, j1, Double.NaN);
        Sgemm.weightGradients(new float[][][] {x, h}, new int[] {1, 3}, new int[] {m0, m1},
            new float[][][] {got0, got1}, b, rows, j0, j1, gotBias);
        String at = rows + "x" + m0 + "/" + m1 + "x" + n + " columns " + j0 + ".." + j1;
        for (int i = 0; i < m0; i++) {
          assertArrayEquals(expected0[i], got0[i], at + " x row " + i);
        }
        for (int i = 0; i < m1; i++) {
          assertArrayEquals(expected1[i], got1[i], at + " h row " + i);
        }
        for (int j = 0; j < n; j++) {
          double want = j >= j0 && j < j1 ? expectedBias[j] : 0;
          assertTrue(Double.compare(want, gotBias[j]) == 0, at + " bias " + j + ": " + gotBias[j] + " vs " + want);
        }
      }
    }
  }

  /**
   * Step shapes for {@link Sgemm#gates}: rows, input width, hidden width, gate columns, linked
   * rows; depths (input + hidden) that cross the 256-deep blocks inside either part.
   */
  private static final int[][] STEPS = {
    {1, 1, 1, 1, 0}, {3, 5, 7, 16, 2}, {13, 37, 20, 100, 13}, {64, 100, 100, 400, 60},
    {67, 200, 100, 400, 67}, {70, 250, 30, 33, 5}, {9, 300, 10, 40, 9},
  };

  /** Float sums of up to 301 terms in [-1, 1] (bias and products): a few ulps of ~20. */
  private static final Tolerance GATES = new Tolerance(2e-5, 2e-6);

  /**
   * One step of {@link #STEPS}: its dimensions and random inputs x, h (read from column 2), the
   * stacked weights and the bias.
   */
  private record Step(int rows, int in, int hs, int n, int linked, float[][] x, float[][] h, Sgemm.Matrix w,
      float[] bias) {
    static Step random(MersenneTwister rng, int[] shape) {
      int rows = shape[0];
      int in = shape[1];
      int hs = shape[2];
      int n = shape[3];
      Sgemm.Matrix w = new Sgemm.Matrix(in + hs, n);
      for (int k = 0; k < in + hs; k++) {
        System.arraycopy(SgemmTest.random(rng, 1, n)[0], 0, w.rows[k], 0, n);
      }
      w.packed();
      return new Step(rows, in, hs, n, shape[4], SgemmTest.random(rng, rows, in),
          SgemmTest.random(rng, rows, hs + 2), w, SgemmTest.random(rng, 1, n)[0]);
    }

    /** {@link Sgemm#gates} into rows that start out as noise. */
    float[][] gates(MersenneTwister rng) {
      float[][] c = SgemmTest.random(rng, rows, n);
      Sgemm.gates(x, in, h, 2, hs, linked, rows, bias, w, c);
      return c;
    }

    @Override
    public String toString() {
      return rows + "x" + in + "+" + hs + "x" + n + " (" + linked + " linked)";
    }
  }

  @Test
  void gatesAreTheBiasPlusBothProducts() {
    MersenneTwister rng = new MersenneTwister(5);
    for (int[] shape : STEPS) {
      Step st = Step.random(rng, shape);
      float[][] c = st.gates(rng);
      double[] expected = new double[st.rows * st.n];
      float[] got = new float[st.rows * st.n];
      for (int r = 0; r < st.rows; r++) {
        for (int j = 0; j < st.n; j++) {
          double sum = st.bias[j];
          for (int k = 0; k < st.in; k++) {
            sum += (double) st.x[r][k] * st.w.rows[k][j];
          }
          for (int k = 0; r < st.linked && k < st.hs; k++) {
            sum += (double) st.h[r][2 + k] * st.w.rows[st.in + k][j];
          }
          expected[r * st.n + j] = sum;
        }
        System.arraycopy(c[r], 0, got, r * st.n, st.n);
      }
      Compare.assertClose(st + " gates", expected, got, GATES);
    }
  }

  @Test
  void vectorGatesGiveTheLoopsBits() {
    assumeTrue(Sgemm.VECTOR, "the Vector API is not enabled in this JVM");
    MersenneTwister rng = new MersenneTwister(6);
    for (int[] shape : STEPS) {
      Step st = Step.random(rng, shape);
      float[][] loops = new float[st.rows][];
      for (int r = 0; r < st.rows; r++) {
        loops[r] = st.bias.clone();
      }
      Sgemm.multiplyAdd(st.x, 0, 0, st.in, st.w.rows, st.n, loops, 0, st.rows);
      float[][] hPart = Arrays.copyOfRange(st.w.rows, st.in, st.in + st.hs);
      Sgemm.multiplyAdd(st.h, 0, 2, st.hs, hPart, st.n, loops, 0, st.linked);
      float[][] vector = st.gates(rng);
      for (int r = 0; r < st.rows; r++) {
        assertArrayEquals(loops[r], vector[r], st + " row " + r);
      }
    }
  }
}

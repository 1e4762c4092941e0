package org.rnn4j.cpu;

import java.util.Arrays;

/**
 * The float matrix products the CPU model is made of, on matrices held as arrays of rows: C += A B,
 * C += A^T B (the weight gradients), and one recurrent step's gates (the bias plus two products
 * that share C).
 *
 * <p>Two implementations that give the same bits: {@link VectorSgemm} (the JDK's Vector API, a
 * blocked GEMM, about twice as fast) where the JVM runs with
 * {@code --add-modules jdk.incubator.vector} on a CPU with 256-bit vectors, else the loops below,
 * which HotSpot vectorises on its own. {@code -Drnn4j.cpu.vector=false} forces the loops.
 *
 * <p>Why rows: HotSpot's C2 auto-vectorises {@code c[j] += a * b[j]} only when both arrays are
 * indexed from the same base; with a row offset in a flat array it cannot rule out overlap and
 * falls back to scalar code (measured: ~3 vs ~38 GFLOP/s per core on AVX-512). So every inner loop
 * here runs over a whole row {@code j = 0 .. n-1} of an output row and an input row, and four
 * input rows are combined per pass through a chain of fused multiply-adds (vectorised too, one
 * rounding per product, ~5% faster than separate multiply and add) to cut the loads and stores of
 * the output row by four. A second output row or eight input rows in the same loop defeat the
 * vectoriser again (~10 GFLOP/s). Every output element is written by one call only, so splitting
 * the output between threads keeps results bitwise independent of scheduling.
 */
final class Sgemm {
  private static final System.Logger LOG = System.getLogger(Sgemm.class.getName());

  /** Rows of B (the reduction) per block in {@link #transposedMultiplyAdd}: ~100 KB, fits L2. */
  private static final int BLOCK = 64;

  /** Column panel width of {@link VectorSgemm}: two 256-bit vectors of floats. */
  static final int PANEL = 16;

  /** Whether the products run on {@link VectorSgemm}; fixed when the class loads. */
  static final boolean VECTOR = chooseVector();

  private Sgemm() {}

  private static boolean chooseVector() {
    if (!Boolean.parseBoolean(System.getProperty("rnn4j.cpu.vector", "true"))) {
      return false;
    }
    if (ModuleLayer.boot().findModule("jdk.incubator.vector").isEmpty()) {
      LOG.log(System.Logger.Level.INFO, "rnn4j CPU backend: the JDK's Vector API is not enabled, so its"
          + " matrix products run on plain loops; start the JVM with --add-modules jdk.incubator.vector"
          + " for about twice the speed (same results)");
      return false;
    }
    try {
      return VectorSgemm.supported();
    } catch (LinkageError e) {
      return false;
    }
  }

  /** A {@code [depth][n]} matrix in column panels of {@value #PANEL}: {@code panel[p][k * PANEL + jj]}. */
  static final class Panels {
    final int depth;
    final int n;
    final float[][] panel;

    Panels(int depth, int n) {
      this.depth = depth;
      this.n = n;
      panel = new float[(n + PANEL - 1) / PANEL][depth * PANEL];
    }

    /** Copies {@code b[k][0..n)} in; the columns past n stay zero. */
    void pack(float[][] b) {
      for (int p = 0; p < panel.length; p++) {
        int j = p * PANEL;
        int w = Math.min(PANEL, n - j);
        float[] dst = panel[p];
        for (int k = 0; k < depth; k++) {
          System.arraycopy(b[k], j, dst, k * PANEL, w);
        }
      }
    }
  }

  /** A {@code [depth][n]} matrix as rows, and as {@link Panels} when {@link VectorSgemm} runs. */
  static final class Matrix {
    final float[][] rows;
    private final Panels panels;

    Matrix(int depth, int n) {
      rows = new float[depth][n];
      panels = VECTOR ? new Panels(depth, n) : null;
    }

    /** After writing {@link #rows}: brings the packed copy up to date. */
    void packed() {
      if (panels != null) {
        panels.pack(rows);
      }
    }
  }

  /**
   * {@code c[cRow + r][0..n) += sum_k a[aRow + r][aCol + k] * b.rows[k][0..n)}: as the method
   * below, with B a {@link Matrix} (packed after its last change).
   */
  static void multiplyAdd(float[][] a, int aRow, int aCol, int depth, Matrix b, float[][] c, int cRow,
      int rows) {
    if (b.panels != null) {
      VectorSgemm.multiplyAdd(a, aRow, aCol, depth, b.panels, c, cRow, rows);
    } else {
      multiplyAdd(a, aRow, aCol, depth, b.rows, b.rows[0].length, c, cRow, rows);
    }
  }

  /**
   * The gate pre-activations of one recurrent step, input and recurrent products in one pass:
   * {@code c[r][0..n) = bias + sum_k x[r][k] w.rows[k] + sum_k h[r][hCol + k] w.rows[in + k]} for
   * r in [0, rows), with the recurrent sum only for r in [0, linked) (the others start from a zero
   * state), k over [0, in) and [0, hs). {@code w} holds {@code W_ih^T} over {@code W_hh^T}:
   * {@code [in + hs][n]}. Each element is the bias followed by one fused multiply-add per k in that
   * order, whichever path runs.
   */
  static void gates(float[][] x, int in, float[][] h, int hCol, int hs, int linked, int rows, float[] bias,
      Matrix w, float[][] c) {
    if (w.panels != null) {
      VectorSgemm.gates(x, in, h, hCol, hs, linked, rows, bias, w.panels, c);
      return;
    }
    int n = bias.length;
    for (int r = 0; r < rows; r++) {
      System.arraycopy(bias, 0, c[r], 0, n);
      rowTimes(x[r], 0, in, w.rows, 0, n, c[r]);
      if (r < linked) {
        rowTimes(h[r], hCol, hs, w.rows, in, n, c[r]);
      }
    }
  }

  /**
   * Weight gradients that share one right-hand side: for each q,
   * {@code c[q][m][j] = sum_r a[q][r][aCol[q] + m] * b[r][j]} (overwritten) for m in [0, m[q]) and
   * j in [j0, j1), r in [0, rows); and {@code biasSum[j] = sum_r b[r][j]} in double. Each element's
   * sum runs over r in increasing order, one fused multiply-add at a time.
   */
  static void weightGradients(float[][][] a, int[] aCol, int[] m, float[][][] c, float[][] b, int rows,
      int j0, int j1, double[] biasSum) {
    for (int q = 0; q < a.length; q++) {
      for (int i = 0; i < m[q]; i++) {
        Arrays.fill(c[q][i], j0, j1, 0f);
      }
    }
    Arrays.fill(biasSum, j0, j1, 0);
    if (VECTOR) {
      VectorSgemm.transposedMultiplyAdd(a, aCol, m, c, b, rows, j0, j1, biasSum);
      return;
    }
    for (int r = 0; r < rows; r++) {
      float[] row = b[r];
      for (int j = j0; j < j1; j++) {
        biasSum[j] += row[j];
      }
    }
    for (int q = 0; q < a.length; q++) {
      transposedMultiplyAdd(a[q], aCol[q], b, rows, j0, j1, c[q], 0, m[q]);
    }
  }

  /**
   * {@code c[cRow + r][0..n) += sum_k a[aRow + r][aCol + k] * b[k][0..n)} for r in [0, rows),
   * k in [0, depth): C += A B with A row-major (read from column {@code aCol}) and B {@code [depth][n]}.
   */
  static void multiplyAdd(float[][] a, int aRow, int aCol, int depth, float[][] b, int n, float[][] c,
      int cRow, int rows) {
    for (int r = 0; r < rows; r++) {
      rowTimes(a[aRow + r], aCol, depth, b, 0, n, c[cRow + r]);
    }
  }

  /** {@code c[0..n) += sum_k a[aCol + k] * b[bRow + k][0..n)}. */
  static void rowTimes(float[] a, int aCol, int depth, float[][] b, int bRow, int n, float[] c) {
    int k = 0;
    for (; k + 4 <= depth; k += 4) {
      float a0 = a[aCol + k];
      float a1 = a[aCol + k + 1];
      float a2 = a[aCol + k + 2];
      float a3 = a[aCol + k + 3];
      float[] b0 = b[bRow + k];
      float[] b1 = b[bRow + k + 1];
      float[] b2 = b[bRow + k + 2];
      float[] b3 = b[bRow + k + 3];
      for (int j = 0; j < n; j++) {
        c[j] = Math.fma(a3, b3[j], Math.fma(a2, b2[j], Math.fma(a1, b1[j], Math.fma(a0, b0[j], c[j]))));
      }
    }
    for (; k < depth; k++) {
      float a0 = a[aCol + k];
      float[] b0 = b[bRow + k];
      for (int j = 0; j < n; j++) {
        c[j] = Math.fma(a0, b0[j], c[j]);
      }
    }
  }

  /**
   * {@code c[m][j0..j1) += sum_r a[r][aCol + m] * b[r][j0..j1)} for m in [m0, m1), r in [0, rows):
   * C += A^T B, the shape of a weight gradient summed over all rows of a batch. The sum over r
   * runs in blocks so that a block of B stays in cache while every output row takes it in.
   */
  static void transposedMultiplyAdd(float[][] a, int aCol, float[][] b, int rows, int j0, int j1,
      float[][] c, int m0, int m1) {
    for (int r0 = 0; r0 < rows; r0 += BLOCK) {
      int r1 = Math.min(rows, r0 + BLOCK);
      for (int m = m0; m < m1; m++) {
        blockTimes(a, aCol + m, b, r0, r1, j0, j1, c[m]);
      }
    }
  }

  private static void blockTimes(float[][] a, int col, float[][] b, int r0, int r1, int j0, int j1,
      float[] c) {
    int r = r0;
    for (; r + 4 <= r1; r += 4) {
      float a0 = a[r][col];
      float a1 = a[r + 1][col];
      float a2 = a[r + 2][col];
      float a3 = a[r + 3][col];
      float[] b0 = b[r];
      float[] b1 = b[r + 1];
      float[] b2 = b[r + 2];
      float[] b3 = b[r + 3];
      for (int j = j0; j < j1; j++) {
        c[j] = Math.fma(a3, b3[j], Math.fma(a2, b2[j], Math.fma(a1, b1[j], Math.fma(a0, b0[j], c[j]))));
      }
    }
    for (; r < r1; r++) {
      float a0 = a[r][col];
      float[] b0 = b[r];
      for (int j = j0; j < j1; j++) {
        c[j] = Math.fma(a0, b0[j], c[j]);
      }
    }
  }
}

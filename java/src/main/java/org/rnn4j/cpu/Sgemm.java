package org.rnn4j.cpu;

/**
 * The two float matrix products the CPU model is made of, on matrices held as arrays of rows.
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
  /** Rows of B (the reduction) per block in {@link #transposedMultiplyAdd}: ~100 KB, fits L2. */
  private static final int BLOCK = 64;

  private Sgemm() {}

  /**
   * {@code c[cRow + r][0..n) += sum_k a[aRow + r][aCol + k] * b[k][0..n)} for r in [0, rows),
   * k in [0, depth): C += A B with A row-major (read from column {@code aCol}) and B {@code [depth][n]}.
   */
  static void multiplyAdd(float[][] a, int aRow, int aCol, int depth, float[][] b, int n, float[][] c,
      int cRow, int rows) {
    for (int r = 0; r < rows; r++) {
      rowTimes(a[aRow + r], aCol, depth, b, n, c[cRow + r]);
    }
  }

  /** {@code c[0..n) += sum_k a[aCol + k] * b[k][0..n)}. */
  static void rowTimes(float[] a, int aCol, int depth, float[][] b, int n, float[] c) {
    int k = 0;
    for (; k + 4 <= depth; k += 4) {
      float a0 = a[aCol + k];
      float a1 = a[aCol + k + 1];
      float a2 = a[aCol + k + 2];
      float a3 = a[aCol + k + 3];
      float[] b0 = b[k];
      float[] b1 = b[k + 1];
      float[] b2 = b[k + 2];
      float[] b3 = b[k + 3];
      for (int j = 0; j < n; j++) {
        c[j] = Math.fma(a3, b3[j], Math.fma(a2, b2[j], Math.fma(a1, b1[j], Math.fma(a0, b0[j], c[j]))));
      }
    }
    for (; k < depth; k++) {
      float a0 = a[aCol + k];
      float[] b0 = b[k];
      for (int j = 0; j < n; j++) {
        c[j] = Math.fma(a0, b0[j], c[j]);
      }
    }
  }

  /**
   * {@code c[m][0..n) += sum_r a[r][aCol + m] * b[r][0..n)} for m in [m0, m1), r in [0, rows):
   * C += A^T B, the shape of a weight gradient summed over all rows of a batch. The sum over r
   * runs in blocks so that a block of B stays in cache while every output row takes it in.
   */
  static void transposedMultiplyAdd(float[][] a, int aCol, float[][] b, int rows, int n, float[][] c,
      int m0, int m1) {
    for (int r0 = 0; r0 < rows; r0 += BLOCK) {
      int r1 = Math.min(rows, r0 + BLOCK);
      for (int m = m0; m < m1; m++) {
        blockTimes(a, aCol + m, b, r0, r1, n, c[m]);
      }
    }
  }

  private static void blockTimes(float[][] a, int col, float[][] b, int r0, int r1, int n, float[] c) {
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
      for (int j = 0; j < n; j++) {
        c[j] = Math.fma(a3, b3[j], Math.fma(a2, b2[j], Math.fma(a1, b1[j], Math.fma(a0, b0[j], c[j]))));
      }
    }
    for (; r < r1; r++) {
      float a0 = a[r][col];
      float[] b0 = b[r];
      for (int j = 0; j < n; j++) {
        c[j] = Math.fma(a0, b0[j], c[j]);
      }
    }
  }
}

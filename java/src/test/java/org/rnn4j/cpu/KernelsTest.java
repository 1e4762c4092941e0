package org.rnn4j.cpu;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.concurrent.atomic.AtomicIntegerArray;
import org.apache.commons.math3.random.MersenneTwister;
import org.junit.jupiter.api.Test;
import org.rnn4j.model.Batch;
import org.rnn4j.testing.Compare;
import org.rnn4j.testing.Tolerance;

/** The building blocks of {@link CpuModel}: GEMMs, packing, activations, the worker pool. */
class KernelsTest {
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

  @Test
  void packedBatchSortsByLengthAndCountsRunningSamples() {
    Batch b = Batch.of(new int[][] {{1, 1}, {1, 1, 1, 1}, {1}, {1, 1, 1, 1}}, null);
    PackedBatch p = PackedBatch.of(b);
    assertEquals(4, p.steps());
    assertEquals(11, p.rows());
    // Stable, longest first: samples 1 and 3 (length 4), then 0 (2), then 2 (1).
    assertArrayEquals(new int[] {1, 3, 0, 2}, new int[] {p.sample(0), p.sample(1), p.sample(2), p.sample(3)});
    assertArrayEquals(new int[] {4, 3, 2, 2, 0},
        new int[] {p.active(0), p.active(1), p.active(2), p.active(3), p.active(4)});
    assertEquals(0, p.active(-1));
    assertEquals(4 + 3 + 2 + 1, p.row(3, 1));
    assertEquals(2, p.position(0));
    // Slices of two: positions {0, 2} and {1, 3}.
    assertEquals(2, p.sliceActive(0, 0, 2));
    assertEquals(1, p.sliceActive(1, 1, 2));
    assertEquals(1, p.sliceActive(2, 0, 2));
  }

  @Test
  void rationalTanhAndSigmoidAreFloatAccurate() {
    double worstTanh = 0;
    double worstSigmoid = 0;
    for (int i = -400000; i <= 400000; i++) {
      float x = i * 5e-5f;
      double t = Math.tanh(x);
      double err = Math.abs(LstmCell.tanhOf(x) - t) / Math.max(Math.abs(t), Float.MIN_NORMAL);
      worstTanh = Math.max(worstTanh, err);
      float[] s = {x};
      LstmCell.sigmoid(s, 0, 1);
      worstSigmoid = Math.max(worstSigmoid, Math.abs(s[0] - 1 / (1 + Math.exp(-x))));
    }
    assertTrue(worstTanh < 4e-7, "tanh relative error " + worstTanh);
    // 1/2 + tanh(x/2)/2 cannot go below the clamp: for x < -15.8 it gives ~2.3e-7 instead of e^x.
    assertTrue(worstSigmoid < 2.5e-7, "sigmoid absolute error " + worstSigmoid);
    assertEquals(1.0, LstmCell.tanhOf(Float.POSITIVE_INFINITY), 3e-7);
    assertEquals(-1.0, LstmCell.tanhOf(-1e30f), 3e-7);
    assertEquals(0f, LstmCell.tanhOf(0f));
    assertTrue(Float.isNaN(LstmCell.tanhOf(Float.NaN)), "NaN propagates");
  }

  @Test
  void workerPoolRunsEveryTaskOnceAndPropagatesFailures() {
    try (WorkerPool pool = new WorkerPool(3)) {
      AtomicIntegerArray runs = new AtomicIntegerArray(100);
      pool.run(100, runs::incrementAndGet);
      for (int i = 0; i < 100; i++) {
        assertEquals(1, runs.get(i), "task " + i);
      }
      IllegalStateException e = assertThrows(IllegalStateException.class, () -> pool.run(10, i -> {
        if (i == 7) {
          throw new IllegalStateException("task 7");
        }
      }));
      assertEquals("task 7", e.getMessage());
      pool.run(2, i -> { }); // still usable
    }
    assertThrows(IllegalArgumentException.class, () -> new WorkerPool(0));
  }
}

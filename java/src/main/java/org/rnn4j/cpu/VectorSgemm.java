package org.rnn4j.cpu;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorSpecies;

/**
 * {@link Sgemm}'s products written with the JDK's Vector API, as a blocked GEMM: the
 * left-hand rows are packed into tiles of {@value #MR} rows ({@code [k][MR]}, contiguous), the
 * right-hand side into column panels of {@value #NR} ({@code [k][NR]}, contiguous, once per weight
 * matrix in {@link Sgemm.Panels}), and a micro-kernel keeps a {@code MR x NR} block of C in eight
 * 256-bit registers while it runs down the shared dimension.
 *
 * <p>Every element of C is still {@code c = fma(a_k, b_k, c)} for k in increasing order, starting
 * from the value C held, exactly as in {@link Sgemm}'s scalar loops: blocking over k only stores and
 * reloads C between blocks, and the zeros that pad edge tiles only touch elements nobody reads. So
 * both paths give the same bits, which {@code SgemmTest} checks.
 *
 * <p>Why these sizes: a 4 x 16 block (8 accumulators) ran at ~75 GFLOP/s per core on a 2-core
 * AMD EPYC (AVX2, ~88 GFLOP/s peak), in L1, on JDK 17; 6 x 16 (12 accumulators) ran at either 44
 * or 71 from one JVM start to the next, as C2's register allocation went.
 *
 * <p>Only loaded when the module {@code jdk.incubator.vector} is in the boot layer (see
 * {@link Sgemm#VECTOR}).
 */
final class VectorSgemm {
  static final int MR = 4;
  static final int NR = Sgemm.PANEL;
  /** Rows of A per packed block: 64 x {@value #KC} floats, 64 KiB, in L2. */
  private static final int MC = 64;
  /** Depth per block: a B panel slice of {@value #KC} x 16 floats is 16 KiB, in L1. */
  private static final int KC = 256;
  private static final VectorSpecies<Float> S = FloatVector.SPECIES_256;

  private static final ThreadLocal<Scratch> SCRATCH = ThreadLocal.withInitial(Scratch::new);

  private VectorSgemm() {}

  /** Whether the platform runs 256-bit float vectors natively (AVX2 and wider). */
  static boolean supported() {
    return FloatVector.SPECIES_PREFERRED.vectorBitSize() >= 256;
  }

  /** Per-thread packing buffers and an edge tile, grown on demand. */
  private static final class Scratch {
    final float[] a = new float[MC * KC];
    float[][] b = new float[0][];
    final float[][] edge = new float[MR][NR];

    /** At least {@code count} panels of {@value #KC} x {@value #NR} floats. */
    float[][] panels(int count) {
      if (b.length < count) {
        float[][] grown = new float[count][];
        System.arraycopy(b, 0, grown, 0, b.length);
        for (int p = b.length; p < count; p++) {
          grown[p] = new float[KC * NR];
        }
        b = grown;
      }
      return b;
    }
  }

  /** As {@link Sgemm#multiplyAdd}, with B given as panels. */
  static void multiplyAdd(float[][] a, int aRow, int aCol, int depth, Sgemm.Panels b, float[][] c, int cRow,
      int rows) {
    Scratch s = SCRATCH.get();
    for (int r0 = 0; r0 < rows; r0 += MC) {
      int mr = Math.min(MC, rows - r0);
      int tiles = (mr + MR - 1) / MR;
      for (int k0 = 0; k0 < depth; k0 += KC) {
        int kc = Math.min(KC, depth - k0);
        packRows(a, aRow + r0, mr, aCol + k0, kc, kc, 0, s.a);
        for (int p = 0; p < b.panel.length; p++) {
          int j = p * NR;
          int w = Math.min(NR, b.n - j);
          float[] bp = b.panel[p];
          for (int t = 0; t < tiles; t++) {
            int r = cRow + r0 + t * MR;
            int h = Math.min(MR, mr - t * MR);
            block(s, s.a, t * MR * kc, bp, k0 * NR, kc, null, c, r, h, j, w);
          }
        }
      }
    }
  }

  /** As {@link Sgemm#gates}, with the stacked weights given as panels. */
  static void gates(float[][] x, int in, float[][] h, int hCol, int hs, int linked, int rows, float[] bias,
      Sgemm.Panels b, float[][] c) {
    stacked(x, in, h, hCol, hs, 0, linked, bias, b, c);
    stacked(x, in, null, 0, 0, linked, rows, bias, b, c);
  }

  /**
   * Rows [from, to) of {@link #gates} over the panels' first {@code in + hs} depths (hs is 0 for
   * rows without a previous state). The accumulators of the first depth block start from the
   * bias, so C is written without being read first.
   */
  private static void stacked(float[][] x, int in, float[][] h, int hCol, int hs, int from, int to, float[] bias,
      Sgemm.Panels b, float[][] c) {
    Scratch s = SCRATCH.get();
    int depth = in + hs;
    for (int r0 = from; r0 < to; r0 += MC) {
      int mr = Math.min(MC, to - r0);
      int tiles = (mr + MR - 1) / MR;
      for (int k0 = 0; k0 < depth; k0 += KC) {
        int kc = Math.min(KC, depth - k0);
        int k1 = k0 + kc;
        if (k0 < in) {
          packRows(x, r0, mr, k0, Math.min(in, k1) - k0, kc, 0, s.a);
        }
        if (k1 > in) {
          int start = Math.max(in, k0);
          packRows(h, r0, mr, hCol + start - in, k1 - start, kc, start - k0, s.a);
        }
        float[] init = k0 == 0 ? bias : null;
        for (int p = 0; p < b.panel.length; p++) {
          int j = p * NR;
          int w = Math.min(NR, b.n - j);
          float[] bp = b.panel[p];
          for (int t = 0; t < tiles; t++) {
            int r = r0 + t * MR;
            block(s, s.a, t * MR * kc, bp, k0 * NR, kc, init, c, r, Math.min(MR, mr - t * MR), j, w);
          }
        }
      }
    }
  }

  /**
   * As {@link Sgemm#transposedMultiplyAdd} for several left-hand sides that share B:
   * {@code c[q][m][j] += sum_r a[q][r][aCol[q] + m] * b[r][j]} for m in [0, m[q]), and, where
   * {@code biasSum} is not null, {@code biasSum[j] += sum_r b[r][j]} (in double), for the columns
   * j in [j0, j1) only (a multiple of {@value #NR} unless j1 is n).
   */
  static void transposedMultiplyAdd(float[][][] a, int[] aCol, int[] m, float[][][] c, float[][] b, int rows,
      int j0, int j1, double[] biasSum) {
    Scratch s = SCRATCH.get();
    int panels = (j1 - j0 + NR - 1) / NR;
    for (int r0 = 0; r0 < rows; r0 += KC) {
      int kc = Math.min(KC, rows - r0);
      float[][] bp = s.panels(panels);
      for (int p = 0; p < panels; p++) {
        int j = j0 + p * NR;
        packColumns(b, r0, kc, j, Math.min(NR, j1 - j), bp[p]);
      }
      if (biasSum != null) {
        for (int r = r0; r < r0 + kc; r++) {
          float[] row = b[r];
          for (int j = j0; j < j1; j++) {
            biasSum[j] += row[j];
          }
        }
      }
      for (int q = 0; q < a.length; q++) {
        for (int mt = 0; mt < m[q]; mt += MC) {
          int mr = Math.min(MC, m[q] - mt);
          int tiles = (mr + MR - 1) / MR;
          packColumnsTransposed(a[q], r0, kc, aCol[q] + mt, mr, s.a);
          for (int p = 0; p < panels; p++) {
            int j = j0 + p * NR;
            int w = Math.min(NR, j1 - j);
            for (int t = 0; t < tiles; t++) {
              int h = Math.min(MR, mr - t * MR);
              block(s, s.a, t * MR * kc, bp[p], 0, kc, null, c[q], mt + t * MR, h, j, w);
            }
          }
        }
      }
    }
  }

  /**
   * Rows [row, row + h) of a, columns [col, col + width), into depths [k, k + width) of tiles
   * {@code dst[t][kc][MR]}; the rows of the last tile past h are zeros.
   */
  private static void packRows(float[][] a, int row, int h, int col, int width, int kc, int k, float[] dst) {
    int tiles = (h + MR - 1) / MR;
    for (int t = 0; t < tiles; t++) {
      int base = t * MR * kc + k * MR;
      for (int i = 0; i < MR; i++) {
        int at = base + i;
        if (t * MR + i < h) {
          float[] src = a[row + t * MR + i];
          for (int q = 0; q < width; q++) {
            dst[at + q * MR] = src[col + q];
          }
        } else {
          for (int q = 0; q < width; q++) {
            dst[at + q * MR] = 0f;
          }
        }
      }
    }
  }

  /**
   * {@code a[row + k][col + i]} for k < kc, i < h into tiles {@code dst[t][k][MR]}, zero-padded.
   * Row by row of a, so that each row is fetched once for all the tiles it feeds.
   */
  private static void packColumnsTransposed(float[][] a, int row, int kc, int col, int h, float[] dst) {
    int full = h / MR;
    int rest = h - full * MR;
    for (int k = 0; k < kc; k++) {
      float[] src = a[row + k];
      int from = col;
      int at = k * MR;
      for (int t = 0; t < full; t++) {
        for (int i = 0; i < MR; i++) {
          dst[at + i] = src[from + i];
        }
        from += MR;
        at += MR * kc;
      }
      if (rest > 0) {
        for (int i = 0; i < MR; i++) {
          dst[at + i] = i < rest ? src[from + i] : 0f;
        }
      }
    }
  }

  /** {@code b[row + k][col .. col + w)} for k < kc into one panel {@code dst[k][NR]}, zero-padded. */
  private static void packColumns(float[][] b, int row, int kc, int col, int w, float[] dst) {
    for (int k = 0; k < kc; k++) {
      System.arraycopy(b[row + k], col, dst, k * NR, w);
      for (int jj = w; jj < NR; jj++) {
        dst[k * NR + jj] = 0f;
      }
    }
  }

  /**
   * C rows [r, r + h), columns [j, j + w) through the kernel, starting from C or, where
   * {@code init} is not null, from {@code init[j ..]} in every row; edges go through a full tile.
   */
  private static void block(Scratch s, float[] ap, int aOff, float[] bp, int bOff, int kc, float[] init,
      float[][] c, int r, int h, int j, int w) {
    if (h == MR && w == NR) {
      kernel(ap, aOff, bp, bOff, kc, init, c[r], c[r + 1], c[r + 2], c[r + 3], j);
      return;
    }
    float[][] e = s.edge;
    for (int i = 0; i < h; i++) {
      System.arraycopy(init != null ? init : c[r + i], j, e[i], 0, w);
    }
    kernel(ap, aOff, bp, bOff, kc, null, e[0], e[1], e[2], e[3], 0);
    for (int i = 0; i < h; i++) {
      System.arraycopy(e[i], 0, c[r + i], j, w);
    }
  }

  /**
   * {@code c_i[j .. j+16) = x_i + sum_k ap[aOff + k*4 + i] * bp[bOff + k*16 ..]} for i < 4, k < kc,
   * where x_i is {@code c_i[j ..]}, or {@code init[j ..]} where init is not null.
   */
  private static void kernel(float[] ap, int aOff, float[] bp, int bOff, int kc, float[] init, float[] c0,
      float[] c1, float[] c2, float[] c3, int j) {
    FloatVector x00;
    FloatVector x01;
    FloatVector x10;
    FloatVector x11;
    FloatVector x20;
    FloatVector x21;
    FloatVector x30;
    FloatVector x31;
    if (init != null) {
      x00 = FloatVector.fromArray(S, init, j);
      x01 = FloatVector.fromArray(S, init, j + 8);
      x10 = x00;
      x11 = x01;
      x20 = x00;
      x21 = x01;
      x30 = x00;
      x31 = x01;
    } else {
      x00 = FloatVector.fromArray(S, c0, j);
      x01 = FloatVector.fromArray(S, c0, j + 8);
      x10 = FloatVector.fromArray(S, c1, j);
      x11 = FloatVector.fromArray(S, c1, j + 8);
      x20 = FloatVector.fromArray(S, c2, j);
      x21 = FloatVector.fromArray(S, c2, j + 8);
      x30 = FloatVector.fromArray(S, c3, j);
      x31 = FloatVector.fromArray(S, c3, j + 8);
    }
    for (int k = 0; k < kc; k++) {
      int bi = bOff + k * NR;
      FloatVector b0 = FloatVector.fromArray(S, bp, bi);
      FloatVector b1 = FloatVector.fromArray(S, bp, bi + 8);
      int ai = aOff + k * MR;
      FloatVector v = FloatVector.broadcast(S, ap[ai]);
      x00 = v.fma(b0, x00);
      x01 = v.fma(b1, x01);
      v = FloatVector.broadcast(S, ap[ai + 1]);
      x10 = v.fma(b0, x10);
      x11 = v.fma(b1, x11);
      v = FloatVector.broadcast(S, ap[ai + 2]);
      x20 = v.fma(b0, x20);
      x21 = v.fma(b1, x21);
      v = FloatVector.broadcast(S, ap[ai + 3]);
      x30 = v.fma(b0, x30);
      x31 = v.fma(b1, x31);
    }
    x00.intoArray(c0, j);
    x01.intoArray(c0, j + 8);
    x10.intoArray(c1, j);
    x11.intoArray(c1, j + 8);
    x20.intoArray(c2, j);
    x21.intoArray(c2, j + 8);
    x30.intoArray(c3, j);
    x31.intoArray(c3, j + 8);
  }
}

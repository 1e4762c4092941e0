/*
 * Dimension key: B batch, T longest length, N packed rows (real positions), H hidden,
 * D directions, I layer input width (E or D*H); DH = D*H is one row of the layer's output;
 * W the width of one gate row: 4H for the LSTM (i, f, g, o), 4H for the GRU (a_r, a_z, gi_n,
 * gh_n), H for a plain RNN.
 */
package org.rnn4j.cpu;

import static org.rnn4j.model.ParameterLayout.biasHh;
import static org.rnn4j.model.ParameterLayout.biasIh;
import static org.rnn4j.model.ParameterLayout.weightHh;
import static org.rnn4j.model.ParameterLayout.weightIh;

import java.util.Arrays;
import org.rnn4j.model.Cell;

/**
 * One recurrent layer (both directions) of {@link CpuModel} over a {@link PackedBatch}: rows are
 * real positions only, so padding costs nothing. The cell ({@link LstmCell}, {@link GruCell},
 * {@link RnnCell}) is the only part that differs between cell types.
 *
 * <p>Forward: per step one GEMM for the gate pre-activations of the active samples,
 * {@code b + [x_t, h_prev] [W_ih^T; W_hh^T]} (input and recurrent products in one pass, so the
 * gate rows are written while in cache and the cell reads them there), then the cell. The GRU's
 * n gate needs its input and recurrent parts apart ({@code tanh(gi_n + r gh_n)}): its gate row
 * has a fourth block, {@code gh_n}, and the working matrices hold zeros where a block has no
 * input (or no recurrent) weights; that costs a third more multiply-adds than the GRU needs in
 * every product of the layer (forward, dx, the recurrent backward, the weight gradients), for one
 * code path. Backward data: the cell backward per step, which overwrites the stored
 * activations with the pre-activation gradients {@code da [N, W]}, and the recurrent
 * {@code da W_hh} per step; then {@code dx = da W_ih}. Backward weights, afterwards: GEMMs over
 * all N rows ({@code x^T da}, {@code h_prev^T da}).
 *
 * <p>Parallel tasks: directions x sample slices for the recurrences (each sample's chain stays in
 * one task), row chunks for dx, directions x gate-column groups for the
 * weight gradients (one pass over da per task). Every output element is computed by exactly one
 * task in a fixed order.
 */
final class CpuRecurrentLayer {
  private static final int ROW_CHUNK = 256;

  private final Cell cell;
  private final int width;
  private final int layer;
  private final int in;
  private final int hs;
  private final int dirs;
  private final Direction[] dir;
  private final RowBuffer output;
  private final RowBuffer inputGrad;
  private final float[] zeros;

  CpuRecurrentLayer(Cell cell, int layer, int in, int hidden, int directions) {
    this.cell = cell;
    this.width = cell == Cell.GRU ? 4 * hidden : cell.gates() * hidden;
    this.layer = layer;
    this.in = in;
    this.hs = hidden;
    this.dirs = directions;
    dir = new Direction[directions];
    for (int d = 0; d < directions; d++) {
      dir[d] = new Direction(d == 1);
    }
    output = new RowBuffer(directions * hidden);
    inputGrad = new RowBuffer(in);
    zeros = new float[directions * hidden];
  }

  /** Copies this layer's weights from the model's flat PyTorch-layout arrays into working form. */
  void loadWeights(HostParameters params) {
    for (Direction d : dir) {
      d.load(params);
    }
  }

  /**
   * Runs the layer over input rows x [N][I]; returns its output rows y [N][DH] (owned here). With
   * {@code forBackward} false (inference) the gate rows and cell states live in one row per sample,
   * overwritten at every step, instead of one per position: nothing for {@link #backwardData} is
   * kept, and the rows the cell reads stay in cache.
   */
  float[][] forward(PackedBatch pb, float[][] x, WorkerPool pool, boolean forBackward) {
    int n = pb.rows();
    float[][] y = output.rows(n);
    for (Direction d : dir) {
      d.prepare(forBackward ? n : 0, pb.size());
    }
    int slices = tasksPerDirection(pool);
    pool.run(dirs * slices, task -> dir[task % dirs].recur(pb, x, task / dirs, slices, y, forBackward));
    return y;
  }

  /**
   * Backpropagates dy [N][DH] (the gradient of this layer's output) through the layer as its last
   * {@link #forward} ran it: backpropagation through time, which overwrites the gate activations
   * with the pre-activation gradients da (what {@link #backwardWeights} reads), then returns
   * dx = da W_ih [N][I] (owned here) when {@code needInputGrad}, else null.
   */
  float[][] backwardData(PackedBatch pb, float[][] dy, boolean needInputGrad, WorkerPool pool) {
    int n = pb.rows();
    int slices = tasksPerDirection(pool);
    pool.run(dirs * slices, task -> dir[task % dirs].backRecur(pb, task / dirs, slices, dy));
    if (!needInputGrad) {
      return null;
    }
    float[][] dx = inputGrad.rows(n);
    int chunks = (n + ROW_CHUNK - 1) / ROW_CHUNK;
    pool.run(chunks, c -> inputGradient(dx, c * ROW_CHUNK, Math.min(n, (c + 1) * ROW_CHUNK)));
    return dx;
  }

  /**
   * After {@link #backwardData}: the bias and weight gradients from da, the input x of the last
   * forward and its previous hidden states, written into {@code grads} (overwritten, not added
   * to).
   */
  void backwardWeights(PackedBatch pb, float[][] x, HostParameters grads, WorkerPool pool) {
    int n = pb.rows();
    int groups = tasksPerDirection(pool);
    int share = (width + groups - 1) / groups;
    int step = (share + Sgemm.PANEL - 1) / Sgemm.PANEL * Sgemm.PANEL; // whole panels per task
    pool.run(dirs * groups, task -> {
      int j0 = Math.min(width, (task % groups) * step);
      int j1 = Math.min(width, j0 + step);
      if (j0 < j1) {
        dir[task / groups].weightGrad(x, n, j0, j1);
      }
    });
    for (Direction d : dir) {
      d.store(grads);
    }
  }

  /**
   * Copies the gate activations of the last forward's first {@code n} rows aside:
   * {@link #backwardData} overwrites them, everything else it reads stays as the forward left it.
   */
  void saveActivations(int n) {
    for (Direction d : dir) {
      copyRows(d.gates.rows(n), d.savedGates.rows(n), n);
    }
  }

  /** Writes the copy of {@link #saveActivations} back, so backwardData can run again. */
  void restoreActivations(int n) {
    for (Direction d : dir) {
      copyRows(d.savedGates.rows(n), d.gates.rows(n), n);
    }
  }

  private static void copyRows(float[][] from, float[][] to, int n) {
    for (int r = 0; r < n; r++) {
      System.arraycopy(from[r], 0, to[r], 0, from[r].length);
    }
  }

  private void inputGradient(float[][] dx, int r0, int r1) {
    for (int r = r0; r < r1; r++) {
      Arrays.fill(dx[r], 0f);
    }
    for (Direction d : dir) {
      Sgemm.multiplyAdd(d.gates.rows(r1), r0, 0, width, d.wih, dx, r0, r1 - r0);
    }
  }

  /**
   * The gate-row column of row r of PyTorch's {@code W_hh} and {@code b_hh}: r itself (input row r
   * of {@code W_ih} is column r), except for the GRU's n block, whose recurrent part has its own
   * block after it.
   */
  private int recurrentColumn(int r) {
    return cell == Cell.GRU && r >= 2 * hs ? r + hs : r;
  }

  /**
   * Tasks per direction (sample slices, or gate-column groups) so that directions x tasks covers
   * the threads.
   */
  private int tasksPerDirection(WorkerPool pool) {
    return Math.max(1, (pool.threads() + dirs - 1) / dirs);
  }

  void release() {
    output.release();
    inputGrad.release();
    for (Direction d : dir) {
      d.release();
    }
  }

  /** One direction: its weights in working form, what the forward pass keeps, its gradients. */
  private final class Direction {
    final boolean reverse;
    final int column;
    /** W_ih^T over W_hh^T: {@code [I + H][W]}. */
    final Sgemm.Matrix wT = new Sgemm.Matrix(in + hs, width);
    final Sgemm.Matrix wih = new Sgemm.Matrix(width, in);
    final Sgemm.Matrix whh = new Sgemm.Matrix(width, hs);
    final float[] bias = new float[width];
    final float[][] dWih = new float[in][width];
    final float[][] dWhh = new float[hs][width];
    final double[] dBias = new double[width];
    final RowBuffer gates = new RowBuffer(width);
    final RowBuffer savedGates = new RowBuffer(width);
    final RowBuffer cellState = new RowBuffer(hs);
    final RowBuffer tanhCell = new RowBuffer(hs);
    final RowBuffer dh = new RowBuffer(hs);
    final RowBuffer dc = new RowBuffer(hs);
    /** Inference: the current step's gate row, cell state and tanh of it, one row per sample. */
    final RowBuffer stepGates = new RowBuffer(width);
    final RowBuffer stepCell = new RowBuffer(hs);
    final RowBuffer stepTanh = new RowBuffer(hs);
    final float[] zeroState = new float[hs];
    float[][] hPrev = new float[0][];

    Direction(boolean reverse) {
      this.reverse = reverse;
      this.column = reverse ? hs : 0;
    }

    void load(HostParameters p) {
      float[] ih = p.parameter(weightIh(layer, reverse));
      float[] hh = p.parameter(weightHh(layer, reverse));
      float[] bi = p.parameter(biasIh(layer, reverse));
      float[] bh = p.parameter(biasHh(layer, reverse));
      // Every bias entry is written below; the GRU's blocks without weights of one kind are
      // never written and keep the zeros the matrices were created with.
      for (int r = 0; r < cell.gates() * hs; r++) { // input row r goes to gate column r
        int ch = recurrentColumn(r);
        for (int k = 0; k < in; k++) {
          wih.rows[r][k] = ih[r * in + k];
          wT.rows[k][r] = ih[r * in + k];
        }
        for (int k = 0; k < hs; k++) {
          whh.rows[ch][k] = hh[r * hs + k];
          wT.rows[in + k][ch] = hh[r * hs + k];
        }
        if (ch == r) {
          bias[r] = bi[r] + bh[r];
        } else {
          bias[r] = bi[r];
          bias[ch] = bh[r];
        }
      }
      wih.packed();
      whh.packed();
      wT.packed();
    }

    void prepare(int n, int batch) {
      gates.rows(n);
      if (cell == Cell.LSTM) {
        cellState.rows(n);
        tanhCell.rows(n);
      }
      dh.rows(batch);
      dc.rows(batch);
      stepGates.rows(batch);
      if (cell == Cell.LSTM) {
        stepCell.rows(batch);
        stepTanh.rows(batch);
      }
      if (hPrev.length < n) {
        hPrev = new float[n][];
      }
    }

    /**
     * The recurrence for sorted positions slice, slice + slices, ...; writes y[r][column ..]. The
     * gate row, cell state and tanh of it of sample s at position r are row r of this direction's
     * buffers, or with {@code keep} false row s of the step buffers (the cell state updated in
     * place).
     */
    void recur(PackedBatch pb, float[][] x, int slice, int slices, float[][] y, boolean keep) {
      int steps = pb.steps();
      int max = pb.sliceActive(0, slice, slices);
      float[][] xs = new float[max][];
      float[][] from = new float[max][];
      float[][] to = new float[max][];
      float[][] g = keep ? gates.rows(0) : stepGates.rows(0);
      float[][] c = keep ? cellState.rows(0) : stepCell.rows(0);
      float[][] tc = keep ? tanhCell.rows(0) : stepTanh.rows(0);
      LstmCell.Scratch lstm = cell == Cell.LSTM ? new LstmCell.Scratch(hs) : null;
      GruCell.Scratch gru = cell == Cell.GRU ? new GruCell.Scratch(hs) : null;
      for (int step = 0; step < steps; step++) {
        int t = reverse ? steps - 1 - step : step;
        int prev = reverse ? t + 1 : t - 1;
        int count = pb.sliceActive(t, slice, slices);
        int linked = Math.min(count, pb.sliceActive(prev, slice, slices));
        for (int i = 0; i < count; i++) {
          int s = slice + i * slices;
          xs[i] = x[pb.row(t, s)];
          to[i] = g[keep ? pb.row(t, s) : s];
          if (i < linked) {
            from[i] = y[pb.row(prev, s)];
          }
        }
        Sgemm.gates(xs, in, from, column, hs, linked, count, bias, wT, to);
        for (int i = 0; i < count; i++) {
          int s = slice + i * slices;
          int r = pb.row(t, s);
          int at = keep ? r : s;
          boolean has = i < linked;
          float[] h = has ? y[pb.row(prev, s)] : zeros;
          if (keep) {
            hPrev[r] = h;
          }
          switch (cell) {
            case LSTM -> LstmCell.forward(g[at], has ? c[keep ? pb.row(prev, s) : s] : zeroState, c[at], tc[at],
                y[r], column, hs, lstm);
            case GRU -> GruCell.forward(g[at], h, y[r], column, hs, gru);
            case RNN_TANH, RNN_RELU -> RnnCell.forward(cell == Cell.RNN_RELU, g[at], y[r], column, hs);
          }
        }
      }
    }

    /** Backpropagation through time for one slice; leaves da in the gate rows. */
    void backRecur(PackedBatch pb, int slice, int slices, float[][] dy) {
      int steps = pb.steps();
      float[][] dhs = dh.rows(0);
      float[][] dcs = dc.rows(0);
      for (int s = slice; s < pb.size(); s += slices) {
        Arrays.fill(dhs[s], 0f);
        Arrays.fill(dcs[s], 0f);
      }
      int max = pb.sliceActive(0, slice, slices);
      float[][] from = new float[max][];
      float[][] to = new float[max][];
      float[][] g = gates.rows(0);
      float[][] c = cellState.rows(0);
      float[][] tc = tanhCell.rows(0);
      LstmCell.Scratch lstm = cell == Cell.LSTM ? new LstmCell.Scratch(hs) : null;
      GruCell.Scratch gru = cell == Cell.GRU ? new GruCell.Scratch(hs) : null;
      for (int step = steps - 1; step >= 0; step--) {
        int t = reverse ? steps - 1 - step : step;
        int prev = reverse ? t + 1 : t - 1;
        int count = pb.sliceActive(t, slice, slices);
        int linked = Math.min(count, pb.sliceActive(prev, slice, slices));
        for (int i = 0; i < count; i++) {
          int s = slice + i * slices;
          int r = pb.row(t, s);
          switch (cell) {
            case LSTM -> {
              float[] cPrev = i < linked ? c[pb.row(prev, s)] : zeroState;
              LstmCell.backward(g[r], tc[r], cPrev, dy[r], column, dhs[s], dcs[s], hs, lstm);
              Arrays.fill(dhs[s], 0f);
            }
            case GRU -> GruCell.backward(g[r], hPrev[r], dy[r], column, dhs[s], hs, gru);
            case RNN_TANH, RNN_RELU -> RnnCell.backward(cell == Cell.RNN_RELU, g[r], dy[r], column, dhs[s], hs);
          }
        }
        // dhs[s] now holds the part of the previous h's gradient that bypasses W_hh (zero but for
        // the GRU); add the part through it
        for (int i = 0; i < linked; i++) {
          int s = slice + i * slices;
          from[i] = g[pb.row(t, s)];
          to[i] = dhs[s];
        }
        Sgemm.multiplyAdd(from, 0, 0, width, whh, to, 0, linked);
      }
    }

    /**
     * Gate columns [j0, j1) of dW_ih^T = x^T da, dW_hh^T = h_prev^T da and the bias gradient
     * (the column sums of da), over all n rows, in one pass over da.
     */
    void weightGrad(float[][] x, int n, int j0, int j1) {
      Sgemm.weightGradients(new float[][][] {x, hPrev}, new int[] {0, column}, new int[] {in, hs},
          new float[][][] {dWih, dWhh}, gates.rows(0), n, j0, j1, dBias);
    }

    /** Writes the gradients in PyTorch's layout: W [G*H][I] from dW^T [I][W]; biases alike. */
    void store(HostParameters p) {
      float[] gih = p.gradient(weightIh(layer, reverse));
      float[] ghh = p.gradient(weightHh(layer, reverse));
      float[] gbi = p.gradient(biasIh(layer, reverse));
      float[] gbh = p.gradient(biasHh(layer, reverse));
      for (int r = 0; r < cell.gates() * hs; r++) {
        int ch = recurrentColumn(r);
        for (int k = 0; k < in; k++) {
          gih[r * in + k] = dWih[k][r];
        }
        for (int k = 0; k < hs; k++) {
          ghh[r * hs + k] = dWhh[k][ch];
        }
        gbi[r] = (float) dBias[r];
        gbh[r] = (float) dBias[ch];
      }
    }

    void release() {
      gates.release();
      savedGates.release();
      cellState.release();
      tanhCell.release();
      dh.release();
      dc.release();
      stepGates.release();
      stepCell.release();
      stepTanh.release();
      hPrev = new float[0][];
    }
  }
}

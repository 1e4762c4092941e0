/*
 * Dimension key: H hidden, G gate blocks of one cell (4 LSTM, 3 GRU, 1 plain RNN).
 */
package org.rnn4j.model;

import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;

/**
 * The recurrent cell of every layer, with PyTorch's formulas and gate order (which are cuDNN's
 * too). With {@code gi = W_ih x + b_ih} and {@code gh = W_hh h_prev + b_hh}, both {@code [G*H]}:
 *
 * <ul>
 *   <li>{@link #LSTM}: gates i, f, g, o; {@code c = f c_prev + i g}, {@code h = o tanh(c)}, with
 *       i, f, o the sigmoid and g the tanh of {@code gi + gh}.</li>
 *   <li>{@link #GRU}: gates r, z, n; {@code r = sigmoid(gi_r + gh_r)},
 *       {@code z = sigmoid(gi_z + gh_z)}, {@code n = tanh(gi_n + r * gh_n)},
 *       {@code h = (1 - z) n + z h_prev}.</li>
 *   <li>{@link #RNN_TANH}, {@link #RNN_RELU}: {@code h = tanh(gi + gh)} or {@code relu(gi + gh)}.</li>
 * </ul>
 */
public enum Cell {
  LSTM(4),
  GRU(3),
  RNN_TANH(1),
  RNN_RELU(1);

  private final int gates;

  Cell(int gates) {
    this.gates = gates;
  }

  /** G, the gate blocks stacked in each of PyTorch's weight and bias tensors ({@code [G*H, ...]}). */
  public int gates() {
    return gates;
  }

  /** The name in files and on the command line: {@code lstm}, {@code gru}, {@code rnn_tanh}, ... */
  public String id() {
    return name().toLowerCase(Locale.ROOT);
  }

  @Override
  public String toString() {
    return id();
  }

  /** The cell named {@code id} (as {@link #id()} writes it). */
  public static Cell of(String id) {
    for (Cell c : values()) {
      if (c.id().equals(id)) {
        return c;
      }
    }
    throw new IllegalArgumentException("unknown cell '" + id + "'; choose one of "
        + Arrays.stream(values()).map(Cell::id).collect(Collectors.joining(", ")));
  }
}

package org.rnn4j.cpu;

/**
 * A growable matrix of rows of one width, kept between calls so that the steady-state training
 * step allocates nothing large. Rows hold stale values from earlier calls; users overwrite them.
 */
final class RowBuffer {
  private final int width;
  private float[][] rows = new float[0][];

  RowBuffer(int width) {
    this.width = width;
  }

  /** At least {@code count} rows of this buffer's width (the array may be longer). */
  float[][] rows(int count) {
    if (rows.length < count) {
      float[][] grown = new float[Math.max(count, rows.length + rows.length / 4)][];
      System.arraycopy(rows, 0, grown, 0, rows.length);
      for (int i = rows.length; i < grown.length; i++) {
        grown[i] = new float[width];
      }
      rows = grown;
    }
    return rows;
  }

  /** Drops the rows, for {@code close()}. */
  void release() {
    rows = new float[0][];
  }
}

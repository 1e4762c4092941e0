/*
 * Dimension key: B batch, T padded length, E embedding, H hidden, L layers, D directions.
 */
package org.rnn4j.cuda;

import org.rnn4j.cuda.runtime.Closer;
import org.rnn4j.model.ModelConfig;

/**
 * The cuDNN descriptors of one batch for {@link Encoder}: inputs x (width E) and outputs y (width
 * D*H), padded to T steps and laid out per {@link DataLayout}, and hidden (and cell) states h
 * ({@code [L*D, B, H]}). cuDNN keeps its own copy of the lengths they were set with.
 */
final class BatchDescriptors implements AutoCloseable {
  private final ModelConfig config;
  private final DataLayout layout;
  private final Closer own = new Closer();
  final RnnDataDescriptor x;
  final RnnDataDescriptor y;
  final TensorDescriptor h;
  int batch;
  int maxLen;
  boolean equalLengths;

  BatchDescriptors(ModelConfig config, DataLayout layout) {
    this.config = config;
    this.layout = layout;
    try {
      x = own.register(new RnnDataDescriptor());
      y = own.register(new RnnDataDescriptor());
      h = own.register(new TensorDescriptor());
    } catch (RuntimeException e) {
      throw own.closeAfter(e);
    }
  }

  void set(int b, int t, int[] lens) {
    boolean equal = true;
    for (int i = 0; i < b && equal; i++) {
      equal = lens[i] == t;
    }
    x.set(layout, t, b, config.embedSize(), lens);
    y.set(layout, t, b, config.outputSize(), lens);
    h.set(config.layers() * config.directions(), b, config.hiddenSize());
    batch = b;
    maxLen = t;
    equalLengths = equal;
  }

  @Override
  public void close() {
    own.close();
  }
}

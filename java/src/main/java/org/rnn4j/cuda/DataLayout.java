package org.rnn4j.cuda;

import static org.bytedeco.cuda.global.cudnn.CUDNN_RNN_DATA_LAYOUT_BATCH_MAJOR_UNPACKED;
import static org.bytedeco.cuda.global.cudnn.CUDNN_RNN_DATA_LAYOUT_SEQ_MAJOR_UNPACKED;

/**
 * How the encoder's padded inputs and outputs lie in device memory. Both take per-sample lengths;
 * the model's function is the same.
 */
public enum DataLayout {
  /**
   * {@code [T, B, N]} ({@code CUDNN_RNN_DATA_LAYOUT_SEQ_MAJOR_UNPACKED}): one time step's rows are
   * contiguous, as cuDNN's recurrence consumes them. PyTorch hands cuDNN this layout for all
   * unpacked input (it transposes batch-first tensors itself), including with the persistent
   * algorithm.
   */
  SEQ_MAJOR(CUDNN_RNN_DATA_LAYOUT_SEQ_MAJOR_UNPACKED),
  /** {@code [B, T, N]} ({@code CUDNN_RNN_DATA_LAYOUT_BATCH_MAJOR_UNPACKED}): one review's rows are contiguous. */
  BATCH_MAJOR(CUDNN_RNN_DATA_LAYOUT_BATCH_MAJOR_UNPACKED);

  final int cudnnValue;

  DataLayout(int cudnnValue) {
    this.cudnnValue = cudnnValue;
  }

  /** The flag the kernels take: 1 for sequence-major. */
  int kernelFlag() {
    return this == SEQ_MAJOR ? 1 : 0;
  }
}

package org.rnn4j.cuda;

import static org.bytedeco.cuda.global.cudnn.CUDNN_RNN_ALGO_PERSIST_STATIC_SMALL_H;
import static org.bytedeco.cuda.global.cudnn.CUDNN_RNN_ALGO_STANDARD;

/** cuDNN's RNN algorithm. */
public enum RnnAlgo {
  /** {@code CUDNN_RNN_ALGO_STANDARD}: always valid. */
  STANDARD(CUDNN_RNN_ALGO_STANDARD),
  /**
   * {@code CUDNN_RNN_ALGO_PERSIST_STATIC_SMALL_H}: keeps the recurrent weights in registers for
   * small hidden sizes; PyTorch picks it where cuDNN accepts it. Falls back to STANDARD when
   * cuDNN answers NOT_SUPPORTED.
   */
  PERSIST_STATIC_SMALL_H(CUDNN_RNN_ALGO_PERSIST_STATIC_SMALL_H);

  final int cudnnValue;

  RnnAlgo(int cudnnValue) {
    this.cudnnValue = cudnnValue;
  }
}

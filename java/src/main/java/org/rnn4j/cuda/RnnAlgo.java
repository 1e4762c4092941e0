package org.rnn4j.cuda;

import static org.bytedeco.cuda.global.cudnn.CUDNN_RNN_ALGO_PERSIST_STATIC_SMALL_H;
import static org.bytedeco.cuda.global.cudnn.CUDNN_RNN_ALGO_STANDARD;

/** Which cuDNN RNN algorithm runs a batch. */
public enum RnnAlgo {
  /** {@code CUDNN_RNN_ALGO_STANDARD}: always valid, takes per-sample lengths. */
  STANDARD(CUDNN_RNN_ALGO_STANDARD),
  /**
   * {@code CUDNN_RNN_ALGO_PERSIST_STATIC_SMALL_H}: keeps the recurrent weights on chip for small
   * hidden sizes. cuDNN's persistent kernels do not take per-sample lengths, so it runs only
   * batches whose reviews all have the same length (as PyTorch does for unpacked input); other
   * batches, and models cuDNN refuses it for, run STANDARD.
   */
  PERSIST_STATIC_SMALL_H(CUDNN_RNN_ALGO_PERSIST_STATIC_SMALL_H),
  /**
   * PyTorch's choice for FP32 LSTMs: PERSIST_STATIC_SMALL_H when H is at most 128 (its limit for
   * the backward pass), else STANDARD; with the same equal-length rule. Other cells run STANDARD
   * (the persistent kernels have only been studied for the LSTM here).
   */
  AUTO(CUDNN_RNN_ALGO_STANDARD);

  final int cudnnValue;

  RnnAlgo(int cudnnValue) {
    this.cudnnValue = cudnnValue;
  }
}

package org.rnn4j.cuda;

import static org.bytedeco.cuda.global.cublas.CUBLAS_DEFAULT_MATH;
import static org.bytedeco.cuda.global.cublas.CUBLAS_TF32_TENSOR_OP_MATH;
import static org.bytedeco.cuda.global.cudnn.CUDNN_DEFAULT_MATH;
import static org.bytedeco.cuda.global.cudnn.CUDNN_FMA_MATH;
import static org.bytedeco.cuda.global.cudnn.CUDNN_TENSOR_OP_MATH_ALLOW_CONVERSION;

/**
 * The arithmetic used inside cuDNN's RNN and the decoder's GEMMs. Data stay FP32 in memory in every
 * mode; the modes differ in what the matrix units may do with them.
 */
public enum MathMode {
  /** Plain FP32 with FMA only ({@code CUDNN_FMA_MATH}, cuBLAS default math): matches the CPU reference. */
  FP32(CUDNN_FMA_MATH, CUBLAS_DEFAULT_MATH),
  /**
   * TF32 tensor cores ({@code CUDNN_DEFAULT_MATH}, cuBLAS TF32): what PyTorch uses for FP32 RNNs
   * by default ({@code torch.backends.cudnn.allow_tf32 = True}); 10-bit mantissa products.
   */
  TF32(CUDNN_DEFAULT_MATH, CUBLAS_TF32_TENSOR_OP_MATH),
  /**
   * FP16 tensor cores with FP32 accumulation ({@code CUDNN_TENSOR_OP_MATH_ALLOW_CONVERSION}):
   * cuDNN converts the FP32 operands down to FP16 for its matrix products.
   */
  FP16_TENSOR_OPS(CUDNN_TENSOR_OP_MATH_ALLOW_CONVERSION, CUBLAS_DEFAULT_MATH);

  final int cudnnMath;
  final int cublasMath;

  MathMode(int cudnnMath, int cublasMath) {
    this.cudnnMath = cudnnMath;
    this.cublasMath = cublasMath;
  }
}

/*
 * Dimension key: B batch, F = 2*D*H pooled features, C classes.
 */
package org.rnn4j.cuda;

import static org.bytedeco.cuda.global.cublas.CUBLAS_OP_N;
import static org.bytedeco.cuda.global.cublas.CUBLAS_OP_T;
import static org.bytedeco.cuda.global.cublas.cublasSgemm_v2;

import org.bytedeco.javacpp.FloatPointer;
import org.rnn4j.cuda.runtime.Check;
import org.rnn4j.cuda.runtime.DevicePointer;

/**
 * The linear decoder's three matrix products on cuBLAS: {@link #forward} the logits,
 * {@link #backward} the weight and input gradients. Its bias is not here: in training the
 * {@code softmax_xent} kernel adds it to the logits (and computes its gradient), and for logits
 * alone {@code add_bias_rows} does. cuBLAS is column-major: a row-major {@code [R, K]} matrix is,
 * to it, a {@code K x R} matrix with leading dimension K, which is how every operand below is
 * passed.
 */
final class Decoder implements AutoCloseable {
  private final CublasHandle cublas;
  private final int f;
  private final int c;
  private final FloatPointer one = new FloatPointer(1).put(1f);
  private final FloatPointer zero = new FloatPointer(1).put(0f);

  Decoder(CublasHandle cublas, int features, int classes) {
    this.cublas = cublas;
    this.f = features;
    this.c = classes;
  }

  /** logits[B, C] = feat[B, F] · W[C, F]ᵀ, without the bias. */
  void forward(DevicePointer feat, DevicePointer w, DevicePointer logits, int b) {
    Check.cublas(cublasSgemm_v2(cublas.get(), CUBLAS_OP_T, CUBLAS_OP_N, c, b, f, one, w.asFloat(), f,
        feat.asFloat(), f, zero, logits.asFloat(), c), "cublasSgemm(decoder forward)");
  }

  /**
   * The two gradient products, in this order: dW[C, F] = dlogits[B, C]ᵀ · feat[B, F], then
   * dfeat[B, F] = dlogits[B, C] · W[C, F]; both overwrite their output.
   */
  void backward(DevicePointer feat, DevicePointer dlogits, DevicePointer w, DevicePointer dw,
      DevicePointer dfeat, int b) {
    Check.cublas(cublasSgemm_v2(cublas.get(), CUBLAS_OP_N, CUBLAS_OP_T, f, c, b, one, feat.asFloat(),
        f, dlogits.asFloat(), c, zero, dw.asFloat(), f), "cublasSgemm(decoder weight gradient)");
    Check.cublas(cublasSgemm_v2(cublas.get(), CUBLAS_OP_N, CUBLAS_OP_N, f, b, c, one, w.asFloat(), f,
        dlogits.asFloat(), c, zero, dfeat.asFloat(), f), "cublasSgemm(decoder input gradient)");
  }

  @Override
  public void close() {
    one.close();
    zero.close();
  }
}

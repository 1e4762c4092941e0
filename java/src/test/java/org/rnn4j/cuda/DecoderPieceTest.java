/*
 * Dimension key: B batch, F = 2*D*H pooled features, C classes.
 */
package org.rnn4j.cuda;

import static org.rnn4j.cuda.KernelReference.U;
import static org.rnn4j.cuda.KernelReferenceTest.uniform;

import org.apache.commons.math3.random.MersenneTwister;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.rnn4j.cuda.runtime.DevicePointer;
import org.rnn4j.testing.Compare;
import org.rnn4j.testing.Tolerance;

/**
 * The decoder's three cuBLAS products ({@link Decoder}, exact FP32 math) alone, against
 * {@link KernelReference}'s loops (held against the CPU head steps by {@link KernelReferenceTest}): the
 * piece between pooling and the loss kernel, where a transposed operand or a wrong leading
 * dimension would hide in a whole-model comparison. Each output element is a dot product of
 * length K (F, B or C), off by at most {@code K u / (1 - K u)} times the sum of its terms'
 * magnitudes in any summation order; the bound used is the largest over the elements. Outputs
 * start filled with a sentinel, so products that should overwrite and do not show up. Not yet
 * run on a GPU.
 */
@GpuTest
@Tag("gpu-pieces")
class DecoderPieceTest {
  private static final int F = 12;
  private static final int C = 2;

  @Test
  void decoderProductsMatchTheReference() {
    try (DeviceArrays gpu = new DeviceArrays()) {
      CublasHandle cublas = gpu.own(new CublasHandle(gpu.stream(), MathMode.FP32.cublasMath));
      Decoder decoder = gpu.own(new Decoder(cublas, F, C));
      for (int b : new int[] {3, 300}) {
        MersenneTwister rng = new MersenneTwister(b);
        float[] feat = uniform(rng, b * F, 1);
        float[] w = uniform(rng, C * F, 0.3);
        float[] dlogits = uniform(rng, b * C, 1.0 / b);
        DevicePointer featD = gpu.floats(feat);
        DevicePointer wD = gpu.floats(w);
        DevicePointer dlogitsD = gpu.floats(dlogits);
        DevicePointer logits = gpu.filled(b * C, -7.25f);
        DevicePointer dw = gpu.filled(C * F, -7.25f);
        DevicePointer dfeat = gpu.filled(b * F, -7.25f);
        decoder.forward(featD, wD, logits, b);
        decoder.backward(featD, dlogitsD, wD, dw, dfeat, b);
        gpu.stream().synchronize("the decoder's products");
        String what = "B=" + b + " ";
        Compare.assertClose(what + "logits = feat W^T", KernelReference.linear(feat, w, b, F, C),
            gpu.read(logits, b * C), bound(magnitudes(feat, w, b, F, C, 0), F));
        Compare.assertClose(what + "dW = dlogits^T feat",
            KernelReference.linearWeightGrad(feat, dlogits, b, F, C), gpu.read(dw, C * F),
            bound(magnitudes(feat, dlogits, b, F, C, 1), b));
        Compare.assertClose(what + "dfeat = dlogits W",
            KernelReference.linearInputGrad(dlogits, w, b, F, C), gpu.read(dfeat, b * F),
            bound(magnitudes(dlogits, w, b, F, C, 2), C));
      }
    }
  }

  /** The K-term dot product bound for the largest sum of term magnitudes. */
  private static Tolerance bound(double largestMagnitude, int k) {
    return new Tolerance(k * U / (1 - k * U) * largestMagnitude, 0);
  }

  /**
   * The largest sum of |terms| of any output element of product {@code which}: 0 logits
   * (a = feat, b = W), 1 dW (a = feat, b = dlogits), 2 dfeat (a = dlogits, b = W).
   */
  private static double magnitudes(float[] a, float[] b, int batch, int f, int classes, int which) {
    float[] absA = abs(a);
    float[] absB = abs(b);
    double[] sums = switch (which) {
      case 0 -> KernelReference.linear(absA, absB, batch, f, classes);
      case 1 -> KernelReference.linearWeightGrad(absA, absB, batch, f, classes);
      default -> KernelReference.linearInputGrad(absA, absB, batch, f, classes);
    };
    double max = 0;
    for (double s : sums) {
      max = Math.max(max, s);
    }
    return max;
  }

  private static float[] abs(float[] v) {
    float[] out = new float[v.length];
    for (int i = 0; i < v.length; i++) {
      out[i] = Math.abs(v[i]);
    }
    return out;
  }
}

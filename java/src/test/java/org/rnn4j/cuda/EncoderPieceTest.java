/*
 * Dimension key: B batch, T padded length, E embedding, H hidden, L layers, D directions; DH = D*H.
 */
package org.rnn4j.cuda;

import static org.junit.jupiter.api.Assertions.assertAll;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.rnn4j.cuda.KernelReferenceTest.uniform;

import java.util.ArrayList;
import java.util.List;
import org.apache.commons.math3.random.MersenneTwister;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.function.Executable;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.rnn4j.cpu.CpuEncoderTwin;
import org.rnn4j.cuda.runtime.CudaStream;
import org.rnn4j.cuda.runtime.DevicePointer;
import org.rnn4j.model.Initializer;
import org.rnn4j.model.ModelConfig;
import org.rnn4j.model.ParameterLayout;
import org.rnn4j.model.Parameters;
import org.rnn4j.testing.Compare;
import org.rnn4j.testing.Tolerance;

/**
 * cuDNN's encoder alone ({@link Encoder}: forward in inference and training mode, backward data,
 * backward weights) with weights placed by {@link DeviceParameters}, against CpuModel's own LSTM
 * layers on the same weights ({@link CpuEncoderTwin}, held against CpuModel by
 * {@link KernelReferenceTest}): y, dx for a given dy, and every LSTM weight gradient by its
 * PyTorch name; over {1, 2 layers} x {uni, bi} x {equal, ragged lengths} x {both layouts}, p = 0,
 * STANDARD algorithm, exact FP32 math.
 *
 * <p>Tolerance {@code 1e-6 + 1e-4 |cpu|}, the bound the model tests hold cuDNN to against the
 * double-precision reference (see {@link CudnnModelContractTest}); the float CPU layers stay
 * within a tenth of that of the reference (CpuModelParityTest), so they stand in for it. y must
 * be exactly 0 at padded steps (cuDNN's padding fill); dx is compared at real steps only, as
 * nothing reads it elsewhere (embedding_backward skips padding). Not yet run on a GPU.
 */
@GpuTest
@Tag("gpu-pieces")
class EncoderPieceTest {
  private static final Tolerance TOL = new Tolerance(1e-6, 1e-4);
  private static final float SENTINEL = -7.25f;
  private static final int B = 3;
  private static final int T = 5;

  static List<Arguments> cases() {
    List<Arguments> list = new ArrayList<>();
    for (int layers = 1; layers <= 2; layers++) {
      for (boolean bi : new boolean[] {false, true}) {
        for (boolean equal : new boolean[] {true, false}) {
          for (DataLayout layout : DataLayout.values()) {
            list.add(Arguments.of(layers, bi, equal, layout));
          }
        }
      }
    }
    return list;
  }

  /** E = 4 and H = 3 differ, so a transposed matrix cannot go unnoticed. */
  @ParameterizedTest(name = "layers={0} bidirectional={1} equalLengths={2} {3}")
  @MethodSource("cases")
  void encoderMatchesTheCpuLayers(int layers, boolean bi, boolean equal, DataLayout layout) {
    ModelConfig c = new ModelConfig(10, 4, false, 3, layers, bi, 0.0, 2);
    long seed = 40 + 10L * layers + (bi ? 1 : 0) + (equal ? 2 : 0);
    Parameters p = Initializer.pytorchDefault(ParameterLayout.of(c), seed);
    int[] lengths = equal ? new int[] {T, T, T} : new int[] {3, T, 1};
    int e = c.embedSize();
    int dh = c.outputSize();
    MersenneTwister rng = new MersenneTwister(seed);
    float[] x = zeroPadding(uniform(rng, B * T * e, 1), lengths, e); // batch-major, as gathered
    // At every real step (more index coverage than the model's two), at the model's scale, for
    // which TOL's atol was set: pooled gradients are |dlogit| |W| ~ 0.3 / B. 0 at padding, as
    // pool_backward writes it.
    float[] dy = zeroPadding(uniform(rng, B * T * dh, 0.02), lengths, dh);
    float[] yCpu;
    CpuEncoderTwin.Gradients cpu;
    try (CpuEncoderTwin twin = new CpuEncoderTwin(c, p, 1)) {
      yCpu = twin.forward(x, lengths, T);
      cpu = twin.backward(dy);
    }
    String what = layers + " layer(s), " + (bi ? "bi" : "uni") + ", lengths "
        + java.util.Arrays.toString(lengths) + ", " + layout + ": ";
    float[] yInfer;
    float[] yTrain;
    float[] dxGpu;
    Parameters grads;
    try (DeviceArrays gpu = new DeviceArrays()) {
      CudaStream s = gpu.stream();
      CudnnHandle cudnn = gpu.own(new CudnnHandle(s));
      Encoder enc = gpu.own(new Encoder(cudnn, c, CudnnOptions.defaults().withLayout(layout), seed));
      DeviceParameters params = gpu.own(new DeviceParameters(c, cudnn, enc.layoutDescriptor(), s));
      StepBuffers buf = gpu.own(new StepBuffers(c, s));
      params.upload(p, s);
      DevicePointer weights = params.weightSpace(params.params());
      DevicePointer len = gpu.ints(lengths);
      DevicePointer xd = gpu.floats(KernelReference.toLayout(x, B, T, e, layout));
      enc.describe(B, T, lengths);

      // Inference mode (the model's logits() outside training): no reserve space.
      Encoder.TempSizes temp = enc.tempSizes(false, false);
      buf.ensureTemp(temp.workspace(), temp.reserve(), B, T);
      DevicePointer y = gpu.filled(B * T * dh, SENTINEL);
      enc.forward(false, false, len, xd, y, weights, buf, s);
      yInfer = KernelReference.toBatchMajor(gpu.read(y, B * T * dh), B, T, dh, layout);

      // Training mode, then both backward passes on its reserve space.
      temp = enc.tempSizes(false, true);
      buf.ensureTemp(temp.workspace(), temp.reserve(), B, T);
      y = gpu.filled(B * T * dh, SENTINEL);
      DevicePointer dx = gpu.filled(B * T * e, SENTINEL);
      enc.forward(false, true, len, xd, y, weights, buf, s);
      params.grads().zeroAsync(s, 0, params.grads().bytes());
      enc.backwardData(false, len, y, gpu.floats(KernelReference.toLayout(dy, B, T, dh, layout)), dx,
          weights, buf, s);
      enc.backwardWeights(false, len, xd, y, params.weightSpace(params.grads()), buf, s);
      yTrain = KernelReference.toBatchMajor(gpu.read(y, B * T * dh), B, T, dh, layout);
      dxGpu = KernelReference.toBatchMajor(gpu.read(dx, B * T * e), B, T, e, layout);
      grads = params.downloadFlat(params.grads(), "", s);
    }
    // Every comparison reports, not only the first that fails: which of them fail tells the piece.
    List<Executable> checks = new ArrayList<>();
    checks.add(() -> checkY(what + "inference y", yCpu, yInfer, lengths, dh));
    checks.add(() -> checkY(what + "training y", yCpu, yTrain, lengths, dh));
    checks.add(() -> Compare.assertClose(what + "dx at real steps", cpu.dx(),
        zeroPadding(dxGpu, lengths, e), TOL));
    for (String name : cpu.weights().names()) {
      checks.add(() -> Compare.assertClose(what + "gradient " + name, cpu.weights().get(name).data(),
          grads.get(name).data(), TOL));
    }
    for (String name : new String[] {ParameterLayout.DECODER_WEIGHT, ParameterLayout.DECODER_BIAS}) {
      checks.add(() -> Compare.assertClose(what + name + " (outside cuDNN's weight space)",
          new float[grads.get(name).size()], grads.get(name).data(), Tolerance.EXACT));
    }
    assertAll(what, checks);
  }

  /** y (batch-major) within TOL of the CPU's at real steps and exactly 0 at padded steps. */
  private static void checkY(String what, float[] expected, float[] y, int[] lengths, int dh) {
    Compare.assertClose(what, expected, zeroPadding(y.clone(), lengths, dh), TOL);
    for (int b = 0; b < B; b++) {
      for (int t = lengths[b]; t < T; t++) {
        for (int k = 0; k < dh; k++) {
          assertEquals(0f, y[(b * T + t) * dh + k], what + " at padded step " + t + " of sample " + b);
        }
      }
    }
  }

  /** Sets the padded steps of a batch-major {@code [B, T, W]} tensor to 0, in place; returns it. */
  private static float[] zeroPadding(float[] v, int[] lengths, int width) {
    for (int b = 0; b < B; b++) {
      java.util.Arrays.fill(v, (b * T + lengths[b]) * width, (b + 1) * T * width, 0f);
    }
    return v;
  }
}

/*
 * Dimension key: B batch, T padded length, V vocabulary, E embedding, DH = D*H, F = 2*DH, C classes.
 */
package org.rnn4j.cuda;

import org.rnn4j.model.Pooling;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.ArrayList;
import java.util.List;
import org.apache.commons.math3.random.MersenneTwister;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.MethodSource;
import org.rnn4j.cpu.CpuEncoderTwin;
import org.rnn4j.cpu.CpuModel;
import org.rnn4j.cpu.CpuPieces;
import org.rnn4j.model.Batch;
import org.rnn4j.model.AdamConfig;
import org.rnn4j.model.Initializer;
import org.rnn4j.model.ModelConfig;
import org.rnn4j.model.ParameterLayout;
import org.rnn4j.model.Parameters;
import org.rnn4j.model.StepResult;
import org.rnn4j.testing.Compare;
import org.rnn4j.testing.Tolerance;

/**
 * The expectations of the GPU piece tests, checked without a GPU: {@link KernelReference}'s loops
 * and the CPU bridges ({@link CpuEncoderTwin}, {@link CpuPieces}) chained together in either data
 * layout reproduce {@link CpuModel}'s forward and backward pass, so a GPU piece test that fails
 * has found the GPU piece wrong, not its expectation.
 */
class KernelReferenceTest {
  /**
   * The reference rounds the head's product to float before adding the bias (as cuBLAS hands the
   * loss kernel a float), the CPU head steps do not: logits differ by up to two float roundings
   * of values below 4 (5e-7). The loss and the logit gradients move by no more than the logits do; the CPU
   * also accumulates dy in float over C classes (C u sum|d w| below 1e-7).
   */
  private static final Tolerance HEAD = new Tolerance(1e-6, 1e-6);

  static final int B = 3;
  static final int T = 5;
  /** Ragged, unsorted, one review of length 1, the longest filling T. */
  static final int[] LENGTHS = {3, 5, 1};
  /**
   * Ids [B, T]: id 2 three times (in two reviews), 5 twice, 6 once; 0 (pad) and 8 only at padding,
   * 4 nowhere. Padding holds ids other than 0 because kernels must not read ids there.
   */
  static final int[] IDS = {
      2, 5, 2, 0, 8,
      1, 3, 5, 7, 2,
      6, 8, 0, 8, 0};
  static final int V = 9;
  static final int[] LABELS = {1, 0, 2};

  static List<Arguments> cases() {
    List<Arguments> list = new ArrayList<>();
    for (int layers = 1; layers <= 2; layers++) {
      for (boolean bi : new boolean[] {false, true}) {
        for (DataLayout layout : DataLayout.values()) {
          list.add(Arguments.of(layers, bi, layout));
        }
      }
    }
    return list;
  }

  /**
   * gather -> encoder twin -> CPU head steps -> twin backward -> scatter-add equals CpuModel's pass
   * exactly (the same float code on the same numbers), except the embedding gradient, which the
   * reference sums in double: within the rounding bound of a float sum in any order.
   */
  @ParameterizedTest(name = "layers={0} bidirectional={1} {2}")
  @MethodSource("cases")
  void gatherEncoderTwinAndScatterReproduceTheCpuModel(int layers, boolean bi, DataLayout layout) {
    ModelConfig c = new ModelConfig(V, 4, true, 3, layers, bi, 0.0, 3);
    Parameters p = Initializer.pytorchDefault(ParameterLayout.of(c), 20 + layers + (bi ? 5 : 0));
    Batch batch = new Batch(IDS, LENGTHS, LABELS, null, T);
    int e = c.embedSize();
    try (CpuModel cpu = new CpuModel(c, p, 1, 2); CpuEncoderTwin twin = new CpuEncoderTwin(c, p, 2)) {
      float[] logits = cpu.logits(batch);
      StepResult r = cpu.forwardBackward(batch);
      Parameters g = cpu.gradients();

      float[] emb = p.get(ParameterLayout.EMBEDDING).data();
      float[] x = KernelReference.embeddingForward(IDS, LENGTHS, emb, B, T, e, layout);
      float[] xBatchMajor = KernelReference.toBatchMajor(x, B, T, e, layout);
      for (int b = 0; b < B; b++) {
        for (int i = (b * T + LENGTHS[b]) * e; i < (b + 1) * T * e; i++) {
          assertEquals(0f, xBatchMajor[i], "gathered x at padding (sample " + b + ")");
        }
      }
      float[] y = twin.forward(xBatchMajor, LENGTHS, T);
      CpuPieces.Head head = CpuPieces.head(c, y, LENGTHS, T, LABELS,
          p.get(ParameterLayout.DECODER_WEIGHT).data(), p.get(ParameterLayout.DECODER_BIAS).data());
      CpuEncoderTwin.Gradients back = twin.backward(head.dy());
      float[] dx = KernelReference.toLayout(back.dx(), B, T, e, layout);
      float[] zeros = new float[V * e];
      double[] demb = KernelReference.embeddingBackward(IDS, LENGTHS, dx, zeros, B, T, e, layout);

      assertArrayEquals(logits, head.logits(), "logits");
      assertEquals(r.loss(), head.loss(), "loss");
      assertEquals(r.correct(), head.correct(), "correct");
      assertArrayEquals(g.get(ParameterLayout.DECODER_WEIGHT).data(), head.weightGrad(), "decoder.weight");
      assertArrayEquals(g.get(ParameterLayout.DECODER_BIAS).data(), head.biasGrad(), "decoder.bias");
      List<String> lstm = g.names().stream().filter(n -> n.startsWith("encoder.")).toList();
      assertEquals(lstm, new ArrayList<>(back.weights().names()), "the twin's gradient tensors");
      for (String name : lstm) {
        assertArrayEquals(g.get(name).data(), back.weights().get(name).data(), name);
      }
      double bound = KernelReference.embeddingBackwardBound(IDS, LENGTHS, dx, zeros, B, T, e, layout);
      Compare.assertClose("embedding.weight", demb, g.get(ParameterLayout.EMBEDDING).data(),
          new Tolerance(bound, 0));
    }
  }

  /**
   * Pooling, the head's products, softmax cross-entropy and the pooling gradient against the CPU head steps,
   * with garbage in y's padding (the CPU never sees it, so neither may the reference).
   */
  static List<Arguments> layoutsAndPoolings() {
    List<Arguments> list = new ArrayList<>();
    for (DataLayout layout : DataLayout.values()) {
      for (Pooling pooling : Pooling.values()) {
        list.add(Arguments.of(layout, pooling));
      }
    }
    return list;
  }

  @ParameterizedTest
  @MethodSource("layoutsAndPoolings")
  void poolingHeadAndLossLoopsMatchTheCpuSteps(DataLayout layout, Pooling pooling) {
    for (boolean bi : new boolean[] {false, true}) {
      ModelConfig c = new ModelConfig(V, 4, false, 3, 1, bi, 0.0, 3).withPooling(pooling);
      int dh = c.outputSize();
      int f = c.featureSize();
      int classes = c.classes();
      Parameters p = Initializer.pytorchDefault(ParameterLayout.of(c), bi ? 8 : 9);
      float[] w = p.get(ParameterLayout.DECODER_WEIGHT).data();
      float[] bias = p.get(ParameterLayout.DECODER_BIAS).data();
      float[] y = uniform(new MersenneTwister(bi ? 3 : 4), B * T * dh, 1); // padding too
      CpuPieces.Head head = CpuPieces.head(c, y, LENGTHS, T, LABELS, w, bias);

      int[] arg = new int[B * dh];
      float[] feat = KernelReference.poolForward(KernelReference.toLayout(y, B, T, dh, layout),
          LENGTHS, B, T, dh, pooling, arg, layout);
      float[] product = toFloat(KernelReference.linear(feat, w, B, f, classes));
      KernelReference.Xent xent = KernelReference.softmaxXent(product, bias, LABELS, B, classes);
      float[] dlogits = toFloat(xent.dlogits());
      float[] dfeat = toFloat(KernelReference.linearInputGrad(dlogits, w, B, f, classes));
      float[] dy = KernelReference.toBatchMajor(
          KernelReference.poolBackward(dfeat, LENGTHS, arg, B, T, dh, pooling, layout), B, T, dh, layout);

      String what = (bi ? "bidirectional " : "unidirectional ") + layout + " " + pooling + " ";
      Compare.assertClose(what + "logits", head.logits(), xent.logits(), HEAD);
      Compare.assertClose(what + "add_bias_rows", head.logits(),
          KernelReference.addBiasRows(product, bias, B, classes), HEAD);
      Compare.assertClose(what + "loss", head.loss(), xent.loss(), HEAD);
      assertEquals(head.correct(), xent.correct(), what + "correct");
      Compare.assertClose(what + "decoder.bias", Compare.widen(head.biasGrad()), xent.dbias(), HEAD);
      Compare.assertClose(what + "decoder.weight", Compare.widen(head.weightGrad()),
          KernelReference.linearWeightGrad(feat, dlogits, B, f, classes), HEAD);
      Compare.assertClose(what + "dy", head.dy(), dy, HEAD);
    }
  }

  /** All logits equal (zero weights, equal biases): the CPU and the reference both pick class 0. */
  @Test
  void argMaxTiesGoToTheLowestClassAsOnTheCpu() {
    ModelConfig c = new ModelConfig(V, 4, false, 3, 1, true, 0.0, 3);
    int f = c.featureSize();
    float[] w = new float[c.classes() * f];
    float[] bias = {0.25f, 0.25f, 0.25f};
    float[] y = uniform(new MersenneTwister(10), B * T * c.outputSize(), 1);
    int[] labels = {0, 0, 1};
    CpuPieces.Head head = CpuPieces.head(c, y, LENGTHS, T, labels, w, bias);
    float[] product = toFloat(KernelReference.linear(new float[B * f], w, B, f, c.classes()));
    assertEquals(2, head.correct(), "CPU: the two samples labelled 0 count");
    assertEquals(head.correct(),
        KernelReference.softmaxXent(product, bias, labels, B, c.classes()).correct(), "reference");
  }

  /**
   * The clip factor is CpuAdam's: with clipping active CpuAdam leaves g * (float) factor in the
   * gradient (bit for bit, the same double sum in the same order), inactive it leaves g alone.
   */
  @Test
  void clipFactorIsTheOneCpuAdamApplies() {
    ModelConfig c = new ModelConfig(V, 4, true, 3, 2, true, 0.0, 2);
    int n = CpuPieces.trainableSize(c);
    float[] g = uniform(new MersenneTwister(5), n, 1);
    for (double maxNorm : new double[] {1.0, 1e6}) {
      float[] p = new float[n];
      float[] clipped = g.clone();
      CpuPieces.adamStep(c, AdamConfig.defaults().withClipNorm(maxNorm), 0, p, clipped, new float[n],
          new float[n]);
      double factor = KernelReference.clip(g, maxNorm).factor();
      float[] expected = g.clone();
      if (factor < 1) {
        for (int i = 0; i < n; i++) {
          expected[i] = g[i] * (float) factor;
        }
      }
      assertArrayEquals(expected, clipped, "gradient after clipping to " + maxNorm);
    }
  }

  /** The block shares of sum_squares_partial, by running its grid-stride loop thread by thread. */
  @Test
  void squarePartialsFollowTheGridStrideLoop() {
    int blocks = Kernels.NORM_BLOCKS;
    int threads = Kernels.REDUCE_THREADS;
    float[] g = uniform(new MersenneTwister(6), blocks * threads + 1000, 1);
    double[] expected = new double[blocks];
    for (int block = 0; block < blocks; block++) {
      for (int thread = 0; thread < threads; thread++) {
        for (long i = (long) block * threads + thread; i < g.length; i += (long) threads * blocks) {
          expected[block] += (double) g[(int) i] * g[(int) i];
        }
      }
    }
    Compare.assertClose("partials", expected, KernelReference.squarePartials(g, blocks, threads),
        new Tolerance(0, 1e-13)); // double sums in two orders
  }

  /** n values uniform in [-scale, scale). */
  static float[] uniform(MersenneTwister rng, int n, double scale) {
    float[] v = new float[n];
    for (int i = 0; i < n; i++) {
      v[i] = (float) ((2 * rng.nextDouble() - 1) * scale);
    }
    return v;
  }

  static float[] toFloat(double[] v) {
    float[] f = new float[v.length];
    for (int i = 0; i < v.length; i++) {
      f[i] = (float) v[i];
    }
    return f;
  }
}

/*
 * Dimension key: B batch, T padded length, V vocabulary, E embedding, DH = D*H encoder output
 * width, F pooled features (2*DH or DH), C classes, N floats of a flat buffer.
 */
package org.rnn4j.cuda;

import static org.junit.jupiter.api.Assertions.assertAll;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.rnn4j.cuda.KernelReference.U;
import static org.rnn4j.cuda.KernelReferenceTest.B;
import static org.rnn4j.cuda.KernelReferenceTest.IDS;
import static org.rnn4j.cuda.KernelReferenceTest.LENGTHS;
import static org.rnn4j.cuda.KernelReferenceTest.T;
import static org.rnn4j.cuda.KernelReferenceTest.V;
import static org.rnn4j.cuda.KernelReferenceTest.uniform;

import org.apache.commons.math3.random.MersenneTwister;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.rnn4j.cpu.CpuPieces;
import org.rnn4j.cuda.runtime.DevicePointer;
import org.rnn4j.model.AdamConfig;
import org.rnn4j.model.ModelConfig;
import org.rnn4j.model.Pooling;
import org.rnn4j.testing.Compare;
import org.rnn4j.testing.Tolerance;

/**
 * Every kernel {@link Kernels} launches, alone, on tiny tensors (B = 3, T = 5, lengths {3, 5, 1},
 * ids other than 0 at padding), in both data layouts where it takes one, against
 * {@link KernelReference}'s loops (held against the CPU model by {@link KernelReferenceTest}) or,
 * for Adam and clipping, against {@link org.rnn4j.cpu.CpuAdam} itself. Outputs start filled with
 * a sentinel, so an element a kernel should write and does not shows up.
 *
 * <p>Copies (gather, pooling, pooling gradient, logits plus bias) and integer outputs (the correct
 * count) must match exactly; sums carry the bound of their float rounding, stated at each. Not
 * yet run on a GPU.
 */
@GpuTest
@Tag("gpu-pieces")
class KernelPiecesTest {
  private static final float SENTINEL = -7.25f;
  private static final int E = 4;
  /** A flat buffer of 542 floats, and one of 72362: past the 256 x 256 threads of the norm's grid. */
  private static final ModelConfig SMALL = new ModelConfig(V, E, true, 3, 2, true, 0.0, 2);
  private static final ModelConfig LARGE = new ModelConfig(3000, 24, true, 3, 1, false, 0.0, 2);

  private static DeviceArrays gpu;
  private static Kernels kernels;

  @BeforeAll
  static void open() {
    gpu = new DeviceArrays();
    kernels = gpu.own(new Kernels(gpu.device()));
  }

  @AfterAll
  static void close() {
    if (gpu != null) {
      gpu.close();
    }
  }

  @ParameterizedTest
  @EnumSource(DataLayout.class)
  void embeddingForwardCopiesRealRowsAndZeroesPadding(DataLayout layout) {
    float[] emb = uniform(new MersenneTwister(1), V * E, 1);
    DevicePointer x = gpu.filled(B * T * E, SENTINEL);
    kernels.embeddingForward(gpu.ints(IDS), gpu.ints(LENGTHS), gpu.floats(emb), x, null, B, T, E,
        layout, gpu.stream());
    Compare.assertClose("x", KernelReference.embeddingForward(IDS, LENGTHS, emb, B, T, E, layout),
        gpu.read(x, B * T * E), Tolerance.EXACT);
  }

  /**
   * Embedding dropout at p = 0.5 on 576 real elements: every factor is 0 or 2, x is the lookup
   * times its factor exactly, the kept share lies within 4 standard deviations (0.083) of one
   * half, the pass counter advances, and the next pass draws another mask.
   */
  @ParameterizedTest
  @EnumSource(DataLayout.class)
  void embeddingDropoutKeepsHalfAndScalesAndDrawsAfreshEachPass(DataLayout layout) {
    int e = 64;
    float[] emb = uniform(new MersenneTwister(11), V * e, 1);
    float[] plain = KernelReference.embeddingForward(IDS, LENGTHS, emb, B, T, e, layout);
    DevicePointer pass = gpu.ints(new int[2]);
    float[][] masks = new float[2][];
    for (int round = 0; round < 2; round++) {
      DevicePointer x = gpu.filled(B * T * e, SENTINEL);
      DevicePointer mask = gpu.filled(B * T * e, SENTINEL);
      kernels.embeddingForward(gpu.ints(IDS), gpu.ints(LENGTHS), gpu.floats(emb), x,
          new Kernels.Dropout(mask, pass, 1234L, 0.5f), B, T, e, layout, gpu.stream());
      float[] got = gpu.read(x, B * T * e);
      masks[round] = gpu.read(mask, B * T * e);
      int kept = 0;
      int real = 0;
      for (int b = 0; b < B; b++) {
        for (int t = 0; t < LENGTHS[b]; t++) {
          int at = KernelReference.row(layout, b, t, B, T) * e;
          for (int k = 0; k < e; k++) {
            float m = masks[round][at + k];
            assertEquals(true, m == 0f || m == 2f, "factor " + m);
            assertEquals(plain[at + k] * m, got[at + k], "x = lookup * factor");
            kept += m == 2f ? 1 : 0;
            real++;
          }
        }
      }
      assertEquals(0.5, kept / (double) real, 4 * Math.sqrt(0.25 / real), "kept share, pass " + round);
      assertEquals(round + 1, gpu.readInts(pass, 2)[0], "pass counter");
    }
    assertEquals(false, java.util.Arrays.equals(masks[0], masks[1]), "the second pass drew the same mask");
  }

  /**
   * dx holds garbage at padding (cuDNN's dx there is not defined to be 0), which must not reach
   * demb; demb starts non-zero because the kernel adds. Atomic adds come in any order: the bound
   * of a float sum in any order. Rows that no real position names must be untouched, exactly.
   */
  @ParameterizedTest
  @EnumSource(DataLayout.class)
  void embeddingBackwardAddsRealPositionsOnly(DataLayout layout) {
    float[] dx = uniform(new MersenneTwister(2), B * T * E, 1);
    float[] demb0 = new float[V * E];
    for (int i = 0; i < demb0.length; i++) {
      demb0[i] = (i % 5) * 0.25f;
    }
    DevicePointer demb = gpu.floats(demb0);
    kernels.embeddingBackward(gpu.ints(IDS), gpu.ints(LENGTHS), gpu.floats(dx), null, demb, B, T, E,
        layout, gpu.stream());
    float[] got = gpu.read(demb, V * E);
    double bound = KernelReference.embeddingBackwardBound(IDS, LENGTHS, dx, demb0, B, T, E, layout);
    Compare.assertClose("demb", KernelReference.embeddingBackward(IDS, LENGTHS, dx, demb0, B, T, E, layout),
        got, new Tolerance(bound, 0));
    boolean[] named = new boolean[V];
    for (int b = 0; b < B; b++) {
      for (int t = 0; t < LENGTHS[b]; t++) {
        named[IDS[b * T + t]] = true;
      }
    }
    for (int id = 0; id < V; id++) {
      for (int k = 0; !named[id] && k < E; k++) {
        assertEquals(demb0[id * E + k], got[id * E + k], "row " + id + " (only at padding or absent)");
      }
    }
  }

  /** The dropout factors multiply dx before the scatter-add (bound as for the plain backward). */
  @ParameterizedTest
  @EnumSource(DataLayout.class)
  void embeddingBackwardAppliesTheDropoutFactors(DataLayout layout) {
    float[] dx = uniform(new MersenneTwister(12), B * T * E, 1);
    float[] mask = new float[B * T * E];
    float[] masked = new float[B * T * E];
    for (int i = 0; i < mask.length; i++) {
      mask[i] = i % 3 == 0 ? 0f : 1.5f;
      masked[i] = dx[i] * mask[i];
    }
    float[] demb0 = new float[V * E];
    DevicePointer demb = gpu.floats(demb0);
    kernels.embeddingBackward(gpu.ints(IDS), gpu.ints(LENGTHS), gpu.floats(dx), gpu.floats(mask), demb,
        B, T, E, layout, gpu.stream());
    double bound = KernelReference.embeddingBackwardBound(IDS, LENGTHS, masked, demb0, B, T, E, layout);
    Compare.assertClose("demb with dropout factors",
        KernelReference.embeddingBackward(IDS, LENGTHS, masked, demb0, B, T, E, layout),
        gpu.read(demb, V * E), new Tolerance(bound, 0));
  }

  static java.util.List<org.junit.jupiter.params.provider.Arguments> layoutsAndPoolings() {
    return KernelReferenceTest.layoutsAndPoolings();
  }

  /**
   * y holds distinct values everywhere, padding included, so a wrong step or column shows; the
   * max steps must match exactly too (the backward pass reads them).
   */
  @ParameterizedTest
  @org.junit.jupiter.params.provider.MethodSource("layoutsAndPoolings")
  void poolForwardReadsTheRealStepsOnly(DataLayout layout, Pooling pooling) {
    for (int dh : new int[] {3, 6}) {
      float[] y = uniform(new MersenneTwister(3 + dh), B * T * dh, 1);
      int f = pooling.featureSize(dh);
      DevicePointer feat = gpu.filled(B * f, SENTINEL);
      int[] noSteps = new int[B * dh];
      java.util.Arrays.fill(noSteps, -1);
      DevicePointer arg = gpu.ints(noSteps);
      kernels.poolForward(gpu.floats(y), gpu.ints(LENGTHS), feat, arg, B, T, dh, pooling, layout,
          gpu.stream());
      int[] want = new int[B * dh];
      Compare.assertClose(pooling + " feat (DH=" + dh + ")",
          KernelReference.poolForward(y, LENGTHS, B, T, dh, pooling, want, layout), gpu.read(feat, B * f),
          Tolerance.EXACT);
      if (pooling == Pooling.MAX || pooling == Pooling.MAX_MEAN) {
        assertEquals(java.util.Arrays.toString(want), java.util.Arrays.toString(gpu.readInts(arg, B * dh)),
            pooling + " max steps (DH=" + dh + ")");
      }
    }
  }

  /** All of dy is written: zero off the pooled steps, padding included; summed for length 1. */
  @ParameterizedTest
  @org.junit.jupiter.params.provider.MethodSource("layoutsAndPoolings")
  void poolBackwardWritesEveryElementOfDy(DataLayout layout, Pooling pooling) {
    for (int dh : new int[] {3, 6}) {
      int f = pooling.featureSize(dh);
      float[] dfeat = uniform(new MersenneTwister(5 + dh), B * f, 1);
      int[] steps = new int[B * dh];
      KernelReference.poolForward(uniform(new MersenneTwister(7 + dh), B * T * dh, 1), LENGTHS, B, T, dh,
          Pooling.MAX, steps, layout);
      DevicePointer dy = gpu.filled(B * T * dh, SENTINEL);
      kernels.poolBackward(gpu.floats(dfeat), gpu.ints(LENGTHS), gpu.ints(steps), dy, B, T, dh, pooling,
          layout, gpu.stream());
      Compare.assertClose(pooling + " dy (DH=" + dh + ")",
          KernelReference.poolBackward(dfeat, LENGTHS, steps, B, T, dh, pooling, layout),
          gpu.read(dy, B * T * dh), Tolerance.EXACT);
    }
  }

  /** Three samples, one an exact tie (0.5 + 0.25 = 0.25 + 0.5) that goes to class 0, not its label 1. */
  @Test
  void softmaxXentOnATinyBatchWithATie() {
    float[] logits = {0.3f, -0.8f, 0.5f, 0.25f, -1.5f, 1.25f};
    float[] bias = {0.25f, 0.5f};
    int[] labels = {0, 1, 1};
    assertEquals(2, KernelReference.softmaxXent(logits, bias, labels, 3, 2).correct(), "reference");
    checkSoftmaxXent(logits, bias, labels, 3, 2);
  }

  /** More samples than the block's 256 threads, and three classes. */
  @Test
  void softmaxXentOnMoreSamplesThanThreads() {
    MersenneTwister rng = new MersenneTwister(7);
    int b = 300;
    int[] labels = new int[b];
    for (int i = 0; i < b; i++) {
      labels[i] = rng.nextInt(3);
    }
    checkSoftmaxXent(uniform(rng, b * 3, 2), uniform(rng, 3, 0.5), labels, b, 3);
  }

  /**
   * Logits plus bias in place: one float addition, exact. The kernel's expf and logf (2 and 1
   * ulps) and float sums of C terms leave each probability within 1.5e-6 of exact (|lse| < 4):
   * dlogits within 2e-6 / B; the mean loss within 2e-6 plus its sum's relative 1e-6 (a tree of
   * depth 10); dbias sums B dlogits in order, each below 1/B: B u more.
   */
  private static void checkSoftmaxXent(float[] logits0, float[] bias, int[] labels, int b, int c) {
    KernelReference.Xent ref = KernelReference.softmaxXent(logits0, bias, labels, b, c);
    DevicePointer logits = gpu.floats(logits0);
    DevicePointer dlogits = gpu.filled(b * c, SENTINEL);
    DevicePointer dbias = gpu.filled(c, SENTINEL);
    DevicePointer stats = gpu.filled(2, SENTINEL);
    kernels.softmaxXent(logits, gpu.floats(bias), gpu.ints(labels), dlogits, dbias, stats, b, c,
        gpu.stream());
    String what = "B=" + b + " C=" + c + " ";
    float[] z = gpu.read(logits, b * c);
    int correct = gpu.readInts(stats, 2)[1];
    float loss = gpu.read(stats, 1)[0];
    float[] dl = gpu.read(dlogits, b * c);
    float[] db = gpu.read(dbias, c);
    assertAll(what,
        () -> Compare.assertClose(what + "logits + bias", ref.logits(), z, Tolerance.EXACT),
        () -> assertEquals(ref.correct(), correct, what + "correct count"),
        () -> Compare.assertClose(what + "loss", ref.loss(), loss, new Tolerance(2e-6, 1e-6)),
        () -> Compare.assertClose(what + "dlogits", ref.dlogits(), dl, new Tolerance(2e-6 / b, 0)),
        () -> Compare.assertClose(what + "dbias", ref.dbias(), db, new Tolerance(2e-6 + b * U, 0)));
  }

  @Test
  void addBiasRowsAddsTheBiasToEveryRow() {
    MersenneTwister rng = new MersenneTwister(8);
    for (int[] bc : new int[][] {{3, 2}, {300, 3}}) {
      float[] logits = uniform(rng, bc[0] * bc[1], 2);
      float[] bias = uniform(rng, bc[1], 0.5);
      DevicePointer z = gpu.floats(logits);
      kernels.addBiasRows(z, gpu.floats(bias), bc[0], bc[1], gpu.stream());
      Compare.assertClose("B=" + bc[0] + " logits", KernelReference.addBiasRows(logits, bias, bc[0], bc[1]),
          gpu.read(z, bc[0] * bc[1]), Tolerance.EXACT);
    }
  }

  /**
   * sum_squares_partial and clip_scale. A partial is a square and a sum of at most 2 per thread
   * and a tree of 8: within 12 u relative of exact. The norm adds the 8 levels over the partials and
   * a square root, the factor an addition and a division: within 20 u. Far above the norm the
   * factor is exactly 1. The gradient itself is left alone.
   */
  @Test
  void clipFactorIsTheGlobalNormClip() {
    for (ModelConfig c : new ModelConfig[] {SMALL, LARGE}) {
      int n = CpuPieces.trainableSize(c);
      float[] g = uniform(new MersenneTwister(n), n, 1);
      for (double maxNorm : new double[] {1.0, 1e6}) {
        DevicePointer gd = gpu.floats(g);
        DevicePointer partial = gpu.filled(Kernels.NORM_BLOCKS, SENTINEL);
        DevicePointer out = gpu.filled(2, SENTINEL);
        kernels.clipFactor(gd, n, partial, (float) maxNorm, out, gpu.stream());
        String what = "N=" + n + " max norm " + maxNorm + " ";
        Compare.assertClose(what + "partials",
            KernelReference.squarePartials(g, Kernels.NORM_BLOCKS, Kernels.REDUCE_THREADS),
            gpu.read(partial, Kernels.NORM_BLOCKS), new Tolerance(0, 12 * U));
        KernelReference.Clip ref = KernelReference.clip(g, maxNorm);
        float[] got = gpu.read(out, 2);
        Compare.assertClose(what + "norm", ref.norm(), got[1], new Tolerance(0, 20 * U));
        if (ref.factor() < 1) {
          Compare.assertClose(what + "factor", ref.factor(), got[0], new Tolerance(0, 20 * U));
        } else {
          assertEquals(1f, got[0], what + "factor");
        }
        Compare.assertClose(what + "gradient", g, gpu.read(gd, n), Tolerance.EXACT);
      }
    }
  }

  @Test
  void adamFirstStepMatchesCpuAdam() {
    AdamConfig cfg = AdamConfig.defaults().withLr(0.01);
    checkAdam(SMALL, cfg, 0);
    checkAdam(LARGE, cfg, 0);
  }

  @Test
  void adamTenthStepWithWeightDecayMatchesCpuAdam() {
    AdamConfig cfg = AdamConfig.defaults().withLr(0.01).withWeightDecay(0.01);
    checkAdam(SMALL, cfg, 9);
    checkAdam(LARGE, cfg, 9);
  }

  /** clip_scale's factor read by adam_step on the device, which scales the gradient in place. */
  @Test
  void adamWithClippingMatchesCpuAdam() {
    for (double maxNorm : new double[] {1.0, 1e6}) {
      AdamConfig cfg = AdamConfig.defaults().withLr(0.01).withClipNorm(maxNorm);
      checkAdam(SMALL, cfg, 9);
      checkAdam(LARGE, cfg, 9);
    }
  }

  @Test
  void adamWMatchesCpuAdam() {
    AdamConfig cfg = AdamConfig.adamW(0.01).withWeightDecay(0.05);
    checkAdam(SMALL, cfg, 0);
    checkAdam(LARGE, cfg, 9);
  }

  /**
   * adam_step after {@code before} steps, from p, g in [-1, 1], m in [-0.1, 0.1] and v in
   * [1e-4, 1e-2] (zero moments for a first step), with FusedAdam's host-side scalars, against
   * CpuAdam on the same numbers (a flat buffer is c's trainable tensors end to end).
   *
   * <p>Bounds: m = b1 m + (1 - b1) g sums terms below 0.2 with up to 3 float roundings on the GPU,
   * betas rounded to float, one rounding on the CPU: 6e-8. v sums non-negative terms: 8 u relative.
   * The step moves p by at most 0.03 (the denominator is at least 0.1), which carries a few
   * 1e-8 from m and v; p itself is rounded once on each side: 5e-8 + 2 ulps. With clipping, the
   * GPU's float factor is within 16 u of CpuAdam's (above), so g is too, and m, v and p carry it:
   * m 1.6e-7, v 40 u, p 1e-7 + 2 ulps. A factor of exactly 1 leaves g untouched.
   */
  private static void checkAdam(ModelConfig c, AdamConfig cfg, long before) {
    int n = CpuPieces.trainableSize(c);
    MersenneTwister rng = new MersenneTwister(n + before);
    float[] p = uniform(rng, n, 1);
    float[] g = uniform(rng, n, 1);
    float[] m = before == 0 ? new float[n] : uniform(rng, n, 0.1);
    float[] v = new float[n];
    for (int i = 0; before > 0 && i < n; i++) {
      v[i] = (float) (1e-4 + rng.nextDouble() * (1e-2 - 1e-4));
    }
    DevicePointer pd = gpu.floats(p);
    DevicePointer gd = gpu.floats(g);
    DevicePointer md = gpu.floats(m);
    DevicePointer vd = gpu.floats(v);
    DevicePointer scale = null;
    if (cfg.clipNorm() > 0) {
      scale = gpu.filled(2, SENTINEL);
      kernels.clipFactor(gd, n, gpu.filled(Kernels.NORM_BLOCKS, 0f), (float) cfg.clipNorm(), scale,
          gpu.stream());
    }
    kernels.adamStep(pd, gd, md, vd, n, FusedAdam.hyperparameters(cfg, before + 1), scale, gpu.stream());
    boolean clipped = cfg.clipNorm() > 0 && KernelReference.clip(g, cfg.clipNorm()).factor() < 1;
    CpuPieces.adamStep(c, cfg, before, p, g, m, v); // now the expected values
    String what = "N=" + n + " step " + (before + 1) + " " + cfg + " ";
    float[] gGpu = gpu.read(gd, n);
    float[] mGpu = gpu.read(md, n);
    float[] vGpu = gpu.read(vd, n);
    float[] pGpu = gpu.read(pd, n);
    assertAll(what,
        () -> Compare.assertClose(what + "grad", g, gGpu,
            clipped ? new Tolerance(0, 16 * U) : Tolerance.EXACT),
        () -> Compare.assertClose(what + "exp_avg", m, mGpu, new Tolerance(clipped ? 1.6e-7 : 6e-8, 0)),
        () -> Compare.assertClose(what + "exp_avg_sq", v, vGpu, new Tolerance(0, (clipped ? 40 : 8) * U)),
        () -> Compare.assertClose(what + "param", p, pGpu, new Tolerance(clipped ? 1e-7 : 5e-8, 0x1p-22)));
  }
}

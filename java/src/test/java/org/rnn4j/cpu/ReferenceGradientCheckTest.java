/*
 * Dimension key: see ReferenceRnn.
 */
package org.rnn4j.cpu;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.LinkedHashMap;
import java.util.Map;
import org.apache.commons.math3.random.MersenneTwister;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.rnn4j.model.Batch;
import org.rnn4j.model.Cell;
import org.rnn4j.model.Initializer;
import org.rnn4j.model.ModelConfig;
import org.rnn4j.model.ParameterLayout;
import org.rnn4j.model.Parameters;
import org.rnn4j.model.Pooling;

/**
 * Finite-difference checks of every gradient element of the double-precision reference.
 *
 * <p>Scheme: the five-point central stencil with h = 2e-3. Its error is about
 * {@code h^4 |f^(5)|/30 + 1.5 eps_f / h}, where eps_f ~ 3e-16 is the rounding noise of one loss
 * evaluation. A sweep on the main case (h from 2e-2 to 5e-4) measured a worst absolute error of
 * 4.7e-9, 2.9e-10, 1.8e-11, 4.7e-13, 3.5e-13, 6.7e-13: truncation falls as h^4 and rounding rises
 * as 1/h, crossing near h = 1e-3..2e-3. The plain two-point difference at its best step (1e-4, where
 * h^2 truncation meets rounding) only reached 1.4e-10, too coarse for a 1e-6 relative bound on small
 * gradients.
 *
 * <p>Relative error: {@code |a - n| / max(|a| + |n|, 1e-6)}. The floor keeps elements whose
 * gradient is at the scheme's noise level (~5e-13 absolute) from being judged relatively; an
 * element below 5e-7 must still agree to 1e-12 absolute.
 */
class ReferenceGradientCheckTest {
  private static final double STEP = 2e-3;
  private static final double FLOOR = 1e-6;
  private static final double MAX_RELATIVE_ERROR = 1e-6;

  @Test
  void bidirectionalTwoLayersTrainableEmbedding() {
    check("bi L=2", new ModelConfig(20, 5, true, 4, 2, true, 0.0, 3), 11, false);
  }

  @Test
  void bidirectionalTwoLayersWithFixedDropoutMask() {
    check("bi L=2 dropout 0.4", new ModelConfig(20, 5, true, 4, 2, true, 0.4, 3), 12, true);
  }

  @Test
  void unidirectionalTwoLayers() {
    check("uni L=2", new ModelConfig(20, 5, true, 4, 2, false, 0.0, 3), 13, false);
  }

  @Test
  void bidirectionalSingleLayer() {
    check("bi L=1", new ModelConfig(20, 5, true, 4, 1, true, 0.0, 3), 14, false);
  }

  @Test
  void bidirectionalThreeLayersWithFixedDropoutMask() {
    check("bi L=3 dropout 0.3", new ModelConfig(20, 5, true, 4, 3, true, 0.3, 2), 15, true);
  }

  /**
   * Every pooling, with dropout on the embedding output and between the layers (fixed masks). Max
   * pooling is smooth only between the points where two steps tie for a unit's maximum; a stencil
   * that would straddle one is narrowed (see {@link FiniteDifferences#fivePointOnPiece}).
   */
  @ParameterizedTest
  @EnumSource(Pooling.class)
  void everyPoolingWithEmbeddingAndLayerDropout(Pooling pooling) {
    ModelConfig config = new ModelConfig(20, 5, true, 4, 2, true, 0.3, 3).withPooling(pooling)
        .withEmbedDropout(0.25);
    check("bi L=2 " + pooling + " embedding dropout 0.25", config, 16 + pooling.ordinal(), true);
  }

  /** Every cell, with dropout on the embedding output and between the three layers (fixed masks). */
  @ParameterizedTest
  @EnumSource(Cell.class)
  void everyCellThreeLayersWithDropout(Cell cell) {
    ModelConfig config = new ModelConfig(20, 5, true, 4, 3, true, 0.3, 3).withCell(cell).withEmbedDropout(0.2);
    check("bi L=3 " + cell + " dropout", config, 31 + cell.ordinal(), true);
  }

  /** Every cell with max and mean pooling, one direction and a frozen embedding. */
  @ParameterizedTest
  @EnumSource(Cell.class)
  void everyCellMaxMeanPoolingUnidirectional(Cell cell) {
    ModelConfig config = new ModelConfig(20, 5, false, 3, 2, false, 0.0, 2).withCell(cell)
        .withPooling(Pooling.MAX_MEAN);
    check("uni L=2 " + cell + " max_mean", config, 41 + cell.ordinal(), false);
  }

  @Test
  void maxMeanPoolingUnidirectionalFrozenEmbedding() {
    ModelConfig config = new ModelConfig(20, 5, false, 3, 1, false, 0.0, 2).withPooling(Pooling.MAX_MEAN);
    check("uni L=1 max_mean frozen", config, 21, false);
  }

  private static void check(String label, ModelConfig config, long seed, boolean dropout) {
    MersenneTwister rng = new MersenneTwister(seed);
    Map<String, double[]> w = widen(Initializer.pytorchDefault(ParameterLayout.of(config), seed));
    Batch batch = batchWithPadId(rng, config.classes());
    double[][] embedMasks = dropout && config.embedDropout() > 0
        ? ReferenceModel.factors(new boolean[][] {DropoutMasks.drawEmbedding(rng, config.embedDropout(),
            batch.lengths(), config.embedSize())}, batch.lengths(), config.embedSize(),
            config.embedDropout())[0]
        : null;
    double[][][] masks = dropout
        ? ReferenceModel.factors(DropoutMasks.draw(rng, config.dropout(), batch.lengths(),
            config.outputSize(), config.layers()), batch.lengths(), config.outputSize(), config.dropout())
        : null;
    ReferenceResult analytic = ReferenceRnn.evaluate(config, w, batch, embedMasks, masks, true);
    StringBuilder report = new StringBuilder(label + ": max relative error per tensor");
    int[] shrunk = {0};
    double worst = 0;
    for (Map.Entry<String, double[]> e : analytic.gradients().entrySet()) {
      double tensorWorst = 0;
      double[] a = e.getValue();
      for (int i = 0; i < a.length; i++) {
        double n = FiniteDifferences.fivePointOnPiece(config, w, batch, embedMasks, masks, e.getKey(), i,
            STEP, analytic, shrunk);
        double rel = FiniteDifferences.relativeError(a[i], n, FLOOR);
        if (rel > MAX_RELATIVE_ERROR) {
          report.append("\n  MISMATCH ").append(e.getKey()).append('[').append(i).append("] analytic ")
              .append(a[i]).append(" numeric ").append(n);
        }
        tensorWorst = Math.max(tensorWorst, rel);
      }
      report.append(String.format("%n  %-28s %.2e", e.getKey(), tensorWorst));
      worst = Math.max(worst, tensorWorst);
    }
    report.append(String.format("%n  elements checked with a narrower stencil (max pooling, ReLU kinks): %d",
        shrunk[0]));
    System.out.println(report);
    assertTrue(worst < MAX_RELATIVE_ERROR, report.toString());
  }

  /**
   * B=3, T=7, lengths 7, 4, 2; ids in [1, 20) except one {@code <pad>} id 0 inside sample 1's length,
   * so the embedding row 0 gets a gradient from that position only (padding positions hold 0 too).
   */
  private static Batch batchWithPadId(MersenneTwister rng, int classes) {
    int[][] seqs = {new int[7], new int[4], new int[2]};
    for (int[] s : seqs) {
      for (int t = 0; t < s.length; t++) {
        s[t] = 1 + rng.nextInt(19);
      }
    }
    seqs[1][2] = 0;
    return Batch.of(seqs, new int[] {0, 2 % classes, 1});
  }

  static Map<String, double[]> widen(Parameters p) {
    Map<String, double[]> w = new LinkedHashMap<>();
    for (String name : p.names()) {
      float[] f = p.get(name).data();
      double[] d = new double[f.length];
      for (int i = 0; i < f.length; i++) {
        d[i] = f[i];
      }
      w.put(name, d);
    }
    return w;
  }
}

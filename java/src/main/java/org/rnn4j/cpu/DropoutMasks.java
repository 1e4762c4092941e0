/*
 * Dimension key: B batch, L layers, D directions, H hidden; DH = D*H is one step's layer output.
 */
package org.rnn4j.cpu;

import org.apache.commons.math3.random.RandomGenerator;

/**
 * Draws the dropout decisions of one forward pass: on the embedding output first (where that
 * dropout is on), then between layers. Both CPU models draw through this
 * one method, in the same order, so that a {@link ReferenceModel} and a {@link CpuModel} seeded
 * alike drop the same units and can be compared in training mode at p > 0.
 *
 * <p>Only real positions ({@code t < length}) are drawn, sample by sample in batch order, then step
 * by step, then unit by unit: the masks do not depend on how much padding a batch carries.
 */
final class DropoutMasks {
  private DropoutMasks() {}

  /**
   * Keep flags for the embedding output: for b in batch order, t in {@code [0, lengths[b])}, k in
   * {@code [0, width)}, whether unit k of sample b's embedded token t survives (probability 1 - p).
   */
  static boolean[] drawEmbedding(RandomGenerator rng, double p, int[] lengths, int width) {
    return draw(rng, p, lengths, width, 2)[0];
  }

  /**
   * Keep flags for the outputs of layers {@code 0 .. L-2}: {@code keep[l]} holds, for b in batch
   * order, t in {@code [0, lengths[b])}, j in {@code [0, width)}, whether unit j of sample b at step t
   * survives. A unit survives with probability 1 - p (PyTorch: Bernoulli(1 - p)).
   */
  static boolean[][] draw(RandomGenerator rng, double p, int[] lengths, int width, int layers) {
    int total = 0;
    for (int len : lengths) {
      total = Math.addExact(total, Math.multiplyExact(len, width));
    }
    float threshold = (float) p;
    boolean[][] keep = new boolean[Math.max(0, layers - 1)][total];
    for (boolean[] layer : keep) {
      for (int i = 0; i < total; i++) {
        // nextFloat is one 23-bit draw: a quarter the cost of nextDouble, and 2^-23 is fine here.
        layer[i] = rng.nextFloat() >= threshold;
      }
    }
    return keep;
  }

  /** The seed of the dropout stream derived from a model seed, so it differs from the init stream. */
  static long dropoutSeed(long seed) {
    return seed ^ 0x5DEECE66DL;
  }
}

package org.rnn4j.train;

/**
 * Derives independent seeds from (run seed, epoch, purpose), so each epoch's randomness depends on
 * nothing else and a resumed run repeats it without replaying earlier epochs.
 */
final class Seeds {
  static final int SHUFFLE = 1;
  static final int DROPOUT = 2;

  private Seeds() {}

  static long forEpoch(long seed, int epoch, int purpose) {
    return mix(mix(mix(seed) ^ epoch) ^ ((long) purpose << 32));
  }

  /** SplitMix64's finalizer: a bijection that spreads every input bit over the output. */
  static long mix(long z) {
    z += 0x9E3779B97F4A7C15L;
    z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
    z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
    return z ^ (z >>> 31);
  }
}

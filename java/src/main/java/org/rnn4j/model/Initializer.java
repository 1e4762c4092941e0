package org.rnn4j.model;

import org.apache.commons.math3.random.MersenneTwister;
import org.apache.commons.math3.random.RandomGenerator;

/**
 * PyTorch's default initialisation, seeded: {@code nn.Embedding} N(0, 1); every weight and bias
 * of {@code nn.LSTM}, {@code nn.GRU} or {@code nn.RNN} U(-1/sqrt(H), 1/sqrt(H)); {@code nn.Linear} weight and bias
 * U(-1/sqrt(fan_in), 1/sqrt(fan_in)) (kaiming_uniform with a = sqrt(5) reduces to that bound).
 * The same seed gives the same numbers on every backend; they are not PyTorch's own random streams.
 */
public final class Initializer {
  private Initializer() {}

  public static Parameters pytorchDefault(ParameterLayout layout, long seed) {
    RandomGenerator rng = new MersenneTwister(seed);
    ModelConfig c = layout.config();
    double lstmBound = 1.0 / Math.sqrt(c.hiddenSize());
    double headBound = 1.0 / Math.sqrt(c.featureSize());
    Parameters p = new Parameters();
    for (ParamSpec s : layout.specs()) {
      float[] data = new float[s.size()];
      if (s.name().equals(ParameterLayout.EMBEDDING)) {
        for (int i = 0; i < data.length; i++) {
          data[i] = (float) rng.nextGaussian();
        }
      } else {
        double bound = s.name().startsWith("decoder.") ? headBound : lstmBound;
        for (int i = 0; i < data.length; i++) {
          data[i] = (float) ((2 * rng.nextDouble() - 1) * bound);
        }
      }
      p.put(s.name(), Tensor.wrap(s.shape(), data));
    }
    return p;
  }
}

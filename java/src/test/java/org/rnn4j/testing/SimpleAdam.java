package org.rnn4j.testing;

import org.rnn4j.model.AdamConfig;
import org.rnn4j.model.Optimizer;
import org.rnn4j.model.ParamSpec;
import org.rnn4j.model.ParameterLayout;
import org.rnn4j.model.Parameters;

/**
 * {@code torch.optim.Adam} (L2 weight decay added to the gradient, bias-corrected moments, eps
 * after the square root) with {@code clip_grad_norm_} before the update, on host arrays shared
 * with the model. A test double until the CPU backend's Adam exists.
 */
final class SimpleAdam implements Optimizer {
  private final ParameterLayout layout;
  private final Parameters params;
  private final Parameters grads;
  private final Parameters expAvg;
  private final Parameters expAvgSq;
  private AdamConfig config;
  private long steps;
  private boolean closed;

  SimpleAdam(ParameterLayout layout, Parameters params, Parameters grads, AdamConfig config) {
    this.layout = layout;
    this.params = params;
    this.grads = grads;
    this.config = config;
    this.expAvg = Parameters.zeros(layout, true);
    this.expAvgSq = Parameters.zeros(layout, true);
  }

  @Override
  public AdamConfig config() {
    return config;
  }

  @Override
  public void step() {
    open();
    double scale = clipScale();
    steps++;
    double bc1 = 1 - Math.pow(config.beta1(), steps);
    double bc2 = 1 - Math.pow(config.beta2(), steps);
    for (ParamSpec s : layout.trainable()) {
      float[] p = params.get(s.name()).data();
      float[] g = grads.get(s.name()).data();
      float[] m = expAvg.get(s.name()).data();
      float[] v = expAvgSq.get(s.name()).data();
      for (int i = 0; i < p.length; i++) {
        double gi = g[i] * scale + config.weightDecay() * p[i];
        m[i] = (float) (config.beta1() * m[i] + (1 - config.beta1()) * gi);
        v[i] = (float) (config.beta2() * v[i] + (1 - config.beta2()) * gi * gi);
        double denom = Math.sqrt(v[i]) / Math.sqrt(bc2) + config.eps();
        p[i] = (float) (p[i] - config.lr() / bc1 * m[i] / denom);
      }
    }
  }

  /** clip_grad_norm_: scale by max_norm / (norm + 1e-6) when that is below 1. */
  private double clipScale() {
    if (config.clipNorm() <= 0) {
      return 1;
    }
    double sq = 0;
    for (ParamSpec s : layout.trainable()) {
      for (float g : grads.get(s.name()).data()) {
        sq += (double) g * g;
      }
    }
    double coef = config.clipNorm() / (Math.sqrt(sq) + 1e-6);
    return Math.min(1, coef);
  }

  @Override
  public long stepCount() {
    return steps;
  }

  @Override
  public Parameters state() {
    open();
    Parameters out = new Parameters();
    for (ParamSpec s : layout.trainable()) {
      out.put(Optimizer.expAvg(s.name()), expAvg.get(s.name()).copy());
      out.put(Optimizer.expAvgSq(s.name()), expAvgSq.get(s.name()).copy());
    }
    return out;
  }

  @Override
  public void loadState(Parameters state, long stepCount) {
    open();
    if (state.count() != 2 * layout.trainable().size()) {
      throw new IllegalArgumentException("optimizer state has " + state.count() + " tensors, expected "
          + 2 * layout.trainable().size() + ": " + state.names());
    }
    for (ParamSpec s : layout.trainable()) {
      copy(state, Optimizer.expAvg(s.name()), expAvg.get(s.name()).data(), s);
      copy(state, Optimizer.expAvgSq(s.name()), expAvgSq.get(s.name()).data(), s);
    }
    this.steps = stepCount;
  }

  private static void copy(Parameters state, String name, float[] dst, ParamSpec s) {
    if (!state.get(name).sameShape(s.shape())) {
      throw new IllegalArgumentException("optimizer tensor " + name + " has the wrong shape");
    }
    System.arraycopy(state.get(name).data(), 0, dst, 0, dst.length);
  }

  @Override
  public void setLearningRate(double lr) {
    config = config.withLr(lr);
  }

  @Override
  public void close() {
    closed = true;
  }

  private void open() {
    if (closed) {
      throw new IllegalStateException("optimizer is closed");
    }
  }
}

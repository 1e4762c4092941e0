package org.rnn4j.testing;

import org.rnn4j.model.Batch;
import org.rnn4j.model.AdamConfig;
import org.rnn4j.model.Model;
import org.rnn4j.model.ModelConfig;
import org.rnn4j.model.Optimizer;
import org.rnn4j.model.ParameterLayout;
import org.rnn4j.model.Parameters;
import org.rnn4j.model.StepResult;

/**
 * Wraps a model and reports a chosen loss (NaN, infinity) from its {@code n}-th
 * {@link #forwardBackward} call on (1-based), as a diverging backend would.
 */
public final class FailingModel implements Model {
  private final Model inner;
  private final long failFromCall;
  private final double badLoss;
  private long calls;

  public FailingModel(Model inner, long failFromCall, double badLoss) {
    this.inner = inner;
    this.failFromCall = failFromCall;
    this.badLoss = badLoss;
  }

  @Override
  public StepResult forwardBackward(Batch batch) {
    StepResult r = inner.forwardBackward(batch);
    return ++calls >= failFromCall ? StepResult.of(badLoss, r.correct(), r.size()) : r;
  }

  /** How many times {@link #forwardBackward} was called. */
  public long calls() {
    return calls;
  }

  @Override
  public ModelConfig config() {
    return inner.config();
  }

  @Override
  public ParameterLayout layout() {
    return inner.layout();
  }

  @Override
  public String backend() {
    return inner.backend();
  }

  @Override
  public void setTraining(boolean training) {
    inner.setTraining(training);
  }

  @Override
  public boolean isTraining() {
    return inner.isTraining();
  }

  @Override
  public void reseedDropout(long seed) {
    inner.reseedDropout(seed);
  }

  @Override
  public float[] logits(Batch batch) {
    return inner.logits(batch);
  }

  @Override
  public Parameters parameters() {
    return inner.parameters();
  }

  @Override
  public void setParameters(Parameters parameters) {
    inner.setParameters(parameters);
  }

  @Override
  public Parameters gradients() {
    return inner.gradients();
  }

  @Override
  public Optimizer newOptimizer(AdamConfig config) {
    return inner.newOptimizer(config);
  }

  @Override
  public void close() {
    inner.close();
  }
}

package org.rnn4j.cpu;

import java.util.LinkedHashMap;
import java.util.Map;
import org.apache.commons.math3.random.MersenneTwister;
import org.apache.commons.math3.random.RandomGenerator;
import org.rnn4j.model.Batch;
import org.rnn4j.model.AdamConfig;
import org.rnn4j.model.BatchChecks;
import org.rnn4j.model.Model;
import org.rnn4j.model.ModelConfig;
import org.rnn4j.model.Optimizer;
import org.rnn4j.model.ParamSpec;
import org.rnn4j.model.ParameterLayout;
import org.rnn4j.model.Parameters;
import org.rnn4j.model.Tensor;

/**
 * What the two CPU models share: parameters and gradients as flat float arrays in the PyTorch
 * layout, the mode, the seeded dropout stream, input checks and the closed state.
 */
abstract class HostModel implements Model, AdamTarget {
  private final String backend;
  private final ModelConfig config;
  private final ParameterLayout layout;
  private final Map<String, float[]> params = new LinkedHashMap<>();
  private final Map<String, float[]> grads = new LinkedHashMap<>();
  private RandomGenerator dropoutRng;
  private boolean training;
  private boolean hasGradients;
  private boolean closed;

  HostModel(String backend, ModelConfig config, Parameters initial, long seed) {
    this.backend = backend;
    this.config = config;
    this.layout = ParameterLayout.of(config);
    for (ParamSpec s : layout.specs()) {
      params.put(s.name(), new float[s.size()]);
      if (s.trainable()) {
        grads.put(s.name(), new float[s.size()]);
      }
    }
    setParameters(initial);
    reseedDropout(DropoutMasks.dropoutSeed(seed));
  }

  /** Restarts the dropout stream from {@code seed}: the same seed gives the same masks. */
  @Override
  public void reseedDropout(long seed) {
    checkOpen();
    dropoutRng = new MersenneTwister(seed);
  }

  @Override
  public final String backend() {
    checkOpen();
    return backend;
  }

  @Override
  public ModelConfig config() {
    checkOpen();
    return config;
  }

  @Override
  public ParameterLayout layout() {
    checkOpen();
    return layout;
  }

  @Override
  public void setTraining(boolean training) {
    checkOpen();
    this.training = training;
  }

  @Override
  public boolean isTraining() {
    checkOpen();
    return training;
  }

  @Override
  public Parameters parameters() {
    checkOpen();
    return copyOf(params);
  }

  @Override
  public void setParameters(Parameters parameters) {
    checkOpen();
    parameters.checkMatches(layout, false);
    params.forEach((name, dst) -> System.arraycopy(parameters.get(name).data(), 0, dst, 0, dst.length));
  }

  @Override
  public Parameters gradients() {
    checkOpen();
    return copyOf(grads);
  }

  @Override
  public Optimizer newOptimizer(AdamConfig adam) {
    checkOpen();
    return new CpuAdam(this, adam);
  }

  @Override
  public void close() {
    if (!closed) {
      closed = true;
      release();
    }
  }

  /** Frees what the subclass holds; called once, by the first {@link #close()}. */
  void release() {}

  @Override
  public float[] parameter(String name) {
    return params.get(layout.spec(name).name());
  }

  @Override
  public float[] gradient(String name) {
    float[] g = grads.get(name);
    if (g == null) {
      throw new IllegalArgumentException("'" + name + "' is not a trainable tensor of this model");
    }
    return g;
  }

  @Override
  public void checkCanStep() {
    checkOpen();
    if (!hasGradients) {
      throw new IllegalStateException("optimizer step before any forwardBackward: no gradients yet");
    }
  }

  /** Records that the gradient arrays now hold a complete set from forwardBackward. */
  void gradientsWritten() {
    hasGradients = true;
  }

  void checkOpen() {
    if (closed) {
      throw new IllegalStateException("this " + backend + " model is closed");
    }
  }

  /** Checks the ids (and, for training, the labels) of a batch before any work. */
  void checkBatch(Batch batch, boolean needLabels) {
    checkOpen();
    if (needLabels) {
      BatchChecks.checkLabels(batch, config.classes());
    }
    BatchChecks.checkIds(batch, config.vocabSize());
  }

  /** Dropout decisions for this pass (see {@link DropoutMasks}), or null when no dropout applies. */
  boolean[][] drawDropout(Batch batch) {
    if (!training || config.dropout() == 0 || config.layers() < 2) {
      return null;
    }
    return DropoutMasks.draw(dropoutRng, config.dropout(), batch.lengths(), config.outputSize(),
        config.layers());
  }

  private Parameters copyOf(Map<String, float[]> arrays) {
    Parameters p = new Parameters();
    arrays.forEach((name, a) -> p.put(name, Tensor.wrap(layout.spec(name).shape(), a.clone())));
    return p;
  }
}

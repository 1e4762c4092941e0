package org.rnn4j.cpu;

import org.apache.commons.math3.random.MersenneTwister;
import org.apache.commons.math3.random.RandomGenerator;
import org.rnn4j.model.Batch;
import org.rnn4j.model.AdamConfig;
import org.rnn4j.model.BatchChecks;
import org.rnn4j.model.Model;
import org.rnn4j.model.ModelConfig;
import org.rnn4j.model.Optimizer;
import org.rnn4j.model.ParameterLayout;
import org.rnn4j.model.Parameters;

/**
 * What the two CPU models share: the {@link HostParameters} store, the mode, the seeded dropout
 * stream, input checks and the closed state.
 */
abstract class HostModel implements Model {
  private final String backend;
  private final ModelConfig config;
  private final ParameterLayout layout;
  private final HostParameters store;
  private RandomGenerator dropoutRng;
  private boolean training;
  private boolean closed;

  HostModel(String backend, ModelConfig config, Parameters initial, long seed) {
    this.backend = backend;
    this.config = config;
    this.layout = ParameterLayout.of(config);
    this.store = new HostParameters(backend, layout);
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
    return store.copyOfParameters();
  }

  @Override
  public void setParameters(Parameters parameters) {
    checkOpen();
    store.set(parameters);
  }

  @Override
  public Parameters gradients() {
    checkOpen();
    return store.copyOfGradients();
  }

  @Override
  public Optimizer newOptimizer(AdamConfig adam) {
    checkOpen();
    return new CpuAdam(store, adam);
  }

  @Override
  public void close() {
    if (!closed) {
      closed = true;
      store.close();
      release();
    }
  }

  /** Frees what the subclass holds; called once, by the first {@link #close()}. */
  void release() {}

  /** The parameter and gradient store the model computes into. */
  HostParameters store() {
    return store;
  }

  /** The live parameter array of {@code name}. */
  float[] parameter(String name) {
    return store.parameter(name);
  }

  /** The live gradient array of a trainable tensor. */
  float[] gradient(String name) {
    return store.gradient(name);
  }

  /** Records that the gradient arrays now hold a complete set from forwardBackward. */
  void gradientsWritten() {
    store.gradientsWritten();
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

  /**
   * Embedding-dropout decisions for this pass (see {@link DropoutMasks#drawEmbedding}), or null
   * when none applies. Drawn before {@link #drawDropout}, from the same stream.
   */
  boolean[] drawEmbedDropout(Batch batch) {
    if (!training || config.embedDropout() == 0) {
      return null;
    }
    return DropoutMasks.drawEmbedding(dropoutRng, config.embedDropout(), batch.lengths(),
        config.embedSize());
  }

  /** Dropout decisions for this pass (see {@link DropoutMasks}), or null when no dropout applies. */
  boolean[][] drawDropout(Batch batch) {
    if (!training || config.dropout() == 0 || config.layers() < 2) {
      return null;
    }
    return DropoutMasks.draw(dropoutRng, config.dropout(), batch.lengths(), config.outputSize(),
        config.layers());
  }
}

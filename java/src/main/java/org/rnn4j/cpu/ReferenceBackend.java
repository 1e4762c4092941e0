package org.rnn4j.cpu;

import org.rnn4j.model.Backend;
import org.rnn4j.model.Initializer;
import org.rnn4j.model.Model;
import org.rnn4j.model.ModelConfig;
import org.rnn4j.model.ParameterLayout;

/**
 * Builds {@link ReferenceModel}s: the double-precision definition of the model behind the
 * {@link Backend} API, for tests and validation (slow; not offered as a user-facing backend).
 */
public final class ReferenceBackend implements Backend {
  /** The name this backend and its models report. */
  public static final String NAME = "reference";

  @Override
  public String name() {
    return NAME;
  }

  @Override
  public String describe() {
    return "CPU double-precision reference (1 thread, Java " + Runtime.version().feature() + ")";
  }

  @Override
  public Model create(ModelConfig config, long seed) {
    return new ReferenceModel(config, Initializer.pytorchDefault(ParameterLayout.of(config), seed), seed);
  }
}

package org.rnn4j.cpu;

import org.rnn4j.model.Backend;
import org.rnn4j.model.ModelContractTest;
import org.rnn4j.testing.Tolerance;

/** The model contract for the double-precision reference behind the Model API. */
class ReferenceModelContractTest extends ModelContractTest {
  @Override
  protected Backend backend() {
    return new ReferenceBackend();
  }

  /** The model's results are its double results rounded to float: within one float rounding. */
  @Override
  protected Tolerance referenceTolerance() {
    return new Tolerance(0, 0x1p-24);
  }
}

package org.rnn4j.cpu;

import org.rnn4j.model.Backend;
import org.rnn4j.model.ModelContractTest;

/** The model contract for the {@code cpu} backend, on two threads. */
class CpuModelContractTest extends ModelContractTest {
  @Override
  protected Backend backend() {
    return new CpuBackend(2);
  }
}

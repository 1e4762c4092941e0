package org.rnn4j.cpu;

import org.rnn4j.model.Backend;
import org.rnn4j.model.OptimizerGroupContractTest;

/** The embedding parameter group's contract for the {@code cpu} backend, on two threads. */
class CpuOptimizerGroupContractTest extends OptimizerGroupContractTest {
  @Override
  protected Backend backend() {
    return new CpuBackend(2);
  }
}

package org.rnn4j.cpu;

import org.junit.jupiter.api.Nested;
import org.rnn4j.model.Backend;
import org.rnn4j.model.Cell;
import org.rnn4j.model.ModelContractTest;

/** The model contract for the {@code cpu} backend, on two threads: the LSTM here, other cells nested. */
class CpuModelContractTest extends ModelContractTest {
  @Override
  protected Backend backend() {
    return new CpuBackend(2);
  }

  /** The suite again, on this backend, for {@link #cell()}. */
  abstract class OtherCell extends ModelContractTest {
    @Override
    protected Backend backend() {
      return CpuModelContractTest.this.backend();
    }
  }

  @Nested
  class Gru extends OtherCell {
    @Override
    protected Cell cell() {
      return Cell.GRU;
    }
  }

  @Nested
  class RnnTanh extends OtherCell {
    @Override
    protected Cell cell() {
      return Cell.RNN_TANH;
    }
  }

  @Nested
  class RnnRelu extends OtherCell {
    @Override
    protected Cell cell() {
      return Cell.RNN_RELU;
    }
  }
}

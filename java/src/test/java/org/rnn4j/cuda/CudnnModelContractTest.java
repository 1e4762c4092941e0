package org.rnn4j.cuda;

import org.junit.jupiter.api.Nested;
import org.rnn4j.model.Backend;
import org.rnn4j.model.Cell;
import org.rnn4j.model.ModelContractTest;
import org.rnn4j.testing.Tolerance;

/**
 * The model contract for the {@code cudnn} backend (exact FP32 math), on a GPU: the LSTM here,
 * the other cells nested.
 *
 * <p>Tolerances, not yet confirmed on a GPU: against the double-precision reference,
 * {@code 1e-6 + 1e-4 |ref|}. cuDNN sums the gate pre-activations and the weight gradients over
 * B*T rows in its own blocked order and uses its own tanh/sigmoid, so per-value errors of a few
 * float ulps compound through T steps and up to two layers; 1e-4 relative is ten times the CPU
 * float bound. Between runs that should be the same computation (training mode at p = 0 against
 * evaluation mode, extra padding), cuDNN may pick different kernels (training vs inference
 * forward, another T), so those are compared at {@code 1e-6 + 1e-5 |a|} rather than bitwise.
 */
@GpuTest
class CudnnModelContractTest extends ModelContractTest {
  @Override
  protected Backend backend() {
    return new CudnnBackend(CudnnOptions.defaults().withDebugSync(true));
  }

  @Override
  protected Tolerance referenceTolerance() {
    return new Tolerance(1e-6, 1e-4);
  }

  @Override
  protected Tolerance sameComputationTolerance() {
    return new Tolerance(1e-6, 1e-5);
  }

  /** The suite again, on this backend with its tolerances, for {@link #cell()}. */
  abstract class OtherCell extends ModelContractTest {
    @Override
    protected Backend backend() {
      return CudnnModelContractTest.this.backend();
    }

    @Override
    protected Tolerance referenceTolerance() {
      return CudnnModelContractTest.this.referenceTolerance();
    }

    @Override
    protected Tolerance sameComputationTolerance() {
      return CudnnModelContractTest.this.sameComputationTolerance();
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

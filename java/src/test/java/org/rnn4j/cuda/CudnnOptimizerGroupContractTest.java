package org.rnn4j.cuda;

import org.rnn4j.model.Backend;
import org.rnn4j.model.OptimizerGroupContractTest;

/**
 * The embedding parameter group's contract for the {@code cudnn} backend, on a GPU. Frozen in
 * the model and frozen by scale 0 run the same kernels on the same prefix of the flat buffers
 * (the clipping norm too, over the same number of floats), so the default exact comparison is
 * expected to hold (not yet confirmed on a GPU).
 */
@GpuTest
class CudnnOptimizerGroupContractTest extends OptimizerGroupContractTest {
  @Override
  protected Backend backend() {
    return new CudnnBackend(CudnnOptions.defaults().withDebugSync(true));
  }
}

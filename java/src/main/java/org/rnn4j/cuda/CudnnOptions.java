package org.rnn4j.cuda;

/**
 * Settings of the GPU backend that do not change the function the model computes.
 *
 * @param device    CUDA device index
 * @param algo      cuDNN RNN algorithm (falls back to STANDARD where cuDNN refuses)
 * @param math      arithmetic of the matrix products
 * @param debugSync synchronize and check after every operation (slow; for finding faults)
 * @param graphs    replay training steps of equal-length batches as CUDA graphs, one per batch
 *                  shape (see {@code StepGraphs}); ignored while {@code debugSync} is on
 * @param layout    how the encoder's inputs and outputs lie in device memory
 */
public record CudnnOptions(int device, RnnAlgo algo, MathMode math, boolean debugSync,
    boolean graphs, DataLayout layout) {

  public CudnnOptions {
    if (device < 0) {
      throw new IllegalArgumentException("device index must be >= 0, got " + device);
    }
    if (algo == null || math == null || layout == null) {
      throw new IllegalArgumentException("algo, math and layout must be given");
    }
  }

  /** Device 0, STANDARD algorithm, exact FP32, no debug sync, no CUDA graphs, sequence-major. */
  public static CudnnOptions defaults() {
    return new CudnnOptions(0, RnnAlgo.STANDARD, MathMode.FP32, false, false, DataLayout.SEQ_MAJOR);
  }

  public CudnnOptions withAlgo(RnnAlgo a) {
    return new CudnnOptions(device, a, math, debugSync, graphs, layout);
  }

  public CudnnOptions withMath(MathMode m) {
    return new CudnnOptions(device, algo, m, debugSync, graphs, layout);
  }

  public CudnnOptions withDevice(int d) {
    return new CudnnOptions(d, algo, math, debugSync, graphs, layout);
  }

  public CudnnOptions withGraphs(boolean on) {
    return new CudnnOptions(device, algo, math, debugSync, on, layout);
  }

  public CudnnOptions withDebugSync(boolean on) {
    return new CudnnOptions(device, algo, math, on, graphs, layout);
  }

  public CudnnOptions withLayout(DataLayout l) {
    return new CudnnOptions(device, algo, math, debugSync, graphs, l);
  }
}

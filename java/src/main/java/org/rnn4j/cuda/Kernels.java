/*
 * Dimension key: B batch, T padded length, E embedding, DH = D*H encoder output width,
 * C classes, N elements of a flat buffer.
 */
package org.rnn4j.cuda;

import org.bytedeco.cuda.cudart.CUfunc_st;

/**
 * Typed launches of rnn4j's kernels (see {@code native/*.cu} for what each computes). All run on
 * the given stream and return at once.
 */
public final class Kernels implements AutoCloseable {
  /** Threads per block of every kernel; equals REDUCE_THREADS in native/common.cuh. */
  static final int THREADS = 256;
  /** Fixed block count of the squared-norm reduction (a fixed grid keeps the sum order fixed). */
  static final int NORM_BLOCKS = 256;

  private final KernelModule module;
  private final int maxBlocks;
  private final CUfunc_st embeddingGather;
  private final CUfunc_st embeddingBackward;
  private final CUfunc_st poolFirstLast;
  private final CUfunc_st poolBackward;
  private final CUfunc_st headSoftmaxXent;
  private final CUfunc_st addBiasRows;
  private final CUfunc_st sumSquaresPartial;
  private final CUfunc_st clipScale;
  private final CUfunc_st adamStep;

  public Kernels(CudaDevice device) {
    this.module = new KernelModule();
    this.maxBlocks = Math.max(1, device.multiprocessors()) * 32;
    this.embeddingGather = module.function("embedding_gather");
    this.embeddingBackward = module.function("embedding_backward");
    this.poolFirstLast = module.function("pool_first_last");
    this.poolBackward = module.function("pool_backward");
    this.headSoftmaxXent = module.function("head_softmax_xent");
    this.addBiasRows = module.function("add_bias_rows");
    this.sumSquaresPartial = module.function("sum_squares_partial");
    this.clipScale = module.function("clip_scale");
    this.adamStep = module.function("adam_step");
  }

  private int blocks(long n) {
    return (int) Math.max(1, Math.min(maxBlocks, (n + THREADS - 1) / THREADS));
  }

  void embeddingGather(DevicePointer ids, DevicePointer lengths, DevicePointer emb, DevicePointer x,
      int b, int t, int e, CudaStream s) {
    module.launch(embeddingGather, "embedding_gather").ptr(ids).ptr(lengths).ptr(emb).ptr(x)
        .i32(b).i32(t).i32(e).run(blocks((long) b * t * e), THREADS, s);
  }

  void embeddingBackward(DevicePointer ids, DevicePointer lengths, DevicePointer dx,
      DevicePointer demb, int b, int t, int e, CudaStream s) {
    module.launch(embeddingBackward, "embedding_backward").ptr(ids).ptr(lengths).ptr(dx).ptr(demb)
        .i32(b).i32(t).i32(e).run(blocks((long) b * t * e), THREADS, s);
  }

  void poolFirstLast(DevicePointer y, DevicePointer lengths, DevicePointer feat, int b, int t,
      int dh, CudaStream s) {
    module.launch(poolFirstLast, "pool_first_last").ptr(y).ptr(lengths).ptr(feat).i32(b).i32(t)
        .i32(dh).run(blocks(2L * b * dh), THREADS, s);
  }

  void poolBackward(DevicePointer dfeat, DevicePointer lengths, DevicePointer dy, int b, int t,
      int dh, CudaStream s) {
    module.launch(poolBackward, "pool_backward").ptr(dfeat).ptr(lengths).ptr(dy).i32(b).i32(t)
        .i32(dh).run(blocks((long) b * t * dh), THREADS, s);
  }

  /** One block: bias, loss, gradient, correct count; stats = {mean loss (float), correct (int)}. */
  void headSoftmaxXent(DevicePointer logits, DevicePointer bias, DevicePointer labels,
      DevicePointer dlogits, DevicePointer dbias, DevicePointer stats, int b, int c, CudaStream s) {
    module.launch(headSoftmaxXent, "head_softmax_xent").ptr(logits).ptr(bias).ptr(labels)
        .ptr(dlogits).ptr(dbias).ptr(stats).i32(b).i32(c).run(1, THREADS, s);
  }

  void addBiasRows(DevicePointer logits, DevicePointer bias, int b, int c, CudaStream s) {
    module.launch(addBiasRows, "add_bias_rows").ptr(logits).ptr(bias).i32(b).i32(c)
        .run(blocks((long) b * c), THREADS, s);
  }

  /** partial[NORM_BLOCKS] = per-block sums of g^2; then out = {clip factor, norm}. */
  void clipFactor(DevicePointer g, long n, DevicePointer partial, float maxNorm, DevicePointer out,
      CudaStream s) {
    module.launch(sumSquaresPartial, "sum_squares_partial").ptr(g).i64(n).ptr(partial)
        .run(NORM_BLOCKS, THREADS, s);
    module.launch(clipScale, "clip_scale").ptr(partial).i32(NORM_BLOCKS).f32(maxNorm).ptr(out)
        .run(1, THREADS, s);
  }

  @SuppressWarnings("checkstyle:ParameterNumber")
  void adamStep(DevicePointer p, DevicePointer g, DevicePointer m, DevicePointer v, long n,
      float[] hyper, DevicePointer gradScale, CudaStream s) {
    module.launch(adamStep, "adam_step").ptr(p).ptr(g).ptr(m).ptr(v).i64(n).f32(hyper[0])
        .f32(hyper[1]).f32(hyper[2]).f32(hyper[3]).f32(hyper[4]).f32(hyper[5]).f32(hyper[6])
        .ptr(gradScale).run(blocks(n), THREADS, s);
  }

  @Override
  public void close() {
    module.close();
  }
}

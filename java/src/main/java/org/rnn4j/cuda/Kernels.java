/*
 * Dimension key: B batch, T padded length, E embedding, DH = D*H encoder output width,
 * C classes, N elements of a flat buffer.
 */
package org.rnn4j.cuda;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.bytedeco.cuda.cudart.CUfunc_st;
import org.rnn4j.cuda.runtime.Closer;
import org.rnn4j.cuda.runtime.CudaDevice;
import org.rnn4j.cuda.runtime.CudaStream;
import org.rnn4j.cuda.runtime.DevicePointer;
import org.rnn4j.cuda.runtime.KernelModule;
import org.rnn4j.model.Pooling;

/**
 * Typed launches of rnn4j's kernels (see {@code native/*.cu} for what each computes). All run on
 * the given stream and return at once.
 */
final class Kernels implements AutoCloseable {
  /** Threads per block of the element-wise kernels. */
  static final int THREADS = 256;
  /**
   * Threads per block of the reduction kernels (softmax_xent, sum_squares_partial, clip_scale):
   * must equal REDUCE_THREADS in native/common.cuh, whose block_sum traps otherwise.
   */
  static final int REDUCE_THREADS = 256;
  /** Fixed block count of the squared-norm reduction (a fixed grid keeps the sum order fixed). */
  static final int NORM_BLOCKS = 256;

  /** Every kernel this class launches, by its extern "C" name in native/. */
  static final List<String> NAMES = List.of("embedding_forward", "dropout_advance",
      "embedding_backward", "pool_forward", "pool_backward", "softmax_xent",
      "add_bias_rows", "sum_squares_partial", "clip_scale", "adam_step");

  private final KernelModule module;
  private final int maxBlocks;
  private final Map<String, CUfunc_st> functions = new HashMap<>();

  Kernels(CudaDevice device) {
    this.maxBlocks = Math.max(1, device.multiprocessors()) * 32;
    Closer closer = new Closer();
    this.module = closer.register(new KernelModule());
    try {
      for (String name : NAMES) {
        functions.put(name, module.function(name)); // throws for a jar built without this kernel
      }
    } catch (RuntimeException e) {
      throw closer.closeAfter(e);
    }
  }

  private KernelModule.Launch launch(String name) {
    CUfunc_st f = functions.get(name);
    if (f == null) {
      throw new IllegalStateException("kernel " + name + " is not in Kernels.NAMES");
    }
    return module.launch(f, name);
  }

  private int blocks(long n) {
    return (int) Math.max(1, Math.min(maxBlocks, (n + THREADS - 1) / THREADS));
  }

  /**
   * {@code embedding_forward}: x = the embedding rows of the ids, 0 at padding. With a
   * {@code mask} (embedding dropout in training) each element is dropped with probability p from
   * (seed, pass[0], element) and its factor written to mask; null for none.
   */
  @SuppressWarnings("checkstyle:ParameterNumber")
  void embeddingForward(DevicePointer ids, DevicePointer lengths, DevicePointer emb, DevicePointer x,
      Dropout dropout, int b, int t, int e, DataLayout layout, CudaStream s) {
    launch("embedding_forward").ptr(ids).ptr(lengths).ptr(emb).ptr(x)
        .ptr(dropout == null ? null : dropout.mask()).ptr(dropout == null ? null : dropout.pass())
        .i64(dropout == null ? 0 : dropout.seed()).f32(dropout == null ? 0f : dropout.p())
        .i32(b).i32(t).i32(e).i32(layout.kernelFlag()).run(blocks((long) b * t * e), THREADS, s);
    if (dropout != null) {
      launch("dropout_advance").ptr(dropout.pass()).run(1, 1, s);
    }
  }

  /** Embedding dropout of one pass: factors out, the device pass counter, the seed, p. */
  record Dropout(DevicePointer mask, DevicePointer pass, long seed, float p) {}

  /** {@code embedding_backward}: dx's real rows (times mask, or null) added into demb at their ids. */
  void embeddingBackward(DevicePointer ids, DevicePointer lengths, DevicePointer dx,
      DevicePointer mask, DevicePointer demb, int b, int t, int e, DataLayout layout, CudaStream s) {
    launch("embedding_backward").ptr(ids).ptr(lengths).ptr(dx).ptr(mask).ptr(demb)
        .i32(b).i32(t).i32(e).i32(layout.kernelFlag()).run(blocks((long) b * t * e), THREADS, s);
  }

  /**
   * {@code pool_forward}: feat [B, F] by {@code pooling}; max pooling writes its steps to
   * {@code arg [B, DH]}.
   */
  void poolForward(DevicePointer y, DevicePointer lengths, DevicePointer feat, DevicePointer arg,
      int b, int t, int dh, Pooling pooling, DataLayout layout, CudaStream s) {
    long n = pooling == Pooling.FIRST_LAST ? 2L * b * dh : (long) b * dh;
    launch("pool_forward").ptr(y).ptr(lengths).ptr(feat).ptr(arg).i32(b).i32(t)
        .i32(dh).i32(layout.kernelFlag()).i32(pooling.ordinal()).run(blocks(n), THREADS, s);
  }

  /** {@code pool_backward}: all of dy from dfeat, 0 at steps the pooling did not read. */
  void poolBackward(DevicePointer dfeat, DevicePointer lengths, DevicePointer arg, DevicePointer dy,
      int b, int t, int dh, Pooling pooling, DataLayout layout, CudaStream s) {
    launch("pool_backward").ptr(dfeat).ptr(lengths).ptr(arg).ptr(dy).i32(b).i32(t)
        .i32(dh).i32(layout.kernelFlag()).i32(pooling.ordinal()).run(blocks((long) b * t * dh), THREADS, s);
  }

  /**
   * {@code softmax_xent}, one block: bias, loss, gradient, correct count; stats = {mean loss
   * (float), correct (int)}.
   */
  void softmaxXent(DevicePointer logits, DevicePointer bias, DevicePointer labels,
      DevicePointer dlogits, DevicePointer dbias, DevicePointer stats, int b, int c, CudaStream s) {
    launch("softmax_xent").ptr(logits).ptr(bias).ptr(labels)
        .ptr(dlogits).ptr(dbias).ptr(stats).i32(b).i32(c).run(1, REDUCE_THREADS, s);
  }

  /** {@code add_bias_rows}: logits += bias, row by row (inference). */
  void addBiasRows(DevicePointer logits, DevicePointer bias, int b, int c, CudaStream s) {
    launch("add_bias_rows").ptr(logits).ptr(bias).i32(b).i32(c)
        .run(blocks((long) b * c), THREADS, s);
  }

  /**
   * {@code sum_squares_partial} then {@code clip_scale}: partial[NORM_BLOCKS] = per-block sums of
   * g^2; then out = {clip factor, norm}.
   */
  void clipFactor(DevicePointer g, long n, DevicePointer partial, float maxNorm, DevicePointer out,
      CudaStream s) {
    launch("sum_squares_partial").ptr(g).i64(n).ptr(partial)
        .run(NORM_BLOCKS, REDUCE_THREADS, s);
    launch("clip_scale").ptr(partial).i32(NORM_BLOCKS).f32(maxNorm).ptr(out)
        .run(1, REDUCE_THREADS, s);
  }

  /**
   * {@code adam_step}: one Adam (or AdamW) update of n floats; {@code hyper} from
   * {@link FusedAdam#hyperparameters}. With a {@code gradScale} (the clip factor) below 1, g is
   * scaled in place.
   */
  @SuppressWarnings("checkstyle:ParameterNumber")
  void adamStep(DevicePointer p, DevicePointer g, DevicePointer m, DevicePointer v, long n,
      FusedAdam.Hyperparameters hyper, DevicePointer gradScale, CudaStream s) {
    launch("adam_step").ptr(p).ptr(g).ptr(m).ptr(v).i64(n)
        .f32(hyper.beta1()).f32(hyper.beta2()).f32(hyper.oneMinusBeta1()).f32(hyper.oneMinusBeta2())
        .f32(hyper.eps()).f32(hyper.weightDecay()).f32(hyper.keep()).f32(hyper.stepSize())
        .f32(hyper.bias2Sqrt())
        .ptr(gradScale).run(blocks(n), THREADS, s);
  }

  @Override
  public void close() {
    module.close();
  }
}

/*
 * Dimension key: B batch, T padded length, E embedding, DH = D*H, F pooled features, C classes.
 */
package org.rnn4j.cuda;

import org.rnn4j.cuda.runtime.Closer;
import org.rnn4j.cuda.runtime.CudaStream;
import org.rnn4j.cuda.runtime.DeviceBuffer;
import org.rnn4j.cuda.runtime.DevicePointer;
import org.rnn4j.model.ModelConfig;

/**
 * The device buffers of one training or inference step, sized for the largest batch seen so far
 * ({@code capB x capT}) and reused: they grow (never shrink) only when a batch is larger, so the
 * steady state allocates nothing. Each step lays its tensors out packed for its own {@code [B, T]}.
 *
 * <p>Growing allocates the new set first and frees the old one only when all of it succeeded, so
 * an out-of-memory failure leaves the model with its previous, working buffers.
 */
final class StepBuffers implements AutoCloseable {
  private final ModelConfig c;
  private int capB;
  private int capT;
  private Closer owned = new Closer();
  private DeviceBuffer io; // ids [B*T] | lengths [B] | labels [B], int32
  private DeviceBuffer x;
  private DeviceBuffer embedMask; // [B*T*E] embedding-dropout factors, or null without that dropout
  private DeviceBuffer dx;
  private DeviceBuffer y;
  private DeviceBuffer dy;
  private DeviceBuffer feat;
  private DeviceBuffer maxSteps; // [B*DH] int32: the step each max-pooled unit came from
  private DeviceBuffer dfeat;
  private DeviceBuffer logits;
  private DeviceBuffer dlogits;
  private DeviceBuffer workspace;
  private DeviceBuffer reserve;
  private final DeviceBuffer stats;
  private final DeviceBuffer dropoutPass;
  private final CudaStream stream;
  private long generation;

  StepBuffers(ModelConfig config, CudaStream stream) {
    this.c = config;
    this.stream = stream;
    this.stats = DeviceBuffer.allocate("loss statistics", 8, "");
    DeviceBuffer pass = null;
    try {
      pass = DeviceBuffer.allocate("embedding dropout pass counter", 8, "");
      pass.zeroAsync(stream, 0, 8);
    } catch (RuntimeException e) {
      stats.close();
      throw e;
    }
    this.dropoutPass = pass;
  }

  /** Makes room for a {@code [b, t]} batch; rounds up so that nearby shapes reuse the buffers. */
  void ensure(int b, int t) {
    if (b <= capB && t <= capT) {
      return;
    }
    int nb = roundUp(Math.max(b, capB), 16);
    int nt = roundUp(Math.max(t, capT), 32);
    String hint = hint(b, t);
    Closer fresh = new Closer();
    try {
      DeviceBuffer nio = fresh.register(DeviceBuffer.allocate("token ids", 4L * (nb * (long) nt + 2L * nb), hint));
      DeviceBuffer nx = fresh.register(alloc("embedded inputs", (long) nb * nt * c.embedSize(), hint));
      DeviceBuffer nm = c.embedDropout() == 0 ? null
          : fresh.register(alloc("embedding dropout factors", (long) nb * nt * c.embedSize(), hint));
      DeviceBuffer ndx = fresh.register(alloc("input gradients", (long) nb * nt * c.embedSize(), hint));
      DeviceBuffer ny = fresh.register(alloc("encoder outputs", (long) nb * nt * c.outputSize(), hint));
      DeviceBuffer ndy = fresh.register(alloc("output gradients", (long) nb * nt * c.outputSize(), hint));
      DeviceBuffer nf = fresh.register(alloc("pooled features", (long) nb * c.featureSize(), hint));
      DeviceBuffer nms = fresh.register(alloc("max-pooling steps", (long) nb * c.outputSize(), hint));
      DeviceBuffer ndf = fresh.register(alloc("feature gradients", (long) nb * c.featureSize(), hint));
      DeviceBuffer nl = fresh.register(alloc("logits", (long) nb * c.classes(), hint));
      DeviceBuffer ndl = fresh.register(alloc("logit gradients", (long) nb * c.classes(), hint));
      stream.synchronize("growing the step buffers"); // queued work may still read the old ones
      Closer old = owned;
      owned = fresh;
      io = nio;
      x = nx;
      embedMask = nm;
      dx = ndx;
      y = ny;
      dy = ndy;
      feat = nf;
      maxSteps = nms;
      dfeat = ndf;
      logits = nl;
      dlogits = ndl;
      capB = nb;
      capT = nt;
      generation++;
      old.close();
    } catch (RuntimeException e) {
      throw fresh.closeAfter(e);
    }
  }

  /** Grows cuDNN's workspace and reserve space to at least the given sizes. */
  void ensureTemp(long workBytes, long reserveBytes, int b, int t) {
    if (workspace == null || workspace.bytes() < workBytes) {
      DeviceBuffer n = DeviceBuffer.allocate("cuDNN workspace", workBytes, hint(b, t));
      stream.synchronize("growing the cuDNN workspace");
      if (workspace != null) {
        workspace.close();
      }
      workspace = n;
      generation++;
    }
    if (reserveBytes > 0 && (reserve == null || reserve.bytes() < reserveBytes)) {
      DeviceBuffer n = DeviceBuffer.allocate("cuDNN reserve space", reserveBytes, hint(b, t));
      stream.synchronize("growing the cuDNN reserve space");
      if (reserve != null) {
        reserve.close();
      }
      reserve = n;
      generation++;
    }
  }

  /** Counts reallocations: a device address captured before a change is no longer valid. */
  long generation() {
    return generation;
  }

  private DeviceBuffer alloc(String name, long floats, String hint) {
    return DeviceBuffer.allocate(name, floats * 4, hint);
  }

  private static String hint(int b, int t) {
    return "the batch of " + b + " reviews padded to " + t + " tokens does not fit; use a smaller"
        + " batch size or max length";
  }

  private static int roundUp(int v, int m) {
    return (v + m - 1) / m * m;
  }

  DevicePointer ids(int b, int t) {
    return io.slice(0, 4L * b * t);
  }

  DevicePointer lengths(int b, int t) {
    return io.slice(4L * b * t, 4L * b);
  }

  DevicePointer labels(int b, int t) {
    return io.slice(4L * b * t + 4L * b, 4L * b);
  }

  /** The io region for an upload of {@code b*t + 2b} ints. */
  DevicePointer io(int b, int t) {
    return io.slice(0, 4L * (b * (long) t + 2L * b));
  }

  DevicePointer x(int b, int t) {
    return x.slice(0, 4L * b * t * c.embedSize());
  }

  /** The embedding-dropout factors, or null where the model has no embedding dropout. */
  DevicePointer embedMask(int b, int t) {
    return embedMask == null ? null : embedMask.slice(0, 4L * b * t * c.embedSize());
  }

  /** The device counter of embedding-dropout passes (one unsigned 64-bit integer). */
  DevicePointer dropoutPass() {
    return dropoutPass.ptr();
  }

  DevicePointer dx(int b, int t) {
    return dx.slice(0, 4L * b * t * c.embedSize());
  }

  DevicePointer y(int b, int t) {
    return y.slice(0, 4L * b * t * c.outputSize());
  }

  DevicePointer dy(int b, int t) {
    return dy.slice(0, 4L * b * t * c.outputSize());
  }

  DevicePointer feat(int b) {
    return feat.slice(0, 4L * b * c.featureSize());
  }

  DevicePointer maxSteps(int b) {
    return maxSteps.slice(0, 4L * b * c.outputSize());
  }

  DevicePointer dfeat(int b) {
    return dfeat.slice(0, 4L * b * c.featureSize());
  }

  DevicePointer logits(int b) {
    return logits.slice(0, 4L * b * c.classes());
  }

  DevicePointer dlogits(int b) {
    return dlogits.slice(0, 4L * b * c.classes());
  }

  DeviceBuffer workspace() {
    return workspace;
  }

  /** The reserve space, or null before any training step. */
  DeviceBuffer reserve() {
    return reserve;
  }

  DevicePointer stats() {
    return stats.ptr();
  }

  /** Bytes held now, for memory-stability checks. */
  long bytesHeld() {
    long n = stats.bytes() + dropoutPass.bytes();
    for (DeviceBuffer d : new DeviceBuffer[] {io, x, embedMask, dx, y, dy, feat, maxSteps, dfeat,
        logits, dlogits, workspace, reserve}) {
      n += d == null ? 0 : d.bytes();
    }
    return n;
  }

  @Override
  public void close() {
    Closer all = new Closer();
    all.register(stats);
    all.register(dropoutPass);
    all.register(owned);
    all.register(workspace);
    all.register(reserve);
    all.close();
  }
}

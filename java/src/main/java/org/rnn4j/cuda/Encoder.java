/*
 * Dimension key: B batch, T padded length, E embedding, H hidden, L layers, D directions.
 */
package org.rnn4j.cuda;

import static org.bytedeco.cuda.global.cudart.cudaGetLastError;
import static org.bytedeco.cuda.global.cudnn.CUDNN_FWD_MODE_INFERENCE;
import static org.bytedeco.cuda.global.cudnn.CUDNN_FWD_MODE_TRAINING;
import static org.bytedeco.cuda.global.cudnn.CUDNN_STATUS_SUCCESS;
import static org.bytedeco.cuda.global.cudnn.CUDNN_WGRAD_MODE_ADD;
import static org.bytedeco.cuda.global.cudnn.cudnnDropoutForward;
import static org.bytedeco.cuda.global.cudnn.cudnnDropoutGetReserveSpaceSize;
import static org.bytedeco.cuda.global.cudnn.cudnnGetRNNTempSpaceSizes;
import static org.bytedeco.cuda.global.cudnn.cudnnRNNBackwardData_v8;
import static org.bytedeco.cuda.global.cudnn.cudnnRNNBackwardWeights_v8;
import static org.bytedeco.cuda.global.cudnn.cudnnRNNForward;

import java.util.HashMap;
import java.util.Map;
import org.bytedeco.javacpp.SizeTPointer;
import org.rnn4j.cuda.runtime.Check;
import org.rnn4j.cuda.runtime.Closer;
import org.rnn4j.cuda.runtime.CudaException;
import org.rnn4j.cuda.runtime.CudaStream;
import org.rnn4j.cuda.runtime.DeviceBuffer;
import org.rnn4j.cuda.runtime.DevicePointer;
import org.rnn4j.cuda.runtime.Transfers;
import org.rnn4j.model.Cell;
import org.rnn4j.model.ModelConfig;

/**
 * The (bi)directional multi-layer recurrent encoder (LSTM, GRU or plain RNN) on cuDNN's RNN v8
 * API: forward, backward data, backward weights. All RNN descriptors share one weight layout: for each algorithm in use, one with the
 * configured dropout (training mode) and one without (evaluation mode, and forward-backward in
 * evaluation mode, which still needs cuDNN's training-mode forward for its reserve space).
 * {@link #describe} picks the descriptors and the algorithm for the batch; forward and backward
 * then use the same ones.
 *
 * <p>Inputs {@code x} (width E) and outputs {@code y} (width D*H) are padded to T steps, laid out
 * per {@link DataLayout}, with per-sample lengths given to cuDNN on the host, in the data
 * descriptors, and on the device ({@code devSeqLengths}). Which of the two cuDNN reads: the host
 * array is what cuDNN plans with (kernel choice, workspace and reserve sizes, where the
 * recurrence stops per sample) in every version; the device copy was required before cuDNN 8.9.1
 * and is no longer needed since (PyTorch's cuDNN RNN passes {@code nullptr} there and sets the
 * descriptors afresh for every call). We still pass it: it travels in the batch upload at no
 * extra cost and keeps older cuDNN 8 versions correct. Because the host array is read again by
 * cuDNN's own staging inside each call, a CUDA graph must never see its descriptors re-set:
 * equal-length batches that run as graphs use descriptors pinned per shape ({@link #usePinned}),
 * set once and never changed while any graph may hold them; every other call uses the eager set,
 * re-set per batch. Initial states are zero (null pointers), final states are not kept.
 *
 * <p>The persistent algorithm is used only for equal-length batches and only where cuDNN accepts
 * it for the batch at hand: the first use at each shape is a trial ({@link PersistShapes}), and
 * any failure in it drops the persistent algorithm for that shape, logged once, and the call is
 * run again on STANDARD ({@link PersistRefusedException}).
 */
final class Encoder implements AutoCloseable {
  /** PyTorch's limit for PERSIST_STATIC_SMALL_H in an LSTM's backward pass. */
  private static final int PERSIST_MAX_HIDDEN = 128;
  /** Pinned descriptor sets kept at once: more shapes than StepGraphs keeps warm-ups for. */
  static final int MAX_PINNED = 4 * StepGraphs.MAX_GRAPHS + 1;

  private static final System.Logger LOG = System.getLogger(Encoder.class.getName());

  private final CudnnHandle cudnn;
  private final ModelConfig config;
  private final DataLayout layout;
  private final Closer closer = new Closer();
  private final DropoutDescriptor dropoutOn;
  private final DropoutDescriptor dropoutOff;
  private final RnnDescriptor.Pair standard;
  private final RnnDescriptor.Pair persist;
  private final PersistShapes persistShapes = new PersistShapes();
  private final BatchDescriptors eager;
  private final Map<Long, BatchDescriptors> pinned = new HashMap<>();
  private final SizeTPointer workBytes;
  private final SizeTPointer reserveBytes;
  private BatchDescriptors active;
  private boolean backwardFollows;
  private PersistShapes.Shape shape;
  private boolean usePersist;

  Encoder(CudnnHandle cudnn, ModelConfig config, CudnnOptions options, long seed) {
    this.cudnn = cudnn;
    this.config = config;
    this.layout = options.layout();
    try {
      dropoutOff = closer.register(new DropoutDescriptor(cudnn, 0f, seed));
      dropoutOn = config.dropout() == 0 ? dropoutOff
          : closer.register(new DropoutDescriptor(cudnn, (float) config.dropout(), seed));
      standard = pair(RnnAlgo.STANDARD, options.math(), null);
      boolean wantPersist = options.algo() == RnnAlgo.PERSIST_STATIC_SMALL_H
          || (options.algo() == RnnAlgo.AUTO && config.cell() == Cell.LSTM
              && config.hiddenSize() <= PERSIST_MAX_HIDDEN);
      persist = wantPersist
          ? pair(RnnAlgo.PERSIST_STATIC_SMALL_H, options.math(), options.algo()) : null;
      eager = closer.register(new BatchDescriptors(config, layout));
      active = eager;
      workBytes = closer.register(new SizeTPointer(1));
      reserveBytes = closer.register(new SizeTPointer(1));
    } catch (RuntimeException e) {
      throw closer.closeAfter(e);
    }
  }

  /**
   * The descriptors without and with dropout for one algorithm, or null where cuDNN refuses it (said in
   * the log: as a warning where the caller asked for exactly this algorithm).
   */
  private RnnDescriptor.Pair pair(RnnAlgo algo, MathMode math, RnnAlgo asked) {
    RnnDescriptor off = closer.register(new RnnDescriptor(cudnn, config, algo, math, dropoutOff, layout));
    RnnDescriptor on = dropoutOn == dropoutOff ? off
        : closer.register(new RnnDescriptor(cudnn, config, algo, math, dropoutOn, layout));
    if (!off.supported() || !on.supported()) {
      String why = off.supported() ? on.unsupportedReason() : off.unsupportedReason();
      LOG.log(asked == algo ? System.Logger.Level.WARNING : System.Logger.Level.DEBUG,
          "cuDNN refused " + algo + " for this model, so every batch runs STANDARD: " + why);
      return null;
    }
    if (standard != null && off.weightSpaceBytes() != standard.withoutDropout().weightSpaceBytes()) {
      throw new IllegalStateException("cuDNN sizes the weight space of " + algo + " at "
          + off.weightSpaceBytes() + " bytes, not " + standard.withoutDropout().weightSpaceBytes()
          + " as STANDARD");
    }
    return new RnnDescriptor.Pair(off, on);
  }

  DataLayout layout() {
    return layout;
  }

  /** The descriptor whose weight layout all share. */
  RnnDescriptor layoutDescriptor() {
    return standard.withoutDropout();
  }

  /** Restarts the dropout random state from {@code seed}. */
  void reseedDropout(long seed) {
    dropoutOn.reseed(cudnn, seed);
  }

  /** Thrown after cuDNN refused the persistent algorithm for a batch shape: rerun the call. */
  static final class PersistRefusedException extends CudaException {
    private static final long serialVersionUID = 1L;

    PersistRefusedException(String call, int status, String message) {
      super(call, status, message);
    }
  }

  /**
   * Checks a cuDNN RNN status. A failure during the trial of the persistent algorithm at a new
   * shape is a refusal of that shape: recorded, logged, and thrown as
   * {@link PersistRefusedException} so that the caller runs the call again (then on STANDARD).
   * A failure while a CUDA graph is being captured may be about the capture, not the algorithm
   * (and a captured shape has already run eagerly): StepGraphs then switches graphs off and the
   * eager rerun decides.
   */
  private void checkRnn(int rc, String call, CudaStream s) {
    if (rc != CUDNN_STATUS_SUCCESS && usePersist && persistShapes.onTrial(shape)
        && (s == null || !s.isCapturing())) {
      throw refuse(call, rc);
    }
    Check.cudnn(rc, call);
  }

  private PersistRefusedException refuse(String call, int rc) {
    String text;
    try {
      Check.cudnn(rc, call);
      text = call + " failed (cudnnStatus_t " + rc + ")";
    } catch (CudaException e) {
      text = e.getMessage(); // the status name and cuDNN's own last-error text
    }
    int cleared = cudaGetLastError(); // a failed launch inside cuDNN leaves a (non-sticky) status
    boolean first = persistShapes.refuse(shape, new PersistShapes.Refusal(call, rc, text));
    usePersist = false;
    String msg = "cuDNN refused PERSIST_STATIC_SMALL_H at " + shape + ": " + text
        + "; batches of this shape run STANDARD from now on";
    LOG.log(first ? System.Logger.Level.WARNING : System.Logger.Level.DEBUG,
        first ? msg + " (later refusals are logged at DEBUG)" : msg);
    LOG.log(System.Logger.Level.DEBUG, "CUDA status cleared after the refusal: {0}", cleared);
    return new PersistRefusedException(call, rc, msg);
  }

  /** The algorithm that runs equal-length batches where cuDNN accepts it (others run STANDARD). */
  RnnAlgo algo() {
    return persist != null ? RnnAlgo.PERSIST_STATIC_SMALL_H : RnnAlgo.STANDARD;
  }

  /** How many batch shapes cuDNN refused the persistent algorithm for. */
  int persistRefusals() {
    return persistShapes.refusedCount();
  }

  /** Whether the last described call runs (or ran) the persistent algorithm. */
  boolean usingPersist() {
    return usePersist;
  }

  /** As {@link #describe(int, int, int[], boolean)} for a call that runs backward. */
  void describe(int b, int t, int[] lengths) {
    describe(b, t, lengths, true);
  }

  /**
   * Describes a batch of {@code b} sequences padded to {@code t}, with host lengths, in the eager
   * descriptors; {@link #tempSizes} then picks the algorithm that forward and backward use for it.
   *
   * @param backward whether backward data and weights will follow the forward in this call
   */
  void describe(int b, int t, int[] lengths, boolean backward) {
    eager.set(b, t, lengths);
    active = eager;
    backwardFollows = backward;
    shape = null;
    usePersist = false;
  }

  /**
   * Switches the described batch (equal lengths, {@code [b, t]}) to descriptors pinned for that
   * shape: set once, never re-set, so that a CUDA graph captured with them stays valid. Call
   * {@link #pinnedFull} first.
   */
  void usePinned(int b, int t) {
    if (!active.equalLengths || active.batch != b || active.maxLen != t) {
      throw new IllegalStateException("only the described equal-length [" + b + ", " + t
          + "] batch can use pinned descriptors");
    }
    BatchDescriptors d = pinned.get(key(b, t));
    if (d == null) {
      if (pinned.size() >= MAX_PINNED) {
        throw new IllegalStateException("pinned descriptors full: drop them first");
      }
      d = new BatchDescriptors(config, layout);
      try {
        int[] full = new int[b];
        java.util.Arrays.fill(full, t);
        d.set(b, t, full);
      } catch (RuntimeException e) {
        d.close();
        throw e;
      }
      pinned.put(key(b, t), d);
    }
    active = d;
  }

  /** Whether pinning {@code [b, t]} needs room that only {@link #dropPinned} can make. */
  boolean pinnedFull(int b, int t) {
    return pinned.size() >= MAX_PINNED && !pinned.containsKey(key(b, t));
  }

  /**
   * Closes every pinned descriptor set. The caller must first drop every CUDA graph captured with
   * them and let queued work finish.
   */
  void dropPinned() {
    Closer c = new Closer();
    pinned.values().forEach(c::register);
    pinned.clear();
    active = eager;
    c.close();
  }

  /** Pinned descriptor sets held now, for tests. */
  int pinnedCount() {
    return pinned.size();
  }

  private static long key(int b, int t) {
    return ((long) b << 32) | (t & 0xffffffffL);
  }

  /**
   * cuDNN's scratch space for the described batch, in bytes.
   *
   * @param workspace what every RNN call of the batch needs
   * @param reserve   what the forward pass keeps for backward (0 where it keeps none)
   */
  record TempSizes(long workspace, long reserve) {}

  /**
   * Sizes of the workspace and reserve space for the described batch; decides the algorithm of
   * this call (persistent for an equal-length batch whose shape cuDNN has not refused, where the
   * model has the persistent descriptors).
   *
   * @param keepReserve a backward pass will follow, or dropout is on (both need training mode)
   */
  TempSizes tempSizes(boolean dropout, boolean keepReserve) {
    shape = new PersistShapes.Shape(active.batch, active.maxLen, dropout, keepReserve,
        backwardFollows);
    usePersist = persist != null && active.equalLengths && persistShapes.allowed(shape);
    int rc = cudnnGetRNNTempSpaceSizes(cudnn.get(), descriptor(dropout).get(),
        keepReserve ? CUDNN_FWD_MODE_TRAINING : CUDNN_FWD_MODE_INFERENCE, active.x.get(), workBytes,
        reserveBytes);
    try {
      checkRnn(rc, "cudnnGetRNNTempSpaceSizes", null); // never called while capturing
    } catch (PersistRefusedException e) {
      return tempSizes(dropout, keepReserve); // nothing was queued: size for STANDARD instead
    }
    return new TempSizes(workBytes.get(), keepReserve ? reserveBytes.get() : 0);
  }

  /**
   * Marks the described call as queued without error: if it ran the persistent algorithm, its
   * shape is proven and a later failure there is a real error.
   */
  void callSucceeded() {
    if (usePersist) {
      persistShapes.succeeded(shape);
    }
  }

  void forward(boolean dropout, boolean keepReserve, DevicePointer lengths, DevicePointer x,
      DevicePointer y, DevicePointer weights, StepBuffers buf, CudaStream s) {
    DeviceBuffer reserve = keepReserve ? buf.reserve() : null;
    checkRnn(cudnnRNNForward(cudnn.get(), descriptor(dropout).get(),
        keepReserve ? CUDNN_FWD_MODE_TRAINING : CUDNN_FWD_MODE_INFERENCE, lengths.asInt(),
        active.x.get(), x, active.y.get(), y, active.h.get(), null, null, active.h.get(), null,
        null, weights.bytes(), weights, buf.workspace().bytes(), buf.workspace().ptr(),
        reserve == null ? 0 : reserve.bytes(), reserve == null ? null : reserve.ptr()),
        "cudnnRNNForward", s);
    s.afterOp("cudnnRNNForward");
  }

  /** dx from dy; must run before {@link #backwardWeights} (it updates the reserve space). */
  void backwardData(boolean dropout, DevicePointer lengths, DevicePointer y, DevicePointer dy,
      DevicePointer dx, DevicePointer weights, StepBuffers buf, CudaStream s) {
    DeviceBuffer reserve = buf.reserve();
    checkRnn(cudnnRNNBackwardData_v8(cudnn.get(), descriptor(dropout).get(), lengths.asInt(),
        active.y.get(), y, dy, active.x.get(), dx, active.h.get(), null, null, null,
        active.h.get(), null, null, null, weights.bytes(), weights, buf.workspace().bytes(),
        buf.workspace().ptr(), reserve.bytes(), reserve.ptr()), "cudnnRNNBackwardData_v8", s);
    s.afterOp("cudnnRNNBackwardData_v8");
  }

  /** Adds the weight gradients into {@code dweights} (zero it first). */
  void backwardWeights(boolean dropout, DevicePointer lengths, DevicePointer x, DevicePointer y,
      DevicePointer dweights, StepBuffers buf, CudaStream s) {
    DeviceBuffer reserve = buf.reserve();
    checkRnn(cudnnRNNBackwardWeights_v8(cudnn.get(), descriptor(dropout).get(),
        CUDNN_WGRAD_MODE_ADD, lengths.asInt(), active.x.get(), x, active.h.get(), null,
        active.y.get(), y, dweights.bytes(), dweights, buf.workspace().bytes(),
        buf.workspace().ptr(), reserve.bytes(), reserve.ptr()), "cudnnRNNBackwardWeights_v8", s);
    s.afterOp("cudnnRNNBackwardWeights_v8");
  }

  /**
   * Runs cuDNN's dropout with the training descriptor (same probability and random state as the
   * encoder's) over {@code n} ones and returns the result: a window onto the mask, for tests. It
   * advances the encoder's random state, so later training steps draw other masks than they
   * would have.
   */
  float[] dropoutSample(int n, CudaStream s) {
    if (dropoutOn == dropoutOff) {
      throw new IllegalStateException("this model has no dropout (p = 0): nothing to sample");
    }
    try (Closer c = new Closer()) {
      TensorDescriptor d = c.register(new TensorDescriptor()).set(1, 1, 1, n);
      SizeTPointer size = c.register(new SizeTPointer(1));
      Check.cudnn(cudnnDropoutGetReserveSpaceSize(d.get(), size), "cudnnDropoutGetReserveSpaceSize");
      DeviceBuffer x = c.register(DeviceBuffer.allocate("dropout sample input", 4L * n, ""));
      DeviceBuffer y = c.register(DeviceBuffer.allocate("dropout sample output", 4L * n, ""));
      DeviceBuffer r = c.register(DeviceBuffer.allocate("dropout sample reserve", size.get(), ""));
      float[] ones = new float[n];
      java.util.Arrays.fill(ones, 1f);
      Transfers.toDevice(ones, 0, n, x.ptr(), s);
      Check.cudnn(cudnnDropoutForward(cudnn.get(), dropoutOn.get(), d.get(), x.ptr(), d.get(),
          y.ptr(), r.ptr(), r.bytes()), "cudnnDropoutForward");
      float[] out = new float[n];
      Transfers.toHost(y.ptr(), out, 0, n, s);
      return out;
    }
  }

  private RnnDescriptor descriptor(boolean dropout) {
    return (usePersist ? persist : standard).get(dropout);
  }

  @Override
  public void close() {
    try {
      dropPinned();
    } finally {
      closer.close();
    }
  }
}

/*
 * Dimension key: B batch, T padded length.
 */
package org.rnn4j.cuda;

import org.rnn4j.cuda.runtime.CudaStream;
import org.rnn4j.model.Batch;

/**
 * The host side of {@link CudnnModel}'s calls: sizing the step buffers, describing the batch to
 * cuDNN, queueing the upload, choosing whether a training step runs as a CUDA graph (with the
 * cuDNN descriptors pinned for its shape), and rerunning a call on STANDARD where cuDNN refused
 * the persistent algorithm for its shape. It owns no native resource: it works on the model's.
 */
final class StepQueue {
  /** The device work of one training step for a batch of shape [b, t]. */
  interface DeviceStep {
    void run(int b, int t, boolean dropout);
  }

  private final Encoder encoder;
  private final StepBuffers buffers;
  private final HostStaging staging;
  private final StepGraphs graphs;
  private final CudaStream stream;
  private long graphedGeneration = -1;

  StepQueue(Encoder encoder, StepBuffers buffers, HostStaging staging, StepGraphs graphs,
      CudaStream stream) {
    this.encoder = encoder;
    this.buffers = buffers;
    this.staging = staging;
    this.graphs = graphs;
    this.stream = stream;
  }

  /**
   * Queues {@code work} (host preparation and device work of one call); if cuDNN refused the
   * persistent algorithm for its batch shape, the encoder runs that shape on STANDARD from now on:
   * drop the graphs and warm-ups made with the persistent algorithm and queue the whole call
   * again, once (safe: a call recomputes everything from the parameters and zeroes the gradients
   * before adding to them). Once queued without error, the encoder counts the shape as proven.
   */
  void withPersistFallback(Runnable work) {
    try {
      work.run();
    } catch (Encoder.PersistRefusedException e) {
      graphs.invalidate();
      work.run(); // on STANDARD now; any failure here is a real one
    }
    encoder.callSucceeded();
  }

  /** Prepares and queues one training step, replayed from or captured into a graph where it can. */
  void trainingStep(Batch batch, boolean dropout, DeviceStep step) {
    int b = batch.size();
    int t = batch.maxLen();
    StepGraphs.Key key = graphs.enabled() ? graphKey(batch, dropout) : null;
    prepare(batch, dropout, true, true);
    if (key != null) {
      pinDescriptors(b, t);
    }
    graphs.run(key, () -> step.run(b, t, dropout));
  }

  /**
   * Host side of a step: sizes the buffers, describes the batch to cuDNN and queues the upload.
   * Drops the captured graphs when a buffer they use was reallocated.
   *
   * @param backward whether the call runs the backward pass after the forward
   */
  void prepare(Batch batch, boolean dropout, boolean keepReserve, boolean backward) {
    int b = batch.size();
    int t = batch.maxLen();
    buffers.ensure(b, t);
    encoder.describe(b, t, batch.lengths(), backward);
    Encoder.TempSizes temp = encoder.tempSizes(dropout, keepReserve);
    buffers.ensureTemp(temp.workspace(), temp.reserve(), b, t);
    if (buffers.generation() != graphedGeneration) {
      graphs.invalidate();
      graphedGeneration = buffers.generation();
    }
    staging.upload(batch, buffers.io(b, t));
  }

  /**
   * Gives a step that may be captured or replayed the encoder's descriptors pinned for its shape.
   * When the pinned sets are full (more shapes than graphs are kept for), every graph goes first,
   * since a graph must not outlive the descriptors it captured.
   */
  private void pinDescriptors(int b, int t) {
    if (encoder.pinnedFull(b, t)) {
      graphs.invalidate();
      stream.synchronize("dropping the pinned cuDNN descriptors"); // no queued call still uses them
      encoder.dropPinned();
    }
    encoder.usePinned(b, t);
  }

  /**
   * The graph key of a training step, or null where a graph cannot be reused: a captured cuDNN
   * call is planned for the host sequence lengths it was captured with, so only batches whose
   * every review fills the padded length share a graph.
   */
  private static StepGraphs.Key graphKey(Batch batch, boolean dropout) {
    int t = batch.maxLen();
    for (int len : batch.lengths()) {
      if (len != t) {
        return null;
      }
    }
    return new StepGraphs.Key(batch.size(), t, dropout);
  }
}

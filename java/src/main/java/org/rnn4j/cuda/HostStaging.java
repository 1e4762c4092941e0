/*
 * Dimension key: B batch, T padded length.
 */
package org.rnn4j.cuda;

import static org.bytedeco.cuda.global.cudart.cudaMemcpyAsync;
import static org.bytedeco.cuda.global.cudart.cudaMemcpyDeviceToHost;
import static org.bytedeco.cuda.global.cudart.cudaMemcpyHostToDevice;

import org.bytedeco.javacpp.BytePointer;
import org.bytedeco.javacpp.IntPointer;
import org.rnn4j.cuda.runtime.Check;
import org.rnn4j.cuda.runtime.Closer;
import org.rnn4j.cuda.runtime.CudaDevice;
import org.rnn4j.cuda.runtime.CudaEvent;
import org.rnn4j.cuda.runtime.CudaStream;
import org.rnn4j.cuda.runtime.DevicePointer;
import org.rnn4j.cuda.runtime.PinnedBuffer;
import org.rnn4j.model.Batch;

/**
 * Page-locked host memory for the two transfers of a training step: the batch going up (ids,
 * lengths, labels; double-buffered so the host can fill one slot while the previous copy is still
 * in flight) and the two scalars coming back (a ring of slots, each with an event, so a step's
 * loss can be read later without stalling the next step).
 */
final class HostStaging implements AutoCloseable {
  static final int RESULT_SLOTS = 4;

  private final CudaDevice device;
  private final CudaStream stream;
  private final PinnedBuffer[] upload = new PinnedBuffer[2];
  private final CudaEvent[] uploaded = {new CudaEvent(false), new CudaEvent(false)};
  private int uploadSlot;
  private final PinnedBuffer results = new PinnedBuffer(8L * RESULT_SLOTS);
  private final CudaEvent[] resultReady = new CudaEvent[RESULT_SLOTS];
  private final PendingStep[] pending = new PendingStep[RESULT_SLOTS];
  private int resultSlot;

  HostStaging(CudaDevice device, CudaStream stream) {
    this.device = device;
    this.stream = stream;
    for (int i = 0; i < RESULT_SLOTS; i++) {
      resultReady[i] = new CudaEvent(false);
    }
  }

  /** Copies the batch's ids, lengths and labels (0 where absent) to {@code dst} asynchronously. */
  void upload(Batch batch, DevicePointer dst) {
    int b = batch.size();
    int n = batch.ids().length;
    long bytes = 4L * (n + 2L * b);
    uploadSlot = 1 - uploadSlot;
    uploaded[uploadSlot].synchronize(); // the copy that last used this slot has finished
    if (upload[uploadSlot] == null || upload[uploadSlot].bytes() < bytes) {
      if (upload[uploadSlot] != null) {
        upload[uploadSlot].close();
      }
      upload[uploadSlot] = new PinnedBuffer(Math.max(bytes, 4096));
    }
    IntPointer ints = new IntPointer(upload[uploadSlot].memory());
    ints.put(batch.ids(), 0, n);
    ints.position(n).put(batch.lengths(), 0, b);
    ints.position(n + b).put(batch.labels() != null ? batch.labels() : new int[b], 0, b);
    ints.position(0);
    Check.cuda(cudaMemcpyAsync(dst, upload[uploadSlot].memory(), bytes, cudaMemcpyHostToDevice,
        stream.handle()), "cudaMemcpyAsync(batch to device)");
    uploaded[uploadSlot].record(stream);
  }

  /** Queues the copy of the device's loss and correct count; returns a result that waits for it. */
  PendingStep fetchResult(DevicePointer stats, int batchSize) {
    int slot = resultSlot;
    resultSlot = (resultSlot + 1) % RESULT_SLOTS;
    if (pending[slot] != null) {
      pending[slot].resolve(); // frees the slot: its numbers move into the Java object
    }
    DevicePointer dst = DevicePointer.at(results.memory().address() + 8L * slot, 8);
    Check.cuda(cudaMemcpyAsync(dst, stats, 8, cudaMemcpyDeviceToHost, stream.handle()),
        "cudaMemcpyAsync(loss to host)");
    resultReady[slot].record(stream);
    PendingStep p = new PendingStep(this, slot, batchSize);
    pending[slot] = p;
    return p;
  }

  /**
   * One step's numbers as the loss kernel wrote them.
   *
   * @param loss    the mean loss over the batch
   * @param correct the number of arg-max hits
   */
  record Stats(float loss, int correct) {}

  /**
   * Waits for slot {@code slot} and reads its loss and correct count. Reached from
   * {@link PendingStep}'s accessors, which may run on any thread, hence the makeCurrent.
   */
  Stats read(int slot) {
    device.makeCurrent();
    resultReady[slot].synchronize();
    BytePointer m = results.memory();
    return new Stats(m.getFloat(8L * slot), m.getInt(8L * slot + 4));
  }

  void forget(PendingStep p) {
    if (pending[p.slot()] == p) {
      pending[p.slot()] = null;
    }
  }

  @Override
  public void close() {
    for (PendingStep p : pending) {
      if (p != null) {
        p.detach();
      }
    }
    Closer c = new Closer();
    for (PinnedBuffer b : upload) {
      c.register(b);
    }
    c.register(results);
    for (CudaEvent e : uploaded) {
      c.register(e);
    }
    for (CudaEvent e : resultReady) {
      c.register(e);
    }
    c.close();
  }
}

package org.rnn4j.cuda;

import static org.bytedeco.cuda.global.cudnn.cudnnCreateDropoutDescriptor;
import static org.bytedeco.cuda.global.cudnn.cudnnDestroyDropoutDescriptor;
import static org.bytedeco.cuda.global.cudnn.cudnnDropoutGetStatesSize;
import static org.bytedeco.cuda.global.cudnn.cudnnSetDropoutDescriptor;

import org.bytedeco.cuda.cudnn.cudnnDropoutStruct;
import org.bytedeco.javacpp.SizeTPointer;
import org.rnn4j.cuda.runtime.Check;
import org.rnn4j.cuda.runtime.Closer;
import org.rnn4j.cuda.runtime.DeviceBuffer;

/**
 * cuDNN's dropout: a probability and, when it is above zero, a random state on the device. One
 * instance can serve several RNN descriptors (one per algorithm), so that they draw from the same
 * stream of masks.
 */
final class DropoutDescriptor implements AutoCloseable {
  private final cudnnDropoutStruct desc = new cudnnDropoutStruct();
  private final Closer closer = new Closer();
  private final float p;
  private final DeviceBuffer states;
  private boolean closed;

  DropoutDescriptor(CudnnHandle handle, float p, long seed) {
    this.p = p;
    try {
      Check.cudnn(cudnnCreateDropoutDescriptor(desc), "cudnnCreateDropoutDescriptor");
      closer.register(() -> Check.cudnn(cudnnDestroyDropoutDescriptor(desc),
          "cudnnDestroyDropoutDescriptor"));
      if (p == 0f) {
        // No dropout: cuDNN accepts a descriptor without random state.
        this.states = null;
        Check.cudnn(cudnnSetDropoutDescriptor(desc, handle.get(), 0f, null, 0, seed),
            "cudnnSetDropoutDescriptor(p=0)");
      } else {
        long bytes;
        try (SizeTPointer size = new SizeTPointer(1)) {
          Check.cudnn(cudnnDropoutGetStatesSize(handle.get(), size), "cudnnDropoutGetStatesSize");
          bytes = size.get();
        }
        this.states = closer.register(DeviceBuffer.allocate("dropout state", bytes, ""));
        reseed(handle, seed);
      }
    } catch (RuntimeException e) {
      throw closer.closeAfter(e);
    }
  }

  float probability() {
    return p;
  }

  /**
   * Re-initialises the random state from {@code seed}, in place: RNN descriptors built on this
   * one keep pointing at the same state memory, so a resumed run draws the same masks.
   */
  void reseed(CudnnHandle handle, long seed) {
    if (states != null) {
      Check.cudnn(cudnnSetDropoutDescriptor(get(), handle.get(), p, states.ptr(), states.bytes(), seed),
          "cudnnSetDropoutDescriptor(p=" + p + ", seed)");
    }
  }

  cudnnDropoutStruct get() {
    if (closed) {
      throw new IllegalStateException("dropout descriptor is closed");
    }
    return desc;
  }

  @Override
  public void close() {
    if (!closed) {
      closed = true;
      closer.close();
    }
  }
}

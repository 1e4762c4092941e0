/*
 * Dimension key: E embedding, H hidden, L layers, D directions, in_k = E (k = 0) or D*H (k > 0).
 */
package org.rnn4j.cuda;

import static org.bytedeco.cuda.global.cudnn.cudnnGetRNNWeightParams;
import static org.bytedeco.cuda.global.cudnn.cudnnGetTensorNdDescriptor;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.bytedeco.javacpp.PointerPointer;
import org.rnn4j.cuda.runtime.Check;
import org.rnn4j.cuda.runtime.DevicePointer;
import org.rnn4j.model.Cell;
import org.rnn4j.model.ModelConfig;
import org.rnn4j.model.ParameterLayout;
import org.rnn4j.model.Parameters;
import org.rnn4j.model.Tensor;

/**
 * Where each PyTorch recurrent tensor lives inside cuDNN's flat weight space, as reported by
 * {@code cudnnGetRNNWeightParams} and checked here, never assumed.
 *
 * <p>cuDNN keeps one matrix per gate: for a cell of G gates ({@link Cell#gates()}), linear-layer
 * ids 0 to G-1 are the input weights ({@code [H, in_k]}, row-major) and G to 2G-1 the recurrent
 * ones ({@code [H, H]}), each with its bias ({@code [H]}): for the LSTM 0-3 input i, f, g, o and
 * 4-7 recurrent; for the GRU 0-2 input r, z, n and 3-5 recurrent; for a plain RNN 0 input and 1
 * recurrent. PyTorch stacks the G gates of a kind into one {@code [G*H, ...]} tensor in the same
 * order, so gate g of {@code weight_ih_l{k}} is rows {@code g*H .. g*H+H-1}.
 */
final class WeightLayout {
  /** One gate block: {@code count} floats at {@code offset} (in floats) of the weight space. */
  record Block(String tensor, int gate, long offset, int count) {}

  private final ModelConfig config;
  private final long floats;
  private final Map<String, List<Block>> blocks = new LinkedHashMap<>();

  private WeightLayout(ModelConfig config, long floats) {
    this.config = config;
    this.floats = floats;
  }

  /**
   * Queries cuDNN for every matrix and bias. {@code weightSpace} must be a device buffer of
   * {@code rnn.weightSpaceBytes()}; cuDNN computes addresses inside it without touching memory.
   */
  static WeightLayout query(CudnnHandle handle, RnnDescriptor rnn, DevicePointer weightSpace,
      ModelConfig config) {
    WeightLayout w = new WeightLayout(config, rnn.weightSpaceBytes() / Float.BYTES);
    int h = config.hiddenSize();
    int gates = config.cell().gates();
    try (TensorDescriptor mDesc = new TensorDescriptor(); TensorDescriptor bDesc = new TensorDescriptor();
        PointerPointer<?> mAddr = new PointerPointer<>(1); PointerPointer<?> bAddr = new PointerPointer<>(1)) {
      for (int layer = 0; layer < config.layers(); layer++) {
        for (int dir = 0; dir < config.directions(); dir++) {
          boolean rev = dir == 1;
          int pseudoLayer = layer * config.directions() + dir;
          for (int id = 0; id < 2 * gates; id++) {
            Check.cudnn(cudnnGetRNNWeightParams(handle.get(), rnn.get(), pseudoLayer,
                rnn.weightSpaceBytes(), weightSpace, id, mDesc.get(), mAddr, bDesc.get(), bAddr),
                "cudnnGetRNNWeightParams(layer " + pseudoLayer + ", id " + id + ")");
            boolean input = id < gates;
            int gate = id % gates;
            int cols = input ? config.layerInputSize(layer) : h;
            String wName = input ? ParameterLayout.weightIh(layer, rev) : ParameterLayout.weightHh(layer, rev);
            String bName = input ? ParameterLayout.biasIh(layer, rev) : ParameterLayout.biasHh(layer, rev);
            w.add(wName, gate, offset(mAddr, weightSpace, wName), numel(mDesc), h * cols);
            w.add(bName, gate, offset(bAddr, weightSpace, bName), numel(bDesc), h);
          }
        }
      }
    }
    w.checkDisjoint();
    return w;
  }

  private void add(String tensor, int gate, long offset, int count, int expected) {
    if (count != expected) {
      throw new IllegalStateException("cuDNN reports " + count + " elements for gate " + gate + " of "
          + tensor + "; PyTorch's layout needs " + expected);
    }
    if (offset < 0 || offset + count > floats) {
      throw new IllegalStateException("cuDNN places gate " + gate + " of " + tensor + " at float "
          + offset + ", outside the weight space of " + floats + " floats");
    }
    blocks.computeIfAbsent(tensor, k -> new ArrayList<>()).add(new Block(tensor, gate, offset, count));
  }

  private void checkDisjoint() {
    List<Block> all = new ArrayList<>();
    blocks.values().forEach(all::addAll);
    all.sort(Comparator.comparingLong(Block::offset));
    for (int i = 1; i < all.size(); i++) {
      Block a = all.get(i - 1);
      if (a.offset() + a.count() > all.get(i).offset()) {
        throw new IllegalStateException("cuDNN weight blocks overlap: " + a + " and " + all.get(i));
      }
    }
  }

  private static long offset(PointerPointer<?> addr, DevicePointer base, String what) {
    long bytes = addr.get(0).address() - base.address();
    if (bytes % Float.BYTES != 0) {
      throw new IllegalStateException("cuDNN address of " + what + " is not float-aligned");
    }
    return bytes / Float.BYTES;
  }

  private static int numel(TensorDescriptor d) {
    int[] type = {0};
    int[] nbDims = {0};
    int[] dims = new int[8];
    int[] strides = new int[8];
    Check.cudnn(cudnnGetTensorNdDescriptor(d.get(), 8, type, nbDims, dims, strides),
        "cudnnGetTensorNdDescriptor");
    int n = 1;
    for (int i = 0; i < nbDims[0]; i++) {
      n *= dims[i];
    }
    return n;
  }

  /** Size of the weight space in floats. */
  long floats() {
    return floats;
  }

  /** Copies the recurrent tensors of {@code p} into a host image of the weight space. */
  void pack(Parameters p, float[] space, int spaceOffset) {
    for (Map.Entry<String, List<Block>> e : blocks.entrySet()) {
      float[] src = p.get(e.getKey()).data();
      for (Block b : e.getValue()) {
        System.arraycopy(src, b.gate() * b.count(), space, spaceOffset + (int) b.offset(), b.count());
      }
    }
  }

  /** Reads the recurrent tensors out of a host image of the weight space into {@code p}. */
  void unpack(float[] space, int spaceOffset, Parameters p, String prefix) {
    ParameterLayout layout = ParameterLayout.of(config);
    for (Map.Entry<String, List<Block>> e : blocks.entrySet()) {
      float[] dst = new float[layout.spec(e.getKey()).size()];
      for (Block b : e.getValue()) {
        System.arraycopy(space, spaceOffset + (int) b.offset(), dst, b.gate() * b.count(), b.count());
      }
      p.put(prefix + e.getKey(), Tensor.wrap(layout.spec(e.getKey()).shape(), dst));
    }
  }

  /** The recurrent tensor names, in the order cuDNN was queried (state_dict order). */
  List<String> tensorNames() {
    return new ArrayList<>(blocks.keySet());
  }
}

/*
 * Dimension key: V vocabulary, E embedding, H hidden, L layers, D directions, C classes,
 * W = floats in cuDNN's weight space, in_k = E (k = 0) or D*H (k > 0).
 */
package org.rnn4j.cuda;

import static org.bytedeco.cuda.global.cudnn.cudnnGetRNNWeightParams;
import static org.bytedeco.cuda.global.cudnn.cudnnGetTensorNdDescriptor;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.bytedeco.javacpp.PointerPointer;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.rnn4j.cuda.runtime.Check;
import org.rnn4j.cuda.runtime.CudaStream;
import org.rnn4j.cuda.runtime.DevicePointer;
import org.rnn4j.model.Cell;
import org.rnn4j.model.ModelConfig;
import org.rnn4j.model.ParamSpec;
import org.rnn4j.model.ParameterLayout;
import org.rnn4j.model.Parameters;
import org.rnn4j.model.Tensor;

/**
 * Every PyTorch-named tensor through {@link DeviceParameters} and {@link WeightLayout} into the
 * flat device buffer and back, with a distinct value in every element (its index in the whole
 * state_dict, plus one: exact in float), for {1, 2 layers} x {uni, bi} x {frozen, trainable
 * embedding}. Checked exactly: the round trip; in the raw flat buffer, each trainable element
 * exactly once (no two tensors overlap, none is lost), the LSTM tensors inside cuDNN's weight
 * space and nothing else there, zeros in every gap; and each gate block where cuDNN's own
 * {@code cudnnGetRNNWeightParams} puts it (asked here, not through WeightLayout), row-major.
 * Not yet run on a GPU.
 */
@GpuTest
@Tag("gpu-pieces")
class WeightLayoutRoundTripTest {
  static List<Arguments> cases() {
    List<Arguments> list = new ArrayList<>();
    for (Cell cell : Cell.values()) {
      for (int layers = 1; layers <= 2; layers++) {
        for (boolean bi : new boolean[] {false, true}) {
          for (boolean train : new boolean[] {false, true}) {
            list.add(Arguments.of(cell, layers, bi, train));
          }
        }
      }
    }
    return list;
  }

  @ParameterizedTest(name = "{0} layers={1} bidirectional={2} trainEmbedding={3}")
  @MethodSource("cases")
  void everyElementRoundTripsAndHasOnePlace(Cell cell, int layers, boolean bi, boolean train) {
    ModelConfig c = new ModelConfig(7, 4, train, 3, layers, bi, 0.0, 2).withCell(cell);
    ParameterLayout layout = ParameterLayout.of(c);
    Parameters p = distinct(layout);
    try (DeviceArrays gpu = new DeviceArrays()) {
      CudaStream s = gpu.stream();
      CudnnHandle cudnn = gpu.own(new CudnnHandle(s));
      Encoder enc = gpu.own(new Encoder(cudnn, c, CudnnOptions.defaults(), 1));
      DeviceParameters params = gpu.own(new DeviceParameters(c, cudnn, enc.layoutDescriptor(), s));
      params.upload(p, s);

      Parameters back = params.download(s);
      assertEquals(new ArrayList<>(p.names()), new ArrayList<>(back.names()), "tensor names");
      for (String name : p.names()) {
        assertArrayEquals(p.get(name).data(), back.get(name).data(), name + " after the round trip");
      }
      float[] flat = gpu.read(params.params().ptr(), (int) params.flatFloats());
      checkEachElementOnce(layout, flat, params.weightSpaceBytes() / Float.BYTES);
      checkGateBlocks(c, p, flat, cudnn, enc.layoutDescriptor(), params.weightSpace(params.params()));

      // The same packing serves the gradient buffer and Adam's moments, under a prefix.
      Parameters prefixed = new Parameters();
      for (ParamSpec spec : layout.trainable()) {
        prefixed.put("exp_avg." + spec.name(), p.get(spec.name()));
      }
      params.uploadFlat(prefixed, "exp_avg.", params.grads(), s);
      Parameters again = params.downloadFlat(params.grads(), "exp_avg.", s);
      assertEquals(new ArrayList<>(prefixed.names()), new ArrayList<>(again.names()), "prefixed names");
      for (String name : prefixed.names()) {
        assertArrayEquals(prefixed.get(name).data(), again.get(name).data(), name + " (flat, prefixed)");
      }
    }
  }

  /** Element j of the state_dict, in order, holds j + 1. */
  private static Parameters distinct(ParameterLayout layout) {
    Parameters p = new Parameters();
    int next = 1;
    for (ParamSpec spec : layout.specs()) {
      float[] data = new float[spec.size()];
      for (int i = 0; i < data.length; i++) {
        data[i] = next++;
      }
      p.put(spec.name(), Tensor.wrap(spec.shape(), data));
    }
    return p;
  }

  /**
   * Every non-zero of the flat buffer is some element's value, each trainable element's value
   * occurs exactly once, a frozen embedding's never; recurrent values lie in [0, W), the others
   * after.
   */
  private static void checkEachElementOnce(ParameterLayout layout, float[] flat, long w) {
    int total = (int) layout.totalSize();
    int[] count = new int[total + 1];
    int[] where = new int[total + 1];
    for (int i = 0; i < flat.length; i++) {
      float v = flat[i];
      if (v != 0) {
        assertTrue(v == Math.rint(v) && v >= 1 && v <= total, "flat[" + i + "] = " + v
            + " is no element's value (a gap must stay 0)");
        count[(int) v]++;
        where[(int) v] = i;
      }
    }
    int value = 1;
    for (ParamSpec spec : layout.specs()) {
      boolean recurrent = spec.name().startsWith("encoder.");
      for (int e = 0; e < spec.size(); e++, value++) {
        String at = spec.name() + "[" + e + "]";
        assertEquals(spec.trainable() ? 1 : 0, count[value], at + " occurrences in the flat buffer");
        if (spec.trainable()) {
          assertEquals(recurrent, where[value] < w, at + " at float " + where[value] + ", weight space "
              + w + " floats");
        }
      }
    }
  }

  /**
   * For each pseudo-layer and linear-layer id, the matrix cuDNN reports is packed row-major
   * {@code [H, cols]} (unit dimensions aside) and holds rows {@code gate*H ..} of the PyTorch
   * tensor; the bias likewise. The ids are cuDNN's documented ones, written out per cell here
   * rather than derived: LSTM 0-3 input i, f, g, o and 4-7 recurrent; GRU 0-2 input r, z, n and
   * 3-5 recurrent; plain RNN 0 input, 1 recurrent. Asking for one id past the last must fail.
   */
  private static void checkGateBlocks(ModelConfig c, Parameters p, float[] flat, CudnnHandle cudnn,
      RnnDescriptor rnn, DevicePointer space) {
    int h = c.hiddenSize();
    try (TensorDescriptor mDesc = new TensorDescriptor();
        TensorDescriptor bDesc = new TensorDescriptor();
        PointerPointer<?> mAddr = new PointerPointer<>(1);
        PointerPointer<?> bAddr = new PointerPointer<>(1)) {
      for (int layer = 0; layer < c.layers(); layer++) {
        for (int dir = 0; dir < c.directions(); dir++) {
          boolean rev = dir == 1;
          int[][] ids = GATE_IDS.get(c.cell());
          for (int id = 0; id < ids.length; id++) {
            Check.cudnn(cudnnGetRNNWeightParams(cudnn.get(), rnn.get(), layer * c.directions() + dir,
                rnn.weightSpaceBytes(), space, id, mDesc.get(), mAddr, bDesc.get(), bAddr),
                "cudnnGetRNNWeightParams");
            boolean input = ids[id][0] == 0;
            int gate = ids[id][1];
            int cols = input ? c.layerInputSize(layer) : h;
            String w = input ? ParameterLayout.weightIh(layer, rev) : ParameterLayout.weightHh(layer, rev);
            String b = input ? ParameterLayout.biasIh(layer, rev) : ParameterLayout.biasHh(layer, rev);
            String what = w + " gate " + gate + " (pseudo-layer " + (layer * c.directions() + dir)
                + ", id " + id + ")";
            assertArrayEquals(new int[] {h, cols}, rowMajorShape(mDesc, what), what + " shape");
            assertArrayEquals(rows(p.get(w).data(), gate, h * cols), block(flat, mAddr, space, h * cols),
                what + " values");
            assertArrayEquals(new int[] {h}, rowMajorShape(bDesc, b), b + " gate " + gate + " shape");
            assertArrayEquals(rows(p.get(b).data(), gate, h), block(flat, bAddr, space, h),
                b + " gate " + gate + " values");
          }
          int past = ids.length;
          int rc = cudnnGetRNNWeightParams(cudnn.get(), rnn.get(), layer * c.directions() + dir,
              rnn.weightSpaceBytes(), space, past, mDesc.get(), mAddr, bDesc.get(), bAddr);
          assertTrue(rc != 0, c.cell() + ": cuDNN accepted linear-layer id " + past
              + ", one past the cell's last");
        }
      }
    }
  }

  /** Per cell, for each linear-layer id: {input (0) or recurrent (1), gate}. */
  private static final Map<Cell, int[][]> GATE_IDS = Map.of(
      Cell.LSTM, new int[][] {{0, 0}, {0, 1}, {0, 2}, {0, 3}, {1, 0}, {1, 1}, {1, 2}, {1, 3}},
      Cell.GRU, new int[][] {{0, 0}, {0, 1}, {0, 2}, {1, 0}, {1, 1}, {1, 2}},
      Cell.RNN_TANH, new int[][] {{0, 0}, {1, 0}},
      Cell.RNN_RELU, new int[][] {{0, 0}, {1, 0}});

  /** The non-unit dimensions of a descriptor, checked to be packed row-major (stride 1 innermost). */
  private static int[] rowMajorShape(TensorDescriptor d, String what) {
    int[] type = {0};
    int[] nb = {0};
    int[] dims = new int[8];
    int[] strides = new int[8];
    Check.cudnn(cudnnGetTensorNdDescriptor(d.get(), 8, type, nb, dims, strides),
        "cudnnGetTensorNdDescriptor");
    List<Integer> shape = new ArrayList<>();
    int expectedStride = 1;
    for (int i = nb[0] - 1; i >= 0; i--) {
      if (dims[i] != 1) {
        assertEquals(expectedStride, strides[i], what + ": dims "
            + Arrays.toString(Arrays.copyOf(dims, nb[0])) + " strides "
            + Arrays.toString(Arrays.copyOf(strides, nb[0])) + " are not packed row-major");
        expectedStride *= dims[i];
        shape.add(0, dims[i]);
      }
    }
    return shape.stream().mapToInt(Integer::intValue).toArray();
  }

  private static float[] rows(float[] tensor, int gate, int count) {
    return Arrays.copyOfRange(tensor, gate * count, (gate + 1) * count);
  }

  private static float[] block(float[] flat, PointerPointer<?> addr, DevicePointer space, int count) {
    long bytes = addr.get(0).address() - space.address();
    assertEquals(0, bytes % Float.BYTES, "float-aligned address");
    int at = (int) (bytes / Float.BYTES);
    return Arrays.copyOfRange(flat, at, at + count);
  }
}

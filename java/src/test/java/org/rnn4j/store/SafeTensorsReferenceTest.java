package org.rnn4j.store;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.rnn4j.model.ModelConfig;
import org.rnn4j.model.ParamSpec;
import org.rnn4j.model.ParameterLayout;
import org.rnn4j.model.Parameters;
import org.rnn4j.model.Tensor;

/**
 * Files as the reference implementation ({@code safetensors.torch.save_file}, Rust core) lays them
 * out: tensors sorted by dtype (widest first: F64, F32, BF16, F16) then by name, header keys in
 * that order after {@code __metadata__}, compact JSON padded with spaces to a multiple of 8.
 */
class SafeTensorsReferenceTest {
  @TempDir
  Path dir;

  /** Hand-made following the reference layout, with F64, F32, BF16 and F16 tensors. */
  @Test
  void readsAHandBuiltReferenceLayoutWithHalfTypes() throws Exception {
    String json = "{\"__metadata__\":{\"format\":\"pt\"},"
        + "\"d\":{\"dtype\":\"F64\",\"shape\":[1],\"data_offsets\":[0,8]},"
        + "\"f\":{\"dtype\":\"F32\",\"shape\":[2,1],\"data_offsets\":[8,16]},"
        + "\"bf\":{\"dtype\":\"BF16\",\"shape\":[3],\"data_offsets\":[16,22]},"
        + "\"h\":{\"dtype\":\"F16\",\"shape\":[5],\"data_offsets\":[22,32]}}";
    String padded = json + " ".repeat((8 - json.length() % 8) % 8);
    byte[] data = RawFiles.concat(
        RawFiles.f64(-0.15625),
        RawFiles.f32(1.5f, -7f),
        // BF16 = top half of float32: 1.0 = 0x3F80, -3.0 = 0xC040, 3.140625 = 0x4049
        RawFiles.u16(0x3F80, 0xC040, 0x4049),
        // F16: 1.0 = 0x3C00, -2.5 = 0xC100, 65504 = 0x7BFF (max), 2^-24 = 0x0001 (subnormal), inf
        RawFiles.u16(0x3C00, 0xC100, 0x7BFF, 0x0001, 0x7C00));
    Path file = RawFiles.write(dir, "ref.safetensors", padded, data);

    TensorFile f = SafeTensors.read(file);
    assertEquals(Map.of("format", "pt"), f.metadata());
    assertEquals(List.of("d", "f", "bf", "h"), List.copyOf(f.tensors().names()));
    assertArrayEquals(new float[] {-0.15625f}, f.tensors().get("d").toArray());
    assertArrayEquals(new int[] {2, 1}, f.tensors().get("f").shape());
    assertArrayEquals(new float[] {1.5f, -7f}, f.tensors().get("f").toArray());
    assertArrayEquals(new float[] {1f, -3f, 3.140625f}, f.tensors().get("bf").toArray());
    assertArrayEquals(new float[] {1f, -2.5f, 65504f, 0x1p-24f, Float.POSITIVE_INFINITY},
        f.tensors().get("h").toArray());
  }

  /** Written by safetensors 0.8.0 save_file (ci/make_safetensors_fixtures.py, mixed()). */
  @Test
  void readsAFileWrittenByTheReferenceImplementation() throws Exception {
    TensorFile f = SafeTensors.read(resource("torch-mixed.safetensors"));
    assertEquals(Map.of("note", "h\u00e9llo \u2713", "answer", "42"), f.metadata());
    Parameters t = f.tensors();
    assertArrayEquals(new float[] {(float) 0.1, (float) -1e-3}, t.get("d64").toArray());
    assertArrayEquals(new int[] {2, 3}, t.get("w32").shape());
    assertArrayEquals(new float[] {1f, -2.5f, 0.5f, 3f, 1e-3f, -0f}, t.get("w32").toArray());
    assertEquals(Float.floatToRawIntBits(-0f), Float.floatToRawIntBits(t.get("w32").get(5)));
    assertArrayEquals(new float[] {1f, -2.5f, 0x1p-10f, 65504f, 0x1p-24f}, t.get("h16").toArray());
    assertArrayEquals(new float[] {1f, -3f, 3.140625f, 0x1p-100f}, t.get("b16").toArray());
    assertArrayEquals(new int[] {}, t.get("scalar").shape());
    assertArrayEquals(new float[] {7.5f}, t.get("scalar").toArray());
    assertArrayEquals(new int[] {0, 3}, t.get("empty").shape());
  }

  /** A tutorial BiRNN state_dict saved by save_file: names sorted, PyTorch shapes. */
  @Test
  void readsATorchBiRnnStateDictWithOurLayoutNames() throws Exception {
    TensorFile f = SafeTensors.read(resource("torch-birnn.safetensors"));
    ModelConfig c = new ModelConfig(7, 3, false, 2, 2, true, 0.0, 2);
    ParameterLayout layout = ParameterLayout.of(c);
    f.tensors().checkMatches(layout, false);
    // The generator filled tensor k of the state_dict order with k + i/8.
    List<ParamSpec> specs = layout.specs();
    for (int k = 0; k < specs.size(); k++) {
      Tensor t = f.tensors().get(specs.get(k).name());
      for (int i = 0; i < t.size(); i++) {
        assertEquals(k + i / 8f, t.get(i), specs.get(k).name() + "[" + i + "]");
      }
    }
    assertEquals("pt", f.require("format"));
  }

  static Path resource(String name) throws Exception {
    try (InputStream in = SafeTensorsReferenceTest.class.getResourceAsStream(name)) {
      if (in == null) {
        throw new IllegalStateException("test resource " + name + " is missing");
      }
      Path tmp = Files.createTempFile("rnn4j-ref-", ".safetensors");
      tmp.toFile().deleteOnExit();
      Files.write(tmp, in.readAllBytes());
      return tmp;
    }
  }
}

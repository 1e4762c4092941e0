package org.rnn4j.store;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.rnn4j.model.Parameters;
import org.rnn4j.model.Tensor;

/** The exact bytes we write, spelled out from the format's definition. */
class SafeTensorsFormatTest {
  @TempDir
  Path dir;

  @Test
  void writesTheSpecifiedBytesForATinyFile() throws Exception {
    Parameters p = new Parameters()
        .put("w", Tensor.of(new int[] {2, 2}, new float[] {1.0f, -2.5f, 0.5f, 3.0f}))
        .put("b", Tensor.of(new int[] {2}, new float[] {0.5f, 1.0f}));
    Path file = dir.resolve("tiny.safetensors");
    SafeTensors.write(file, p, Map.of("k", "v"));

    // 137 bytes of compact JSON, __metadata__ first, tensors in Parameters order, then 7 spaces
    // so that the data starts at 8 + 144 = 152, a multiple of 8.
    String json = "{\"__metadata__\":{\"k\":\"v\"},"
        + "\"w\":{\"dtype\":\"F32\",\"shape\":[2,2],\"data_offsets\":[0,16]},"
        + "\"b\":{\"dtype\":\"F32\",\"shape\":[2],\"data_offsets\":[16,24]}}";
    assertEquals(137, json.length());
    byte[] expected = RawFiles.concat(
        new byte[] {(byte) 0x90, 0, 0, 0, 0, 0, 0, 0},
        (json + "       ").getBytes(StandardCharsets.US_ASCII),
        hex("0000803f" + "000020c0" + "0000003f" + "00004040"),
        hex("0000003f" + "0000803f"));
    assertArrayEquals(expected, Files.readAllBytes(file));
  }

  @Test
  void omitsEmptyMetadataLikeTheReference() throws Exception {
    Path file = dir.resolve("nometa.safetensors");
    SafeTensors.write(file, new Parameters().put("x", Tensor.of(new int[] {1}, new float[] {1f})),
        Map.of());
    String json = "{\"x\":{\"dtype\":\"F32\",\"shape\":[1],\"data_offsets\":[0,4]}}";
    assertEquals(54, json.length());
    byte[] expected = RawFiles.concat(new byte[] {56, 0, 0, 0, 0, 0, 0, 0},
        (json + "  ").getBytes(StandardCharsets.US_ASCII), hex("0000803f"));
    assertArrayEquals(expected, Files.readAllBytes(file));
  }

  @Test
  void escapesMetadataAsJsonWithoutHtmlEscapes() throws Exception {
    Map<String, String> meta = new LinkedHashMap<>();
    meta.put("cfg", "{\"a\": 1, \"b\": \"<x>\"}");
    Path file = dir.resolve("esc.safetensors");
    SafeTensors.write(file, new Parameters(), meta);
    byte[] bytes = Files.readAllBytes(file);
    assertEquals(56, bytes[0]); // 53 bytes of JSON padded to 56
    assertEquals(8 + 56, bytes.length);
    String expected = "{\"__metadata__\":{\"cfg\":\"{\\\"a\\\": 1, \\\"b\\\": \\\"<x>\\\"}\"}}   ";
    assertEquals(expected, new String(bytes, 8, 56, StandardCharsets.UTF_8));
    assertEquals(meta, SafeTensors.readMetadata(file));
  }

  private static byte[] hex(String s) {
    byte[] out = new byte[s.length() / 2];
    for (int i = 0; i < out.length; i++) {
      out[i] = (byte) Integer.parseInt(s.substring(2 * i, 2 * i + 2), 16);
    }
    return out;
  }
}

package org.rnn4j.store;

import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.rnn4j.model.Parameters;
import org.rnn4j.model.Tensor;

/** Every malformed file is refused with an IOException naming the file (and the tensor). */
class SafeTensorsCorruptTest {
  @TempDir
  Path dir;

  private static String entry(String name, String dtype, String shape, long begin, long end) {
    return "\"" + name + "\":{\"dtype\":\"" + dtype + "\",\"shape\":" + shape
        + ",\"data_offsets\":[" + begin + "," + end + "]}";
  }

  private void assertRejected(Path file, String... fragments) {
    IOException e = assertThrows(IOException.class, () -> SafeTensors.read(file));
    String msg = e.getMessage();
    assertTrue(msg.contains(file.toString()), "message should name the file: " + msg);
    for (String f : fragments) {
      assertTrue(msg.contains(f), "message should contain '" + f + "': " + msg);
    }
  }

  private Path file(String header, byte[] data) throws IOException {
    return RawFiles.write(dir, "bad.safetensors", header, data);
  }

  @Test
  void tooShort() throws Exception {
    Path f = dir.resolve("short.safetensors");
    Files.write(f, new byte[] {1, 2, 3});
    assertRejected(f, "too short");
  }

  @Test
  void headerLengthBeyondTheFile() throws Exception {
    byte[] b = RawFiles.bytes("{}", new byte[0]);
    ByteBuffer.wrap(b).order(ByteOrder.LITTLE_ENDIAN).putLong(0, 1000);
    Path f = dir.resolve("long.safetensors");
    Files.write(f, b);
    assertRejected(f, "header length 1000", "exceeds the file size");
    ByteBuffer.wrap(b).order(ByteOrder.LITTLE_ENDIAN).putLong(0, -1L); // 2^64 - 1 unsigned
    Files.write(f, b);
    assertRejected(f, "18446744073709551615");
  }

  @Test
  void notJson() throws Exception {
    assertRejected(file("PK\u0003\u0004 this is a zip", new byte[0]), "not valid JSON");
    assertRejected(file("{\"a\": {\"dtype\": F32}}", new byte[0]), "not valid JSON");
    assertRejected(file("{} {}", new byte[0]), "not valid JSON");
    assertRejected(file("[1, 2]", new byte[0]), "not a JSON object");
  }

  @Test
  void notUtf8() throws Exception {
    byte[] b = RawFiles.bytes("{\"__metadata__\":{\"k\":\"xx\"}}", new byte[0]);
    b[8 + 23] = (byte) 0xff;
    Path f = dir.resolve("latin.safetensors");
    Files.write(f, b);
    assertRejected(f, "UTF-8");
  }

  @Test
  void metadataValuesMustBeStrings() throws Exception {
    assertRejected(file("{\"__metadata__\":{\"epoch\":3}}", new byte[0]), "'epoch'", "not a string");
  }

  @Test
  void unsupportedDtype() throws Exception {
    assertRejected(file("{" + entry("ids", "I64", "[1]", 0, 8) + "}", new byte[8]),
        "tensor 'ids'", "I64");
  }

  @Test
  void overlappingOffsets() throws Exception {
    String h = "{" + entry("a", "F32", "[2]", 0, 8) + "," + entry("b", "F32", "[2]", 4, 12) + "}";
    assertRejected(file(h, new byte[12]), "tensor 'b'", "overlap tensor 'a'");
  }

  @Test
  void gapBetweenTensors() throws Exception {
    String h = "{" + entry("a", "F32", "[1]", 0, 4) + "," + entry("b", "F32", "[1]", 8, 12) + "}";
    assertRejected(file(h, new byte[12]), "tensor 'b'", "gap");
  }

  @Test
  void offsetsPastTheEnd() throws Exception {
    String h = "{" + entry("a", "F32", "[4]", 0, 16) + "}";
    assertRejected(file(h, new byte[8]), "tensor 'a'", "past the end");
  }

  @Test
  void sizeDisagreesWithShape() throws Exception {
    String h = "{" + entry("a", "F32", "[3]", 0, 8) + "}";
    assertRejected(file(h, new byte[8]), "tensor 'a'", "needs 12");
  }

  @Test
  void endBeforeBegin() throws Exception {
    String h = "{" + entry("a", "F32", "[0]", 4, 0) + "}";
    assertRejected(file(h, new byte[4]), "tensor 'a'", "end before");
  }

  @Test
  void trailingBytes() throws Exception {
    String h = "{" + entry("a", "F32", "[1]", 0, 4) + "}";
    assertRejected(file(h, new byte[9]), "cover 4 bytes", "holds 9");
  }

  @Test
  void truncatedData() throws Exception {
    Path f = dir.resolve("t.safetensors");
    SafeTensors.write(f, new Parameters().put("w", Tensor.zeros(100)), Map.of());
    byte[] b = Files.readAllBytes(f);
    Files.write(f, Arrays.copyOf(b, b.length - 1));
    assertRejected(f, "tensor 'w'", "past the end");
  }

  @Test
  void badShapeOrOffsets() throws Exception {
    assertRejected(file("{\"a\":{\"dtype\":\"F32\",\"shape\":[-1],\"data_offsets\":[0,0]}}",
        new byte[0]), "tensor 'a'", "shape");
    assertRejected(file("{\"a\":{\"dtype\":\"F32\",\"shape\":[1.5],\"data_offsets\":[0,4]}}",
        new byte[4]), "tensor 'a'", "shape");
    assertRejected(file("{\"a\":{\"dtype\":\"F32\",\"shape\":[1],\"data_offsets\":[0]}}",
        new byte[4]), "tensor 'a'", "data_offsets");
    assertRejected(file("{\"a\":{\"shape\":[1],\"data_offsets\":[0,4]}}", new byte[4]),
        "tensor 'a'", "dtype");
    assertRejected(file("{\"a\":[1]}", new byte[0]), "tensor 'a'");
  }

  @Test
  void missingFileAndDirectory() throws Exception {
    Path missing = dir.resolve("missing.safetensors");
    NoSuchFileException e = assertThrows(NoSuchFileException.class, () -> SafeTensors.read(missing));
    assertTrue(e.getMessage().contains(missing.toString()), e.getMessage());
    IOException d = assertThrows(IOException.class, () -> SafeTensors.read(dir));
    assertTrue(d.getMessage().contains("is a directory"), d.getMessage());
  }
}

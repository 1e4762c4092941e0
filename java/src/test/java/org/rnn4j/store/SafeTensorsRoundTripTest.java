package org.rnn4j.store;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.apache.commons.math3.random.MersenneTwister;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.rnn4j.model.Parameters;
import org.rnn4j.model.Tensor;

class SafeTensorsRoundTripTest {
  @TempDir
  Path dir;

  @Test
  void roundTripsTensorsAndMetadataBitExactly() throws Exception {
    MersenneTwister rng = new MersenneTwister(7);
    Parameters p = new Parameters();
    // 1000 x 317 spans several 1 MiB chunks and ends mid-chunk.
    p.put("embedding.weight", random(rng, 1000, 317));
    p.put("odd", Tensor.of(new int[] {3}, new float[] {Float.NaN, Float.NEGATIVE_INFINITY, -0.0f}));
    p.put("scalar", Tensor.of(new int[] {}, new float[] {42f}));
    p.put("empty", Tensor.zeros(0, 5));
    p.put("decoder.bias", random(rng, 2));
    Map<String, String> meta = new LinkedHashMap<>();
    meta.put("model_config", "{\"vocabSize\": 1000}");
    meta.put("unicode", "h\u00e9llo \u2713 \uD83D\uDE00");
    meta.put("empty", "");

    Path file = dir.resolve("rt.safetensors");
    SafeTensors.write(file, p, meta);
    TensorFile back = SafeTensors.read(file);

    assertEquals(List.copyOf(p.names()), List.copyOf(back.tensors().names()));
    for (String name : p.names()) {
      Tensor a = p.get(name);
      Tensor b = back.tensors().get(name);
      assertArrayEquals(a.shape(), b.shape(), name);
      for (int i = 0; i < a.size(); i++) {
        assertEquals(Float.floatToRawIntBits(a.get(i)), Float.floatToRawIntBits(b.get(i)),
            name + "[" + i + "]");
      }
    }
    assertEquals(meta, back.metadata());
    assertEquals(List.copyOf(meta.keySet()), List.copyOf(back.metadata().keySet()));
    assertEquals(meta, SafeTensors.readMetadata(file));
    assertEquals("{\"vocabSize\": 1000}", back.require("model_config"));
  }

  @Test
  void dataStartsEightByteAligned() throws Exception {
    for (int nameLen = 1; nameLen <= 9; nameLen++) {
      Path file = dir.resolve("a" + nameLen + ".safetensors");
      SafeTensors.write(file, new Parameters().put("x".repeat(nameLen), Tensor.zeros(1)), Map.of());
      byte[] b = Files.readAllBytes(file);
      long n = ByteBuffer.wrap(b, 0, 8).order(java.nio.ByteOrder.LITTLE_ENDIAN).getLong();
      assertEquals(0, n % 8, "header length " + n);
      assertEquals(8 + n + 4, b.length);
    }
  }

  @Test
  void overwritesAtomicallyAndLeavesNoTemporaryFiles() throws Exception {
    Path file = dir.resolve("m.safetensors");
    SafeTensors.write(file, new Parameters().put("a", Tensor.zeros(4)), Map.of("v", "1"));
    SafeTensors.write(file, new Parameters().put("b", Tensor.zeros(2)), Map.of("v", "2"));
    assertEquals(Map.of("v", "2"), SafeTensors.readMetadata(file));
    try (Stream<Path> s = Files.list(dir)) {
      assertEquals(List.of(file), s.toList());
    }
  }

  @Test
  void writtenFilesGetTheUsualPermissionsNotOwnerOnly() throws Exception {
    Assumptions.assumeTrue(dir.getFileSystem().supportedFileAttributeViews().contains("posix"),
        "POSIX permissions only");
    Path reference = Files.createFile(dir.resolve("made-by-hand"));
    Path file = dir.resolve("perm.safetensors");
    SafeTensors.write(file, new Parameters(), Map.of());
    assertEquals(Files.getPosixFilePermissions(reference), Files.getPosixFilePermissions(file));
  }

  @Test
  void failedWriteKeepsTheOldFile() throws Exception {
    Path file = dir.resolve("keep.txt");
    AtomicFiles.writeString(file, "old");
    IOException e = assertThrows(IOException.class, () -> AtomicFiles.write(file, ch -> {
      AtomicFiles.writeFully(ch, ByteBuffer.wrap(new byte[] {1, 2, 3}));
      throw new IOException("disk full (simulated)");
    }));
    assertEquals("disk full (simulated)", e.getMessage());
    assertEquals("old", Files.readString(file));
    try (Stream<Path> s = Files.list(dir)) {
      assertEquals(List.of(file), s.toList());
    }
  }

  @Test
  void missingDirectoryIsNamed() {
    Path file = dir.resolve("nope").resolve("m.safetensors");
    NoSuchFileException e = assertThrows(NoSuchFileException.class,
        () -> SafeTensors.write(file, new Parameters(), Map.of()));
    assertTrue(e.getMessage().contains(dir.resolve("nope").toString()), e.getMessage());
  }

  @Test
  void rejectsAMetadataTensorName() {
    Parameters p = new Parameters().put("__metadata__", Tensor.zeros(1));
    assertThrows(IllegalArgumentException.class,
        () -> SafeTensors.write(dir.resolve("x.safetensors"), p, Map.of()));
  }

  private static Tensor random(MersenneTwister rng, int... shape) {
    float[] d = new float[(int) Tensor.numel(shape)];
    for (int i = 0; i < d.length; i++) {
      d[i] = (float) rng.nextGaussian();
    }
    return Tensor.wrap(shape, d);
  }
}

package org.rnn4j.store;

import java.io.EOFException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.rnn4j.store.SafeTensorsHeader.Entry;
import org.rnn4j.model.Parameters;
import org.rnn4j.model.Tensor;

/**
 * Reads and writes the <a href="https://github.com/huggingface/safetensors">safetensors</a> format
 * that {@code safetensors.torch.load_file} and {@code save_file} use:
 *
 * <pre>
 * [8 bytes]  N, the header length, unsigned little-endian
 * [N bytes]  UTF-8 JSON: {"__metadata__": {"key": "value", ...},
 *                         "name": {"dtype": "F32", "shape": [d0, d1], "data_offsets": [begin, end]}, ...}
 *            padded with spaces so that the data starts 8-byte aligned
 * [rest]     the tensors' raw little-endian bytes, contiguous, offsets relative to the data start
 * </pre>
 *
 * Writing stores float32 in {@link Parameters} order and replaces the file atomically (see
 * {@link AtomicFiles}). Reading accepts F32, F16, BF16 and F64 tensors, converting them to float32,
 * and rejects anything malformed with an IOException naming the file and the tensor.
 */
public final class SafeTensors {
  /** Largest header accepted, as in the reference implementation: guards against garbage lengths. */
  static final long MAX_HEADER_BYTES = 100L << 20;
  private static final int CHUNK_BYTES = 1 << 20;

  private SafeTensors() {}

  /**
   * Writes {@code tensors} as F32 with {@code metadata} under {@code __metadata__} (omitted when
   * empty). The directory must exist; the file is replaced atomically.
   */
  public static void write(Path file, Parameters tensors, Map<String, String> metadata)
      throws IOException {
    for (Map.Entry<String, String> m : metadata.entrySet()) {
      if (m.getKey() == null || m.getValue() == null) {
        throw new IllegalArgumentException("metadata keys and values must not be null: " + m);
      }
    }
    List<Entry> entries = new ArrayList<>();
    long offset = 0;
    for (Map.Entry<String, Tensor> t : tensors.asMap().entrySet()) {
      if (t.getKey().equals(SafeTensorsHeader.METADATA)) {
        throw new IllegalArgumentException("a tensor cannot be named " + SafeTensorsHeader.METADATA);
      }
      long bytes = 4L * t.getValue().size();
      entries.add(new Entry(t.getKey(), DType.F32, t.getValue().shape(), offset, offset + bytes));
      offset += bytes;
    }
    byte[] header = SafeTensorsHeader.encode(entries, metadata);
    AtomicFiles.write(file, ch -> {
      ByteBuffer prefix = ByteBuffer.allocate(8 + header.length).order(ByteOrder.LITTLE_ENDIAN);
      prefix.putLong(header.length).put(header).flip();
      AtomicFiles.writeFully(ch, prefix);
      ByteBuffer buf = ByteBuffer.allocateDirect(CHUNK_BYTES).order(ByteOrder.LITTLE_ENDIAN);
      for (Tensor t : tensors.asMap().values()) {
        writeFloats(ch, buf, t.data());
      }
    });
  }

  /** Reads every tensor (as float32) and the metadata of {@code file}. */
  public static TensorFile read(Path file) throws IOException {
    try (FileChannel ch = open(file)) {
      SafeTensorsHeader header = readHeader(file, ch);
      long dataStart = ch.position();
      Parameters out = new Parameters();
      ByteBuffer buf = ByteBuffer.allocateDirect(CHUNK_BYTES).order(ByteOrder.LITTLE_ENDIAN);
      for (Entry e : header.entries()) {
        float[] data = new float[(int) e.numel()];
        readInto(file, ch, buf, dataStart + e.begin(), e.dtype(), data);
        out.put(e.name(), Tensor.wrap(e.shape(), data));
      }
      return new TensorFile(out, header.metadata());
    }
  }

  /** Reads only the header's metadata, without the tensor data (cheap for large files). */
  public static Map<String, String> readMetadata(Path file) throws IOException {
    try (FileChannel ch = open(file)) {
      return readHeader(file, ch).metadata();
    }
  }

  private static FileChannel open(Path file) throws IOException {
    if (!Files.exists(file)) {
      throw new NoSuchFileException(file.toString(), null, "no such safetensors file");
    }
    if (Files.isDirectory(file)) {
      throw new IOException(file + " is a directory, not a safetensors file");
    }
    return FileChannel.open(file, StandardOpenOption.READ);
  }

  /** Reads and validates the header; leaves the channel at the start of the data. */
  private static SafeTensorsHeader readHeader(Path file, FileChannel ch) throws IOException {
    long size = ch.size();
    if (size < 8) {
      throw new IOException(file + " is too short (" + size + " bytes) to be a safetensors file");
    }
    ByteBuffer lenBuf = ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN);
    readFully(file, ch, lenBuf, 0);
    long n = lenBuf.flip().getLong(); // unsigned: a value >= 2^63 reads negative and fails below
    if (n < 0 || n > size - 8) {
      throw new IOException(file + ": header length " + Long.toUnsignedString(n)
          + " exceeds the file size (" + size + " bytes); is this a safetensors file?");
    }
    if (n > MAX_HEADER_BYTES) {
      throw new IOException(file + ": header length " + n + " exceeds the limit of "
          + MAX_HEADER_BYTES + " bytes");
    }
    ByteBuffer hb = ByteBuffer.allocate((int) n);
    readFully(file, ch, hb, 8);
    SafeTensorsHeader header = SafeTensorsHeader.parse(file, hb.array(), size - 8 - n);
    ch.position(8 + n);
    return header;
  }

  private static void writeFloats(FileChannel ch, ByteBuffer buf, float[] data) throws IOException {
    int perChunk = buf.capacity() / 4;
    for (int off = 0; off < data.length; off += perChunk) {
      int k = Math.min(perChunk, data.length - off);
      buf.clear();
      buf.asFloatBuffer().put(data, off, k);
      buf.limit(4 * k);
      AtomicFiles.writeFully(ch, buf);
    }
  }

  private static void readInto(Path file, FileChannel ch, ByteBuffer buf, long pos, DType dtype,
      float[] dst) throws IOException {
    int perChunk = buf.capacity() / dtype.bytes();
    for (int off = 0; off < dst.length; off += perChunk) {
      int k = Math.min(perChunk, dst.length - off);
      buf.clear().limit(k * dtype.bytes());
      readFully(file, ch, buf, pos);
      buf.flip();
      dtype.decode(buf, dst, off, k);
      pos += (long) k * dtype.bytes();
    }
  }

  private static void readFully(Path file, FileChannel ch, ByteBuffer buf, long pos)
      throws IOException {
    while (buf.hasRemaining()) {
      int r = ch.read(buf, pos);
      if (r < 0) {
        throw new EOFException(file + ": unexpected end of file at byte " + pos);
      }
      pos += r;
    }
  }
}

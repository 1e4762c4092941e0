package org.rnn4j.store;

import java.nio.ByteBuffer;
import java.util.Locale;

/**
 * The safetensors element types this library reads, with their conversion to float32. Only
 * {@link #F32} is written; the others come from PyTorch users who saved half or double weights.
 */
enum DType {
  F32(4),
  F16(2),
  BF16(2),
  F64(8);

  private final int bytes;

  DType(int bytes) {
    this.bytes = bytes;
  }

  int bytes() {
    return bytes;
  }

  /** The dtype named {@code name} as written in a header ("F32", ...), or null when unsupported. */
  static DType parse(String name) {
    for (DType d : values()) {
      if (d.name().equals(name)) {
        return d;
      }
    }
    return null;
  }

  /** Reads {@code n} elements from {@code src} (little-endian, positioned) into {@code dst}. */
  void decode(ByteBuffer src, float[] dst, int offset, int n) {
    switch (this) {
      case F32 -> src.asFloatBuffer().get(dst, offset, n);
      case F16 -> {
        for (int i = 0; i < n; i++) {
          dst[offset + i] = halfToFloat(src.getShort(src.position() + 2 * i));
        }
      }
      case BF16 -> {
        for (int i = 0; i < n; i++) {
          dst[offset + i] = Float.intBitsToFloat((src.getShort(src.position() + 2 * i) & 0xffff) << 16);
        }
      }
      case F64 -> {
        for (int i = 0; i < n; i++) {
          dst[offset + i] = (float) src.getDouble(src.position() + 8 * i);
        }
      }
      default -> throw new IllegalStateException("unhandled dtype " + this);
    }
    src.position(src.position() + n * bytes);
  }

  /**
   * IEEE 754 binary16 to float32, exact (every half value is a float). Java 17 lacks
   * {@code Float.float16ToFloat} (added in 20).
   */
  static float halfToFloat(short h) {
    int bits = h & 0xffff;
    int sign = (bits & 0x8000) << 16;
    int exp = (bits >>> 10) & 0x1f;
    int mant = bits & 0x3ff;
    if (exp == 0x1f) {
      return Float.intBitsToFloat(sign | 0x7f800000 | (mant << 13));
    }
    if (exp == 0) {
      float v = mant * 0x1p-24f;
      return sign != 0 ? -v : v;
    }
    return Float.intBitsToFloat(sign | ((exp + 112) << 23) | (mant << 13));
  }

  @Override
  public String toString() {
    return name().toUpperCase(Locale.ROOT);
  }
}

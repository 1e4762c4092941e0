package org.rnn4j.data;

import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CoderResult;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;

/**
 * UTF-8 decoding that replaces malformed bytes with U+FFFD (as {@link CodingErrorAction#REPLACE})
 * and counts the replacements. Not thread-safe (it keeps a decoder); one per reading thread.
 */
final class Utf8Text {
  private final CharsetDecoder decoder = StandardCharsets.UTF_8.newDecoder()
      .onMalformedInput(CodingErrorAction.REPORT)
      .onUnmappableCharacter(CodingErrorAction.REPORT);
  private long replaced;

  /** Malformed sequences replaced so far. */
  long replaced() {
    return replaced;
  }

  /**
   * Decodes {@code bytes[0, len)}. The JDK's String decoder is the fast path; only text that then
   * holds U+FFFD (rare: a replacement or a genuine U+FFFD) is decoded again to count exactly.
   */
  String decode(byte[] bytes, int len) {
    String s = new String(bytes, 0, len, StandardCharsets.UTF_8);
    if (s.indexOf('\uFFFD') < 0) {
      return s;
    }
    return decodeCounting(ByteBuffer.wrap(bytes, 0, len));
  }

  private String decodeCounting(ByteBuffer in) {
    CharBuffer out = CharBuffer.allocate(in.remaining() + 16);
    decoder.reset();
    while (true) {
      CoderResult r = decoder.decode(in, out, true);
      if (r.isUnderflow()) {
        decoder.flush(out);
        break;
      }
      if (r.isOverflow()) {
        out = grow(out);
      } else {
        // Malformed or unmappable: skip the bad bytes and write one replacement, as REPLACE does.
        in.position(in.position() + r.length());
        if (!out.hasRemaining()) {
          out = grow(out);
        }
        out.put('\uFFFD');
        replaced++;
      }
    }
    out.flip();
    return out.toString();
  }

  private static CharBuffer grow(CharBuffer out) {
    CharBuffer bigger = CharBuffer.allocate(out.capacity() * 2 + 16);
    out.flip();
    return bigger.put(out);
  }
}

package org.rnn4j.data;

import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;
import java.util.function.Predicate;
import java.util.zip.ZipException;

/**
 * Parses GloVe text ({@code word v1 ... vE} per line, fields separated by spaces) from bytes,
 * without String.split: lines are found in a byte buffer and floats parsed in place. Every line's
 * field count is checked, also for lines whose word is skipped.
 */
final class GloveParser {
  /** Powers of ten exact in float (10^10 = 2^10 * 9765625, and 9765625 < 2^24). */
  private static final float[] POW10 = {1e0f, 1e1f, 1e2f, 1e3f, 1e4f, 1e5f, 1e6f, 1e7f, 1e8f,
      1e9f, 1e10f};
  private static final long EXACT_MANTISSA = 1L << 24;

  private final InputStream in;
  private final Path file;
  private final String member;
  private final Predicate<String> keep;
  private int dim;
  private byte[] buf = new byte[1 << 20];
  private int pos;
  private int limit;
  private long lineNo;

  final Map<String, Integer> index = new HashMap<>();
  String[] words = new String[1024];
  float[] data;
  int size;

  /**
   * @param dim  expected dimension, or 0 to take the first line's
   * @param keep which words to keep (others are checked but not stored)
   */
  GloveParser(InputStream in, Path file, String member, int dim, Predicate<String> keep) {
    this.in = in;
    this.file = file;
    this.member = member;
    this.dim = dim;
    this.keep = keep;
  }

  int dimension() {
    return dim;
  }

  long lines() {
    return lineNo;
  }

  void parse() throws IOException {
    try {
      int end;
      while ((end = nextLine()) >= 0) {
        lineNo++;
        parseLine(pos, trimEnd(pos, end));
        pos = end + 1;
      }
    } catch (EOFException e) {
      throw error("the file ends early (truncated?): " + e.getMessage(), e);
    } catch (ZipException e) {
      throw error("the compressed data is corrupt: " + e.getMessage(), e);
    }
    if (lineNo == 0) {
      throw new DataFileException("holds no vectors (expected lines 'word v1 ... vE')", file,
          member, 0, null);
    }
  }

  private void parseLine(int start, int end) throws DataFileException {
    int space = start;
    while (space < end && buf[space] != ' ') {
      space++;
    }
    int fields = countFields(space, end);
    if (space == start || fields == 0) {
      throw error("expected 'word v1 ... vE' separated by spaces", null);
    }
    if (dim == 0) {
      dim = fields;
    } else if (fields != dim) {
      throw error("has " + fields + " values, expected " + dim + " like the lines before", null);
    }
    String word = new String(buf, start, space - start, StandardCharsets.UTF_8);
    if (!keep.test(word) || index.containsKey(word)) {
      return;
    }
    store(word, space, end);
  }

  private void store(String word, int from, int end) throws DataFileException {
    if (data == null) {
      data = new float[dim * 1024];
    }
    if (size == words.length) {
      words = Arrays.copyOf(words, size * 2);
    }
    if ((long) (size + 1) * dim > data.length) {
      data = Arrays.copyOf(data, Math.toIntExact(Math.min((long) data.length * 2,
          Integer.MAX_VALUE - 8)));
    }
    int out = size * dim;
    int i = from;
    for (int k = 0; k < dim; k++) {
      while (buf[i] == ' ') {
        i++;
      }
      int s = i;
      while (i < end && buf[i] != ' ') {
        i++;
      }
      data[out + k] = parseFloat(s, i);
    }
    index.put(word, size);
    words[size++] = word;
  }

  private int countFields(int from, int end) {
    int n = 0;
    boolean inField = false;
    for (int i = from; i < end; i++) {
      boolean sp = buf[i] == ' ';
      if (!sp && !inField) {
        n++;
      }
      inField = !sp;
    }
    return n;
  }

  private float parseFloat(int s, int e) throws DataFileException {
    int i = s;
    boolean negative = buf[i] == '-';
    if (negative || buf[i] == '+') {
      i++;
    }
    long mantissa = 0;
    int fraction = -1;
    int digits = 0;
    for (; i < e; i++) {
      byte c = buf[i];
      if (c >= '0' && c <= '9') {
        mantissa = mantissa * 10 + (c - '0');
        digits++;
        fraction += fraction >= 0 ? 1 : 0;
        if (mantissa > EXACT_MANTISSA) {
          return parseSlow(s, e);
        }
      } else if (c == '.' && fraction < 0) {
        fraction = 0;
      } else {
        return parseSlow(s, e);
      }
    }
    int scale = Math.max(fraction, 0);
    if (digits == 0 || scale >= POW10.length) {
      return parseSlow(s, e);
    }
    // m and 10^scale are exact floats, so one IEEE division rounds the decimal value correctly.
    float v = mantissa / POW10[scale];
    return negative ? -v : v;
  }

  private float parseSlow(int s, int e) throws DataFileException {
    String text = new String(buf, s, e - s, StandardCharsets.ISO_8859_1);
    try {
      return Float.parseFloat(text);
    } catch (NumberFormatException ex) {
      throw error("'" + text + "' is not a number", ex);
    }
  }

  /** Strips a trailing '\r' and spaces. */
  private int trimEnd(int start, int end) {
    while (end > start && (buf[end - 1] == '\r' || buf[end - 1] == ' ')) {
      end--;
    }
    return end;
  }

  /** Index of the next '\n' at or after {@link #pos} (refilling as needed), or -1 at the end. */
  private int nextLine() throws IOException {
    int scanned = 0;
    while (true) {
      for (int i = pos + scanned; i < limit; i++) {
        if (buf[i] == '\n') {
          return i;
        }
      }
      scanned = limit - pos;
      if (!fill()) {
        if (pos == limit) {
          return -1;
        }
        // A last line without '\n': pretend one follows it.
        ensureRoom();
        buf[limit] = '\n';
        return limit++;
      }
    }
  }

  /** Moves the partial line to the front (growing if it fills the buffer) and reads more. */
  private boolean fill() throws IOException {
    ensureRoom();
    int n = in.read(buf, limit, buf.length - limit);
    if (n < 0) {
      return false;
    }
    limit += n;
    return true;
  }

  private void ensureRoom() {
    if (pos > 0) {
      System.arraycopy(buf, pos, buf, 0, limit - pos);
      limit -= pos;
      pos = 0;
    }
    if (limit == buf.length) {
      buf = Arrays.copyOf(buf, buf.length * 2);
    }
  }

  private DataFileException error(String message, Throwable cause) {
    return new DataFileException(message, file, member, lineNo, cause);
  }
}

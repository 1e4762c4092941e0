package org.rnn4j.store;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParseException;
import com.google.gson.JsonParser;
import com.google.gson.JsonPrimitive;
import com.google.gson.Strictness;
import com.google.gson.stream.JsonReader;
import com.google.gson.stream.JsonToken;
import com.google.gson.stream.JsonWriter;
import java.io.IOException;
import java.io.StringReader;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The JSON header of a safetensors file: encoding it for writing, and parsing and validating it
 * for reading with the same rules as the reference implementation (tensors contiguous from offset
 * 0, no gaps, no overlap, sizes that match dtype and shape, the last one ending at the file's end).
 */
final class SafeTensorsHeader {
  static final String METADATA = "__metadata__";

  /** One tensor's header entry; offsets are relative to the first byte after the header. */
  record Entry(String name, DType dtype, int[] shape, long begin, long end) {
    long numel() {
      long n = 1;
      for (int d : shape) {
        n *= d;
      }
      return n;
    }
  }

  private final List<Entry> entries;
  private final Map<String, String> metadata;

  private SafeTensorsHeader(List<Entry> entries, Map<String, String> metadata) {
    this.entries = entries;
    this.metadata = metadata;
  }

  /** Entries in data (offset) order. */
  List<Entry> entries() {
    return entries;
  }

  Map<String, String> metadata() {
    return metadata;
  }

  /**
   * The header for {@code entries} (in that order) and {@code metadata} (omitted when empty, as
   * the reference does), as compact UTF-8 JSON padded with spaces to a multiple of 8 bytes so that
   * the data starts 8-byte aligned.
   */
  static byte[] encode(List<Entry> entries, Map<String, String> metadata) {
    StringWriter sw = new StringWriter();
    try (JsonWriter w = new JsonWriter(sw)) {
      w.setHtmlSafe(false);
      w.beginObject();
      if (!metadata.isEmpty()) {
        w.name(METADATA).beginObject();
        for (Map.Entry<String, String> m : metadata.entrySet()) {
          w.name(m.getKey()).value(m.getValue());
        }
        w.endObject();
      }
      for (Entry e : entries) {
        w.name(e.name()).beginObject();
        w.name("dtype").value(e.dtype().name());
        w.name("shape").beginArray();
        for (int d : e.shape()) {
          w.value(d);
        }
        w.endArray();
        w.name("data_offsets").beginArray().value(e.begin()).value(e.end()).endArray();
        w.endObject();
      }
      w.endObject();
    } catch (IOException e) {
      throw new UncheckedIOException(e); // a StringWriter does not fail
    }
    byte[] json = sw.toString().getBytes(StandardCharsets.UTF_8);
    byte[] padded = Arrays.copyOf(json, (json.length + 7) & ~7);
    Arrays.fill(padded, json.length, padded.length, (byte) ' ');
    return padded;
  }

  /** Parses and validates a header; {@code dataLength} is the number of bytes after it. */
  static SafeTensorsHeader parse(Path file, byte[] bytes, long dataLength) throws IOException {
    JsonObject root = parseJson(file, bytes);
    Map<String, String> metadata = new LinkedHashMap<>();
    List<Entry> entries = new ArrayList<>();
    for (Map.Entry<String, JsonElement> e : root.entrySet()) {
      if (e.getKey().equals(METADATA)) {
        readMetadata(file, e.getValue(), metadata);
      } else {
        entries.add(readEntry(file, e.getKey(), e.getValue()));
      }
    }
    entries.sort(Comparator.comparingLong(Entry::begin).thenComparingLong(Entry::end));
    checkLayout(file, entries, dataLength);
    return new SafeTensorsHeader(Collections.unmodifiableList(entries),
        Collections.unmodifiableMap(metadata));
  }

  private static JsonObject parseJson(Path file, byte[] bytes) throws IOException {
    String text;
    try {
      text = StandardCharsets.UTF_8.newDecoder()
          .onMalformedInput(CodingErrorAction.REPORT)
          .onUnmappableCharacter(CodingErrorAction.REPORT)
          .decode(ByteBuffer.wrap(bytes)).toString();
    } catch (CharacterCodingException e) {
      throw new IOException(file + ": the safetensors header is not valid UTF-8", e);
    }
    JsonElement root;
    try (JsonReader reader = new JsonReader(new StringReader(text))) {
      reader.setStrictness(Strictness.STRICT);
      root = JsonParser.parseReader(reader);
      if (reader.peek() != JsonToken.END_DOCUMENT) {
        throw new JsonParseException("text after the JSON object");
      }
    } catch (JsonParseException | IOException | IllegalStateException e) {
      throw new IOException(file + ": the safetensors header is not valid JSON (" + e.getMessage()
          + "); is this a safetensors file?", e);
    }
    if (!root.isJsonObject()) {
      throw new IOException(file + ": the safetensors header is not a JSON object");
    }
    return root.getAsJsonObject();
  }

  private static void readMetadata(Path file, JsonElement value, Map<String, String> out)
      throws IOException {
    if (!value.isJsonObject()) {
      throw new IOException(file + ": " + METADATA + " is not a JSON object");
    }
    for (Map.Entry<String, JsonElement> m : value.getAsJsonObject().entrySet()) {
      JsonElement v = m.getValue();
      if (!v.isJsonPrimitive() || !v.getAsJsonPrimitive().isString()) {
        throw new IOException(file + ": metadata value '" + m.getKey() + "' is not a string: " + v);
      }
      out.put(m.getKey(), v.getAsString());
    }
  }

  private static Entry readEntry(Path file, String name, JsonElement value) throws IOException {
    String where = file + ": tensor '" + name + "'";
    if (!value.isJsonObject()) {
      throw new IOException(where + " is not described by a JSON object: " + value);
    }
    JsonObject o = value.getAsJsonObject();
    JsonElement dt = o.get("dtype");
    if (dt == null || !dt.isJsonPrimitive() || !dt.getAsJsonPrimitive().isString()) {
      throw new IOException(where + " has no dtype string");
    }
    DType dtype = DType.parse(dt.getAsString());
    if (dtype == null) {
      throw new IOException(where + " has dtype " + dt.getAsString()
          + "; rnn4j reads F32, F16, BF16 and F64 (convert the tensor to float first)");
    }
    long[] shapeL = intArray(where, o, "shape", -1);
    int[] shape = new int[shapeL.length];
    for (int i = 0; i < shape.length; i++) {
      if (shapeL[i] > Integer.MAX_VALUE) {
        throw new IOException(where + " has a dimension too large for rnn4j: " + shapeL[i]);
      }
      shape[i] = (int) shapeL[i];
    }
    long[] off = intArray(where, o, "data_offsets", 2);
    Entry e = new Entry(name, dtype, shape, off[0], off[1]);
    if (e.numel() > Integer.MAX_VALUE - 8) {
      throw new IOException(where + " has " + e.numel() + " elements, too many for a Java array");
    }
    return e;
  }

  private static long[] intArray(String where, JsonObject o, String key, int expectedLength)
      throws IOException {
    JsonElement el = o.get(key);
    if (el == null || !el.isJsonArray()) {
      throw new IOException(where + " has no " + key + " list");
    }
    JsonArray arr = el.getAsJsonArray();
    if (expectedLength >= 0 && arr.size() != expectedLength) {
      throw new IOException(where + ": " + key + " must hold " + expectedLength + " integers, got " + arr);
    }
    long[] out = new long[arr.size()];
    for (int i = 0; i < out.length; i++) {
      out[i] = nonNegativeLong(where, key, arr.get(i));
    }
    return out;
  }

  private static long nonNegativeLong(String where, String key, JsonElement v) throws IOException {
    if (v.isJsonPrimitive() && ((JsonPrimitive) v).isNumber()) {
      try {
        BigDecimal d = v.getAsBigDecimal();
        if (d.signum() >= 0) {
          return d.longValueExact();
        }
      } catch (ArithmeticException | NumberFormatException e) {
        // falls through to the error below
      }
    }
    throw new IOException(where + ": " + key + " holds " + v + ", not a non-negative integer");
  }

  private static void checkLayout(Path file, List<Entry> entries, long dataLength) throws IOException {
    long pos = 0;
    Entry prev = null;
    for (Entry e : entries) {
      String where = file + ": tensor '" + e.name() + "' data_offsets [" + e.begin() + ", " + e.end() + "]";
      if (e.end() < e.begin()) {
        throw new IOException(where + " end before they begin");
      }
      if (e.begin() < pos) {
        throw new IOException(where + " overlap tensor '" + prev.name() + "' [" + prev.begin()
            + ", " + prev.end() + "]");
      }
      if (e.begin() > pos) {
        throw new IOException(where + " leave a gap of " + (e.begin() - pos) + " bytes before them");
      }
      if (e.end() > dataLength) {
        throw new IOException(where + " extend past the end of the file's data (" + dataLength + " bytes)");
      }
      long expected = e.numel() * e.dtype().bytes();
      if (e.end() - e.begin() != expected) {
        throw new IOException(where + " hold " + (e.end() - e.begin()) + " bytes but "
            + e.dtype().name() + " " + Arrays.toString(e.shape()) + " needs " + expected);
      }
      pos = e.end();
      prev = e;
    }
    if (pos != dataLength) {
      throw new IOException(file + ": the tensors cover " + pos + " bytes but the file holds "
          + dataLength + " bytes of data (truncated or trailing garbage)");
    }
  }
}

package org.rnn4j.store;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import org.rnn4j.model.Parameters;

/**
 * What a safetensors file holds: its tensors as float32 in file (offset) order, and the string
 * metadata of its header's {@code __metadata__} entry (empty when absent).
 */
public record TensorFile(Parameters tensors, Map<String, String> metadata) {

  public TensorFile {
    metadata = Collections.unmodifiableMap(new LinkedHashMap<>(metadata));
  }

  /** The metadata value for {@code key}, or IllegalArgumentException naming what is there. */
  public String require(String key) {
    String v = metadata.get(key);
    if (v == null) {
      throw new IllegalArgumentException("no metadata entry '" + key + "'; present: " + metadata.keySet());
    }
    return v;
  }
}

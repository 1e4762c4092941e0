/*
 * Dimension key: B batch, T padded length, V vocabulary, E embedding, H hidden, L layers,
 * C classes.
 */
package org.rnn4j.bench;

import com.google.gson.Gson;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.rnn4j.model.ModelConfig;

/**
 * One benchmark shape: the model and the batch a timed step runs on. The table lives once, in the
 * resource {@code shapes.json} next to this class, which the PyTorch scripts read as well
 * ({@code python/rnn4j_torch/shapes.py}), so both sides time the same shapes by construction.
 *
 * @param name           the name used in {@code -p shape=...} and {@code --shapes}
 * @param batch          B
 * @param len            T; every sample has this length
 * @param vocab          V
 * @param embed          E
 * @param trainEmbedding whether the embedding is trained (the tutorial freezes GloVe)
 * @param hidden         H per direction
 * @param layers         L
 * @param bidirectional  two directions
 * @param dropout        between layers, in training
 * @param classes        C
 * @param description    one line for people
 */
public record BenchShape(String name, int batch, int len, int vocab, int embed,
    boolean trainEmbedding, int hidden, int layers, boolean bidirectional, double dropout,
    int classes, String description) {

  /** Where the table is, relative to this class (and in the source tree). */
  public static final String RESOURCE = "shapes.json";

  /** The model this shape trains. */
  public ModelConfig modelConfig() {
    return new ModelConfig(vocab, embed, trainEmbedding, hidden, layers, bidirectional, dropout,
        classes);
  }

  /** Every shape in the table, in its order. */
  public static List<BenchShape> all() {
    try (InputStream in = BenchShape.class.getResourceAsStream(RESOURCE)) {
      if (in == null) {
        throw new IllegalStateException("the benchmark jar lacks its resource " + RESOURCE);
      }
      Reader r = new InputStreamReader(in, StandardCharsets.UTF_8);
      JsonObject root = JsonParser.parseReader(r).getAsJsonObject();
      Gson gson = new Gson();
      List<BenchShape> out = new ArrayList<>();
      root.getAsJsonArray("shapes").forEach(e -> out.add(gson.fromJson(e, BenchShape.class)));
      return out;
    } catch (IOException e) {
      throw new UncheckedIOException("reading " + RESOURCE, e);
    }
  }

  /** The shape called {@code name}; IllegalArgumentException listing the known names otherwise. */
  public static BenchShape named(String name) {
    List<BenchShape> all = all();
    for (BenchShape s : all) {
      if (s.name().equals(name)) {
        return s;
      }
    }
    List<String> names = new ArrayList<>();
    all.forEach(s -> names.add(s.name()));
    throw new IllegalArgumentException("unknown benchmark shape '" + name + "'; known: " + names);
  }
}

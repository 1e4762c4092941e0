package org.rnn4j.store;

import com.google.gson.JsonElement;
import com.google.gson.JsonParseException;
import com.google.gson.JsonParser;
import java.io.IOException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.rnn4j.model.ModelConfig;
import org.rnn4j.model.Cell;
import org.rnn4j.model.Pooling;
import org.rnn4j.model.ParamSpec;
import org.rnn4j.model.ParameterLayout;
import org.rnn4j.model.Parameters;

/**
 * Model weights in a safetensors file that PyTorch loads directly ({@code load_state_dict} of the
 * tutorial's {@code BiRNN}, see {@code ci/torch_interop.py}), with the model's shape in the header
 * metadata. Metadata keys (all values strings, as safetensors requires):
 *
 * <pre>
 * format          "pt" (tensors named and shaped as a PyTorch state_dict)
 * model_config    ModelConfig as JSON, keyed by its field names: {"vocabSize": 25002, ...}
 * rnn4j_version   the library version that wrote it
 * backend         "cpu", "cudnn" (or "pytorch" for a file exported by the script)
 * vocab_sha256    optional: {@link VocabularyFile#sha256} of the vocabulary in id order
 * vocab_size      optional: its number of words
 * epoch           optional: epochs trained
 * data.*          optional: data settings that rebuild the encoding, e.g. data.max_len
 * vocabulary      optional: the vocabulary, its words in id order, one per line
 * tokenizer       optional: the tokenizer's rules ({@link org.rnn4j.data.Tokenizer#RULES})
 * labels          optional: the class names by label id, as a JSON array
 * </pre>
 *
 * <p>With the vocabulary, the tokenizer and {@code data.max_len} the file is a complete saved
 * classifier ({@code org.rnn4j.infer.SavedModel}); every checkpoint's model file is one.
 *
 * @param config     the model's shape
 * @param parameters every tensor, in state_dict order
 * @param metadata   the whole header metadata
 */
public record ModelFile(ModelConfig config, Parameters parameters, Map<String, String> metadata) {
  public static final String FORMAT = "format";
  public static final String MODEL_CONFIG = "model_config";
  public static final String VERSION = "rnn4j_version";
  public static final String BACKEND = "backend";
  public static final String VOCAB_SHA256 = "vocab_sha256";
  public static final String VOCAB_SIZE = "vocab_size";
  public static final String EPOCH = "epoch";
  public static final String DATA_PREFIX = "data.";
  public static final String MAX_LEN = DATA_PREFIX + "max_len";
  public static final String VOCABULARY = "vocabulary";
  public static final String TOKENIZER = "tokenizer";
  public static final String LABELS = "labels";

  public ModelFile {
    metadata = Map.copyOf(metadata);
  }

  /**
   * Writes {@code parameters} (checked against {@code config}'s layout) with the standard keys
   * plus {@code extra} metadata.
   */
  public static void write(Path file, ModelConfig config, Parameters parameters, String backend,
      Map<String, String> extra) throws IOException {
    parameters.checkMatches(ParameterLayout.of(config), false);
    Map<String, String> meta = new LinkedHashMap<>();
    meta.put(FORMAT, "pt");
    meta.put(MODEL_CONFIG, RecordJson.toJson(config).toString());
    meta.put(VERSION, Rnn4jVersion.get());
    meta.put(BACKEND, backend);
    meta.putAll(extra);
    Parameters ordered = new Parameters();
    for (ParamSpec s : ParameterLayout.of(config).specs()) {
      ordered.put(s.name(), parameters.get(s.name()));
    }
    SafeTensors.write(file, ordered, meta);
  }

  /** Reads weights and their configuration; the tensors must match that configuration exactly. */
  public static ModelFile read(Path file) throws IOException {
    TensorFile tf = SafeTensors.read(file);
    ModelConfig config = parseConfig(file, tf.metadata());
    ParameterLayout layout = ParameterLayout.of(config);
    try {
      tf.tensors().checkMatches(layout, false);
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException(file + " does not hold the model its metadata describes: "
          + e.getMessage(), e);
    }
    Parameters ordered = new Parameters();
    for (ParamSpec s : layout.specs()) {
      ordered.put(s.name(), tf.tensors().get(s.name()));
    }
    return new ModelFile(config, ordered, tf.metadata());
  }

  /** Only the configuration, from the header (cheap for large files). */
  public static ModelConfig readConfig(Path file) throws IOException {
    return parseConfig(file, SafeTensors.readMetadata(file));
  }

  /** The vocabulary fingerprint, when the writer knew the vocabulary. */
  public Optional<String> vocabularySha256() {
    return Optional.ofNullable(metadata.get(VOCAB_SHA256));
  }

  /** The class names by label id ({@link #LABELS}); empty where the file does not record them. */
  public List<String> labels() {
    String json = metadata.get(LABELS);
    if (json == null) {
      return List.of();
    }
    try {
      JsonElement el = JsonParser.parseString(json);
      List<String> out = new java.util.ArrayList<>();
      for (JsonElement e : el.getAsJsonArray()) {
        out.add(e.getAsString());
      }
      return List.copyOf(out);
    } catch (RuntimeException e) {
      throw new IllegalArgumentException("the '" + LABELS + "' metadata is not a JSON array of "
          + "strings: " + json, e);
    }
  }

  /** The {@code data.*} settings without their prefix, e.g. {@code max_len}. */
  public Map<String, String> dataSettings() {
    return dataSettings(metadata);
  }

  /** IllegalArgumentException listing the differing fields unless {@code requested} equals ours. */
  public void requireConfig(ModelConfig requested, Path file) {
    Compatibility.checkConfig("the weights in " + file, config, requested);
  }

  /**
   * IllegalArgumentException unless {@code words} is the vocabulary these weights were trained
   * with; passes when the file does not record one (e.g. exported from PyTorch).
   */
  public void requireVocabulary(List<String> words, Path file) {
    if (vocabularySha256().isEmpty()) {
      return;
    }
    int size = Integer.parseInt(metadata.getOrDefault(VOCAB_SIZE, "-1"));
    Compatibility.checkVocabulary("the weights in " + file, size, metadata.get(VOCAB_SHA256),
        dataSettings(), words, null);
  }

  static Map<String, String> dataSettings(Map<String, String> metadata) {
    Map<String, String> out = new LinkedHashMap<>();
    metadata.keySet().stream().filter(k -> k.startsWith(DATA_PREFIX)).sorted()
        .forEach(k -> out.put(k.substring(DATA_PREFIX.length()), metadata.get(k)));
    return out;
  }

  static ModelConfig parseConfig(Path file, Map<String, String> metadata) {
    String json = metadata.get(MODEL_CONFIG);
    if (json == null) {
      throw new IllegalArgumentException(file + " has no '" + MODEL_CONFIG
          + "' metadata; it was not written by rnn4j or ci/torch_interop.py (keys: " + metadata.keySet() + ")");
    }
    JsonElement el;
    try {
      el = JsonParser.parseString(json);
    } catch (JsonParseException e) {
      throw new IllegalArgumentException(file + ": " + MODEL_CONFIG + " is not JSON: " + json, e);
    }
    if (!el.isJsonObject()) {
      throw new IllegalArgumentException(file + ": " + MODEL_CONFIG + " is not a JSON object: " + json);
    }
    return RecordJson.fromJson(ModelConfig.class, el.getAsJsonObject(), file + " " + MODEL_CONFIG,
        ADDED_CONFIG_FIELDS);
  }

  /**
   * Model-config fields newer than the first files, with the value a file without them meant: the
   * tutorial's first/last pooling, no embedding dropout and the LSTM.
   */
  static final Map<String, Object> ADDED_CONFIG_FIELDS =
      Map.of("pooling", Pooling.FIRST_LAST, "embedDropout", 0.0, "cell", Cell.LSTM);
}

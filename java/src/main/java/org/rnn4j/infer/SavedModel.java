package org.rnn4j.infer;

import com.google.gson.Gson;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.rnn4j.data.Tokenizer;
import org.rnn4j.data.Vocabulary;
import org.rnn4j.model.Model;
import org.rnn4j.model.ModelConfig;
import org.rnn4j.model.Parameters;
import org.rnn4j.train.Checkpoint;
import org.rnn4j.store.ModelFile;

/**
 * A trained classifier in one file: the weights (a safetensors file PyTorch loads, see
 * {@link ModelFile}) with, in its metadata, everything that turns raw text into the model's input
 * and its output into names: the vocabulary, the tokenizer's rules, the most tokens kept per
 * text, and the class names. Every checkpoint's {@code model.safetensors} is one;
 * {@link #save} writes one from any model.
 *
 * @param config     the model's shape
 * @param parameters every tensor, by PyTorch name
 * @param vocabulary the words the model's ids stand for
 * @param maxLen     tokens kept per text (the rest is cut, as in training)
 * @param labels     class names by label id
 */
public record SavedModel(ModelConfig config, Parameters parameters, Vocabulary vocabulary,
    int maxLen, List<String> labels) {

  public SavedModel {
    if (vocabulary.size() != config.vocabSize()) {
      throw new IllegalArgumentException("the vocabulary has " + vocabulary.size()
          + " words but the model's vocabSize is " + config.vocabSize());
    }
    if (maxLen < 1) {
      throw new IllegalArgumentException("maxLen must be at least 1, got " + maxLen);
    }
    labels = List.copyOf(labels);
    if (labels.size() != config.classes()) {
      throw new IllegalArgumentException(labels.size() + " class names " + labels
          + " for a model of " + config.classes() + " classes");
    }
  }

  /** A snapshot of a live model (a copy of its weights) with what it needs to read text. */
  public static SavedModel of(Model model, Vocabulary vocabulary, int maxLen, List<String> labels) {
    return new SavedModel(model.config(), model.parameters(), vocabulary, maxLen, labels);
  }

  /** Class names {@code 0, 1, ...} for a model trained without names. */
  public static List<String> numberedLabels(int classes) {
    List<String> out = new ArrayList<>();
    for (int i = 0; i < classes; i++) {
      out.add(Integer.toString(i));
    }
    return out;
  }

  /** Writes this model as one safetensors file (replacing {@code file} atomically). */
  public void save(Path file) throws IOException {
    Map<String, String> meta = new LinkedHashMap<>();
    meta.put(ModelFile.VOCAB_SHA256, vocabulary.fingerprint());
    meta.put(ModelFile.VOCAB_SIZE, Integer.toString(vocabulary.size()));
    meta.put(ModelFile.VOCABULARY, String.join("\n", vocabulary.words()));
    meta.put(ModelFile.TOKENIZER, Tokenizer.RULES);
    meta.put(ModelFile.MAX_LEN, Integer.toString(maxLen));
    meta.put(ModelFile.LABELS, new Gson().toJson(labels));
    ModelFile.write(file, config, parameters, "saved", meta);
  }

  /**
   * Reads a saved model: a file written by {@link #save}, a checkpoint's {@code model.safetensors},
   * or a checkpoint directory. Everything it needs must be recorded there; nothing is guessed.
   *
   * @throws IllegalArgumentException naming what the file lacks (e.g. weights exported from
   *         PyTorch carry no vocabulary), or a tokenizer other than this library's
   */
  public static SavedModel read(Path path) throws IOException {
    if (Files.isDirectory(path)) {
      return fromCheckpoint(Checkpoint.load(path), path);
    }
    ModelFile f = ModelFile.read(path);
    Map<String, String> meta = f.metadata();
    String words = meta.get(ModelFile.VOCABULARY);
    if (words == null) {
      throw new IllegalArgumentException(path + " holds weights without a vocabulary, so it "
          + "cannot classify text; save the model with SavedModel.save, or load the checkpoint "
          + "folder it came from");
    }
    requireTokenizer(meta.get(ModelFile.TOKENIZER), path);
    Vocabulary vocab = Vocabulary.of(List.of(words.split("\n", -1)));
    if (!vocab.fingerprint().equals(f.vocabularySha256().orElse(vocab.fingerprint()))) {
      throw new IllegalArgumentException(path + ": the vocabulary does not match its fingerprint;"
          + " the file was modified");
    }
    List<String> labels = f.labels().isEmpty() ? numberedLabels(f.config().classes()) : f.labels();
    return new SavedModel(f.config(), f.parameters(), vocab, maxLen(meta.get(ModelFile.MAX_LEN),
        path), labels);
  }

  /** A checkpoint as a saved model (its vocab.txt and data settings, and its class names). */
  public static SavedModel fromCheckpoint(Checkpoint c, Path dir) {
    List<String> labels = c.labels().isEmpty() ? numberedLabels(c.modelConfig().classes())
        : c.labels();
    return new SavedModel(c.modelConfig(), c.parameters(), Vocabulary.of(c.vocabulary()),
        maxLen(c.dataSettings().get("max_len"), dir), labels);
  }

  private static int maxLen(String value, Path where) {
    if (value == null) {
      throw new IllegalArgumentException(where + " does not record how many tokens per text the "
          + "model was trained on (" + ModelFile.MAX_LEN + "), so it cannot be used as is");
    }
    try {
      int n = Integer.parseInt(value);
      if (n >= 1) {
        return n;
      }
    } catch (NumberFormatException e) {
      // reported below
    }
    throw new IllegalArgumentException(where + ": " + ModelFile.MAX_LEN + " is not a positive "
        + "number: '" + value + "'");
  }

  private static void requireTokenizer(String rules, Path where) {
    if (rules != null && !rules.equals(Tokenizer.RULES)) {
      throw new IllegalArgumentException(where + " was trained with the tokenizer '" + rules
          + "', but this rnn4j tokenizes as '" + Tokenizer.RULES + "'");
    }
  }
}

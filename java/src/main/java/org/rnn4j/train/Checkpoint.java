package org.rnn4j.train;

import org.rnn4j.store.Compatibility;
import org.rnn4j.store.ModelFile;
import org.rnn4j.store.Rnn4jVersion;
import org.rnn4j.store.VocabularyFile;
import com.google.gson.GsonBuilder;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParseException;
import com.google.gson.JsonParser;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;
import org.rnn4j.data.Tokenizer;
import org.rnn4j.data.ValidationSplit;
import org.rnn4j.store.AtomicFiles;
import org.rnn4j.store.RecordJson;
import org.rnn4j.store.SafeTensors;
import org.rnn4j.store.TensorFile;
import org.rnn4j.model.AdamConfig;
import org.rnn4j.model.Model;
import org.rnn4j.model.ModelConfig;
import org.rnn4j.model.Optimizer;
import org.rnn4j.model.Parameters;

/**
 * Everything needed to continue training or to use a model: a directory holding
 *
 * <pre>
 * model.safetensors      every parameter with PyTorch's names ({@link ModelFile}), plus in its
 *                        metadata the vocabulary (and its fingerprint), the tokenizer, the class
 *                        names when known, the epoch and the data settings: a complete saved
 *                        model for inference on its own
 * optimizer.safetensors  Adam's exp_avg.* and exp_avg_sq.* tensors; metadata: step, adam_config
 * vocab.txt              the vocabulary, one word per line in id order ({@link VocabularyFile})
 * best.safetensors       with a validation set: the best epoch's weights so far, a complete model
 *                        file like model.safetensors (whose weights are the last epoch's, which
 *                        resuming continues from)
 * trainer.json           epochs completed, seed, step count, the validation set's size and seed,
 *                        the best epoch, metrics history (the commit marker)
 * </pre>
 *
 * All of them carry one {@code checkpoint_id}, checked on load so files of two saves never mix.
 * Saving follows {@link CheckpointFiles}' protocol: a crash at any point leaves a complete
 * checkpoint (the previous one, or the new one once committed).
 */
public final class Checkpoint {
  public static final String MODEL_FILE = "model.safetensors";
  public static final String OPTIMIZER_FILE = "optimizer.safetensors";
  public static final String VOCAB_FILE = "vocab.txt";
  public static final String TRAINER_FILE = "trainer.json";
  public static final String BEST_FILE = "best.safetensors";
  static final String TRAINER_FORMAT = "rnn4j-trainer";
  static final String ID = "checkpoint_id";
  /** The embedding's own step count (its parameter group may have been frozen for a while). */
  static final String EMBEDDING_STEP = "embedding_step";
  private static final List<String> FILES = List.of(MODEL_FILE, OPTIMIZER_FILE, VOCAB_FILE, TRAINER_FILE);

  private final ModelConfig modelConfig;
  private final Parameters parameters;
  private final Parameters optimizerState;
  private final long optimizerSteps;
  private final long embeddingSteps;
  private final AdamConfig adamConfig;
  private final List<String> vocabulary;
  private final List<String> labels;
  private final Map<String, String> dataSettings;
  private final TrainerState trainerState;
  private final String backend;
  private final String source;
  private final Parameters best;

  private Checkpoint(ModelConfig modelConfig, Parameters parameters, Parameters optimizerState,
      long optimizerSteps, long embeddingSteps, AdamConfig adamConfig, List<String> vocabulary, List<String> labels,
      Map<String, String> dataSettings, TrainerState trainerState, String backend, String source,
      Parameters best) {
    this.modelConfig = modelConfig;
    this.parameters = parameters;
    this.optimizerState = optimizerState;
    this.optimizerSteps = optimizerSteps;
    this.embeddingSteps = embeddingSteps;
    this.adamConfig = adamConfig;
    this.vocabulary = List.copyOf(vocabulary);
    this.labels = List.copyOf(labels);
    this.dataSettings = Collections.unmodifiableMap(new TreeMap<>(dataSettings)); // stable file order
    this.trainerState = trainerState;
    this.backend = backend;
    this.source = source;
    this.best = best;
    if ((best != null) != (trainerState.bestEpoch() > 0)) {
      throw new IllegalArgumentException(best == null ? "the history has a best epoch ("
          + trainerState.bestEpoch() + ") but no best weights were given"
          : "best weights were given but no epoch has validation results");
    }
  }

  /**
   * A snapshot of a live model and its optimizer (copies of their tensors).
   *
   * @param vocabulary   the words in id order; must have {@code vocabSize} entries
   * @param dataSettings what rebuilds the encoding, e.g. {@code max_len=500, min_freq=10}
   */
  public static Checkpoint capture(Model model, Optimizer optimizer, List<String> vocabulary,
      Map<String, String> dataSettings, TrainerState state) {
    return capture(model, optimizer, vocabulary, List.of(), dataSettings, state);
  }

  /**
   * As {@link #capture(Model, Optimizer, List, Map, TrainerState)}, with the class names by label
   * id (empty where unknown; else one per class).
   */
  public static Checkpoint capture(Model model, Optimizer optimizer, List<String> vocabulary,
      List<String> labels, Map<String, String> dataSettings, TrainerState state) {
    return capture(model, optimizer, vocabulary, labels, dataSettings, state, null);
  }

  /**
   * As {@link #capture(Model, Optimizer, List, List, Map, TrainerState)}, with the weights of
   * {@code state}'s best epoch (required exactly when the history has validation results; not
   * copied).
   */
  public static Checkpoint capture(Model model, Optimizer optimizer, List<String> vocabulary,
      List<String> labels, Map<String, String> dataSettings, TrainerState state, Parameters best) {
    ModelConfig c = model.config();
    if (vocabulary.size() != c.vocabSize()) {
      throw new IllegalArgumentException("the vocabulary has " + vocabulary.size()
          + " words but the model's vocabSize is " + c.vocabSize());
    }
    if (!labels.isEmpty() && labels.size() != c.classes()) {
      throw new IllegalArgumentException(labels.size() + " class names " + labels + " for a model"
          + " of " + c.classes() + " classes");
    }
    return new Checkpoint(c, model.parameters(), optimizer.state(), optimizer.stepCount(),
        optimizer.embeddingStepCount(), optimizer.config(), vocabulary, labels, dataSettings, state,
        model.backend(), "the checkpoint", best);
  }

  /** Writes this checkpoint into {@code dir} (created if needed), replacing what was there. */
  public void save(Path dir) throws IOException {
    save(dir, CheckpointFiles.SaveHook.NONE);
  }

  void save(Path dir, CheckpointFiles.SaveHook hook) throws IOException {
    String id = UUID.randomUUID().toString();
    String epoch = Integer.toString(trainerState.epochsCompleted());
    Map<String, String> modelMeta = new LinkedHashMap<>();
    modelMeta.put(ModelFile.VOCAB_SHA256, VocabularyFile.sha256(vocabulary));
    modelMeta.put(ModelFile.VOCAB_SIZE, Integer.toString(vocabulary.size()));
    modelMeta.put(ModelFile.VOCABULARY, String.join("\n", vocabulary));
    modelMeta.put(ModelFile.TOKENIZER, Tokenizer.RULES);
    if (!labels.isEmpty()) {
      modelMeta.put(ModelFile.LABELS, new com.google.gson.Gson().toJson(labels));
    }
    modelMeta.put(ModelFile.EPOCH, epoch);
    modelMeta.put(ID, id);
    dataSettings.forEach((k, v) -> modelMeta.put(ModelFile.DATA_PREFIX + k, v));
    Map<String, String> optMeta = new LinkedHashMap<>();
    optMeta.put("step", Long.toString(optimizerSteps));
    optMeta.put(EMBEDDING_STEP, Long.toString(embeddingSteps));
    optMeta.put("adam_config", RecordJson.toJson(adamConfig).toString());
    optMeta.put(ModelFile.EPOCH, epoch);
    optMeta.put(ID, id);
    Map<String, CheckpointFiles.FileWriter> files = new LinkedHashMap<>();
    files.put(MODEL_FILE, f -> ModelFile.write(f, modelConfig, parameters, backend, modelMeta));
    files.put(OPTIMIZER_FILE, f -> SafeTensors.write(f, optimizerState, optMeta));
    files.put(VOCAB_FILE, f -> VocabularyFile.write(f, vocabulary));
    if (best != null) {
      Map<String, String> bestMeta = new LinkedHashMap<>(modelMeta);
      bestMeta.put(ModelFile.EPOCH, Integer.toString(trainerState.bestEpoch()));
      files.put(BEST_FILE, f -> ModelFile.write(f, modelConfig, best, backend, bestMeta));
    }
    files.put(TRAINER_FILE, f -> AtomicFiles.writeString(f, trainerJson(id)));
    CheckpointFiles.save(dir, files, hook);
  }

  /** Whether {@code dir} holds a checkpoint (possibly one whose save is being completed). */
  public static boolean exists(Path dir) {
    return Files.isRegularFile(CheckpointFiles.resolve(dir, TRAINER_FILE));
  }

  /** Reads the checkpoint in {@code dir}, checking that its files belong together. */
  public static Checkpoint load(Path dir) throws IOException {
    if (!Files.isDirectory(dir)) {
      throw new NoSuchFileException(dir.toString(), null, "no checkpoint directory");
    }
    for (String name : FILES) {
      if (!Files.isRegularFile(CheckpointFiles.resolve(dir, name))) {
        throw new NoSuchFileException(dir.resolve(name).toString(), null,
            dir + " is not a complete checkpoint: " + name + " is missing (a checkpoint holds " + FILES + ")");
      }
    }
    Path trainerFile = CheckpointFiles.resolve(dir, TRAINER_FILE);
    JsonObject t = parseTrainerJson(trainerFile);
    String id = t.get(ID).getAsString();
    ModelFile model = ModelFile.read(CheckpointFiles.resolve(dir, MODEL_FILE));
    TensorFile opt = SafeTensors.read(CheckpointFiles.resolve(dir, OPTIMIZER_FILE));
    List<String> vocab = VocabularyFile.read(CheckpointFiles.resolve(dir, VOCAB_FILE));
    checkSameSave(dir, id, model.metadata().get(ID), opt.metadata().get(ID));
    if (!VocabularyFile.sha256(vocab).equals(model.vocabularySha256().orElse(""))) {
      throw new IOException(dir.resolve(VOCAB_FILE) + " does not match the vocabulary fingerprint in "
          + MODEL_FILE + "; the checkpoint was modified");
    }
    TrainerState state;
    AdamConfig adam;
    Parameters best = null;
    long step;
    long embeddingStep;
    try {
      state = new TrainerState(t.get("epoch").getAsInt(), t.get("seed").getAsLong(),
          t.get("steps").getAsLong(), HistoryJson.historyFromJson(t.get("history"), trainerFile.toString()),
          validationFromJson(t));
      Path optFile = CheckpointFiles.resolve(dir, OPTIMIZER_FILE);
      // Checkpoints from before AdamW hold plain Adam's settings.
      adam = RecordJson.fromJson(AdamConfig.class,
          JsonParser.parseString(opt.require("adam_config")).getAsJsonObject(), optFile.toString(),
          Map.of("decoupledWeightDecay", false));
      step = Long.parseLong(opt.require("step"));
      String emb = opt.metadata().get(EMBEDDING_STEP);
      embeddingStep = emb == null ? step : Long.parseLong(emb); // older files: one count for all
    } catch (RuntimeException e) {
      throw new IOException("the checkpoint in " + dir + " is malformed: " + e.getMessage(), e);
    }
    if (state.bestEpoch() > 0) {
      best = readBest(dir, id);
    }
    return new Checkpoint(model.config(), model.parameters(), opt.tensors(), step, embeddingStep,
        adam, vocab,
        model.labels(), model.dataSettings(), state, model.metadata().getOrDefault(ModelFile.BACKEND, "unknown"),
        "the checkpoint in " + dir, best);
  }

  private static Parameters readBest(Path dir, String id) throws IOException {
    Path file = CheckpointFiles.resolve(dir, BEST_FILE);
    if (!Files.isRegularFile(file)) {
      throw new NoSuchFileException(dir.resolve(BEST_FILE).toString(), null, dir + " is not a "
          + "complete checkpoint: its history has validation results but " + BEST_FILE
          + " (the best epoch's weights) is missing");
    }
    ModelFile best = ModelFile.read(file);
    checkSameSave(dir, id, best.metadata().get(ID), id);
    return best.parameters();
  }

  private static ValidationSplit validationFromJson(JsonObject t) {
    if (!t.has("validation")) {
      return ValidationSplit.none(); // written before validation sets, or without one
    }
    JsonObject v = t.getAsJsonObject("validation");
    return new ValidationSplit(v.get("size").getAsInt(), v.get("seed").getAsLong());
  }

  /**
   * IllegalArgumentException unless the run validated on {@code requested} (same size and seed,
   * or neither has a validation set): a resumed run must choose and stop on the same reviews.
   */
  public void requireValidation(ValidationSplit requested) {
    ValidationSplit saved = trainerState.validation();
    if (!saved.equals(requested) && (saved.enabled() || requested.enabled())) {
      throw new IllegalArgumentException(source + " validated on " + saved + ", but this run "
          + "asks for " + requested + "; resume with the same validation size and seed");
    }
  }

  /** The best epoch's weights (shared, not copied), when the run has a validation set. */
  public java.util.Optional<Parameters> bestParameters() {
    return java.util.Optional.ofNullable(best);
  }

  /** IllegalArgumentException listing every differing field unless {@code requested} is ours. */
  public void requireConfig(ModelConfig requested) {
    Compatibility.checkConfig(source, modelConfig, requested);
  }

  /** IllegalArgumentException unless {@code words} is the vocabulary this was trained with. */
  public void requireVocabulary(List<String> words) {
    Compatibility.checkVocabulary(source, vocabulary.size(), VocabularyFile.sha256(vocabulary),
        dataSettings, words, "use the checkpoint's own word list (" + VOCAB_FILE + ")");
  }

  /** Puts the saved weights into {@code model} and the saved moments and step into {@code optimizer}. */
  public void restore(Model model, Optimizer optimizer) {
    requireConfig(model.config());
    model.setParameters(parameters.copy());
    optimizer.loadState(optimizerState.copy(), optimizerSteps, embeddingSteps);
  }

  public ModelConfig modelConfig() {
    return modelConfig;
  }

  /** The weights (shared, not copied). */
  public Parameters parameters() {
    return parameters;
  }

  /** The optimizer's moments (shared, not copied). */
  public Parameters optimizerState() {
    return optimizerState;
  }

  public long optimizerSteps() {
    return optimizerSteps;
  }

  /** The embedding's own step count ({@link Optimizer#embeddingStepCount}). */
  public long embeddingSteps() {
    return embeddingSteps;
  }

  public AdamConfig adamConfig() {
    return adamConfig;
  }

  public List<String> vocabulary() {
    return vocabulary;
  }

  /** The data settings saved with the weights (keys without the {@code data.} prefix). */
  /** The class names by label id; empty where the trainer was not told them. */
  public List<String> labels() {
    return labels;
  }

  public Map<String, String> dataSettings() {
    return dataSettings;
  }

  public TrainerState trainerState() {
    return trainerState;
  }

  /** The backend that trained it: {@code cpu} or {@code cudnn}. */
  public String backend() {
    return backend;
  }

  private String trainerJson(String id) {
    JsonObject o = new JsonObject();
    o.addProperty("format", TRAINER_FORMAT);
    o.addProperty("format_version", 1);
    o.addProperty(ID, id);
    o.addProperty("epoch", trainerState.epochsCompleted());
    o.addProperty("seed", trainerState.seed());
    o.addProperty("steps", trainerState.steps());
    if (trainerState.validation().enabled()) {
      JsonObject v = new JsonObject();
      v.addProperty("size", trainerState.validation().size());
      v.addProperty("seed", trainerState.validation().seed());
      o.add("validation", v);
      o.addProperty("best_epoch", trainerState.bestEpoch());
    }
    o.addProperty("rnn4j_version", Rnn4jVersion.get());
    o.addProperty("backend", backend);
    o.add("model_config", RecordJson.toJson(modelConfig));
    o.add("adam_config", RecordJson.toJson(adamConfig));
    JsonObject data = new JsonObject();
    dataSettings.forEach(data::addProperty);
    o.add("data", data);
    o.add("history", HistoryJson.toJson(trainerState.history()));
    return new GsonBuilder().setPrettyPrinting().disableHtmlEscaping()
        .serializeSpecialFloatingPointValues().create().toJson(o) + "\n";
  }

  private static JsonObject parseTrainerJson(Path file) throws IOException {
    JsonElement el;
    try {
      el = JsonParser.parseString(Files.readString(file, StandardCharsets.UTF_8));
    } catch (JsonParseException e) {
      throw new IOException(file + " is not valid JSON: " + e.getMessage(), e);
    }
    if (!el.isJsonObject() || !el.getAsJsonObject().has("format")
        || !TRAINER_FORMAT.equals(el.getAsJsonObject().get("format").getAsString())) {
      throw new IOException(file + " is not an rnn4j trainer state (no \"format\": \""
          + TRAINER_FORMAT + "\")");
    }
    JsonObject o = el.getAsJsonObject();
    for (String key : List.of(ID, "epoch", "seed", "steps", "history")) {
      if (!o.has(key)) {
        throw new IOException(file + " lacks '" + key + "'");
      }
    }
    return o;
  }

  private static void checkSameSave(Path dir, String trainerId, String modelId, String optId)
      throws IOException {
    if (!trainerId.equals(modelId) || !trainerId.equals(optId)) {
      throw new IOException("the files in " + dir + " come from different saves (checkpoint_id "
          + TRAINER_FILE + "=" + trainerId + ", " + MODEL_FILE + "=" + modelId + ", "
          + OPTIMIZER_FILE + "=" + optId + "); copy a whole checkpoint directory, not single files");
    }
  }
}

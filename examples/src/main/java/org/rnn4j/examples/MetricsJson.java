package org.rnn4j.examples;

import com.google.gson.Gson;
import com.google.gson.GsonBuilder;
import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.rnn4j.data.DatasetStats;
import org.rnn4j.store.AtomicFiles;
import org.rnn4j.model.ModelConfig;
import org.rnn4j.train.EpochRecord;
import org.rnn4j.train.TrainResult;
import org.rnn4j.train.Evaluation;
import org.rnn4j.store.Rnn4jVersion;

/**
 * The {@code --metrics-out} file: one JSON object with snake_case keys, written atomically (a
 * temporary file renamed over the target), so a script never reads half a file. Keys:
 *
 * <pre>
 * backend, device, backend_reason, rnn4j_version
 * train_reviews, test_reviews          reviews used (after --train-limit / --test-limit)
 * epochs: [{epoch, train_loss, train_accuracy, test_loss, test_accuracy, test_precision,
 *           test_recall, test_f1, steps, seconds, eval_seconds, reviews_per_second}]
 * test_accuracy, precision, recall, f1, macro_f1, test_loss, confusion   the final model
 * total_seconds, data_seconds, train_seconds, eval_seconds
 * config: {model: ModelConfig, training: {...}, data: {...}}, notes, resumed_from, init_from, save_dir
 * data_stats: DatasetStats (counts, lengths, truncation, unknown words, GloVe coverage)
 * </pre>
 */
final class MetricsJson {
  private MetricsJson() {}

  static JsonObject of(RunReport r) {
    JsonObject o = new JsonObject();
    o.addProperty("backend", r.backend());
    o.addProperty("device", r.device());
    o.addProperty("backend_reason", r.backendWhy());
    o.addProperty("rnn4j_version", Rnn4jVersion.get());
    o.addProperty("train_reviews", r.data().train().size());
    o.addProperty("test_reviews", r.data().test().size());
    TrainResult best = r.result().best();
    if (best != null) {
      o.addProperty("validation_reviews", r.data().validation().size());
      o.addProperty("best_epoch", best.bestEpoch());
      o.addProperty("best_validation_accuracy", best.bestValidation().accuracy());
      o.addProperty("stopped_early", best.stoppedEarly());
    }
    JsonArray epochs = new JsonArray();
    for (EpochRecord e : r.result().history()) {
      epochs.add(epoch(e));
    }
    o.add("epochs", epochs);
    Evaluation last = r.last();
    o.addProperty("test_accuracy", last.accuracy());
    o.addProperty("precision", last.precision());
    o.addProperty("recall", last.recall());
    o.addProperty("f1", last.f1());
    o.addProperty("macro_f1", last.macroF1());
    o.addProperty("test_loss", last.loss());
    o.add("confusion", confusion(last));
    o.addProperty("total_seconds", r.totalSeconds());
    o.addProperty("data_seconds", r.data().data().timings().totalSeconds());
    o.addProperty("train_seconds", r.result().trainSeconds());
    o.addProperty("eval_seconds", r.result().evalSeconds());
    o.add("config", config(r));
    JsonArray notes = new JsonArray();
    r.notes().forEach(notes::add);
    o.add("notes", notes);
    o.addProperty("resumed_from", r.resumedFrom() == null ? null : r.resumedFrom().toString());
    o.addProperty("init_from", r.initFrom() == null ? null : r.initFrom().toString());
    o.addProperty("save_dir", r.savedTo() == null ? null : r.savedTo().toString());
    o.add("data_stats", stats(r.data().data().stats()));
    return o;
  }

  private static JsonObject epoch(EpochRecord e) {
    JsonObject o = new JsonObject();
    o.addProperty("epoch", e.epoch());
    o.addProperty("train_loss", e.trainLoss());
    o.addProperty("train_accuracy", e.trainAccuracy());
    // Each figure under the name of the split it was measured on.
    for (String split : new String[] {"validation", "test"}) {
      Evaluation t = split.equals("test") ? e.test() : e.validation();
      if (t != null) {
        o.addProperty(split + "_loss", t.loss());
        o.addProperty(split + "_accuracy", t.accuracy());
        o.addProperty(split + "_precision", t.precision());
        o.addProperty(split + "_recall", t.recall());
        o.addProperty(split + "_f1", t.f1());
      }
    }
    o.addProperty("steps", e.steps());
    o.addProperty("seconds", e.seconds());
    o.addProperty("eval_seconds", e.evalSeconds());
    o.addProperty("reviews_per_second", e.reviewsPerSecond());
    return o;
  }

  private static JsonElement confusion(Evaluation e) {
    return new Gson().toJsonTree(e.confusion());
  }

  private static JsonObject config(RunReport r) {
    RunSettings s = r.settings();
    ModelConfig m = r.result().config();
    JsonObject model = new JsonObject();
    model.addProperty("vocab_size", m.vocabSize());
    model.addProperty("embed_size", m.embedSize());
    model.addProperty("train_embedding", m.trainEmbedding());
    model.addProperty("hidden_size", m.hiddenSize());
    model.addProperty("layers", m.layers());
    model.addProperty("bidirectional", m.bidirectional());
    model.addProperty("dropout", m.dropout());
    model.addProperty("classes", m.classes());
    model.addProperty("pooling", m.pooling().id());
    model.addProperty("embed_dropout", m.embedDropout());
    model.addProperty("cell", m.cell().id());
    JsonObject training = new JsonObject();
    training.addProperty("epochs", s.epochs());
    training.addProperty("batch_size", s.batchSize());
    training.addProperty("bucket_batches", s.bucket());
    training.addProperty("lr", s.lr());
    training.addProperty("clip", s.clip());
    training.addProperty("seed", s.seed());
    training.addProperty("eval_batch_size", RunSettings.EVAL_BATCH);
    RunSettings.Extras x = s.extras();
    training.addProperty("recipe", x.recipe().isEmpty() ? null : x.recipe());
    training.addProperty("validation_reviews", x.validation());
    training.addProperty("patience", x.patience());
    training.addProperty("schedule", ScheduleOption.format(x.schedule()));
    training.addProperty("unfreeze_after", x.unfreezeAfter());
    training.addProperty("embed_lr_scale", x.embedLrScale());
    training.addProperty("weight_decay", x.weightDecay());
    training.addProperty("adamw", x.adamW());
    training.addProperty("padded", x.padded());
    JsonObject data = new JsonObject();
    data.addProperty("source", r.data().source().path().toString());
    data.addProperty("glove", r.data().glove() == null ? null : r.data().glove().path().toString());
    data.addProperty("max_len", s.maxLen());
    data.addProperty("min_freq", s.minFreq());
    data.addProperty("max_vocab", s.maxVocab());
    data.addProperty("train_limit", s.trainLimit());
    data.addProperty("test_limit", s.testLimit());
    JsonObject c = new JsonObject();
    c.add("model", model);
    c.add("training", training);
    c.add("data", data);
    return c;
  }

  static JsonElement stats(DatasetStats stats) {
    return JsonParser.parseString(stats.toJson());
  }

  /** Writes {@code json} (pretty-printed) to {@code file} atomically, creating its folder. */
  static void write(Path file, JsonElement json) throws IOException {
    Path parent = file.toAbsolutePath().getParent();
    if (parent != null) {
      Files.createDirectories(parent);
    }
    String text = new GsonBuilder().setPrettyPrinting().serializeNulls().disableHtmlEscaping()
        .serializeSpecialFloatingPointValues().create().toJson(json) + "\n";
    AtomicFiles.writeString(file, text);
  }
}

package org.rnn4j.train;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import java.util.ArrayList;
import java.util.List;

/**
 * Epoch records as JSON with snake_case keys, for {@code trainer.json} and for scripts. Derived
 * metrics (accuracy, precision, ...) are written for readers but rebuilt from the confusion matrix
 * and loss when read. Doubles round-trip exactly (shortest repr).
 */
final class HistoryJson {
  private HistoryJson() {}

  static JsonArray toJson(List<EpochRecord> history) {
    JsonArray a = new JsonArray();
    for (EpochRecord r : history) {
      a.add(toJson(r));
    }
    return a;
  }

  static JsonObject toJson(EpochRecord r) {
    JsonObject o = new JsonObject();
    o.addProperty("epoch", r.epoch());
    o.addProperty("steps", r.steps());
    o.addProperty("train_loss", r.trainLoss());
    o.addProperty("train_accuracy", r.trainAccuracy());
    o.addProperty("seconds", r.seconds());
    o.addProperty("eval_seconds", r.evalSeconds());
    o.addProperty("reviews_per_second", r.reviewsPerSecond());
    if (r.test() != null) {
      o.add("test", toJson(r.test()));
    }
    if (r.validation() != null) {
      o.add("validation", toJson(r.validation()));
    }
    if (!Double.isNaN(r.lr())) {
      o.addProperty("lr", r.lr());
    }
    return o;
  }

  static JsonObject toJson(Evaluation e) {
    JsonObject o = new JsonObject();
    o.addProperty("loss", e.loss());
    o.addProperty("accuracy", e.accuracy());
    o.addProperty("precision", e.precision());
    o.addProperty("recall", e.recall());
    o.addProperty("f1", e.f1());
    o.addProperty("macro_f1", e.macroF1());
    JsonArray rows = new JsonArray();
    for (long[] row : e.confusion()) {
      JsonArray jr = new JsonArray();
      for (long v : row) {
        jr.add(v);
      }
      rows.add(jr);
    }
    o.add("confusion", rows);
    return o;
  }

  static List<EpochRecord> historyFromJson(JsonElement el, String where) {
    if (el == null || !el.isJsonArray()) {
      throw new IllegalArgumentException(where + ": 'history' must be a list");
    }
    List<EpochRecord> out = new ArrayList<>();
    for (JsonElement e : el.getAsJsonArray()) {
      out.add(recordFromJson(e.getAsJsonObject(), where));
    }
    return out;
  }

  static EpochRecord recordFromJson(JsonObject o, String where) {
    Evaluation test = o.has("test") ? evaluationFromJson(o.getAsJsonObject("test")) : null;
    Evaluation validation = o.has("validation")
        ? evaluationFromJson(o.getAsJsonObject("validation")) : null;
    try {
      return new EpochRecord(o.get("epoch").getAsInt(), o.get("steps").getAsInt(),
          o.get("train_loss").getAsDouble(), o.get("train_accuracy").getAsDouble(), test,
          o.get("seconds").getAsDouble(), o.get("eval_seconds").getAsDouble(),
          o.get("reviews_per_second").getAsDouble(), validation,
          o.has("lr") ? o.get("lr").getAsDouble() : Double.NaN);
    } catch (RuntimeException e) {
      throw new IllegalArgumentException(where + ": malformed epoch record " + o, e);
    }
  }

  static Evaluation evaluationFromJson(JsonObject o) {
    JsonArray rows = o.getAsJsonArray("confusion");
    long[][] m = new long[rows.size()][];
    for (int i = 0; i < m.length; i++) {
      JsonArray r = rows.get(i).getAsJsonArray();
      m[i] = new long[r.size()];
      for (int j = 0; j < m[i].length; j++) {
        m[i][j] = r.get(j).getAsLong();
      }
    }
    return new Evaluation(m, o.get("loss").getAsDouble());
  }
}

package org.rnn4j.examples;

import org.rnn4j.model.Cell;
import org.rnn4j.model.Pooling;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.function.Function;
import org.rnn4j.model.ModelConfig;
import org.rnn4j.train.Checkpoint;

/**
 * Turns the command line into {@link RunSettings}: the options typed win; untyped ones take the
 * tutorial's defaults, or {@link CpuDefaults} on the CPU backend, or, with {@code --resume}, the
 * saved run's values. A resumed run may change only how it continues (epochs, batch size, bucket,
 * learning rate, clipping); options that would change its data or model are refused.
 */
final class SettingsResolver {

  /** The settings and the lines that explain where they came from. */
  record Resolved(RunSettings settings, List<String> notes) {}

  /** One option that maps to a setting. */
  private record Setting(String option, Function<RunSettings, Object> value, boolean changeable) {}

  private static final List<Setting> SETTINGS = List.of(
      new Setting("--max-len", RunSettings::maxLen, false),
      new Setting("--min-freq", RunSettings::minFreq, false),
      new Setting("--max-vocab", RunSettings::maxVocab, false),
      new Setting("--train-limit", RunSettings::trainLimit, false),
      new Setting("--test-limit", RunSettings::testLimit, false),
      new Setting("--seed", RunSettings::seed, false),
      new Setting("--embed", RunSettings::embed, false),
      new Setting("--hidden", RunSettings::hidden, false),
      new Setting("--layers", RunSettings::layers, false),
      new Setting("--dropout", RunSettings::dropout, false),
      new Setting("--freeze-embedding", s -> !s.trainEmbedding(), false),
      new Setting("--train-embedding", RunSettings::trainEmbedding, false),
      new Setting("--epochs", RunSettings::epochs, true),
      new Setting("--batch-size", RunSettings::batchSize, true),
      new Setting("--bucket", RunSettings::bucket, true),
      new Setting("--lr", RunSettings::lr, true),
      new Setting("--clip", RunSettings::clip, true),
      new Setting("--recipe", s -> s.extras().recipe(), false),
      new Setting("--pooling", s -> s.extras().pooling(), false),
      new Setting("--cell", s -> s.extras().cell(), false),
      new Setting("--embed-dropout", s -> s.extras().embedDropout(), false),
      new Setting("--validation", s -> s.extras().validation(), false),
      new Setting("--patience", s -> s.extras().patience(), false),
      new Setting("--schedule", s -> ScheduleOption.format(s.extras().schedule()), false),
      new Setting("--unfreeze-after", s -> s.extras().unfreezeAfter(), false),
      new Setting("--embed-lr-scale", s -> s.extras().embedLrScale(), false),
      new Setting("--weight-decay", s -> s.extras().weightDecay(), false),
      new Setting("--adamw", s -> s.extras().adamW(), false),
      new Setting("--pad", s -> s.extras().padded(), false));

  private SettingsResolver() {}

  /**
   * @param explicit the options typed on the command line, e.g. {@code --max-len}
   * @param cpu      whether the CPU backend will train (its defaults then apply)
   */
  static Resolved fresh(Options o, Set<String> explicit, boolean cpu) {
    RunSettings typed = typed(o);
    if (o.train.recipe != null) {
      return new Resolved(Recipe.of(o.train.recipe).apply(typed, explicit), List.of());
    }
    return cpu ? CpuDefaults.apply(typed, explicit) : new Resolved(typed, List.of());
  }

  /** The settings of the run saved in {@code dir}, changed where allowed by typed options. */
  static Resolved resume(Options o, Set<String> explicit, Checkpoint ckpt, Path dir) {
    RunSettings saved = saved(ckpt, dir);
    RunSettings typed = typed(o);
    List<String> refused = new ArrayList<>();
    List<String> changed = new ArrayList<>();
    for (Setting s : SETTINGS) {
      if (!explicit.contains(s.option())) {
        continue;
      }
      Object want = s.option().endsWith("-embedding") ? Boolean.TRUE
          : s.option().equals("--recipe") ? o.train.recipe : s.value().apply(typed);
      Object have = s.value().apply(saved);
      if (!Objects.equals(want, have)) {
        String text = s.option() + (want instanceof Boolean ? "" : " " + want) + " (saved: "
            + (want instanceof Boolean ? "the opposite" : have) + ")";
        if (!s.changeable()) {
          refused.add(text);
        } else if (!s.option().equals("--epochs")) { // the total to reach, not a change
          changed.add(text);
        }
      }
    }
    if (!refused.isEmpty()) {
      throw new UsageException("--resume " + dir + ": " + String.join(", ", refused)
          + " would change the saved run's data or model; leave "
          + (refused.size() == 1 ? "it" : "them") + " out to continue it");
    }
    RunSettings r = new RunSettings(saved.maxLen(), saved.minFreq(), saved.maxVocab(),
        saved.trainLimit(), saved.testLimit(), saved.seed(),
        pick(explicit, "--epochs", typed.epochs(), saved.epochs()),
        pick(explicit, "--batch-size", typed.batchSize(), saved.batchSize()),
        pick(explicit, "--bucket", typed.bucket(), saved.bucket()),
        explicit.contains("--lr") ? typed.lr() : saved.lr(),
        explicit.contains("--clip") ? typed.clip() : saved.clip(),
        saved.embed(), saved.hidden(), saved.layers(), saved.dropout(), saved.trainEmbedding(),
        saved.extras());
    List<String> notes = new ArrayList<>();
    if (!changed.isEmpty()) {
      notes.add("changed from the saved run: " + String.join(", ", changed));
    }
    return new Resolved(r, notes);
  }

  private static int pick(Set<String> explicit, String option, int typed, int saved) {
    return explicit.contains(option) ? typed : saved;
  }

  /** What was typed, with the tutorial's defaults elsewhere; trainEmbedding null if not typed. */
  static RunSettings typed(Options o) {
    if (o.model.freezeEmbedding && o.model.trainEmbedding) {
      throw new UsageException("--freeze-embedding and --train-embedding contradict each other");
    }
    Boolean train = o.model.trainEmbedding ? Boolean.TRUE : o.model.freezeEmbedding ? Boolean.FALSE : null;
    Pooling pooling;
    try {
      pooling = Pooling.of(o.model.pooling);
    } catch (IllegalArgumentException e) {
      throw new UsageException("--pooling: " + e.getMessage());
    }
    Cell cell;
    try {
      cell = Cell.of(o.model.cell);
    } catch (IllegalArgumentException e) {
      throw new UsageException("--cell: " + e.getMessage());
    }
    RunSettings.Extras extras = new RunSettings.Extras("", pooling, o.model.embedDropout,
        o.train.validation, o.train.patience, ScheduleOption.parse(o.train.schedule),
        o.train.unfreezeAfter, o.train.embedLrScale, o.train.weightDecay, o.train.adamW, o.train.pad,
        cell);
    if (o.train.recipe != null) {
      Recipe.of(o.train.recipe); // an unknown name fails here, before anything is loaded
    }
    return new RunSettings(o.data.maxLen, o.data.minFreq, o.data.maxVocab, o.data.trainLimit,
        o.data.testLimit, o.train.seed, o.train.epochs, o.train.batchSize, o.train.bucket,
        o.train.lr, o.train.clip, o.model.embed, o.model.hidden, o.model.layers, o.model.dropout,
        train, extras);
  }

  /** The settings a checkpoint written by this program holds. */
  static RunSettings saved(Checkpoint ckpt, Path dir) {
    Map<String, String> d = ckpt.dataSettings();
    ModelConfig m = ckpt.modelConfig();
    if (!m.bidirectional() || m.classes() != 2) {
      throw new UsageException("--resume " + dir + ": the saved model is not a bidirectional "
          + "two-class classifier, which this program trains");
    }
    return new RunSettings(integer(d, RunSettings.MAX_LEN, dir), integer(d, RunSettings.MIN_FREQ, dir),
        integer(d, RunSettings.MAX_VOCAB, dir), integer(d, RunSettings.TRAIN_LIMIT, dir),
        integer(d, RunSettings.TEST_LIMIT, dir), number(d, RunSettings.SEED, dir),
        integer(d, RunSettings.EPOCHS, dir), integer(d, RunSettings.BATCH_SIZE, dir),
        integer(d, RunSettings.BUCKET, dir), baseLr(ckpt, d, dir), ckpt.adamConfig().clipNorm(),
        m.embedSize(), m.hiddenSize(), m.layers(), m.dropout(),
        m.trainEmbedding() && integer(d, RunSettings.UNFREEZE_AFTER, "0", dir) == 0,
        savedExtras(ckpt, d, dir));
  }

  /**
   * The extras of a checkpoint; one written before they existed holds none of their keys and
   * reads as the tutorial's.
   */
  private static RunSettings.Extras savedExtras(Checkpoint ckpt, Map<String, String> d, Path dir) {
    ModelConfig m = ckpt.modelConfig();
    return new RunSettings.Extras(d.getOrDefault(RunSettings.RECIPE, ""), m.pooling(),
        m.embedDropout(), integer(d, RunSettings.VALIDATION, "0", dir),
        integer(d, RunSettings.PATIENCE, "0", dir),
        ScheduleOption.parse(d.getOrDefault(RunSettings.SCHEDULE, "constant")),
        integer(d, RunSettings.UNFREEZE_AFTER, "0", dir),
        Double.parseDouble(d.getOrDefault(RunSettings.EMBED_LR_SCALE, "1")),
        ckpt.adamConfig().weightDecay(), ckpt.adamConfig().decoupledWeightDecay(),
        Boolean.parseBoolean(d.getOrDefault(RunSettings.PADDED, "false")), m.cell());
  }

  /** The run's base rate; checkpoints from before schedules hold only the optimizer's. */
  private static double baseLr(Checkpoint ckpt, Map<String, String> d, Path dir) {
    String v = d.get(RunSettings.LR);
    try {
      return v == null ? ckpt.adamConfig().lr() : Double.parseDouble(v);
    } catch (NumberFormatException e) {
      throw new UsageException("--resume " + dir + ": the saved setting " + RunSettings.LR + "=" + v
          + " is not a number");
    }
  }

  private static int integer(Map<String, String> d, String key, String absent, Path dir) {
    return d.containsKey(key) ? integer(d, key, dir) : Integer.parseInt(absent);
  }

  private static int integer(Map<String, String> d, String key, Path dir) {
    long v = number(d, key, dir);
    if (v != (int) v) {
      throw new UsageException("--resume " + dir + ": the saved setting " + key + "=" + v
          + " is out of range");
    }
    return (int) v;
  }

  private static long number(Map<String, String> d, String key, Path dir) {
    String v = value(d, key, dir);
    try {
      return Long.parseLong(v);
    } catch (NumberFormatException e) {
      throw new UsageException("--resume " + dir + ": the saved setting " + key + "=" + v
          + " is not a number");
    }
  }

  private static String value(Map<String, String> d, String key, Path dir) {
    String v = d.get(key);
    if (v == null) {
      throw new UsageException("--resume " + dir + ": the checkpoint lacks the data setting '"
          + key + "' (it was not saved by ImdbBiLstm; saved settings: " + d.keySet() + ")");
    }
    return v;
  }
}

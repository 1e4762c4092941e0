package org.rnn4j.examples;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Stream;
import org.rnn4j.model.Backend;
import org.rnn4j.model.Model;
import org.rnn4j.model.ModelConfig;
import org.rnn4j.model.ParamSpec;
import org.rnn4j.model.ParameterLayout;
import org.rnn4j.model.Parameters;
import org.rnn4j.train.Checkpoint;
import org.rnn4j.train.EpochRecord;
import org.rnn4j.train.Evaluation;
import org.rnn4j.store.ModelFile;
import org.rnn4j.train.ProgressLog;
import org.rnn4j.train.TrainListener;
import org.rnn4j.train.TrainResult;
import org.rnn4j.train.Trainer;

/**
 * One training run: builds the model on the chosen backend, starts it from GloVe, from a weights
 * file or from a checkpoint, trains with {@link Trainer} (evaluating after every epoch, saving a
 * checkpoint after every epoch when asked) and prints a line per epoch.
 */
final class TrainingRun {

  /**
   * What the run produced.
   *
   * @param config   the model trained
   * @param history  every epoch, including those restored from a checkpoint
   * @param last     the final model's test metrics (with a validation set: of the best epoch's
   *                 weights, the ones the model keeps)
   * @param best     the result with a validation set (best epoch, its validation metrics), or
   *                 null without one
   * @param trainSeconds training time of the epochs run now
   * @param evalSeconds  evaluation time of the epochs run now
   */
  record Result(ModelConfig config, List<EpochRecord> history, Evaluation last, TrainResult best,
      double trainSeconds, double evalSeconds) {}

  /** Where the run starts from. */
  record Start(Path resumeDir, Checkpoint checkpoint, Path initFrom) {
    static Start fresh(Path initFrom) {
      return new Start(null, null, initFrom);
    }
  }

  private final PrintStream out;
  private final PrintStream progress;

  /**
   * @param out      the run's lines (settings, epochs, checkpoints)
   * @param progress where plain progress lines go during an epoch ({@link ProgressLog}), or null
   *                 for the library's progress bar, which shows on a terminal only
   */
  TrainingRun(PrintStream out, PrintStream progress) {
    this.out = out;
    this.progress = progress;
  }

  /**
   * Checks that {@code dir} may receive checkpoints: absent, empty, or already an rnn4j checkpoint
   * (replaced then); anything else would be overwritten by mistake.
   */
  static void checkSaveDir(Path dir) throws IOException {
    if (!Files.exists(dir)) {
      return;
    }
    if (!Files.isDirectory(dir)) {
      throw new UsageException("--save " + dir + ": exists and is not a folder");
    }
    boolean empty;
    try (Stream<Path> s = Files.list(dir)) {
      empty = s.findAny().isEmpty();
    }
    if (!empty && !Checkpoint.exists(dir)) {
      throw new UsageException("--save " + dir + ": the folder is not empty and holds no rnn4j "
          + "checkpoint; choose a new or empty folder");
    }
  }

  Result run(Backend backend, RunSettings s, DataSetup.Prepared data, Start start, Path saveDir)
      throws IOException {
    ModelConfig config = s.modelConfig(data.vocabulary().size());
    out.println(s.describe(config.vocabSize()) + "; " + String.format(Locale.ROOT,
        "%,d trainable parameters", trainableCount(config)));
    try (Model model = backend.create(config, s.seed());
         Trainer trainer = new Trainer(model,
             s.trainConfig(saveDir).withProgressBar(progress == null))) {
      trainer.withVocabulary(data.vocabulary().words(), dataSettings(s, data, start))
          .withLabels(Predictor.LABELS);
      initialise(model, data, start, trainer);
      int done = trainer.state().epochsCompleted();
      if (done >= s.epochs()) {
        out.println("the saved run has already completed " + done + " epoch" + (done == 1 ? "" : "s")
            + " (--epochs " + s.epochs() + "); reporting its last evaluation");
      }
      EpochLines lines = new EpochLines(out, s.epochs(), data.train().size());
      trainer.addListener(lines);
      if (progress != null) {
        trainer.addListener(new ProgressLog(progress::println));
      }
      if (data.validation() == null) {
        List<EpochRecord> history = trainer.fit(data.train(), data.test());
        Evaluation last = history.get(history.size() - 1).test();
        return new Result(config, history, last, null, lines.trainSeconds, lines.evalSeconds);
      }
      long t0 = System.nanoTime();
      TrainResult r = trainer.run(data.train(), data.validation(), data.test());
      double testSeconds = (System.nanoTime() - t0) / 1e9 - lines.trainSeconds - lines.evalSeconds;
      out.printf(Locale.ROOT, "best epoch by validation accuracy: %d (%.2f%%)%s; its weights are "
          + "kept and tested%n", r.bestEpoch(), 100 * r.bestValidation().accuracy(),
          r.stoppedEarly() ? ", stopped early" : "");
      return new Result(config, r.history(), r.test(), r, lines.trainSeconds,
          lines.evalSeconds + Math.max(0, testSeconds));
    }
  }

  private void initialise(Model model, DataSetup.Prepared data, Start start, Trainer trainer)
      throws IOException {
    if (start.resumeDir() != null) {
      trainer.resume(start.resumeDir());
      out.println("resumed " + start.resumeDir() + " after epoch "
          + trainer.state().epochsCompleted());
    } else if (start.initFrom() != null) {
      ModelFile file;
      try {
        file = ModelFile.read(start.initFrom());
      } catch (IOException e) {
        throw OptionErrors.about("--init-from", start.initFrom(), e);
      }
      file.requireConfig(model.config(), start.initFrom());
      file.requireVocabulary(data.vocabulary().words(), start.initFrom());
      model.setParameters(file.parameters());
      out.println("weights from " + start.initFrom() + " (written by "
          + file.metadata().getOrDefault(ModelFile.BACKEND, "unknown") + ")");
    } else if (data.embedding() != null) {
      Parameters p = model.parameters();
      p.put(ParameterLayout.EMBEDDING, data.embedding());
      model.setParameters(p);
    }
  }

  /**
   * The settings saved with every checkpoint; a resumed run keeps the GloVe entries of the run it
   * continues (it takes its embedding from the checkpoint, not from GloVe).
   */
  private static Map<String, String> dataSettings(RunSettings s, DataSetup.Prepared data, Start start) {
    Path glove = data.glove() == null ? null : data.glove().path();
    Map<String, String> m = new LinkedHashMap<>(s.dataSettings(data.source().path(), glove));
    if (start.checkpoint() != null) {
      Map<String, String> saved = start.checkpoint().dataSettings();
      for (String key : List.of(RunSettings.GLOVE, RunSettings.GLOVE_DIM)) {
        if (saved.containsKey(key)) {
          m.put(key, saved.get(key));
        }
      }
    }
    return m;
  }

  static long trainableCount(ModelConfig config) {
    long n = 0;
    for (ParamSpec p : ParameterLayout.of(config).trainable()) {
      n += p.size();
    }
    return n;
  }

  /** Prints a line when an epoch starts and ends, and when a checkpoint is saved. */
  private static final class EpochLines implements TrainListener {
    private final PrintStream out;
    private final int epochs;
    private final int reviews;
    double trainSeconds;
    double evalSeconds;
    private String saved;

    EpochLines(PrintStream out, int epochs, int reviews) {
      this.out = out;
      this.epochs = epochs;
      this.reviews = reviews;
    }

    @Override
    public void onEpochStart(int epoch, int batches) {
      out.printf(Locale.ROOT, "epoch %d/%d: training on %d reviews in %d batches...%n", epoch,
          epochs, reviews, batches);
    }

    @Override
    public void onEpochEnd(EpochRecord r) {
      trainSeconds += r.seconds();
      evalSeconds += r.evalSeconds();
      Evaluation t = r.validation() != null ? r.validation() : r.test();
      out.printf(Locale.ROOT, "epoch %d/%d: train loss %.4f, accuracy %.2f%% | %s loss %.4f, "
          + "accuracy %.2f%% | %.1f s training (%.1f reviews/s), %.1f s evaluation%n",
          r.epoch(), epochs, r.trainLoss(), 100 * r.trainAccuracy(),
          r.validation() != null ? "validation" : "test", t.loss(), 100 * t.accuracy(),
          r.seconds(), r.reviewsPerSecond(), r.evalSeconds());
      if (saved != null) {
        out.println(saved);
        saved = null;
      }
    }

    /** The trainer saves before it reports the epoch; the line waits for the epoch's line. */
    @Override
    public void onCheckpointSaved(Path dir, int epoch) {
      saved = "saved the checkpoint of epoch " + epoch + " in " + dir;
    }
  }
}

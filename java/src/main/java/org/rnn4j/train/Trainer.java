package org.rnn4j.train;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.commons.math3.random.MersenneTwister;
import org.rnn4j.model.Batch;
import org.rnn4j.data.Batcher;
import org.rnn4j.data.EncodedDataset;
import org.rnn4j.data.ValidationSplit;
import org.rnn4j.model.Model;
import org.rnn4j.model.Optimizer;
import org.rnn4j.model.Parameters;
import org.rnn4j.model.StepResult;
import org.rnn4j.model.Tensor;

/**
 * Trains a {@link Model} with Adam over shuffled (optionally length-bucketed) epochs and saves a
 * {@link Checkpoint} after each epoch when configured. Without a validation set ({@link #fit}) it
 * evaluates the test set after every epoch, as the tutorial does, and keeps the last weights.
 * With one ({@link #run}) it evaluates only the validation set after every epoch, keeps the best
 * epoch's weights (validation accuracy, ties to the lower loss), stops early when
 * {@link TrainConfig#patience()} epochs bring nothing better, puts the best weights back into
 * the model and only then reads the test set, once.
 *
 * <p>Schedules: before every optimizer step the learning rate is set from
 * {@link TrainConfig#schedule()} and the run's step count; at the start of every epoch the
 * embedding's learning-rate scale is set (0 while {@link TrainConfig#unfreezeAfter()} keeps it
 * frozen, see {@link Optimizer}). Both follow from saved state, so a resumed run continues them.
 *
 * <p>Determinism: epoch {@code e} shuffles with a MersenneTwister seeded by {@code f(seed, e)}
 * and reseeds the model's dropout with another {@code f(seed, e)}, so on a deterministic backend a
 * run resumed after epoch {@code k} ({@link #resume}) reproduces the uninterrupted run bit for bit.
 *
 * <p>Divergence: when a loss is NaN or infinite the trainer throws
 * {@link TrainingDivergedException} naming the epoch and step; no checkpoint is written with the
 * bad weights. Losses are read one step late, so a GPU backend can queue the next step first.
 *
 * <p>Progress: {@link TrainListener}s hear of every batch ({@link TrainListener#onBatchEnd}) and
 * epoch, on the training thread; a listener that throws stops training with its exception. The
 * trainer itself prints only the progress bar of {@link TrainConfig#progressBar()}, and only
 * when a terminal is attached; {@link ProgressLog} gives plain lines for logs.
 *
 * <p>The trainer owns the optimizer it creates; the caller owns the model. Not thread-safe.
 */
public final class Trainer implements AutoCloseable {
  private final Model model;
  private final TrainConfig config;
  private final Optimizer optimizer;
  private final List<TrainListener> listeners = new ArrayList<>();
  private List<String> vocabulary;
  private List<String> labels = List.of();
  private Map<String, String> dataSettings = Map.of();
  private TrainerState state;
  private Parameters best;
  private Path lastCheckpointDir;
  private int lastCheckpointEpoch;

  /** A trainer with a fresh optimizer ({@code config.adam()}) over {@code model}'s parameters. */
  public Trainer(Model model, TrainConfig config) {
    this.model = model;
    this.config = config;
    if (config.unfreezeAfter() > 0 && !model.config().trainEmbedding()) {
      throw new IllegalArgumentException("unfreezing the embedding after " + config.unfreezeAfter()
          + " epochs needs a model built with a trainable embedding (ModelConfig.withTrainEmbedding"
          + "(true)); the trainer keeps it frozen until then");
    }
    this.optimizer = model.newOptimizer(config.adam());
    this.state = TrainerState.start(config.seed(), config.validation());
  }

  /**
   * The vocabulary the data was encoded with (words in id order) and the settings that built the
   * encoding (e.g. {@code max_len}, {@code min_freq}); required for checkpoints and resuming.
   */
  public Trainer withVocabulary(List<String> words, Map<String, String> settings) {
    this.vocabulary = List.copyOf(words);
    this.dataSettings = Map.copyOf(settings);
    return this;
  }

  /**
   * The class names by label id (e.g. {@code neg, pos}), saved with every checkpoint so that a
   * classifier loaded from it names its predictions.
   */
  public Trainer withLabels(List<String> names) {
    if (names.size() != model.config().classes()) {
      throw new IllegalArgumentException(names.size() + " class names " + names + " for a model of "
          + model.config().classes() + " classes");
    }
    this.labels = List.copyOf(names);
    return this;
  }

  public Trainer addListener(TrainListener listener) {
    listeners.add(listener);
    return this;
  }

  /**
   * Continues from the checkpoint in {@code dir}: checks that it was trained with this model's
   * configuration and this vocabulary, restores weights, optimizer moments and step count, the
   * seed and the history. {@link #fit} then runs from the next epoch up to {@code config.epochs()}.
   */
  public Checkpoint resume(Path dir) throws IOException {
    if (vocabulary == null) {
      throw new IllegalStateException("call withVocabulary before resume, so that the checkpoint's "
          + "vocabulary can be checked against the one the data was encoded with");
    }
    Checkpoint ckpt = Checkpoint.load(dir);
    ckpt.requireConfig(model.config());
    ckpt.requireVocabulary(vocabulary);
    ckpt.requireValidation(config.validation());
    ckpt.restore(model, optimizer);
    state = ckpt.trainerState();
    best = ckpt.bestParameters().map(Parameters::copy).orElse(null);
    lastCheckpointDir = dir;
    lastCheckpointEpoch = state.epochsCompleted();
    return ckpt;
  }

  /**
   * Trains from the epoch after the last completed one up to {@code config.epochs()}, without a
   * validation set: {@code run(train, null, test).history()}.
   *
   * @param train labelled training reviews
   * @param test  labelled reviews evaluated after every epoch, or null
   * @return every epoch's record, including those restored by {@link #resume}
   */
  public List<EpochRecord> fit(EncodedDataset train, EncodedDataset test) throws IOException {
    return run(train, null, test).history();
  }

  /**
   * Trains from the epoch after the last completed one up to {@code config.epochs()} or until
   * patience runs out (see the class comment).
   *
   * @param train      labelled training reviews
   * @param validation labelled reviews evaluated after every epoch, described by
   *                   {@link TrainConfig#validation()}, or null for none
   * @param test       labelled reviews evaluated after every epoch without a validation set, or
   *                   once on the best weights with one; or null
   */
  public TrainResult run(EncodedDataset train, EncodedDataset validation, EncodedDataset test)
      throws IOException {
    if (config.checkpointDir() != null && vocabulary == null) {
      throw new IllegalStateException("checkpoints need the vocabulary: call withVocabulary first");
    }
    if (train.size() == 0) {
      throw new IllegalArgumentException("the training set is empty");
    }
    checkValidation(validation);
    Batcher batcher = new Batcher(train, config.batchSize(), config.bucketBatches());
    for (int epoch = state.epochsCompleted() + 1; epoch <= config.epochs(); epoch++) {
      if (state.patienceExhausted(config.patience())) {
        for (TrainListener l : listeners) {
          l.onEarlyStop(state.epochsCompleted(), state.bestEpoch(), config.patience());
        }
        break;
      }
      EpochRecord record = runEpoch(epoch, batcher, validation, test);
      List<EpochRecord> history = new ArrayList<>(state.history());
      history.add(record);
      state = new TrainerState(epoch, state.seed(), state.steps() + record.steps(), history,
          config.validation());
      if (validation != null && state.bestEpoch() == epoch) {
        best = model.parameters();
      }
      if (config.checkpointDir() != null) {
        saveCheckpoint(config.checkpointDir(), epoch);
      }
      for (TrainListener l : listeners) {
        l.onEpochEnd(record);
      }
    }
    return result(validation, test);
  }

  private void checkValidation(EncodedDataset validation) {
    ValidationSplit v = config.validation();
    if ((validation != null) != v.enabled() || validation != null && validation.size() != v.size()) {
      throw new IllegalArgumentException("the validation set given (" + (validation == null ? "none"
          : validation.size() + " reviews") + ") is not the one TrainConfig.validation describes ("
          + v + ")");
    }
  }

  /** With a validation set: the best weights back into the model, and the test set read once. */
  private TrainResult result(EncodedDataset validation, EncodedDataset test) {
    List<EpochRecord> h = state.history();
    boolean early = state.epochsCompleted() < config.epochs();
    if (validation == null) {
      EpochRecord last = h.isEmpty() ? null : h.get(h.size() - 1);
      return new TrainResult(h, last == null ? 0 : last.epoch(), null,
          last == null ? null : last.test(), false);
    }
    int bestEpoch = state.bestEpoch();
    if (best != null) {
      model.setParameters(best.copy());
    }
    Evaluation ev = test == null || bestEpoch == 0 ? null : evaluate(test);
    return new TrainResult(h, bestEpoch, bestEpoch == 0 ? null : h.get(bestEpoch - 1).validation(),
        ev, early);
  }

  /** Metrics of the current weights on {@code data}, in evaluation mode. */
  public Evaluation evaluate(EncodedDataset data) {
    return Evaluator.evaluate(model, data, config.evalBatchSize());
  }

  /** A snapshot of the model, optimizer and progress (needs {@link #withVocabulary}). */
  public Checkpoint checkpoint() {
    if (vocabulary == null) {
      throw new IllegalStateException("checkpoints need the vocabulary: call withVocabulary first");
    }
    return Checkpoint.capture(model, optimizer, vocabulary, labels, dataSettings, state, best);
  }

  public TrainerState state() {
    return state;
  }

  public Optimizer optimizer() {
    return optimizer;
  }

  public TrainConfig config() {
    return config;
  }

  /** Closes the optimizer (not the model). */
  @Override
  public void close() {
    optimizer.close();
  }

  private EpochRecord runEpoch(int epoch, Batcher batcher, EncodedDataset validation,
      EncodedDataset test) {
    long seed = state.seed();
    List<Batch> batches = batcher.epoch(new MersenneTwister(Seeds.forEpoch(seed, epoch, Seeds.SHUFFLE)));
    model.reseedDropout(Seeds.forEpoch(seed, epoch, Seeds.DROPOUT));
    if (model.config().trainEmbedding()) {
      optimizer.setEmbeddingLrScale(epoch <= config.unfreezeAfter() ? 0 : config.embeddingLrScale());
    }
    for (TrainListener l : listeners) {
      l.onEpochStart(epoch, batches.size());
    }
    Running run = new Running(epoch, batches.size(), System.nanoTime());
    long total = (long) config.epochs() * batcher.batchCount();
    double lr = optimizer.config().lr();
    model.setTraining(true);
    try (ProgressDisplay bar = ProgressDisplay.open(config.progressBar(), epoch, config.epochs(),
        batches.size())) {
      StepResult pending = null;
      long step = state.steps();
      for (Batch b : batches) {
        StepResult r = model.forwardBackward(b);
        lr = scheduleStep(step++, total, epoch);
        optimizer.step();
        if (pending != null) {
          run.account(pending, bar);
        }
        pending = r;
      }
      run.account(pending, bar);
    } finally {
      model.setTraining(false);
    }
    double seconds = (System.nanoTime() - run.start) / 1e9;
    long evalStart = System.nanoTime();
    Evaluation val = validation == null ? null : evaluate(validation);
    Evaluation ev = test == null || validation != null ? null : evaluate(test);
    double evalSeconds = (System.nanoTime() - evalStart) / 1e9;
    return new EpochRecord(epoch, batches.size(), run.lossSum / run.seen,
        (double) run.correct / run.seen, ev, seconds, evalSeconds, run.seen / seconds, val, lr);
  }

  /**
   * Sets the scheduled learning rate for the update with 0-based index {@code step}; a constant
   * schedule leaves the optimizer's rate alone (it may have been set by the caller).
   */
  private double scheduleStep(long step, long total, int epoch) {
    if (config.schedule().isConstant()) {
      return optimizer.config().lr();
    }
    double lr = config.adam().lr() * config.schedule().multiple(step, total, epoch);
    optimizer.setLearningRate(lr);
    return lr;
  }

  private void saveCheckpoint(Path dir, int epoch) throws IOException {
    Checkpoint ckpt = checkpoint();
    requireFinite(ckpt.parameters(), epoch, "weight");
    requireFinite(ckpt.optimizerState(), epoch, "optimizer moment");
    ckpt.save(dir);
    lastCheckpointDir = dir;
    lastCheckpointEpoch = epoch;
    for (TrainListener l : listeners) {
      l.onCheckpointSaved(dir, epoch);
    }
  }

  private void requireFinite(Parameters p, int epoch, String what) {
    for (Map.Entry<String, Tensor> e : p.asMap().entrySet()) {
      for (float v : e.getValue().data()) {
        if (!Float.isFinite(v)) {
          throw diverged(epoch, 0, Double.NaN, "a " + what + " in '" + e.getKey() + "' became " + v);
        }
      }
    }
  }

  private TrainingDivergedException diverged(int epoch, int step, double loss, String what) {
    return new TrainingDivergedException(epoch, step, loss, what, lastCheckpointDir, lastCheckpointEpoch);
  }

  /** Running sums of one epoch. */
  private final class Running {
    final int epoch;
    final int total;
    final long start;
    int steps;
    long seen;
    long correct;
    double lossSum;

    Running(int epoch, int total, long start) {
      this.epoch = epoch;
      this.total = total;
      this.start = start;
    }

    void account(StepResult r, ProgressDisplay bar) {
      steps++;
      double loss = r.loss();
      if (!Double.isFinite(loss)) {
        throw diverged(epoch, steps, loss, "the loss became " + loss);
      }
      lossSum += loss * r.size();
      correct += r.correct();
      seen += r.size();
      double secs = Math.max(1e-9, (System.nanoTime() - start) / 1e9);
      BatchProgress p = new BatchProgress(epoch, config.epochs(), steps, total,
          state.steps() + steps, r.size(), loss, (double) r.correct() / r.size(), lossSum / seen,
          (double) correct / seen, seen / secs, secs, secs / steps * (total - steps));
      bar.update(p);
      for (TrainListener l : listeners) {
        l.onBatchEnd(p);
      }
    }
  }
}

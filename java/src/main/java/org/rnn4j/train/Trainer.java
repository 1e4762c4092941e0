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
import org.rnn4j.model.Model;
import org.rnn4j.model.Optimizer;
import org.rnn4j.model.Parameters;
import org.rnn4j.model.StepResult;
import org.rnn4j.model.Tensor;

/**
 * Trains a {@link Model} with Adam over shuffled (optionally length-bucketed) epochs, evaluates it
 * on a test set after each epoch, and saves a {@link Checkpoint} after each epoch when configured.
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
  private Path lastCheckpointDir;
  private int lastCheckpointEpoch;

  /** A trainer with a fresh optimizer ({@code config.adam()}) over {@code model}'s parameters. */
  public Trainer(Model model, TrainConfig config) {
    this.model = model;
    this.config = config;
    this.optimizer = model.newOptimizer(config.adam());
    this.state = TrainerState.start(config.seed());
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
    ckpt.restore(model, optimizer);
    state = ckpt.trainerState();
    lastCheckpointDir = dir;
    lastCheckpointEpoch = state.epochsCompleted();
    return ckpt;
  }

  /**
   * Trains from the epoch after the last completed one up to {@code config.epochs()}.
   *
   * @param train labelled training reviews
   * @param test  labelled reviews evaluated after every epoch, or null
   * @return every epoch's record, including those restored by {@link #resume}
   */
  public List<EpochRecord> fit(EncodedDataset train, EncodedDataset test) throws IOException {
    if (config.checkpointDir() != null && vocabulary == null) {
      throw new IllegalStateException("checkpoints need the vocabulary: call withVocabulary first");
    }
    if (train.size() == 0) {
      throw new IllegalArgumentException("the training set is empty");
    }
    Batcher batcher = new Batcher(train, config.batchSize(), config.bucketBatches());
    for (int epoch = state.epochsCompleted() + 1; epoch <= config.epochs(); epoch++) {
      EpochRecord record = runEpoch(epoch, batcher, test);
      List<EpochRecord> history = new ArrayList<>(state.history());
      history.add(record);
      state = new TrainerState(epoch, state.seed(), state.steps() + record.steps(), history);
      if (config.checkpointDir() != null) {
        saveCheckpoint(config.checkpointDir(), epoch);
      }
      for (TrainListener l : listeners) {
        l.onEpochEnd(record);
      }
    }
    return state.history();
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
    return Checkpoint.capture(model, optimizer, vocabulary, labels, dataSettings, state);
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

  private EpochRecord runEpoch(int epoch, Batcher batcher, EncodedDataset test) {
    long seed = state.seed();
    List<Batch> batches = batcher.epoch(new MersenneTwister(Seeds.forEpoch(seed, epoch, Seeds.SHUFFLE)));
    model.reseedDropout(Seeds.forEpoch(seed, epoch, Seeds.DROPOUT));
    for (TrainListener l : listeners) {
      l.onEpochStart(epoch, batches.size());
    }
    Running run = new Running(epoch, batches.size(), System.nanoTime());
    model.setTraining(true);
    try (ProgressDisplay bar = ProgressDisplay.open(config.progressBar(), epoch, config.epochs(),
        batches.size())) {
      StepResult pending = null;
      for (Batch b : batches) {
        StepResult r = model.forwardBackward(b);
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
    Evaluation ev = test == null ? null : Evaluator.evaluate(model, test, config.evalBatchSize());
    double evalSeconds = test == null ? 0 : (System.nanoTime() - evalStart) / 1e9;
    return new EpochRecord(epoch, batches.size(), run.lossSum / run.seen,
        (double) run.correct / run.seen, ev, seconds, evalSeconds, run.seen / seconds);
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

package org.rnn4j.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.rnn4j.data.EncodedDataset;
import org.rnn4j.model.AdamConfig;
import org.rnn4j.model.Model;
import org.rnn4j.model.ModelConfig;
import org.rnn4j.model.Parameters;
import org.rnn4j.testing.Compare;
import org.rnn4j.testing.FailingModel;
import org.rnn4j.testing.TinyModels;
import org.rnn4j.testing.ToyReviews;

class TrainerTest {
  /** Dropout, a trainable embedding, bucketing and clipping: every source of state is exercised. */
  private static final ModelConfig CONFIG = TinyModels.config(ToyReviews.VOCAB, 8, true, 0.25);
  private static final TrainConfig TRAIN = TrainConfig.defaults().withEpochs(3).withBatchSize(16)
      .withBucketBatches(3).withAdam(AdamConfig.defaults().withLr(0.05).withClipNorm(1.0))
      .withSeed(1234).withProgressBar(false).withEvalBatchSize(50);
  private static final Map<String, String> DATA = Map.of("max_len", "9");

  private final EncodedDataset train = ToyReviews.generate(300, 12, 1);
  private final EncodedDataset test = ToyReviews.generate(200, 12, 2);

  @TempDir
  Path tmp;

  /** What a run produced: its history and its final weights. */
  private record Run(List<EpochRecord> history, Parameters params) {}

  private Run run(TrainConfig cfg, long initSeed, Path resumeFrom) throws Exception {
    try (Model m = TinyModels.cpu(CONFIG, initSeed); Trainer t = new Trainer(m, cfg)) {
      t.withVocabulary(ToyReviews.vocabulary(), DATA);
      if (resumeFrom != null) {
        t.resume(resumeFrom);
      }
      return new Run(t.fit(train, test), m.parameters());
    }
  }

  @Test
  void learnsTheToyTask() throws Exception {
    List<String> events = new ArrayList<>();
    List<EpochRecord> history;
    try (Model m = TinyModels.cpu(CONFIG, 7); Trainer t = new Trainer(m, TRAIN)) {
      t.addListener(new TrainListener() {
        @Override
        public void onEpochStart(int epoch, int batches) {
          events.add("start " + epoch + " " + batches);
        }

        @Override
        public void onEpochEnd(EpochRecord r) {
          events.add("end " + r.epoch());
        }
      });
      history = t.fit(train, test);
      history.forEach(System.out::println);
      assertEquals(history.get(2).test(), t.evaluate(test), "evaluation is deterministic");
      assertFalse(m.isTraining(), "the model is left in evaluation mode");
    }
    assertEquals(List.of("start 1 19", "end 1", "start 2 19", "end 2", "start 3 19", "end 3"), events);
    assertEquals(3, history.size());
    for (int e = 0; e < 3; e++) {
      EpochRecord r = history.get(e);
      assertEquals(e + 1, r.epoch());
      assertEquals(19, r.steps()); // ceil(300 / 16)
      assertEquals(200, r.test().count());
      assertTrue(r.reviewsPerSecond() > 0 && r.seconds() > 0);
    }
    assertTrue(history.get(1).trainLoss() < history.get(0).trainLoss(), history.toString());
    assertTrue(history.get(2).trainLoss() < history.get(1).trainLoss(), history.toString());
    Evaluation last = history.get(2).test();
    // Chance is 0.5 and the best possible about 0.93 (see ToyReviews).
    assertTrue(last.accuracy() > 0.85, "test accuracy after 3 epochs: " + last);
    assertTrue(last.loss() < history.get(0).test().loss(), history.toString());
  }

  @Test
  void sameSeedSameNumbersOtherSeedOtherNumbers() throws Exception {
    Run a = run(TRAIN, 7, null);
    Run b = run(TRAIN, 7, null);
    assertSameNumbers(a.history, b.history);
    Compare.assertBitEqual(a.params, b.params);
    Run c = run(TRAIN.withSeed(4321), 7, null);
    assertNotEquals(a.history.get(0).trainLoss(), c.history.get(0).trainLoss());
  }

  @Test
  void resumingAfterTwoEpochsIsBitIdenticalToThreeStraight() throws Exception {
    Run straight = run(TRAIN, 7, null);
    Path dir = tmp.resolve("ckpt");
    Run firstTwo = run(TRAIN.withEpochs(2).withCheckpointDir(dir), 7, null);
    assertEquals(2, Checkpoint.load(dir).trainerState().epochsCompleted());
    // A new model with other initial weights and a new trainer: everything comes from the files.
    Run resumed = run(TRAIN.withCheckpointDir(dir), 999, dir);
    assertSameNumbers(straight.history.subList(0, 2), firstTwo.history);
    assertSameNumbers(straight.history, resumed.history);
    Compare.assertBitEqual(straight.params, resumed.params);
    Checkpoint last = Checkpoint.load(dir);
    assertEquals(3, last.trainerState().epochsCompleted());
    assertEquals(3L * 19, last.trainerState().steps());
    assertEquals(3L * 19, last.optimizerSteps());
  }

  @Test
  void resumeUsesTheCheckpointsSeed() throws Exception {
    Path dir = tmp.resolve("seed");
    run(TRAIN.withEpochs(1).withCheckpointDir(dir), 7, null);
    Run straight = run(TRAIN.withEpochs(2), 7, null);
    Run resumed = run(TRAIN.withEpochs(2).withSeed(55), 7, dir);
    assertSameNumbers(straight.history, resumed.history);
  }

  @Test
  void nanLossStopsAtOnceAndKeepsTheLastGoodCheckpoint() throws Exception {
    Path dir = tmp.resolve("nan");
    List<Parameters> saved = new ArrayList<>();
    try (Model inner = TinyModels.cpu(CONFIG, 7);
        Model m = new FailingModel(inner, 19 + 5, Double.NaN);
        Trainer t = new Trainer(m, TRAIN.withCheckpointDir(dir))) {
      t.withVocabulary(ToyReviews.vocabulary(), DATA);
      t.addListener(new TrainListener() {
        @Override
        public void onCheckpointSaved(Path d, int epoch) {
          saved.add(m.parameters());
        }
      });
      TrainingDivergedException e = assertThrows(TrainingDivergedException.class,
          () -> t.fit(train, test));
      assertEquals(2, e.epoch());
      assertEquals(5, e.step());
      assertTrue(Double.isNaN(e.loss()));
      assertTrue(e.getMessage().contains("epoch 2, step 5"), e.getMessage());
      assertTrue(e.getMessage().contains(dir.toString()) && e.getMessage().contains("(epoch 1)"),
          e.getMessage());
      assertEquals(1, t.state().epochsCompleted());
    }
    assertEquals(1, saved.size());
    Checkpoint kept = Checkpoint.load(dir);
    assertEquals(1, kept.trainerState().epochsCompleted());
    Compare.assertBitEqual(saved.get(0), kept.parameters());
  }

  @Test
  void infiniteLossWithoutCheckpointsSaysSo() throws Exception {
    try (Model m = new FailingModel(TinyModels.cpu(CONFIG, 7), 3, Double.POSITIVE_INFINITY);
        Trainer t = new Trainer(m, TRAIN)) {
      TrainingDivergedException e = assertThrows(TrainingDivergedException.class,
          () -> t.fit(train, null));
      assertEquals(1, e.epoch());
      assertEquals(3, e.step());
      assertTrue(e.getMessage().contains("Infinity") && e.getMessage().contains("no checkpoint"),
          e.getMessage());
    }
  }

  @Test
  void callerMistakesAreExplained() throws Exception {
    try (Model m = TinyModels.cpu(CONFIG, 7);
        Trainer t = new Trainer(m, TRAIN.withCheckpointDir(tmp.resolve("x")))) {
      IllegalStateException e = assertThrows(IllegalStateException.class, () -> t.fit(train, test));
      assertTrue(e.getMessage().contains("withVocabulary"), e.getMessage());
      t.withVocabulary(ToyReviews.vocabulary(), DATA);
      Path missing = tmp.resolve("no-such-checkpoint");
      NoSuchFileException n = assertThrows(NoSuchFileException.class, () -> t.resume(missing));
      assertTrue(n.getMessage().contains(missing.toString()), n.getMessage());
    }
    Path dir = tmp.resolve("cfg");
    run(TRAIN.withEpochs(1).withCheckpointDir(dir), 7, null);
    ModelConfig bigger = TinyModels.config(ToyReviews.VOCAB, 10, true, 0.25);
    try (Model m = TinyModels.cpu(bigger, 7); Trainer t = new Trainer(m, TRAIN)) {
      t.withVocabulary(ToyReviews.vocabulary(), DATA);
      IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> t.resume(dir));
      assertTrue(e.getMessage().contains("embedSize: 8 (saved) vs 10 (requested)"), e.getMessage());
    }
  }

  /** Everything but the timings, compared exactly. */
  private static void assertSameNumbers(List<EpochRecord> a, List<EpochRecord> b) {
    assertEquals(a.size(), b.size());
    for (int i = 0; i < a.size(); i++) {
      EpochRecord x = a.get(i);
      EpochRecord y = b.get(i);
      assertEquals(x.epoch(), y.epoch());
      assertEquals(x.steps(), y.steps());
      assertEquals(x.trainLoss(), y.trainLoss(), "train loss of epoch " + x.epoch());
      assertEquals(x.trainAccuracy(), y.trainAccuracy());
      assertEquals(x.test(), y.test(), "test metrics of epoch " + x.epoch());
    }
  }
}

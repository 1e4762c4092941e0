package org.rnn4j.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

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
import org.rnn4j.testing.FailingModel;
import org.rnn4j.testing.TinyModels;
import org.rnn4j.testing.ToyReviews;

/** The per-batch events of {@link Trainer}: once per batch, one step late, and able to stop it. */
class TrainerProgressTest {
  private static final ModelConfig CONFIG = TinyModels.config(ToyReviews.VOCAB, 8, true, 0.25);
  private static final TrainConfig TRAIN = TrainConfig.defaults().withEpochs(2).withBatchSize(16)
      .withBucketBatches(3).withAdam(AdamConfig.defaults().withLr(0.05).withClipNorm(1.0))
      .withSeed(1234).withProgressBar(false).withEvalBatchSize(50);
  private static final int STEPS = 19; // ceil(300 / 16)

  private final EncodedDataset train = ToyReviews.generate(300, 12, 1);
  private final EncodedDataset test = ToyReviews.generate(200, 12, 2);

  @TempDir
  Path tmp;

  /** Every event and, beside it, how many forward-backward passes had been queued by then. */
  private static final class Recorder implements TrainListener {
    final FailingModel model;
    final List<BatchProgress> events = new ArrayList<>();
    final List<Long> queued = new ArrayList<>();

    Recorder(FailingModel model) {
      this.model = model;
    }

    @Override
    public void onBatchEnd(BatchProgress p) {
      events.add(p);
      queued.add(model.calls());
    }
  }

  @Test
  void everyBatchIsReportedOnceInOrderWhenItsResultIsRead() throws Exception {
    List<EpochRecord> history;
    Recorder rec;
    try (FailingModel m = new FailingModel(TinyModels.cpu(CONFIG, 7), Long.MAX_VALUE, 0);
         Trainer t = new Trainer(m, TRAIN)) {
      rec = new Recorder(m);
      history = t.addListener(rec).fit(train, test);
    }
    assertEquals(2 * STEPS, rec.events.size());
    for (int i = 0; i < rec.events.size(); i++) {
      BatchProgress p = rec.events.get(i);
      int epoch = i / STEPS + 1;
      int step = i % STEPS + 1;
      assertEquals(epoch, p.epoch());
      assertEquals(2, p.epochs());
      assertEquals(step, p.step());
      assertEquals(STEPS, p.steps());
      assertEquals(i + 1, p.globalStep());
      // Step k is read after step k + 1 was queued, except the epoch's last one.
      long expected = (epoch - 1) * STEPS + Math.min(step + 1, STEPS);
      assertEquals(expected, rec.queued.get(i), "passes queued when step " + step + " was read");
      assertTrue(p.elapsedSeconds() > 0 && p.reviewsPerSecond() > 0, p::toString);
      assertEquals(p.lastStep(), p.secondsLeft() == 0, p::toString);
    }
    for (int e = 0; e < 2; e++) {
      List<BatchProgress> epoch = rec.events.subList(e * STEPS, (e + 1) * STEPS);
      double lossSum = 0;
      double correct = 0;
      int seen = 0;
      for (BatchProgress p : epoch) {
        lossSum += p.loss() * p.batchSize();
        correct += p.accuracy() * p.batchSize();
        seen += p.batchSize();
        assertEquals(lossSum / seen, p.epochLoss(), 1e-12, "the running mean loss");
        assertEquals(correct / seen, p.epochAccuracy(), 1e-12, "the running accuracy");
      }
      assertEquals(300, seen);
      BatchProgress last = epoch.get(STEPS - 1);
      assertEquals(history.get(e).trainLoss(), last.epochLoss(), "the epoch's record");
      assertEquals(history.get(e).trainAccuracy(), last.epochAccuracy());
    }
  }

  @Test
  void listeningDoesNotChangeTheNumbers() throws Exception {
    List<EpochRecord> quiet;
    try (Model m = TinyModels.cpu(CONFIG, 7); Trainer t = new Trainer(m, TRAIN)) {
      quiet = t.fit(train, test);
    }
    List<EpochRecord> heard;
    try (Model m = TinyModels.cpu(CONFIG, 7); Trainer t = new Trainer(m, TRAIN)) {
      heard = t.addListener(new ProgressLog(line -> {})).fit(train, test);
    }
    for (int e = 0; e < 2; e++) {
      assertEquals(quiet.get(e).trainLoss(), heard.get(e).trainLoss());
      assertEquals(quiet.get(e).test(), heard.get(e).test());
    }
  }

  @Test
  void aResumedRunContinuesTheGlobalStep() throws Exception {
    Path dir = tmp.resolve("ckpt");
    Map<String, String> data = Map.of("max_len", "9");
    try (Model m = TinyModels.cpu(CONFIG, 7);
         Trainer t = new Trainer(m, TRAIN.withEpochs(1).withCheckpointDir(dir))) {
      t.withVocabulary(ToyReviews.vocabulary(), data).fit(train, test);
    }
    List<BatchProgress> events = new ArrayList<>();
    try (Model m = TinyModels.cpu(CONFIG, 7); Trainer t = new Trainer(m, TRAIN)) {
      t.withVocabulary(ToyReviews.vocabulary(), data).resume(dir);
      t.addListener(new TrainListener() {
        @Override
        public void onBatchEnd(BatchProgress p) {
          events.add(p);
        }
      }).fit(train, test);
    }
    assertEquals(STEPS, events.size());
    assertEquals(2, events.get(0).epoch());
    assertEquals(1, events.get(0).step());
    assertEquals(STEPS + 1, events.get(0).globalStep());
  }

  @Test
  void aListenerThatThrowsStopsTrainingWithItsException() throws Exception {
    IllegalStateException stop = new IllegalStateException("enough");
    List<Integer> steps = new ArrayList<>();
    List<Integer> ended = new ArrayList<>();
    try (Model m = TinyModels.cpu(CONFIG, 7); Trainer t = new Trainer(m, TRAIN)) {
      t.addListener(new TrainListener() {
        @Override
        public void onBatchEnd(BatchProgress p) {
          steps.add(p.step());
          if (p.step() == 5) {
            throw stop;
          }
        }

        @Override
        public void onEpochEnd(EpochRecord r) {
          ended.add(r.epoch());
        }
      });
      IllegalStateException e = assertThrows(IllegalStateException.class, () -> t.fit(train, test));
      assertSame(stop, e);
      assertEquals(List.of(1, 2, 3, 4, 5), steps, "no event after the throw");
      assertEquals(List.of(), ended);
      assertEquals(0, t.state().epochsCompleted());
      assertFalse(m.isTraining(), "the model is left in evaluation mode");
    }
  }
}

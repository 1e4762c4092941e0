package org.rnn4j.train;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.rnn4j.data.EncodedDataset;
import org.rnn4j.data.ValidationSplit;
import org.rnn4j.model.AdamConfig;
import org.rnn4j.model.Model;
import org.rnn4j.model.ModelConfig;
import org.rnn4j.model.ParameterLayout;
import org.rnn4j.model.Parameters;
import org.rnn4j.testing.Compare;
import org.rnn4j.testing.TinyModels;
import org.rnn4j.testing.ToyReviews;

/**
 * {@link Trainer#run} with a validation set: best epoch, early stopping, the test set read once
 * on the best weights, schedules and unfreezing, and checkpoints that resume all of it exactly.
 * Trains a tiny real CpuModel on the toy task.
 */
class TrainerValidationTest {
  private static final ModelConfig CONFIG = TinyModels.config(ToyReviews.VOCAB, 8, true, 0.25);
  private static final ValidationSplit SPLIT = new ValidationSplit(120, 9);
  /** Every feature on: AdamW, warm-up + cosine, the embedding frozen for one epoch, then x0.1. */
  private static final TrainConfig TRAIN = TrainConfig.defaults().withEpochs(4).withBatchSize(16)
      .withBucketBatches(3).withAdam(AdamConfig.adamW(0.05).withClipNorm(1.0)).withSeed(77)
      .withProgressBar(false).withEvalBatchSize(50).withSchedule(LrSchedule.cosine(10, 0.1))
      .withValidation(SPLIT).withUnfreezeAfter(1).withEmbeddingLrScale(0.1);
  private static final Map<String, String> DATA = Map.of("max_len", "12");

  private final EncodedDataset train = ToyReviews.generate(300, 12, 1);
  private final EncodedDataset validation = ToyReviews.generate(120, 12, 3);
  private final EncodedDataset test = ToyReviews.generate(200, 12, 2);

  @TempDir
  Path tmp;

  /** The result and the weights the model holds afterwards. */
  private record Outcome(TrainResult result, Parameters params) {}

  private Outcome train(TrainConfig cfg, EncodedDataset valid, Path resumeFrom) throws IOException {
    try (Model m = TinyModels.cpu(CONFIG, 5); Trainer t = new Trainer(m, cfg)) {
      t.withVocabulary(ToyReviews.vocabulary(), DATA);
      if (resumeFrom != null) {
        t.resume(resumeFrom);
      }
      return new Outcome(t.run(train, valid, test), m.parameters());
    }
  }

  @Test
  void theBestEpochsWeightsAreKeptAndTestedOnce() throws IOException {
    Path dir = tmp.resolve("run");
    Outcome o = train(TRAIN.withCheckpointDir(dir), validation, null);
    TrainResult r = o.result();
    assertEquals(4, r.history().size());
    int best = 1;
    for (EpochRecord e : r.history()) {
      assertNotNull(e.validation(), "validation after every epoch");
      assertNull(e.test(), "the test set is not read during training");
      if (TrainerState.better(e.validation(), r.history().get(best - 1).validation())) {
        best = e.epoch();
      }
    }
    assertEquals(best, r.bestEpoch());
    assertEquals(r.history().get(best - 1).validation(), r.bestValidation());
    assertFalse(r.stoppedEarly());
    Checkpoint c = Checkpoint.load(dir);
    Compare.assertBitEqual(c.bestParameters().orElseThrow(), o.params());
    try (Model m = TinyModels.cpu(CONFIG, 5)) {
      m.setParameters(o.params());
      assertEquals(Evaluator.evaluate(m, test, 50), r.test(), "the test result is the best weights'");
    }
    assertTrue(Files.isRegularFile(dir.resolve(Checkpoint.BEST_FILE)));
  }

  /** Labels flipped: the better the model learns the task, the worse it does here. */
  @Test
  void patienceStopsARunThatStopsImproving() throws IOException {
    int[][] seqs = new int[validation.size()][];
    int[] flipped = new int[validation.size()];
    for (int i = 0; i < seqs.length; i++) {
      seqs[i] = validation.sequence(i);
      flipped[i] = 1 - validation.label(i);
    }
    List<String> events = new ArrayList<>();
    TrainResult r;
    try (Model m = TinyModels.cpu(CONFIG, 5); Trainer t = new Trainer(m, TRAIN.withPatience(2))) {
      t.addListener(new TrainListener() {
        @Override
        public void onEarlyStop(int epoch, int bestEpoch, int patience) {
          events.add(epoch + " " + bestEpoch + " " + patience);
        }
      });
      r = t.run(train, new EncodedDataset(seqs, flipped), test);
    }
    assertTrue(r.stoppedEarly());
    assertEquals(r.bestEpoch() + 2, r.history().size());
    assertEquals(List.of(r.history().size() + " " + r.bestEpoch() + " 2"), events);
  }

  /** Killed after epoch 2 and resumed: schedule, unfreezing, best weights and history continue. */
  @Test
  void aResumedRunMatchesAnUninterruptedOne() throws IOException {
    Outcome whole = train(TRAIN, validation, null);
    Path dir = tmp.resolve("half");
    try (Model m = TinyModels.cpu(CONFIG, 5); Trainer t = new Trainer(m, TRAIN.withCheckpointDir(dir))) {
      t.withVocabulary(ToyReviews.vocabulary(), DATA);
      t.addListener(new TrainListener() {
        @Override
        public void onCheckpointSaved(Path d, int epoch) {
          if (epoch == 2) {
            throw new IllegalStateException("killed");
          }
        }
      });
      assertThrows(IllegalStateException.class, () -> t.run(train, validation, test));
    }
    Outcome resumed = train(TRAIN.withCheckpointDir(dir), validation, dir);
    assertEquals(facts(whole.result()), facts(resumed.result()));
    Compare.assertBitEqual(whole.params(), resumed.params());
    double last = resumed.result().history().get(3).lr();
    assertEquals(0.05 * 0.1, last, 1e-12, "cosine ends at its floor");
  }

  /** Everything of a result but wall times. */
  private static List<Object> facts(TrainResult r) {
    List<Object> out = new ArrayList<>(List.of(r.bestEpoch(), r.bestValidation(), r.test(),
        r.stoppedEarly()));
    for (EpochRecord e : r.history()) {
      out.addAll(List.of(e.epoch(), e.steps(), e.trainLoss(), e.trainAccuracy(), e.validation(),
          e.lr()));
    }
    return out;
  }

  @Test
  void resumingRefusesAnotherValidationSet() throws IOException {
    Path dir = tmp.resolve("run");
    train(TRAIN.withEpochs(1).withCheckpointDir(dir), validation, null);
    TrainConfig other = TRAIN.withValidation(new ValidationSplit(120, 10));
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> train(other, validation, dir));
    assertTrue(e.getMessage().contains("validated on 120 training reviews (seed 9)"), e.getMessage());
    assertThrows(IllegalArgumentException.class, () -> train(TRAIN, test, null),
        "a validation set of another size than the config describes");
    assertThrows(IllegalArgumentException.class, () -> train(TRAIN, null, null));
  }

  @Test
  void theEmbeddingStaysFrozenUntilItsEpoch() throws IOException {
    List<float[]> embeddings = new ArrayList<>();
    try (Model m = TinyModels.cpu(CONFIG, 5); Trainer t = new Trainer(m, TRAIN.withEpochs(2))) {
      embeddings.add(m.parameters().get(ParameterLayout.EMBEDDING).data());
      t.addListener(new TrainListener() {
        @Override
        public void onEpochEnd(EpochRecord r) {
          embeddings.add(m.parameters().get(ParameterLayout.EMBEDDING).data());
        }
      });
      t.run(train, validation, null);
      assertEquals(t.optimizer().stepCount() / 2, t.optimizer().embeddingStepCount());
    }
    assertArrayEquals(embeddings.get(0), embeddings.get(1), "frozen in epoch 1");
    assertFalse(java.util.Arrays.equals(embeddings.get(1), embeddings.get(2)), "trained in epoch 2");
    ModelConfig frozen = CONFIG.withTrainEmbedding(false);
    try (Model m = TinyModels.cpu(frozen, 5)) {
      assertThrows(IllegalArgumentException.class, () -> new Trainer(m, TRAIN));
    }
  }

  /** A crash while the best weights are staged leaves the previous checkpoint, best included. */
  @Test
  void theBestWeightsSurviveACrashDuringASave() throws IOException {
    Path dir = tmp.resolve("crash");
    try (Model m = TinyModels.cpu(CONFIG, 5);
         Trainer t = new Trainer(m, TRAIN.withEpochs(1).withCheckpointDir(dir))) {
      t.withVocabulary(ToyReviews.vocabulary(), DATA);
      t.run(train, validation, null);
      Checkpoint first = Checkpoint.load(dir);
      Checkpoint next = t.checkpoint();
      IOException e = assertThrows(IOException.class, () -> next.save(dir, p -> {
        if (p.equals("staged " + Checkpoint.BEST_FILE)) {
          throw new IOException("simulated crash");
        }
      }));
      assertEquals("simulated crash", e.getMessage());
      Checkpoint seen = Checkpoint.load(dir);
      assertEquals(first.trainerState(), seen.trainerState());
      Compare.assertBitEqual(first.bestParameters().orElseThrow(), seen.bestParameters().orElseThrow());
    }
  }
}

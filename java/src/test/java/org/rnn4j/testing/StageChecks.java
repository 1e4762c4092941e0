package org.rnn4j.testing;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.rnn4j.model.Batch;
import org.rnn4j.model.Model;
import org.rnn4j.model.Optimizer;
import org.rnn4j.model.Parameters;
import org.rnn4j.model.StepResult;
import org.rnn4j.model.StepStages;
import org.rnn4j.model.StepStages.Stage;

/**
 * Checks that a backend's {@link StepStages} are its real training step: the stages run one by
 * one give what {@link Model#forwardBackward} and {@link Optimizer#step} give on a model of the
 * same backend, seed, batch and Adam settings.
 */
public final class StageChecks {
  private StageChecks() {}

  /**
   * Two training steps on {@code batch}: the first stage by stage through the named methods, the
   * second through {@link StepStages#step()}, each against a forwardBackward and an Adam step of
   * {@code model} (fresh, seeded as the stages were, training mode): loss, correct count, every
   * gradient, every parameter after the update. Dropout masks come from the same seeded streams,
   * so they agree step by step.
   */
  public static void assertStagesAreTheStep(Model model, Optimizer adam, StepStages stages,
      Batch batch, Tolerance tol) {
    model.setTraining(true);
    StepResult expected = model.forwardBackward(batch);
    Parameters expectedGrads = model.gradients();
    adam.step();
    Parameters expectedParams = model.parameters();

    stages.embeddingForward();
    stages.encoderForward();
    stages.headAndLoss();
    stages.encoderBackwardData();
    stages.encoderBackwardWeights();
    if (stages.includes(Stage.EMBEDDING_BACKWARD)) {
      stages.embeddingBackward();
    }
    StepResult actual = stages.result();
    assertResult("step 1", expected, actual, tol);
    Compare.assertClose("step 1 gradient", expectedGrads, stages.gradients(), tol);
    stages.clipAndAdam();
    Compare.assertClose("step 1 parameter", expectedParams, stages.parameters(), tol);

    expected = model.forwardBackward(batch);
    expectedGrads = model.gradients();
    adam.step();
    actual = stages.step();
    assertResult("step 2", expected, actual, tol);
    Compare.assertClose("step 2 gradient", expectedGrads, stages.gradients(), tol);
    Compare.assertClose("step 2 parameter", model.parameters(), stages.parameters(), tol);
  }

  /**
   * The stages' own re-runs on prepared inputs: after {@code prepareFor(ENCODER_BACKWARD_DATA)},
   * backward data run twice with {@link StepStages#restoreBackwardDataInputs()} before each call,
   * then the rest of the backward pass, gives the gradients of one forwardBackward of
   * {@code model} (fresh, seeded as the stages were); so do the head and the weight gradients
   * when re-run after their own {@code prepareFor} (where the backend overwrites rather than adds
   * to the weight gradients, {@code weightsOverwrite}).
   */
  public static void assertPreparedStagesRerunOnTheSameInputs(Model model, StepStages stages,
      Batch batch, boolean weightsOverwrite, Tolerance tol) {
    model.setTraining(true);
    StepResult expected = model.forwardBackward(batch);
    Parameters expectedGrads = model.gradients();

    stages.prepareFor(Stage.ENCODER_BACKWARD_DATA);
    assertResult("after prepareFor", expected, stages.result(), tol);
    for (int i = 0; i < 2; i++) {
      stages.restoreBackwardDataInputs();
      stages.encoderBackwardData();
    }
    stages.encoderBackwardWeights();
    if (stages.includes(Stage.EMBEDDING_BACKWARD)) {
      stages.embeddingBackward();
    }
    Compare.assertClose("gradient after re-running backward data", expectedGrads,
        stages.gradients(), tol);

    stages.headAndLoss();
    stages.headAndLoss();
    assertResult("re-run head", expected, stages.result(), tol);
    if (weightsOverwrite) {
      // the head zeroed the gradients: the backward pass again, weights twice
      stages.restoreBackwardDataInputs();
      stages.encoderBackwardData();
      stages.encoderBackwardWeights();
      stages.encoderBackwardWeights();
      if (stages.includes(Stage.EMBEDDING_BACKWARD)) {
        stages.embeddingBackward();
        stages.embeddingBackward();
      }
      Compare.assertClose("gradient after re-running backward weights", expectedGrads,
          stages.gradients(), tol);
    }
  }

  private static void assertResult(String what, StepResult expected, StepResult actual,
      Tolerance tol) {
    Compare.assertClose(what + " loss", expected.loss(), actual.loss(), tol);
    assertEquals(expected.correct(), actual.correct(), what + " correct count");
    assertEquals(expected.size(), actual.size(), what + " size");
  }
}

package org.rnn4j.model;

import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;

/**
 * The training step of one backend split into its stages, for benchmarks and profiling: one model
 * (training mode, so dropout is on where the config has it), one fixed batch and one Adam
 * optimizer, with each stage callable on its own. The stages run the backend's own code for that
 * part of {@link Model#forwardBackward} and {@link Optimizer#step}, not a copy of it; run once each
 * in order ({@link #step()}) they compute the same loss, gradients and updated parameters as the
 * backend's model does for the same seed, batch and Adam settings (checked in the tests).
 *
 * <p>Every stage method returns when the stage's work is done: on a GPU each one ends with a
 * synchronize of the model's stream, so that timing a call times the work, not its launches.
 *
 * <p>Re-running a stage: a stage needs the outputs of the stages before it in the step (an
 * {@link IllegalStateException} says which are missing); {@link #prepareFor} produces them once.
 * After that a stage can be called again and again on the same inputs, with one exception:
 * {@link #encoderBackwardData()} overwrites the state of the forward pass it reads (the gate
 * activations on the CPU, cuDNN's reserve space on the GPU) with the gradients that
 * {@link #encoderBackwardWeights()} reads, so before each further call
 * {@link #restoreBackwardDataInputs()} must put back the copy that {@code prepareFor} took. Where
 * a backend accumulates a gradient (cuDNN's weight gradients, the GPU's embedding scatter-add),
 * a repeated call adds again: the same work, not the values of one step. Each call of
 * {@link #encoderForward()} draws fresh dropout masks, as each step does.
 *
 * <p>Not thread-safe. Close it to free the model (and, on a GPU, its device memory).
 */
public abstract class StepStages implements AutoCloseable {
  /** The stages of one training step, in the order a step runs them. */
  public enum Stage {
    /** Looking up the batch's embedding rows (on the CPU also packing the batch's positions). */
    EMBEDDING_FORWARD,
    /** The recurrent layers over the embedded batch, with the dropout between layers. */
    ENCODER_FORWARD,
    /**
     * Pooling, the linear head, mean softmax cross-entropy, and their backward down
     * to the gradient of the encoder's output; zeroes the gradients the later stages add into.
     */
    HEAD_AND_LOSS,
    /** The recurrent layers' backward pass to their input (through time, layers and dropout). */
    ENCODER_BACKWARD_DATA,
    /** The recurrent layers' weight and bias gradients from the pass above. */
    ENCODER_BACKWARD_WEIGHTS,
    /** The embedding gradient (a scatter-add); only where the embedding trains. */
    EMBEDDING_BACKWARD,
    /** Global-norm clipping (where the Adam settings ask for it) and the Adam update. */
    CLIP_AND_ADAM
  }

  private final ModelConfig config;
  private final EnumSet<Stage> ran = EnumSet.noneOf(Stage.class);

  protected StepStages(ModelConfig config) {
    this.config = config;
  }

  /** The backend's name, as {@link Backend#name()}. */
  public abstract String backend();

  public final ModelConfig config() {
    return config;
  }

  /** Whether {@code stage} is part of this model's step: all are but a frozen embedding's backward. */
  public final boolean includes(Stage stage) {
    return stage != Stage.EMBEDDING_BACKWARD || config.trainEmbedding();
  }

  /** The stages of this model's step, in order. */
  public final List<Stage> stages() {
    List<Stage> out = new ArrayList<>();
    for (Stage s : Stage.values()) {
      if (includes(s)) {
        out.add(s);
      }
    }
    return out;
  }

  /** Runs one stage; see the class comment for what it needs first. */
  public final void run(Stage stage) {
    if (!includes(stage)) {
      throw new IllegalStateException(stage + " is not part of this step: the embedding is frozen");
    }
    List<Stage> missing = new ArrayList<>();
    for (Stage s : Stage.values()) {
      if (s == stage) {
        break;
      }
      if (includes(s) && !ran.contains(s)) {
        missing.add(s);
      }
    }
    if (!missing.isEmpty()) {
      throw new IllegalStateException(stage + " needs the outputs of " + missing
          + " first: run them in order, or call prepareFor(" + stage + ")");
    }
    runStage(stage);
    ran.add(stage);
  }

  public final void embeddingForward() {
    run(Stage.EMBEDDING_FORWARD);
  }

  public final void encoderForward() {
    run(Stage.ENCODER_FORWARD);
  }

  public final void headAndLoss() {
    run(Stage.HEAD_AND_LOSS);
  }

  public final void encoderBackwardData() {
    run(Stage.ENCODER_BACKWARD_DATA);
  }

  public final void encoderBackwardWeights() {
    run(Stage.ENCODER_BACKWARD_WEIGHTS);
  }

  public final void embeddingBackward() {
    run(Stage.EMBEDDING_BACKWARD);
  }

  public final void clipAndAdam() {
    run(Stage.CLIP_AND_ADAM);
  }

  /**
   * One whole training step, stage by stage in order; returns the loss and correct count of its
   * {@link Stage#HEAD_AND_LOSS}.
   */
  public final StepResult step() {
    retrying(() -> {
      for (Stage s : stages()) {
        runStage(s);
        ran.add(s);
      }
    });
    return result();
  }

  /**
   * Gives {@code stage} its inputs: runs every stage before it once, in order, then {@code stage}
   * itself once (so that anything the backend settles on a first call, such as cuDNN refusing
   * an algorithm for this batch, is settled here and not in a timed call). For
   * {@link Stage#ENCODER_BACKWARD_DATA} it also keeps a copy of the state that stage overwrites
   * and puts it back at the end; see {@link #restoreBackwardDataInputs()}.
   */
  public final void prepareFor(Stage stage) {
    if (!includes(stage)) {
      throw new IllegalStateException(stage + " is not part of this step: the embedding is frozen");
    }
    retrying(() -> {
      ran.clear();
      for (Stage s : Stage.values()) {
        if (s == stage) {
          break;
        }
        if (includes(s)) {
          run(s);
        }
      }
      if (stage == Stage.ENCODER_BACKWARD_DATA) {
        saveBackwardDataInputs();
      }
      run(stage);
      if (stage == Stage.ENCODER_BACKWARD_DATA) {
        restoreBackwardDataInputs();
      }
    });
  }

  /**
   * Puts back the forward pass's state that {@link #encoderBackwardData()} overwrites, as the
   * last {@link #prepareFor prepareFor(ENCODER_BACKWARD_DATA)} found it, so that the next call
   * runs on the same inputs again. Not part of any stage (untimed in the benchmarks).
   */
  public final void restoreBackwardDataInputs() {
    if (!hasBackwardDataCopy()) {
      throw new IllegalStateException("no copy of the backward pass's inputs to restore: call"
          + " prepareFor(ENCODER_BACKWARD_DATA) first");
    }
    restoreBackwardDataCopy();
  }

  /** The loss and correct count of the last {@link Stage#HEAD_AND_LOSS} (on a GPU, a copy). */
  public abstract StepResult result();

  /** The trainable tensors' gradients now (host copies, as {@link Model#gradients()}). */
  public abstract Parameters gradients();

  /** Every parameter tensor now (host copies, as {@link Model#parameters()}). */
  public abstract Parameters parameters();

  /** Frees the model and what the stages hold. */
  @Override
  public abstract void close();

  /** Runs one stage; its predecessors have run. */
  protected abstract void runStage(Stage stage);

  /** Copies aside the state {@link Stage#ENCODER_BACKWARD_DATA} overwrites. */
  protected abstract void saveBackwardDataInputs();

  /** Whether {@link #saveBackwardDataInputs()} holds a copy for the current batch layout. */
  protected abstract boolean hasBackwardDataCopy();

  /** Writes the copy back. */
  protected abstract void restoreBackwardDataCopy();

  /**
   * Called when running stages failed with {@code e}; returns true when the backend has adapted
   * (e.g. switched algorithm) and the stages from the first one on should be run again.
   */
  protected boolean recoverFrom(RuntimeException e) {
    return false;
  }

  private void retrying(Runnable work) {
    try {
      work.run();
    } catch (RuntimeException e) {
      if (!recoverFrom(e)) {
        throw e;
      }
      ran.clear();
      work.run();
    }
  }
}

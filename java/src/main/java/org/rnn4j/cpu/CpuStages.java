package org.rnn4j.cpu;

import org.rnn4j.model.Batch;
import org.rnn4j.model.AdamConfig;
import org.rnn4j.model.Initializer;
import org.rnn4j.model.ModelConfig;
import org.rnn4j.model.Optimizer;
import org.rnn4j.model.ParameterLayout;
import org.rnn4j.model.Parameters;
import org.rnn4j.model.StepResult;
import org.rnn4j.model.StepStages;

/**
 * The {@code cpu} backend's training step split into its stages, for benchmarks and profiling:
 * a {@link CpuModel} (weights and dropout seeded as {@link CpuBackend#create} seeds them, training
 * mode), one batch and a {@link CpuAdam}, with each stage of {@link CpuModel#forwardBackward} and
 * of the optimizer's step callable on its own. {@code forwardBackward} is itself these stages run
 * in order, so the split is the real step by construction (and the tests check it).
 *
 * <p>What each stage covers here: {@link Stage#EMBEDDING_FORWARD} packs the batch (sorts it by length)
 * and copies its embedding rows; {@link Stage#ENCODER_FORWARD} draws the dropout masks, copies
 * each layer's weights from the flat PyTorch layout into working form (Adam changes them every
 * step) and runs the layers; {@link Stage#HEAD_AND_LOSS} runs pooling, the decoder, the loss and
 * their backward steps down to the gradient of the encoder's output; {@link Stage#CLIP_AND_ADAM}
 * is {@link CpuAdam#step()}.
 * {@link Stage#ENCODER_BACKWARD_DATA} overwrites the gate activations of the forward pass with
 * their gradients; {@link #prepareFor} keeps a copy of them for
 * {@link #restoreBackwardDataInputs()} (about {@code 16*N*H*L*D} bytes, N the batch's tokens).
 */
public final class CpuStages extends StepStages {
  private final CpuModel model;
  private final Batch batch;
  private final Optimizer adam;
  private StepResult result;
  private boolean saved;

  /**
   * @param config  the model's shape
   * @param seed    seeds the weights and the dropout stream, as {@link CpuBackend#create} does
   * @param threads threads working on one stage, the caller included (at least 1)
   * @param batch   the batch every stage runs on (labels required)
   * @param adam    the optimizer's settings
   */
  public CpuStages(ModelConfig config, long seed, int threads, Batch batch, AdamConfig adam) {
    super(config);
    this.model = new CpuModel(config, Initializer.pytorchDefault(ParameterLayout.of(config), seed),
        seed, threads);
    try {
      model.checkBatch(batch, true);
      model.setTraining(true);
      this.batch = batch;
      this.adam = model.newOptimizer(adam);
    } catch (RuntimeException e) {
      model.close();
      throw e;
    }
  }

  @Override
  public String backend() {
    return "cpu";
  }

  /** Threads working on one stage. */
  public int threads() {
    return model.threads();
  }

  @Override
  protected void runStage(Stage stage) {
    switch (stage) {
      case EMBEDDING_FORWARD -> {
        model.embeddingForward(batch);
        saved = false; // a new forward pass follows: an older copy no longer matches it
      }
      case ENCODER_FORWARD -> {
        model.encoderForward(batch);
        saved = false;
      }
      case HEAD_AND_LOSS -> {
        model.poolForward();
        model.decoderForward();
        result = model.softmaxCrossEntropy(batch);
        model.decoderBackward();
        model.poolBackward();
      }
      case ENCODER_BACKWARD_DATA -> model.encoderBackwardData();
      case ENCODER_BACKWARD_WEIGHTS -> {
        model.encoderBackwardWeights();
        if (!config().trainEmbedding()) {
          model.gradientsWritten();
        }
      }
      case EMBEDDING_BACKWARD -> {
        model.embeddingBackward(batch);
        model.gradientsWritten();
      }
      case CLIP_AND_ADAM -> adam.step();
      default -> throw new IllegalArgumentException("unknown stage " + stage);
    }
  }

  @Override
  protected void saveBackwardDataInputs() {
    model.saveBackwardDataInputs();
    saved = true;
  }

  @Override
  protected boolean hasBackwardDataCopy() {
    return saved;
  }

  @Override
  protected void restoreBackwardDataCopy() {
    model.restoreBackwardDataInputs();
  }

  @Override
  public StepResult result() {
    if (result == null) {
      throw new IllegalStateException("no result yet: run HEAD_AND_LOSS first");
    }
    return result;
  }

  @Override
  public Parameters gradients() {
    return model.gradients();
  }

  @Override
  public Parameters parameters() {
    return model.parameters();
  }

  @Override
  public void close() {
    try {
      adam.close();
    } finally {
      model.close();
    }
  }
}

/*
 * Dimension key: B batch, T padded length, C classes.
 */
package org.rnn4j.model;


/**
 * The backend-neutral recurrent classifier (see {@link ModelConfig} for the function it computes).
 * Every backend ({@code cpu}, {@code cudnn}) implements exactly this contract, and one contract
 * test suite runs against each.
 *
 * <p>A model owns its parameters, their gradients and any native state; it is not thread-safe.
 * After {@link #close()} every other method throws IllegalStateException; closing twice is harmless.
 */
public interface Model extends AutoCloseable {
  ModelConfig config();

  ParameterLayout layout();

  /** The backend's short name: {@code cpu} or {@code cudnn}. */
  String backend();

  /** Training mode applies dropout between layers; evaluation mode (the default) does not. */
  void setTraining(boolean training);

  boolean isTraining();

  /**
   * Restarts the random stream of the dropout masks from {@code seed}. The trainer calls this at
   * the start of every epoch with a seed derived from (run seed, epoch), so that a run resumed from
   * a checkpoint draws the same masks as an uninterrupted one without replaying earlier epochs.
   * Every backend with dropout randomness must honour it for exact resumption.
   */
  void reseedDropout(long seed);

  /** Forward pass in the current mode: logits {@code [B, C]}, row-major. */
  float[] logits(Batch batch);

  /**
   * Forward and backward pass in the current mode on a labelled batch: the mean cross-entropy,
   * the correct count, and the gradients of every trainable tensor (overwritten, not accumulated).
   */
  StepResult forwardBackward(Batch batch);

  /** A copy of every parameter tensor, frozen ones included, in state_dict order. */
  Parameters parameters();

  /** Replaces every parameter tensor; names and shapes must match {@link #layout()} exactly. */
  void setParameters(Parameters parameters);

  /** A copy of the gradients from the last {@link #forwardBackward}, trainable tensors only. */
  Parameters gradients();

  /** A new Adam optimizer over this model's trainable parameters, with zero moments. */
  Optimizer newOptimizer(AdamConfig config);

  @Override
  void close();
}

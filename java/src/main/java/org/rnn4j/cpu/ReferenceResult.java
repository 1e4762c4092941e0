/*
 * Dimension key: B batch, C classes.
 */
package org.rnn4j.cpu;

import java.util.Map;

/**
 * What {@link ReferenceRnn#evaluate} computes, in double precision.
 *
 * @param logits    {@code [B, C]} row-major, in batch order
 * @param loss      mean softmax cross-entropy over the batch (NaN for an unlabelled batch)
 * @param correct   samples whose arg-max logit (lowest index on ties) equals the label
 * @param gradients gradient of {@code loss} for every trainable tensor, by state_dict name, in the
 *                  PyTorch layout; empty when gradients were not requested
 * @param maxSteps  for max pooling, {@code maxSteps[b][j]}: the step whose output sample b's
 *                  unit j took its maximum from (null entries for other poolings)
 * @param reluActive for the ReLU RNN, {@code reluActive[b]}: whether each hidden unit's
 *                  pre-activation is positive, over every layer, direction and step of sample b
 *                  (null entries for other cells). The loss is smooth only while this and
 *                  {@code maxSteps} stay the same, which finite-difference checks need to know
 */
public record ReferenceResult(double[] logits, double loss, int correct,
    Map<String, double[]> gradients, int[][] maxSteps, boolean[][] reluActive) {}

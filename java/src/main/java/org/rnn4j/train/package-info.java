/**
 * Training: the {@link org.rnn4j.train.Trainer} loop (seeded per epoch, resumable bit for bit),
 * progress events, metrics ({@link org.rnn4j.train.Evaluation},
 * {@link org.rnn4j.train.MetricsAccumulator}, {@link org.rnn4j.train.Evaluator}), and the
 * run's resumable state: {@link org.rnn4j.train.Checkpoint} (weights, Adam state, vocabulary and
 * trainer state in one directory, saved crash-safely with the file formats of
 * {@code org.rnn4j.store}).
 */
package org.rnn4j.train;

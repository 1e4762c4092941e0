/**
 * Training: the {@link org.rnn4j.train.Trainer} loop (seeded per epoch, resumable bit for bit),
 * metrics ({@link org.rnn4j.train.Evaluation}, {@link org.rnn4j.train.MetricsAccumulator},
 * {@link org.rnn4j.train.Evaluator}), and saved state: {@link org.rnn4j.train.ModelFile} (weights
 * PyTorch loads directly) and {@link org.rnn4j.train.Checkpoint} (weights, Adam state, vocabulary
 * and trainer state in one directory, saved crash-safely).
 */
package org.rnn4j.train;

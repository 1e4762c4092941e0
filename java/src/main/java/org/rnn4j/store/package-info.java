/**
 * What rnn4j writes to disk and reads back, apart from a training run's own state: the
 * safetensors container ({@link org.rnn4j.store.SafeTensors}, which
 * {@code safetensors.torch.load_file} reads), one model file
 * ({@link org.rnn4j.store.ModelFile}: PyTorch-named weights with the config, vocabulary,
 * tokenizer and labels in its metadata), the vocabulary file
 * ({@link org.rnn4j.store.VocabularyFile}), the strict JSON form of settings records
 * ({@link org.rnn4j.store.RecordJson}), the checks that saved files fit what a caller has
 * ({@link org.rnn4j.store.Compatibility}), and {@link org.rnn4j.store.AtomicFiles}, which
 * replaces files so that a crash never leaves a half-written one.
 *
 * <p>Why here: {@code infer} loads models without the training loop, and {@code train} saves
 * them; both depend on this package, which depends only on {@code model} and {@code data}. A
 * checkpoint is the trainer's resumable state (its trainer state, history and Adam moments are
 * {@code train}'s types), so {@link org.rnn4j.train.Checkpoint} lives in {@code train} and writes
 * its files with the formats defined here.
 */
package org.rnn4j.store;

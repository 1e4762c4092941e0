/**
 * The {@code ImdbBiLstm} command-line program: trains, evaluates, saves and resumes the IMDB
 * bidirectional LSTM classifier with rnn4j, predicts with a saved model, and writes plots and
 * metrics. Run it through the launcher {@code examples/ImdbBiLstm}; {@link
 * org.rnn4j.examples.ImdbBiLstm#execute(String...)} is the in-process entry point for tests.
 */
package org.rnn4j.examples;

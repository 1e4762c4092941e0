/**
 * Using a trained model: {@link org.rnn4j.infer.SavedModel}, one file holding the weights and
 * everything that reads text for them (vocabulary, tokenizer rules, token limit, class names),
 * and {@link org.rnn4j.infer.Classifier}, which classifies raw text with it, safely from many
 * threads.
 */
package org.rnn4j.infer;

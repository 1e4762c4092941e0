/** Data: the IMDB archive/folder reader, tokenizer, vocabulary, GloVe vectors, encoding and batching. */
package org.rnn4j.data;

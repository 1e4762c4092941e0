/**
 * Data: the IMDB archive/folder reader, tokenizer, vocabulary, GloVe vectors, encoding and
 * batching.
 *
 * <p>The one-call entry point is {@link org.rnn4j.data.ImdbData#load}, with
 * {@link org.rnn4j.data.DatasetLocator} to find (or download) the archive and
 * {@link org.rnn4j.data.DatasetStats} to report on the result; for one's own texts and labels,
 * {@link org.rnn4j.data.TextDataset#build} from {@link org.rnn4j.data.LabelledTexts} gives the
 * same shape. Both take {@link org.rnn4j.data.LoadOptions}, whose train and test limits keep
 * balanced seeded subsets ({@link org.rnn4j.data.Subsets}). The pieces are usable alone:
 * {@link org.rnn4j.data.ImdbReader}, {@link org.rnn4j.data.Tokenizer},
 * {@link org.rnn4j.data.Vocabulary}, {@link org.rnn4j.data.TextEncoder},
 * {@link org.rnn4j.data.GloveVectors}, {@link org.rnn4j.data.Batcher}.
 *
 * <p>Errors: bad data files (missing, wrong layout, truncated, corrupt, malformed lines) throw
 * the checked {@link org.rnn4j.data.DataFileException} (an {@link java.io.IOException}) naming
 * the file and the entry or line; failed downloads throw
 * {@link org.rnn4j.data.DownloadException} with a one-sentence message; caller mistakes (a
 * {@code maxLen} below 1, a label out of range, ...) throw
 * {@link java.lang.IllegalArgumentException} naming the value; a limit larger than the data throws
 * its subclass {@link org.rnn4j.data.SubsetException}.
 *
 * <p>Threads: results (datasets, vocabularies, vectors, encoded splits) are immutable and can
 * be shared; {@link org.rnn4j.data.Tokenizer} and {@link org.rnn4j.data.TextEncoder} keep
 * buffers and belong to one thread each.
 */
package org.rnn4j.data;

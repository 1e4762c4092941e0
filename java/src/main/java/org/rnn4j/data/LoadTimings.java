package org.rnn4j.data;

/**
 * Where {@link ImdbData#load} spent its time, in seconds.
 *
 * @param readSeconds   reading the archive or folder and tokenizing (overlapped on two threads)
 * @param vocabSeconds  counting training words and building the vocabulary
 * @param encodeSeconds mapping tokens to ids and truncating
 * @param gloveSeconds  reading GloVe and building the embedding matrix (0 without GloVe)
 * @param totalSeconds  the whole load
 */
public record LoadTimings(double readSeconds, double vocabSeconds, double encodeSeconds,
    double gloveSeconds, double totalSeconds) {
}

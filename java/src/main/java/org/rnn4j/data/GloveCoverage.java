package org.rnn4j.data;

/**
 * How much of a vocabulary pretrained vectors cover.
 *
 * @param vocabWords    vocabulary words, the two specials excluded
 * @param coveredWords  of those, words with a vector
 * @param tokens        corpus tokens counted (including those mapped to {@code <unk>})
 * @param coveredTokens of those, tokens whose vocabulary word has a vector
 */
public record GloveCoverage(int vocabWords, int coveredWords, long tokens, long coveredTokens) {

  /** Share of vocabulary words with a vector, in [0, 1] (0 for an empty vocabulary). */
  public double vocabShare() {
    return vocabWords == 0 ? 0 : (double) coveredWords / vocabWords;
  }

  /** Share of corpus tokens whose word has a vector, in [0, 1] (0 for no tokens). */
  public double tokenShare() {
    return tokens == 0 ? 0 : (double) coveredTokens / tokens;
  }
}

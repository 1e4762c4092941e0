package org.rnn4j.data;

/**
 * How much of the data {@link ImdbData#load} found and how much it processed: with limits, the
 * reviews not chosen are skipped before decoding and tokenizing (see {@link ImdbData}).
 *
 * @param trainFound labelled training reviews the archive or folder holds
 * @param testFound  labelled test reviews it holds
 * @param tokenized  reviews decoded from UTF-8 and tokenized; all found ones without limits
 */
public record LoadCounts(int trainFound, int testFound, int tokenized) {
}

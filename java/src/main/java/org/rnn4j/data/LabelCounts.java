package org.rnn4j.data;

/**
 * Reviews per label in one split.
 *
 * @param pos positive reviews
 * @param neg negative reviews
 */
public record LabelCounts(int pos, int neg) {
}

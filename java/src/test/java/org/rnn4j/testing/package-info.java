/**
 * Backend-neutral test helpers: random and transformed batches, tolerance comparisons that report
 * the first mismatches, and a small real model ({@link org.rnn4j.testing.LogisticBagModel}) with its
 * Adam and synthetic data for training-loop tests.
 */
package org.rnn4j.testing;

/**
 * Backend-neutral test helpers: random and transformed batches, tolerance comparisons that report
 * the first mismatches, small real models ({@link org.rnn4j.testing.TinyModels}, the {@code cpu} backend's) and
 * synthetic data for training-loop tests.
 */
package org.rnn4j.testing;

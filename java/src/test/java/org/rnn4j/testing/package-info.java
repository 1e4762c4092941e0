/** Backend-neutral test helpers: random and transformed batches, tolerance comparisons that report the first mismatches. */
package org.rnn4j.testing;

/** Test doubles: a small real model ({@link org.rnn4j.testing.LogisticBagModel}) with its Adam, and synthetic data. */
package org.rnn4j.testing;

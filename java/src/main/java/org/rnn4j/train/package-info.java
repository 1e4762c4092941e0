/** Training: the trainer loop, metrics, checkpoints. */
package org.rnn4j.train;

/** JMH benchmarks of rnn4j: data loading, CPU and GPU training steps. */
package org.rnn4j.bench;

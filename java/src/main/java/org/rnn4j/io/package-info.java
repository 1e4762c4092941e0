/**
 * Weights on disk: {@link org.rnn4j.io.SafeTensors}, the safetensors format that
 * {@code safetensors.torch.load_file} reads, and {@link org.rnn4j.io.AtomicFiles}, which replaces
 * files so that a crash never leaves a half-written one.
 */
package org.rnn4j.io;

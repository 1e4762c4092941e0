/** Weights on disk: safetensors, readable by {@code safetensors.torch.load_file}. */
package org.rnn4j.io;

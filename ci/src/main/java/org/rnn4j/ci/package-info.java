/**
 * The Java half of the GPU check ({@code ci/gpu-check.sh}): {@code GpuCheck} probes the cudnn
 * backend and writes the PyTorch parity inputs; {@code GloveSubset} cuts the GloVe vectors down
 * to the IMDB vocabulary for {@code ci/gpu-prepare.sh}.
 */
package org.rnn4j.ci;

/** The GPU backend: thin layers over the CUDA runtime and driver API, cuDNN's RNN v8 API and cuBLAS (JavaCPP presets), our own kernels, and the cuDNN model. */
package org.rnn4j.cuda;

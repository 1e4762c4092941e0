/**
 * The GPU backend: cuDNN's RNN v8 API, cuBLAS and rnn4j's own kernels (JavaCPP presets), one
 * model per GPU.
 *
 * <h2>Entry points</h2>
 *
 * <ul>
 *   <li>{@link org.rnn4j.cuda.CudnnBackend}: the {@code cudnn} backend ({@link org.rnn4j.Backends}
 *       picks it by name); says why it cannot run where no GPU or library is usable, and creates
 *       models.
 *   <li>{@link org.rnn4j.cuda.CudnnOptions}: device, {@link org.rnn4j.cuda.RnnAlgo},
 *       {@link org.rnn4j.cuda.MathMode}, {@link org.rnn4j.cuda.DataLayout}, CUDA graphs, debug
 *       sync; none changes the function the model computes.
 *   <li>{@link org.rnn4j.cuda.CudnnModel}: the model, with a few diagnostics for benchmarks
 *       (describe, graph status, device memory, step buffer bytes).
 *   <li>{@link org.rnn4j.cuda.CudnnStages}: the training step in the timing stages of
 *       {@link org.rnn4j.model.StepStages}, each running the model's own step methods (the last
 *       one the optimizer's step).
 * </ul>
 *
 * <h2>A training step</h2>
 *
 * <p>The host sizes the buffers, describes the batch to cuDNN and uploads ids, lengths and labels
 * (HostStaging); then {@code CudnnModel} queues on one stream, under the names the CPU model's
 * steps have:
 *
 * <ol>
 *   <li>embeddingForward: kernel {@code embedding_forward} (Kernels).
 *   <li>encoderForward: {@code cudnnRNNForward} (Encoder).
 *   <li>poolForward: kernel {@code pool_forward}.
 *   <li>decoderForward: the logits GEMM, without the bias (Decoder, cuBLAS).
 *   <li>softmaxCrossEntropy: zeroes the flat gradient buffer, then kernel {@code softmax_xent}
 *       (the decoder's bias, loss, correct count, dlogits, the bias gradient).
 *   <li>decoderBackward: the weight-gradient and input-gradient GEMMs (Decoder).
 *   <li>poolBackward: kernel {@code pool_backward}.
 *   <li>encoderBackwardData: {@code cudnnRNNBackwardData_v8} (Encoder).
 *   <li>encoderBackwardWeights: {@code cudnnRNNBackwardWeights_v8} (Encoder).
 *   <li>embeddingBackward: kernel {@code embedding_backward}, where the embedding trains.
 * </ol>
 *
 * <p>The loss and correct count come back asynchronously (PendingStep); an equal-length batch's
 * step may run as a CUDA graph (StepGraphs). The optimizer's step (FusedAdam) is kernels
 * {@code sum_squares_partial} and {@code clip_scale} where clipping is on, then
 * {@code adam_step}, over the flat buffers of DeviceParameters. Logits alone run steps 1 to 4,
 * then kernel {@code add_bias_rows}.
 *
 * <h2>Layers</h2>
 *
 * <ol>
 *   <li>{@link org.rnn4j.cuda.runtime}: the CUDA runtime wrappers (device, memory, streams,
 *       events, kernel module, status checks, Closer); it knows nothing of this package.
 *   <li>Handles and descriptors: CudnnHandle, CublasHandle, RnnDescriptor, RnnDataDescriptor,
 *       TensorDescriptor, DropoutDescriptor, BatchDescriptors; WeightLayout (where cuDNN keeps
 *       each PyTorch tensor) and PersistShapes (where the persistent algorithm is refused).
 *   <li>Operations: Encoder (the LSTM, GRU or RNN on cuDNN), Decoder (the linear layer on cuBLAS), Kernels
 *       (typed launches of {@code native/*.cu}), FusedAdam (the optimizer).
 *   <li>The model: CudnnModel with its device state (DeviceParameters, StepBuffers, HostStaging,
 *       StepGraphs) and CudnnStages.
 * </ol>
 */
package org.rnn4j.cuda;

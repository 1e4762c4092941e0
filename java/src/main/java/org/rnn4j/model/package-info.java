/**
 * The backend-neutral model: its config ({@link org.rnn4j.model.ModelConfig}), the
 * PyTorch-compatible parameter layout ({@link org.rnn4j.model.ParameterLayout}), initialisation,
 * the input {@link org.rnn4j.model.Batch}, and the {@link org.rnn4j.model.Model},
 * {@link org.rnn4j.model.Optimizer} and {@link org.rnn4j.model.Backend} interfaces. This package
 * depends on no other rnn4j package (enforced by {@code ArchitectureTest}).
 *
 * <h2>The training step, named once</h2>
 *
 * <p>Both backends run {@link org.rnn4j.model.Model#forwardBackward} as the same sequence of
 * named steps, one method each, in this order; {@code CpuModel.forwardBackward} and
 * {@code CudnnModel}'s device step read side by side. The last column is the
 * {@link org.rnn4j.model.StepStages.Stage} that times the step.
 *
 * <table>
 *   <caption>The steps of a training step, with their CPU and GPU twins</caption>
 *   <tr><th>step</th><th>computes</th><th>CPU ({@code org.rnn4j.cpu})</th>
 *       <th>GPU ({@code org.rnn4j.cuda})</th><th>kernel or library call</th><th>stage</th></tr>
 *   <tr><td>embedding forward</td><td>{@code x = embedding[ids]} (times the embedding-dropout factors)</td>
 *       <td>{@code CpuModel.embeddingForward} (also packs the batch)</td>
 *       <td>{@code CudnnModel.embeddingForward}</td><td>{@code embedding_forward}</td>
 *       <td>EMBEDDING_FORWARD</td></tr>
 *   <tr><td>encoder forward</td><td>{@code y} = (bi)LSTM, GRU or RNN layers, dropout between them</td>
 *       <td>{@code CpuModel.encoderForward}: {@code CpuEncoder.forward}</td>
 *       <td>{@code CudnnModel.encoderForward}: {@code Encoder.forward}</td>
 *       <td>{@code cudnnRNNForward}</td><td>ENCODER_FORWARD</td></tr>
 *   <tr><td>pool forward</td><td>{@code feat} = first/last, max, mean or max+mean over the real steps</td>
 *       <td>{@code CpuModel.poolForward}</td><td>{@code CudnnModel.poolForward}</td>
 *       <td>{@code pool_forward}</td><td rowspan="5">HEAD_AND_LOSS</td></tr>
 *   <tr><td>decoder forward</td><td>{@code logits = feat Wᵀ + b}</td>
 *       <td>{@code CpuModel.decoderForward}: {@code CpuDecoder.forward}</td>
 *       <td>{@code CudnnModel.decoderForward}: {@code Decoder.forward}</td>
 *       <td>cuBLAS GEMM (the bias is added by {@code softmax_xent})</td></tr>
 *   <tr><td>softmax cross-entropy</td><td>loss, correct count, {@code dlogits}</td>
 *       <td>{@code CpuModel.softmaxCrossEntropy}</td>
 *       <td>{@code CudnnModel.softmaxCrossEntropy} (zeroes the gradient buffer first)</td>
 *       <td>{@code softmax_xent} (also {@code d bias})</td></tr>
 *   <tr><td>decoder backward</td><td>{@code dW}, {@code db}, {@code dfeat}</td>
 *       <td>{@code CpuModel.decoderBackward}: {@code CpuDecoder.backward}</td>
 *       <td>{@code CudnnModel.decoderBackward}: {@code Decoder.backward}</td>
 *       <td>two cuBLAS GEMMs</td></tr>
 *   <tr><td>pool backward</td><td>{@code dy}: {@code dfeat} at steps 0 and len-1, 0 elsewhere</td>
 *       <td>{@code CpuModel.poolBackward}</td><td>{@code CudnnModel.poolBackward}</td>
 *       <td>{@code pool_backward}</td></tr>
 *   <tr><td>encoder backward data</td><td>{@code dx} from {@code dy}</td>
 *       <td>{@code CpuModel.encoderBackwardData}: {@code CpuEncoder.backwardData}</td>
 *       <td>{@code CudnnModel.encoderBackwardData}: {@code Encoder.backwardData}</td>
 *       <td>{@code cudnnRNNBackwardData_v8}</td><td>ENCODER_BACKWARD_DATA</td></tr>
 *   <tr><td>encoder backward weights</td><td>recurrent weight and bias gradients</td>
 *       <td>{@code CpuModel.encoderBackwardWeights}: {@code CpuEncoder.backwardWeights}</td>
 *       <td>{@code CudnnModel.encoderBackwardWeights}: {@code Encoder.backwardWeights}</td>
 *       <td>{@code cudnnRNNBackwardWeights_v8}</td><td>ENCODER_BACKWARD_WEIGHTS</td></tr>
 *   <tr><td>embedding backward</td><td>scatter-add of {@code dx} (trainable embedding only)</td>
 *       <td>{@code CpuModel.embeddingBackward}</td><td>{@code CudnnModel.embeddingBackward}</td>
 *       <td>{@code embedding_backward}</td><td>EMBEDDING_BACKWARD</td></tr>
 *   <tr><td>Adam</td><td>global-norm clipping (optional), the Adam update</td>
 *       <td>{@code CpuAdam.step}</td><td>{@code FusedAdam.step}</td>
 *       <td>{@code sum_squares_partial}, {@code clip_scale}, {@code adam_step}</td>
 *       <td>CLIP_AND_ADAM</td></tr>
 * </table>
 *
 * <p>Inference ({@link org.rnn4j.model.Model#logits}) runs the first four steps; the GPU adds the
 * decoder bias there with {@code add_bias_rows}. {@code ReferenceModel}, the double-precision
 * specification, computes the same function with plain loops and is not split into these steps.
 */
package org.rnn4j.model;

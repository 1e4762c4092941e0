/*
 * Dimension key: B batch, T padded length, N packed rows (real positions), E embedding,
 * H hidden, L layers, D directions; DH = D*H.
 */
package org.rnn4j.cpu;

import static org.rnn4j.model.ParameterLayout.biasHh;
import static org.rnn4j.model.ParameterLayout.biasIh;
import static org.rnn4j.model.ParameterLayout.weightHh;
import static org.rnn4j.model.ParameterLayout.weightIh;

import org.rnn4j.model.ModelConfig;
import org.rnn4j.model.ParamSpec;
import org.rnn4j.model.Parameters;
import org.rnn4j.model.Tensor;

/**
 * Test bridge: {@link CpuModel}'s {@link CpuEncoder} (p = 0) on padded batch-major tensors, so
 * that a GPU test can hold cuDNN's encoder alone against it: {@code y} from {@code x}, then {@code dx} and every LSTM weight
 * gradient from a given {@code dy}. Zero initial states, as in the model.
 */
public final class CpuEncoderTwin implements AutoCloseable {
  /** A backward pass's {@code dx [B, T, E]} (0 at padding) and LSTM weight gradients by name. */
  public record Gradients(float[] dx, Parameters weights) {}

  private final ModelConfig config;
  private final HostParameters target;
  private final CpuEncoder encoder;
  private final WorkerPool pool;
  private PackedBatch packed;
  private int maxLen;
  private boolean ran;

  /** @param weights the model's tensors by name (only the encoder's are read); copied */
  public CpuEncoderTwin(ModelConfig config, Parameters weights, int threads) {
    this.config = config;
    this.target = CpuAdamTest.store(config);
    for (ParamSpec s : target.layout().specs()) {
      float[] src = weights.get(s.name()).data();
      System.arraycopy(src, 0, target.parameter(s.name()), 0, s.size());
    }
    encoder = new CpuEncoder(config);
    pool = new WorkerPool(threads);
  }

  /** The encoder's output {@code y [B, T, DH]} (0 at padding) for {@code x [B, T, E]}. */
  public float[] forward(float[] x, int[] lengths, int maxLen) {
    this.packed = CpuPieces.packing(lengths, maxLen, null);
    this.maxLen = maxLen;
    float[][] rows = CpuPieces.pack(packed, x, maxLen, config.embedSize());
    rows = encoder.forward(packed, rows, null, target, pool, true);
    ran = true;
    return CpuPieces.unpack(packed, rows, maxLen, config.outputSize());
  }

  /** Backpropagates {@code dy [B, T, DH]} (read at real positions only) through the last forward. */
  public Gradients backward(float[] dy) {
    if (!ran) {
      throw new IllegalStateException("backward needs a forward first (and one backward per forward)");
    }
    float[][] d = CpuPieces.pack(packed, dy, maxLen, config.outputSize());
    d = encoder.backwardData(packed, d, true, pool); // as CpuModel's steps: data, then weights
    encoder.backwardWeights(packed, target, pool);
    ran = false; // the backward pass overwrote the activations the layers kept
    Parameters grads = new Parameters();
    for (int l = 0; l < config.layers(); l++) {
      for (int dir = 0; dir < config.directions(); dir++) {
        boolean rev = dir == 1;
        for (String name : new String[] {weightIh(l, rev), weightHh(l, rev), biasIh(l, rev),
            biasHh(l, rev)}) {
          grads.put(name, Tensor.of(target.layout().spec(name).shape(), target.gradient(name)));
        }
      }
    }
    return new Gradients(CpuPieces.unpack(packed, d, maxLen, config.embedSize()), grads);
  }

  @Override
  public void close() {
    pool.close();
    encoder.release();
  }
}

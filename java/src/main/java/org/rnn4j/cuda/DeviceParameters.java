/*
 * Dimension key: V vocabulary, E embedding, C classes, F = 2*D*H pooled features,
 * W = floats in cuDNN's weight space.
 */
package org.rnn4j.cuda;

import org.rnn4j.cuda.runtime.Closer;
import org.rnn4j.cuda.runtime.CudaStream;
import org.rnn4j.cuda.runtime.DeviceBuffer;
import org.rnn4j.cuda.runtime.DevicePointer;
import org.rnn4j.cuda.runtime.Transfers;
import org.rnn4j.model.ModelConfig;
import org.rnn4j.model.ParamSpec;
import org.rnn4j.model.ParameterLayout;
import org.rnn4j.model.Parameters;
import org.rnn4j.model.Tensor;

/**
 * The model's parameters on the device. Every trainable tensor lives in ONE flat buffer, and its
 * gradient at the same offset of a second buffer of the same size, so that clipping and Adam are
 * a single pass over one buffer:
 *
 * <pre>
 * [0, W)                cuDNN's weight space (recurrent matrices and biases, layout from WeightLayout)
 * [decW, decW + C*F)    decoder.weight [C, F]
 * [decB, decB + C)      decoder.bias [C]
 * [emb, emb + V*E)      embedding.weight [V, E], only when it trains
 * </pre>
 *
 * Each region starts on a 256-byte boundary; the gaps stay zero in both buffers. A frozen
 * embedding lives in a buffer of its own that nothing writes to.
 */
final class DeviceParameters implements AutoCloseable {
  private static final int ALIGN_FLOATS = 64;

  private final ModelConfig config;
  private final ParameterLayout layout;
  private final WeightLayout weights;
  private final long decoderWeight;
  private final long decoderBias;
  private final long embedding;
  private final long total;
  private final Closer closer = new Closer();
  private final DeviceBuffer params;
  private final DeviceBuffer grads;
  private final DeviceBuffer frozenEmbedding;

  DeviceParameters(ModelConfig config, CudnnHandle cudnn, RnnDescriptor rnn, CudaStream stream) {
    this.config = config;
    this.layout = ParameterLayout.of(config);
    long w = rnn.weightSpaceBytes() / Float.BYTES;
    this.decoderWeight = align(w);
    this.decoderBias = align(decoderWeight + (long) config.classes() * config.featureSize());
    long end = align(decoderBias + config.classes());
    this.embedding = config.trainEmbedding() ? end : -1;
    this.total = config.trainEmbedding() ? end + (long) config.vocabSize() * config.embedSize() : end;
    if (total > Integer.MAX_VALUE) {
      throw new IllegalArgumentException("model too large for one host image: " + total + " floats");
    }
    try {
      String hint = "parameters of " + layout.totalSize() + " floats";
      this.params = closer.register(DeviceBuffer.allocate("parameters", total * 4, hint));
      this.grads = closer.register(DeviceBuffer.allocate("gradients", total * 4, hint));
      long embBytes = (long) config.vocabSize() * config.embedSize() * 4;
      this.frozenEmbedding = config.trainEmbedding() ? null
          : closer.register(DeviceBuffer.allocate("frozen embedding", embBytes, hint));
      params.zeroAsync(stream, 0, params.bytes());
      grads.zeroAsync(stream, 0, grads.bytes());
      this.weights = WeightLayout.query(cudnn, rnn, params.slice(0, rnn.weightSpaceBytes()), config);
    } catch (RuntimeException e) {
      throw closer.closeAfter(e);
    }
  }

  private static long align(long floats) {
    return (floats + ALIGN_FLOATS - 1) / ALIGN_FLOATS * ALIGN_FLOATS;
  }

  /** Number of floats in the flat trainable buffer (and in each Adam moment). */
  long flatFloats() {
    return total;
  }

  long weightSpaceBytes() {
    return weights.floats() * 4;
  }

  DeviceBuffer params() {
    return params;
  }

  DeviceBuffer grads() {
    return grads;
  }

  DevicePointer weightSpace(DeviceBuffer buf) {
    return buf.slice(0, weights.floats() * 4);
  }

  DevicePointer decoderWeight(DeviceBuffer buf) {
    return buf.slice(decoderWeight * 4, (long) config.classes() * config.featureSize() * 4);
  }

  DevicePointer decoderBias(DeviceBuffer buf) {
    return buf.slice(decoderBias * 4, (long) config.classes() * 4);
  }

  /** The embedding the forward pass reads. */
  DevicePointer embeddingWeights() {
    long bytes = (long) config.vocabSize() * config.embedSize() * 4;
    return frozenEmbedding != null ? frozenEmbedding.slice(0, bytes) : params.slice(embedding * 4, bytes);
  }

  /** The embedding gradient, or null when the embedding is frozen. */
  DevicePointer embeddingGrad() {
    long bytes = (long) config.vocabSize() * config.embedSize() * 4;
    return embedding < 0 ? null : grads.slice(embedding * 4, bytes);
  }

  /** Uploads every tensor of {@code p} (validated against the layout). */
  void upload(Parameters p, CudaStream s) {
    p.checkMatches(layout, false);
    Transfers.toDevice(pack(p, ""), 0, (int) total, params.ptr(), s);
    if (frozenEmbedding != null) {
      float[] emb = p.get(ParameterLayout.EMBEDDING).data();
      Transfers.toDevice(emb, 0, emb.length, frozenEmbedding.ptr(), s);
    }
  }

  /** Downloads every parameter tensor, frozen ones included. */
  Parameters download(CudaStream s) {
    Parameters flat = downloadFlat(params, "", s);
    Parameters out = new Parameters();
    for (ParamSpec spec : layout.specs()) {
      if (spec.trainable()) {
        out.put(spec.name(), flat.get(spec.name()));
      } else {
        float[] emb = new float[spec.size()];
        Transfers.toHost(frozenEmbedding.ptr(), emb, 0, emb.length, s);
        out.put(spec.name(), Tensor.wrap(spec.shape(), emb));
      }
    }
    return out;
  }

  /** The trainable tensors held in a flat buffer (params, grads, or an Adam moment), names prefixed. */
  Parameters downloadFlat(DeviceBuffer buf, String prefix, CudaStream s) {
    float[] image = new float[(int) total];
    Transfers.toHost(buf.ptr(), image, 0, (int) total, s);
    Parameters out = new Parameters();
    Parameters rnn = new Parameters();
    weights.unpack(image, 0, rnn, "");
    for (ParamSpec spec : layout.trainable()) {
      float[] data;
      if (rnn.contains(spec.name())) {
        data = rnn.get(spec.name()).data();
      } else {
        data = new float[spec.size()];
        System.arraycopy(image, (int) offsetOf(spec.name()), data, 0, spec.size());
      }
      out.put(prefix + spec.name(), Tensor.wrap(spec.shape(), data));
    }
    return out;
  }

  /** Uploads trainable tensors named {@code prefix + name} into a flat buffer. */
  void uploadFlat(Parameters p, String prefix, DeviceBuffer buf, CudaStream s) {
    Transfers.toDevice(pack(p, prefix), 0, (int) total, buf.ptr(), s);
  }

  private float[] pack(Parameters p, String prefix) {
    float[] image = new float[(int) total];
    Parameters unprefixed = new Parameters();
    for (ParamSpec spec : layout.trainable()) {
      Tensor t = p.get(prefix + spec.name());
      if (!t.sameShape(spec.shape())) {
        throw new IllegalArgumentException("tensor '" + prefix + spec.name() + "' has the wrong shape");
      }
      unprefixed.put(spec.name(), t);
    }
    weights.pack(unprefixed, image, 0);
    for (String name : new String[] {ParameterLayout.DECODER_WEIGHT, ParameterLayout.DECODER_BIAS,
        ParameterLayout.EMBEDDING}) {
      if (layout.spec(name).trainable()) {
        float[] src = unprefixed.get(name).data();
        System.arraycopy(src, 0, image, (int) offsetOf(name), src.length);
      }
    }
    return image;
  }

  private long offsetOf(String name) {
    return switch (name) {
      case ParameterLayout.DECODER_WEIGHT -> decoderWeight;
      case ParameterLayout.DECODER_BIAS -> decoderBias;
      case ParameterLayout.EMBEDDING -> embedding;
      default -> throw new IllegalStateException("no flat offset for " + name);
    };
  }

  @Override
  public void close() {
    closer.close();
  }
}

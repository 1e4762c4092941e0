/*
 * Dimension key: B batch, T padded length, V vocabulary, E embedding (= 2H, the head's input),
 * C classes.
 */
package org.rnn4j.testing;

import org.apache.commons.math3.random.MersenneTwister;
import org.apache.commons.math3.random.RandomGenerator;
import org.rnn4j.model.Batch;
import org.rnn4j.model.AdamConfig;
import org.rnn4j.model.Initializer;
import org.rnn4j.model.Model;
import org.rnn4j.model.ModelConfig;
import org.rnn4j.model.Optimizer;
import org.rnn4j.model.ParameterLayout;
import org.rnn4j.model.Parameters;
import org.rnn4j.model.StepResult;

/**
 * A small but real {@link Model} for trainer and checkpoint tests until the LSTM backends exist:
 * logistic regression on the mean of a review's embeddings, with dropout on that mean.
 *
 * <pre>
 * x = mean_{t < len} embedding[id_t]         [E]
 * f = x * mask, mask_e = 0 w.p. p else 1/(1-p)   (training mode only)
 * z = decoder.weight f + decoder.bias        [C]
 * loss = mean_b (logsumexp(z) - z[y])
 * </pre>
 *
 * It uses the real {@link ParameterLayout} (one unidirectional layer with H = E/2, so that the
 * decoder's input width 2H equals E); the encoder tensors exist but are unused, so their gradients
 * are zero. Arithmetic is in double, gradients are exact (checked by finite differences).
 */
public final class LogisticBagModel implements Model {
  private final ModelConfig config;
  private final ParameterLayout layout;
  private final Parameters params;
  private final Parameters grads;
  private RandomGenerator dropoutRng;
  private boolean training;
  private boolean closed;

  public LogisticBagModel(ModelConfig config, long seed) {
    if (config.layers() != 1 || config.bidirectional() || config.embedSize() != config.featureSize()) {
      throw new IllegalArgumentException("LogisticBagModel needs 1 unidirectional layer and E = 2H: "
          + config);
    }
    this.config = config;
    this.layout = ParameterLayout.of(config);
    this.params = Initializer.pytorchDefault(layout, seed);
    this.grads = Parameters.zeros(layout, true);
    this.dropoutRng = new MersenneTwister(~seed);
  }

  /** A configuration this model accepts: V words, E = embed (even), 2 classes. */
  public static ModelConfig config(int vocab, int embed, boolean trainEmbedding, double dropout) {
    return new ModelConfig(vocab, embed, trainEmbedding, embed / 2, 1, false, dropout, 2);
  }

  @Override
  public ModelConfig config() {
    return config;
  }

  @Override
  public ParameterLayout layout() {
    return layout;
  }

  @Override
  public String backend() {
    return "test";
  }

  @Override
  public void setTraining(boolean training) {
    open();
    this.training = training;
  }

  @Override
  public boolean isTraining() {
    return training;
  }

  @Override
  public void reseedDropout(long seed) {
    open();
    dropoutRng = new MersenneTwister(seed);
  }

  @Override
  public float[] logits(Batch batch) {
    open();
    int c = config.classes();
    float[] out = new float[batch.size() * c];
    for (int b = 0; b < batch.size(); b++) {
      double[] z = forward(batch, b).z;
      for (int k = 0; k < c; k++) {
        out[b * c + k] = (float) z[k];
      }
    }
    return out;
  }

  @Override
  public StepResult forwardBackward(Batch batch) {
    open();
    if (batch.labels() == null) {
      throw new IllegalArgumentException("forwardBackward needs labels");
    }
    int e = config.embedSize();
    int c = config.classes();
    float[] w = params.get(ParameterLayout.DECODER_WEIGHT).data();
    double[] dw = new double[c * e];
    double[] db = new double[c];
    double[] demb = config.trainEmbedding() ? new double[config.vocabSize() * e] : null;
    double lossSum = 0;
    int correct = 0;
    int n = batch.size();
    for (int b = 0; b < n; b++) {
      Sample s = forward(batch, b);
      int y = batch.labels()[b];
      lossSum += s.loss(y);
      correct += s.argmax() == y ? 1 : 0;
      double[] dz = s.softmax();
      dz[y] -= 1;
      double[] df = new double[e];
      for (int k = 0; k < c; k++) {
        dz[k] /= n;
        db[k] += dz[k];
        for (int j = 0; j < e; j++) {
          dw[k * e + j] += dz[k] * s.f[j];
          df[j] += w[k * e + j] * dz[k];
        }
      }
      if (demb != null) {
        int len = batch.lengths()[b];
        for (int t = 0; t < len; t++) {
          int id = batch.id(b, t);
          for (int j = 0; j < e; j++) {
            demb[id * e + j] += df[j] * s.mask[j] / len;
          }
        }
      }
    }
    store(ParameterLayout.DECODER_WEIGHT, dw);
    store(ParameterLayout.DECODER_BIAS, db);
    if (demb != null) {
      store(ParameterLayout.EMBEDDING, demb);
    }
    return StepResult.of(lossSum / n, correct, n);
  }

  @Override
  public Parameters parameters() {
    open();
    return params.copy();
  }

  @Override
  public void setParameters(Parameters p) {
    open();
    p.checkMatches(layout, false);
    for (String name : params.names()) {
      System.arraycopy(p.get(name).data(), 0, params.get(name).data(), 0, params.get(name).size());
    }
  }

  @Override
  public Parameters gradients() {
    open();
    return grads.copy();
  }

  @Override
  public Optimizer newOptimizer(AdamConfig adam) {
    open();
    return new SimpleAdam(layout, params, grads, adam);
  }

  @Override
  public void close() {
    closed = true;
  }

  private void open() {
    if (closed) {
      throw new IllegalStateException("model is closed");
    }
  }

  private void store(String name, double[] g) {
    float[] dst = grads.get(name).data();
    for (int i = 0; i < g.length; i++) {
      dst[i] = (float) g[i];
    }
  }

  private Sample forward(Batch batch, int b) {
    int e = config.embedSize();
    int c = config.classes();
    float[] emb = params.get(ParameterLayout.EMBEDDING).data();
    float[] w = params.get(ParameterLayout.DECODER_WEIGHT).data();
    float[] bias = params.get(ParameterLayout.DECODER_BIAS).data();
    int len = batch.lengths()[b];
    double[] mask = new double[e];
    double[] f = new double[e];
    for (int t = 0; t < len; t++) {
      int id = batch.id(b, t);
      for (int j = 0; j < e; j++) {
        f[j] += emb[id * e + j];
      }
    }
    double p = config.dropout();
    for (int j = 0; j < e; j++) {
      mask[j] = training && p > 0 ? (dropoutRng.nextDouble() < p ? 0 : 1 / (1 - p)) : 1;
      f[j] = f[j] / len * mask[j];
    }
    double[] z = new double[c];
    for (int k = 0; k < c; k++) {
      z[k] = bias[k];
      for (int j = 0; j < e; j++) {
        z[k] += w[k * e + j] * f[j];
      }
    }
    return new Sample(f, mask, z);
  }

  /** One review's features, dropout mask and logits. */
  private record Sample(double[] f, double[] mask, double[] z) {
    int argmax() {
      int a = 0;
      for (int k = 1; k < z.length; k++) {
        if (z[k] > z[a]) {
          a = k;
        }
      }
      return a;
    }

    double[] softmax() {
      double max = z[argmax()];
      double sum = 0;
      double[] p = new double[z.length];
      for (int k = 0; k < z.length; k++) {
        p[k] = Math.exp(z[k] - max);
        sum += p[k];
      }
      for (int k = 0; k < z.length; k++) {
        p[k] /= sum;
      }
      return p;
    }

    double loss(int y) {
      double max = z[argmax()];
      double sum = 0;
      for (double v : z) {
        sum += Math.exp(v - max);
      }
      return max + Math.log(sum) - z[y];
    }
  }
}

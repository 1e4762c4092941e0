/*
 * Dimension key: B batch, T padded length, n = one sample's length, V vocabulary, E embedding,
 * H hidden, L layers, D directions, C classes; DH = D*H is one step's layer output, F the pooled
 * features (2*DH or DH, see {@link org.rnn4j.model.Pooling}).
 */
package org.rnn4j.cpu;

import static org.rnn4j.model.ParameterLayout.biasHh;
import static org.rnn4j.model.ParameterLayout.biasIh;
import static org.rnn4j.model.ParameterLayout.weightHh;
import static org.rnn4j.model.ParameterLayout.weightIh;

import java.util.LinkedHashMap;
import java.util.Map;
import org.rnn4j.model.Batch;
import org.rnn4j.model.BatchChecks;
import org.rnn4j.model.Cell;
import org.rnn4j.model.ModelConfig;
import org.rnn4j.model.ParamSpec;
import org.rnn4j.model.ParameterLayout;
import org.rnn4j.model.Pooling;

/**
 * The model's definition in code, in double precision: embedding with dropout on its output from
 * a given mask, L-layer (bi)directional LSTM, GRU or plain RNN with PyTorch's formulas and gate
 * orders ({@link Cell}), inter-layer dropout from given masks, pooling over each review's true
 * length ({@link Pooling}), linear head, mean softmax cross-entropy, and the exact gradients of
 * that loss by backpropagation through time.
 *
 * <p>Samples are processed one at a time, each over its own length only, so padding cannot
 * influence anything. The code is meant to be read and trusted, not to be fast.
 */
public final class ReferenceRnn {
  private ReferenceRnn() {}

  /**
   * Evaluates the model on a batch.
   *
   * @param config    the model's shape
   * @param weights   every tensor of {@link ParameterLayout#of(ModelConfig)} by name, flat in the
   *                  PyTorch layout (not modified)
   * @param batch     ids, lengths and (for gradients) labels, range-checked like a model's input
   * @param dropout   null for no dropout, else {@code dropout[l][b]} holds the factor (0 or
   *                  {@code 1/(1-p)}) for each of sample b's {@code n*DH} outputs of layer l,
   *                  {@code l < L-1}, at index {@code t*DH + j}
   * @param gradients whether to backpropagate (needs labels)
   */
  public static ReferenceResult evaluate(ModelConfig config, Map<String, double[]> weights, Batch batch,
      double[][][] dropout, boolean gradients) {
    return evaluate(config, weights, batch, null, dropout, gradients);
  }

  /**
   * As {@link #evaluate(ModelConfig, Map, Batch, double[][][], boolean)}, with dropout on the
   * embedding output: {@code embedDropout[b]} holds the factor (0 or {@code 1/(1-p)}) for each of
   * sample b's {@code n*E} embedding outputs at index {@code t*E + k}, or null for none.
   */
  public static ReferenceResult evaluate(ModelConfig config, Map<String, double[]> weights, Batch batch,
      double[][] embedDropout, double[][][] dropout, boolean gradients) {
    checkWeights(config, weights);
    BatchChecks.checkIds(batch, config.vocabSize());
    if (gradients || batch.labels() != null) {
      BatchChecks.checkLabels(batch, config.classes());
    }
    int classes = config.classes();
    int size = batch.size();
    double[] logits = new double[size * classes];
    Map<String, double[]> grads = gradients ? zeroGradients(config) : Map.of();
    double lossSum = 0;
    int correct = 0;
    int[][] maxSteps = new int[size][];
    boolean[][] reluActive = new boolean[size][];
    for (int b = 0; b < size; b++) {
      double[][][] masks = dropout == null ? null : sampleMasks(dropout, b);
      Sample s = new Sample(config, weights, batch, b, embedDropout == null ? null : embedDropout[b], masks);
      s.forward();
      System.arraycopy(s.logits, 0, logits, b * classes, classes);
      maxSteps[b] = s.argMax;
      reluActive[b] = s.reluActive();
      if (batch.labels() != null) {
        int label = batch.labels()[b];
        lossSum += s.lossAndProbabilities(label);
        correct += argMax(s.logits) == label ? 1 : 0;
        if (gradients) {
          s.backward(label, 1.0 / size, grads);
        }
      }
    }
    double loss = batch.labels() == null ? Double.NaN : lossSum / size;
    return new ReferenceResult(logits, loss, correct, grads, maxSteps, reluActive);
  }

  /** Index of the largest value, the lowest such index on ties. */
  static int argMax(double[] v) {
    int best = 0;
    for (int i = 1; i < v.length; i++) {
      if (v[i] > v[best]) {
        best = i;
      }
    }
    return best;
  }

  /** Logistic sigmoid without overflow: for x < 0 it uses exp(x)/(1+exp(x)). */
  static double sigmoid(double x) {
    if (x >= 0) {
      return 1.0 / (1.0 + Math.exp(-x));
    }
    double e = Math.exp(x);
    return e / (1.0 + e);
  }

  private static double[][][] sampleMasks(double[][][] dropout, int b) {
    double[][][] m = new double[dropout.length][][];
    for (int l = 0; l < dropout.length; l++) {
      m[l] = new double[][] {dropout[l][b]};
    }
    return m;
  }

  private static void checkWeights(ModelConfig config, Map<String, double[]> weights) {
    for (ParamSpec s : ParameterLayout.of(config).specs()) {
      double[] w = weights.get(s.name());
      if (w == null || w.length != s.size()) {
        throw new IllegalArgumentException("weights '" + s.name() + "' missing or not of size " + s.size());
      }
    }
  }

  private static Map<String, double[]> zeroGradients(ModelConfig config) {
    Map<String, double[]> g = new LinkedHashMap<>();
    for (ParamSpec s : ParameterLayout.of(config).trainable()) {
      g.put(s.name(), new double[s.size()]);
    }
    return g;
  }

  /** One sample's forward pass, kept for its backward pass. */
  private static final class Sample {
    final ModelConfig config;
    final Map<String, double[]> w;
    final int[] ids;
    final double[][][] masks; // [l][0][t*DH + j], or null
    final double[] embedMask; // [t*E + k], or null
    final double[][][] inputs; // [l][t][in]: what layer l saw, after dropout of layer l-1
    final Direction[][] dirs; // [l][d]
    double[][] top; // [t][DH]: last layer's output
    double[] features; // [F]
    int[] argMax; // [DH]: the step each unit's max came from (max pooling)
    double[] logits; // [C]
    double[] probs; // [C]

    Sample(ModelConfig config, Map<String, double[]> w, Batch batch, int b, double[] embedMask,
        double[][][] masks) {
      this.config = config;
      this.w = w;
      this.masks = masks;
      this.embedMask = embedMask;
      int n = batch.lengths()[b];
      ids = new int[n];
      for (int t = 0; t < n; t++) {
        ids[t] = batch.id(b, t);
      }
      inputs = new double[config.layers()][][];
      dirs = new Direction[config.layers()][config.directions()];
    }

    void forward() {
      int n = ids.length;
      int e = config.embedSize();
      double[] emb = w.get(ParameterLayout.EMBEDDING);
      double[][] x = new double[n][e];
      for (int t = 0; t < n; t++) {
        System.arraycopy(emb, ids[t] * e, x[t], 0, e);
      }
      if (embedMask != null) {
        x = times(x, embedMask);
      }
      for (int l = 0; l < config.layers(); l++) {
        inputs[l] = x;
        double[][] y = new double[n][config.outputSize()];
        for (int d = 0; d < config.directions(); d++) {
          dirs[l][d] = Direction.forward(config, w, l, d == 1, x);
          dirs[l][d].writeOutput(y, d * config.hiddenSize());
        }
        x = l < config.layers() - 1 && masks != null ? times(y, masks[l][0]) : y;
      }
      top = x;
      head();
    }

    private void head() {
      pool();
      double[] wd = w.get(ParameterLayout.DECODER_WEIGHT);
      double[] bd = w.get(ParameterLayout.DECODER_BIAS);
      logits = new double[config.classes()];
      for (int c = 0; c < logits.length; c++) {
        double s = bd[c];
        for (int k = 0; k < features.length; k++) {
          s += wd[c * features.length + k] * features[k];
        }
        logits[c] = s;
      }
    }

    /** The pooled features from the last layer's outputs {@code top [n][DH]}. */
    private void pool() {
      int dh = config.outputSize();
      int n = top.length;
      features = new double[config.featureSize()];
      switch (config.pooling()) {
        case FIRST_LAST -> {
          System.arraycopy(top[0], 0, features, 0, dh);
          System.arraycopy(top[n - 1], 0, features, dh, dh);
        }
        case MAX -> max(0);
        case MEAN -> mean(0);
        case MAX_MEAN -> {
          max(0);
          mean(dh);
        }
      }
    }

    /** features[at + j] = max over t of top[t][j]; the first such t goes to argMax[j]. */
    private void max(int at) {
      int dh = config.outputSize();
      argMax = new int[dh];
      for (int j = 0; j < dh; j++) {
        for (int t = 1; t < top.length; t++) {
          if (top[t][j] > top[argMax[j]][j]) {
            argMax[j] = t;
          }
        }
        features[at + j] = top[argMax[j]][j];
      }
    }

    /** features[at + j] = mean over t of top[t][j]. */
    private void mean(int at) {
      for (int j = 0; j < config.outputSize(); j++) {
        double sum = 0;
        for (double[] row : top) {
          sum += row[j];
        }
        features[at + j] = sum / top.length;
      }
    }

    /** The pooling's gradient: dy [n][DH] from the feature gradient. */
    private double[][] poolBackward(double[] dFeatures) {
      int n = ids.length;
      int dh = config.outputSize();
      double[][] dy = new double[n][dh];
      switch (config.pooling()) {
        case FIRST_LAST -> {
          for (int j = 0; j < dh; j++) {
            dy[0][j] += dFeatures[j];
            dy[n - 1][j] += dFeatures[dh + j];
          }
        }
        case MAX -> maxBackward(dFeatures, 0, dy);
        case MEAN -> meanBackward(dFeatures, 0, dy);
        case MAX_MEAN -> {
          maxBackward(dFeatures, 0, dy);
          meanBackward(dFeatures, dh, dy);
        }
      }
      return dy;
    }

    private void maxBackward(double[] dFeatures, int at, double[][] dy) {
      for (int j = 0; j < config.outputSize(); j++) {
        dy[argMax[j]][j] += dFeatures[at + j];
      }
    }

    private void meanBackward(double[] dFeatures, int at, double[][] dy) {
      for (double[] row : dy) {
        for (int j = 0; j < config.outputSize(); j++) {
          row[j] += dFeatures[at + j] / dy.length;
        }
      }
    }

    /** For the ReLU RNN, whether each unit's pre-activation is positive, by layer, direction, step. */
    boolean[] reluActive() {
      if (config.cell() != Cell.RNN_RELU) {
        return null;
      }
      int hs = config.hiddenSize();
      boolean[] on = new boolean[dirs.length * config.directions() * ids.length * hs];
      int at = 0;
      for (Direction[] layer : dirs) {
        for (Direction d : layer) {
          for (double[] ht : d.h) {
            for (int j = 0; j < hs; j++) {
              on[at++] = ht[j] > 0;
            }
          }
        }
      }
      return on;
    }

    /** This sample's cross-entropy; also fills the softmax probabilities. */
    double lossAndProbabilities(int label) {
      double max = logits[argMax(logits)];
      double sum = 0;
      for (double v : logits) {
        sum += Math.exp(v - max);
      }
      double logSumExp = max + Math.log(sum);
      probs = new double[logits.length];
      for (int c = 0; c < logits.length; c++) {
        probs[c] = Math.exp(logits[c] - logSumExp);
      }
      return logSumExp - logits[label];
    }

    /** Adds {@code scale} times this sample's loss gradient into {@code grads}. */
    void backward(int label, double scale, Map<String, double[]> grads) {
      double[][] dy = poolBackward(headBackward(label, scale, grads));
      int n = ids.length;
      for (int l = config.layers() - 1; l >= 0; l--) {
        double[][] dx = new double[n][inputs[l][0].length];
        for (int d = 0; d < config.directions(); d++) {
          dirs[l][d].backward(config, w, grads, l, d == 1, inputs[l], dy, d * config.hiddenSize(), dx);
        }
        dy = l > 0 && masks != null ? times(dx, masks[l - 1][0]) : dx;
      }
      if (config.trainEmbedding()) {
        if (embedMask != null) {
          dy = times(dy, embedMask);
        }
        double[] g = grads.get(ParameterLayout.EMBEDDING);
        int e = config.embedSize();
        for (int t = 0; t < n; t++) {
          for (int k = 0; k < e; k++) {
            g[ids[t] * e + k] += dy[t][k];
          }
        }
      }
    }

    /** Head gradients; returns the gradient of the features. */
    private double[] headBackward(int label, double scale, Map<String, double[]> grads) {
      double[] wd = w.get(ParameterLayout.DECODER_WEIGHT);
      double[] gw = grads.get(ParameterLayout.DECODER_WEIGHT);
      double[] gb = grads.get(ParameterLayout.DECODER_BIAS);
      int f = features.length;
      double[] dFeatures = new double[f];
      for (int c = 0; c < logits.length; c++) {
        double dLogit = scale * (probs[c] - (c == label ? 1 : 0));
        gb[c] += dLogit;
        for (int k = 0; k < f; k++) {
          gw[c * f + k] += dLogit * features[k];
          dFeatures[k] += dLogit * wd[c * f + k];
        }
      }
      return dFeatures;
    }

    private static double[][] times(double[][] v, double[] mask) {
      double[][] out = new double[v.length][v[0].length];
      for (int t = 0; t < v.length; t++) {
        for (int j = 0; j < v[t].length; j++) {
          out[t][j] = v[t][j] * mask[t * v[t].length + j];
        }
      }
      return out;
    }
  }

  /**
   * One direction of one layer over one sample, by position t: the gate activations (i, f, g, o
   * for the LSTM; r, z, n for the GRU; h itself for a plain RNN), the LSTM's cell state, the GRU's
   * {@code W_hn h_prev + b_hn}, and h.
   */
  private static final class Direction {
    final Cell cell;
    final double[][] gates;
    final double[][] c;
    final double[][] hn;
    final double[][] h;

    private Direction(Cell cell, int n, int hidden) {
      this.cell = cell;
      gates = new double[n][cell.gates() * hidden];
      c = cell == Cell.LSTM ? new double[n][hidden] : null;
      hn = cell == Cell.GRU ? new double[n][hidden] : null;
      h = new double[n][hidden];
    }

    /** Runs the cell over x [n][in], forwards or (reverse) from t = n-1 down to 0, from zero state. */
    static Direction forward(ModelConfig config, Map<String, double[]> w, int layer, boolean reverse,
        double[][] x) {
      int n = x.length;
      int hs = config.hiddenSize();
      double[] wih = w.get(weightIh(layer, reverse));
      double[] whh = w.get(weightHh(layer, reverse));
      double[] bih = w.get(biasIh(layer, reverse));
      double[] bhh = w.get(biasHh(layer, reverse));
      Direction d = new Direction(config.cell(), n, hs);
      double[] hPrev = new double[hs];
      double[] cPrev = new double[hs];
      for (int step = 0; step < n; step++) {
        int t = reverse ? n - 1 - step : step;
        double[] gi = affine(wih, bih, x[t]);
        double[] gh = affine(whh, bhh, hPrev);
        double[] a = d.gates[t];
        double[] ht = d.h[t];
        for (int j = 0; j < hs; j++) {
          switch (d.cell) {
            case LSTM -> {
              a[j] = sigmoid(gi[j] + gh[j]);
              a[hs + j] = sigmoid(gi[hs + j] + gh[hs + j]);
              a[2 * hs + j] = Math.tanh(gi[2 * hs + j] + gh[2 * hs + j]);
              a[3 * hs + j] = sigmoid(gi[3 * hs + j] + gh[3 * hs + j]);
              d.c[t][j] = a[hs + j] * cPrev[j] + a[j] * a[2 * hs + j];
              ht[j] = a[3 * hs + j] * Math.tanh(d.c[t][j]);
            }
            case GRU -> {
              a[j] = sigmoid(gi[j] + gh[j]);
              a[hs + j] = sigmoid(gi[hs + j] + gh[hs + j]);
              d.hn[t][j] = gh[2 * hs + j];
              a[2 * hs + j] = Math.tanh(gi[2 * hs + j] + a[j] * gh[2 * hs + j]);
              ht[j] = (1 - a[hs + j]) * a[2 * hs + j] + a[hs + j] * hPrev[j];
            }
            case RNN_TANH -> ht[j] = a[j] = Math.tanh(gi[j] + gh[j]);
            case RNN_RELU -> ht[j] = a[j] = Math.max(0.0, gi[j] + gh[j]);
          }
        }
        hPrev = ht;
        if (d.c != null) {
          cPrev = d.c[t];
        }
      }
      return d;
    }

    /** {@code W v + b} for a row-major {@code W [rows][v.length]}. */
    private static double[] affine(double[] weight, double[] bias, double[] v) {
      double[] out = new double[bias.length];
      for (int r = 0; r < out.length; r++) {
        double s = bias[r];
        for (int k = 0; k < v.length; k++) {
          s += weight[r * v.length + k] * v[k];
        }
        out[r] = s;
      }
      return out;
    }

    void writeOutput(double[][] y, int column) {
      for (int t = 0; t < h.length; t++) {
        System.arraycopy(h[t], 0, y[t], column, h[t].length);
      }
    }

    /**
     * Backpropagation through time: reads dy[t][column + j], adds this direction's weight
     * gradients into {@code grads} and its input gradient into {@code dx} [n][in].
     */
    void backward(ModelConfig config, Map<String, double[]> w, Map<String, double[]> grads, int layer,
        boolean reverse, double[][] x, double[][] dy, int column, double[][] dx) {
      int n = x.length;
      int hs = config.hiddenSize();
      int width = cell.gates() * hs;
      double[] dhNext = new double[hs];
      double[] dcNext = new double[hs];
      for (int step = n - 1; step >= 0; step--) {
        int t = reverse ? n - 1 - step : step;
        int prev = reverse ? t + 1 : t - 1;
        double[] hPrev = step > 0 ? h[prev] : new double[hs];
        double[] a = gates[t];
        double[] dgi = new double[width]; // gradient of W_ih x + b_ih
        double[] dgh = new double[width]; // gradient of W_hh h_prev + b_hh
        double[] direct = new double[hs]; // the part of dh_prev that bypasses W_hh
        for (int j = 0; j < hs; j++) {
          double dh = dy[t][column + j] + dhNext[j];
          switch (cell) {
            case LSTM -> {
              double cPrev = step > 0 ? c[prev][j] : 0;
              double tc = Math.tanh(c[t][j]);
              double i = a[j];
              double f = a[hs + j];
              double g = a[2 * hs + j];
              double o = a[3 * hs + j];
              double dc = dh * o * (1 - tc * tc) + dcNext[j];
              dgi[j] = dc * g * i * (1 - i);
              dgi[hs + j] = dc * cPrev * f * (1 - f);
              dgi[2 * hs + j] = dc * i * (1 - g * g);
              dgi[3 * hs + j] = dh * tc * o * (1 - o);
              dcNext[j] = dc * f;
              for (int q = 0; q < 4; q++) {
                dgh[q * hs + j] = dgi[q * hs + j];
              }
            }
            case GRU -> {
              double r = a[j];
              double z = a[hs + j];
              double nt = a[2 * hs + j];
              double dn = dh * (1 - z) * (1 - nt * nt);
              double dr = dn * hn[t][j] * r * (1 - r);
              double dz = dh * (hPrev[j] - nt) * z * (1 - z);
              dgi[j] = dgh[j] = dr;
              dgi[hs + j] = dgh[hs + j] = dz;
              dgi[2 * hs + j] = dn;
              dgh[2 * hs + j] = dn * r;
              direct[j] = dh * z;
            }
            case RNN_TANH -> dgi[j] = dgh[j] = dh * (1 - a[j] * a[j]);
            case RNN_RELU -> dgi[j] = dgh[j] = a[j] > 0 ? dh : 0;
          }
        }
        accumulate(grads, layer, reverse, dgi, dgh, x[t], hPrev);
        dhNext = propagate(w, layer, reverse, dgi, dgh, x[t].length, hs, dx[t]);
        for (int j = 0; j < hs; j++) {
          dhNext[j] += direct[j];
        }
      }
    }

    private static void accumulate(Map<String, double[]> grads, int layer, boolean reverse, double[] dgi,
        double[] dgh, double[] x, double[] hPrev) {
      double[] gih = grads.get(weightIh(layer, reverse));
      double[] ghh = grads.get(weightHh(layer, reverse));
      double[] gbi = grads.get(biasIh(layer, reverse));
      double[] gbh = grads.get(biasHh(layer, reverse));
      for (int r = 0; r < dgi.length; r++) {
        for (int k = 0; k < x.length; k++) {
          gih[r * x.length + k] += dgi[r] * x[k];
        }
        for (int k = 0; k < hPrev.length; k++) {
          ghh[r * hPrev.length + k] += dgh[r] * hPrev[k];
        }
        gbi[r] += dgi[r];
        gbh[r] += dgh[r];
      }
    }

    /** Adds W_ih^T dgi into dx; returns W_hh^T dgh, the previous h's gradient through W_hh. */
    private static double[] propagate(Map<String, double[]> w, int layer, boolean reverse, double[] dgi,
        double[] dgh, int in, int hs, double[] dx) {
      double[] wih = w.get(weightIh(layer, reverse));
      double[] whh = w.get(weightHh(layer, reverse));
      double[] dhPrev = new double[hs];
      for (int r = 0; r < dgi.length; r++) {
        for (int k = 0; k < in; k++) {
          dx[k] += wih[r * in + k] * dgi[r];
        }
        for (int k = 0; k < hs; k++) {
          dhPrev[k] += whh[r * hs + k] * dgh[r];
        }
      }
      return dhPrev;
    }
  }
}

package org.rnn4j.cpu;

import java.util.LinkedHashMap;
import java.util.Map;
import org.rnn4j.model.AdamConfig;
import org.rnn4j.model.Optimizer;
import org.rnn4j.model.ParamSpec;
import org.rnn4j.model.ParameterLayout;
import org.rnn4j.model.Parameters;
import org.rnn4j.model.Tensor;

/**
 * {@code torch.optim.Adam} (or {@code torch.optim.AdamW}) over host float arrays, with
 * {@code torch.nn.utils.clip_grad_norm_} before it when {@link AdamConfig#clipNorm()} is
 * positive. Per element, with t the tensor's step count after incrementing and lr its group's
 * learning rate (the embedding's is scaled, see {@link Optimizer}):
 *
 * <pre>
 * Adam:   g = grad + weightDecay * param,  keep = 1
 * AdamW:  g = grad,                        keep = 1 - lr * weightDecay
 * m  = beta1 * m + (1 - beta1) * g
 * v  = beta2 * v + (1 - beta2) * g * g
 * param = param * keep - lr / (1 - beta1^t) * m / (sqrt(v) / sqrt(1 - beta2^t) + eps)
 * </pre>
 *
 * The arithmetic of one element runs in double and is rounded to float when stored, so results
 * agree with PyTorch's float32 to a few units in the last place rather than bit for bit. Frozen
 * tensors have no gradient and are never touched.
 */
public final class CpuAdam implements Optimizer {
  private final HostParameters target;
  private final Map<String, float[]> expAvg = new LinkedHashMap<>();
  private final Map<String, float[]> expAvgSq = new LinkedHashMap<>();
  private AdamConfig config;
  private long step;
  private long embeddingSteps;
  private double embeddingScale = 1;
  private boolean closed;

  CpuAdam(HostParameters target, AdamConfig config) {
    this.target = target;
    this.config = config;
    for (ParamSpec s : target.layout().trainable()) {
      expAvg.put(s.name(), new float[s.size()]);
      expAvgSq.put(s.name(), new float[s.size()]);
    }
  }

  @Override
  public AdamConfig config() {
    return config;
  }

  @Override
  public void step() {
    checkOpen();
    target.checkCanStep();
    if (config.clipNorm() > 0) {
      clipGradients();
    }
    step++;
    for (String name : expAvg.keySet()) {
      long t = step;
      double lr = config.lr();
      if (isEmbedding(name)) {
        if (embeddingScale == 0) {
          continue;
        }
        t = ++embeddingSteps;
        lr *= embeddingScale;
      }
      update(target.parameter(name), target.gradient(name), expAvg.get(name), expAvgSq.get(name),
          lr, t);
    }
  }

  private static boolean isEmbedding(String name) {
    return ParameterLayout.EMBEDDING.equals(name);
  }

  /** Whether {@code name} takes part in this step (a frozen embedding does not). */
  private boolean stepping(String name) {
    return !isEmbedding(name) || embeddingScale > 0;
  }

  private void update(float[] p, float[] g, float[] m, float[] v, double lr, long t) {
    double b1 = config.beta1();
    double b2 = config.beta2();
    double eps = config.eps();
    double stepSize = lr / (1 - Math.pow(b1, t));
    double bias2Sqrt = Math.sqrt(1 - Math.pow(b2, t));
    boolean decoupled = config.decoupledWeightDecay();
    double l2 = decoupled ? 0 : config.weightDecay();
    double keep = decoupled ? 1 - lr * config.weightDecay() : 1;
    for (int i = 0; i < p.length; i++) {
      double grad = g[i] + l2 * p[i];
      double mi = b1 * m[i] + (1 - b1) * grad;
      double vi = b2 * v[i] + (1 - b2) * grad * grad;
      m[i] = (float) mi;
      v[i] = (float) vi;
      double denom = Math.sqrt(v[i]) / bias2Sqrt + eps;
      p[i] = (float) (p[i] * keep - stepSize * m[i] / denom);
    }
  }

  /** clip_grad_norm_: one L2 norm over all trainable gradients, scaled down to clipNorm if above. */
  private void clipGradients() {
    double sumSq = 0;
    for (String name : expAvg.keySet()) {
      if (!stepping(name)) {
        continue; // a frozen tensor has no gradient to clip, as in clip_grad_norm_
      }
      for (float x : target.gradient(name)) {
        sumSq += (double) x * x;
      }
    }
    double coef = config.clipNorm() / (Math.sqrt(sumSq) + 1e-6);
    if (coef < 1) {
      float c = (float) coef;
      for (String name : expAvg.keySet()) {
        if (!stepping(name)) {
          continue;
        }
        float[] g = target.gradient(name);
        for (int i = 0; i < g.length; i++) {
          g[i] *= c;
        }
      }
    }
  }

  @Override
  public long stepCount() {
    checkOpen();
    return step;
  }

  @Override
  public Parameters state() {
    checkOpen();
    Parameters p = new Parameters();
    for (String name : expAvg.keySet()) {
      int[] shape = target.layout().spec(name).shape();
      p.put(Optimizer.expAvg(name), Tensor.of(shape, expAvg.get(name)));
      p.put(Optimizer.expAvgSq(name), Tensor.of(shape, expAvgSq.get(name)));
    }
    return p;
  }

  @Override
  public long embeddingStepCount() {
    checkOpen();
    return expAvg.containsKey(ParameterLayout.EMBEDDING) ? embeddingSteps : step;
  }

  @Override
  public void loadState(Parameters state, long stepCount, long embeddingStepCount) {
    checkOpen();
    if (stepCount < 0 || embeddingStepCount < 0 || embeddingStepCount > stepCount) {
      throw new IllegalArgumentException("step counts must be non-negative, the embedding's at "
          + "most the optimizer's; got " + stepCount + " and " + embeddingStepCount);
    }
    if (state.count() != 2 * expAvg.size()) {
      throw new IllegalArgumentException("optimizer state has " + state.count() + " tensors, expected "
          + 2 * expAvg.size() + " (exp_avg and exp_avg_sq of each trainable tensor): " + state.names());
    }
    for (String name : expAvg.keySet()) {
      int[] shape = target.layout().spec(name).shape();
      for (String key : new String[] {Optimizer.expAvg(name), Optimizer.expAvgSq(name)}) {
        if (!state.get(key).sameShape(shape)) {
          throw new IllegalArgumentException("optimizer state '" + key + "' has shape "
              + java.util.Arrays.toString(state.get(key).shape()) + ", expected "
              + java.util.Arrays.toString(shape));
        }
      }
    }
    for (String name : expAvg.keySet()) {
      copy(state.get(Optimizer.expAvg(name)), expAvg.get(name));
      copy(state.get(Optimizer.expAvgSq(name)), expAvgSq.get(name));
    }
    step = stepCount;
    embeddingSteps = embeddingStepCount;
  }

  @Override
  public void setLearningRate(double lr) {
    checkOpen();
    config = config.withLr(lr);
  }

  @Override
  public void setEmbeddingLrScale(double scale) {
    checkOpen();
    embeddingScale = Optimizer.checkLrScale(scale);
  }

  @Override
  public double embeddingLrScale() {
    return embeddingScale;
  }

  @Override
  public void close() {
    closed = true;
  }

  private void checkOpen() {
    if (closed) {
      throw new IllegalStateException("this optimizer is closed");
    }
  }

  private static void copy(Tensor src, float[] dst) {
    System.arraycopy(src.data(), 0, dst, 0, dst.length);
  }
}

package org.rnn4j.cpu;

import java.util.LinkedHashMap;
import java.util.Map;
import org.rnn4j.model.AdamConfig;
import org.rnn4j.model.Optimizer;
import org.rnn4j.model.ParamSpec;
import org.rnn4j.model.Parameters;
import org.rnn4j.model.Tensor;

/**
 * {@code torch.optim.Adam} over host float arrays, with {@code torch.nn.utils.clip_grad_norm_}
 * before it when {@link AdamConfig#clipNorm()} is positive. Per element, with t the step count
 * after incrementing:
 *
 * <pre>
 * g  = grad + weightDecay * param
 * m  = beta1 * m + (1 - beta1) * g
 * v  = beta2 * v + (1 - beta2) * g * g
 * param -= lr / (1 - beta1^t) * m / (sqrt(v) / sqrt(1 - beta2^t) + eps)
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
    double bias1 = 1 - Math.pow(config.beta1(), step);
    double bias2Sqrt = Math.sqrt(1 - Math.pow(config.beta2(), step));
    double stepSize = config.lr() / bias1;
    for (String name : expAvg.keySet()) {
      update(target.parameter(name), target.gradient(name), expAvg.get(name), expAvgSq.get(name),
          stepSize, bias2Sqrt);
    }
  }

  private void update(float[] p, float[] g, float[] m, float[] v, double stepSize, double bias2Sqrt) {
    double b1 = config.beta1();
    double b2 = config.beta2();
    double wd = config.weightDecay();
    double eps = config.eps();
    for (int i = 0; i < p.length; i++) {
      double grad = g[i] + wd * p[i];
      double mi = b1 * m[i] + (1 - b1) * grad;
      double vi = b2 * v[i] + (1 - b2) * grad * grad;
      m[i] = (float) mi;
      v[i] = (float) vi;
      double denom = Math.sqrt(v[i]) / bias2Sqrt + eps;
      p[i] = (float) (p[i] - stepSize * m[i] / denom);
    }
  }

  /** clip_grad_norm_: one L2 norm over all trainable gradients, scaled down to clipNorm if above. */
  private void clipGradients() {
    double sumSq = 0;
    for (String name : expAvg.keySet()) {
      for (float x : target.gradient(name)) {
        sumSq += (double) x * x;
      }
    }
    double coef = config.clipNorm() / (Math.sqrt(sumSq) + 1e-6);
    if (coef < 1) {
      float c = (float) coef;
      for (String name : expAvg.keySet()) {
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
  public void loadState(Parameters state, long stepCount) {
    checkOpen();
    if (stepCount < 0) {
      throw new IllegalArgumentException("step count must be non-negative, got " + stepCount);
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
  }

  @Override
  public void setLearningRate(double lr) {
    checkOpen();
    config = config.withLr(lr);
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

package org.rnn4j.model;

/**
 * Adam with PyTorch's semantics ({@code torch.optim.Adam}): bias-corrected moments, L2 weight decay
 * added to the gradient (not AdamW), eps added after the square root. Optional global-norm gradient
 * clipping ({@code torch.nn.utils.clip_grad_norm_}) runs before the update when {@code clipNorm > 0}.
 */
public record AdamConfig(double lr, double beta1, double beta2, double eps, double weightDecay,
    double clipNorm) {

  public AdamConfig {
    if (!(lr > 0)) {
      throw new IllegalArgumentException("lr must be positive, got " + lr);
    }
    if (!(beta1 >= 0 && beta1 < 1) || !(beta2 >= 0 && beta2 < 1)) {
      throw new IllegalArgumentException("betas must be in [0, 1), got " + beta1 + ", " + beta2);
    }
    if (!(eps > 0)) {
      throw new IllegalArgumentException("eps must be positive, got " + eps);
    }
    if (!(weightDecay >= 0)) {
      throw new IllegalArgumentException("weightDecay must be non-negative, got " + weightDecay);
    }
    if (!(clipNorm >= 0)) {
      throw new IllegalArgumentException("clipNorm must be non-negative (0 = off), got " + clipNorm);
    }
  }

  /** PyTorch's defaults: lr 1e-3, betas (0.9, 0.999), eps 1e-8, no weight decay, no clipping. */
  public static AdamConfig defaults() {
    return new AdamConfig(1e-3, 0.9, 0.999, 1e-8, 0.0, 0.0);
  }

  public AdamConfig withLr(double v) {
    return new AdamConfig(v, beta1, beta2, eps, weightDecay, clipNorm);
  }

  public AdamConfig withClipNorm(double v) {
    return new AdamConfig(lr, beta1, beta2, eps, weightDecay, v);
  }

  public AdamConfig withWeightDecay(double v) {
    return new AdamConfig(lr, beta1, beta2, eps, v, clipNorm);
  }
}

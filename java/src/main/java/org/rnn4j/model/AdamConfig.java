package org.rnn4j.model;

/**
 * Adam with PyTorch's semantics: {@code torch.optim.Adam} (bias-corrected moments, eps added after
 * the square root, weight decay as L2 added to the gradient) or, with
 * {@code decoupledWeightDecay}, {@code torch.optim.AdamW} (each step first shrinks the weights,
 * {@code p -= lr * weightDecay * p}, and the gradient stays as it is). Optional global-norm
 * gradient clipping ({@code torch.nn.utils.clip_grad_norm_}) runs before the update when
 * {@code clipNorm > 0}.
 *
 * @param lr                   the learning rate (a schedule changes it through
 *                             {@link Optimizer#setLearningRate})
 * @param beta1                first-moment decay
 * @param beta2                second-moment decay
 * @param eps                  added to the bias-corrected root of the second moment
 * @param weightDecay          L2 coefficient (Adam) or decoupled decay rate (AdamW), 0 = none
 * @param clipNorm             global gradient-norm limit, 0 = no clipping
 * @param decoupledWeightDecay AdamW's decoupled weight decay instead of Adam's L2 term
 */
public record AdamConfig(double lr, double beta1, double beta2, double eps, double weightDecay,
    double clipNorm, boolean decoupledWeightDecay) {

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

  /** Plain Adam (L2 weight decay), as before AdamW existed. */
  public AdamConfig(double lr, double beta1, double beta2, double eps, double weightDecay,
      double clipNorm) {
    this(lr, beta1, beta2, eps, weightDecay, clipNorm, false);
  }

  /** PyTorch's defaults: lr 1e-3, betas (0.9, 0.999), eps 1e-8, no weight decay, no clipping. */
  public static AdamConfig defaults() {
    return new AdamConfig(1e-3, 0.9, 0.999, 1e-8, 0.0, 0.0, false);
  }

  /**
   * {@code torch.optim.AdamW}'s defaults with learning rate {@code lr}: weight decay 0.01,
   * decoupled; betas (0.9, 0.999), eps 1e-8, no clipping.
   */
  public static AdamConfig adamW(double lr) {
    return new AdamConfig(lr, 0.9, 0.999, 1e-8, 0.01, 0.0, true);
  }

  public AdamConfig withLr(double v) {
    return new AdamConfig(v, beta1, beta2, eps, weightDecay, clipNorm, decoupledWeightDecay);
  }

  public AdamConfig withClipNorm(double v) {
    return new AdamConfig(lr, beta1, beta2, eps, weightDecay, v, decoupledWeightDecay);
  }

  public AdamConfig withWeightDecay(double v) {
    return new AdamConfig(lr, beta1, beta2, eps, v, clipNorm, decoupledWeightDecay);
  }

  /** AdamW ({@code true}) or Adam's L2 weight decay ({@code false}). */
  public AdamConfig withDecoupledWeightDecay(boolean v) {
    return new AdamConfig(lr, beta1, beta2, eps, weightDecay, clipNorm, v);
  }
}

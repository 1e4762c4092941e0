package org.rnn4j.train;

import java.util.Locale;

/**
 * How the learning rate changes over a run: a multiple of the optimizer's base rate for every
 * optimizer step, computed by the {@link Trainer} before each step from the run's step count
 * (saved in checkpoints, so a resumed run continues the schedule exactly).
 *
 * <ul>
 *   <li>warm-up (any kind): steps {@code 0 .. warmupSteps-1} use {@code (s + 1) / warmupSteps};</li>
 *   <li>{@code CONSTANT}: 1 after the warm-up;</li>
 *   <li>{@code COSINE}: from 1 down to {@code floor} along half a cosine over the steps left
 *       after the warm-up, {@code floor + (1 - floor) (1 + cos(pi p)) / 2} with p from 0 to 1
 *       ({@code torch.optim.lr_scheduler.CosineAnnealingLR} with {@code eta_min = floor * lr});</li>
 *   <li>{@code STEP}: {@code factor^floor((epoch - 1) / everyEpochs)} ({@code StepLR} by epoch).</li>
 * </ul>
 *
 * @param kind        the shape after the warm-up
 * @param warmupSteps linear warm-up steps, 0 for none
 * @param floor       COSINE's final multiple, in (0, 1] (a rate of 0 would be no step at all)
 * @param everyEpochs STEP's period in epochs, at least 1
 * @param factor      STEP's multiplier per period, in (0, 1]
 */
public record LrSchedule(Kind kind, long warmupSteps, double floor, int everyEpochs, double factor) {

  /** The shape after the warm-up. */
  public enum Kind { CONSTANT, COSINE, STEP }

  public LrSchedule {
    if (kind == null) {
      throw new IllegalArgumentException("the schedule kind must not be null");
    }
    if (warmupSteps < 0) {
      throw new IllegalArgumentException("warm-up steps must be non-negative, got " + warmupSteps);
    }
    if (kind == Kind.COSINE && !(floor > 0 && floor <= 1)) {
      throw new IllegalArgumentException("the cosine floor must be in (0, 1], got " + floor);
    }
    if (everyEpochs < 1) {
      throw new IllegalArgumentException("the step period must be at least 1 epoch, got " + everyEpochs);
    }
    if (!(factor > 0 && factor <= 1)) {
      throw new IllegalArgumentException("the step factor must be in (0, 1], got " + factor);
    }
  }

  /** The base rate throughout (the default, and the tutorial's). */
  public static LrSchedule constant() {
    return new LrSchedule(Kind.CONSTANT, 0, 0, 1, 1);
  }

  /** Warm-up for {@code warmupSteps}, then cosine decay to {@code floor} times the base rate. */
  public static LrSchedule cosine(long warmupSteps, double floor) {
    return new LrSchedule(Kind.COSINE, warmupSteps, floor, 1, 1);
  }

  /** The base rate times {@code factor} after every {@code everyEpochs} epochs. */
  public static LrSchedule step(int everyEpochs, double factor) {
    return new LrSchedule(Kind.STEP, 0, 0, everyEpochs, factor);
  }

  public LrSchedule withWarmupSteps(long v) {
    return new LrSchedule(kind, v, floor, everyEpochs, factor);
  }

  /** Whether every multiple is 1 (the trainer then leaves the optimizer's rate alone). */
  public boolean isConstant() {
    return kind == Kind.CONSTANT && warmupSteps == 0
        || kind == Kind.STEP && warmupSteps == 0 && factor == 1;
  }

  /**
   * The multiple of the base rate for the update with 0-based index {@code step} of a run of
   * {@code totalSteps} updates, taken in 1-based {@code epoch}.
   */
  public double multiple(long step, long totalSteps, int epoch) {
    if (step < warmupSteps) {
      return (step + 1) / (double) warmupSteps;
    }
    return switch (kind) {
      case CONSTANT -> 1;
      case COSINE -> {
        long span = Math.max(1, totalSteps - warmupSteps - 1);
        double p = Math.min(1, (step - warmupSteps) / (double) span);
        yield floor + (1 - floor) * 0.5 * (1 + Math.cos(Math.PI * p));
      }
      case STEP -> Math.pow(factor, (epoch - 1) / everyEpochs);
    };
  }

  /** For logs, e.g. {@code cosine (warm-up 200 steps, floor 0.05)}. */
  public String describe() {
    String warm = warmupSteps > 0 ? "warm-up " + warmupSteps + " steps" : "";
    return switch (kind) {
      case CONSTANT -> warm.isEmpty() ? "constant" : "constant after " + warm;
      case COSINE -> String.format(Locale.ROOT, "cosine (%sfloor %s)", warm.isEmpty() ? "" : warm
          + ", ", floor);
      case STEP -> String.format(Locale.ROOT, "step (x%s every %d epoch%s%s)", factor, everyEpochs,
          everyEpochs == 1 ? "" : "s", warm.isEmpty() ? "" : ", " + warm);
    };
  }
}

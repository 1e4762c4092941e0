package org.rnn4j.examples;

import java.util.Locale;
import org.rnn4j.train.LrSchedule;

/**
 * {@code --schedule} as text: {@code constant[:WARMUP]}, {@code cosine[:WARMUP[:FLOOR]]} or
 * {@code step[:EVERY[:FACTOR[:WARMUP]]]}, with WARMUP in optimizer steps, FLOOR the cosine's final
 * multiple of the rate (default 0.05), EVERY the step period in epochs (default 1) and FACTOR its
 * multiplier (default 0.5). Checkpoints store the full form, which parses back to the same
 * schedule.
 */
final class ScheduleOption {
  private ScheduleOption() {}

  static LrSchedule parse(String text) {
    String[] f = text.trim().toLowerCase(Locale.ROOT).split(":", -1);
    try {
      return switch (f[0]) {
        case "constant" -> {
          arity(f, 2, text);
          yield LrSchedule.constant().withWarmupSteps(f.length > 1 ? Long.parseLong(f[1]) : 0);
        }
        case "cosine" -> {
          arity(f, 3, text);
          yield LrSchedule.cosine(f.length > 1 ? Long.parseLong(f[1]) : 0,
              f.length > 2 ? Double.parseDouble(f[2]) : 0.05);
        }
        case "step" -> {
          arity(f, 4, text);
          yield LrSchedule.step(f.length > 1 ? Integer.parseInt(f[1]) : 1,
              f.length > 2 ? Double.parseDouble(f[2]) : 0.5)
              .withWarmupSteps(f.length > 3 ? Long.parseLong(f[3]) : 0);
        }
        default -> throw new UsageException("--schedule " + text + ": use constant[:WARMUP], "
            + "cosine[:WARMUP[:FLOOR]] or step[:EVERY[:FACTOR[:WARMUP]]]");
      };
    } catch (NumberFormatException e) {
      throw new UsageException("--schedule " + text + ": not a number in it (" + e.getMessage() + ")");
    } catch (IllegalArgumentException e) {
      throw new UsageException("--schedule " + text + ": " + e.getMessage());
    }
  }

  /** The full form of {@code s}, which {@link #parse} reads back as {@code s}. */
  static String format(LrSchedule s) {
    return switch (s.kind()) {
      case CONSTANT -> "constant:" + s.warmupSteps();
      case COSINE -> "cosine:" + s.warmupSteps() + ":" + s.floor();
      case STEP -> "step:" + s.everyEpochs() + ":" + s.factor() + ":" + s.warmupSteps();
    };
  }

  private static void arity(String[] f, int max, String text) {
    if (f.length > max) {
      throw new UsageException("--schedule " + text + ": " + f[0] + " takes at most " + (max - 1)
          + " values after it");
    }
  }
}

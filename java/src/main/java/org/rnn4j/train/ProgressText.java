package org.rnn4j.train;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/**
 * The text of training progress: the plain line of {@link ProgressLog} and the terminal bar of
 * {@link ProgressDisplay}, which fits a given width by shrinking the bar first (then leaving out
 * the time left, the accuracy and the epoch), so the loss and the throughput stay readable.
 */
final class ProgressText {
  /** Narrowest bar worth drawing (inside the brackets). */
  static final int MIN_BAR = 5;
  /** Widest bar drawn, so that a wide terminal does not get a line of '=' only. */
  static final int MAX_BAR = 30;

  private ProgressText() {}

  /**
   * The plain line, e.g.
   * {@code epoch 1/2  40% 156/391 batches  loss 0.5321  acc 72.4%  612 rev/s  3m12s left}.
   */
  static String line(BatchProgress p) {
    return String.join("  ", task(p.epoch(), p.epochs()) + " " + percent(p) + " " + p.step() + "/"
        + p.steps() + " batches", loss(p), accuracy(p), speed(p), time(p));
  }

  /** The terminal line at most {@code width} characters wide. */
  static String bar(BatchProgress p, int width) {
    return fit(width, p.fraction(), task(p.epoch(), p.epochs()), percent(p),
        p.step() + "/" + p.steps(), loss(p), accuracy(p), speed(p), time(p));
  }

  /** The terminal line before the epoch's first result has been read. */
  static String barBeforeFirstStep(int epoch, int epochs, int steps, int width) {
    return fit(width, 0, task(epoch, epochs), "  0%", "0/" + steps, null, null, null, null);
  }

  /**
   * A compact duration: {@code 45s}, {@code 3m12s}, {@code 1h02m}; {@code ?} when unknown.
   */
  static String duration(double seconds) {
    if (!(seconds >= 0) || Double.isInfinite(seconds)) {
      return "?";
    }
    long s = Math.round(seconds);
    if (s < 60) {
      return s + "s";
    }
    if (s < 3600) {
      return String.format(Locale.ROOT, "%dm%02ds", s / 60, s % 60);
    }
    return String.format(Locale.ROOT, "%dh%02dm", s / 3600, s % 3600 / 60);
  }

  /**
   * Lays out {@code task [bar] percent ratio loss acc speed time} in {@code width}: the bar takes
   * what is left; without room for {@link #MIN_BAR} it goes, then time, accuracy and task go in
   * that order; only a line still too wide is cut.
   */
  private static String fit(int width, double fraction, String task, String percent, String ratio,
      String loss, String acc, String speed, String time) {
    List<String> parts = new ArrayList<>(Arrays.asList(task, null, percent, ratio, loss, acc, speed, time));
    int room = width - join(parts).length() - 3; // the brackets and the bar's space
    if (room >= MIN_BAR) {
      parts.set(1, drawBar(fraction, Math.min(room, MAX_BAR)));
      return join(parts);
    }
    for (int drop : new int[] {7, 5, 0}) { // time left, accuracy, epoch
      if (join(parts).length() <= width) {
        break;
      }
      parts.set(drop, null);
    }
    String s = join(parts);
    return s.length() <= width ? s : s.substring(0, Math.max(0, width));
  }

  private static String drawBar(double fraction, int inner) {
    int full = (int) Math.floor(Math.max(0, Math.min(1, fraction)) * inner);
    StringBuilder sb = new StringBuilder(inner + 2).append('[');
    sb.append("=".repeat(full));
    if (full < inner) {
      sb.append('>').append(" ".repeat(inner - full - 1));
    }
    return sb.append(']').toString();
  }

  private static String join(List<String> parts) {
    StringBuilder sb = new StringBuilder();
    for (String s : parts) {
      if (s != null) {
        if (sb.length() > 0) {
          sb.append(' ');
        }
        sb.append(s);
      }
    }
    return sb.toString();
  }

  private static String task(int epoch, int epochs) {
    return "epoch " + epoch + "/" + epochs;
  }

  /** Rounded, but 100% only at the last step. */
  private static String percent(BatchProgress p) {
    long pct = p.lastStep() ? 100 : Math.min(99, Math.round(100 * p.fraction()));
    return String.format(Locale.ROOT, "%3d%%", pct);
  }

  private static String loss(BatchProgress p) {
    return String.format(Locale.ROOT, "loss %.4f", p.epochLoss());
  }

  private static String accuracy(BatchProgress p) {
    return String.format(Locale.ROOT, "acc %.1f%%", 100 * p.epochAccuracy());
  }

  private static String speed(BatchProgress p) {
    return String.format(Locale.ROOT, "%.0f rev/s", p.reviewsPerSecond());
  }

  private static String time(BatchProgress p) {
    return p.lastStep() ? "took " + duration(p.elapsedSeconds())
        : duration(p.secondsLeft()) + " left";
  }
}
